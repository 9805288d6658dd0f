package pmcsv

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// The file names inside a folder, and inside the zip the Writer produces.
const (
	EntitiesFile      = "entities.csv"
	RelationshipsFile = "relationships.csv"
)

// Column names, in the order the writer puts them.
var (
	entityColumns       = []string{"id", "kind", "name", "labels", "ours", "private", "title", "party", "chamber", "district", "org_type", "email", "phone", "notes", "source_url", "aliases"}
	relationshipColumns = []string{"id", "source", "target", "type", "strength", "since", "until", "amount", "date", "source_url", "notes"}
	entityRequired      = []string{"id", "kind", "name"}
	relRequired         = []string{"source", "target", "type"}
)

const propPrefix = "prop:"

// propColumn is the header under which property key is written: the key
// itself, unless reading it back would take it for a known column.
func propColumn(key string, known []string) string {
	low := strings.ToLower(strings.TrimSpace(key))
	if key != strings.TrimSpace(key) || strings.HasPrefix(low, propPrefix) || slices.Contains(known, low) {
		return propPrefix + key
	}
	return key
}

// columnKind tells what a header cell names: a known column (its canonical
// name), or a property (its key).
func columnKind(h string, known []string) (column, prop string) {
	if len(h) >= len(propPrefix) && strings.EqualFold(h[:len(propPrefix)], propPrefix) {
		return "", h[len(propPrefix):]
	}
	low := strings.ToLower(strings.TrimSpace(h))
	if slices.Contains(known, low) {
		return low, ""
	}
	return "", strings.TrimSpace(h)
}

// joinMulti joins labels or aliases with "|", escaping "|" and "\".
func joinMulti(vs []string) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('|')
		}
		for _, c := range v {
			if c == '|' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}

// splitMulti undoes joinMulti. A "\" before any other character, or at the
// end, stands for itself.
func splitMulti(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '|' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case c == '|':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "n", "0", "f":
		return false, true
	case "true", "yes", "y", "1", "t":
		return true, true
	}
	return false, false
}

func formatNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// parseNumber reads a plain decimal number; no thousands separators, no
// currency signs, nothing infinite.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) && r != 'e' && r != 'E' }) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}

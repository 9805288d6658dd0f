package graph

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Byte limits of the text fields of entities and relationships. They are far
// above anything an organizer types or a public data set holds, and keep
// what one record costs bounded whatever a request or an import carries.
// Property values have no limit: importers keep whole source records in
// them (the FEC importer keeps every transaction of a tie).
const (
	MaxIDBytes             = 256      // an entity id; a relationship's source and target
	MaxRelationshipIDBytes = 1 << 10  // a relationship id, derived from two entity ids
	MaxNameBytes           = 1 << 10  // a name, each alias, a title
	MaxWordBytes           = 256      // party, chamber, district, org_type, email, phone, each label, each property name
	MaxURLBytes            = 4 << 10  // source_url
	MaxNotesBytes          = 64 << 10 // notes
)

// textRule says what a text field may hold.
type textRule int

const (
	// oneLine is the rule of ids, names and every other single-line field:
	// valid UTF-8 without control characters (C0, DEL, C1, so no tab,
	// carriage return or line feed), line or paragraph separators, or
	// bidirectional embeddings, overrides and isolates, which make text
	// display other than it reads.
	oneLine textRule = iota
	// multiLine is the rule of notes and property values: oneLine's, except
	// that tabs and line breaks are allowed.
	multiLine
)

// checkText appends a Detail for field when s breaks rule or is longer than
// limit bytes (0: no limit).
func checkText(ds []Detail, field, s string, limit int, rule textRule) []Detail {
	if reason := textReason(s, limit, rule); reason != "" {
		return append(ds, Detail{Field: field, Reason: reason})
	}
	return ds
}

// checkTexts is checkText for each item of a list of one-line texts. It
// reports the first bad item only.
func checkTexts(ds []Detail, field string, items []string, limit int) []Detail {
	for i, s := range items {
		if reason := textReason(s, limit, oneLine); reason != "" {
			return append(ds, Detail{Field: field, Reason: "item " + strconv.Itoa(i+1) + " " + reason})
		}
	}
	return ds
}

// textReason says why s breaks rule or is longer than limit bytes (0: no
// limit), or returns "".
func textReason(s string, limit int, rule textRule) string {
	if limit > 0 && len(s) > limit {
		return "must be at most " + strconv.Itoa(limit) + " bytes, got " + strconv.Itoa(len(s))
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "must be valid UTF-8 (byte " + strconv.Itoa(i+1) + " is not)"
		case rule == multiLine && (r == '\t' || r == '\n' || r == '\r'):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return "must not contain the control character " + codePoint(r)
		case r == '\u2028' || r == '\u2029':
			if rule == oneLine {
				return "must be one line (it contains " + codePoint(r) + ")"
			}
		case (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			return "must not contain the bidirectional control " + codePoint(r)
		}
	}
	return ""
}

// codePoint renders r as U+XXXX.
func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }

// checkProps checks property names as one-line words and values as
// multi-line text of any length. Its details come sorted, whatever the map
// order.
func checkProps(ds []Detail, props map[string]string) []Detail {
	start := len(ds)
	for k, v := range props {
		if k == "" {
			ds = append(ds, Detail{Field: "props", Reason: "property names must not be empty"})
			continue
		}
		reason := textReason(k, MaxWordBytes, oneLine)
		if reason == "" {
			reason = textReason(v, 0, multiLine)
		}
		if reason != "" {
			ds = append(ds, Detail{Field: "props", Reason: "property " + quote(clip(k)) + ": " + reason})
		}
	}
	slices.SortFunc(ds[start:], func(a, b Detail) int { return strings.Compare(a.Reason, b.Reason) })
	return ds
}

// checkURL appends a Detail for field unless s is empty or an absolute http
// or https URL.
func checkURL(ds []Detail, field, s string) []Detail {
	n := len(ds)
	if ds = checkText(ds, field, s, MaxURLBytes, oneLine); len(ds) > n || s == "" {
		return ds
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return append(ds, Detail{Field: field, Reason: "must be an http or https URL"})
	}
	return ds
}

// IsWebURL reports whether s may be a record's source_url: an absolute
// http or https URL within the field's limits. Importers use it to skip the
// links of a source that are not.
func IsWebURL(s string) bool { return s != "" && len(checkURL(nil, "source_url", s)) == 0 }

// clip shortens text that is echoed in an error (an id, an unknown kind) to
// a readable length, on a character boundary.
func clip(s string) string {
	const most = 64
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

package dedupe

import (
	"strings"

	"github.com/powermap/powermap/graph"
)

// Name is a person's name split into parts, each folded with graph.Fold
// (lower case, no diacritics, no punctuation). A hyphenated part keeps its
// hyphen ("dewberry-hale"); a surname of several words keeps them joined by
// spaces ("van hollen", "cortez masto").
type Name struct {
	First  string   // the first given name or initial; may be empty
	Middle []string // further given names or initials
	Last   string   // the surname; empty only when the name is empty
	Suffix string   // jr, sr, ii, iii or iv, when given
	Nick   string   // a nickname given in quotes or parentheses ("BUD")
}

// ParseName splits a person's name. It reads both the natural order
// ("Robert E. Cramer Jr.") and FEC's "LAST, FIRST MIDDLE SUFFIX" order,
// drops honorifics (Mr, Dr, Hon, Senator...) and degrees (Esq, MD, PhD),
// keeps generational suffixes apart, takes a quoted or parenthesized word
// as a nickname, and joins surname particles (van, de, la, st...) to the
// surname. FEC rows that repeat the surname after the given names
// ("GUSKA, WILLIAM MR. GUSKA") lose the repetition.
func ParseName(s string) Name {
	var n Name
	s, n.Nick = cutNick(s)
	before, after, comma := strings.Cut(s, ",")
	if comma {
		last := nameWords(before)
		given := nameWords(after) // later commas fold into spaces
		last, n.Suffix = stripSuffix(last, n.Suffix)
		last = dropHonorifics(last)
		given = dropHonorifics(given)
		given, n.Suffix = stripSuffix(given, n.Suffix)
		n.Last = strings.Join(last, " ")
		if k := len(given); k > 1 && given[k-1] == strings.ReplaceAll(n.Last, " ", "") {
			given = given[:k-1]
		}
		given, n.Suffix = stripSuffix(given, n.Suffix)
		if len(given) == 0 && len(last) > 1 {
			// "SMITH JOHN," or a name with a stray comma: read it naturally.
			return parseNatural(last, n)
		}
		if len(given) > 0 {
			n.First, n.Middle = given[0], given[1:]
		}
		if len(n.Middle) == 0 {
			n.Middle = nil
		}
		return n
	}
	return parseNatural(nameWords(s), n)
}

func parseNatural(ws []string, n Name) Name {
	ws = dropHonorifics(ws)
	ws, n.Suffix = stripSuffix(ws, n.Suffix)
	if len(ws) == 0 {
		return n
	}
	i := len(ws) - 1
	for i > 1 && particles[ws[i-1]] {
		i--
	}
	n.Last = strings.Join(ws[i:], " ")
	if i > 0 {
		n.First = ws[0]
		if i > 1 {
			n.Middle = append([]string(nil), ws[1:i]...)
		}
	}
	return n
}

// cutNick removes the first word in double quotes or parentheses from s and
// returns it folded.
func cutNick(s string) (rest, nick string) {
	for _, q := range [][2]string{{`"`, `"`}, {"(", ")"}, {"“", "”"}} {
		i := strings.Index(s, q[0])
		if i < 0 {
			continue
		}
		j := strings.Index(s[i+len(q[0]):], q[1])
		if j < 0 {
			continue
		}
		inner := s[i+len(q[0]) : i+len(q[0])+j]
		rest = s[:i] + " " + s[i+len(q[0])+j+len(q[1]):]
		if f := graph.Fold(inner); f != "" && !strings.Contains(f, " ") {
			return rest, f
		}
		return rest, ""
	}
	return s, ""
}

// nameWords folds the words of s; a hyphen inside a word is kept.
func nameWords(s string) []string {
	var out []string
	for _, raw := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '/' }) {
		var parts []string
		for _, p := range strings.Split(raw, "-") {
			if f := strings.ReplaceAll(graph.Fold(p), " ", ""); f != "" {
				parts = append(parts, f)
			}
		}
		if len(parts) > 0 {
			out = append(out, strings.Join(parts, "-"))
		}
	}
	return out
}

func dropHonorifics(ws []string) []string {
	out := ws[:0:0]
	for _, w := range ws {
		if !honorifics[w] && !degrees[w] {
			out = append(out, w)
		}
	}
	return out
}

// stripSuffix removes generational suffixes from the end of ws (and from
// anywhere but the front, for FEC's "SMITH, JOHN JR A").
func stripSuffix(ws []string, suffix string) ([]string, string) {
	out := ws[:0:0]
	for i, w := range ws {
		if s, ok := suffixes[w]; ok && (i > 0 || len(ws) == 1 && suffix == "") {
			if suffix == "" {
				suffix = s
			}
			continue
		}
		out = append(out, w)
	}
	return out, suffix
}

var honorifics = set("mr", "mrs", "ms", "miss", "mx", "dr", "hon", "honorable", "rev", "reverend", "fr", "sen", "senator",
	"rep", "representative", "gov", "governor", "prof", "professor", "sir", "dame", "judge", "mayor", "gen", "col",
	"capt", "lt", "sgt", "maj", "adm", "cmdr", "msgr", "rabbi", "pastor", "the")

var degrees = set("esq", "md", "phd", "dds", "dmd", "cpa", "jd", "dvm", "rn", "ret", "mba", "cfp", "llm")

var suffixes = map[string]string{"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "2nd": "ii", "iii": "iii", "3rd": "iii", "iv": "iv", "4th": "iv"}

var particles = set("van", "von", "de", "del", "della", "der", "den", "di", "da", "du", "la", "le", "st", "ste", "saint", "bin", "ibn", "al", "el", "dos", "das", "ter", "ten", "vander", "mac")

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// surnameParts returns the words of a surname that identify it: each
// hyphen- or space-separated part that is not a particle, and the whole
// surname written as one word ("van hollen" gives hollen and vanhollen).
func surnameParts(last string) []string {
	if last == "" {
		return nil
	}
	whole := squash(last)
	out := []string{whole}
	for _, p := range strings.FieldsFunc(last, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !particles[p] && p != whole && len(p) > 1 {
			out = appendUnique(out, p)
		}
	}
	return out
}

// givenNames returns the names a person may go by: the first name, the
// nickname, and the first middle name when the first name is an initial
// ("J. French Hill" goes by French).
func (n *Name) givenNames() []string {
	var out []string
	if n.First != "" {
		out = append(out, n.First)
	}
	if n.Nick != "" {
		out = appendUnique(out, n.Nick)
	}
	if len(n.First) == 1 && len(n.Middle) > 0 && len(n.Middle[0]) > 1 {
		out = appendUnique(out, n.Middle[0])
	}
	return out
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

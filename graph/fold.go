package graph

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold maps text to its search form: lower case, with diacritics removed and
// punctuation turned into spaces. "Aarón Ortíz" folds to "aaron ortiz".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	emit := func(r rune) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r):
			// O'Brien and O’Brien both fold to obrien; marks vanish.
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	for _, r := range s {
		if r < 0x80 {
			emit(r)
			continue
		}
		if int(r) < len(latinBase) {
			if base := latinBase[r]; base != 0 {
				emit(base)
				continue
			}
		}
		for _, d := range norm.NFD.String(string(r)) {
			emit(foldRune(d))
		}
	}
	return strings.TrimSpace(b.String())
}

// latinBase maps the Latin letters below U+0250 that fold to another letter
// (a diacritic removed, or a look-alike such as ø) to that letter, so that
// folding them needs no Unicode decomposition; 0 means no mapping.
var latinBase = func() []rune {
	t := make([]rune, 0x250)
	for r := rune(0x80); r < 0x250; r++ {
		d := []rune(norm.NFD.String(string(r)))
		base := foldRune(d[0])
		if base == r || !unicode.IsLetter(base) {
			continue
		}
		ok := true
		for _, m := range d[1:] {
			ok = ok && unicode.Is(unicode.Mn, m)
		}
		if ok {
			t[r] = base
		}
	}
	return t
}()

// foldRune maps letters that carry no combining mark but still differ from
// their ASCII look-alike.
func foldRune(r rune) rune {
	switch r {
	case 'ø', 'Ø':
		return 'o'
	case 'ł', 'Ł':
		return 'l'
	case 'đ', 'Đ':
		return 'd'
	case 'ß':
		return 's'
	case 'æ', 'Æ':
		return 'a'
	case 'ı':
		return 'i'
	}
	return r
}

// Tokens returns the folded words of s.
func Tokens(s string) []string { return strings.Fields(Fold(s)) }

// SearchTokens returns the distinct folded words of an entity's name and
// aliases. Stores index these for search.
func (e *Entity) SearchTokens() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		for _, t := range Tokens(s) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	add(e.Name)
	for _, a := range e.Aliases {
		add(a)
	}
	return out
}

// MatchScore scores how well query matches the entity's name or one of its
// aliases, ignoring case and diacritics. Every query word must be a prefix of
// a word of the same name or alias; otherwise the score is 0. Higher is
// better: an exact name scores 5; a last-name match 4 (every query word is
// a whole word of the name and the last is its last word: "gingerhook" or
// "emrys gingerhook" for "Emrys F. Gingerhook"); a name that starts with
// the query 3; any other word-prefix match 2. Matches on an alias score one
// less.
func (e *Entity) MatchScore(query string) int { return e.matchQuery(newQuery(query)) }

// Scores of MatchScore, on a name.
const (
	scoreWordPrefix = 2
	scorePrefix     = 3
	scoreLastName   = 4
	scoreExact      = 5
)

// query is a search query folded once for many candidates.
type query struct {
	words  []string
	folded string
}

func newQuery(q string) query {
	f := Fold(q)
	return query{words: strings.Fields(f), folded: f}
}

func (e *Entity) matchQuery(q query) int {
	if len(q.words) == 0 {
		return 0
	}
	best := matchText(q, e.Name)
	for _, a := range e.Aliases {
		if s := matchText(q, a) - 1; s > best {
			best = s
		}
	}
	if best < 0 {
		best = 0
	}
	return best
}

func matchText(q query, text string) int {
	ft := Fold(text) // single-spaced, so it compares with q.folded directly
	for _, qw := range q.words {
		if !hasWordPrefix(ft, qw) {
			return 0
		}
	}
	switch {
	case q.folded == ft:
		return scoreExact
	case lastNameMatch(q, ft):
		return scoreLastName
	case strings.HasPrefix(ft, q.folded):
		return scorePrefix
	}
	return scoreWordPrefix
}

// lastNameMatch reports whether every word of q is a whole word of the
// folded text and q's last word is the text's last word.
func lastNameMatch(q query, text string) bool {
	words := strings.Fields(text)
	if len(words) < 2 || q.words[len(q.words)-1] != words[len(words)-1] {
		return false
	}
	for _, qw := range q.words[:len(q.words)-1] {
		found := false
		for _, w := range words[:len(words)-1] {
			if w == qw {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// hasWordPrefix reports whether a word of the folded text starts with p.
func hasWordPrefix(text, p string) bool {
	for i := 0; i+len(p) <= len(text); {
		if strings.HasPrefix(text[i:], p) {
			return true
		}
		j := strings.IndexByte(text[i:], ' ')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

package graph

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold maps text to its search form: lower case, with diacritics removed and
// punctuation turned into spaces. "Aarón Ortíz" folds to "aaron ortiz".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	var b strings.Builder
	b.Grow(len(out))
	space := true
	for _, r := range out {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(foldRune(r)))
			space = false
		case r == '\'' || r == '’':
			// O'Brien and O’Brien both fold to obrien.
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

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
// better: an exact name scores 4, a name that starts with the query 3, a
// word-prefix match 2, and matches on an alias score one less.
func (e *Entity) MatchScore(query string) int {
	q := Tokens(query)
	if len(q) == 0 {
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

func matchText(q []string, text string) int {
	words := Tokens(text)
	for _, qw := range q {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, qw) {
				found = true
				break
			}
		}
		if !found {
			return 0
		}
	}
	fq, ft := strings.Join(q, " "), strings.Join(words, " ")
	switch {
	case fq == ft:
		return 4
	case strings.HasPrefix(ft, fq):
		return 3
	}
	return 2
}

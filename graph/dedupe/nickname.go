package dedupe

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
)

// nicknamesCSV links given names to their nicknames ("william,has_nickname,
// bill"); nicknames.SOURCE.txt says where it comes from.
//
//go:embed nicknames.csv
var nicknamesCSV string

// Nicknames tells which given names may belong to one person. Two names are
// compatible when they are equal, when the table links them, or when both
// are linked to a third ("bob" and "rob" are both "robert"). A Nicknames is
// read-only and safe for concurrent use.
type Nicknames struct {
	roots map[string][]string // name -> sorted names linked to it, itself included
}

// DefaultNicknames reads the embedded table. It panics if the embedded
// table is malformed, which a test rules out.
func DefaultNicknames() *Nicknames {
	n, err := ParseNicknames(nicknamesCSV)
	if err != nil {
		panic("dedupe: embedded nicknames: " + err.Error())
	}
	return n
}

// ParseNicknames reads a table of "name,relationship,name" rows with a
// header row. Names are folded; links are undirected. A row without three
// fields or with an empty name is an error naming its line.
func ParseNicknames(text string) (*Nicknames, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("nicknames: %w", err)
	}
	links := map[string][]string{}
	for i, row := range rows {
		if i == 0 {
			continue
		}
		if len(row) != 3 {
			return nil, fmt.Errorf("nicknames: line %d: want 3 fields, got %d", i+1, len(row))
		}
		a, b := foldWord(row[0]), foldWord(row[2])
		if a == "" || b == "" {
			return nil, fmt.Errorf("nicknames: line %d: empty name", i+1)
		}
		links[a] = append(links[a], b)
		links[b] = append(links[b], a)
	}
	roots := make(map[string][]string, len(links))
	for name, ls := range links {
		rs := append([]string{name}, ls...)
		slices.Sort(rs)
		roots[name] = slices.Compact(rs)
	}
	return &Nicknames{roots: roots}, nil
}

func foldWord(s string) string { return strings.Join(nameWords(s), "") }

// Roots returns the names linked to name, name included, sorted. A name
// that the table does not know is its only root.
func (n *Nicknames) Roots(name string) []string {
	if rs, ok := n.roots[name]; ok {
		return rs
	}
	return []string{name}
}

// Compatible reports whether a and b may name one person.
func (n *Nicknames) Compatible(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := n.Roots(a), n.Roots(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		switch {
		case ra[i] == rb[j]:
			return true
		case ra[i] < rb[j]:
			i++
		default:
			j++
		}
	}
	return false
}

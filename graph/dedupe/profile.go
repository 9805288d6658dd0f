package dedupe

import (
	"slices"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Properties read from graph.Entity.Props. Importers write these names: the
// FEC importer writes state, zip5 (donors) or zip (candidates), employer
// and occupation; the congress importer writes state, bioguide and fec_ids.
const (
	PropState      = "state"
	PropZIP5       = "zip5"
	PropZIP        = "zip"
	PropEmployer   = "employer"
	PropOccupation = "occupation"
	PropChambers   = "chambers" // every chamber served in, comma-separated
)

// maxNames caps the name variants (name and aliases) kept per entity.
const maxNames = 6

// profile is the part of an entity that matching reads, folded once.
type profile struct {
	id         string
	names      []pname
	state      string // two letters, lower case
	zip5       string
	district   string
	party      string   // d, r, or the folded party
	chambers   []string // folded: the entity's chamber and any in Props["chambers"]
	employer   string   // normalized; empty when uninformative
	occupation string
	ids        []string // "scheme:value", sorted
	neighbors  []string // sorted
}

// personLike reports whether the matcher scores e: people, officials and
// donors that are not organizations.
func personLike(e *graph.Entity) bool {
	switch e.Kind {
	case graph.KindPerson, graph.KindOfficial:
		return true
	case graph.KindDonor:
		return e.OrgType == ""
	}
	return false
}

func newProfile(e *graph.Entity, neighbors []string) profile {
	p := profile{id: e.ID}
	add := func(s string) {
		if len(p.names) >= maxNames {
			return
		}
		n := ParseName(s)
		if n.Last == "" {
			return
		}
		for _, m := range p.names {
			if sameName(&m.Name, &n) {
				return
			}
		}
		p.names = append(p.names, newPName(n))
	}
	add(e.Name)
	for _, a := range e.Aliases {
		add(a)
	}
	p.state = strings.ReplaceAll(graph.Fold(e.Props[PropState]), " ", "")
	zip := e.Props[PropZIP5]
	if zip == "" {
		zip = e.Props[PropZIP]
	}
	if len(zip) >= 5 && isDigits(zip[:5]) && zip[:5] != "00000" {
		p.zip5 = zip[:5]
	}
	if d := strings.TrimLeft(strings.TrimSpace(e.District), "0"); d != "" {
		p.district = graph.Fold(d)
	}
	p.party = normalizeParty(e.Party)
	for _, c := range append([]string{e.Chamber}, strings.Split(e.Props[PropChambers], ",")...) {
		if c = graph.Fold(c); c != "" && !slices.Contains(p.chambers, c) {
			p.chambers = append(p.chambers, c)
		}
	}
	p.employer = NormalizeEmployer(e.Props[PropEmployer])
	p.occupation = normalizeOccupation(e.Props[PropOccupation])
	p.ids = identifiers(e)
	if len(neighbors) > 0 {
		p.neighbors = slices.Clone(neighbors)
		slices.Sort(p.neighbors)
		p.neighbors = slices.Compact(p.neighbors)
	}
	return p
}

// pname is a parsed name with the forms matching reads, computed once.
type pname struct {
	Name
	whole string   // the surname as one word
	parts []string // see surnameParts
	given []string // see Name.givenNames
}

func newPName(n Name) pname {
	return pname{Name: n, whole: squash(n.Last), parts: surnameParts(n.Last), given: n.givenNames()}
}

func sameName(a, b *Name) bool {
	return a.First == b.First && a.Last == b.Last && a.Suffix == b.Suffix && a.Nick == b.Nick && slices.Equal(a.Middle, b.Middle)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func normalizeParty(s string) string {
	f := graph.Fold(s)
	switch f {
	case "":
		return ""
	case "d", "dem", "democrat", "democratic", "democratic farmer labor", "dfl":
		return "d"
	case "r", "rep", "republican", "gop":
		return "r"
	case "i", "ind", "independent":
		return "i"
	}
	return f
}

// employerEnds are trailing words that do not tell employers apart.
var employerEnds = set("inc", "incorporated", "llc", "corp", "corporation", "co", "company", "ltd", "llp", "lp", "pc", "pllc", "pa", "the")

// uninformative employers say nothing about who a person is.
var uninformative = set("", "n a", "na", "none", "information requested", "requested", "info requested",
	"retired", "self", "self employed", "selfemployed", "not employed", "unemployed", "homemaker", "student", "none employed")

// NormalizeEmployer folds an employer and drops legal-form words (Inc, LLC,
// Corp...). Employers that say nothing about a person (retired,
// self-employed, not employed, homemaker, information requested, none)
// normalize to "".
func NormalizeEmployer(s string) string {
	ws := strings.Fields(graph.Fold(s))
	for len(ws) > 1 && employerEnds[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	for len(ws) > 1 && ws[0] == "the" {
		ws = ws[1:]
	}
	e := strings.Join(ws, " ")
	if uninformative[e] {
		return ""
	}
	return e
}

func normalizeOccupation(s string) string {
	o := graph.Fold(s)
	if uninformative[o] {
		return ""
	}
	return o
}

// identifiers returns an entity's strong identifiers as "scheme:value":
// the id itself when it reads "bioguide:..." or "fec:<candidate id>", and
// the properties bioguide, fec_id and fec_ids (comma-separated) of older
// imports, and every identifier of graph.Entity.Identifiers.
func identifiers(e *graph.Entity) []string {
	var out []string
	add := func(scheme, v string) {
		v = strings.ToUpper(strings.TrimSpace(v))
		if v != "" {
			out = append(out, scheme+":"+v)
		}
	}
	if s, v, ok := strings.Cut(e.ID, ":"); ok && (s == "bioguide" || s == "fec" && !strings.Contains(v, ":")) {
		add(s, v)
	}
	for k, v := range e.Props {
		switch {
		case k == "bioguide":
			add("bioguide", v)
		case k == "fec_id":
			add("fec", v)
		case k == "fec_ids":
			for _, x := range strings.Split(v, ",") {
				add("fec", x)
			}
		}
	}
	for _, id := range e.Identifiers() {
		add(string(id.Scheme), id.Value)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// multiValued schemes may give one person several ids (an FEC candidate id
// per office sought), so different values are no evidence of two people.
var multiValued = set("fec")

package storetest

import (
	"fmt"
	"math/rand/v2"

	"github.com/powermap/powermap/graph"
)

// Ids of the entities in SmallMap.
const (
	AnaReyes           = "ana-reyes"
	BenOkafor          = "ben-okafor"
	ChloeMartin        = "chloe-martin"
	DanaWhitfield      = "dana-whitfield"
	AaronOrtiz         = "aaron-ortiz"
	RiversideCoalition = "riverside-coalition"
	AcmeBuildersPAC    = "acme-builders-pac"
)

// SmallMap returns a new batch holding a small, fictional power map: three
// people of our coalition (one of them a private client), a senator with an
// accented name ("Aarón Ortíz") and an alias ("Ron Ortiz"), his chief of
// staff, our coalition, and a PAC that donated to him; with ties of eight
// types, some dated and one ended. Every call returns a fresh batch, which
// Apply may normalize in place.
func SmallMap() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: AnaReyes, Kind: graph.KindPerson, Name: "Ana Reyes", Labels: []string{graph.LabelStaff}, Ours: true,
				Title: "Lead Organizer", Email: "ana@riverside.example", Phone: "+1 555 0100"},
			{ID: BenOkafor, Kind: graph.KindPerson, Name: "Ben Okafor", Labels: []string{graph.LabelBoard}, Ours: true,
				Notes: "Chairs the housing committee of the coalition."},
			{ID: ChloeMartin, Kind: graph.KindPerson, Name: "Chloé Martin", Labels: []string{graph.LabelClient, graph.LabelSpeaker}, Ours: true},
			{ID: DanaWhitfield, Kind: graph.KindPerson, Name: "Dana Whitfield", Title: "Chief of Staff"},
			{ID: AaronOrtiz, Kind: graph.KindOfficial, Name: "Aarón Ortíz", Aliases: []string{"Ron Ortiz"},
				Title: "State Senator", Party: "Independent", Chamber: "upper", District: "12",
				SourceURL: "https://legislature.example/senate/12", Props: map[string]string{"committee": "Housing"}},
			{ID: RiversideCoalition, Kind: graph.KindOrganization, Name: "Riverside Tenants Coalition", Ours: true, OrgType: "coalition"},
			{ID: AcmeBuildersPAC, Kind: graph.KindDonor, Name: "Acme Builders PAC", OrgType: "pac"},
		},
		Relationships: []graph.Relationship{
			{Source: AnaReyes, Target: BenOkafor, Type: graph.Knows, Strength: 0.8, Since: "2015"},
			{Source: BenOkafor, Target: DanaWhitfield, Type: graph.FriendOf, Since: "2010-06"},
			{Source: DanaWhitfield, Target: AaronOrtiz, Type: graph.WorksFor, Since: "2019-01-07"},
			{Source: AnaReyes, Target: RiversideCoalition, Type: graph.MemberOf},
			{Source: BenOkafor, Target: RiversideCoalition, Type: graph.Leads, Strength: 0.9},
			{Source: ChloeMartin, Target: RiversideCoalition, Type: graph.ClientOf, Since: "2023-02"},
			{Source: AcmeBuildersPAC, Target: AaronOrtiz, Type: graph.DonatedTo, Amount: 5000, Date: "2022-10-03",
				SourceURL: "https://finance.example/filings/123"},
			{Source: AaronOrtiz, Target: AnaReyes, Type: graph.Knows, Strength: 0.3, Since: "2012", Until: "2016"},
		},
	}
}

// Generated returns a new batch of n people whose ids start with prefix,
// and m KNOWS or FRIEND_OF ties among them, drawn from a generator seeded
// with seed. The same arguments give the same batch. Ties join distinct
// people; m must be well below n*(n-1)/2.
func Generated(prefix string, n, m int, seed uint64) *graph.Batch {
	rng := rand.New(rand.NewPCG(seed, 0x706f7765726d6170))
	b := &graph.Batch{Entities: make([]graph.Entity, n)}
	first := []string{"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kendall", "Logan"}
	last := []string{"Quill", "Marsh", "Thorne", "Vale", "Wren", "Pike", "Hollow", "Frost", "Lark", "Birch"}
	for i := range b.Entities {
		b.Entities[i] = graph.Entity{
			ID:   fmt.Sprintf("%s%06d", prefix, i),
			Kind: graph.KindPerson,
			Name: first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))],
			Ours: rng.IntN(4) == 0,
		}
	}
	seen := map[string]bool{}
	types := []graph.RelType{graph.Knows, graph.FriendOf}
	for len(b.Relationships) < m {
		s, t := rng.IntN(n), rng.IntN(n)
		if s == t {
			continue
		}
		typ := types[rng.IntN(len(types))]
		src, tgt := b.Entities[s].ID, b.Entities[t].ID
		id := graph.DefaultRelationshipID(src, tgt, typ)
		if seen[id] {
			continue
		}
		seen[id] = true
		b.Relationships = append(b.Relationships, graph.Relationship{
			ID: id, Source: src, Target: tgt, Type: typ,
			Strength: float64(1+rng.IntN(100)) / 100,
		})
	}
	return b
}

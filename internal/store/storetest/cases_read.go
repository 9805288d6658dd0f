package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func testSearch(t *testing.T, open Opener) {
	s := load(t, open, SmallMap(), &graph.Batch{Entities: []graph.Entity{
		{ID: "ana", Kind: graph.KindPerson, Name: "Ana"},
		{ID: "anabel-cruz", Kind: graph.KindPerson, Name: "Anabel Cruz"},
		{ID: "luis-anaya", Kind: graph.KindPerson, Name: "Luis Anaya"},
		{ID: "maria-lopez", Kind: graph.KindPerson, Name: "María López", Aliases: []string{"Ana López"}},
		{ID: "obrien", Kind: graph.KindPerson, Name: "Seán O’Brien"},
		{ID: "ortiz-2", Kind: graph.KindPerson, Name: "Bea Ortiz"},
	}})
	ctx := t.Context()
	all, err := s.Entities(ctx, graph.EntityQuery{})
	require.NoError(t, err)
	tests := []struct {
		q     string
		limit int
		want  []string
	}{
		{"aaron ortiz", 0, []string{AaronOrtiz}},
		{"AARÓN ORTÍZ", 0, []string{AaronOrtiz}},
		{"  aarón   ortíz ", 0, []string{AaronOrtiz}},
		{"aar", 0, []string{AaronOrtiz}},
		{"ortiz", 0, []string{AaronOrtiz, "ortiz-2"}}, // both last-name matches (4): the official first
		{"ortiz aaron", 0, []string{AaronOrtiz}},
		{"ron ortiz", 0, []string{AaronOrtiz}}, // alias, exact: 4
		{"ron", 0, []string{AaronOrtiz}},
		{"chloe", 0, []string{ChloeMartin}},
		{"o'brien", 0, []string{"obrien"}},
		{"sean obrien", 0, []string{"obrien"}},
		{"coalition tenants", 0, []string{RiversideCoalition}},
		// Exact name 5; last name 4; starts with the query 3; a word
		// starts with it 2; an alias scores one less. Ties: officials,
		// then ours, then by name and id.
		{"ana", 0, []string{"ana", AnaReyes, "anabel-cruz", "luis-anaya", "maria-lopez"}},
		{"ana", 2, []string{"ana", AnaReyes}},
		{"Ana", 1, []string{"ana"}},
		{"ana lopez", 0, []string{"maria-lopez"}},
		{"ana reyes", 0, []string{AnaReyes}},
		{"zzz", 0, nil},
		{"aaron zzz", 0, nil},
		{"", 0, nil},
		{" - ", 0, nil},
	}
	for _, tc := range tests {
		got, err := s.Search(ctx, tc.q, tc.limit)
		require.NoError(t, err, tc.q)
		assert.Equal(t, tc.want, nilIfEmpty(entityIDs(got)), "Search(%q, %d)", tc.q, tc.limit)
		assert.Equal(t, nilIfEmpty(entityIDs(graph.RankSearch(tc.q, all, tc.limit))), nilIfEmpty(entityIDs(got)),
			"Search(%q, %d) ranks as graph.RankSearch", tc.q, tc.limit)
		for _, e := range got {
			want, err := s.Entity(ctx, e.ID)
			require.NoError(t, err)
			assertEntity(t, want, e)
		}
	}
}

func nilIfEmpty(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}

func testNeighbors(t *testing.T, open Opener) {
	s := load(t, open, SmallMap(), &graph.Batch{Entities: []graph.Entity{{ID: "loner", Kind: graph.KindPerson, Name: "Lone Wolf"}}})
	ctx := t.Context()
	small := SmallMap()
	small.Prepare()
	ents := map[string]graph.Entity{}
	for _, e := range small.Entities {
		ents[e.ID] = e
	}
	tests := []struct {
		name  string
		id    string
		types []graph.RelType
		want  []string
	}{
		{"all ties, both directions", AnaReyes, nil, []string{
			rel(AaronOrtiz, AnaReyes, graph.Knows), rel(AnaReyes, BenOkafor, graph.Knows), rel(AnaReyes, RiversideCoalition, graph.MemberOf)}},
		{"one type", AnaReyes, []graph.RelType{graph.Knows}, []string{rel(AaronOrtiz, AnaReyes, graph.Knows), rel(AnaReyes, BenOkafor, graph.Knows)}},
		{"two types", AaronOrtiz, []graph.RelType{graph.DonatedTo, graph.WorksFor}, []string{
			rel(AcmeBuildersPAC, AaronOrtiz, graph.DonatedTo), rel(DanaWhitfield, AaronOrtiz, graph.WorksFor)}},
		{"incoming only", RiversideCoalition, nil, []string{
			rel(ChloeMartin, RiversideCoalition, graph.ClientOf), rel(BenOkafor, RiversideCoalition, graph.Leads), rel(AnaReyes, RiversideCoalition, graph.MemberOf)}},
		{"type it has not", AnaReyes, []graph.RelType{graph.DonatedTo}, nil},
		{"no ties", "loner", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nbs, err := s.Neighbors(ctx, tc.id, tc.types)
			require.NoError(t, err)
			var got []string
			for _, nb := range nbs {
				got = append(got, nb.Relationship.ID)
				r := nb.Relationship
				require.True(t, r.Source == tc.id || r.Target == tc.id, "tie %s has %s at one end", r.ID, tc.id)
				other := r.Other(tc.id)
				require.Equal(t, other, nb.Entity.ID)
				assertEntity(t, ents[other], nb.Entity)
			}
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := s.Neighbors(ctx, "nobody", nil)
	requireCode(t, err, graph.NotFound)
	_, err = s.Neighbors(ctx, "nobody", []graph.RelType{graph.Knows})
	requireCode(t, err, graph.NotFound)
}

func testListEntities(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	ctx := t.Context()
	yes, no := true, false
	tests := []struct {
		name string
		q    graph.EntityQuery
		want []string
	}{
		{"all, by id", graph.EntityQuery{}, []string{AaronOrtiz, AcmeBuildersPAC, AnaReyes, BenOkafor, ChloeMartin, DanaWhitfield, RiversideCoalition}},
		{"kind", graph.EntityQuery{Kind: graph.KindPerson}, []string{AnaReyes, BenOkafor, ChloeMartin, DanaWhitfield}},
		{"label", graph.EntityQuery{Label: graph.LabelClient}, []string{ChloeMartin}},
		{"ours", graph.EntityQuery{Ours: &yes}, []string{AnaReyes, BenOkafor, ChloeMartin, RiversideCoalition}},
		{"not ours", graph.EntityQuery{Ours: &no}, []string{AaronOrtiz, AcmeBuildersPAC, DanaWhitfield}},
		{"kind and ours", graph.EntityQuery{Kind: graph.KindPerson, Ours: &no}, []string{DanaWhitfield}},
		{"limit", graph.EntityQuery{Limit: 2}, []string{AaronOrtiz, AcmeBuildersPAC}},
		{"after", graph.EntityQuery{After: BenOkafor}, []string{ChloeMartin, DanaWhitfield, RiversideCoalition}},
		{"after an id that is not there", graph.EntityQuery{After: "b"}, []string{BenOkafor, ChloeMartin, DanaWhitfield, RiversideCoalition}},
		{"after and filter and limit", graph.EntityQuery{After: AnaReyes, Ours: &yes, Limit: 2}, []string{BenOkafor, ChloeMartin}},
		{"after the last", graph.EntityQuery{After: RiversideCoalition}, nil},
		{"no match", graph.EntityQuery{Label: "journalist"}, nil},
	}
	for _, tc := range tests {
		got, err := s.Entities(ctx, tc.q)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, nilIfEmpty(entityIDs(got)), tc.name)
	}

	// Paging through a larger set with After and Limit visits every entity
	// once, in id order.
	apply(t, s, Generated("page-", 257, 0, 2))
	everything, err := s.Entities(ctx, graph.EntityQuery{})
	require.NoError(t, err)
	require.Len(t, everything, 264)
	for _, size := range []int{1, 10, 100, 263, 264, 1000} {
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 300, "paging does not end")
			page, err := s.Entities(ctx, graph.EntityQuery{After: after, Limit: size})
			require.NoError(t, err)
			require.LessOrEqual(t, len(page), size)
			if len(page) == 0 {
				break
			}
			got = append(got, entityIDs(page)...)
			after = page[len(page)-1].ID
		}
		assert.Equal(t, entityIDs(everything), got, "pages of %d", size)
	}
	assert.IsIncreasing(t, entityIDs(everything))
}

func testListRelationships(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	ctx := t.Context()
	knowsAB, knowsOA := rel(AnaReyes, BenOkafor, graph.Knows), rel(AaronOrtiz, AnaReyes, graph.Knows)
	memberA := rel(AnaReyes, RiversideCoalition, graph.MemberOf)
	tests := []struct {
		name string
		q    graph.RelationshipQuery
		want []string
	}{
		{"type", graph.RelationshipQuery{Type: graph.Knows}, []string{knowsOA, knowsAB}},
		{"entity", graph.RelationshipQuery{Entity: AnaReyes}, []string{knowsOA, knowsAB, memberA}},
		{"entity and type", graph.RelationshipQuery{Entity: AnaReyes, Type: graph.MemberOf}, []string{memberA}},
		{"entity, after", graph.RelationshipQuery{Entity: AnaReyes, After: knowsOA}, []string{knowsAB, memberA}},
		{"entity, after, limit", graph.RelationshipQuery{Entity: AnaReyes, After: knowsOA, Limit: 1}, []string{knowsAB}},
		{"limit", graph.RelationshipQuery{Limit: 1}, []string{rel(ChloeMartin, RiversideCoalition, graph.ClientOf)}},
		{"missing entity", graph.RelationshipQuery{Entity: "nobody"}, nil},
		{"no match", graph.RelationshipQuery{Type: graph.Lobbies}, nil},
	}
	for _, tc := range tests {
		got, err := s.Relationships(ctx, tc.q)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, nilIfEmpty(relationshipIDs(got)), tc.name)
	}

	apply(t, s, Generated("page-", 60, 300, 3))
	for _, q := range []graph.RelationshipQuery{{}, {Type: graph.FriendOf}, {Entity: "page-000007"}} {
		everything, err := s.Relationships(ctx, q)
		require.NoError(t, err)
		require.NotEmpty(t, everything)
		assert.IsIncreasing(t, relationshipIDs(everything))
		for _, size := range []int{1, 7, 1000} {
			var got []string
			p := q
			p.Limit = size
			for pages := 0; ; pages++ {
				require.Less(t, pages, 400, "paging does not end")
				page, err := s.Relationships(ctx, p)
				require.NoError(t, err)
				require.LessOrEqual(t, len(page), size)
				if len(page) == 0 {
					break
				}
				got = append(got, relationshipIDs(page)...)
				p.After = page[len(page)-1].ID
			}
			assert.Equal(t, relationshipIDs(everything), got, "%+v, pages of %d", q, size)
		}
	}
}

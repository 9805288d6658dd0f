package storetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func testRoundTripEntity(t *testing.T, open Opener) {
	in := []graph.Entity{
		{
			ID: "ent-full", Kind: graph.KindOfficial, Name: "  Zoë Ñúñez-Łukasiewicz  ",
			Labels: []string{" Board", "STAFF", "staff", "clergy"}, Ours: true, Private: true,
			Title: "Senadora del Distrito", Party: "Verde", Chamber: "upper", District: "7-B",
			OrgType: "", Email: "zoe@example.org", Phone: "+1 (555) 010-0199",
			Notes:     "Line one\nLine two — with “quotes”, tabs\tand emoji 🏛️",
			SourceURL: "https://legislature.example/members/zoë",
			Aliases:   []string{"Zoe Nunez", " Senator Núñez ", "Zoe Nunez"},
			Props:     map[string]string{"twitter": "@zoe", "favorite_food": "pão de queijo", "empty": "", "日本語": "値"},
		},
		{ID: "ent-min", Kind: graph.KindPerson, Name: "M"},
		{ID: "ent-org-donor", Kind: "DONOR", Name: "Union Local 1234", OrgType: "union", Ours: false},
		{ID: "ent-org", Kind: graph.KindOrganization, Name: "St. Brigid's Parish", Labels: []string{"clergy"}},
		{ID: "ent-ünï-çødé", Kind: graph.KindPerson, Name: "José Núñez", Props: map[string]string{}},
		// Property names that shadow fields must not clobber them.
		{ID: "ent-shadow", Kind: graph.KindPerson, Name: "Real Name", Title: "Real Title",
			Props: map[string]string{"id": "fake-id", "name": "Fake Name", "kind": "organization", "title": "x", "labels": "a|b", "props": "{}"}},
		// Quotes, backslashes, slashes and braces in ids and text.
		{ID: `id 'with" \ /quotes} {$x}`, Kind: graph.KindPerson, Name: `Robert'); MATCH (n) DETACH DELETE n; //`},
		{ID: "ent-long", Kind: graph.KindPerson, Name: "Long Notes", Notes: strings.Repeat("0123456789abcdef", 4096)},
	}
	b := &graph.Batch{Entities: append([]graph.Entity(nil), in...)}
	// Applying normalizes b in place; the wants are normalized copies of
	// the input, so that a store that skipped normalizing fails.
	want := make(map[string]graph.Entity, len(in))
	for _, e := range in {
		n := normalizedEntity(e)
		// Deep copy the slices that Normalize may share with b.
		n.Labels = append([]string(nil), n.Labels...)
		n.Aliases = append([]string(nil), n.Aliases...)
		want[n.ID] = n
	}
	s := load(t, open, b)
	ctx := t.Context()

	full := want["ent-full"]
	require.Equal(t, []string{"board", "clergy", "staff"}, full.Labels, "fixture normalizes labels")
	require.Equal(t, "Zoë Ñúñez-Łukasiewicz", full.Name, "fixture trims the name")

	for id, w := range want {
		got, err := s.Entity(ctx, id)
		require.NoError(t, err, id)
		assertEntity(t, w, got)
	}
	list, err := s.Entities(ctx, graph.EntityQuery{})
	require.NoError(t, err)
	require.Len(t, list, len(want))
	for _, got := range list {
		assertEntity(t, want[got.ID], got)
	}
	var streamed int
	_, err = s.Stream(ctx, graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		streamed++
		assertEntity(t, want[e.ID], *e)
		return nil
	}})
	require.NoError(t, err)
	assert.Equal(t, len(want), streamed)

	_, err = s.Entity(ctx, "no-such-entity")
	requireCode(t, err, graph.NotFound)
}

func testRoundTripRelationship(t *testing.T, open Opener) {
	people := &graph.Batch{Entities: []graph.Entity{
		{ID: "p1", Kind: graph.KindPerson, Name: "Pat One"},
		{ID: "p2", Kind: graph.KindPerson, Name: "Pat Two"},
		{ID: "o1", Kind: graph.KindOrganization, Name: "Org One"},
		{ID: "é-ñ", Kind: graph.KindPerson, Name: "Élodie Ñandú"},
	}}
	in := []graph.Relationship{
		{ID: "r-full", Source: "p1", Target: "o1", Type: "donated_to", Strength: 0.25,
			Since: "2014", Until: "2020-06", Amount: 1234.56, Date: "2019-03-09",
			SourceURL: "https://finance.example/f/1", Notes: "Two gifts;\nsummed — “aggregated”",
			Props: map[string]string{"cycle": "2018", "filer": "Comité Ñ", "": "x", "source": "fake", "type": "KNOWS", "strength": "0.9"}},
		{ID: "r-month", Source: "p1", Target: "p2", Type: graph.WorksFor, Strength: 1, Since: "2014-03", Until: "2014-03"},
		{ID: "r-day", Source: "p2", Target: "o1", Type: graph.BoardOf, Strength: 0.001, Since: "2001-02-28", Until: "2030-12-31"},
		{ID: "r-big", Source: "o1", Target: "p2", Type: graph.DonatedTo, Amount: 1e9 + 0.01, Date: "2024"},
		{Source: "p2", Target: "p1", Type: graph.Knows},    // derived id, default strength
		{Source: "é-ñ", Target: "p1", Type: " friend_of "}, // derived id, unicode endpoint
		{ID: "r-props", Source: "é-ñ", Target: "o1", Type: graph.MemberOf, Props: map[string]string{"rôle": "trésorière"}},
	}
	// The property with an empty name is invalid; drop it after checking.
	bad := &graph.Batch{Relationships: []graph.Relationship{in[0]}}
	s := load(t, open, people)
	_, err := s.Apply(t.Context(), bad)
	requireCode(t, err, graph.Invalid)
	requireDetail(t, err, "r-full", "props")
	delete(in[0].Props, "")

	want := map[string]graph.Relationship{}
	for _, r := range in {
		n := normalizedRelationship(r)
		want[n.ID] = n
	}
	require.Contains(t, want, rel("p1", "p2", graph.Knows), "derived id of a symmetric type orders its ends")
	require.Equal(t, 0.5, want[rel("p1", "p2", graph.Knows)].Strength, "default strength")
	apply(t, s, &graph.Batch{Relationships: append([]graph.Relationship(nil), in...)})
	ctx := t.Context()

	for id, w := range want {
		got, err := s.Relationship(ctx, id)
		require.NoError(t, err, id)
		assertRelationship(t, w, got)
	}
	list, err := s.Relationships(ctx, graph.RelationshipQuery{})
	require.NoError(t, err)
	require.Len(t, list, len(want))
	for _, got := range list {
		assertRelationship(t, want[got.ID], got)
	}
	nbs, err := s.Neighbors(ctx, "o1", nil)
	require.NoError(t, err)
	require.Len(t, nbs, 4)
	for _, nb := range nbs {
		assertRelationship(t, want[nb.Relationship.ID], nb.Relationship)
	}
	var streamed int
	_, err = s.Stream(ctx, graph.StreamFuncs{Relationship: func(r *graph.Relationship) error {
		streamed++
		assertRelationship(t, want[r.ID], *r)
		return nil
	}})
	require.NoError(t, err)
	assert.Equal(t, len(want), streamed)

	_, err = s.Relationship(ctx, "no-such-relationship")
	requireCode(t, err, graph.NotFound)
}

func testUpsertIdempotent(t *testing.T, open Opener) {
	s := open(t)
	v0 := version(t, s)
	st := apply(t, s, SmallMap())
	small := SmallMap()
	assert.Equal(t, graph.Stats{EntitiesCreated: len(small.Entities), RelationshipsCreated: len(small.Relationships)}, st)
	v1 := version(t, s)
	require.Greater(t, v1, v0)
	before := dump(t, s)

	st = apply(t, s, SmallMap())
	assert.Equal(t, graph.Stats{EntitiesUnchanged: len(small.Entities), RelationshipsUnchanged: len(small.Relationships)}, st)
	assert.False(t, st.Changed())
	assert.Equal(t, v1, version(t, s), "a batch that changes nothing leaves the version")
	assert.Equal(t, before, dump(t, s))

	// The same records, spelled differently but equal once normalized.
	again := SmallMap()
	for i := range again.Entities {
		e := &again.Entities[i]
		e.Name = "  " + e.Name + " "
		e.Kind = graph.Kind(" " + string(e.Kind))
		for j := range e.Labels {
			e.Labels[j] = " " + e.Labels[j]
		}
		e.Labels = append(e.Labels, e.Labels...)
	}
	st = apply(t, s, again)
	assert.Equal(t, len(small.Entities), st.EntitiesUnchanged)
	assert.False(t, st.Changed())
	assert.Equal(t, v1, version(t, s))
}

func testUpsertReplaces(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	ctx := t.Context()
	// An upsert replaces the whole record: fields it leaves out are gone.
	st := apply(t, s, &graph.Batch{
		Entities:      []graph.Entity{{ID: AaronOrtiz, Kind: graph.KindOfficial, Name: "Aarón Ortíz"}},
		Relationships: []graph.Relationship{{Source: AcmeBuildersPAC, Target: AaronOrtiz, Type: graph.DonatedTo, Amount: 7500}},
	})
	assert.Equal(t, graph.Stats{EntitiesUpdated: 1, RelationshipsUpdated: 1}, st)
	e, err := s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
	assertEntity(t, graph.Entity{ID: AaronOrtiz, Kind: graph.KindOfficial, Name: "Aarón Ortíz"}, e)
	r, err := s.Relationship(ctx, rel(AcmeBuildersPAC, AaronOrtiz, graph.DonatedTo))
	require.NoError(t, err)
	assert.Equal(t, 7500.0, r.Amount)
	assert.Empty(t, r.Date)
	assert.Empty(t, r.SourceURL)
}

func testUpsertMovesIndexes(t *testing.T, open Opener) {
	s := load(t, open, SmallMap(), &graph.Batch{
		Relationships: []graph.Relationship{{ID: "movable", Source: AnaReyes, Target: DanaWhitfield, Type: graph.Knows}},
	})
	ctx := t.Context()
	// Rename: search follows the new name and alias, not the old ones.
	st := apply(t, s, &graph.Batch{
		Entities: []graph.Entity{{ID: DanaWhitfield, Kind: graph.KindOfficial, Name: "Dana Whitfield-Moreno", Aliases: []string{"D. Moreno"}}},
		// Move the tie to another pair and change its type.
		Relationships: []graph.Relationship{{ID: "movable", Source: BenOkafor, Target: ChloeMartin, Type: graph.ColleagueOf}},
	})
	assert.Equal(t, graph.Stats{EntitiesUpdated: 1, RelationshipsUpdated: 1}, st)

	found, err := s.Search(ctx, "moreno", 0)
	require.NoError(t, err)
	assert.Equal(t, []string{DanaWhitfield}, entityIDs(found))
	found, err = s.Search(ctx, "whitfield moreno", 0)
	require.NoError(t, err)
	assert.Equal(t, []string{DanaWhitfield}, entityIDs(found))

	// Add a new word, drop an old alias.
	apply(t, s, &graph.Batch{Entities: []graph.Entity{{ID: AaronOrtiz, Kind: graph.KindOfficial, Name: "Aarón Ortíz Vega"}}})
	found, err = s.Search(ctx, "ron", 0)
	require.NoError(t, err)
	assert.Empty(t, found, "the old alias is no longer searchable")
	found, err = s.Search(ctx, "vega", 0)
	require.NoError(t, err)
	assert.Equal(t, []string{AaronOrtiz}, entityIDs(found))

	nbIDs := func(id string) []string {
		nbs, err := s.Neighbors(ctx, id, nil)
		require.NoError(t, err)
		var out []string
		for _, nb := range nbs {
			out = append(out, nb.Relationship.ID)
		}
		return out
	}
	assert.NotContains(t, nbIDs(AnaReyes), "movable")
	assert.NotContains(t, nbIDs(DanaWhitfield), "movable")
	assert.Contains(t, nbIDs(BenOkafor), "movable")
	assert.Contains(t, nbIDs(ChloeMartin), "movable")
	listed, err := s.Relationships(ctx, graph.RelationshipQuery{Entity: AnaReyes})
	require.NoError(t, err)
	assert.NotContains(t, relationshipIDs(listed), "movable")

	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), c.ByType[graph.Knows], "the moved tie no longer counts as KNOWS")
	assert.Equal(t, int64(1), c.ByType[graph.ColleagueOf])
	assert.Equal(t, int64(2), c.ByKind[graph.KindOfficial])
	assert.Equal(t, int64(3), c.ByKind[graph.KindPerson])
}

func testStats(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	// Ben has three ties: KNOWS Ana, FRIEND_OF Dana and LEADS the coalition.
	// Deleting him removes them; with Chloé's tie, four are deleted.
	b := &graph.Batch{
		DeleteEntities:      []string{BenOkafor},
		DeleteRelationships: []string{rel(ChloeMartin, RiversideCoalition, graph.ClientOf)},
		Entities: []graph.Entity{
			SmallMap().Entities[0], // Ana, unchanged
			{ID: DanaWhitfield, Kind: graph.KindPerson, Name: "Dana Whitfield", Title: "Senior Chief of Staff"}, // updated
			{ID: "new-person", Kind: graph.KindPerson, Name: "Nova Person"},                                     // created
			{ID: BenOkafor, Kind: graph.KindPerson, Name: "Ben Okafor II"},                                      // deleted, then created again
		},
		Relationships: []graph.Relationship{
			{Source: AnaReyes, Target: RiversideCoalition, Type: graph.MemberOf},                                                                                     // unchanged
			{Source: DanaWhitfield, Target: AaronOrtiz, Type: graph.WorksFor, Since: "2018"},                                                                         // updated
			{Source: "new-person", Target: RiversideCoalition, Type: graph.VolunteersFor},                                                                            // created
			{Source: AnaReyes, Target: "new-person", Type: graph.Knows},                                                                                              // created
			{Source: AnaReyes, Target: "new-person", Type: graph.Knows},                                                                                              // identical duplicate
			{Source: AcmeBuildersPAC, Target: AaronOrtiz, Type: graph.DonatedTo, Amount: 5000, Date: "2022-10-03", SourceURL: "https://finance.example/filings/123"}, // unchanged
		},
	}
	st := apply(t, s, b)
	assert.Equal(t, graph.Stats{
		EntitiesCreated: 2, EntitiesUpdated: 1, EntitiesUnchanged: 1, EntitiesDeleted: 1,
		RelationshipsCreated: 2, RelationshipsUpdated: 1, RelationshipsUnchanged: 2, RelationshipsDeleted: 4,
	}, st)
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(8), c.Entities)
	assert.Equal(t, int64(8-4+2), c.Relationships)
}

// badRow is a batch that fails on its last record.
type badRow struct {
	name          string
	entity        *graph.Entity
	relationship  *graph.Relationship
	record, field string
}

func badRows() []badRow {
	return []badRow{
		{name: "strength", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: graph.Knows, Strength: 1.5}, record: "bad", field: "strength"},
		{name: "negative strength", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: graph.Knows, Strength: -0.1}, record: "bad", field: "strength"},
		{name: "unknown type", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: "HATES"}, record: "bad", field: "type"},
		{name: "unknown source", relationship: &graph.Relationship{ID: "bad", Source: "nobody", Target: "g000002", Type: graph.Knows}, record: "bad", field: "source"},
		{name: "unknown target", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "nobody", Type: graph.Knows}, record: "bad", field: "target"},
		{name: "self-loop", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000001", Type: graph.Knows}, record: "bad", field: "target"},
		{name: "until before since", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: graph.Knows, Since: "2020", Until: "2019-12-31"}, record: "bad", field: "until"},
		{name: "bad date", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: graph.Knows, Since: "2020-13"}, record: "bad", field: "since"},
		{name: "negative amount", relationship: &graph.Relationship{ID: "bad", Source: "g000001", Target: "g000002", Type: graph.DonatedTo, Amount: -5}, record: "bad", field: "amount"},
		{name: "entity without name", entity: &graph.Entity{ID: "bad", Kind: graph.KindPerson, Name: " "}, record: "bad", field: "name"},
		{name: "entity of unknown kind", entity: &graph.Entity{ID: "bad", Kind: "robot", Name: "R2"}, record: "bad", field: "kind"},
	}
}

func testAllOrNothing(t *testing.T, open Opener) {
	for _, row := range badRows() {
		t.Run(row.name, func(t *testing.T) {
			// Many good rows, some of which touch existing records, and the
			// bad row at the end.
			batch := func() *graph.Batch {
				b := Generated("g", 300, 600, 1)
				small := SmallMap()
				small.Entities[0].Name = "Ana Reyes-Changed"
				b.Entities = append(b.Entities, small.Entities...)
				b.Relationships = append(b.Relationships, graph.Relationship{Source: "g000003", Target: AnaReyes, Type: graph.Knows})
				b.DeleteRelationships = []string{rel(AnaReyes, BenOkafor, graph.Knows)}
				if row.entity != nil {
					b.Entities = append(b.Entities, *row.entity)
				} else {
					b.Relationships = append(b.Relationships, *row.relationship)
				}
				return b
			}
			s := load(t, open, SmallMap())
			before, v := dump(t, s), version(t, s)
			st, err := s.Apply(t.Context(), batch())
			requireCode(t, err, graph.Invalid)
			requireDetail(t, err, row.record, row.field)
			assert.Equal(t, graph.Stats{}, st)
			assert.Equal(t, before, dump(t, s), "a failed batch writes nothing")
			assert.Equal(t, v, version(t, s))
			c, err := s.Counts(t.Context())
			require.NoError(t, err)
			assert.Equal(t, int64(len(before.Entities)), c.Entities)
			assert.Equal(t, int64(len(before.Relationships)), c.Relationships)
			found, err := s.Search(t.Context(), "changed", 0)
			require.NoError(t, err)
			assert.Empty(t, found)
		})
	}
}

func testEndpointInBatch(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	// The relationships come first in the batch; their endpoints only in
	// the same batch.
	st := apply(t, s, &graph.Batch{
		Relationships: []graph.Relationship{{Source: "x", Target: "y", Type: graph.Knows}},
		Entities:      []graph.Entity{{ID: "y", Kind: graph.KindPerson, Name: "Yan"}, {ID: "x", Kind: graph.KindPerson, Name: "Xu"}},
	})
	assert.Equal(t, graph.Stats{EntitiesCreated: 2, RelationshipsCreated: 1}, st)
	nbs, err := s.Neighbors(ctx, "x", nil)
	require.NoError(t, err)
	require.Len(t, nbs, 1)
	assert.Equal(t, "y", nbs[0].Entity.ID)

	// One end in the store, the other in the batch.
	apply(t, s, &graph.Batch{
		Entities:      []graph.Entity{{ID: "z", Kind: graph.KindPerson, Name: "Zed"}},
		Relationships: []graph.Relationship{{Source: "z", Target: "x", Type: graph.FriendOf}},
	})

	// Deletes come first, so an end deleted in the same batch is missing.
	before := dump(t, s)
	_, err = s.Apply(ctx, &graph.Batch{
		DeleteEntities: []string{"y"},
		Relationships:  []graph.Relationship{{ID: "to-y", Source: "z", Target: "y", Type: graph.Knows}},
	})
	requireCode(t, err, graph.Invalid)
	requireDetail(t, err, "to-y", "target")
	assert.Equal(t, before, dump(t, s))
}

func testDuplicateID(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{
		{ID: "dup", Kind: graph.KindPerson, Name: "Dee"},
		{ID: "other", Kind: graph.KindPerson, Name: "Oh"},
		{ID: "dup", Kind: graph.KindOrganization, Name: "Dee"},
	}})
	requireCode(t, err, graph.Invalid)
	requireDetail(t, err, "dup", "id")
	assert.Empty(t, dump(t, s).Entities)

	_, err = s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{{ID: "a", Kind: graph.KindPerson, Name: "A"}, {ID: "b", Kind: graph.KindPerson, Name: "B"}},
		Relationships: []graph.Relationship{
			{ID: "t", Source: "a", Target: "b", Type: graph.Knows},
			{ID: "t", Source: "a", Target: "b", Type: graph.FriendOf},
		},
	})
	requireCode(t, err, graph.Invalid)
	requireDetail(t, err, "t", "id")
	assert.Empty(t, dump(t, s).Entities)

	// Identical duplicates are one record.
	apply(t, s, &graph.Batch{Entities: []graph.Entity{
		{ID: "same", Kind: graph.KindPerson, Name: "Sam"},
		{ID: "same", Kind: "Person", Name: " Sam "},
	}})
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), c.Entities)
}

func testExpect(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	ctx := t.Context()
	ana, err := s.Entity(ctx, AnaReyes)
	require.NoError(t, err)
	knowsID := rel(AnaReyes, BenOkafor, graph.Knows)
	knows, err := s.Relationship(ctx, knowsID)
	require.NoError(t, err)

	newcomer := graph.Entity{ID: "newcomer", Kind: graph.KindPerson, Name: "New Comer"}
	tests := []struct {
		name   string
		expect []graph.Expectation
		ok     bool
		record string
	}{
		{"absent entity expected absent", []graph.Expectation{{Entity: "newcomer"}}, true, ""},
		{"present entity expected absent", []graph.Expectation{{Entity: AnaReyes}}, false, AnaReyes},
		{"current entity revision", []graph.Expectation{{Entity: AnaReyes, Revision: ana.Revision()}}, true, ""},
		{"stale entity revision", []graph.Expectation{{Entity: AnaReyes, Revision: "0123456789abcdef01234567"}}, false, AnaReyes},
		{"revision of a missing entity", []graph.Expectation{{Entity: "ghost", Revision: ana.Revision()}}, false, "ghost"},
		{"current relationship revision", []graph.Expectation{{Relationship: knowsID, Revision: knows.Revision()}}, true, ""},
		{"present relationship expected absent", []graph.Expectation{{Relationship: knowsID}}, false, knowsID},
		{"one of two fails", []graph.Expectation{{Entity: AnaReyes, Revision: ana.Revision()}, {Relationship: "ghost-tie", Revision: knows.Revision()}}, false, "ghost-tie"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, empty := range []bool{false, true} {
				b := &graph.Batch{Expect: tc.expect}
				if !empty {
					b.Entities = []graph.Entity{newcomer}
				}
				before, v := dump(t, s), version(t, s)
				_, err := s.Apply(ctx, b)
				if tc.ok {
					require.NoError(t, err)
					if !empty {
						// Undo, so that the next case starts alike.
						apply(t, s, &graph.Batch{DeleteEntities: []string{"newcomer"}})
					}
					continue
				}
				requireCode(t, err, graph.Conflict)
				requireDetail(t, err, tc.record, "revision")
				assert.Equal(t, before, dump(t, s))
				assert.Equal(t, v, version(t, s))
			}
		})
	}
	// A write guarded by the revision it read succeeds once; the second
	// writer, holding the same revision, gets a conflict.
	guarded := func(name string) *graph.Batch {
		e := ana
		e.Name = name
		return &graph.Batch{Entities: []graph.Entity{e}, Expect: []graph.Expectation{{Entity: AnaReyes, Revision: ana.Revision()}}}
	}
	apply(t, s, guarded("Ana Reyes First"))
	_, err = s.Apply(ctx, guarded("Ana Reyes Second"))
	requireCode(t, err, graph.Conflict)
	got, err := s.Entity(ctx, AnaReyes)
	require.NoError(t, err)
	assert.Equal(t, "Ana Reyes First", got.Name)
}

package storetest

import (
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// RunChanges runs the conformance cases of graph.ChangeLog against the
// stores open returns, and skips them when a store keeps no change log.
// Beyond the doc comments of graph.Change and graph.ChangeLog, they require
// that:
//   - every write that moves the version appends exactly one change, whose
//     Version is the version after the write; a write that changes
//     nothing, fails, or only writes the audit log appends none;
//   - images are stored records (as Entity and Stream return them), in
//     any order;
//   - a relationship whose type or ends change is an update: in
//     RelationshipsBefore as it was, in RelationshipsAfter as it is;
//   - replaying the changes after version v onto the graph that Stream
//     read at v gives the graph that Stream reads now, record for record.
func RunChanges(t *testing.T, open Opener) {
	for _, c := range changeCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var changeCases = []struct {
	name string
	run  func(*testing.T, Opener)
}{
	{"Changes/Create", testChangesCreate},
	{"Changes/Update", testChangesUpdate},
	{"Changes/DeleteWithTies", testChangesDeleteWithTies},
	{"Changes/Unchanged", testChangesUnchanged},
	{"Changes/Since", testChangesSince},
	{"Changes/Sequence", testChangesSequence},
	{"Changes/Merge", testChangesMerge},
}

// openChangeLog opens a store and skips t when it keeps no change log.
func openChangeLog(t *testing.T, open Opener) (graph.Store, graph.ChangeLog) {
	t.Helper()
	s := open(t)
	cl, ok := s.(graph.ChangeLog)
	if !ok {
		t.Skip("the store keeps no change log")
	}
	return s, cl
}

// graphImage is a whole graph by id.
type graphImage struct {
	Version       uint64
	Entities      map[string]graph.Entity
	Relationships map[string]graph.Relationship
}

// streamImage reads the whole graph through Stream.
func streamImage(t *testing.T, s graph.Store) graphImage {
	t.Helper()
	img := graphImage{Entities: map[string]graph.Entity{}, Relationships: map[string]graph.Relationship{}}
	v, err := s.Stream(t.Context(), graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { img.Entities[e.ID] = *e; return nil },
		Relationship: func(r *graph.Relationship) error { img.Relationships[r.ID] = *r; return nil },
	})
	require.NoError(t, err)
	img.Version = v
	return img
}

// Replay applies changes to a copy of img, in order, and returns it: each
// change's before-images go, then its after-images are put.
func (img graphImage) Replay(chs []graph.Change) graphImage {
	out := graphImage{Version: img.Version, Entities: map[string]graph.Entity{}, Relationships: map[string]graph.Relationship{}}
	for id, e := range img.Entities {
		out.Entities[id] = e
	}
	for id, r := range img.Relationships {
		out.Relationships[id] = r
	}
	for _, ch := range chs {
		for _, e := range ch.EntitiesBefore {
			delete(out.Entities, e.ID)
		}
		for _, r := range ch.RelationshipsBefore {
			delete(out.Relationships, r.ID)
		}
		for _, e := range ch.EntitiesAfter {
			out.Entities[e.ID] = e
		}
		for _, r := range ch.RelationshipsAfter {
			out.Relationships[r.ID] = r
		}
		out.Version = ch.Version
	}
	return out
}

// assertSameGraph checks that two images hold the same records.
func assertSameGraph(t *testing.T, want, got graphImage, what string) {
	t.Helper()
	assert.Equal(t, want.Version, got.Version, "%s: version", what)
	assert.ElementsMatch(t, mapKeys(want.Entities), mapKeys(got.Entities), "%s: entities", what)
	assert.ElementsMatch(t, mapKeys(want.Relationships), mapKeys(got.Relationships), "%s: relationships", what)
	for id, e := range want.Entities {
		if g, ok := got.Entities[id]; ok {
			assertEntity(t, e, g)
		}
	}
	for id, r := range want.Relationships {
		if g, ok := got.Relationships[id]; ok {
			assertRelationship(t, r, g)
		}
	}
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// logged runs write and checks what the store logged for it: n changes
// (0 when the version must not move), contiguous, the last at the store's
// version, and that replaying them over the graph before the write gives
// the graph after it. It returns the changes.
func logged(t *testing.T, s graph.Store, cl graph.ChangeLog, n int, write func()) []graph.Change {
	t.Helper()
	before := streamImage(t, s)
	require.Equal(t, version(t, s), before.Version)
	write()
	v := version(t, s)
	require.Equal(t, before.Version+uint64(n), v, "the write moves the version by %d", n)
	chs, complete, err := cl.Changes(t.Context(), before.Version)
	require.NoError(t, err)
	require.True(t, complete, "the log reaches back to the version before the write")
	require.Len(t, chs, n)
	for i, ch := range chs {
		assert.Equal(t, before.Version+uint64(i+1), ch.Version, "change %d", i)
		assert.False(t, ch.Overflow, "change %d", i)
	}
	assertSameGraph(t, streamImage(t, s), before.Replay(chs), "replayed")
	return chs
}

// entityIDsOf returns the sorted ids of es, nil when there are none.
func entityIDsOf(es []graph.Entity) []string {
	if len(es) == 0 {
		return nil
	}
	return sorted(entityIDs(es)...)
}

// relationshipIDsOf returns the sorted ids of rs, nil when there are none.
func relationshipIDsOf(rs []graph.Relationship) []string {
	if len(rs) == 0 {
		return nil
	}
	return sorted(relationshipIDs(rs)...)
}

// entityIn returns the entity of es with id, and fails t when none has.
func entityIn(t *testing.T, es []graph.Entity, id string) graph.Entity {
	t.Helper()
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entity %q among %v", id, entityIDsOf(es))
	return graph.Entity{}
}

// relationshipIn returns the relationship of rs with id, and fails t when
// none has.
func relationshipIn(t *testing.T, rs []graph.Relationship, id string) graph.Relationship {
	t.Helper()
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no relationship %q among %v", id, relationshipIDsOf(rs))
	return graph.Relationship{}
}

func sorted(ids ...string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}

// smallMapIDs returns the sorted ids of SmallMap's entities and ties.
func smallMapIDs() (entities, relationships []string) {
	b := SmallMap()
	for _, e := range b.Entities {
		entities = append(entities, e.ID)
	}
	for _, r := range b.Relationships {
		relationships = append(relationships, graph.DefaultRelationshipID(r.Source, r.Target, r.Type))
	}
	return sorted(entities...), sorted(relationships...)
}

func testChangesCreate(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	chs := logged(t, s, cl, 1, func() { apply(t, s, SmallMap()) })
	ch := chs[0]
	ents, rels := smallMapIDs()
	assert.Empty(t, ch.EntitiesBefore)
	assert.Empty(t, ch.RelationshipsBefore)
	assert.Equal(t, ents, entityIDsOf(ch.EntitiesAfter))
	assert.Equal(t, rels, relationshipIDsOf(ch.RelationshipsAfter))
	assert.Equal(t, 15, ch.Records())
	// After-images are the stored records.
	for _, e := range ch.EntitiesAfter {
		got, err := s.Entity(t.Context(), e.ID)
		require.NoError(t, err)
		assertEntity(t, got, e)
	}
	for _, r := range ch.RelationshipsAfter {
		got, err := s.Relationship(t.Context(), r.ID)
		require.NoError(t, err)
		assertRelationship(t, got, r)
	}
	ortiz := entityIn(t, ch.EntitiesAfter, AaronOrtiz)
	assert.Equal(t, []string{"Ron Ortiz"}, ortiz.Aliases)
	assert.Equal(t, map[string]string{"committee": "Housing"}, ortiz.Props)
}

func testChangesUpdate(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	b := SmallMap()
	b.Relationships = append(b.Relationships, graph.Relationship{ID: "tie-1", Source: AnaReyes, Target: BenOkafor, Type: graph.ColleagueOf, Strength: 0.5})
	apply(t, s, b)
	anaTie := rel(AnaReyes, RiversideCoalition, graph.MemberOf)

	// One entity renamed; one tie given a new strength; tie-1 moved to
	// other ends and another type; Dana unchanged.
	chs := logged(t, s, cl, 1, func() {
		apply(t, s, &graph.Batch{
			Entities: []graph.Entity{
				{ID: BenOkafor, Kind: graph.KindPerson, Name: "Benjamin Okafor", Labels: []string{graph.LabelBoard}, Ours: true},
				{ID: DanaWhitfield, Kind: graph.KindPerson, Name: "Dana Whitfield", Title: "Chief of Staff"},
			},
			Relationships: []graph.Relationship{
				{Source: AnaReyes, Target: RiversideCoalition, Type: graph.MemberOf, Strength: 0.9},
				{ID: "tie-1", Source: DanaWhitfield, Target: AaronOrtiz, Type: graph.Advises, Strength: 0.6, Notes: "moved"},
			},
		})
	})
	ch := chs[0]
	assert.Equal(t, []string{BenOkafor}, entityIDsOf(ch.EntitiesBefore))
	assert.Equal(t, []string{BenOkafor}, entityIDsOf(ch.EntitiesAfter))
	assert.Equal(t, "Ben Okafor", ch.EntitiesBefore[0].Name)
	assert.Equal(t, "Chairs the housing committee of the coalition.", ch.EntitiesBefore[0].Notes, "the whole record before")
	assert.Equal(t, "Benjamin Okafor", ch.EntitiesAfter[0].Name)
	assert.Empty(t, ch.EntitiesAfter[0].Notes)
	assert.Equal(t, sorted(anaTie, "tie-1"), relationshipIDsOf(ch.RelationshipsBefore))
	assert.Equal(t, sorted(anaTie, "tie-1"), relationshipIDsOf(ch.RelationshipsAfter))
	for _, want := range []struct {
		before, after graph.Relationship
	}{
		{graph.Relationship{ID: anaTie, Source: AnaReyes, Target: RiversideCoalition, Type: graph.MemberOf, Strength: 0.4},
			graph.Relationship{ID: anaTie, Source: AnaReyes, Target: RiversideCoalition, Type: graph.MemberOf, Strength: 0.9}},
		{graph.Relationship{ID: "tie-1", Source: AnaReyes, Target: BenOkafor, Type: graph.ColleagueOf, Strength: 0.5},
			graph.Relationship{ID: "tie-1", Source: DanaWhitfield, Target: AaronOrtiz, Type: graph.Advises, Strength: 0.6, Notes: "moved"}},
	} {
		assertRelationship(t, normalizedRelationship(want.before), relationshipIn(t, ch.RelationshipsBefore, want.before.ID))
		assertRelationship(t, normalizedRelationship(want.after), relationshipIn(t, ch.RelationshipsAfter, want.after.ID))
	}
}

func testChangesDeleteWithTies(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	apply(t, s, SmallMap())
	ana, err := s.Entity(t.Context(), AnaReyes)
	require.NoError(t, err)
	chs := logged(t, s, cl, 1, func() {
		apply(t, s, &graph.Batch{DeleteEntities: []string{AnaReyes}, DeleteRelationships: []string{rel(BenOkafor, DanaWhitfield, graph.FriendOf)}})
	})
	ch := chs[0]
	require.Equal(t, []string{AnaReyes}, entityIDsOf(ch.EntitiesBefore))
	assertEntity(t, ana, entityIn(t, ch.EntitiesBefore, AnaReyes))
	assert.Equal(t, sorted(rel(AnaReyes, BenOkafor, graph.Knows), rel(AnaReyes, RiversideCoalition, graph.MemberOf),
		rel(AaronOrtiz, AnaReyes, graph.Knows), rel(BenOkafor, DanaWhitfield, graph.FriendOf)),
		relationshipIDsOf(ch.RelationshipsBefore), "the ties deleted with Ana, and the one deleted by id")
	assert.Empty(t, ch.EntitiesAfter)
	assert.Empty(t, ch.RelationshipsAfter)
}

func testChangesUnchanged(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	apply(t, s, SmallMap())
	logged(t, s, cl, 0, func() { apply(t, s, SmallMap()) })
	logged(t, s, cl, 0, func() { apply(t, s, &graph.Batch{}) })
	logged(t, s, cl, 0, func() {
		_, err := s.Apply(t.Context(), &graph.Batch{DeleteEntities: []string{"ghost"}})
		requireCode(t, err, graph.NotFound)
	})
	logged(t, s, cl, 0, func() {
		_, err := s.Apply(t.Context(), &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}},
			Expect: []graph.Expectation{{Entity: AnaReyes}}})
		requireCode(t, err, graph.Conflict)
	})
	if _, ok := s.(graph.AccountStore); ok {
		// A batch that changes nothing but writes its audit entry.
		logged(t, s, cl, 0, func() {
			apply(t, s, &graph.Batch{Entities: SmallMap().Entities[:1], Audit: func(graph.Stats) []graph.AuditEntry {
				return []graph.AuditEntry{{At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Actor: "tok_1 (ana)", Action: "entity.update", Target: AnaReyes}}
			}})
		})
	}
}

func testChangesSince(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	ctx := t.Context()
	apply(t, s, SmallMap())
	v := version(t, s)
	chs, complete, err := cl.Changes(ctx, v)
	require.NoError(t, err)
	assert.True(t, complete, "nothing after the current version")
	assert.Empty(t, chs)
	_, complete, err = cl.Changes(ctx, v+5)
	require.NoError(t, err)
	assert.False(t, complete, "since ahead of the store")

	for i, name := range []string{"One", "Two", "Three"} {
		apply(t, s, &graph.Batch{Entities: []graph.Entity{{ID: AnaReyes, Kind: graph.KindPerson, Name: "Ana " + name}}})
		chs, complete, err := cl.Changes(ctx, v)
		require.NoError(t, err)
		require.True(t, complete)
		require.Len(t, chs, i+1)
		assert.Equal(t, "Ana "+name, chs[i].EntitiesAfter[0].Name)
	}
	chs, complete, err = cl.Changes(ctx, v+1)
	require.NoError(t, err)
	require.True(t, complete)
	require.Len(t, chs, 2)
	assert.Equal(t, v+2, chs[0].Version)
	assert.Equal(t, "Ana One", chs[0].EntitiesBefore[0].Name)
	assert.Equal(t, "Ana Two", chs[0].EntitiesAfter[0].Name)
}

// testChangesSequence replays a mixed run of writes, batch by batch and
// all at once.
func testChangesSequence(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	start := streamImage(t, s)
	gen := Generated("q", 60, 150, 9)
	var all []graph.Change
	step := func(b *graph.Batch) {
		t.Helper()
		all = append(all, logged(t, s, cl, 1, func() { apply(t, s, b) })...)
	}
	gen.Relationships = append(gen.Relationships, graph.Relationship{ID: "own-tie", Source: "q000010", Target: "q000011", Type: graph.Knows})
	// A tie of gen that the deletes below leave, to delete.
	var spare string
	for _, r := range gen.Relationships {
		if r.Source > "q000002" && r.Target > "q000002" {
			spare = r.ID
			break
		}
	}
	step(SmallMap())
	step(gen)
	step(&graph.Batch{DeleteEntities: []string{"q000001", "q000002", ChloeMartin}})
	step(&graph.Batch{
		Entities: []graph.Entity{{ID: "q000001", Kind: graph.KindOrganization, Name: "Back Again"}},
		Relationships: []graph.Relationship{
			{Source: "q000001", Target: "q000003", Type: graph.MemberOf},
			{ID: "own-tie", Source: "q000001", Target: AaronOrtiz, Type: graph.Lobbies},
		},
		DeleteRelationships: []string{spare},
	})
	step(&graph.Batch{DeleteEntities: []string{"q000001"}, Entities: []graph.Entity{{ID: "q000001", Kind: graph.KindPerson, Name: "Third Life"}}})
	step(Generated("q", 60, 150, 10))
	chs, complete, err := cl.Changes(t.Context(), start.Version)
	require.NoError(t, err)
	require.True(t, complete)
	assert.Equal(t, all, chs, "the log reads the same later")
	assertSameGraph(t, streamImage(t, s), start.Replay(chs), "replayed from the start")
}

func testChangesMerge(t *testing.T, open Opener) {
	s, cl := openChangeLog(t, open)
	ms, ok := s.(graph.MergeStore)
	if !ok {
		t.Skip("the store does not merge")
	}
	apply(t, s, MergeMap())
	var m graph.Merge
	chs := logged(t, s, cl, 1, func() {
		var err error
		m, err = ms.Merge(t.Context(), graph.MergeRequest{Keep: AaronOrtiz, Drop: OrtizDup, By: "ana"})
		require.NoError(t, err)
	})
	assert.Contains(t, entityIDsOf(chs[0].EntitiesBefore), OrtizDup)
	assert.NotContains(t, entityIDsOf(chs[0].EntitiesAfter), OrtizDup)
	logged(t, s, cl, 1, func() {
		_, err := ms.Unmerge(t.Context(), graph.UnmergeRequest{ID: m.ID, By: "ana"})
		require.NoError(t, err)
	})
}

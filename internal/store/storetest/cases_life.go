package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func testDelete(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	ctx := t.Context()
	bens := []string{rel(AnaReyes, BenOkafor, graph.Knows), rel(BenOkafor, DanaWhitfield, graph.FriendOf), rel(BenOkafor, RiversideCoalition, graph.Leads)}

	// A batch that deletes a missing id fails whole.
	before, v := dump(t, s), version(t, s)
	for _, b := range []*graph.Batch{
		{DeleteEntities: []string{BenOkafor, "ghost"}},
		{DeleteRelationships: []string{bens[0], "ghost-tie"}},
		{DeleteEntities: []string{BenOkafor}, Entities: []graph.Entity{{ID: "new", Kind: graph.KindPerson, Name: "New"}}, DeleteRelationships: []string{"ghost-tie"}},
	} {
		_, err := s.Apply(ctx, b)
		requireCode(t, err, graph.NotFound)
		assert.Equal(t, before, dump(t, s))
		assert.Equal(t, v, version(t, s))
	}
	_, err := s.Apply(ctx, &graph.Batch{DeleteEntities: []string{"ghost"}})
	requireCode(t, err, graph.NotFound)
	requireDetail(t, err, "ghost", "delete_entities")

	// Deleting an entity deletes its relationships.
	st := apply(t, s, &graph.Batch{DeleteEntities: []string{BenOkafor}})
	assert.Equal(t, graph.Stats{EntitiesDeleted: 1, RelationshipsDeleted: 3}, st)
	assert.Greater(t, version(t, s), v)
	_, err = s.Entity(ctx, BenOkafor)
	requireCode(t, err, graph.NotFound)
	for _, id := range bens {
		_, err = s.Relationship(ctx, id)
		requireCode(t, err, graph.NotFound)
	}
	for _, id := range []string{AnaReyes, DanaWhitfield, RiversideCoalition} {
		nbs, err := s.Neighbors(ctx, id, nil)
		require.NoError(t, err)
		for _, nb := range nbs {
			assert.NotEqual(t, BenOkafor, nb.Entity.ID)
		}
	}
	_, err = s.Neighbors(ctx, BenOkafor, nil)
	requireCode(t, err, graph.NotFound)
	found, err := s.Search(ctx, "okafor", 0)
	require.NoError(t, err)
	assert.Empty(t, found)
	listed, err := s.Relationships(ctx, graph.RelationshipQuery{Entity: BenOkafor})
	require.NoError(t, err)
	assert.Empty(t, listed)
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(6), c.Entities)
	assert.Equal(t, int64(5), c.Relationships)
	assert.Equal(t, int64(1), c.ByType[graph.Knows])
	assert.Zero(t, c.ByType[graph.Leads])

	// Deleting a relationship leaves its ends.
	st = apply(t, s, &graph.Batch{DeleteRelationships: []string{rel(DanaWhitfield, AaronOrtiz, graph.WorksFor)}})
	assert.Equal(t, graph.Stats{RelationshipsDeleted: 1}, st)
	_, err = s.Entity(ctx, DanaWhitfield)
	require.NoError(t, err)
	nbs, err := s.Neighbors(ctx, DanaWhitfield, nil)
	require.NoError(t, err)
	assert.Empty(t, nbs)

	// A deleted id can be created again, in the same batch or later; an
	// entity and one of its ties deleted together count each once.
	st = apply(t, s, &graph.Batch{
		DeleteEntities:      []string{AnaReyes},
		DeleteRelationships: []string{rel(AnaReyes, RiversideCoalition, graph.MemberOf)},
		Entities:            []graph.Entity{{ID: AnaReyes, Kind: graph.KindPerson, Name: "Ana Reyes"}},
	})
	assert.Equal(t, graph.Stats{EntitiesDeleted: 1, EntitiesCreated: 1, RelationshipsDeleted: 2}, st)
	nbs, err = s.Neighbors(ctx, AnaReyes, nil)
	require.NoError(t, err)
	assert.Empty(t, nbs, "the new Ana has none of the old one's ties")
	apply(t, s, &graph.Batch{Entities: []graph.Entity{{ID: BenOkafor, Kind: graph.KindPerson, Name: "Ben Okafor"}}})
	found, err = s.Search(ctx, "okafor", 0)
	require.NoError(t, err)
	assert.Equal(t, []string{BenOkafor}, entityIDs(found))
}

// nonZero drops zero counts, which backends may omit.
func nonZero[K comparable](m map[K]int64) map[K]int64 {
	out := map[K]int64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func testCounts(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Zero(t, c.Entities)
	assert.Zero(t, c.Relationships)
	assert.Empty(t, nonZero(c.ByKind))
	assert.Empty(t, nonZero(c.ByType))

	apply(t, s, SmallMap())
	c, err = s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(7), c.Entities)
	assert.Equal(t, int64(8), c.Relationships)
	assert.Equal(t, map[graph.Kind]int64{graph.KindPerson: 4, graph.KindOfficial: 1, graph.KindOrganization: 1, graph.KindDonor: 1}, nonZero(c.ByKind))
	assert.Equal(t, map[graph.RelType]int64{graph.Knows: 2, graph.FriendOf: 1, graph.WorksFor: 1, graph.MemberOf: 1,
		graph.Leads: 1, graph.ClientOf: 1, graph.DonatedTo: 1}, nonZero(c.ByType))
	assert.Equal(t, version(t, s), c.Version)

	// A kind or type change moves the count. (A derived id names its
	// type, so the tie first moves to an id of its own.)
	apply(t, s, &graph.Batch{
		DeleteRelationships: []string{rel(AnaReyes, BenOkafor, graph.Knows)},
		Relationships:       []graph.Relationship{{ID: "ana-ben", Source: AnaReyes, Target: BenOkafor, Type: graph.Knows}},
	})
	apply(t, s, &graph.Batch{
		Entities:      []graph.Entity{{ID: DanaWhitfield, Kind: graph.KindOfficial, Name: "Dana Whitfield"}},
		Relationships: []graph.Relationship{{ID: "ana-ben", Source: AnaReyes, Target: BenOkafor, Type: graph.FriendOf}},
	})
	c, err = s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[graph.Kind]int64{graph.KindPerson: 3, graph.KindOfficial: 2, graph.KindOrganization: 1, graph.KindDonor: 1}, nonZero(c.ByKind))
	assert.Equal(t, int64(1), c.ByType[graph.Knows])
	assert.Equal(t, int64(2), c.ByType[graph.FriendOf])
	assert.Equal(t, int64(8), c.Relationships)

	// An issue is counted as an issue, and a stance as its type.
	apply(t, s, &graph.Batch{
		Entities:      []graph.Entity{{ID: "issue-transit", Kind: graph.KindIssue, Name: "Fund night buses"}},
		Relationships: []graph.Relationship{{Source: AnaReyes, Target: "issue-transit", Type: graph.Supports, Strength: 1}},
	})
	c, err = s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[graph.Kind]int64{graph.KindPerson: 3, graph.KindOfficial: 2, graph.KindOrganization: 1, graph.KindDonor: 1, graph.KindIssue: 1}, nonZero(c.ByKind))
	assert.Equal(t, int64(1), c.ByType[graph.Supports])

	// Counts agree with a listing.
	apply(t, s, Generated("c", 120, 400, 4))
	c, err = s.Counts(ctx)
	require.NoError(t, err)
	d := dump(t, s)
	assert.Equal(t, int64(len(d.Entities)), c.Entities)
	assert.Equal(t, int64(len(d.Relationships)), c.Relationships)
	var sumK, sumT int64
	for _, n := range c.ByKind {
		sumK += n
	}
	for _, n := range c.ByType {
		sumT += n
	}
	assert.Equal(t, c.Entities, sumK)
	assert.Equal(t, c.Relationships, sumT)
}

func testVersion(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	v := version(t, s)
	step := func(what string, b *graph.Batch, grows bool) {
		t.Helper()
		_, err := s.Apply(ctx, b)
		got := version(t, s)
		if grows {
			require.NoError(t, err, what)
			require.Greater(t, got, v, "%s: the version grows", what)
		} else {
			require.Equal(t, v, got, "%s: the version stays", what)
		}
		v = got
	}
	step("create", SmallMap(), true)
	step("same again", SmallMap(), false)
	step("empty batch", &graph.Batch{}, false)
	step("invalid batch", &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: "robot", Name: "X"}}}, false)
	step("failed delete", &graph.Batch{DeleteEntities: []string{"ghost"}}, false)
	step("failed expectation", &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}},
		Expect: []graph.Expectation{{Entity: AnaReyes}}}, false)
	step("update", &graph.Batch{Entities: []graph.Entity{{ID: AnaReyes, Kind: graph.KindPerson, Name: "Ana R."}}}, true)
	step("relationship only", &graph.Batch{Relationships: []graph.Relationship{{Source: AnaReyes, Target: DanaWhitfield, Type: graph.Knows}}}, true)
	step("delete relationship", &graph.Batch{DeleteRelationships: []string{rel(AnaReyes, DanaWhitfield, graph.Knows)}}, true)
	step("delete entity", &graph.Batch{DeleteEntities: []string{ChloeMartin}}, true)

	// Reads do not move it.
	_, _ = s.Entity(ctx, AnaReyes)
	_, _ = s.Entities(ctx, graph.EntityQuery{})
	_, _ = s.Relationships(ctx, graph.RelationshipQuery{})
	_, _ = s.Search(ctx, "ana", 10)
	_, _ = s.Neighbors(ctx, AnaReyes, nil)
	_, _ = s.Counts(ctx)
	sv, err := s.Stream(ctx, graph.StreamFuncs{})
	require.NoError(t, err)
	assert.Equal(t, v, sv, "Stream returns the version it read")
	require.NoError(t, s.Ping(ctx))
	assert.Equal(t, v, version(t, s))
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, v, c.Version)
}

func testStream(t *testing.T, open Opener) {
	s := load(t, open, SmallMap(), Generated("s", 400, 900, 5))
	ctx := t.Context()
	want := dump(t, s)

	seenE, seenR := map[string]int{}, map[string]int{}
	relsStarted := false
	v, err := s.Stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if relsStarted {
				return errors.New("entity " + e.ID + " after a relationship")
			}
			seenE[e.ID]++
			assert.Equal(t, want.Entities[e.ID], e.Revision(), e.ID)
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			relsStarted = true
			seenR[r.ID]++
			assert.Equal(t, want.Relationships[r.ID], r.Revision(), r.ID)
			return nil
		},
	})
	require.NoError(t, err)
	assert.Equal(t, version(t, s), v)
	assert.Len(t, seenE, len(want.Entities))
	assert.Len(t, seenR, len(want.Relationships))
	for id, n := range seenE {
		assert.Equal(t, 1, n, "entity %s streamed once", id)
	}
	for id, n := range seenR {
		assert.Equal(t, 1, n, "relationship %s streamed once", id)
	}

	// Either callback may be nil.
	n := 0
	_, err = s.Stream(ctx, graph.StreamFuncs{Relationship: func(*graph.Relationship) error { n++; return nil }})
	require.NoError(t, err)
	assert.Equal(t, len(want.Relationships), n)

	// A callback's error stops the stream and comes back.
	stop := errors.New("enough")
	for _, where := range []string{"entity", "relationship"} {
		calls := 0
		fail := func() error {
			calls++
			if calls == 3 {
				return stop
			}
			return nil
		}
		fns := graph.StreamFuncs{Entity: func(*graph.Entity) error { return fail() }}
		if where == "relationship" {
			fns = graph.StreamFuncs{Relationship: func(*graph.Relationship) error { return fail() }}
		}
		_, err = s.Stream(ctx, fns)
		require.ErrorIs(t, err, stop, where)
		assert.Equal(t, 3, calls, "%s: no call after the error", where)
	}
}

func testLargeBatch(t *testing.T, open Opener) {
	s := open(t)
	b := Generated("big", 3000, 8000, 6)
	st := apply(t, s, b)
	assert.Equal(t, graph.Stats{EntitiesCreated: 3000, RelationshipsCreated: 8000}, st)
	st = apply(t, s, Generated("big", 3000, 8000, 6))
	assert.Equal(t, graph.Stats{EntitiesUnchanged: 3000, RelationshipsUnchanged: 8000}, st)
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(3000), c.Entities)
	assert.Equal(t, int64(8000), c.Relationships)
	var degree int
	for _, r := range b.Relationships {
		if r.Source == "big000042" || r.Target == "big000042" {
			degree++
		}
	}
	nbs, err := s.Neighbors(t.Context(), "big000042", nil)
	require.NoError(t, err)
	assert.Len(t, nbs, degree)
}

func testCancelled(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	before, v := dump(t, s), version(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := map[string]func() error{
		"Apply": func() error {
			_, err := s.Apply(ctx, Generated("late", 50, 100, 7))
			return err
		},
		"Apply delete": func() error {
			_, err := s.Apply(ctx, &graph.Batch{DeleteEntities: []string{AnaReyes}})
			return err
		},
		"Stream": func() error {
			_, err := s.Stream(ctx, graph.StreamFuncs{
				Entity:       func(*graph.Entity) error { return nil },
				Relationship: func(*graph.Relationship) error { return nil },
			})
			return err
		},
		"Search":        func() error { _, err := s.Search(ctx, "ana", 0); return err },
		"Entities":      func() error { _, err := s.Entities(ctx, graph.EntityQuery{}); return err },
		"Entity":        func() error { _, err := s.Entity(ctx, AnaReyes); return err },
		"Relationships": func() error { _, err := s.Relationships(ctx, graph.RelationshipQuery{}); return err },
		"Relationship":  func() error { _, err := s.Relationship(ctx, rel(AnaReyes, BenOkafor, graph.Knows)); return err },
		"Neighbors":     func() error { _, err := s.Neighbors(ctx, AnaReyes, nil); return err },
		"LookupIdentifiers": func() error {
			_, err := s.LookupIdentifiers(ctx, []graph.Identifier{{Scheme: graph.SchemeBioguide, Value: "S001217"}})
			return err
		},
		"Counts":  func() error { _, err := s.Counts(ctx); return err },
		"Version": func() error { _, err := s.Version(ctx); return err },
		"Ping":    func() error { return s.Ping(ctx) },
	}
	for name, call := range calls {
		err := call()
		require.Error(t, err, name)
		assert.True(t, isCancelled(err), "%s: want Unavailable or context.Canceled, got %v", name, err)
	}
	assert.Equal(t, before, dump(t, s), "a cancelled Apply writes nothing")
	assert.Equal(t, v, version(t, s))
}

package snapshot_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/graph/snapshot/snapshottest"
	"github.com/powermap/powermap/internal/synth"
)

// model is a graph kept in maps, standing in for a store: each write
// returns the Change a store's log would hold.
type model struct {
	version uint64
	ents    map[string]graph.Entity
	rels    map[string]graph.Relationship
}

func newModel() *model {
	return &model{ents: map[string]graph.Entity{}, rels: map[string]graph.Relationship{}}
}

// write applies puts and deletes as a store's Apply does (deletes first,
// an entity's ties with it) and returns the Change, or false when nothing
// changed.
func (m *model) write(ents []graph.Entity, rels []graph.Relationship, delEnts, delRels []string) (graph.Change, bool) {
	var c graph.Change
	for _, id := range delRels {
		if r, ok := m.rels[id]; ok {
			c.RelationshipsBefore = append(c.RelationshipsBefore, r)
			delete(m.rels, id)
		}
	}
	for _, id := range delEnts {
		e, ok := m.ents[id]
		if !ok {
			continue
		}
		for _, rid := range slices.Sorted(maps.Keys(m.rels)) {
			if r := m.rels[rid]; r.Source == id || r.Target == id {
				c.RelationshipsBefore = append(c.RelationshipsBefore, r)
				delete(m.rels, rid)
			}
		}
		c.EntitiesBefore = append(c.EntitiesBefore, e)
		delete(m.ents, id)
	}
	// A store refuses a batch that writes one record twice: keep the
	// first.
	seen := map[string]bool{}
	for _, e := range ents {
		e.Normalize()
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		old, ok := m.ents[e.ID]
		if ok && old.Revision() == e.Revision() {
			continue
		}
		if ok {
			c.EntitiesBefore = append(c.EntitiesBefore, old)
		}
		c.EntitiesAfter = append(c.EntitiesAfter, e)
		m.ents[e.ID] = e
	}
	for _, r := range rels {
		r.Normalize()
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		if _, ok := m.ents[r.Source]; !ok {
			continue
		}
		if _, ok := m.ents[r.Target]; !ok {
			continue
		}
		old, ok := m.rels[r.ID]
		if ok && fmt.Sprint(old) == fmt.Sprint(r) {
			continue
		}
		if ok {
			c.RelationshipsBefore = append(c.RelationshipsBefore, old)
		}
		c.RelationshipsAfter = append(c.RelationshipsAfter, r)
		m.rels[r.ID] = r
	}
	if c.Records() == 0 {
		return c, false
	}
	m.version++
	c.Version = m.version
	return c, true
}

func (m *model) stream(_ context.Context, fn graph.StreamFuncs) (uint64, error) {
	for _, id := range slices.Sorted(maps.Keys(m.ents)) {
		e := m.ents[id]
		if err := fn.Entity(&e); err != nil {
			return 0, err
		}
	}
	// A store streams ties in its own order: shuffle them, so that the
	// snapshot cannot depend on it.
	ids := slices.Collect(maps.Keys(m.rels))
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for _, id := range ids {
		r := m.rels[id]
		if err := fn.Relationship(&r); err != nil {
			return 0, err
		}
	}
	return m.version, nil
}

// writer makes random writes of every kind a store takes.
type writer struct {
	r  *rand.Rand
	m  *model
	id int
}

var (
	kinds     = []graph.Kind{graph.KindPerson, graph.KindOfficial, graph.KindDonor, graph.KindOrganization, graph.KindIssue}
	strengths = []float64{0, 0.3, 0.5, 0.5, 0.8, 1}
	untils    = []string{"", "", "", "", "2001", "2999-01-01"}
)

func (w *writer) entityID() string {
	if len(w.m.ents) == 0 || w.r.IntN(8) == 0 {
		w.id++
		return fmt.Sprintf("e%03d", w.r.IntN(60+w.id/50))
	}
	ids := slices.Sorted(maps.Keys(w.m.ents))
	return ids[w.r.IntN(len(ids))]
}

func (w *writer) entity() graph.Entity {
	r := w.r
	e := graph.Entity{ID: w.entityID(), Kind: kinds[r.IntN(len(kinds))], Name: fmt.Sprintf("Name %d", r.IntN(5))}
	e.Ours = r.IntN(4) == 0
	e.Private = r.IntN(6) == 0
	if r.IntN(5) == 0 {
		e.Labels = []string{[]string{"client", "staff", "speaker"}[r.IntN(3)]}
	}
	if r.IntN(3) == 0 {
		e.Title = []string{"Senator", "Pastor", ""}[r.IntN(3)]
	}
	return e
}

func (w *writer) relationship() graph.Relationship {
	r := w.r
	types := graph.Types()
	rel := graph.Relationship{
		Source: w.entityID(), Target: w.entityID(), Type: types[r.IntN(len(types))].Type,
		Strength: strengths[r.IntN(len(strengths))], Until: untils[r.IntN(len(untils))],
	}
	switch r.IntN(4) {
	case 0:
		rel.ID = fmt.Sprintf("r%d", r.IntN(40))
	case 1:
		rel.Notes = "met at the forum"
	}
	if len(w.m.rels) > 0 && r.IntN(3) == 0 {
		// Rewrite a tie that exists: its strength, type, notes or ends.
		ids := slices.Sorted(maps.Keys(w.m.rels))
		old := w.m.rels[ids[r.IntN(len(ids))]]
		switch r.IntN(4) {
		case 0:
			old.Strength = strengths[r.IntN(len(strengths))]
		case 1:
			old.Type = rel.Type
		case 2:
			old.Notes = rel.Notes
		default:
			old.Target = rel.Target
		}
		return old
	}
	return rel
}

// next makes one random write and returns its change, or false when the
// write changed nothing.
func (w *writer) next() (graph.Change, bool) {
	var ents []graph.Entity
	var rels []graph.Relationship
	var delE, delR []string
	for range 1 + w.r.IntN(3) {
		switch k := w.r.IntN(20); {
		case k < 6:
			ents = append(ents, w.entity())
		case k < 16:
			rels = append(rels, w.relationship())
		case k < 18:
			if len(w.m.rels) > 0 {
				ids := slices.Sorted(maps.Keys(w.m.rels))
				delR = append(delR, ids[w.r.IntN(len(ids))])
			}
		default:
			delE = append(delE, w.entityID())
		}
	}
	return w.m.write(ents, rels, delE, delR)
}

// The incremental snapshot equals a full rebuild after a random sequence
// of 10,000 writes of every kind: entities created, renamed, relabelled,
// hidden and deleted with their ties; ties created, strengthened, retyped,
// moved and deleted; parallel and equally strong ties, past ties, stances
// and ties that cannot introduce.
func TestApplyEqualsBuild(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for seed := range uint64(2) {
		m := newModel()
		w := &writer{r: rand.New(rand.NewPCG(seed, 7)), m: m}
		snap, err := snapshot.Build(ctx, m.stream, snapshot.Options{Now: now})
		require.NoError(t, err)
		var pending []graph.Change
		for n := 1; n <= 10_000; n++ {
			c, ok := w.next()
			if !ok {
				continue
			}
			pending = append(pending, c)
			// Replay one change at a time, or several at once.
			if w.r.IntN(4) == 0 && n%500 != 0 {
				continue
			}
			next, err := snap.Apply(ctx, pending)
			if err != nil {
				for _, c := range pending {
					t.Logf("%+v", c)
				}
			}
			require.NoError(t, err, "seed %d, write %d", seed, n)
			require.Equal(t, m.version, next.Version())
			snap, pending = next, nil
			if n%500 == 0 {
				full, err := snapshot.Build(ctx, m.stream, snapshot.Options{Now: now})
				require.NoError(t, err)
				require.Equal(t, snapshottest.Canon(t, full), snapshottest.Canon(t, snap), "seed %d, after %d writes", seed, n)
			}
		}
		t.Logf("seed %d: %d entities, %d ties, %d walk ties, %d parallel, %s", seed,
			len(m.ents), len(m.rels), snap.Stats().WalkTies, snap.Stats().Parallel, snap.String())
	}
}

// Apply refuses changes that do not follow on from the snapshot, and ties
// it does not hold, so that the caller builds afresh.
func TestApplyRefusesWhatDoesNotFit(t *testing.T) {
	ctx := context.Background()
	m := newModel()
	m.write([]graph.Entity{{ID: "a", Kind: graph.KindPerson, Name: "A"}, {ID: "b", Kind: graph.KindPerson, Name: "B"}}, nil, nil, nil)
	snap, err := snapshot.Build(ctx, m.stream, snapshot.Options{})
	require.NoError(t, err)
	c, _ := m.write(nil, []graph.Relationship{{Source: "a", Target: "b", Type: graph.Knows}}, nil, nil)

	gap := c
	gap.Version++
	_, err = snap.Apply(ctx, []graph.Change{gap})
	require.Equal(t, graph.Conflict, graph.CodeOf(err))

	over := graph.Change{Version: c.Version, Overflow: true}
	_, err = snap.Apply(ctx, []graph.Change{over})
	require.Equal(t, graph.Conflict, graph.CodeOf(err))

	unknown := graph.Change{Version: c.Version, RelationshipsBefore: []graph.Relationship{{ID: "x", Source: "a", Target: "b", Type: graph.Knows, Strength: 0.5}}}
	_, err = snap.Apply(ctx, []graph.Change{unknown})
	require.Equal(t, graph.Conflict, graph.CodeOf(err))

	next, err := snap.Apply(ctx, []graph.Change{c})
	require.NoError(t, err)
	require.Len(t, next.Ties(0, 1), 1)
	require.Empty(t, snap.Ties(0, 1), "the snapshot applied to is unchanged")
}

// Without equals a build of the graph with the hidden entities and their
// ties left out, and replaying changes after it, as viewers' snapshot
// does, keeps it equal.
func TestWithoutEqualsBuildOfWhatIsShown(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	m := newModel()
	w := &writer{r: rand.New(rand.NewPCG(3, 7)), m: m}
	for range 3000 {
		w.next()
	}
	private := m.private
	shown := m.shown
	full, err := snapshot.Build(ctx, m.stream, snapshot.Options{Now: now})
	require.NoError(t, err)
	require.NotZero(t, full.Stats().Private)
	pub, err := full.Without(ctx, func(i int32) bool { return full.Node(i).Private })
	require.NoError(t, err)
	want, err := snapshot.Build(ctx, shown, snapshot.Options{Now: now})
	require.NoError(t, err)
	require.Equal(t, snapshottest.Canon(t, want), snapshottest.Canon(t, pub))
	for i := range int32(pub.Len()) {
		if full.Node(i).Private {
			require.False(t, pub.Live(i))
			_, ok := pub.Index(full.ID(i))
			require.False(t, ok)
		}
	}
	// The full snapshot is untouched.
	require.Equal(t, snapshottest.Canon(t, full), snapshottest.Canon(t, must(snapshot.Build(ctx, m.stream, snapshot.Options{Now: now}))))

	// Writes that touch only entities shown, replayed onto both.
	for n := range 500 {
		var ents []graph.Entity
		var rels []graph.Relationship
		for range 2 {
			e := w.entity()
			if private(e.ID) {
				continue
			}
			e.Private, e.Labels = false, nil
			ents = append(ents, e)
			if r := w.relationship(); !private(r.Source) && !private(r.Target) {
				rels = append(rels, r)
			}
		}
		c, ok := m.write(ents, rels, nil, nil)
		if !ok {
			continue
		}
		full = must(full.Apply(ctx, []graph.Change{c}))
		pub = must(pub.Apply(ctx, []graph.Change{c}))
		if n%100 == 0 {
			want := must(snapshot.Build(ctx, shown, snapshot.Options{Now: now}))
			require.Equal(t, snapshottest.Canon(t, want), snapshottest.Canon(t, pub), "after %d writes", n)
			require.Equal(t, snapshottest.Canon(t, must(snapshot.Build(ctx, m.stream, snapshot.Options{Now: now}))), snapshottest.Canon(t, full))
		}
	}
}

// private reports whether the entity id is hidden from viewers.
func (m *model) private(id string) bool {
	e, ok := m.ents[id]
	return ok && e.IsPrivate()
}

// shown streams what viewers see: no private entity, and no tie to one.
func (m *model) shown(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
	return m.stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if e.IsPrivate() {
				return nil
			}
			return fn.Entity(e)
		},
		Relationship: func(r *graph.Relationship) error {
			if m.private(r.Source) || m.private(r.Target) {
				return nil
			}
			return fn.Relationship(r)
		},
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestWithoutSharesTheWalk: viewers' snapshot of a build is the full walk
// with each row cut short, no row copied; an entity added later takes an
// index after the private ones, and only the rows it joins that also hold
// a private neighbour are copied.
func TestWithoutSharesTheWalk(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	m := newModel()
	require.NoError(t, synth.Generate(synth.Config{Entities: 3000, Seed: 7}, graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { m.ents[e.ID] = *e; return nil },
		Relationship: func(r *graph.Relationship) error { m.rels[r.ID] = *r; return nil },
	}))
	shown := m.shown
	full := must(snapshot.Build(ctx, m.stream, snapshot.Options{Now: now}))
	require.Greater(t, full.Stats().Private, 100)
	hide := func(s *snapshot.Snapshot) func(int32) bool {
		return func(i int32) bool { return s.Node(i).Private }
	}
	pub := must(full.Without(ctx, hide(full)))
	require.Equal(t, snapshottest.Canon(t, must(snapshot.Build(ctx, shown, snapshot.Options{Now: now}))), snapshottest.Canon(t, pub))
	require.Same(t, &full.Walk().Adj[0], &pub.Walk().Adj[0])
	require.Equal(t, len(full.Walk().Adj), len(pub.Walk().Adj), "rows were copied")

	// A person shown to viewers, tied to someone with a private neighbour.
	var u int32 = -1
	for i := range int32(full.Len()) {
		adj, _ := full.Walk().Row(i)
		if !full.Node(i).Private && len(adj) > 1 && full.Node(adj[len(adj)-1]).Private {
			u = i
			break
		}
	}
	require.NotEqual(t, int32(-1), u)
	e := graph.Entity{ID: "zz-newcomer", Kind: graph.KindPerson, Name: "New Comer"}
	r := graph.Relationship{Source: e.ID, Target: full.ID(u), Type: graph.Knows, Strength: 0.5}
	c, ok := m.write([]graph.Entity{e}, []graph.Relationship{r}, nil, nil)
	require.True(t, ok)
	c.Version = full.Version() + 1
	after := must(full.Apply(ctx, []graph.Change{c}))
	before := len(after.Walk().Adj)
	pub = must(after.Without(ctx, hide(after)))
	require.Equal(t, snapshottest.Canon(t, must(snapshot.Build(ctx, shown, snapshot.Options{Now: now}))), snapshottest.Canon(t, pub))
	shownRow, _ := pub.Walk().Row(u)
	require.Equal(t, before+len(shownRow), len(pub.Walk().Adj), "only the newcomer's neighbour's row is copied")
}

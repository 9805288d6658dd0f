package neo4j_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

// revs is a graph as the revisions of its records, by id.
type revs struct {
	Entities      map[string]string
	Relationships map[string]string
}

// listed reads the graph through Entities and Relationships, which are not
// one snapshot: only while nothing writes.
func listed(t *testing.T, s graph.Store) revs {
	t.Helper()
	out := revs{map[string]string{}, map[string]string{}}
	es, err := s.Entities(t.Context(), graph.EntityQuery{})
	require.NoError(t, err)
	for _, e := range es {
		out.Entities[e.ID] = e.Revision()
	}
	rs, err := s.Relationships(t.Context(), graph.RelationshipQuery{})
	require.NoError(t, err)
	for _, r := range rs {
		out.Relationships[r.ID] = r.Revision()
	}
	return out
}

// streamed reads the graph through Stream, calling during before each
// record is handed over; it fails t when a record comes twice or an
// entity after a relationship.
func streamed(t *testing.T, s graph.Store, during func(kind string, i int)) (revs, uint64, error) {
	out := revs{map[string]string{}, map[string]string{}}
	ne, nr := 0, 0
	v, err := s.Stream(context.Background(), graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if nr > 0 {
				return fmt.Errorf("entity %s after a relationship", e.ID)
			}
			if during != nil {
				during("entity", ne)
			}
			ne++
			if _, dup := out.Entities[e.ID]; dup {
				return fmt.Errorf("entity %s twice", e.ID)
			}
			out.Entities[e.ID] = e.Revision()
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			if during != nil {
				during("relationship", nr)
			}
			nr++
			if _, dup := out.Relationships[r.ID]; dup {
				return fmt.Errorf("relationship %s twice", r.ID)
			}
			out.Relationships[r.ID] = r.Revision()
			return nil
		},
	})
	return out, v, err
}

// TestStreamThroughWrites: writes that commit during a stream, of every
// kind, before and after the records they touch were handed over, leave
// the stream exactly the graph at the version it started at.
func TestStreamThroughWrites(t *testing.T) {
	s := neo4jtest.Open(t)
	s.SetLimits(0, 0, 0, 7) // pages of 7 records: the writes land between pages
	ctx := t.Context()
	b := storetest.SmallMap()
	gen := storetest.Generated("g", 40, 90, 3)
	b.Entities = append(b.Entities, gen.Entities...)
	b.Relationships = append(b.Relationships, gen.Relationships...)
	b.Relationships = append(b.Relationships, graph.Relationship{ID: "tie-1", Source: "g000030", Target: "g000031", Type: graph.Knows})
	_, err := s.Apply(ctx, b)
	require.NoError(t, err)
	want, v0 := listed(t, s), version(t, s)

	writes := []*graph.Batch{
		// While the entities stream, the first page handed over: rename
		// one already handed over and one to come, delete one to come and
		// one handed over (with their ties), create one to come and one
		// that sorts first, move a tie to other ends and another type.
		{
			Entities: []graph.Entity{
				{ID: storetest.AaronOrtiz, Kind: graph.KindOfficial, Name: "Renamed Early"},
				{ID: "g000020", Kind: graph.KindPerson, Name: "Renamed Late"},
				{ID: "zz-new", Kind: graph.KindPerson, Name: "New Late"},
				{ID: "a-new", Kind: graph.KindPerson, Name: "New Early"},
			},
			Relationships: []graph.Relationship{
				{Source: "zz-new", Target: "g000001", Type: graph.FriendOf},
				{ID: "tie-1", Source: "g000002", Target: storetest.RiversideCoalition, Type: graph.MemberOf},
			},
			DeleteEntities: []string{"g000035", storetest.AnaReyes},
		},
		// Then, while the relationships stream: delete the new one again,
		// and re-create one deleted above.
		{
			DeleteEntities: []string{"zz-new"},
			Entities:       []graph.Entity{{ID: "g000035", Kind: graph.KindOrganization, Name: "Back"}},
		},
		{DeleteRelationships: []string{"tie-1"}},
	}
	next := 0
	write := func() {
		_, err := s.Apply(ctx, writes[next])
		require.NoError(t, err)
		next++
	}
	got, v, err := streamed(t, s, func(kind string, i int) {
		switch {
		case kind == "entity" && i == 1, kind == "relationship" && i == 0, kind == "relationship" && i == 20:
			write()
		}
	})
	require.NoError(t, err)
	require.Equal(t, 3, next)
	assert.Equal(t, v0, v, "the stream says the version it read")
	assert.Equal(t, want, got)
	assert.Equal(t, v0+3, version(t, s))

	// Read again, the stream sees the writes.
	got, v, err = streamed(t, s, nil)
	require.NoError(t, err)
	assert.Equal(t, v0+3, v)
	assert.Equal(t, listed(t, s), got)
}

// TestStreamUnderWriteLoad: while a writer keeps writing, every stream
// returns exactly the graph at the version it says, for many versions.
func TestStreamUnderWriteLoad(t *testing.T) {
	s := neo4jtest.Open(t)
	s.SetLimits(0, 0, 0, 97)
	ctx := t.Context()
	_, err := s.Apply(ctx, storetest.Generated("h", 400, 1000, 1))
	require.NoError(t, err)

	var mu sync.Mutex
	at := map[uint64]revs{version(t, s): listed(t, s)}
	stop := make(chan struct{})
	var writes int
	var wg sync.WaitGroup
	wg.Go(func() {
		rng := rand.New(rand.NewPCG(7, 7))
		exists := map[string]bool{}
		for i := range 400 {
			exists[fmt.Sprintf("h%06d", i)] = true
		}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			b := randomWrite(rng, i, exists)
			if _, err := s.Apply(ctx, b); err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
			// The only writer: what it lists now is the graph at this
			// version.
			v, err := s.Version(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			r := listed(t, s)
			mu.Lock()
			at[v] = r
			writes++
			mu.Unlock()
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	versions := map[uint64]bool{}
	streams, overlapped := 0, 0
	for time.Now().Before(deadline) && overlapped < 6 {
		got, v, err := streamed(t, s, nil)
		require.NoError(t, err)
		streams++
		versions[v] = true
		if version(t, s) != v {
			overlapped++ // a write committed during the stream, or just after
		}
		var want revs
		for wait := time.Now(); want.Entities == nil && time.Since(wait) < 10*time.Second; {
			mu.Lock()
			want = at[v]
			mu.Unlock()
			time.Sleep(time.Millisecond) // the writer may not have listed v yet
		}
		require.Equal(t, want, got, "stream %d at version %d", streams, v)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d streams at %d versions, %d of them overlapped by writes; %d writes", streams, len(versions), overlapped, writes)
	assert.GreaterOrEqual(t, overlapped, 6, "writes ran during the streams")
}

// randomWrite makes the i-th write of the one writer, which knows which
// entities exist: renames and creations, new ties and ties that move to
// other ends and types (ids own-N), and deletes of entities with their
// ties.
func randomWrite(rng *rand.Rand, i int, exists map[string]bool) *graph.Batch {
	id := func() string { return fmt.Sprintf("h%06d", rng.IntN(420)) } // some are new
	b := &graph.Batch{}
	inBatch := map[string]bool{}
	put := func(id, name string) {
		if !inBatch[id] {
			inBatch[id] = true
			b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: name})
		}
	}
	for range 1 + rng.IntN(4) {
		put(id(), fmt.Sprintf("Write %d", i))
	}
	types := []graph.RelType{graph.Knows, graph.ColleagueOf, graph.Advises}
	for k := range rng.IntN(3) {
		src, tgt := id(), id()
		if src == tgt {
			continue
		}
		put(src, fmt.Sprintf("End %d", i))
		put(tgt, fmt.Sprintf("End %d", i))
		b.Relationships = append(b.Relationships, graph.Relationship{ID: fmt.Sprintf("own-%d", (rng.IntN(30)+k*30)%60),
			Source: src, Target: tgt, Type: types[rng.IntN(len(types))], Strength: float64(1+rng.IntN(9)) / 10})
	}
	if rng.IntN(3) == 0 {
		if d := id(); exists[d] && !inBatch[d] {
			b.DeleteEntities = []string{d}
			delete(exists, d)
		}
	}
	for id := range inBatch {
		exists[id] = true
	}
	return b
}

// TestStreamConflictWhenLogCannotSay: a write too large for the log
// during a stream that has handed records over fails it with Conflict;
// the next stream works.
func TestStreamConflictWhenLogCannotSay(t *testing.T) {
	s := neo4jtest.Open(t)
	s.SetLimits(0, 0, 2, 3)
	ctx := t.Context()
	_, err := s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	wrote := false
	_, _, err = streamed(t, s, func(kind string, i int) {
		if !wrote {
			wrote = true
			_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{
				{ID: "zz-1", Kind: graph.KindPerson, Name: "Late One"}, {ID: "zz-2", Kind: graph.KindPerson, Name: "Late Two"},
				{ID: "zz-3", Kind: graph.KindPerson, Name: "Late Three"}}})
			require.NoError(t, err)
		}
	})
	require.True(t, wrote)
	require.Error(t, err)
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "%v", err)

	got, _, err := streamed(t, s, nil)
	require.NoError(t, err)
	assert.Len(t, got.Entities, 10)
}

// TestChangeLogBounds: the log keeps its latest changes, by count and by
// records; a write too large for it logs an Overflow; a long change is
// stored gzipped and reads back whole.
func TestChangeLogBounds(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	logged := func() []int64 {
		var out []int64
		for _, rec := range query(t, "MATCH (c:PowermapChange) RETURN c.version AS v ORDER BY v", nil) {
			v, _ := rec.Get("v")
			out = append(out, v.(int64))
		}
		return out
	}
	person := func(i int) graph.Entity {
		return graph.Entity{ID: fmt.Sprintf("p%d", i), Kind: graph.KindPerson, Name: fmt.Sprintf("Person %d", i)}
	}

	t.Run("ByCount", func(t *testing.T) {
		s.SetLimits(3, 0, 0, 0)
		defer s.SetLimits(10_000, 0, 0, 0)
		v0 := version(t, s)
		for i := range 5 {
			_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{person(i)}})
			require.NoError(t, err)
		}
		v := int64(v0 + 5)
		assert.Equal(t, []int64{v - 2, v - 1, v}, logged())
		_, complete, err := s.Changes(ctx, v0+1)
		require.NoError(t, err)
		assert.False(t, complete, "trimmed past v0+2")
		chs, complete, err := s.Changes(ctx, v0+2)
		require.NoError(t, err)
		assert.True(t, complete)
		assert.Len(t, chs, 3)
	})
	t.Run("ByRecords", func(t *testing.T) {
		s.SetLimits(0, 5, 0, 0)
		defer s.SetLimits(0, 1_000_000, 0, 0)
		v0 := version(t, s)
		for i := range 5 { // two records each: two entities created
			_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{person(100 + 2*i), person(101 + 2*i)}})
			require.NoError(t, err)
		}
		v := int64(v0 + 5)
		chs, complete, err := s.Changes(ctx, v0+2)
		require.NoError(t, err)
		require.True(t, complete)
		require.Len(t, chs, 3)
		assert.Equal(t, int64(chs[0].Version), v-2)
		assert.Equal(t, []int64{v - 2, v - 1, v}, logged()[len(logged())-3:])
		_, complete, err = s.Changes(ctx, v0+1)
		require.NoError(t, err)
		assert.False(t, complete)
	})
	t.Run("Overflow", func(t *testing.T) {
		s.SetLimits(0, 0, 2, 0)
		defer s.SetLimits(0, 0, graph.MaxChangeRecords, 0)
		v0 := version(t, s)
		_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{person(200), person(201), person(202)}})
		require.NoError(t, err)
		chs, complete, err := s.Changes(ctx, v0)
		require.NoError(t, err)
		require.True(t, complete)
		require.Len(t, chs, 1)
		assert.Equal(t, graph.Change{Version: v0 + 1, Overflow: true}, chs[0])
	})
	t.Run("Gzipped", func(t *testing.T) {
		v0 := version(t, s)
		b := storetest.Generated("gz", 300, 500, 4)
		_, err := s.Apply(ctx, b)
		require.NoError(t, err)
		recs := query(t, "MATCH (c:PowermapChange {version: $v}) RETURN c.data IS NULL AS text, c.gz IS NOT NULL AS gz, c.records AS n",
			map[string]any{"v": int64(v0 + 1)})
		require.Len(t, recs, 1)
		assert.Equal(t, map[string]any{"text": true, "gz": true, "n": int64(800)}, recs[0].AsMap())
		chs, complete, err := s.Changes(ctx, v0)
		require.NoError(t, err)
		require.True(t, complete)
		require.Len(t, chs, 1)
		assert.Len(t, chs[0].EntitiesAfter, 300)
		assert.Len(t, chs[0].RelationshipsAfter, 500)
	})
	t.Run("Gap", func(t *testing.T) {
		// A powermap that kept no log moved the version: the log cannot
		// say what happened at that version.
		v0 := version(t, s)
		query(t, "MATCH (m:PowermapMeta) SET m.version = m.version + 1", nil)
		_, complete, err := s.Changes(ctx, v0)
		require.NoError(t, err)
		assert.False(t, complete)
		_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{person(300)}})
		require.NoError(t, err)
		_, complete, err = s.Changes(ctx, v0)
		require.NoError(t, err)
		assert.False(t, complete, "a gap inside the log")
		chs, complete, err := s.Changes(ctx, v0+1)
		require.NoError(t, err)
		assert.True(t, complete)
		assert.Len(t, chs, 1)
	})
}

func version(t *testing.T, s *neo4j.Store) uint64 {
	t.Helper()
	v, err := s.Version(t.Context())
	require.NoError(t, err)
	return v
}

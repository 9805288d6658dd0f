package embedded

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/storetest"
)

// openTemp opens a store in a new temporary folder, checks its consistency
// when the test ends, and closes it.
func openTemp(t testing.TB, opts ...Option) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		if !t.Failed() {
			require.NoError(t, s.Check(context.Background()), "consistency check after the test")
		}
		require.NoError(t, s.Close())
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return openTemp(t) })
}

// TestChangeLog runs the change-log conformance suite: the embedded store
// keeps its recent changes in memory.
func TestChangeLog(t *testing.T) {
	storetest.RunChanges(t, func(t *testing.T) graph.Store { return openTemp(t) })
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	s, err := Open(dir)
	require.NoError(t, err)
	_, err = s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	want, err := s.Counts(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	got, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	found, err := s.Search(ctx, "aaron ortiz", 1)
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, storetest.AaronOrtiz, found[0].ID)
	require.NoError(t, s.Check(ctx))
	assert.FileExists(t, filepath.Join(dir, FileName))
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)

	// bbolt's file lock also holds between two opens in one process.
	_, err = Open(dir, WithLockTimeout(50*time.Millisecond))
	require.Error(t, err)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err))
	assert.Contains(t, err.Error(), "in use")

	require.NoError(t, s.Close())
	_, err = s.Entity(t.Context(), "x")
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "closed store: %v", err)
	_, err = s.Apply(t.Context(), storetest.SmallMap())
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "closed store: %v", err)

	_, err = Open("")
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))

	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = Open(file)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "a file where the folder should be: %v", err)
}

// TestReadOnly opens a store read-only: it must exist, several readers
// share it while a writer waits, and it refuses writes.
func TestReadOnly(t *testing.T) {
	ctx := t.Context()
	missing := filepath.Join(t.TempDir(), "missing")
	_, err := Open(missing, ReadOnly())
	assert.Equal(t, graph.NotFound, graph.CodeOf(err), "%v", err)
	assert.NoDirExists(t, missing, "a read-only open creates nothing")

	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	_, err = s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	_, err = Open(dir, ReadOnly(), WithLockTimeout(50*time.Millisecond))
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "a writer holds the store: %v", err)
	require.NoError(t, s.Close())

	a, err := Open(dir, ReadOnly(), WithLockTimeout(50*time.Millisecond))
	require.NoError(t, err)
	b, err := Open(dir, ReadOnly(), WithLockTimeout(50*time.Millisecond))
	require.NoError(t, err, "readers share the store")
	_, err = Open(dir, WithLockTimeout(50*time.Millisecond))
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "a writer waits for the readers: %v", err)

	e, err := b.Entity(ctx, storetest.AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, storetest.AaronOrtiz, e.ID)
	_, err = a.Apply(ctx, storetest.SmallMap())
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "%v", err)
	assert.Contains(t, graph.MessageOf(err), "read-only")
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		return putUint(tx.Bucket(bucketMeta), keySchema, schemaVersion+1)
	}))
	require.NoError(t, s.Close())
	_, err = Open(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "newer")
}

// A file of schema 1 has no identifiers index: Open builds it.
func TestOpenIndexesIdentifiersOfSchema1(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	e := graph.Entity{ID: "bioguide:S001217", Kind: graph.KindOfficial, Name: "Rick Scott"}
	e.AddIdentifier(graph.SchemeBioguide, "S001217")
	_, err = s.Apply(t.Context(), &graph.Batch{Entities: []graph.Entity{e}})
	require.NoError(t, err)
	require.NoError(t, s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketIdentifiers); err != nil {
			return err
		}
		return putUint(tx.Bucket(bucketMeta), keySchema, 1)
	}))
	require.NoError(t, s.Close())

	s, err = Open(dir)
	require.NoError(t, err)
	defer s.Close()
	id := graph.Identifier{Scheme: graph.SchemeBioguide, Value: "S001217"}
	got, err := s.LookupIdentifiers(t.Context(), []graph.Identifier{id})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, e.ID, got[0].ID)
	require.NoError(t, s.Check(t.Context()))
}

func TestLongIDsAreInvalid(t *testing.T) {
	s := openTemp(t)
	long := strings.Repeat("x", MaxIDLength+1)
	_, err := s.Apply(t.Context(), &graph.Batch{Entities: []graph.Entity{{ID: long, Kind: graph.KindPerson, Name: "Long"}}})
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	_, err = s.Apply(t.Context(), &graph.Batch{
		Entities:      []graph.Entity{{ID: "short", Kind: graph.KindPerson, Name: "Short"}},
		Relationships: []graph.Relationship{{Source: "short", Target: long, Type: graph.Knows}},
	})
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	assert.Zero(t, c.Entities)
}

// countdown is a context whose Err starts failing after n calls: it cancels
// an operation in the middle, at a point the test chooses.
type countdown struct {
	context.Context
	n atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancelInsideApplyRollsBack(t *testing.T) {
	s := openTemp(t)
	_, err := s.Apply(t.Context(), storetest.SmallMap())
	require.NoError(t, err)
	v, err := s.Version(t.Context())
	require.NoError(t, err)
	for _, n := range []int64{1, 2, 5, 20} {
		b := storetest.Generated("c", 2000, 5000, 1)
		b.DeleteEntities = []string{storetest.BenOkafor}
		_, err = s.Apply(newCountdown(n), b)
		require.Error(t, err, "cancelled after %d checks", n)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, graph.Unavailable, graph.CodeOf(err))
		c, err := s.Counts(t.Context())
		require.NoError(t, err)
		assert.Equal(t, int64(7), c.Entities, "a cancelled Apply writes nothing")
		assert.Equal(t, v, c.Version)
	}
}

func TestCancelInsideStream(t *testing.T) {
	s := openTemp(t)
	_, err := s.Apply(t.Context(), storetest.Generated("c", 1000, 3000, 1))
	require.NoError(t, err)
	seen := 0
	_, err = s.Stream(newCountdown(3), graph.StreamFuncs{
		Entity:       func(*graph.Entity) error { seen++; return nil },
		Relationship: func(*graph.Relationship) error { seen++; return nil },
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, seen, 4000)
}

func TestCheckFindsDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		field  string
	}{
		{"missing adjacency entry", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketAdjacency).Delete(adjKey(storetest.AnaReyes, graph.DefaultRelationshipID(storetest.AnaReyes, storetest.BenOkafor, graph.Knows)))
		}, "source"},
		{"dangling adjacency entry", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketAdjacency).Put(adjKey(storetest.AnaReyes, "ghost"), nil)
		}, "adjacency"},
		{"missing search entry", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSearch).Delete(searchKey("ortiz", storetest.AaronOrtiz))
		}, "search"},
		{"stale search entry", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSearch).Put(searchKey("zelda", storetest.AaronOrtiz), nil)
		}, "search"},
		{"wrong count", func(tx *bolt.Tx) error {
			return putUint(tx.Bucket(bucketMeta), keyEntities, 99)
		}, "counts"},
		{"wrong kind count", func(tx *bolt.Tx) error {
			return putUint(tx.Bucket(bucketMeta), kindKey(graph.KindOrganization), 0)
		}, "counts"},
		{"relationship without its entity", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEntities).Delete([]byte(storetest.ChloeMartin))
		}, "source"},
		{"undecodable record", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEntities).Put([]byte(storetest.DanaWhitfield), []byte{entityFormat, 200})
		}, "entity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.TempDir())
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Apply(t.Context(), storetest.SmallMap())
			require.NoError(t, err)
			require.NoError(t, s.Check(t.Context()))
			require.NoError(t, s.db.Update(tc.damage))
			err = s.Check(t.Context())
			require.Error(t, err)
			assert.Equal(t, graph.Internal, graph.CodeOf(err))
			var fields []string
			for _, d := range graph.DetailsOf(err) {
				fields = append(fields, d.Field)
			}
			assert.Contains(t, fields, tc.field, "%v", err)
		})
	}
}

func TestStreamReadsOneSnapshot(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	before, err := s.Version(ctx)
	require.NoError(t, err)
	wrote := false
	var ents, rels int
	v, err := s.Stream(ctx, graph.StreamFuncs{
		Entity: func(*graph.Entity) error {
			ents++
			if !wrote {
				// A write that commits while the stream is open.
				wrote = true
				_, err := s.Apply(ctx, storetest.Generated("mid", 10, 20, 1))
				return err
			}
			return nil
		},
		Relationship: func(*graph.Relationship) error { rels++; return nil },
	})
	require.NoError(t, err)
	assert.Equal(t, before, v)
	assert.Equal(t, 7, ents)
	assert.Equal(t, 8, rels)
	after, err := s.Version(ctx)
	require.NoError(t, err)
	assert.Greater(t, after, before)
}

func TestConcurrentReadersAndWriters(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				_, err := s.Apply(ctx, storetest.Generated(fmt.Sprintf("w%d-%d-", w, i), 20, 30, uint64(i)))
				assert.NoError(t, err)
			}
		}()
	}
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				c, err := s.Counts(ctx)
				assert.NoError(t, err)
				var n int64
				_, err = s.Stream(ctx, graph.StreamFuncs{Relationship: func(*graph.Relationship) error { n++; return nil }})
				assert.NoError(t, err)
				assert.GreaterOrEqual(t, n, c.Relationships, "relationships only grow here")
				_, err = s.Search(ctx, "ana", 3)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(7+2*10*20), c.Entities)
}

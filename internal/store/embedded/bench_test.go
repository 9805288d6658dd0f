package embedded

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

// benchConfig is a synthetic map with about rels relationships: ten ties
// per entity, seed fixed.
func benchConfig(rels int) synth.Config {
	return synth.Config{Entities: rels / 10, Seed: 42, TiesPerEntity: 10}
}

// BenchmarkApply100k imports a 100k-relationship synthetic map into a new
// store in one batch, as `powermap import` does, and reports
// records (entities + relationships) per second.
func BenchmarkApply100k(b *testing.B) {
	batch := synth.Batch(benchConfig(100_000))
	records := len(batch.Entities) + len(batch.Relationships)
	b.Logf("%d entities, %d relationships", len(batch.Entities), len(batch.Relationships))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(b.TempDir())
		require.NoError(b, err)
		b.StartTimer()
		st, err := s.Apply(context.Background(), batch)
		require.NoError(b, err)
		b.StopTimer()
		require.Equal(b, len(batch.Relationships), st.RelationshipsCreated)
		require.NoError(b, s.Close())
		b.StartTimer()
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// loadBench fills a new store with a synthetic map of about rels
// relationships, in batches of 50k records.
func loadBench(b testing.TB, rels int) (*Store, int) {
	b.Helper()
	s, err := Open(b.TempDir())
	require.NoError(b, err)
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	batch := &graph.Batch{}
	flush := func() error {
		if _, err := s.Apply(ctx, batch); err != nil {
			return err
		}
		batch = &graph.Batch{}
		return nil
	}
	n := 0
	err = synth.Generate(benchConfig(rels), graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			batch.Entities = append(batch.Entities, *e)
			if len(batch.Entities) == 50_000 {
				return flush()
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			if len(batch.Entities) > 0 {
				if err := flush(); err != nil {
					return err
				}
			}
			n++
			batch.Relationships = append(batch.Relationships, *r)
			if len(batch.Relationships) == 50_000 {
				return flush()
			}
			return nil
		},
	})
	require.NoError(b, err)
	require.NoError(b, flush())
	return s, n
}

// BenchmarkStream streams a whole store out, as the analysis snapshot does,
// and reports relationships per second.
func BenchmarkStream(b *testing.B) {
	for _, size := range []struct {
		name string
		rels int
	}{{"100k", 100_000}, {"1M", 1_000_000}} {
		var s *Store
		var rels int
		parent := b
		b.Run(size.name, func(b *testing.B) {
			if s == nil {
				// Loaded once, for the parent's lifetime: the sub-benchmark
				// runs several times while b.N grows.
				s, rels = loadBench(parent, size.rels)
				b.Logf("%d relationships", rels)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var ne, nr int
				_, err := s.Stream(context.Background(), graph.StreamFuncs{
					Entity:       func(*graph.Entity) error { ne++; return nil },
					Relationship: func(*graph.Relationship) error { nr++; return nil },
				})
				require.NoError(b, err)
				require.Equal(b, rels, nr)
			}
			b.ReportMetric(float64(rels)*float64(b.N)/b.Elapsed().Seconds(), "ties/s")
		})
	}
}

// BenchmarkSearch searches 100k synthetic entities for a one-letter prefix
// (the worst case: a large share of the index), a common first name
// prefix, and one full name.
func BenchmarkSearch(b *testing.B) {
	batch := synth.Batch(synth.Config{Entities: 100_000, Seed: 42, TiesPerEntity: 1})
	batch.Relationships = nil
	s, err := Open(b.TempDir())
	require.NoError(b, err)
	defer s.Close()
	_, err = s.Apply(context.Background(), batch)
	require.NoError(b, err)
	for _, q := range []struct{ name, q string }{{"letter", "a"}, {"prefix", "mar"}, {"name", batch.Entities[9000].Name}} {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				res, err := s.Search(context.Background(), q.q, 10)
				require.NoError(b, err)
				require.NotEmpty(b, res)
			}
		})
	}
}

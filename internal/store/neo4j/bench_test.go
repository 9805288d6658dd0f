package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

// The benchmark graph: 20,000 people and 100,000 KNOWS / FRIEND_OF ties,
// from a fixed seed.
const (
	benchEntities = 20_000
	benchRels     = 100_000
	benchSeed     = 42
)

// BenchmarkApply100k imports the benchmark graph into an empty database in
// one batch (one transaction) and reports records (entities plus
// relationships) per second.
func BenchmarkApply100k(b *testing.B) {
	s := neo4jtest.Open(b)
	for b.Loop() {
		b.StopTimer()
		neo4jtest.Reset(b)
		batch := storetest.Generated("b", benchEntities, benchRels, benchSeed)
		b.StartTimer()
		st, err := s.Apply(b.Context(), batch)
		if err != nil {
			b.Fatal(err)
		}
		if st.EntitiesCreated != benchEntities || st.RelationshipsCreated != benchRels {
			b.Fatalf("stats %+v", st)
		}
	}
	b.ReportMetric(float64(b.N*(benchEntities+benchRels))/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkApply100kUnchanged applies the benchmark graph again on top of
// itself: every record is read and compared, none written.
func BenchmarkApply100kUnchanged(b *testing.B) {
	s := neo4jtest.Open(b)
	if _, err := s.Apply(b.Context(), storetest.Generated("b", benchEntities, benchRels, benchSeed)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		batch := storetest.Generated("b", benchEntities, benchRels, benchSeed)
		b.StartTimer()
		st, err := s.Apply(b.Context(), batch)
		if err != nil {
			b.Fatal(err)
		}
		if st.Changed() {
			b.Fatalf("stats %+v", st)
		}
	}
	b.ReportMetric(float64(b.N*(benchEntities+benchRels))/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkStream100k streams the whole benchmark graph out.
func BenchmarkStream100k(b *testing.B) {
	s := neo4jtest.Open(b)
	if _, err := s.Apply(b.Context(), storetest.Generated("b", benchEntities, benchRels, benchSeed)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var n int
		_, err := s.Stream(b.Context(), graph.StreamFuncs{
			Entity:       func(*graph.Entity) error { n++; return nil },
			Relationship: func(*graph.Relationship) error { n++; return nil },
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != benchEntities+benchRels {
			b.Fatalf("streamed %d records", n)
		}
	}
	b.ReportMetric(float64(b.N*(benchEntities+benchRels))/b.Elapsed().Seconds(), "records/s")
}

package format

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// identifiedBatch makes n people with a fixed seed, each with a strong id
// (wikidata Q<k>) and, for one in three, an FEC id; ids begin with prefix.
func identifiedBatch(prefix string, n int, seed uint64) *graph.Batch {
	rng := rand.New(rand.NewPCG(seed, 2026))
	b := &graph.Batch{}
	for k := range n {
		e := graph.Entity{ID: fmt.Sprintf("%s%d", prefix, k), Kind: graph.KindPerson, Name: fmt.Sprintf("Person %d", k)}
		e.AddIdentifier(graph.SchemeWikidata, fmt.Sprintf("Q%d", k))
		if rng.IntN(3) == 0 {
			e.AddIdentifier(graph.SchemeFEC, fmt.Sprintf("H%08d", k))
		}
		b.Entities = append(b.Entities, e)
		if k > 0 {
			b.Relationships = append(b.Relationships, graph.Relationship{
				Source: e.ID, Target: fmt.Sprintf("%s%d", prefix, rng.IntN(k)), Type: graph.Knows})
		}
	}
	return b
}

// BenchmarkIdentify100k resolves and applies an import of 100,000 people
// and 100,000 ties into an embedded store that holds 50,000 of the same
// people under other ids: half the records merge, and every tie of theirs
// is rewritten.
func BenchmarkIdentify100k(b *testing.B) {
	benchIdentify(b, 100_000, func(b *testing.B) graph.Store {
		s, err := embedded.Open(b.TempDir(), embedded.WithoutSync())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}

// BenchmarkIdentify20kNeo4j is BenchmarkIdentify100k on Neo4j, smaller.
func BenchmarkIdentify20kNeo4j(b *testing.B) {
	benchIdentify(b, 20_000, func(b *testing.B) graph.Store { return neo4jtest.Open(b) })
}

// benchIdentify times resolve and Apply; the report metric resolve-ns/op
// is the resolution alone.
func benchIdentify(b *testing.B, n int, open func(*testing.B) graph.Store) {
	var resolving time.Duration
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		if _, err := s.Apply(b.Context(), identifiedBatch("old:", n/2, 1)); err != nil {
			b.Fatal(err)
		}
		batch := identifiedBatch("new:", n, 2)
		b.StartTimer()
		start := time.Now()
		rep := NewReport("bench")
		ix := newIdentities(s, rep)
		if err := ix.resolve(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		resolving += time.Since(start)
		st, err := s.Apply(b.Context(), batch)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if rep.MergeCount != n/2 || st.EntitiesCreated != n/2 || st.EntitiesUpdated+st.EntitiesUnchanged != n/2 {
			b.Fatalf("merged %d, stats %+v", rep.MergeCount, st)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(resolving.Nanoseconds())/float64(b.N), "resolve-ns/op")
}

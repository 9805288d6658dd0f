package graph_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// batchShape is a batch as "E,E|R": entity ids, then relationship ids.
func batchShape(b *graph.Batch) string {
	s := ""
	for i, e := range b.Entities {
		if i > 0 {
			s += ","
		}
		s += e.ID
	}
	s += "|"
	for i, r := range b.Relationships {
		if i > 0 {
			s += ","
		}
		s += r.ID
	}
	return s
}

func TestBatcherCutsInStreamOrder(t *testing.T) {
	var got []string
	w := &graph.Batcher{Size: 2, Flush: func(b *graph.Batch) error { got = append(got, batchShape(b)); return nil }}
	for _, id := range []string{"a", "b", "c"} {
		e := graph.Entity{ID: id}
		require.NoError(t, w.Entity(&e))
		e.ID = "changed" // the Batcher keeps a copy
	}
	for _, id := range []string{"r1", "r2"} {
		require.NoError(t, w.Relationship(&graph.Relationship{ID: id}))
	}
	assert.Equal(t, []string{"a,b|", "c|r1"}, got, "only full batches are written before Close")
	require.NoError(t, w.Close())
	assert.Equal(t, []string{"a,b|", "c|r1", "|r2"}, got)
	require.NoError(t, w.Close(), "a second Close writes nothing")
	assert.Len(t, got, 3)
}

func TestBatcherEmptyAndDefaultSize(t *testing.T) {
	n := 0
	w := &graph.Batcher{Flush: func(b *graph.Batch) error { n++; return nil }}
	require.NoError(t, w.Close())
	assert.Zero(t, n, "an empty stream writes no batch")
	for i := range graph.DefaultBatchSize + 1 {
		require.NoError(t, w.Entity(&graph.Entity{ID: fmt.Sprint(i)}))
	}
	assert.Equal(t, 1, n)
	require.NoError(t, w.Close())
	assert.Equal(t, 2, n)
}

func TestBatcherStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	w := &graph.Batcher{Size: 1, Flush: func(*graph.Batch) error { calls++; return boom }}
	assert.ErrorIs(t, w.Entity(&graph.Entity{ID: "a"}), boom)
	assert.ErrorIs(t, w.Relationship(&graph.Relationship{ID: "r"}), boom)
	assert.ErrorIs(t, w.Close(), boom)
	assert.Equal(t, 1, calls, "nothing is written after a failed batch")
}

func ExampleBatcher() {
	w := &graph.Batcher{Size: 2, Flush: func(b *graph.Batch) error {
		fmt.Println(len(b.Entities), "entities,", len(b.Relationships), "relationships")
		return nil // a store would Apply(ctx, b) here
	}}
	stream := w.Funcs()
	for _, id := range []string{"ana", "ben", "cy"} {
		_ = stream.Entity(&graph.Entity{ID: id, Kind: graph.KindPerson, Name: id})
	}
	_ = stream.Relationship(&graph.Relationship{Source: "ana", Target: "cy", Type: graph.Knows})
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2 entities, 0 relationships
	// 1 entities, 1 relationships
}

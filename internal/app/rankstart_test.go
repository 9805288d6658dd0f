package app

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// TestRankCacheKeepsStarts: the cache keeps one Start per computation, the
// latest maxStarts, carries them over to the next snapshot, and never
// answers a ranking with one.
func TestRankCacheKeepsStarts(t *testing.T) {
	ctx := context.Background()
	b := &graph.Batch{}
	for i := range 30 {
		b.Entities = append(b.Entities, graph.Entity{ID: "p" + strconv.Itoa(i), Name: "P", Kind: graph.KindPerson})
		if i > 0 {
			b.Relationships = append(b.Relationships, graph.Relationship{Source: "p" + strconv.Itoa(i), Target: "p" + strconv.Itoa(i/2), Type: graph.Knows, Strength: 0.5})
		}
	}
	snap1, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
	require.NoError(t, err)
	snap2, err := snapshot.FromBatch(ctx, b, 2, snapshot.Options{})
	require.NoError(t, err)

	var rc rankCache
	var queries []rank.Query
	for _, types := range [][]graph.RelType{nil, {graph.Knows}} {
		for _, weighted := range []bool{true, false} {
			for _, top := range []int{5, 10} {
				queries = append(queries, rank.Query{Algo: rank.AlgoPageRank, Types: types, Weighted: weighted, Top: top})
			}
		}
	}
	queries = append(queries, rank.Query{Algo: rank.AlgoPageRank, Kind: graph.KindPerson, Within: true, Top: 5},
		rank.Query{Algo: rank.AlgoDegree, Top: 5})
	starts := func() int {
		for _, r := range rc.m {
			assert.Nil(t, r.Start(), "a cached ranking holds no Start: the cache keeps one per computation")
		}
		for _, r := range rc.starts {
			assert.NotNil(t, r.Start())
		}
		return len(rc.starts)
	}
	for i, q := range queries {
		res, err := rank.RunFrom(ctx, snap1, q, rc.start(q))
		require.NoError(t, err)
		rc.keep(snap1, rankKey(q), res)
		cached, ok := rc.get(snap1, rankKey(q))
		require.True(t, ok)
		assert.Equal(t, res.Results, cached.Results)
		if q.Algo == rank.AlgoPageRank {
			require.NotNil(t, rc.start(q), "query %d", i)
			assert.Equal(t, rank.StartKey(q), rc.start(q).Key())
		}
		assert.LessOrEqual(t, starts(), maxStarts)
	}
	assert.Equal(t, maxStarts, starts())

	// The latest computations' Starts are kept: queries come in pairs of
	// one computation (top 5 and top 10), then one Within.
	for _, q := range queries[len(queries)-2-(maxStarts-1)*2 : len(queries)-1] {
		assert.NotNil(t, rc.start(q), "%+v", q)
	}
	assert.Nil(t, rc.start(queries[0]))

	// They survive the next snapshot; the rankings do not. Asking the
	// oldest computation again drops the oldest of those kept.
	last := queries[len(queries)-2]
	res, err := rank.RunFrom(ctx, snap2, queries[0], rc.start(queries[0]))
	require.NoError(t, err)
	rc.keep(snap2, rankKey(queries[0]), res)
	assert.NotNil(t, rc.start(last))
	assert.NotNil(t, rc.start(queries[0]))
	assert.Nil(t, rc.start(queries[len(queries)-2-(maxStarts-1)*2]))
	_, ok := rc.get(snap2, rankKey(last))
	assert.False(t, ok)
	assert.Equal(t, maxStarts, starts())
}

package app_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// TestRankingsAfterWrites: after each write, the first ranking (which
// starts from the previous one's scores) equals the ranking of a snapshot
// built afresh, for every PageRank computation asked in turn, more of them
// than the cache keeps starts for.
func TestRankingsAfterWrites(t *testing.T) {
	ctx := t.Context()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	b := synth.Batch(synth.Config{Entities: 600, Seed: 9})
	_, err = s.Apply(ctx, b)
	require.NoError(t, err)
	a, err := app.New(app.Deps{Store: s})
	require.NoError(t, err)
	var people []string
	for _, e := range b.Entities {
		if e.Kind == graph.KindPerson {
			people = append(people, e.ID)
		}
	}
	queries := []app.RankQuery{
		{Algo: rank.AlgoPageRank, Weighted: true, Top: app.MaxTop},
		{Algo: rank.AlgoPageRank, Top: 50},
		{Algo: rank.AlgoPageRank, Weighted: true, Types: []graph.RelType{graph.Knows, graph.DonatedTo}, Top: 50},
		{Algo: rank.AlgoPageRank, Types: []graph.RelType{graph.Knows}, Top: 50},
		{Algo: rank.AlgoPageRank, Weighted: true, Kind: graph.KindPerson, Within: true, Top: 50},
		{Algo: rank.AlgoPageRank, Weighted: true, Kind: graph.KindOfficial, Top: 50},
	}
	editor := app.Caller{Actor: "test", Role: graph.RoleEditor}
	before := map[int]*rank.Result{}
	for w := range 4 {
		for i, q := range queries {
			got, err := a.Rankings(ctx, editor, q)
			require.NoError(t, err)
			fresh, err := snapshot.Build(ctx, s.Stream, snapshot.Options{})
			require.NoError(t, err)
			want, err := rank.Run(ctx, fresh, q)
			require.NoError(t, err)
			requireSameRanking(t, got, want)
			v, err := s.Version(ctx)
			require.NoError(t, err)
			require.Equal(t, v, got.Version, "the ranking says the version it was computed at")
			require.False(t, got.ComputedAt.IsZero())
			if w > 0 && i == 0 {
				require.NotEqual(t, before[i].Results, got.Results, "the write changed nothing: the test proves nothing")
			}
			before[i] = got
		}
		_, err := a.CreateRelationship(ctx, admin, graph.Relationship{Source: people[w], Target: people[len(people)-1-w], Type: graph.Knows, Strength: 1})
		require.NoError(t, err)
	}
	// A viewer is not told the version or the time: both tell of writes
	// of hidden records.
	got, err := a.Rankings(ctx, viewer, queries[0])
	require.NoError(t, err)
	require.Zero(t, got.Version)
	require.True(t, got.ComputedAt.IsZero())
}

// requireSameRanking checks that two rankings list the same entities in
// the same order with scores within 1e-10, but where scores that close
// swap places.
func requireSameRanking(t *testing.T, got, want *rank.Result) {
	t.Helper()
	require.Len(t, got.Results, len(want.Results))
	for i, w := range want.Results {
		g := got.Results[i]
		require.InDelta(t, w.Score, g.Score, 1e-10, "result %d: %s has %v, want %s with %v", i, g.ID, g.Score, w.ID, w.Score)
		if g.ID != w.ID {
			require.Less(t, math.Abs(g.Score-w.Score), 1e-10, "result %d: %s, want %s", i, g.ID, w.ID)
		}
	}
}

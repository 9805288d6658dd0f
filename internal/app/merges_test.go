package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

var editor = app.Caller{Actor: "test-editor", Role: graph.RoleEditor}

// TestMergeJoinsASplitSenator: the senator's ties are split over two
// records; our Ben knows only her aide, who works for the duplicate. The
// who-knows path from Ben to her is missing before the merge, found after
// it (also when asked by the merged-away id), and missing again once the
// merge is undone.
func TestMergeJoinsASplitSenator(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "ben", Kind: graph.KindPerson, Name: "Ben Member", Ours: true},
			{ID: "aide", Kind: graph.KindPerson, Name: "Cory Aide"},
			{ID: "sen-1-dup", Kind: graph.KindOfficial, Name: "Senator Ada Brook", Email: "ada@senate.example"},
		},
		Relationships: []graph.Relationship{
			{Source: "ben", Target: "aide", Type: graph.Knows, Strength: 0.8},
			{Source: "aide", Target: "sen-1-dup", Type: graph.WorksFor, Strength: 0.9},
		},
	})
	require.NoError(t, err)
	fromBen := func(to string) int {
		t.Helper()
		res, err := a.Paths(ctx, editor, app.PathsQuery{To: to, From: []string{"ben"}})
		require.NoError(t, err)
		return len(res.Paths)
	}
	require.Zero(t, fromBen("sen-1"), "Ben has no path to the senator's first record")

	// Viewers may not merge, undo or read merges, and learn nothing.
	_, err = a.Merge(ctx, viewer, "sen-1", "sen-1-dup")
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err))
	_, err = a.Merge(ctx, viewer, "sen-1", "zeb")
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err), "the same answer for a hidden entity")
	_, err = a.Merges(ctx, viewer, 0)
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err))

	m, err := a.Merge(ctx, editor, "Sen. Ada Brook", "sen-1-dup")
	require.NoError(t, err)
	assert.Equal(t, "sen-1", m.Keep)
	assert.Equal(t, 1, m.Moved.Ties)
	assert.Positive(t, fromBen("sen-1"), "the merge joins Ben to the senator")
	assert.Positive(t, fromBen("sen-1-dup"), "the merged-away id still resolves")
	e, err := a.Entity(ctx, viewer, "sen-1-dup")
	require.NoError(t, err)
	assert.Equal(t, "sen-1", e.ID)
	assert.Contains(t, e.Aliases, "Senator Ada Brook")

	ms, err := a.Merges(ctx, editor, 0)
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, m.ID, ms[0].ID)

	_, err = a.Unmerge(ctx, editor, m.ID)
	require.NoError(t, err)
	assert.Zero(t, fromBen("sen-1"), "undone: the path is gone again")
	_, err = a.Unmerge(ctx, editor, m.ID)
	assert.Equal(t, graph.Conflict, graph.CodeOf(err))
}

// TestMergeOfAPrivateEntityHidesTheKeptOne: the kept record absorbs a
// client's privacy, and viewers' analysis sees it at once.
func TestMergeOfAPrivateEntityHidesTheKeptOne(t *testing.T) {
	a, _ := newApp(t)
	ctx := t.Context()
	res, err := a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
	require.NoError(t, err)
	require.Contains(t, jsonOf(t, res), "pastor")
	_, err = a.Merge(ctx, admin, "pastor", "zeb")
	require.NoError(t, err)
	_, err = a.Entity(ctx, viewer, "pastor")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
	res, err = a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
	require.NoError(t, err)
	assert.NotContains(t, jsonOf(t, res), "pastor")
}

package embedded

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// The log keeps the latest logChanges changes and says when it no longer
// reaches back; a write too large for it is an Overflow; a reopened store
// starts with an empty log.
func TestChangeLogBounds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, WithoutSync())
	require.NoError(t, err)
	for i := range logChanges + 5 {
		_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "e" + strconv.Itoa(i), Kind: graph.KindPerson, Name: "E"}}})
		require.NoError(t, err)
	}
	v, err := s.Version(ctx)
	require.NoError(t, err)
	_, complete, err := s.Changes(ctx, 1)
	require.NoError(t, err)
	require.False(t, complete, "the first changes were dropped")
	cs, complete, err := s.Changes(ctx, v-logChanges)
	require.NoError(t, err)
	require.True(t, complete)
	require.Len(t, cs, logChanges)
	require.Equal(t, v, cs[len(cs)-1].Version)
	_, complete, _ = s.Changes(ctx, v+1)
	require.False(t, complete, "a version ahead of the store")

	big := &graph.Batch{}
	for i := range graph.MaxChangeRecords + 1 {
		big.Entities = append(big.Entities, graph.Entity{ID: "big" + strconv.Itoa(i), Kind: graph.KindPerson, Name: "B"})
	}
	_, err = s.Apply(ctx, big)
	require.NoError(t, err)
	cs, complete, err = s.Changes(ctx, v)
	require.NoError(t, err)
	require.True(t, complete)
	require.Len(t, cs, 1)
	require.True(t, cs[0].Overflow)
	require.Zero(t, cs[0].Records())

	require.NoError(t, s.Close())
	s, err = Open(dir, WithoutSync())
	require.NoError(t, err)
	defer s.Close()
	_, complete, err = s.Changes(ctx, v)
	require.NoError(t, err)
	require.False(t, complete, "a reopened store has no log")
	_, complete, err = s.Changes(ctx, v+1)
	require.NoError(t, err)
	require.True(t, complete, "nothing since the current version")
}

// A store opened WithoutChangeLog records nothing: its log is never
// complete, and readers read the store whole.
func TestWithoutChangeLog(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, WithoutSync(), WithoutChangeLog())
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "a", Kind: graph.KindPerson, Name: "A"}}})
	require.NoError(t, err)
	cs, complete, err := s.Changes(ctx, 0)
	require.NoError(t, err)
	require.False(t, complete)
	require.Empty(t, cs)
	require.Empty(t, s.changes.changes)
}

package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/graph/snapshot/snapshottest"
	"github.com/powermap/powermap/internal/app"
)

// TestSnapshotsFollowWrites: editors' and viewers' snapshots follow writes
// by replaying the store's changes, and each equals a snapshot built
// afresh from what its audience may see. A write that hides a record
// viewers could see is not replayed for them but built, and they never
// see the record again.
func TestSnapshotsFollowWrites(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	check := func(step string) {
		t.Helper()
		for _, c := range []app.Caller{admin, viewer} {
			snap, err := a.SnapshotOf(ctx, c)
			require.NoError(t, err)
			src := s
			if c == viewer {
				src = app.Public(s)
			}
			full, err := snapshot.Build(ctx, src.Stream, snapshot.Options{Now: snap.Now()})
			require.NoError(t, err)
			require.Equal(t, snapshottest.Canon(t, full), snapshottest.Canon(t, snap), "%s, as %s", step, c.Actor)
		}
	}
	check("at the start")
	builds := a.ViewerSnapshots().Builds()

	writes := []struct {
		step string
		b    graph.Batch
	}{
		{"a public person and a tie", graph.Batch{
			Entities:      []graph.Entity{{ID: "rosa", Kind: graph.KindPerson, Name: "Rosa Vega"}},
			Relationships: []graph.Relationship{{Source: "rosa", Target: "sen-1", Type: graph.WorksFor}}}},
		{"a client tied to a public person", graph.Batch{
			Entities:      []graph.Entity{{ID: "quinn", Kind: graph.KindPerson, Name: "Quinn Qxclient", Labels: []string{"client"}}},
			Relationships: []graph.Relationship{{Source: "quinn", Target: "rosa", Type: graph.FamilyOf, Strength: 0.9}}}},
		{"a stronger tie between public people", graph.Batch{
			Relationships: []graph.Relationship{{Source: "rosa", Target: "pastor", Type: graph.Knows, Strength: 0.8, Notes: "choir"}}}},
		{"a tie deleted", graph.Batch{DeleteRelationships: []string{graph.DefaultRelationshipID("rosa", "sen-1", graph.WorksFor)}}},
		{"a client deleted", graph.Batch{DeleteEntities: []string{"quinn"}}},
	}
	for _, w := range writes {
		_, err := s.Apply(ctx, &w.b)
		require.NoError(t, err, w.step)
		check(w.step)
	}
	require.Equal(t, builds, a.ViewerSnapshots().Builds(), "viewers' snapshot was built again instead of following the writes")
	require.Equal(t, int64(len(writes)), a.ViewerSnapshots().Replays())

	// Hiding Olga cannot be replayed for viewers: their snapshot is built.
	_, err := a.PatchEntity(ctx, admin, "olga", []byte(`{"private": true}`), app.Condition{})
	require.NoError(t, err)
	check("Olga hidden")
	require.Equal(t, builds+1, a.ViewerSnapshots().Builds())
	snap, err := a.SnapshotOf(ctx, viewer)
	require.NoError(t, err)
	_, ok := snap.Index("olga")
	require.False(t, ok, "viewers still see Olga")
	res, err := a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
	require.NoError(t, err)
	require.NotContains(t, jsonOf(t, res), "olga")

	// Showing her again brings back her ties, which the change does not
	// hold: built again too.
	_, err = a.PatchEntity(ctx, admin, "olga", []byte(`{"private": false}`), app.Condition{})
	require.NoError(t, err)
	check("Olga shown again")
	require.Equal(t, builds+2, a.ViewerSnapshots().Builds())
}

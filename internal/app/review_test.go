package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
)

// TestReviewQueue: a board member imported twice (from our spreadsheet and
// as an FEC donor) waits in the queue with its evidence; "not the same" is
// remembered across later writes and can be taken back; a merge empties
// the queue of the pair.
func TestReviewQueue(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	props := func(zip, employer string) map[string]string {
		return map[string]string{dedupe.PropState: "IL", dedupe.PropZIP5: zip, dedupe.PropEmployer: employer}
	}
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{
		{ID: "board-jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Ours: true, Labels: []string{"board"}, Props: props("60614", "Lakeview Clinic")},
		{ID: "donor-jane", Kind: graph.KindDonor, Name: "SMITH, JANE A", Props: props("60614", "LAKEVIEW CLINIC")},
		{ID: "donor-john", Kind: graph.KindDonor, Name: "DOE, JOHN", Props: props("62701", "STATE OF ILLINOIS")},
	}})
	require.NoError(t, err)

	_, err = a.ReviewQueue(ctx, viewer, 0)
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err), "viewers see no queue")
	_, err = a.MarkNotSame(ctx, viewer, "board-jane", "donor-jane", "")
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err))

	q, err := a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	require.Equal(t, 1, q.Total, "one pair waits: %+v", q.Items)
	p := q.Items[0]
	assert.ElementsMatch(t, []string{"board-jane", "donor-jane"}, []string{p.A.ID, p.B.ID})
	assert.Greater(t, p.Score, 0.5)
	assert.NotEmpty(t, p.Evidence, "the pair comes with its evidence")

	n, err := a.MarkNotSame(ctx, editor, "donor-jane", "Jane A. Smith", "a different Jane: checked her address")
	require.NoError(t, err)
	assert.Equal(t, "board-jane", n.A)
	q, err = a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	assert.Zero(t, q.Total)
	assert.Equal(t, 1, q.NotSame)

	// A later write makes the queue be computed again; the decision holds.
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "new", Kind: graph.KindPerson, Name: "Ned New"}}})
	require.NoError(t, err)
	q, err = a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	assert.Zero(t, q.Total, "rejections are remembered")

	require.NoError(t, a.ForgetNotSame(ctx, editor, "donor-jane", "board-jane"))
	assert.Equal(t, graph.NotFound, graph.CodeOf(a.ForgetNotSame(ctx, editor, "donor-jane", "board-jane")))
	q, err = a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, q.Total, "taken back, the pair waits again")

	_, err = a.Merge(ctx, editor, "board-jane", "donor-jane")
	require.NoError(t, err)
	q, err = a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	assert.Zero(t, q.Total, "merged, the pair is gone")

	_, err = a.MarkNotSame(ctx, editor, "board-jane", "board-jane", "")
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
}

// TestMergeAuto merges the pairs sure enough to merge, keeping the record
// with more ties, and leaves the others for review.
func TestMergeAuto(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	props := map[string]string{dedupe.PropState: "IL", dedupe.PropZIP5: "60614", dedupe.PropEmployer: "Lakeview Clinic", dedupe.PropOccupation: "Nurse"}
	_, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Ours: true, Props: props},
			{ID: "fec-jane", Kind: graph.KindDonor, Name: "SMITH, JANE A", Props: props},
			{ID: "fec-jan", Kind: graph.KindDonor, Name: "SMITH, JAN", Props: map[string]string{dedupe.PropState: "IL"}},
		},
		Relationships: []graph.Relationship{
			{Source: "jane", Target: "ana", Type: graph.Knows},
			{Source: "jane", Target: "pastor", Type: graph.Knows},
			{Source: "fec-jane", Target: "pastor", Type: graph.Knows},
		},
	})
	require.NoError(t, err)
	q, err := a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	require.Equal(t, 1, q.Auto, "one pair is sure enough: %+v", q.Items)

	_, err = a.MergeAuto(ctx, viewer)
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err))
	res, err := a.MergeAuto(ctx, editor)
	require.NoError(t, err)
	require.Len(t, res.Merges, 1)
	assert.Equal(t, "jane", res.Merges[0].Keep, "the record with more ties is kept")
	assert.Equal(t, "fec-jane", res.Merges[0].Drop)
	q, err = a.ReviewQueue(ctx, editor, 0)
	require.NoError(t, err)
	assert.Zero(t, q.Auto)
	_, err = a.Unmerge(ctx, editor, res.Merges[0].ID)
	require.NoError(t, err, "an automatic merge is undone like any other")
}

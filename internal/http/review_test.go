package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// The review queue over HTTP: editors only, bad input named by field, and a
// "not the same" decision that empties the queue of its pair.
func TestReviewQueueAPI(t *testing.T) {
	e := newEnv(t, openEmbedded)
	ctx := t.Context()
	_, err := e.store.Apply(ctx, &graph.Batch{Entities: []graph.Entity{
		{ID: "board-jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Props: map[string]string{"state": "IL", "zip5": "60614", "employer": "Lakeview Clinic"}},
		{ID: "donor-jane", Kind: graph.KindDonor, Name: "SMITH, JANE A", Props: map[string]string{"state": "IL", "zip5": "60614", "employer": "LAKEVIEW CLINIC"}},
	}})
	require.NoError(t, err)

	requireError(t, e.get("/api/v1/dedupe/pairs", e.viewer), 403, graph.Forbidden)
	requireError(t, e.get("/api/v1/dedupe/pairs?limit=0", e.editor), 400, graph.Invalid, "limit")
	var q struct {
		Items []struct {
			A, B     graph.Entity
			Score    float64
			Evidence []map[string]any
		}
		Total int
	}
	e.ok(e.get("/api/v1/dedupe/pairs", e.editor), 200).decode(t, &q)
	require.Equal(t, 1, q.Total)
	assert.NotEmpty(t, q.Items[0].Evidence)

	requireError(t, e.call("POST", "/api/v1/dedupe/not-same", e.editor, map[string]any{"a": "board-jane"}), 400, graph.Invalid, "b")
	requireError(t, e.call("POST", "/api/v1/dedupe/not-same", e.editor, map[string]any{"a": "board-jane", "b": "nobody-here"}), 404, graph.NotFound)
	e.ok(e.call("POST", "/api/v1/dedupe/not-same", e.editor, map[string]any{"a": "board-jane", "b": "donor-jane", "note": "another Jane"}), 201)
	e.ok(e.get("/api/v1/dedupe/pairs", e.editor), 200).decode(t, &q)
	assert.Zero(t, q.Total)

	requireError(t, e.call("DELETE", "/api/v1/dedupe/not-same?a=board-jane", e.editor, nil), 400, graph.Invalid, "b")
	e.ok(e.call("DELETE", "/api/v1/dedupe/not-same?a=donor-jane&b=board-jane", e.editor, nil), 204)
	requireError(t, e.call("DELETE", "/api/v1/dedupe/not-same?a=donor-jane&b=board-jane", e.editor, nil), 404, graph.NotFound)

	requireError(t, e.call("POST", "/api/v1/dedupe/auto-merge", e.viewer, nil), 403, graph.Forbidden)
	var res struct {
		Merges  []graph.Merge
		Skipped []graph.Detail
	}
	var waiting struct{ Auto int }
	e.ok(e.get("/api/v1/dedupe/pairs", e.editor), 200).decode(t, &waiting)
	e.ok(e.call("POST", "/api/v1/dedupe/auto-merge", e.editor, nil), 200).decode(t, &res)
	assert.Len(t, res.Merges, waiting.Auto, "every pair sure enough is merged")
	e.ok(e.get("/api/v1/dedupe/pairs", e.editor), 200).decode(t, &waiting)
	assert.Zero(t, waiting.Auto)
}

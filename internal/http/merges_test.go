package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// TestMergeRoutes merges a duplicate over the API, reads the merge, refuses
// a viewer, and undoes it; an undo under a later edit is a 409 naming the
// changed record.
func TestMergeRoutes(t *testing.T) {
	e := newEnv(t, openEmbedded)
	e.seed()
	e.ok(e.call("POST", "/api/v1/entities", e.editor, graph.Entity{ID: "diaz-dup", Kind: graph.KindOfficial, Name: "Maria Diaz-Lopez", Email: "md@senate.example"}), 201)
	e.ok(e.call("POST", "/api/v1/relationships", e.editor, graph.Relationship{Source: "mario", Target: "diaz-dup", Type: graph.Knows}), 201)

	// Viewers are refused, for a hidden entity as for any.
	requireError(t, e.call("POST", "/api/v1/merges", e.viewer, map[string]string{"keep": "sen-diaz", "drop": "client-1"}), 403, graph.Forbidden)
	requireError(t, e.get("/api/v1/merges", e.viewer), 403, graph.Forbidden)
	requireError(t, e.call("POST", "/api/v1/merges", e.editor, map[string]string{"keep": "sen-diaz"}), 400, graph.Invalid, "drop")
	requireError(t, e.call("POST", "/api/v1/merges", e.editor, map[string]string{"keep": "sen-diaz", "drop": "nobody-here"}), 404, graph.NotFound)

	r := e.ok(e.call("POST", "/api/v1/merges", e.editor, map[string]string{"keep": "sen-diaz", "drop": "diaz-dup"}), 201)
	var m graph.Merge
	r.decode(t, &m)
	require.NotEmpty(t, m.ID)
	assert.Equal(t, "/api/v1/merges/"+m.ID, r.Header.Get("Location"))
	assert.Equal(t, 1, m.Moved.Ties)

	var got graph.Entity
	e.ok(e.get("/api/v1/entities/diaz-dup", e.viewer), 200).decode(t, &got)
	assert.Equal(t, "sen-diaz", got.ID, "the merged-away id resolves")
	assert.Equal(t, "md@senate.example", got.Email)

	var full graph.Merge
	e.ok(e.get("/api/v1/merges/"+m.ID, e.editor), 200).decode(t, &full)
	assert.Len(t, full.Before.Entities, 2)
	assert.Equal(t, []string{m.ID}, ids(t, e.ok(e.get("/api/v1/merges", e.editor), 200)))
	requireError(t, e.get("/api/v1/merges/mg_missing", e.editor), 404, graph.NotFound)

	// A later edit of the kept record blocks the undo.
	e.ok(e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]string{"notes": "met in May"}), 200)
	requireError(t, e.call("POST", "/api/v1/merges/"+m.ID+"/undo", e.editor, nil), 409, graph.Conflict)
	e.ok(e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"notes": nil}), 200)
	var undone graph.Merge
	e.ok(e.call("POST", "/api/v1/merges/"+m.ID+"/undo", e.editor, nil), 200).decode(t, &undone)
	assert.True(t, undone.Undone())
	e.ok(e.get("/api/v1/entities/diaz-dup", e.viewer), 200).decode(t, &got)
	assert.Equal(t, "diaz-dup", got.ID)

	var audit struct{ Items []graph.AuditEntry }
	e.ok(e.get("/api/v1/audit", e.admin), 200).decode(t, &audit)
	var actions []string
	for _, a := range audit.Items {
		actions = append(actions, a.Action)
	}
	assert.Contains(t, actions, "entity.merge")
	assert.Contains(t, actions, "entity.unmerge")
}

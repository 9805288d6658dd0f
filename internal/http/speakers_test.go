package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/powermap/powermap/graph"
)

// TestSpeakersAPI records, reads and withdraws a consent over HTTP, and
// checks that bad input is a 400 naming the field.
func TestSpeakersAPI(t *testing.T) {
	e := newEnv(t, openEmbedded)
	e.seed()
	e.ok(e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "housing", "kind": "issue", "name": "Fair Housing Act"}), 201)

	put := func(id string, body any) reply {
		return e.call("PUT", "/api/v1/entities/"+id+"/consent", e.editor, body)
	}
	requireError(t, put("mario", map[string]any{"scope": "everywhere", "topics": []string{"housing"}}), 400, graph.Invalid, "scope")
	requireError(t, put("mario", map[string]any{"scope": "public", "date": "2-5-2026", "topics": []string{"housing"}}), 400, graph.Invalid, "date")
	requireError(t, put("mario", map[string]any{"scope": "public", "topics": []string{}}), 400, graph.Invalid, "topics")
	requireError(t, put("mario", map[string]any{"scope": "public", "topics": []string{"ana"}}), 400, graph.Invalid, "topics")
	requireError(t, put("mario", map[string]any{"scope": "public", "topics": []string{"housing"}, "loud": true}), 400, graph.Invalid, "loud")
	requireError(t, put("sen-diaz", map[string]any{"scope": "public", "topics": []string{"housing"}}), 400, graph.Invalid, "person")
	requireError(t, e.call("PUT", "/api/v1/entities/mario/consent", e.viewer, map[string]any{"scope": "public", "topics": []string{"housing"}}), 403, graph.Forbidden)

	var s struct {
		Person     graph.EntityRef `json:"person"`
		Consent    graph.Consent   `json:"consent"`
		ScopeLabel string          `json:"scope_label"`
	}
	e.ok(put("mario", map[string]any{"scope": "events only", "date": "2026-01-15", "topics": []string{"Fair Housing Act"}}), 200).decode(t, &s)
	assert.Equal(t, graph.Consent{Scope: graph.ScopeEvents, Date: "2026-01-15", Topics: []string{"housing"}}, s.Consent)
	assert.Equal(t, "events only", s.ScopeLabel)

	var list struct {
		Items []struct {
			Person graph.EntityRef `json:"person"`
		} `json:"items"`
	}
	e.ok(e.get("/api/v1/speakers", e.viewer), 200).decode(t, &list)
	assert.Len(t, list.Items, 1)
	assert.Equal(t, "Mario Marín", list.Items[0].Person.Name)
	requireError(t, e.get("/api/v1/speakers?scope=loud", e.viewer), 400, graph.Invalid, "scope")

	requireError(t, e.call("POST", "/api/v1/entities/mario/consent/withdraw", e.editor, map[string]any{"date": "2025-12-31"}), 400, graph.Invalid, "date")
	requireError(t, e.call("POST", "/api/v1/entities/ana/consent/withdraw", e.editor, nil), 400, graph.Invalid, "person")
	e.ok(e.call("POST", "/api/v1/entities/mario/consent/withdraw", e.editor, nil), 200).decode(t, &s)
	assert.NotEmpty(t, s.Consent.Withdrawn, "no body: today")
	e.ok(e.get("/api/v1/speakers", e.viewer), 200).decode(t, &list)
	assert.Empty(t, list.Items)
}

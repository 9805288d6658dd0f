package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// TestQuestionsAPI saves a drafted bank, answers a question with a stance
// and checks the refusals: each names its field or role.
func TestQuestionsAPI(t *testing.T) {
	e := newEnv(t, openEmbedded)
	e.seed()
	_, err := e.store.Apply(t.Context(), &graph.Batch{
		Entities:      []graph.Entity{{ID: "issue-fy27", Kind: graph.KindIssue, Name: "FY27 community services"}},
		Relationships: []graph.Relationship{{Source: "sen-diaz", Target: "issue-fy27", Type: graph.Supports, Strength: 0.5}},
	})
	require.NoError(t, err)
	e.ok(e.call("POST", "/api/v1/events", e.editor, map[string]any{"id": "forum", "type": "candidate_forum",
		"name": "Riverside forum", "date": "2026-05-01", "officials": []string{"sen-diaz"}}), 201)
	e.ok(e.call("POST", "/api/v1/events", e.editor, map[string]any{"id": "lobby", "type": "lobby_day",
		"name": "Lobby day", "date": "2026-03-01"}), 201)

	const base = "/api/v1/entities/sen-diaz/questions"
	var empty struct {
		Saved     bool             `json:"saved"`
		Questions []graph.Question `json:"questions"`
	}
	e.ok(e.call("GET", base, e.viewer, nil), 200).decode(t, &empty)
	assert.False(t, empty.Saved)
	assert.Empty(t, empty.Questions)

	var d struct {
		Questions []graph.Question `json:"questions"`
	}
	e.ok(e.call("GET", base+"/draft", e.viewer, nil), 200).decode(t, &d)
	require.NotEmpty(t, d.Questions)
	assert.Equal(t, "You support FY27 community services. What will you do this session to move it forward?", d.Questions[0].Text)

	requireError(t, e.call("PUT", base, e.viewer, map[string]any{"questions": d.Questions}), 403, graph.Forbidden)
	requireError(t, e.call("PUT", base, e.editor, map[string]any{"forum": "lobby", "questions": d.Questions}), 400, graph.Invalid, "forum")
	requireError(t, e.call("PUT", base, e.editor, map[string]any{"questions": []map[string]any{{"text": ""}}}), 400, graph.Invalid, "questions[0].text")
	requireError(t, e.call("PUT", "/api/v1/entities/ana/questions", e.editor, map[string]any{}), 400, graph.Invalid, "id")

	r := e.ok(e.call("PUT", base, e.editor, map[string]any{"forum": "forum", "questions": d.Questions}), 200)
	etag := r.Header.Get("ETag")
	require.NotEmpty(t, etag)
	requireError(t, e.call("PUT", base, e.editor, map[string]any{"questions": d.Questions}, "If-Match", `"stale"`), 409, graph.Conflict)

	q := d.Questions[0].ID
	requireError(t, e.call("POST", base+"/"+q+"/answer", e.editor, map[string]any{"stance": 5}), 400, graph.Invalid, "stance")
	requireError(t, e.call("POST", base+"/q_nope/answer", e.editor, map[string]any{}), 404, graph.NotFound)
	requireError(t, e.call("POST", base+"/"+q+"/answer", e.viewer, map[string]any{}), 403, graph.Forbidden)
	var b struct {
		Questions []graph.Question `json:"questions"`
	}
	e.ok(e.call("POST", base+"/"+q+"/answer", e.editor, map[string]any{"answer": "No.", "stance": -2}, "If-Match", etag), 200).decode(t, &b)
	assert.True(t, b.Questions[0].Asked)
	assert.Equal(t, "2026-05-01", b.Questions[0].AskedOn)
	var st struct {
		Stances []struct {
			Entity    graph.EntityRef `json:"entity"`
			Alignment graph.Alignment `json:"alignment"`
		} `json:"stances"`
	}
	e.ok(e.call("GET", "/api/v1/issues/issue-fy27/stances", e.viewer, nil), 200).decode(t, &st)
	require.Len(t, st.Stances, 1)
	assert.Equal(t, graph.StrongOpposition, st.Stances[0].Alignment)
}

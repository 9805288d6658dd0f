package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// TestCommunityAPI walks the leaders of a target, puts one on the
// campaign's weekly list as a contact, and reads a district's ballot.
func TestCommunityAPI(t *testing.T) {
	e := newEnv(t, openEmbedded)
	e.seed()
	_, err := e.store.Apply(t.Context(), &graph.Batch{
		Entities: []graph.Entity{
			{ID: "issue-fy27", Kind: graph.KindIssue, Name: "FY27 community services"},
			{ID: "sen-7", Kind: graph.KindOfficial, Name: "Sen. Vega", District: "7", Chamber: "senate"},
			{ID: "grocer", Kind: graph.KindPerson, Name: "Mara Grocer", Labels: []string{"business"}, District: "7B"},
		},
		Relationships: []graph.Relationship{{Source: "grocer", Target: "sen-7", Type: graph.Knows, Strength: 0.5}},
	})
	require.NoError(t, err)
	e.ok(e.call("POST", "/api/v1/campaigns", e.editor, map[string]any{"id": "fy27", "name": "FY27", "issue": "issue-fy27",
		"start": "2026-01-01", "targets": []map[string]any{{"entity": "sen-7"}}}), 201)

	var ls struct {
		Leaders []struct {
			Person struct{ ID string } `json:"person"`
			Score  float64             `json:"score"`
		} `json:"leaders"`
	}
	e.ok(e.get("/api/v1/entities/sen-7/leaders", e.viewer), 200).decode(t, &ls)
	require.Len(t, ls.Leaders, 1)
	assert.Equal(t, "grocer", ls.Leaders[0].Person.ID)
	assert.Equal(t, 0.75, ls.Leaders[0].Score, "0.5 × 1.5 (lives in 7B, in district 7)")
	requireError(t, e.get("/api/v1/entities/sen-7/leaders?limit=0", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/entities/grocer/leaders", e.viewer), 400, graph.Invalid, "target")
	requireError(t, e.get("/api/v1/entities/sen-7/leaders?campaign=nope", e.viewer), 404, graph.NotFound, "campaign")

	requireError(t, e.call("POST", "/api/v1/campaigns/fy27/contacts", e.viewer, map[string]any{"entity": "grocer"}), 403, graph.Forbidden)
	requireError(t, e.call("POST", "/api/v1/campaigns/fy27/contacts", e.editor, map[string]any{}), 400, graph.Invalid, "entity")
	requireError(t, e.call("POST", "/api/v1/campaigns/fy27/contacts", e.editor, map[string]any{"entity": "coalition"}), 400, graph.Invalid, "contacts[0]")
	var cp graph.Campaign
	e.ok(e.call("POST", "/api/v1/campaigns/fy27/contacts", e.editor, map[string]any{"entity": "Mara Grocer"}), 200).decode(t, &cp)
	assert.Equal(t, []string{"grocer"}, cp.Contacts)
	e.ok(e.get("/api/v1/entities/sen-7/leaders", e.viewer), 200).decode(t, &ls)
	assert.Empty(t, ls.Leaders, "a contact is engaged")
	var l graph.OutreachList
	e.ok(e.get("/api/v1/campaigns/fy27/outreach", e.viewer), 200).decode(t, &l)
	var on []string
	for _, x := range l.Entries {
		on = append(on, x.Person.ID)
	}
	assert.Contains(t, on, "grocer", "on the weekly list")
	var after graph.Campaign
	e.ok(e.call("DELETE", "/api/v1/campaigns/fy27/contacts/grocer", e.editor, nil), 200).decode(t, &after)
	assert.Empty(t, after.Contacts)
	requireError(t, e.call("DELETE", "/api/v1/campaigns/fy27/contacts/grocer", e.editor, nil), 404, graph.NotFound)

	var b struct {
		People []struct {
			Person  struct{ ID string } `json:"person"`
			Stances []struct {
				Label  string                `json:"label"`
				Source *struct{ URL string } `json:"source"`
			} `json:"stances"`
		} `json:"people"`
	}
	e.ok(e.get("/api/v1/ballots/7B", e.viewer), 200).decode(t, &b)
	require.Len(t, b.People, 1)
	assert.Equal(t, "sen-7", b.People[0].Person.ID)
	require.Len(t, b.People[0].Stances, 1)
	assert.Equal(t, "unknown", b.People[0].Stances[0].Label)
	assert.Nil(t, b.People[0].Stances[0].Source)
	requireError(t, e.get("/api/v1/ballots/12", e.viewer), 404, graph.NotFound, "district")
}

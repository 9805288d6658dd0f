package http_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

func TestCampaignAPIEmbedded(t *testing.T) { testCampaignAPI(t, newEnv(t, openEmbedded)) }

// TestCampaignAPINeo4j runs the campaign handlers against a real Neo4j.
func TestCampaignAPINeo4j(t *testing.T) {
	neo4jtest.Require(t)
	testCampaignAPI(t, newEnv(t, func(t *testing.T) backend {
		b := openNeo4j(t)
		cfg := neo4jtest.Require(t)
		auth := driver.NoAuth()
		if cfg.User != "" || cfg.Password != "" {
			auth = driver.BasicAuth(cfg.User, cfg.Password, "")
		}
		d, err := driver.NewDriverWithContext(cfg.URI, auth)
		require.NoError(t, err)
		defer d.Close(context.Background())
		_, err = driver.ExecuteQuery(t.Context(), d,
			"MATCH (n) WHERE n:PowermapCampaign OR n:PowermapInteraction OR n:PowermapOutreach OR n:PowermapJob DETACH DELETE n",
			nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
		require.NoError(t, err)
		return b
	}))
}

// seedCampaign adds an issue, a second official, a private speaker and
// stances to the fixture map.
func (e *env) seedCampaign() {
	e.t.Helper()
	e.seed()
	_, err := e.store.Apply(e.t.Context(), &graph.Batch{
		Entities: []graph.Entity{
			{ID: "issue-fy27", Kind: graph.KindIssue, Name: "FY27 community services"},
			{ID: "rep-ortiz", Kind: graph.KindOfficial, Name: "Rep. Ortiz", District: "4A"},
			{ID: "client-2", Kind: graph.KindPerson, Name: "Cleo Speaker", Ours: true, District: "4A", Phone: "555-0102", Email: "cleo@example.org",
				Labels: []string{graph.LabelClient, graph.LabelSpeaker}},
			{ID: "aide", Kind: graph.KindPerson, Name: "Rafa Aide", Title: "Chief of Staff"},
		},
		Relationships: []graph.Relationship{
			{Source: "aide", Target: "rep-ortiz", Type: graph.WorksFor, Strength: 0.9},
			{Source: "client-2", Target: "aide", Type: graph.Knows, Strength: 0.8},
			{Source: "ana", Target: "issue-fy27", Type: graph.Supports, Strength: 1},
			{Source: "mario", Target: "issue-fy27", Type: graph.Opposes, Strength: 0.5},
		},
	})
	require.NoError(e.t, err)
}

func testCampaignAPI(t *testing.T, e *env) {
	e.seedCampaign()
	today := time.Now().Format(time.DateOnly)
	ago := func(days int) string { return time.Now().AddDate(0, 0, -days).Format(time.DateOnly) }

	// Issues and stances.
	var issues struct {
		Items []graph.Entity `json:"items"`
	}
	e.ok(e.get("/api/v1/issues", e.viewer), 200).decode(t, &issues)
	require.Len(t, issues.Items, 1)
	assert.Equal(t, "issue-fy27", issues.Items[0].ID)
	requireError(t, e.call("PUT", "/api/v1/issues/issue-fy27/stances/pastor-lee", e.editor, map[string]any{"alignment": 3}), 400, graph.Invalid, "alignment")
	requireError(t, e.call("PUT", "/api/v1/issues/issue-fy27/stances/pastor-lee", e.editor, map[string]any{"alignment": -7}), 400, graph.Invalid, "alignment")
	requireError(t, e.call("PUT", "/api/v1/issues/sen-diaz/stances/pastor-lee", e.editor, map[string]any{"alignment": 1}), 404, graph.NotFound)
	requireError(t, e.call("PUT", "/api/v1/issues/issue-fy27/stances/nobody", e.editor, map[string]any{"alignment": 1}), 404, graph.NotFound)
	e.ok(e.call("PUT", "/api/v1/issues/issue-fy27/stances/pastor-lee", e.editor, map[string]any{"alignment": 2}), 200)
	e.ok(e.call("PUT", "/api/v1/issues/issue-fy27/stances/mario", e.editor, map[string]any{"alignment": 1}), 200)
	var st struct {
		Stances []app.Stance `json:"stances"`
	}
	e.ok(e.get("/api/v1/issues/issue-fy27/stances", e.viewer), 200).decode(t, &st)
	got := map[string]graph.Alignment{}
	for _, s := range st.Stances {
		got[s.Entity.ID] = s.Alignment
	}
	assert.Equal(t, map[string]graph.Alignment{"ana": 2, "pastor-lee": 2, "mario": 1}, got, "mario's OPPOSES was replaced")
	e.ok(e.call("PUT", "/api/v1/issues/issue-fy27/stances/mario", e.editor, map[string]any{"alignment": nil}), 200)
	e.ok(e.get("/api/v1/issues/issue-fy27/stances", e.viewer), 200).decode(t, &st)
	assert.Len(t, st.Stances, 2, "null forgets the stance: unknown stays unknown")

	// Campaigns: a target that is not an official is refused.
	bad := map[string]any{"id": "fy27", "name": "Fund FY27", "issue": "issue-fy27", "ask": "Vote yes", "start": ago(30),
		"targets": []map[string]any{{"entity": "sen-diaz"}, {"entity": "pastor-lee"}}}
	requireError(t, e.call("POST", "/api/v1/campaigns", e.editor, bad), 400, graph.Invalid, "targets[1].entity")
	requireError(t, e.call("POST", "/api/v1/campaigns", e.editor, map[string]any{"name": "x", "issue": "issue-fy27", "start": "soon"}), 400, graph.Invalid, "start")
	requireError(t, e.call("POST", "/api/v1/campaigns", e.editor, map[string]any{"name": "x", "issue": "issue-fy27", "start": today, "color": "red"}), 400, graph.Invalid, "color")
	good := map[string]any{"id": "fy27", "name": "Fund FY27", "issue": "issue-fy27", "ask": "Vote yes", "start": ago(30), "owner": "ana",
		"targets": []map[string]any{{"entity": "sen-diaz"}}}
	r := e.ok(e.call("POST", "/api/v1/campaigns", e.editor, good), 201)
	assert.Equal(t, "/api/v1/campaigns/fy27", r.Header.Get("Location"))
	requireError(t, e.call("POST", "/api/v1/campaigns", e.editor, good), 409, graph.Conflict)
	r = e.ok(e.get("/api/v1/campaigns/fy27", e.viewer), 200)
	etag := r.Header.Get("ETag")
	require.NotEmpty(t, etag)
	var c graph.Campaign
	r.decode(t, &c)
	assert.Equal(t, graph.StatusNotAsked, c.Targets[0].Status)
	var named app.NamedCampaign
	r.decode(t, &named)
	for _, id := range []string{"issue-fy27", "ana", "sen-diaz"} {
		assert.Equal(t, id, named.Entities[id].ID, "the campaign names %s", id)
		assert.NotEmpty(t, named.Entities[id].Name)
	}
	requireError(t, e.get("/api/v1/campaigns/nope", e.viewer), 404, graph.NotFound)

	r = e.ok(e.call("POST", "/api/v1/campaigns/fy27/targets", e.editor, map[string]any{"entity": "rep-ortiz", "priority": "secondary"}), 201)
	assert.NotEqual(t, etag, r.Header.Get("ETag"))
	requireError(t, e.call("POST", "/api/v1/campaigns/fy27/targets", e.editor, map[string]any{"entity": "mario"}), 400, graph.Invalid, "targets[2].entity")
	requireError(t, e.call("PATCH", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, map[string]any{"status": "asked"}, "If-Match", etag), 412, graph.Conflict)
	r = e.ok(e.call("PATCH", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, map[string]any{"status": "committed", "commitment": "Yes"}), 200)
	r.decode(t, &c)
	tg, _ := c.Target("rep-ortiz")
	assert.Equal(t, graph.StatusCommitted, tg.Status)
	assert.Equal(t, today, tg.CommittedOn, "a commitment is dated today unless told")
	requireError(t, e.call("PATCH", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, map[string]any{"status": "won"}), 400, graph.Invalid, "status")
	requireError(t, e.call("PATCH", "/api/v1/campaigns/fy27/targets/mario", e.editor, map[string]any{"status": "asked"}), 404, graph.NotFound)
	var back graph.Campaign
	e.ok(e.call("PATCH", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, map[string]any{"status": "not_asked"}), 200).decode(t, &back)
	tg, _ = back.Target("rep-ortiz")
	assert.Empty(t, tg.CommittedOn, "leaving committed clears the commitment")

	var cl struct {
		Items []graph.Campaign `json:"items"`
	}
	e.ok(e.get("/api/v1/campaigns", e.viewer), 200).decode(t, &cl)
	require.Len(t, cl.Items, 1)
	assert.Len(t, cl.Items[0].Targets, 2)

	// The organizing log: errors name their fields.
	requireError(t, e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "one_on_one", "date": today, "participants": []string{"ana", "ghost"}}),
		400, graph.Invalid, "participants")
	requireError(t, e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "one_on_one", "date": today, "follow_up": ago(1), "participants": []string{"ana", "aide"}}),
		400, graph.Invalid, "follow_up")
	requireError(t, e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "picnic", "participants": []string{"ana"}}), 400, graph.Invalid, "type")
	requireError(t, e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "call", "campaign": "nope", "participants": []string{"ana"}}), 400, graph.Invalid, "campaign")
	var logged app.LoggedInteraction
	e.ok(e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "one_on_one", "campaign": "fy27", "date": ago(40),
		"participants": []string{"ana", "pastor-lee"}, "outcome": "will talk to his cousin", "follow_up": ago(10)}), 201).decode(t, &logged)
	assert.Regexp(t, `^ix_`, logged.Interaction.ID)
	assert.Contains(t, logged.Interaction.By, "editor")
	require.Len(t, logged.Refreshed, 1)
	assert.Equal(t, 0.8, logged.Refreshed[0].Recorded)
	assert.Greater(t, logged.Refreshed[0].Effective, 0.8, "the tie is read stronger, the record kept")
	rel, err := e.store.Relationship(t.Context(), graph.DefaultRelationshipID("ana", "pastor-lee", graph.Knows))
	require.NoError(t, err)
	assert.Equal(t, 0.8, rel.Strength)
	e.ok(e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "call", "participants": []string{"client-2", "aide"}}), 201)
	var ixs struct {
		Items []graph.Interaction `json:"items"`
	}
	e.ok(e.get("/api/v1/interactions?campaign=fy27", e.viewer), 200).decode(t, &ixs)
	require.Len(t, ixs.Items, 1)
	e.ok(e.get("/api/v1/interactions?entity=aide", e.viewer), 200).decode(t, &ixs)
	assert.Empty(t, ixs.Items, "viewers do not see an interaction with a private participant")
	var ixLog app.InteractionLog
	e.ok(e.get("/api/v1/interactions?campaign=fy27", e.viewer), 200).decode(t, &ixLog)
	assert.Equal(t, "pastor-lee", ixLog.Entities["pastor-lee"].ID, "the log names its participants")
	assert.NotEmpty(t, ixLog.Entities["ana"].Name)
	e.ok(e.get("/api/v1/interactions?entity=aide", e.editor), 200).decode(t, &ixs)
	require.Len(t, ixs.Items, 1)
	assert.Equal(t, []string{"client-2", "aide"}, ixs.Items[0].Participants)
	e.ok(e.get("/api/v1/interactions?entity=aide", e.editor), 200).decode(t, &ixLog)
	assert.Equal(t, "client-2", ixLog.Entities["client-2"].ID, "editors see private participants' names")
	var viewerLog app.InteractionLog
	e.ok(e.get("/api/v1/interactions?limit=100", e.viewer), 200).decode(t, &viewerLog)
	assert.NotEmpty(t, viewerLog.Entities)
	assert.NotContains(t, viewerLog.Entities, "client-2", "a viewer's log names no private participant")
	hiddenIx := ixs.Items[0].ID
	requireError(t, e.get("/api/v1/interactions?entity=client-2", e.viewer), 404, graph.NotFound, "entity")
	requireError(t, e.get("/api/v1/interactions/"+hiddenIx, e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/interactions?since=yesterday", e.viewer), 400, graph.Invalid, "since")
	e.ok(e.get("/api/v1/interactions/"+logged.Interaction.ID, e.viewer), 200)
	requireError(t, e.get("/api/v1/interactions/ix_nope", e.viewer), 404, graph.NotFound)

	// The grid.
	var g outreach.Grid
	e.ok(e.get("/api/v1/campaigns/fy27/grid", e.editor), 200).decode(t, &g)
	quadrant := map[string]string{}
	for _, p := range g.Points {
		quadrant[p.Entity.ID] = p.Quadrant
	}
	assert.Equal(t, outreach.QuadrantDecisionMakers, quadrant["sen-diaz"])
	assert.Equal(t, outreach.QuadrantAllies, quadrant["pastor-lee"])
	assert.Contains(t, quadrant, "client-1", "editors see private entities")
	var vg outreach.Grid
	e.ok(e.get("/api/v1/campaigns/fy27/grid", e.viewer), 200).decode(t, &vg)
	assert.NotEmpty(t, vg.Points)
	for _, p := range vg.Points {
		assert.False(t, p.Entity.Private, "viewers do not: %s", p.Entity.ID)
	}
	r = e.ok(e.get("/api/v1/campaigns/fy27/grid?format=csv", e.viewer), 200)
	assert.Contains(t, r.Header.Get("Content-Type"), "text/csv")
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, outreach.GridCSVHeader, rows[0])
	requireError(t, e.get("/api/v1/campaigns/fy27/grid?format=xml", e.viewer), 400, graph.Invalid, "format")

	// The weekly list, live for this week.
	var l graph.OutreachList
	e.ok(e.get("/api/v1/campaigns/fy27/outreach", e.editor), 200).decode(t, &l)
	require.NotEmpty(t, l.Entries)
	var aide, pastor *graph.OutreachEntry
	for i := range l.Entries {
		switch l.Entries[i].Person.ID {
		case "aide":
			aide = &l.Entries[i]
		case "pastor-lee":
			pastor = &l.Entries[i]
		}
	}
	require.NotNil(t, aide, "the aide of a target is on the list")
	require.NotNil(t, aide.Messenger)
	assert.Equal(t, "client-2", aide.Messenger.Person.ID, "the speaker who lives in the district carries the ask")
	assert.Equal(t, "555-0102", aide.Messenger.Phone, "a messenger of ours comes with a phone")
	assert.Equal(t, "cleo@example.org", aide.Messenger.Email)
	require.NotNil(t, pastor)
	assert.Equal(t, graph.OutreachFollowUpOverdue, pastor.Status)
	var vl graph.OutreachList
	r = e.ok(e.get("/api/v1/campaigns/fy27/outreach?week="+l.Week, e.viewer), 200)
	r.decode(t, &vl)
	for _, en := range vl.Entries {
		assert.False(t, en.Person.Private)
		if en.Person.ID == "aide" && en.Messenger != nil {
			assert.NotEqual(t, "client-2", en.Messenger.Person.ID, "a viewer's list is made without the private messenger")
		}
	}
	assert.NotContains(t, string(r.Body), "client-2")
	assert.NotContains(t, string(r.Body), "Cleo")
	r = e.ok(e.get("/api/v1/campaigns/fy27/outreach?format=ics", e.viewer), 200)
	assert.Contains(t, r.Header.Get("Content-Type"), "text/calendar")
	assert.Equal(t, len(vl.Entries), strings.Count(string(r.Body), "BEGIN:VTODO"))
	r = e.ok(e.get("/api/v1/campaigns/fy27/outreach?format=csv", e.editor), 200)
	assert.True(t, strings.HasPrefix(string(r.Body), strings.Join(outreach.ListCSVHeader, ",")))
	requireError(t, e.get("/api/v1/campaigns/fy27/outreach?week=2026-49", e.viewer), 400, graph.Invalid, "week")
	w, _ := graph.ParseWeek(l.Week)
	requireError(t, e.get("/api/v1/campaigns/fy27/outreach?week="+w.Add(-3).String(), e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/campaigns/nope/outreach", e.viewer), 404, graph.NotFound)

	// Every active campaign at once.
	var all graph.OutreachList
	e.ok(e.get("/api/v1/outreach", e.viewer), 200).decode(t, &all)
	assert.Equal(t, graph.AllCampaigns, all.Campaign)
	require.NotEmpty(t, all.Entries)
	assert.Equal(t, "fy27", all.Entries[0].Leads[0].Campaign)
	for _, en := range all.Entries {
		assert.False(t, en.Person.Private)
	}
	requireError(t, e.get("/api/v1/outreach?format=pdf", e.viewer), 400, graph.Invalid, "format")

	// Weeks: reading a list saves nothing; saving does. Saved lists were
	// computed over every record, so viewers read none.
	var weeks struct {
		Weeks   []string `json:"weeks"`
		Current string   `json:"current"`
	}
	e.ok(e.get("/api/v1/campaigns/fy27/outreach/weeks", e.editor), 200).decode(t, &weeks)
	assert.Equal(t, l.Week, weeks.Current)
	assert.Empty(t, weeks.Weeks)
	e.ok(e.call("POST", "/api/v1/campaigns/fy27/outreach", e.editor, nil), 201)
	e.ok(e.get("/api/v1/campaigns/fy27/outreach/weeks", e.editor), 200).decode(t, &weeks)
	assert.Equal(t, []string{l.Week}, weeks.Weeks)
	e.ok(e.get("/api/v1/campaigns/fy27/outreach/weeks", e.viewer), 200).decode(t, &weeks)
	assert.Empty(t, weeks.Weeks)

	// Deleting.
	requireError(t, e.call("DELETE", "/api/v1/campaigns/fy27/targets/mario", e.editor, nil), 404, graph.NotFound)
	e.ok(e.call("DELETE", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, nil), 200)
	e.ok(e.call("DELETE", "/api/v1/interactions/"+logged.Interaction.ID, e.editor, nil), 204)
	requireError(t, e.call("DELETE", "/api/v1/interactions/"+logged.Interaction.ID, e.editor, nil), 404, graph.NotFound)
	r = e.ok(e.get("/api/v1/campaigns/fy27", e.editor), 200)
	requireError(t, e.call("DELETE", "/api/v1/campaigns/fy27", e.editor, nil, "If-Match", `"stale"`), 412, graph.Conflict)
	e.ok(e.call("DELETE", "/api/v1/campaigns/fy27", e.editor, nil, "If-Match", r.Header.Get("ETag")), 204)
	requireError(t, e.get("/api/v1/campaigns/fy27", e.viewer), 404, graph.NotFound)

	// Every write was audited.
	var audit struct {
		Items []graph.AuditEntry `json:"items"`
	}
	e.ok(e.get("/api/v1/audit", e.admin), 200).decode(t, &audit)
	actions := map[string]bool{}
	for _, a := range audit.Items {
		actions[a.Action] = true
	}
	for _, a := range []string{"stance.set", "campaign.create", "campaign.target.add", "campaign.target.update", "campaign.target.delete",
		"interaction.create", "interaction.delete", "outreach.save", "campaign.delete"} {
		assert.True(t, actions[a], "no audit entry %s", a)
	}
}

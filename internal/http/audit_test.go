package http_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// lostAudit is an account store whose AppendAudit always fails: what a
// crash between a write's commit and a separate audit write would lose.
type lostAudit struct{ graph.AccountStore }

func (lostAudit) AppendAudit(context.Context, graph.AuditEntry) error {
	return graph.E("lostAudit", graph.Unavailable, errors.New("audit write lost"))
}

// TestWritesAuditInTheirBatch checks that every write to the graph records
// its audit entry in its own batch (graph.Batch.Audit), and every token write
// in its own transaction, not in a separate AppendAudit that a crash could
// separate from the write.
func TestWritesAuditInTheirBatch(t *testing.T) { testWritesAuditInTheirBatch(t, openEmbedded) }

func TestWritesAuditInTheirBatchNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	testWritesAuditInTheirBatch(t, openNeo4j)
}

// withLostAudit wraps open's account store in lostAudit.
func withLostAudit(open opener) opener {
	return func(t *testing.T) backend {
		b := open(t)
		b.Accounts = lostAudit{b.Accounts}
		return b
	}
}

func testWritesAuditInTheirBatch(t *testing.T, open opener) {
	e := newEnv(t, withLostAudit(open))
	e.seedCampaign()
	e.ok(e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "audited", "kind": "person", "name": "Audited"}), 201)
	e.ok(e.call("PATCH", "/api/v1/entities/audited", e.editor, map[string]any{"notes": "n"}), 200)
	e.ok(e.call("PATCH", "/api/v1/entities/audited", e.editor, map[string]any{"notes": "n"}), 200) // no change: no entry
	e.ok(e.call("PUT", "/api/v1/entities/audited", e.editor, map[string]any{"kind": "person", "name": "Audited", "notes": "m"}), 200)
	e.ok(e.call("PUT", "/api/v1/entities/put", e.editor, map[string]any{"kind": "person", "name": "Put"}), 201)
	e.ok(e.call("POST", "/api/v1/relationships", e.editor, map[string]any{"source": "audited", "target": "ana", "type": "KNOWS"}), 201)
	e.ok(e.call("PUT", "/api/v1/issues/issue-fy27/stances/audited", e.editor, map[string]any{"alignment": 1}), 200)
	e.ok(e.call("DELETE", "/api/v1/entities/audited", e.editor, nil), 204)
	body, ct := multipartFiles(t, [2]string{"entities.csv", "id,kind,name\nimported,person,Imported\n"})
	e.ok(e.call("POST", "/api/v1/import", e.editor, body, "Content-Type", ct), 200)
	// A failed write records nothing.
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "put", "kind": "person", "name": "Again"}), 409, graph.Conflict)
	// Tokens: created and revoked with their entries.
	var created struct {
		Token graph.Token `json:"token"`
	}
	e.ok(e.call("POST", "/api/v1/tokens", e.admin, map[string]any{"name": "temp", "role": "viewer"}), 201).decode(t, &created)
	e.ok(e.call("DELETE", "/api/v1/tokens/"+created.Token.ID, e.admin, nil), 200)

	es, err := e.accounts.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Action+" "+es[i].Target)
	}
	relID := graph.DefaultRelationshipID("audited", "ana", graph.Knows)
	assert.Equal(t, []string{
		"entity.create audited", "entity.update audited", "entity.update audited", "entity.create put",
		"relationship.create " + relID, "stance.set audited", "entity.delete audited", "import ",
		"token.create " + created.Token.ID, "token.revoke " + created.Token.ID,
	}, got)
	assert.Equal(t, map[string]string{"name": "temp", "role": "viewer"}, es[1].Details)
	assert.Equal(t, map[string]string{"name": "temp"}, es[0].Details)
	es = es[2:]
	for _, en := range es {
		assert.Contains(t, en.Actor, "(editor)")
	}
	imp := es[0]
	assert.Equal(t, map[string]string{"format": "csv", "files": "1", "batch": "1", "records": "1",
		"entities_created": "1", "entities_updated": "0", "relationships_created": "0", "relationships_updated": "0"}, imp.Details)
	assert.Equal(t, "2", es[1].Details["relationships_deleted"], "the tie to ana and the stance")
	assert.Equal(t, map[string]string{"issue": "issue-fy27", "alignment": "+1"}, es[2].Details)
}

// TestCampaignWritesAuditWithTheirWrite checks the same of the campaign
// store's writes: each passes its entry to the store, which writes it in the
// write's own transaction.
func TestCampaignWritesAuditWithTheirWrite(t *testing.T) {
	testCampaignWritesAuditWithTheirWrite(t, openEmbedded)
}

func TestCampaignWritesAuditWithTheirWriteNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	testCampaignWritesAuditWithTheirWrite(t, openNeo4j)
}

func testCampaignWritesAuditWithTheirWrite(t *testing.T, open opener) {
	e := newEnv(t, withLostAudit(open))
	e.seedCampaign()
	start := time.Now().AddDate(0, 0, -30).Format(time.DateOnly)
	e.ok(e.call("POST", "/api/v1/campaigns", e.editor, map[string]any{"id": " fy27 ", "name": "Fund FY27", "issue": "issue-fy27", "start": start,
		"targets": []map[string]any{{"entity": "sen-diaz"}}}), 201)
	e.ok(e.call("POST", "/api/v1/campaigns/fy27/targets", e.editor, map[string]any{"entity": "rep-ortiz"}), 201)
	e.ok(e.call("PATCH", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, map[string]any{"status": "asked"}), 200)
	e.ok(e.call("DELETE", "/api/v1/campaigns/fy27/targets/rep-ortiz", e.editor, nil), 200)
	var logged struct {
		Interaction graph.Interaction `json:"interaction"`
	}
	e.ok(e.call("POST", "/api/v1/interactions", e.editor, map[string]any{"type": "One-on-one", "campaign": "fy27", "participants": []string{"ana", "aide"}}), 201).decode(t, &logged)
	e.ok(e.call("DELETE", "/api/v1/interactions/"+logged.Interaction.ID, e.editor, nil), 204)
	e.ok(e.call("POST", "/api/v1/campaigns/fy27/outreach", e.editor, nil), 201)
	e.ok(e.call("DELETE", "/api/v1/campaigns/fy27", e.editor, nil), 204)

	es, err := e.accounts.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Action+" "+es[i].Target)
	}
	ix := logged.Interaction.ID
	assert.Equal(t, []string{"campaign.create fy27", "campaign.target.add fy27", "campaign.target.update fy27", "campaign.target.delete fy27",
		"interaction.create " + ix, "interaction.delete " + ix, "outreach.save fy27", "campaign.delete fy27"}, got)
	assert.Equal(t, map[string]string{"campaign": "fy27", "type": "one_on_one"}, es[3].Details)
	assert.Equal(t, map[string]string{"target": "rep-ortiz"}, es[6].Details)
}

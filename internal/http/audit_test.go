package http_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// lostAudit is an account store whose AppendAudit always fails: what a
// crash between a write's commit and a separate audit write would lose.
type lostAudit struct{ graph.AccountStore }

func (lostAudit) AppendAudit(context.Context, graph.AuditEntry) error {
	return graph.E("lostAudit", graph.Unavailable, errors.New("audit write lost"))
}

// TestWritesAuditInTheirBatch checks that every write to the graph records
// its audit entry in its own batch (graph.Batch.Audit), not in a separate
// AppendAudit that a crash could separate from the write.
func TestWritesAuditInTheirBatch(t *testing.T) {
	e := newEnv(t, func(t *testing.T) backend {
		b := openEmbedded(t)
		b.Accounts = lostAudit{b.Accounts}
		return b
	})
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
	}, got)
	for _, en := range es {
		assert.Contains(t, en.Actor, "(editor)")
	}
	imp := es[0]
	assert.Equal(t, map[string]string{"format": "csv", "files": "1", "batch": "1", "records": "1",
		"entities_created": "1", "entities_updated": "0", "relationships_created": "0", "relationships_updated": "0"}, imp.Details)
	assert.Equal(t, "2", es[1].Details["relationships_deleted"], "the tie to ana and the stance")
	assert.Equal(t, map[string]string{"issue": "issue-fy27", "alignment": "+1"}, es[2].Details)
}

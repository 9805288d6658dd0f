package http_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/backup"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

func TestBackupRoute(t *testing.T) { testBackupRoute(t, openEmbedded) }

func TestBackupRouteNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	testBackupRoute(t, openNeo4j)
}

// testBackupRoute downloads a backup as an admin: it is the whole store,
// private records and token hashes included, it holds its own audit entry,
// and it restores into an empty store. Viewers and editors are refused, and
// learn nothing of the store.
func testBackupRoute(t *testing.T, open opener) {
	e := newEnv(t, open)
	e.seed()

	for _, tok := range []string{e.viewer, e.editor} {
		r := e.get("/api/v1/backup", tok)
		requireError(t, r, 403, graph.Forbidden)
		assert.NotContains(t, string(r.Body), "Carla")
	}
	requireError(t, e.get("/api/v1/backup", ""), 401, graph.Unauthorized)

	r := e.ok(e.get("/api/v1/backup", e.admin), 200)
	assert.Equal(t, "application/gzip", r.Header.Get("Content-Type"))
	assert.Contains(t, r.Header.Get("Content-Disposition"), `filename=powermap.pmbackup`)
	zr, err := gzip.NewReader(bytes.NewReader(r.Body))
	require.NoError(t, err)
	text, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Contains(t, string(text), `"name":"Carla Client"`, "a backup holds private records")
	assert.Contains(t, string(text), `"action":"backup","details":{"format":"powermap-backup","version":"1"}`, "a backup holds its own audit entry")
	assert.Equal(t, 3, strings.Count(string(text), `{"kind":"token",`), "the admin, editor and viewer tokens")

	audit, err := e.accounts.Audit(t.Context(), graph.AuditQuery{Limit: 1})
	require.NoError(t, err)
	require.Len(t, audit, 1)
	assert.Equal(t, "backup", audit[0].Action)
	assert.Contains(t, audit[0].Actor, "(admin)")

	dst, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { dst.Close() })
	counts, err := backup.Restore(t.Context(), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(r.Body)), nil }, dst, backup.Options{})
	require.NoError(t, err)
	c, err := e.store.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, c.Entities, counts[graph.RecordEntity])
	assert.Equal(t, c.Relationships, counts[graph.RecordRelationship])
}

package http_test

import (
	"bytes"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmjson"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// Sessions live in the store: a browser signed in through one replica is
// served by another, and a restarted replica signs no one out.
func TestReplicasShareSessions(t *testing.T) { testReplicasShareSessions(t, openEmbedded) }

func TestReplicasShareSessionsNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	testReplicasShareSessions(t, openNeo4j)
}

// replica starts another server over e's backend, as a second process over
// the same store would be; stop closes it.
func (e *env) replica() (r *env, stop func()) {
	e.t.Helper()
	return e.replicaOn(e.backend)
}

// replicaOn starts another server over be, a second handle on e's store
// (another Neo4j driver, as another process has).
func (e *env) replicaOn(be backend) (r *env, stop func()) {
	e.t.Helper()
	cfg := pmhttp.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.TokenCacheTTL = 0
	srv, err := pmhttp.New(cfg, pmhttp.Deps{
		Store: be.Store, Accounts: be.Accounts,
		Formats: format.NewRegistry([]format.Reader{pmjson.Reader{}}, []format.Writer{pmjson.Writer{}}),
		Logger:  slog.New(slog.NewJSONHandler(&lockedWriter{w: &bytes.Buffer{}}, nil)),
	})
	require.NoError(e.t, err)
	ts := httptest.NewServer(srv.Handler())
	r = &env{t: e.t, srv: srv, ts: ts, store: be.Store, accounts: be.Accounts, logs: &bytes.Buffer{}, backend: be,
		admin: e.admin, editor: e.editor, viewer: e.viewer}
	return r, ts.Close
}

func testReplicasShareSessions(t *testing.T, open opener) {
	a := newEnv(t, open)
	b, stopB := a.replica()
	defer stopB()

	// Sign in through A.
	r := a.ok(a.call("POST", "/api/v1/session", "", map[string]any{"token": a.editor}), 201)
	var sess struct {
		CSRFToken string    `json:"csrf_token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	r.decode(t, &sess)
	cookies := (&nethttp.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	cookie := cookies[0].Name + "=" + cookies[0].Value
	require.NotEmpty(t, sess.CSRFToken)

	// B knows the session, and takes a write from it with its CSRF token.
	var who struct {
		Via       string `json:"via"`
		CSRFToken string `json:"csrf_token"`
	}
	b.ok(b.call("GET", "/api/v1/session", "", nil, "Cookie", cookie), 200).decode(t, &who)
	assert.Equal(t, "cookie", who.Via)
	assert.Equal(t, sess.CSRFToken, who.CSRFToken, "both replicas hold the same session")
	body := map[string]any{"kind": "person", "name": "Replica Probe"}
	b.ok(b.call("PUT", "/api/v1/entities/replica-probe", "", body, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken), 201)
	requireError(t, b.call("PUT", "/api/v1/entities/replica-probe-2", "", body, "Cookie", cookie, "X-CSRF-Token", "wrong"), 403, graph.Forbidden)

	// A restarts: the new process still serves the session.
	a.ts.Close()
	a2, stopA2 := b.replica()
	defer stopA2()
	a2.ok(a2.call("GET", "/api/v1/entities/replica-probe", "", nil, "Cookie", cookie), 200)

	// Signing out through one replica ends the session on every replica.
	b.ok(b.call("DELETE", "/api/v1/session", "", nil, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken), 204)
	requireError(t, a2.call("GET", "/api/v1/session", "", nil, "Cookie", cookie), 401, graph.Unauthorized)

	// Revoking a token through one replica ends its sessions on the other.
	r = a2.ok(a2.call("POST", "/api/v1/session", "", map[string]any{"token": a.viewer}), 201)
	cookies = (&nethttp.Response{Header: r.Header}).Cookies()
	viewerCookie := cookies[0].Name + "=" + cookies[0].Value
	b.ok(b.call("GET", "/api/v1/entities", "", nil, "Cookie", viewerCookie), 200)
	var tl struct{ Items []graph.Token }
	b.ok(b.get("/api/v1/tokens", a.admin), 200).decode(t, &tl)
	for _, tk := range tl.Items {
		if tk.Name == "viewer" {
			b.ok(b.call("DELETE", "/api/v1/tokens/"+tk.ID, a.admin, nil), 200)
		}
	}
	requireError(t, a2.call("GET", "/api/v1/entities", "", nil, "Cookie", viewerCookie), 401, graph.Unauthorized)
	_, err := a.accounts.Session(t.Context(), graph.HashToken(cookies[0].Value))
	assert.True(t, graph.Is(err, graph.NotFound), "revoking the token removed its sessions from the store: %v", err)
}

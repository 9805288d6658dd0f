package http_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/format/pmjson"
	pmhttp "github.com/powermap/powermap/internal/http"
)

// backend is a store and its account store, usually one value.
type backend struct {
	Store    graph.Store
	Accounts graph.AccountStore
}

// opener returns an empty backend for one subtest and closes it at cleanup.
type opener func(t *testing.T) backend

// env is a real server over loopback, with an admin, an editor and a viewer
// token.
type env struct {
	t        *testing.T
	srv      *pmhttp.Server
	ts       *httptest.Server
	store    graph.Store
	accounts graph.AccountStore
	logs     *bytes.Buffer
	backend  backend

	admin, editor, viewer string
}

func newEnv(t *testing.T, open opener, configure ...func(*pmhttp.Config)) *env {
	t.Helper()
	b := open(t)
	cfg := pmhttp.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.TokenCacheTTL = 0 // every request reads the account store
	cfg.RequestTimeout = 20 * time.Second
	for _, f := range configure {
		f(&cfg)
	}
	logs := &bytes.Buffer{}
	srv, err := pmhttp.New(cfg, pmhttp.Deps{
		Store: b.Store, Accounts: b.Accounts,
		Formats: format.NewRegistry([]format.Reader{pmcsv.Reader{}, pmjson.Reader{}}, []format.Writer{pmjson.Writer{}, pmcsv.Writer{}}),
		Logger:  slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, srv: srv, ts: ts, store: b.Store, accounts: b.Accounts, logs: logs, backend: b}
	e.admin = e.token("admin", graph.RoleAdmin)
	e.editor = e.token("editor", graph.RoleEditor)
	e.viewer = e.token("viewer", graph.RoleViewer)
	return e
}

// token creates a token in the account store and returns its secret.
func (e *env) token(name string, role graph.Role) string {
	e.t.Helper()
	secret, tok, err := graph.NewToken(name, role, time.Now())
	require.NoError(e.t, err)
	require.NoError(e.t, e.accounts.CreateToken(e.t.Context(), tok))
	return secret
}

type reply struct {
	Status int
	Header nethttp.Header
	Body   []byte
}

func (r reply) String() string { return r.Header.Get("X-Request-ID") + " " + string(r.Body) }

// decode decodes the body into v.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

func (r reply) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// call sends a request. body is sent as is when it is a string or []byte,
// and as JSON otherwise; hdr holds header names and values in turn.
func (e *env) call(method, path, token string, body any, hdr ...string) reply {
	e.t.Helper()
	req := e.request(method, path, token, body, hdr...)
	res, err := e.ts.Client().Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return reply{Status: res.StatusCode, Header: res.Header, Body: b}
}

func (e *env) request(method, path, token string, body any, hdr ...string) *nethttp.Request {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(e.t, err)
		rd = bytes.NewReader(j)
	}
	req, err := nethttp.NewRequestWithContext(e.t.Context(), method, e.ts.URL+path, rd)
	require.NoError(e.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

func (e *env) get(path, token string) reply { return e.call("GET", path, token, nil) }

// ok requires a status and returns the reply.
func (e *env) ok(r reply, status int) reply {
	e.t.Helper()
	require.Equal(e.t, status, r.Status, "%s", r)
	return r
}

// requireError checks an error reply: status, code, and a detail for each
// field.
func requireError(t *testing.T, r reply, status int, code graph.Code, fields ...string) {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r)
	var body struct {
		Error struct {
			Code      graph.Code     `json:"code"`
			Message   string         `json:"message"`
			Details   []graph.Detail `json:"details"`
			RequestID string         `json:"request_id"`
		} `json:"error"`
	}
	r.decode(t, &body)
	assert.Equal(t, code, body.Error.Code, "%s", r)
	assert.NotEmpty(t, body.Error.Message)
	assert.Equal(t, r.Header.Get("X-Request-ID"), body.Error.RequestID)
	for _, f := range fields {
		found := false
		for _, d := range body.Error.Details {
			if d.Field == f {
				found = true
			}
		}
		assert.True(t, found, "no detail for field %q in %s", f, r)
	}
}

// seed loads the fixture map: a small coalition around an official, with a
// private client and a private organization.
func (e *env) seed() {
	e.t.Helper()
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Organizer", Ours: true, Labels: []string{"staff"}},
			{ID: "coalition", Kind: graph.KindOrganization, Name: "Westmark Coalition", Ours: true},
			{ID: "sen-diaz", Kind: graph.KindOfficial, Name: "Sen. María Díaz", Aliases: []string{"Maria Diaz"}, Party: "D", Chamber: "upper"},
			{ID: "pastor-lee", Kind: graph.KindPerson, Name: "Pastor Lee"},
			{ID: "mario", Kind: graph.KindPerson, Name: "Mario Marín"},
			{ID: "client-1", Kind: graph.KindPerson, Name: "Carla Client", Labels: []string{"client"}},
			{ID: "hidden-org", Kind: graph.KindOrganization, Name: "Hidden Fund", Private: true},
		},
		Relationships: []graph.Relationship{
			{Source: "ana", Target: "pastor-lee", Type: graph.Knows, Strength: 0.8},
			{Source: "pastor-lee", Target: "sen-diaz", Type: graph.FamilyOf, Strength: 0.9, Notes: "cousins"},
			{Source: "ana", Target: "coalition", Type: graph.WorksFor},
			{Source: "client-1", Target: "coalition", Type: graph.ClientOf},
			{Source: "client-1", Target: "sen-diaz", Type: graph.Knows, Strength: 0.3},
			{Source: "hidden-org", Target: "sen-diaz", Type: graph.DonatedTo, Amount: 5000, Date: "2024-03-01"},
			{Source: "mario", Target: "sen-diaz", Type: graph.ColleagueOf},
		},
	}
	_, err := e.store.Apply(e.t.Context(), b)
	require.NoError(e.t, err)
}

func esc(s string) string { return url.PathEscape(s) }

// ids lists the "id" of each item of a list reply.
func ids(t *testing.T, r reply) []string {
	t.Helper()
	var l struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	r.decode(t, &l)
	out := []string{}
	for _, it := range l.Items {
		out = append(out, it.ID)
	}
	return out
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

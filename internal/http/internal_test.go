package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
)

func newTestServer(t *testing.T, logs *bytes.Buffer) *Server {
	t.Helper()
	st, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	cfg := DefaultConfig()
	s, err := New(cfg, Deps{Store: st, Accounts: st, Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	require.NoError(t, err)
	return s
}

// TestWriteErrorHidesInternals checks that an internal error's text is
// logged with the request id and never sent.
func TestWriteErrorHidesInternals(t *testing.T) {
	logs := &bytes.Buffer{}
	s := newTestServer(t, logs)
	cases := []struct {
		err    error
		status int
		code   graph.Code
		leak   string
	}{
		{graph.E("embedded.Apply", graph.Internal, errors.New("bolt page 42 corrupt at /var/secret")), 500, graph.Internal, "/var/secret"},
		{errors.New("plain error with password=hunter2"), 500, graph.Internal, "hunter2"},
		{&graph.Error{Code: graph.Unavailable, Message: "dial tcp 10.0.0.7:7687: refused", Err: errors.New("x")}, 503, graph.Unavailable, "10.0.0.7"},
		{graph.Errorf("op", graph.NotFound, "no entity %q", "ana"), 404, graph.NotFound, ""},
		{&graph.Error{Code: graph.Conflict, Err: errors.Join(errPrecondition, errors.New("stale"))}, 412, graph.Conflict, "stale"},
		{graph.E(graph.Conflict), 409, graph.Conflict, ""},
		{&nethttp.MaxBytesError{Limit: 10}, 413, graph.TooLarge, ""},
	}
	for _, c := range cases {
		logs.Reset()
		w := httptest.NewRecorder()
		gc, _ := gin.CreateTestContext(w)
		gc.Request = httptest.NewRequest("GET", "/api/v1/entities/ana", nil)
		gc.Set(keyRequestID, "req-1234")
		gc.Set(keyLogger, s.log.With("request_id", "req-1234"))
		s.writeError(gc, c.err)
		assert.Equal(t, c.status, w.Code, "%v", c.err)
		var body errorBody
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
		assert.Equal(t, c.code, body.Error.Code)
		assert.NotEmpty(t, body.Error.Message)
		assert.Equal(t, "req-1234", body.Error.RequestID)
		if c.leak != "" {
			assert.NotContains(t, w.Body.String(), c.leak)
			assert.Contains(t, logs.String(), c.leak, "the cause is logged")
			assert.Contains(t, logs.String(), `"request_id":"req-1234"`)
		}
	}
}

func TestStatusOfCoversEveryCode(t *testing.T) {
	want := map[graph.Code]int{graph.Invalid: 400, graph.NotFound: 404, graph.Conflict: 409, graph.Unauthorized: 401,
		graph.Forbidden: 403, graph.Unavailable: 503, graph.TooLarge: 413, graph.Internal: 500}
	for code, status := range want {
		assert.Equal(t, status, statusOf(errors.New("x"), code), "%s", code)
		assert.NotEmpty(t, defaultMessages[code])
	}
}

func TestPanicIsAnInternalError(t *testing.T) {
	logs := &bytes.Buffer{}
	s := newTestServer(t, logs)
	s.engine.GET("/boom", func(*gin.Context) { panic("secret panic text") })
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/boom", nil))
	assert.Equal(t, 500, w.Code)
	assert.NotContains(t, w.Body.String(), "secret panic text")
	assert.Contains(t, logs.String(), "secret panic text")
}

func TestConfigValidate(t *testing.T) {
	require.NoError(t, DefaultConfig().Validate())
	for addr, ok := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true,
		"0.0.0.0:8080": false, ":8080": false, "10.1.2.3:80": false, "example.org:80": false, "nonsense": false} {
		c := DefaultConfig()
		c.Addr = addr
		err := c.Validate()
		if ok {
			assert.NoError(t, err, addr)
			continue
		}
		require.Error(t, err, addr)
		assert.Equal(t, graph.Invalid, graph.CodeOf(err))
		assert.Equal(t, "addr", graph.DetailsOf(err)[0].Field)
		c.AllowRemote = true
		if addr != "nonsense" {
			assert.NoError(t, c.Validate(), "%s with allow-remote", addr)
		}
	}
	c := DefaultConfig()
	c.BodyLimit = 0
	c.MaxPageSize = 1
	c.CookieName = "a b"
	err := c.Validate()
	var fields []string
	for _, d := range graph.DetailsOf(err) {
		fields = append(fields, d.Field)
	}
	assert.ElementsMatch(t, []string{"body_limit", "max_page_size", "cookie_name"}, fields)
}

func TestEnsureAdmin(t *testing.T) {
	st, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	defer st.Close()
	var out bytes.Buffer
	secret, err := EnsureAdmin(t.Context(), st, "http://127.0.0.1:8080/", &out)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(secret, graph.TokenPrefix))
	assert.Contains(t, out.String(), secret)
	assert.Contains(t, out.String(), "http://127.0.0.1:8080/#token="+secret)
	tok, err := st.TokenByHash(t.Context(), graph.HashToken(secret))
	require.NoError(t, err)
	assert.Equal(t, graph.RoleAdmin, tok.Role)
	es, err := st.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, es, 1)
	assert.Equal(t, "token.create", es[0].Action)

	// The second run finds a token and does nothing.
	out.Reset()
	again, err := EnsureAdmin(t.Context(), st, "http://127.0.0.1:8080", &out)
	require.NoError(t, err)
	assert.Empty(t, again)
	assert.Empty(t, out.String())
	n, err := st.CountTokens(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func TestUploadName(t *testing.T) {
	for in, want := range map[string]string{
		"entities.csv":          "entities.csv",
		"../../etc/passwd":      "passwd",
		`C:\Users\ana\rels.csv`: "rels.csv",
		"/abs/path/x.json":      "x.json",
		"..":                    "upload-3",
		"":                      "upload-3",
		"dir/":                  "dir",
		"a\x00b":                "upload-3",
	} {
		assert.Equal(t, want, uploadName(in, 2), "%q", in)
	}
}

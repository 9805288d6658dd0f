package main

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	apihttp "github.com/powermap/powermap/internal/http"
)

// canonical re-encodes a JSON document so that two answers compare by
// content, not by spacing.
func canonical(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v), string(b))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return string(out)
}

// TestSameAnswersEverywhere asks who knows a senator on the command line
// and over HTTP, by id and by name, as an admin and as a viewer: the JSON
// is the same.
func TestSameAnswersEverywhere(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := run(t, nil, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)

	type ask struct{ as, query string }
	cli := map[ask]string{}
	asks := []ask{{"admin", "sen-01"}, {"admin", "Fenna Oakenshield"}, {"viewer", "sen-01"}, {"viewer", "fenna oakenshield"}}
	for _, a := range asks {
		code, out, errOut := run(t, nil, "--data", data, "--as", a.as, "paths", "--to", a.query, "--json")
		require.Equal(t, exitOK, code, errOut)
		cli[a] = canonical(t, []byte(out))
	}
	code, out, errOut := run(t, nil, "--data", data, "--as", "viewer", "rank", "--algo", "pagerank", "--json")
	require.Equal(t, exitOK, code, errOut)
	cliRank := canonical(t, []byte(out))

	m := NewMain()
	m.Config = DefaultConfig()
	m.Config.Data = data
	s, err := m.openStore(t.Context())
	require.NoError(t, err)
	defer s.Close()
	a, err := m.newApp(s, "")
	require.NoError(t, err)
	srv, err := apihttp.New(apihttp.DefaultConfig(), apihttp.Deps{Store: s, Accounts: s, App: a})
	require.NoError(t, err)
	tokens := map[string]string{}
	for _, role := range []graph.Role{graph.RoleAdmin, graph.RoleViewer} {
		secret, tok, err := graph.NewToken("test-"+string(role), role, time.Now())
		require.NoError(t, err)
		require.NoError(t, s.CreateToken(t.Context(), tok))
		tokens[string(role)] = secret
	}
	get := func(role, path string) string {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[role])
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		require.Equal(t, 200, w.Code, w.Body.String())
		return canonical(t, w.Body.Bytes())
	}
	for _, q := range asks {
		assert.Equal(t, cli[q], get(q.as, "/api/v1/paths?to="+url.QueryEscape(q.query)), "%s asking for %q", q.as, q.query)
	}
	assert.Equal(t, cli[asks[0]], cli[asks[1]], "by id and by name")
	assert.Equal(t, cliRank, get("viewer", "/api/v1/rankings?algo=pagerank"))
}

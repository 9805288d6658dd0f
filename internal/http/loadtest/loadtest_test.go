package loadtest_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/http/loadtest"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// serve loads the synthetic map of n entities into a fresh embedded store
// and serves it over loopback; it returns the URL and a viewer token.
func serve(t *testing.T, n int) (string, string) {
	t.Helper()
	st, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.Apply(t.Context(), synth.Batch(synth.Config{Entities: n, Seed: 2026}))
	require.NoError(t, err)
	cfg := pmhttp.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	srv, err := pmhttp.New(cfg, pmhttp.Deps{Store: st, Accounts: st})
	require.NoError(t, err)
	require.NoError(t, srv.Open())
	t.Cleanup(func() { srv.Close() })
	secret, tok, err := graph.NewToken("load", graph.RoleViewer, time.Now())
	require.NoError(t, err)
	require.NoError(t, st.CreateToken(t.Context(), tok))
	return srv.URL(), secret
}

// TestLoadShort runs a few seconds of the mix on a small map, so that the
// load generator itself is tested on every run.
func TestLoadShort(t *testing.T) {
	url, token := serve(t, 1000)
	rep, err := loadtest.Run(t.Context(), loadtest.Config{URL: url, Token: token, Clients: 4, Duration: 2 * time.Second, MaxRequests: 400, Seed: 1})
	require.NoError(t, err)
	t.Log(rep)
	assert.Positive(t, rep.All.Requests)
	assert.Zero(t, rep.All.Status5xx, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Failed, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Status4xx, "%v", rep.FirstErrors)
	for _, k := range []string{loadtest.KindSearch, loadtest.KindNetwork, loadtest.KindPaths} {
		assert.Positive(t, rep.ByKind[k].Requests, k)
	}
}

// TestLoad is the load test of the API: 60 s of mixed reads (search, paths,
// ego networks) by 32 concurrent clients over loopback, on the 10k-entity
// synthetic map in the embedded store. It runs only with POWERMAP_LOAD=1
// (`make load`); POWERMAP_LOAD_DURATION overrides the 60 s and
// POWERMAP_LOAD_REPORT names a file for the JSON report. It fails on any
// 5xx or unanswered request.
func TestLoad(t *testing.T) {
	if os.Getenv("POWERMAP_LOAD") != "1" {
		t.Skip("set POWERMAP_LOAD=1 to run the 60 s load test (make load)")
	}
	d := 60 * time.Second
	if s := os.Getenv("POWERMAP_LOAD_DURATION"); s != "" {
		var err error
		d, err = time.ParseDuration(s)
		require.NoError(t, err)
	}
	url, token := serve(t, 10_000)
	rep, err := loadtest.Run(t.Context(), loadtest.Config{URL: url, Token: token, Clients: 32, Duration: d, Seed: 1})
	require.NoError(t, err)
	t.Log("\n" + rep.String())
	if path := os.Getenv("POWERMAP_LOAD_REPORT"); path != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, b, 0o644))
	}
	assert.Zero(t, rep.All.Status5xx, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Failed, "%v", rep.FirstErrors)
}

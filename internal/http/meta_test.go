package http_test

import (
	"io"
	nethttp "net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	pmhttp "github.com/powermap/powermap/internal/http"
)

// TestMetaTellsNothingOfTheMap checks that what anonymous callers and
// scrapers see does not depend on the map: /healthz and /readyz say only
// their status, and /metrics, admin-only on the main address, has no figure
// that counts records (which would count the private ones too).
func TestMetaTellsNothingOfTheMap(t *testing.T) {
	e := newEnv(t, openEmbedded)
	assert.JSONEq(t, `{"status":"ok"}`, string(e.ok(e.get("/healthz", ""), 200).Body))
	assert.JSONEq(t, `{"status":"ready"}`, string(e.ok(e.get("/readyz", ""), 200).Body)) // builds the first snapshot
	e.seed()
	assert.JSONEq(t, `{"status":"ok"}`, string(e.ok(e.get("/healthz", ""), 200).Body))
	assert.JSONEq(t, `{"status":"ready"}`, string(e.ok(e.get("/readyz", ""), 200).Body))
	m := string(e.ok(e.get("/metrics", e.admin), 200).Body)
	assert.Contains(t, m, "powermap_snapshot_builds_total 1", "an anonymous /readyz never rebuilds the snapshot")

	e.ok(e.get("/api/v1/paths?to=sen-diaz", e.viewer), 200) // a snapshot of the seeded map
	for _, tok := range []string{e.viewer, e.editor} {
		requireError(t, e.get("/metrics", tok), 403, graph.Forbidden)
	}
	m = string(e.ok(e.get("/metrics", e.admin), 200).Body)
	// The seeding writes are replayed onto the snapshot, not rebuilt.
	assert.Contains(t, m, "powermap_snapshot_builds_total 1")
	assert.Contains(t, m, "powermap_snapshot_replays_total 1")
	for _, name := range []string{"powermap_snapshot_entities", "powermap_snapshot_walk_ties", "powermap_snapshot_bytes", "powermap_snapshot_version"} {
		assert.NotContains(t, m, name)
	}
	// Every powermap metric is one of these; a new one must be checked
	// for figures of the map before it joins the list.
	known := map[string]bool{
		"powermap_http_requests_total": true, "powermap_http_request_duration_seconds": true,
		"powermap_http_requests_in_flight": true, "powermap_store_errors_total": true,
		"powermap_snapshot_age_seconds": true, "powermap_snapshot_builds_total": true,
		"powermap_snapshot_replays_total": true,
	}
	for _, name := range regexp.MustCompile(`(?m)^# TYPE (powermap_\w+)`).FindAllStringSubmatch(m, -1) {
		assert.True(t, known[name[1]], "metric %s is not known to tell nothing of the map", name[1])
	}
}

// TestMetricsAddr checks the scraper's listener: /metrics without a token,
// and nothing else.
func TestMetricsAddr(t *testing.T) {
	b := openEmbedded(t)
	cfg := pmhttp.DefaultConfig()
	cfg.Addr, cfg.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0"
	srv, err := pmhttp.New(cfg, pmhttp.Deps{Store: b.Store, Accounts: b.Accounts})
	require.NoError(t, err)
	assert.Empty(t, srv.MetricsAddr(), "no listener before Open")
	require.NoError(t, srv.Open())
	t.Cleanup(func() { assert.NoError(t, srv.Close()) })
	require.NotEmpty(t, srv.MetricsAddr())
	require.NotEqual(t, srv.Addr(), srv.MetricsAddr())
	get := func(url string) (int, string) {
		res, err := nethttp.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	get(srv.URL() + "/healthz")
	code, body := get("http://" + srv.MetricsAddr() + "/metrics")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `powermap_http_requests_total{code="200",method="GET",route="/healthz"} 1`)
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/entities", "/api/v1/audit", "/"} {
		code, _ := get("http://" + srv.MetricsAddr() + path)
		assert.Equal(t, 404, code, "%s is not served on the metrics address", path)
	}
	code, _ = get(srv.URL() + "/metrics")
	assert.Equal(t, 401, code, "the main address still wants an admin token")
}

func TestMetricsAddrConfig(t *testing.T) {
	for _, tc := range []struct{ addr, metrics, reason string }{
		{"127.0.0.1:8080", "nonsense", "must be host:port"},
		{"127.0.0.1:8080", "127.0.0.1:8080", "must differ from addr"},
	} {
		cfg := pmhttp.DefaultConfig()
		cfg.Addr, cfg.MetricsAddr = tc.addr, tc.metrics
		err := cfg.Validate()
		require.Error(t, err)
		assert.True(t, graph.Is(err, graph.Invalid))
		assert.True(t, strings.Contains(err.Error(), tc.reason), "%v", err)
	}
	cfg := pmhttp.DefaultConfig()
	cfg.MetricsAddr = "10.0.0.5:9090"
	assert.NoError(t, cfg.Validate(), "the metrics address may be on a private network without allow-remote")
}

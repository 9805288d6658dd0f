package http_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/http/loadtest"
)

// TestLoad is the load test of the API (make load): 60 s of mixed reads
// (search, introduction paths, ego networks) by 32 concurrent clients over
// loopback against a real server on the 10k-entity synthetic map in the
// embedded store. It runs with POWERMAP_LOAD=1, and for 10 s under CI=true;
// POWERMAP_LOAD_DURATION overrides the duration and POWERMAP_LOAD_REPORT
// names a file for the JSON report. It fails on any 5xx or unanswered
// request; throughput and latency are reported, not asserted.
func TestLoad(t *testing.T) {
	d := 60 * time.Second
	switch {
	case os.Getenv("POWERMAP_LOAD") == "1":
	case os.Getenv("CI") == "true":
		d = 10 * time.Second
	default:
		t.Skip("set POWERMAP_LOAD=1 to run the 60 s load test (make load)")
	}
	if s := os.Getenv("POWERMAP_LOAD_DURATION"); s != "" {
		var err error
		d, err = time.ParseDuration(s)
		require.NoError(t, err)
	}
	s, err := loadtest.Serve(t.Context(), t.TempDir(), 10_000)
	require.NoError(t, err)
	defer s.Close()
	rep, err := loadtest.Run(t.Context(), loadtest.Config{URL: s.URL, Token: s.Token, Clients: 32, Duration: d, Seed: 1})
	require.NoError(t, err)
	t.Log("\n" + rep.String())
	if path := os.Getenv("POWERMAP_LOAD_REPORT"); path != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, b, 0o644))
	}
	if path := os.Getenv("POWERMAP_LOAD_BENCH"); path != "" {
		// One line in `go test -bench` format, for make bench's BENCHMARKS.md.
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		line := fmt.Sprintf("pkg: github.com/powermap/powermap/internal/http\nBenchmarkLoad10k/clients=%d\t%d\t%.1f req/s\t%.2f p50-ms\t%.2f p99-ms\t%d 5xx\t%.3f cpu-ms/req\n",
			rep.Clients, rep.All.Requests, rep.RPS, ms(rep.All.P50), ms(rep.All.P99), rep.All.Status5xx, ms(rep.CPUPerRequest))
		require.NoError(t, os.WriteFile(path, []byte(line), 0o644))
	}
	assert.Zero(t, rep.All.Status5xx, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Failed, "%v", rep.FirstErrors)
}

package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
pkg: github.com/powermap/powermap/graph/paths
BenchmarkPaths1M-2   	       1	9123456789 ns/op	        41.50 p50-ms	       180.0 p99-ms	  1234 B/op	      12 allocs/op
BenchmarkBroken-2 --- FAIL
pkg: github.com/powermap/powermap/internal/store/embedded
BenchmarkStream/1M-2 	       3	 400000000 ns/op	   2500000 ties/s
PASS
`

func TestParse(t *testing.T) {
	rs := parse(strings.NewReader(sample))
	require.Len(t, rs, 2)
	assert.Equal(t, "github.com/powermap/powermap/graph/paths", rs[0].pkg)
	assert.Equal(t, "BenchmarkPaths1M", rs[0].name)
	assert.Equal(t, int64(1), rs[0].n)
	assert.Equal(t, []metric{{9123456789, "ns/op"}, {41.5, "p50-ms"}, {180, "p99-ms"}, {1234, "B/op"}, {12, "allocs/op"}}, rs[0].metrics)
	assert.Equal(t, "BenchmarkStream/1M", rs[1].name)
}

func TestTargets(t *testing.T) {
	saved := targets
	defer func() { targets = saved }()
	targets = []target{
		{what: "paths p50", benchmark: "BenchmarkPaths1M", unit: "p50-ms", max: 50},
		{what: "paths p99", benchmark: "BenchmarkPaths1M", unit: "p99-ms", max: 100},
		{what: "stream", benchmark: "BenchmarkStream/1M", unit: "ties/s", min: 1e6},
		{what: "absent", benchmark: "BenchmarkNope", unit: "x", min: 1},
		{what: "ratio", benchmark: "BenchmarkStream/1M", unit: "ns/op", min: 5, over: "BenchmarkPaths1M"},
		{what: "by package", benchmark: "embedded.BenchmarkStream/1M", unit: "ties/s", min: 1},
	}
	var b bytes.Buffer
	writeReport(&b, parse(strings.NewReader(sample)), "go test -bench .", time.Second, nil, "")
	out := b.String()
	assert.Contains(t, out, "| paths p50 | `BenchmarkPaths1M` | 41.5 p50-ms | ≤ 50 p50-ms | yes |")
	assert.Contains(t, out, "| paths p99 | `BenchmarkPaths1M` | 180 p99-ms | ≤ 100 p99-ms | **no** |")
	assert.Contains(t, out, "| stream | `BenchmarkStream/1M` | 2.5e+06 ties/s | ≥ 1e+06 ties/s | yes |")
	assert.Contains(t, out, "| absent | `BenchmarkNope` | not run |")
	assert.Contains(t, out, "| ratio | `BenchmarkStream/1M` | 22.81 × | ≥ 5 × | yes |")
	assert.Contains(t, out, "| by package | `embedded.BenchmarkStream/1M` | 2.5e+06 ties/s |")
	assert.Contains(t, out, "## Machine")
	assert.Contains(t, out, "go test -bench .")
}

// TestKeepOthers: a report read back gives the figures of every benchmark
// that a partial run did not measure again, and none of those it did.
func TestKeepOthers(t *testing.T) {
	var doc bytes.Buffer
	writeReport(&doc, parse(strings.NewReader(sample)), "go test -bench .", time.Minute, nil, "")
	rerun := []result{{pkg: "github.com/powermap/powermap/graph/paths", name: "BenchmarkPaths1M", n: 1, metrics: []metric{{1, "p50-ms"}}}}
	kept, written := keepOthers(doc.String(), rerun)
	require.Len(t, kept, 1)
	assert.Equal(t, result{pkg: "github.com/powermap/powermap/internal/store/embedded", name: "BenchmarkStream/1M", n: 3,
		metrics: []metric{{4e8, "ns/op"}, {2.5e6, "ties/s"}}}, kept[0])
	assert.Contains(t, written, "UTC")
}

// TestRunsCarryOver: a report combined from partial runs lists every run,
// and a later partial run adds itself to that list.
func TestRunsCarryOver(t *testing.T) {
	var doc bytes.Buffer
	writeReport(&doc, parse(strings.NewReader(sample)), "go test -bench .", time.Minute, nil, "")
	_, written := keepOthers(doc.String(), nil)
	runs := earlierRuns(doc.String(), written)
	require.Len(t, runs, 1)
	assert.Contains(t, runs[0], "- every benchmark: ")
	var again bytes.Buffer
	note := runsHeading + "\n\n" + strings.Join(append(runs, "- `Paths`: later"), "\n")
	writeReport(&again, nil, "go test -bench Paths", time.Minute, nil, note)
	assert.Equal(t, append(runs, "- `Paths`: later"), earlierRuns(again.String(), "x"))
}

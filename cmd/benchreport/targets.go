package main

import (
	"fmt"
	"io"
	"strings"
)

// target is a performance goal from the issues: a benchmark's metric must
// be at most (or at least) a value on the reference 2-core machine. When
// over is set, the figure is the ratio over/benchmark of the two
// benchmarks' values of unit (a speed-up measured in the same run).
type target struct {
	what      string // the goal in words
	benchmark string // benchmark name without the -procs suffix; "pkg.Name" picks one package's
	unit      string
	max, min  float64 // one of them is set
	over      string
}

// targets lists the goals that BENCHMARKS.md checks. A goal whose benchmark
// did not run is listed as "not run".
var targets = []target{
	{what: "time to interactive of the slowest view on the demo map, median of 5 loads", benchmark: "BenchmarkBrowserViewSlowest", unit: "ns/op", max: 1e9},
	{what: "snapshot memory at 1M entities", benchmark: "BenchmarkBuild1M", unit: "B/tie", max: 40},
	{what: "snapshot memory at 1M entities, influence graph built (PageRank, HITS)", benchmark: "BenchmarkBuild1M", unit: "with-influence-B/tie", max: 40},
	{what: "snapshot build rate at 1M entities", benchmark: "BenchmarkBuild1M", unit: "ties/s", min: 1e6},
	{what: "snapshot build from the embedded store", benchmark: "BenchmarkBuildFromEmbedded10k", unit: "ties/s", min: 1e6},
	{what: "paths k=5, 6 hops, 1M entities, p50", benchmark: "BenchmarkPaths1M", unit: "p50-ms", max: 5},
	{what: "paths k=5, 6 hops, 1M entities, p99", benchmark: "BenchmarkPaths1M", unit: "p99-ms", max: 15},
	{what: "who knows X through the app at 1M, as an editor, p50", benchmark: "BenchmarkAppPaths1M/editor", unit: "p50-ms", max: 5},
	{what: "who knows X through the app at 1M, as an editor, p99", benchmark: "BenchmarkAppPaths1M/editor", unit: "p99-ms", max: 15},
	{what: "who knows X through the app at 1M, as a viewer, p50", benchmark: "BenchmarkAppPaths1M/viewer", unit: "p50-ms", max: 5},
	{what: "who knows X through the app at 1M, as a viewer, p99", benchmark: "BenchmarkAppPaths1M/viewer", unit: "p99-ms", max: 15},
	{what: "paths vs gonum Yen at 100k", benchmark: "BenchmarkPathsVsGonumYen100k", unit: "speedup", min: 100},
	{what: "PageRank 1M to L1 1e-10, setup included", benchmark: "BenchmarkPageRank1M", unit: "ns/op", max: 3e9},
	{what: "PageRank vs gonum PageRankSparse at 1M", benchmark: "BenchmarkPageRank1M", unit: "ns/op", min: 5, over: "BenchmarkPageRankGonum1M"},
	{what: "PageRank at 1M, the whole first /rankings request after a write, vs igraph's pagerank over the same arcs", benchmark: "BenchmarkPageRankAfterWrite1M", unit: "ns/op", min: 2, over: "BenchmarkIgraphPageRank1M"},
	{what: "exact betweenness 10k, hop distances, single-threaded", benchmark: "BenchmarkBetweenness10k/weighted=false/workers=1", unit: "ns/op", max: 20e9},
	{what: "exact betweenness 10k, -ln(strength) distances, single-threaded", benchmark: "BenchmarkBetweenness10k/weighted=true/workers=1", unit: "ns/op", max: 20e9},
	{what: "exact betweenness 10k, -ln(strength) distances, both cores", benchmark: "BenchmarkBetweenness10k/weighted=true/workers=2", unit: "ns/op", max: 20e9},
	{what: "sampled betweenness 1M", benchmark: "BenchmarkBetweennessSampled1M/weighted=true", unit: "ns/op", max: 60e9},
	{what: "a write at 1M entities seen in the next /paths answer, embedded store, as an editor, p99", benchmark: "BenchmarkWriteVisible1M", unit: "editor-p99-ms", max: 50},
	{what: "a write at 1M entities seen in the next /paths answer, embedded store, as a viewer, p99", benchmark: "BenchmarkWriteVisible1M", unit: "viewer-p99-ms", max: 50},
	{what: "a write seen in the next /paths answer of the server that took it, Neo4j, 100k entities, as an editor, p99", benchmark: "BenchmarkWriteVisibleNeo4j100k", unit: "editor-p99-ms", max: 50},
	{what: "a write seen in the next /paths answer of the server that took it, Neo4j, 100k entities, as a viewer, p99", benchmark: "BenchmarkWriteVisibleNeo4j100k", unit: "viewer-p99-ms", max: 50},
	{what: "a write seen in the next /paths answer of the server that took it, Neo4j, 1M entities, as an editor, p99 (POWERMAP_BENCH_NEO4J_1M=1)", benchmark: "BenchmarkWriteVisibleNeo4j1M", unit: "editor-p99-ms", max: 50},
	{what: "a write seen in the next /paths answer of the server that took it, Neo4j, 1M entities, as a viewer, p99 (POWERMAP_BENCH_NEO4J_1M=1)", benchmark: "BenchmarkWriteVisibleNeo4j1M", unit: "viewer-p99-ms", max: 50},
	{what: "server heap at 1M entities, both audiences' snapshots built", benchmark: "BenchmarkHeap1M", unit: "heap-MiB", max: 400},
	{what: "peak memory of powermap demo --entities 1000000 into the embedded store", benchmark: "BenchmarkDemo1M", unit: "peak-MiB", max: 2048},
	{what: "API load, 32 clients, 10k map, as a viewer: throughput", benchmark: "BenchmarkLoad10k/clients=32", unit: "req/s", min: 2500},
	{what: "API load, 32 clients, 10k map: p99", benchmark: "BenchmarkLoad10k/clients=32", unit: "p99-ms", max: 100},
	{what: "legislator brief at 1M through the app, as an editor, p99", benchmark: "BenchmarkBrief1M/editor", unit: "p99-ms", max: 500},
	{what: "legislator brief at 1M through the app, as a viewer, p99", benchmark: "BenchmarkBrief1M/viewer", unit: "p99-ms", max: 500},
	{what: "a write through one of two replicas over one Neo4j, seen in the other's /paths, 32 clients of mixed load, 2k map: p99", benchmark: "BenchmarkReplicaVisibility", unit: "p99-ms", max: 1000},
	{what: "outreach list, 5 targets, 10k entities", benchmark: "BenchmarkOutreach10k", unit: "ms/list", max: 200},
	{what: "outreach list, 5 targets, 1M entities", benchmark: "BenchmarkOutreach1M", unit: "ms/list", max: 5000},
	{what: "turnout report on every official, 1M entities, 10k events, as an editor", benchmark: "BenchmarkTurnoutAll1M/editor", unit: "ns/op", max: 2e9},
	{what: "turnout report on every official, 1M entities, 10k events, as a viewer", benchmark: "BenchmarkTurnoutAll1M/viewer", unit: "ns/op", max: 2e9},
	{what: "FEC itcont into the embedded store, 1M rows", benchmark: "BenchmarkItcont1M", unit: "rows/s", min: 50000},
	{what: "FEC itcont into Neo4j, 100k rows", benchmark: "BenchmarkItcont100kNeo4j", unit: "rows/s", min: 10000},
	{what: "dedupe: 1M incoming donors against a 1M-entity map, 2 cores", benchmark: "BenchmarkDedupe1M", unit: "ns/op", max: 300e9},
	{what: "dedupe: congress vs FEC cn without ids, held-out half: auto-merge precision", benchmark: "BenchmarkAccuracyCongress", unit: "auto-precision", min: 0.99},
	{what: "dedupe: congress vs FEC cn without ids, held-out half: recall of auto + review", benchmark: "BenchmarkAccuracyCongress", unit: "recall", min: 0.95},
	{what: "dedupe: congress vs FEC cn without ids, held-out half: review items per true match", benchmark: "BenchmarkAccuracyCongress", unit: "reviews/match", max: 0.1},
	{what: "dedupe: FEC donors vs perturbed map people, test split: precision of suggestions", benchmark: "BenchmarkAccuracyDonors", unit: "precision", min: 0.95},
	{what: "dedupe: FEC donors vs perturbed map people, test split: recall of suggestions", benchmark: "BenchmarkAccuracyDonors", unit: "recall", min: 0.90},
}

func writeTargets(w io.Writer, results []result) {
	if len(targets) == 0 {
		return
	}
	fmt.Fprintf(w, "## Targets\n\n| goal | benchmark | figure | target | met |\n|---|---|---:|---:|---|\n")
	for _, t := range targets {
		figure, met := "not run", "—"
		v, ok := lookup(results, t.benchmark, t.unit)
		unit := t.unit
		if ok && t.over != "" {
			var o float64
			if o, ok = lookup(results, t.over, t.unit); ok {
				v, unit = o/v, "×"
			}
		}
		if ok {
			figure = formatValue(v) + " " + unit
			good := (t.max == 0 || v <= t.max) && (t.min == 0 || v >= t.min)
			met = map[bool]string{true: "yes", false: "**no**"}[good]
		}
		goal := ""
		if t.max != 0 {
			goal = "≤ " + formatValue(t.max) + " " + unit
		} else {
			goal = "≥ " + formatValue(t.min) + " " + unit
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", t.what, t.benchmark, figure, goal, met)
	}
	fmt.Fprintln(w)
}

// lookup finds the value of unit in the result of benchmark: a bare name, or
// "pkgsuffix.Name" to pick one package's benchmark of a shared name.
func lookup(results []result, benchmark, unit string) (float64, bool) {
	for _, r := range results {
		match := r.name == benchmark
		if strings.Contains(benchmark, ".") && !strings.HasPrefix(benchmark, "Benchmark") {
			match = strings.HasSuffix(r.pkg+"."+r.name, benchmark)
		}
		if !match {
			continue
		}
		for _, m := range r.metrics {
			if m.unit == unit {
				return m.value, true
			}
		}
	}
	return 0, false
}

package rank

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph/network"
)

// benchGraphs caches one generated power map per size across benchmarks:
// the project's synthetic generator (internal/synth, seed 1, about 10 ties
// per entity) loaded into a snapshot.
var benchGraphs sync.Map

type benchData struct {
	n         int
	walk      *CSR
	influence *Digraph
}

func benchGraph(b *testing.B, n int) *benchData {
	if d, ok := benchGraphs.Load(n); ok {
		return d.(*benchData)
	}
	snap := synthSnapshot(b, n)
	d := &benchData{n: n, walk: snap.Walk(), influence: snap.Influence()}
	benchGraphs.Store(n, d)
	return d
}

func benchPageRank(b *testing.B, n int) {
	d := benchGraph(b, n)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	var conv Convergence
	for i := 0; i < b.N; i++ {
		var err error
		_, conv, err = PageRank(ctx, d.influence, PageRankOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(conv.Iterations), "iters")
	b.ReportMetric(float64(d.influence.Arcs()), "arcs")
}

// BenchmarkPageRank1M is PageRank to L1 1e-10 at 1M entities over the
// snapshot's Influence, setup (the out-weights) included. Influence shares
// Walk's arrays and is read both ways, so there is no transpose to build.
func BenchmarkPageRank1M(b *testing.B)   { benchPageRank(b, 1_000_000) }
func BenchmarkPageRank100k(b *testing.B) { benchPageRank(b, 100_000) }

// Measured in one run (-benchtime 3x) on the shared 2-core machine (load
// average about 4, so wall times are inflated; cpu-s/op is the CPU the
// process used), synth map of 1M entities, 17.4M influence arcs:
//
//	BenchmarkPageRank1M       2.4 s/op wall,   2.1 cpu-s, 29 iterations, 32 MB, 387 allocs
//	BenchmarkPageRankGonum1M  40.5 s/op wall, 40.7 cpu-s, 1.42 GB, 10.2M allocs
//
// PageRank1M allocates O(n): its iterates and the out-weights.

// BenchmarkPageRankGonum1M is the reference: gonum's PageRankSparse on a
// simple.WeightedDirectedGraph of the same graph (building it excluded), to
// an L2 change of 1e-10.
func BenchmarkPageRankGonum1M(b *testing.B)   { benchPageRankGonum(b, 1_000_000) }
func BenchmarkPageRankGonum100k(b *testing.B) { benchPageRankGonum(b, 100_000) }

func benchPageRankGonum(b *testing.B, n int) {
	d := benchGraph(b, n)
	g := toGonumDirected(d.influence, true)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	for i := 0; i < b.N; i++ {
		network.PageRankSparse(g, 0.85, 1e-10)
	}
}

func benchBetweenness(b *testing.B, n, samples, workers int, weighted bool) {
	d := benchGraph(b, n)
	ctx := context.Background()
	o := PathOptions{Workers: workers}
	if weighted {
		o.Cost = Costs(d.walk)
	}
	if samples < 0 {
		samples = Samples(len(d.walk.Adj), weighted)
		// After the loop: ResetTimer drops metrics reported before it.
		defer func() {
			b.ReportMetric(float64(samples), "sources")
			b.ReportMetric(SampleError(n, samples, DefaultDelta), "epsilon")
		}()
	}
	if samples > 0 {
		o.Sources = SampleSources(n, samples, 1)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	for i := 0; i < b.N; i++ {
		if _, err := Betweenness(ctx, d.walk, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBetweenness10k is exact Brandes at 10k entities (about 93k ties).
func BenchmarkBetweenness10k(b *testing.B) {
	for _, weighted := range []bool{false, true} {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("weighted=%v/workers=%d", weighted, w), func(b *testing.B) {
				benchBetweenness(b, 10_000, 0, w, weighted)
			})
		}
	}
}

// BenchmarkBetweennessSampled1M estimates betweenness at 1M entities from
// as many sources as Run uses by default (Samples), on both cores.
func BenchmarkBetweennessSampled1M(b *testing.B) {
	for _, weighted := range []bool{false, true} {
		b.Run(fmt.Sprintf("weighted=%v", weighted), func(b *testing.B) {
			benchBetweenness(b, 1_000_000, -1, 0, weighted)
		})
	}
}

// cpuTime is the CPU time (user plus system) the process has used. The
// benchmarks report it per op beside wall time, because the 2-core machine
// is shared and wall time alone overstates a kernel's cost under load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports CPU seconds per op since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkBetweenness2k is exact Brandes at 2k entities, single-threaded:
// a quick figure for tuning the kernel.
func BenchmarkBetweenness2k(b *testing.B) {
	for _, weighted := range []bool{false, true} {
		b.Run(fmt.Sprintf("weighted=%v", weighted), func(b *testing.B) {
			benchBetweenness(b, 2_000, 0, 1, weighted)
		})
	}
}

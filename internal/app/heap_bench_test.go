package app_test

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// BenchmarkHeap1M measures the heap a server holds for the map of 1M
// entities once both audiences' snapshots are built and a ranking has run:
// heap-MiB is the live heap after a forced collection (runtime.MemStats
// HeapAlloc), which the store's memory map is not part of. Target: ≤ 400
// MiB (cmd/benchreport/targets.go). With POWERMAP_HEAPPROFILE set to a
// file, it writes the heap profile there (go tool pprof -sample_index
// inuse_space) to show where the heap goes.
func BenchmarkHeap1M(b *testing.B) {
	a, targets := benchApp(b, b.TempDir(), 1_000_000)
	ctx := context.Background()
	var ms runtime.MemStats
	for b.Loop() {
		for _, c := range []app.Caller{{Actor: "bench", Role: graph.RoleEditor}, {Actor: "bench", Role: graph.RoleViewer}} {
			if _, err := a.Paths(ctx, c, app.PathsQuery{To: targets[0]}); err != nil {
				b.Fatal(err)
			}
			if _, err := a.InnerCircle(ctx, c, targets[0], 10); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
	}
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	if path := os.Getenv("POWERMAP_HEAPPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			b.Fatal(err)
		}
	}
	runtime.KeepAlive(a)
}

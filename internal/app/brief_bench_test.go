package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// benchBrief makes the brief of random officials of the synthetic map of
// n entities, as an editor and as a viewer. first-s is the first brief,
// which builds the caller's snapshot.
func benchBrief(b *testing.B, n int) {
	a, targets := benchApp(b, b.TempDir(), n)
	targets = targets[:20]
	for _, who := range []struct {
		name   string
		caller app.Caller
	}{{"editor", app.Caller{Actor: "bench", Role: graph.RoleEditor}}, {"viewer", app.Caller{Actor: "bench", Role: graph.RoleViewer}}} {
		b.Run(who.name, func(b *testing.B) {
			ctx := context.Background()
			t0 := time.Now()
			if _, err := a.Brief(ctx, who.caller, targets[0]); err != nil {
				b.Fatal(err)
			}
			first := time.Since(t0)
			var durs []time.Duration
			b.ResetTimer()
			for b.Loop() {
				for _, to := range targets {
					t0 := time.Now()
					_, err := a.Brief(ctx, who.caller, to)
					durs = append(durs, time.Since(t0))
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(first.Seconds(), "first-s")
			b.ReportMetric(percentileMS(durs, 0.50), "p50-ms")
			b.ReportMetric(percentileMS(durs, 0.99), "p99-ms")
		})
	}
}

// BenchmarkBrief10k, BenchmarkBrief100k and BenchmarkBrief1M: the legislator brief of an
// official through the use-case layer. Target at 1M: p99 ≤ 500 ms (see
// cmd/benchreport/targets.go).
func BenchmarkBrief10k(b *testing.B)  { benchBrief(b, 10_000) }
func BenchmarkBrief100k(b *testing.B) { benchBrief(b, 100_000) }
func BenchmarkBrief1M(b *testing.B)   { benchBrief(b, 1_000_000) }

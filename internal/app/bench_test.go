package app_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// benchApp loads the synthetic map of n entities (with its clients, which
// viewers may not see) into an embedded store under dir, and wires an app
// over it.
func benchApp(b *testing.B, dir string, n int) (*app.App, []string) {
	b.Helper()
	s, err := embedded.Open(dir, embedded.WithoutSync())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return benchAppOn(b, s, n)
}

// benchAppOn loads the synthetic map of n entities into s and wires an app
// over it.
func benchAppOn(b *testing.B, s graph.Store, n int) (*app.App, []string) {
	b.Helper()
	ctx := context.Background()
	// Stream the map in batches: a million entities and their ties held in
	// one batch take gigabytes.
	var officials []string
	batch := &graph.Batch{}
	flush := func() error {
		if len(batch.Entities)+len(batch.Relationships) == 0 {
			return nil
		}
		_, err := s.Apply(ctx, batch)
		batch = &graph.Batch{}
		return err
	}
	const chunk = 50_000
	err := synth.Generate(synth.Config{Entities: n, Seed: 42}, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if e.Kind == graph.KindOfficial {
				officials = append(officials, e.ID)
			}
			batch.Entities = append(batch.Entities, *e)
			if len(batch.Entities) == chunk {
				return flush()
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			batch.Relationships = append(batch.Relationships, *r)
			if len(batch.Entities)+len(batch.Relationships) >= chunk {
				return flush()
			}
			return nil
		},
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(app.Deps{Store: s})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(42, 7))
	targets := make([]string, 200)
	for i := range targets {
		targets[i] = officials[r.IntN(len(officials))]
	}
	return a, targets
}

func percentileMS(d []time.Duration, p float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return float64(s[max(i, 0)].Nanoseconds()) / 1e6
}

// benchAppPaths asks who knows 200 random officials through the app, as an
// editor and as a viewer: the whole question (resolving the target, the
// privacy policy, the engine), and the first answer of each, which builds
// the snapshot that caller sees.
func benchAppPaths(b *testing.B, n int) {
	a, targets := benchApp(b, b.TempDir(), n)
	for _, who := range []struct {
		name   string
		caller app.Caller
	}{{"editor", app.Caller{Actor: "bench", Role: graph.RoleEditor}}, {"viewer", app.Caller{Actor: "bench", Role: graph.RoleViewer}}} {
		b.Run(who.name, func(b *testing.B) {
			ctx := context.Background()
			t0 := time.Now()
			if _, err := a.Paths(ctx, who.caller, app.PathsQuery{To: targets[0]}); err != nil {
				b.Fatal(err)
			}
			first := time.Since(t0)
			var durs []time.Duration
			found := 0
			b.ResetTimer()
			for b.Loop() {
				for _, to := range targets {
					t0 := time.Now()
					res, err := a.Paths(ctx, who.caller, app.PathsQuery{To: to})
					durs = append(durs, time.Since(t0))
					if err != nil {
						b.Fatal(err)
					}
					found += len(res.Paths)
				}
			}
			b.StopTimer()
			b.ReportMetric(first.Seconds(), "first-s")
			b.ReportMetric(percentileMS(durs, 0.50), "p50-ms")
			b.ReportMetric(percentileMS(durs, 0.99), "p99-ms")
			b.ReportMetric(float64(found)/float64(len(durs)), "paths/query")
		})
	}
}

// BenchmarkAppPaths10k and BenchmarkAppPaths1M: who knows X through the
// use-case layer, k=5 and 6 hops by default, as an editor and as a viewer.
// first-s is the first answer, which builds the caller's snapshot: the
// viewer's is a second build, without the clients.
func BenchmarkAppPaths10k(b *testing.B) { benchAppPaths(b, 10_000) }
func BenchmarkAppPaths1M(b *testing.B)  { benchAppPaths(b, 1_000_000) }

package app_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// BenchmarkWriteVisible1M: how soon a write shows in who knows X, on the
// map of 1M entities in the embedded store. Each round an editor adds a
// tie from one of our public people to an official; as soon as the write
// returns, an editor and then a viewer ask who knows that official (from
// all of our people, the usual question), and the answer must hold the new
// tie, a direct one of full strength. editor-p99-ms and viewer-p99-ms time
// those questions, snapshot upkeep included (target ≤ 50 ms); write-p99-ms
// times the write itself.
func BenchmarkWriteVisible1M(b *testing.B) { benchWriteVisible(b, 1_000_000) }

// BenchmarkWriteVisible10k and BenchmarkWriteVisible100k are the same on
// smaller maps.
func BenchmarkWriteVisible10k(b *testing.B)  { benchWriteVisible(b, 10_000) }
func BenchmarkWriteVisible100k(b *testing.B) { benchWriteVisible(b, 100_000) }

// BenchmarkWriteVisibleNeo4j100k is the same on Neo4j, for the server that
// takes the write, on the map of 100k entities.
func BenchmarkWriteVisibleNeo4j100k(b *testing.B) {
	neo4jtest.Require(b)
	a, targets := benchAppOn(b, neo4jtest.Open(b), 100_000)
	benchWriteVisibleOn(b, a, targets)
}

// BenchmarkWriteVisibleNeo4j1M is the same on the map of 1M entities.
// Loading that map into Neo4j takes most of an hour on 2 cores, which
// would push make bench past its timeout, so it runs only when asked:
//
//	POWERMAP_BENCH_NEO4J_1M=1 make bench-some BENCH=WriteVisibleNeo4j1M PKGS=./internal/app
func BenchmarkWriteVisibleNeo4j1M(b *testing.B) {
	if os.Getenv("POWERMAP_BENCH_NEO4J_1M") == "" {
		b.Skip("loads 1M entities into Neo4j (most of an hour): set POWERMAP_BENCH_NEO4J_1M=1 to run it")
	}
	neo4jtest.Require(b)
	a, targets := benchAppOn(b, neo4jtest.Open(b), 1_000_000)
	benchWriteVisibleOn(b, a, targets)
}

func benchWriteVisible(b *testing.B, n int) {
	a, targets := benchApp(b, b.TempDir(), n)
	benchWriteVisibleOn(b, a, targets)
}

func benchWriteVisibleOn(b *testing.B, a *app.App, targets []string) {
	ctx := context.Background()
	editor := app.Caller{Actor: "bench", Role: graph.RoleEditor}
	viewer := app.Caller{Actor: "bench", Role: graph.RoleViewer}
	// Our people whom viewers may see.
	snap, err := a.SnapshotOf(ctx, editor)
	if err != nil {
		b.Fatal(err)
	}
	var ours []string
	for _, i := range snap.OursNodes() {
		if nd := snap.Node(i); !nd.Private && nd.Kind == graph.KindPerson && !nd.HasLabel(graph.LabelClient) {
			ours = append(ours, nd.ID)
		}
	}
	if len(ours) == 0 {
		b.Fatal("no public people of ours in the map")
	}
	for _, c := range []app.Caller{editor, viewer} {
		if _, err := a.Paths(ctx, c, app.PathsQuery{To: targets[0]}); err != nil {
			b.Fatal(err)
		}
	}
	builds := a.Snapshots().Builds() + a.ViewerSnapshots().Builds()
	var writes, eds, vws []time.Duration
	round := 0
	ask := func(c app.Caller, to, id string) time.Duration {
		t0 := time.Now()
		res, err := a.Paths(ctx, c, app.PathsQuery{To: to})
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(jsonOf(b, res), id) {
			b.Fatalf("%s: the tie %s written before the question is not in the answer", c.Actor, id)
		}
		return d
	}
	b.ResetTimer()
	for b.Loop() {
		for range 200 {
			round++
			from, to := ours[round%len(ours)], targets[round%len(targets)]
			id := fmt.Sprintf("bench-visible-%d", round)
			t0 := time.Now()
			_, err := a.CreateRelationship(ctx, editor, graph.Relationship{ID: id, Source: from, Target: to, Type: graph.Knows, Strength: 1})
			writes = append(writes, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			eds = append(eds, ask(editor, to, id))
			vws = append(vws, ask(viewer, to, id))
		}
	}
	b.StopTimer()
	b.ReportMetric(percentileMS(writes, 0.99), "write-p99-ms")
	b.ReportMetric(percentileMS(eds, 0.50), "editor-p50-ms")
	b.ReportMetric(percentileMS(eds, 0.99), "editor-p99-ms")
	b.ReportMetric(percentileMS(vws, 0.50), "viewer-p50-ms")
	b.ReportMetric(percentileMS(vws, 0.99), "viewer-p99-ms")
	b.ReportMetric(float64(a.Snapshots().Builds()+a.ViewerSnapshots().Builds()-builds), "builds")
}

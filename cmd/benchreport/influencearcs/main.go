// Command influencearcs writes the influence graph of the generated
// benchmark map, the one BenchmarkPageRankAfterWrite1M ranks, as raw
// arrays, so that graph/rank/testdata/igraph_pagerank.py can time igraph's
// PageRank over the same arcs. `make bench` runs both. It also writes
// powermap's own weighted PageRank of that graph, for the script to check
// that both rank the same thing.
//
//	go run ./cmd/benchreport/influencearcs -out .cache/igraph-pagerank
//
// The folder gets, all little-endian: from.i32 and to.i32 (each arc's tail
// and head, int32), weight.f64 (its strength, float64), pagerank.f64 (one
// score per node) and meta.json (the node and arc counts and the map's
// settings).
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/internal/synth"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "influencearcs:", err)
		os.Exit(1)
	}
}

// meta describes the files, for the script.
type meta struct {
	Entities int   `json:"entities"`
	Seed     int64 `json:"seed"`
	Nodes    int   `json:"nodes"`
	Arcs     int   `json:"arcs"`
}

func run(args []string) error {
	fs := flag.NewFlagSet("influencearcs", flag.ContinueOnError)
	out := fs.String("out", ".cache/igraph-pagerank", "folder to write")
	entities := fs.Int("entities", 1_000_000, "entities of the generated map")
	seed := fs.Int64("seed", 42, "the generator's seed (the app's benchmarks use 42)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	cfg := synth.Config{Entities: *entities, Seed: *seed}
	// Records are normalized as a store normalizes what it keeps, so that
	// the arcs are those of the map the benchmark loads into its store.
	snap, err := snapshot.Build(ctx, func(_ context.Context, fn graph.StreamFuncs) (uint64, error) {
		return 1, synth.Generate(cfg, graph.StreamFuncs{
			Entity:       func(e *graph.Entity) error { e.Normalize(); return fn.Entity(e) },
			Relationship: func(r *graph.Relationship) error { r.Normalize(); return fn.Relationship(r) },
		})
	}, snapshot.Options{})
	if err != nil {
		return err
	}
	g := snap.Influence()
	n := g.Nodes()
	from := make([]int32, 0, g.Arcs())
	to := make([]int32, 0, g.Arcs())
	w := make([]float64, 0, g.Arcs())
	for u := range int32(n) {
		for v, x := range g.Out(u) {
			from, to, w = append(from, u), append(to, v), append(w, x)
		}
	}
	pr, _, err := rank.PageRank(ctx, g, rank.PageRankOptions{})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for name, data := range map[string]any{"from.i32": from, "to.i32": to, "weight.f64": w, "pagerank.f64": pr} {
		if err := writeArray(filepath.Join(*out, name), data); err != nil {
			return err
		}
	}
	m, err := json.MarshalIndent(meta{Entities: *entities, Seed: *seed, Nodes: n, Arcs: len(from)}, "", "  ")
	if err != nil {
		return err
	}
	fmt.Printf("influencearcs: %d nodes, %d arcs in %s\n", n, len(from), *out)
	return os.WriteFile(filepath.Join(*out, "meta.json"), m, 0o644)
}

func writeArray(path string, data any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 1<<20)
	if err := binary.Write(b, binary.LittleEndian, data); err != nil {
		f.Close()
		return err
	}
	if err := b.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

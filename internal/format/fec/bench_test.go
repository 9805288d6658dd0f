package fec

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/benchmem"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// synthItcont writes an itcont file of n rows shaped like the real sample:
// each row is a real row whose donor and date are redrawn with a fixed
// seed. A donor is drawn from n/3 and keeps one name, ZIP, employer and
// occupation, so donors repeat (about 0.32n distinct donors, one for three
// rows; the real Illinois sample has 1.2 rows per donor, a national file
// more). Each row is one DONATED_TO transaction; most aggregates hold one.
func synthItcont(tb testing.TB, dir string, n int) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(sample, sampleItcont))
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	rng := rand.New(rand.NewSource(1))
	p := filepath.Join(dir, "itcont.txt")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	donors := n/3 + 1
	for i := 0; i < n; i++ {
		f := strings.Split(lines[rng.Intn(len(lines))], "|")
		d := rng.Intn(donors)
		// A donor keeps the name, ZIP, employer and occupation of one
		// real contributor across their rows, as a person does.
		own := strings.Split(lines[d%len(lines)], "|")
		f[7] = fmt.Sprintf("%s%d, %s", strings.SplitN(own[7], ",", 2)[0], d, "PAT")
		f[10] = fmt.Sprintf("%05d", 60000+d%999)
		f[11], f[12] = own[11], own[12]
		f[13] = fmt.Sprintf("%02d%02d2015", 1+rng.Intn(12), 1+rng.Intn(28))
		f[16] = fmt.Sprintf("T%d", i)
		f[20] = fmt.Sprintf("%d", 1000000+i)
		w.WriteString(strings.Join(f, "|") + "\n")
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return dir
}

func benchItcont(b *testing.B, n int, open func(b *testing.B) graph.Store) {
	dir := synthItcont(b, b.TempDir(), n)
	ctx := context.Background()
	if warm != nil {
		warm(b, dir, open)
	}
	var parse, write time.Duration
	var peak uint64
	records := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var st graph.Store
		if open != nil {
			st = open(b)
		}
		stop := benchmem.Peak()
		b.StartTimer()
		t0 := time.Now()
		p, err := Parse(ctx, os.DirFS(dir), Options{TempDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		err = p.Write(ctx, func(x *graph.Batch) error {
			records += len(x.Entities) + len(x.Relationships)
			if st == nil {
				return nil
			}
			_, err := st.Apply(ctx, x)
			return err
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
		p.Close()
		parse += t1.Sub(t0)
		write += time.Since(t1)
		b.StopTimer()
		peak = max(peak, stop())
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(n)*float64(b.N)/(parse+write).Seconds(), "rows/s")
	b.ReportMetric(float64(n)*float64(b.N)/parse.Seconds(), "parse-rows/s")
	b.ReportMetric(float64(records)/(parse+write).Seconds(), "records/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
}

func openEmbedded(b *testing.B) graph.Store {
	st, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// openNeo4j returns the benchmark's Neo4j store, emptied. neo4jtest.Open
// holds a lock until the benchmark ends, so a second call empties the store
// it opened instead of opening another.
func openNeo4j(b *testing.B) graph.Store {
	if neo4jStore != nil {
		neo4jtest.Reset(b)
		return neo4jStore
	}
	neo4jStore = neo4jtest.Open(b)
	b.Cleanup(func() { neo4jStore = nil })
	return neo4jStore
}

var neo4jStore graph.Store

// BenchmarkItcont100k, 1M and 2M import a synthetic itcont file
// into the embedded store: Parse, then Write in batches, each applied in its
// own transaction. peak-heap-MiB is the largest Go heap during the import
// (its store included); maxrss-MiB is the process's peak, so the 1M figure
// also covers the runs before it.
func BenchmarkItcont100k(b *testing.B) { benchItcont(b, 100_000, openEmbedded) }
func BenchmarkItcont1M(b *testing.B)   { benchItcont(b, 1_000_000, openEmbedded) }

func BenchmarkItcont2M(b *testing.B) { benchItcont(b, 2_000_000, openEmbedded) }

// BenchmarkItcontNoStore100k, 1M and 2M run the importer alone: Parse, and
// Write to a sink that drops each batch. Its peak heap does not grow with
// the file once the spill buffers are full (about 300k rows); what grows in
// BenchmarkItcont2M beyond this is the store's own (bbolt's dirty pages
// and free list over a larger file).
func BenchmarkItcontNoStore100k(b *testing.B) { benchItcont(b, 100_000, nil) }
func BenchmarkItcontNoStore1M(b *testing.B)   { benchItcont(b, 1_000_000, nil) }
func BenchmarkItcontNoStore2M(b *testing.B)   { benchItcont(b, 2_000_000, nil) }

// BenchmarkItcont100kNeo4j imports the same 100k-row file into Neo4j
// (NEO4J_URI; it skips without it). It imports the file once untimed
// first, into the same emptied database, to warm the server's JIT
// compiler as a running server would be, and reports that first import's
// rate as cold-rows/s: on a freshly started Neo4j it runs at about half
// the warm rate.
func BenchmarkItcont100kNeo4j(b *testing.B) {
	warm = warmUp
	defer func() { warm = nil }()
	benchItcont(b, 100_000, openNeo4j)
}

// warm, when set, runs before a benchmark's timed imports, with the file.
var warm func(b *testing.B, dir string, open func(b *testing.B) graph.Store)

// warmUp imports dir once and reports its rate as cold-rows/s.
func warmUp(b *testing.B, dir string, open func(b *testing.B) graph.Store) {
	ctx := context.Background()
	st := open(b)
	t0 := time.Now()
	p, err := Parse(ctx, os.DirFS(dir), Options{TempDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	if err := p.Write(ctx, func(x *graph.Batch) error { _, err := st.Apply(ctx, x); return err }, nil); err != nil {
		b.Fatal(err)
	}
	cold := float64(p.im.rows[Individuals]) / time.Since(t0).Seconds()
	// After the timed run: ResetTimer drops metrics reported before it.
	b.Cleanup(func() { b.ReportMetric(cold, "cold-rows/s") })
}

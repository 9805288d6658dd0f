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
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// synthItcont writes an itcont file of n rows shaped like the real sample:
// each row is a real row whose donor (name suffix, ZIP) and date are
// redrawn with a fixed seed, so that donors repeat as in real data (about
// one donor per three rows).
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
		f[7] = fmt.Sprintf("%s%d, %s", strings.SplitN(f[7], ",", 2)[0], d, "PAT")
		f[10] = fmt.Sprintf("%05d", 60000+d%999)
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
	var parse, apply time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := open(b)
		b.StartTimer()
		t0 := time.Now()
		res, err := Read(ctx, os.DirFS(dir), Options{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := st.Apply(ctx, res.Batch); err != nil {
			b.Fatal(err)
		}
		parse += t1.Sub(t0)
		apply += time.Since(t1)
		b.StopTimer()
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(n)*float64(b.N)/(parse+apply).Seconds(), "rows/s")
	b.ReportMetric(float64(n)*float64(b.N)/parse.Seconds(), "parse-rows/s")
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

func openNeo4j(b *testing.B) graph.Store { return neo4jtest.Open(b) }

// BenchmarkItcont100k and BenchmarkItcont1M import a synthetic itcont file
// into the embedded store: parse, aggregate and one Apply. maxrss-MiB is
// the process's peak, so the 1M figure also covers the 100k run before it.
func BenchmarkItcont100k(b *testing.B) { benchItcont(b, 100_000, openEmbedded) }
func BenchmarkItcont1M(b *testing.B)   { benchItcont(b, 1_000_000, openEmbedded) }

// BenchmarkItcont100kNeo4j imports the same 100k-row file into Neo4j
// (NEO4J_URI; it skips without it).
func BenchmarkItcont100kNeo4j(b *testing.B) { benchItcont(b, 100_000, openNeo4j) }

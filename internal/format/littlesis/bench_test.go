package littlesis

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/benchmem"
)

// synthBulk writes LittleSis bulk files in the flat shape: n relationships
// of random categories between n/4 entities (a quarter of them
// organizations), drawn with a fixed seed.
func synthBulk(b *testing.B, n int) []string {
	dir := b.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	ents := n / 4
	write := func(name string, count int, record func(w *bufio.Writer, i int)) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString("[\n")
		for i := 0; i < count; i++ {
			if i > 0 {
				w.WriteString(",\n")
			}
			record(w, i)
		}
		w.WriteString("\n]\n")
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
		return p
	}
	e := write("entities.json", ents, func(w *bufio.Writer, i int) {
		ext := "Person"
		if i%4 == 0 {
			ext = "Org"
		}
		fmt.Fprintf(w, `{"id": %d, "name": "Entity %d", "primary_ext": %q, "types": [%q], "blurb": "synthetic"}`, i+1, i+1, ext, ext)
	})
	rel := write("relationships.json", n, func(w *bufio.Writer, i int) {
		e1 := r.IntN(ents)
		e2 := (e1 + 1 + r.IntN(ents-1)) % ents // never e1
		fmt.Fprintf(w, `{"id": %d, "entity1_id": %d, "entity2_id": %d, "category_id": %d, "description1": "member", "start_date": "2015-01-01", "is_current": true, "amount": %d}`,
			i+1, e1+1, e2+1, 1+r.IntN(12), r.IntN(5000))
	})
	return []string{e, rel}
}

// benchBulk imports synthetic bulk files with Prepare and Write to a sink
// that drops each batch: the importer alone. It reports records/s and the
// peak Go heap, which levels off once the sort buffers are full (about
// 1M relationships).
func benchBulk(b *testing.B, n int) {
	paths := synthBulk(b, n)
	ctx := context.Background()
	var took time.Duration
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := benchmem.Peak()
		t0 := time.Now()
		pending, _, err := Reader{TempDir: b.TempDir()}.Prepare(ctx, paths, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := pending.Write(ctx, func(*graph.Batch) error { return nil }, nil); err != nil {
			b.Fatal(err)
		}
		took += time.Since(t0)
		pending.Close()
		peak = max(peak, stop())
	}
	b.ReportMetric(float64(n+n/4)*float64(b.N)/took.Seconds(), "records/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func BenchmarkBulkNoStore100k(b *testing.B) { benchBulk(b, 100_000) }
func BenchmarkBulkNoStore1M(b *testing.B)   { benchBulk(b, 1_000_000) }
func BenchmarkBulkNoStore2M(b *testing.B)   { benchBulk(b, 2_000_000) }

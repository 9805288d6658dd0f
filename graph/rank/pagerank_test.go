package rank

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// TestPageRankStart: starting from the answer converges at once to the
// same answer; a bad start vector is Invalid; a start summing to zero is
// the uniform one.
func TestPageRankStart(t *testing.T) {
	ctx := context.Background()
	for _, c := range randomCases() {
		g := snapshot.NewDigraph(directed(c.n, c.ties, uint64(c.n)))
		for _, weighted := range []bool{true, false} {
			o := PageRankOptions{Unweighted: !weighted}
			cold, coldConv, err := PageRank(ctx, g, o)
			if err != nil {
				t.Fatal(err)
			}
			// Scaled: Start is normalized.
			o.Start = make([]float64, c.n)
			for i, x := range cold {
				o.Start[i] = 3 * x
			}
			warm, conv, err := PageRank(ctx, g, o)
			if err != nil {
				t.Fatal(err)
			}
			if conv.Iterations > 1 || conv.Iterations >= coldConv.Iterations {
				t.Errorf("%s weighted=%v: from the answer it took %d iterations, from uniform %d", c.name, weighted, conv.Iterations, coldConv.Iterations)
			}
			for i := range cold {
				if d := math.Abs(warm[i] - cold[i]); d > 1e-10 {
					t.Fatalf("%s weighted=%v: node %d %.15g from the answer, %.15g from uniform", c.name, weighted, i, warm[i], cold[i])
				}
			}
			// The answer itself comes back unchanged, bit for bit.
			o.Start = cold
			same, _, err := PageRank(ctx, g, o)
			if err != nil || !slices.Equal(same, cold) {
				t.Errorf("%s weighted=%v: started from its own answer, PageRank changed it (err %v)", c.name, weighted, err)
			}
			o.Start = make([]float64, c.n)
			zero, _, err := PageRank(ctx, g, o)
			if err != nil || !slices.Equal(zero, cold) {
				t.Errorf("%s: a start of zeros must be the uniform start (err %v)", c.name, err)
			}
		}
	}
	g := snapshot.NewDigraph(directed(5, genTies(5, 2, 1), 1))
	for _, start := range [][]float64{{1, 2}, {1, 1, 1, -1, 1}, {1, 1, math.NaN(), 1, 1}, {1, 1, math.Inf(1), 1, 1}} {
		if _, _, err := PageRank(ctx, g, PageRankOptions{Start: start}); graph.CodeOf(err) != graph.Invalid {
			t.Errorf("start %v: %v, want Invalid", start, err)
		}
	}
}

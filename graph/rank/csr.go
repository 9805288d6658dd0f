package rank

import (
	"runtime"

	"github.com/powermap/powermap/graph/snapshot"
)

// CSR is the compressed-sparse-row graph of the analysis snapshot: the arcs
// out of node i are Adj[Off[i]:Off[i+1]], with strengths W in (0,1] at the
// same positions. An undirected graph lists every tie in both directions
// with the same strength. Kernels never modify a CSR.
type CSR = snapshot.CSR

// Digraph is a directed graph read through its rows, as PageRank and
// Authority iterate over it: the snapshot's Influence, or any CSR through
// snapshot.NewDigraph.
type Digraph = snapshot.Digraph

// Costs returns the distance of every arc, snapshot.CostOf(strength) (that
// is -ln(strength), but at least snapshot.CostFloor), aligned with Adj: a
// path's cost is the sum of its arcs' costs, and the strongest chain of
// ties is the shortest path.
func Costs(g *CSR) []float64 {
	c := make([]float64, len(g.W))
	for i, w := range g.W {
		c[i] = snapshot.CostOf(w)
	}
	return c
}

// transpose returns the reverse of g: an arc u->v of g becomes v->u, with
// the same strength when weighted (otherwise W is nil). Within each node,
// arcs are ordered by source index.
func transpose(g *CSR, weighted bool) *CSR {
	n := g.Nodes()
	t := &CSR{Off: make([]int32, n+1), Adj: make([]int32, len(g.Adj))}
	if weighted {
		t.W = make([]float64, len(g.Adj))
	}
	for _, v := range g.Adj {
		t.Off[v+1]++
	}
	for i := 0; i < n; i++ {
		t.Off[i+1] += t.Off[i]
	}
	next := make([]int32, n)
	copy(next, t.Off[:n])
	for u := 0; u < n; u++ {
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			v := g.Adj[e]
			p := next[v]
			next[v]++
			t.Adj[p] = int32(u)
			if weighted {
				t.W[p] = g.W[e]
			}
		}
	}
	return t
}

// workers is how many goroutines a kernel may use: want when positive,
// otherwise GOMAXPROCS, and never more than there are units of work.
func workers(want, units int) int {
	if want <= 0 {
		want = runtime.GOMAXPROCS(0)
	}
	if want > units {
		want = units
	}
	if want < 1 {
		want = 1
	}
	return want
}

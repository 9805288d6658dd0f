package rank

import (
	"context"
	"math"

	"github.com/powermap/powermap/graph"
)

// IterOptions tunes the power iterations of Eigenvector and Authority.
type IterOptions struct {
	// Tol stops once the L1 change between two normalized iterates is
	// below it; 0 means 1e-10.
	Tol float64
	// MaxIter caps the iterations; 0 means 10000.
	MaxIter int
	// Unweighted counts every arc as 1 instead of its strength.
	Unweighted bool
	// Symmetric promises Eigenvector that g lists every arc in both
	// directions with the same strength (an undirected graph), which saves
	// building its reverse.
	Symmetric bool
	// Workers caps the goroutines; 0 means GOMAXPROCS.
	Workers int
}

// reverse returns the transpose of g that the options allow, without
// strengths when unweighted.
func (o IterOptions) reverse(g *CSR) *CSR {
	switch {
	case !o.Symmetric:
		return transpose(g, !o.Unweighted)
	case o.Unweighted:
		return &CSR{Off: g.Off, Adj: g.Adj}
	}
	return g
}

func (o IterOptions) limits() (float64, int) {
	tol, maxIter := o.Tol, o.MaxIter
	if tol <= 0 {
		tol = 1e-10
	}
	if maxIter <= 0 {
		maxIter = 10000
	}
	return tol, maxIter
}

// Eigenvector returns NetworkX's eigenvector_centrality(G, weight): the
// principal eigenvector of the in-arc adjacency matrix, with unit Euclidean
// norm, found by iterating x <- x + A'x from the uniform vector (the shift
// by the identity makes bipartite graphs converge). On a disconnected graph
// it is the eigenvector of the component with the largest eigenvalue. The
// error is Internal when the iteration did not converge within MaxIter.
func Eigenvector(ctx context.Context, g *CSR, o IterOptions) ([]float64, Convergence, error) {
	const op = "rank.Eigenvector"
	n := g.Nodes()
	if n == 0 {
		return nil, Convergence{}, nil
	}
	tol, maxIter := o.limits()
	in := o.reverse(g)
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	chunks := splitByArcs(in.Off, workers(o.Workers, n))
	part := make([]float64, len(chunks)-1)
	var conv Convergence
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, conv, graph.E(op, graph.Unavailable, err)
		}
		parallel(chunks, func(c int, lo, hi int32) {
			ss := 0.0
			for v := lo; v < hi; v++ {
				s := x[v] + pull(in, v, x)
				next[v] = s
				ss += s * s
			}
			part[c] = ss
		})
		norm := math.Sqrt(sum(part))
		if norm == 0 {
			norm = 1
		}
		delta := scaleDelta(chunks, part, next, x, norm)
		x, next = next, x
		conv = Convergence{Iterations: it, Delta: delta}
		if conv.Delta < tol {
			return x, conv, nil
		}
	}
	return nil, conv, graph.Errorf(op, graph.Internal, "eigenvector centrality did not converge in %d iterations (L1 change %.3g)", maxIter, conv.Delta)
}

// Authority returns the HITS authority scores of NetworkX's hits(G): the
// principal eigenvector of A'A, where A holds the arcs' strengths (or 1s),
// normalized to sum 1, found by power iteration from the uniform vector. A
// node is a good authority when good hubs point at it. When the top
// eigenvalue is repeated (for example, two identical components) the answer
// is not unique; this one is the limit from the uniform start. A graph
// without arcs gives the uniform vector.
func Authority(ctx context.Context, g *Digraph, o IterOptions) ([]float64, Convergence, error) {
	const op = "rank.Authority"
	n := g.Nodes()
	if n == 0 {
		return nil, Convergence{}, nil
	}
	tol, maxIter := o.limits()
	a := make([]float64, n)
	h := make([]float64, n)
	next := make([]float64, n)
	for i := range a {
		a[i] = 1 / float64(n)
	}
	outChunks := splitByArcs(g.Offsets(false), workers(o.Workers, n))
	inChunks := splitByArcs(g.Offsets(true), workers(o.Workers, n))
	part := make([]float64, len(inChunks)-1)
	var conv Convergence
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, conv, graph.E(op, graph.Unavailable, err)
		}
		parallel(outChunks, func(c int, lo, hi int32) {
			for u := lo; u < hi; u++ {
				h[u] = g.PullOut(u, a, o.Unweighted)
			}
		})
		parallel(inChunks, func(c int, lo, hi int32) {
			s := 0.0
			for v := lo; v < hi; v++ {
				next[v] = g.PullIn(v, h, o.Unweighted)
				s += next[v]
			}
			part[c] = s
		})
		total := sum(part)
		if total == 0 {
			for i := range a {
				a[i] = 1 / float64(n)
			}
			return a, Convergence{Iterations: it}, nil
		}
		delta := scaleDelta(inChunks, part, next, a, total)
		a, next = next, a
		conv = Convergence{Iterations: it, Delta: delta}
		if conv.Delta < tol {
			return a, conv, nil
		}
	}
	return nil, conv, graph.Errorf(op, graph.Internal, "hits did not converge in %d iterations (L1 change %.3g)", maxIter, conv.Delta)
}

// scaleDelta divides next by by, chunk by chunk on both cores, and returns
// the L1 distance between the scaled next and prev; part is per-chunk
// scratch.
func scaleDelta(chunks []int32, part, next, prev []float64, by float64) float64 {
	parallel(chunks, func(c int, lo, hi int32) {
		d := 0.0
		for v := lo; v < hi; v++ {
			next[v] /= by
			d += math.Abs(next[v] - prev[v])
		}
		part[c] = d
	})
	return sum(part)
}

// Degree returns NetworkX's degree_centrality of an undirected graph: each
// node's number of arcs over n-1 (1 for every node when n <= 1).
func Degree(g *CSR) []float64 {
	n := g.Nodes()
	out := make([]float64, n)
	if n <= 1 {
		for i := range out {
			out[i] = 1
		}
		return out
	}
	s := 1 / float64(n-1)
	for i := range out {
		out[i] = float64(g.Off[i+1]-g.Off[i]) * s
	}
	return out
}

// pull is the sum over v's arcs of strength (or 1) times x at the arc's head.
func pull(g *CSR, v int32, x []float64) float64 {
	s := 0.0
	adj := g.Adj[g.Off[v]:g.Off[v+1]]
	if g.W == nil {
		for _, u := range adj {
			s += x[u]
		}
		return s
	}
	w := g.W[g.Off[v]:g.Off[v+1]]
	for k, u := range adj {
		s += w[k] * x[u]
	}
	return s
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

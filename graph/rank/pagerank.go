package rank

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/powermap/powermap/graph"
)

// PageRankOptions tunes PageRank. The zero value is NetworkX's pagerank with
// alpha 0.85, weighted by strength, stopped at an L1 change below 1e-10.
type PageRankOptions struct {
	// Alpha is the damping factor; 0 means 0.85.
	Alpha float64
	// Tol stops the iteration once the L1 norm of the change between two
	// iterates is below it; 0 means 1e-10.
	Tol float64
	// MaxIter caps the iterations; 0 means 10000.
	MaxIter int
	// Unweighted counts every arc as 1 instead of its strength.
	Unweighted bool
	// Personal holds a teleport weight per node (personalized PageRank); nil
	// means uniform. It is normalized to sum 1, and dangling nodes' mass
	// follows it too, as in NetworkX.
	Personal []float64
	// Workers caps the goroutines; 0 means GOMAXPROCS.
	Workers int
	// Start is the vector the iteration starts from, one non-negative
	// weight per node, normalized to sum 1 (unless it sums to 1 within
	// 1e-9); nil (or a vector summing to zero) means uniform. A previous
	// answer on a slightly different graph makes the iteration converge in
	// fewer steps, to the same tolerance. A start that is already as
	// converged as an answer (one step changes it by at most Alpha times
	// Tol) is returned as it is: an answer computed on the same graph comes
	// back unchanged.
	Start []float64
}

// Convergence reports how an iterative kernel stopped.
type Convergence struct {
	Iterations int     `json:"iterations"`
	Delta      float64 `json:"delta"` // L1 change of the last iteration
}

// PageRank returns the PageRank of every node of g, summing to 1, following
// arcs in their direction with probability Alpha and teleporting otherwise.
// A node without out-arcs spreads its mass over the teleport distribution.
// It equals NetworkX's pagerank(G, alpha, personalization, weight) at its
// fixed point. The error is Invalid for a bad option and Internal when the
// iteration did not converge within MaxIter.
func PageRank(ctx context.Context, g *Digraph, o PageRankOptions) ([]float64, Convergence, error) {
	const op = "rank.PageRank"
	n := g.Nodes()
	alpha, tol, maxIter := o.Alpha, o.Tol, o.MaxIter
	if alpha == 0 {
		alpha = 0.85
	}
	if tol == 0 {
		tol = 1e-10
	}
	if maxIter == 0 {
		maxIter = 10000
	}
	if !(alpha > 0 && alpha < 1) || !(tol > 0) || maxIter < 0 {
		return nil, Convergence{}, graph.Errorf(op, graph.Invalid, "alpha must be in (0,1) and tol positive")
	}
	if n == 0 {
		return nil, Convergence{}, nil
	}
	var p []float64
	if o.Personal != nil {
		if len(o.Personal) != n {
			return nil, Convergence{}, graph.Errorf(op, graph.Invalid, "personalization has %d weights for %d nodes", len(o.Personal), n)
		}
		sum := 0.0
		for _, v := range o.Personal {
			if v < 0 || math.IsNaN(v) {
				return nil, Convergence{}, graph.Errorf(op, graph.Invalid, "personalization weights must not be negative")
			}
			sum += v
		}
		if sum == 0 {
			return nil, Convergence{}, graph.Errorf(op, graph.Invalid, "personalization weights sum to zero")
		}
		p = make([]float64, n)
		for i, v := range o.Personal {
			p[i] = v / sum
		}
	}

	x := make([]float64, n)
	if err := startVector(x, o.Start); err != nil {
		return nil, Convergence{}, graph.E(op, err)
	}
	chunks := splitByArcs(g.Offsets(true), workers(o.Workers, n))
	// inv[u] is 1 over u's out-weight, 0 for a dangling node. y[u] is x[u]
	// spread over u's out-weight; each iteration pulls from y and writes
	// the next one, yNext, as it goes.
	inv := make([]float64, n)
	y, yNext := make([]float64, n), make([]float64, n)
	danglingOf := make([][]int32, len(chunks)-1)
	parallel(chunks, func(c int, lo, hi int32) {
		for u := lo; u < hi; u++ {
			if s := g.OutWeight(u, o.Unweighted); s > 0 {
				inv[u] = 1 / s
				y[u] = x[u] * inv[u]
			} else {
				danglingOf[c] = append(danglingOf[c], u)
			}
		}
	})
	dangling := slices.Concat(danglingOf...)
	next := make([]float64, n)
	errs := make([]float64, len(chunks)-1)
	uniform := 1 / float64(n)
	var conv Convergence
	for it := 1; it <= maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, conv, graph.E(op, graph.Unavailable, err)
		}
		dsum := 0.0
		for _, u := range dangling {
			dsum += x[u]
		}
		parallel(chunks, func(c int, lo, hi int32) {
			d := 0.0
			for v := lo; v < hi; v++ {
				s := g.PullIn(v, y, o.Unweighted)
				pv := uniform
				if p != nil {
					pv = p[v]
				}
				nv := alpha*(s+dsum*pv) + (1-alpha)*pv
				d += math.Abs(nv - x[v])
				next[v] = nv
				yNext[v] = nv * inv[v]
			}
			errs[c] = d
		})
		delta := 0.0
		for _, e := range errs {
			delta += e
		}
		if it == 1 && o.Start != nil && delta <= alpha*tol {
			// The start is as converged as any answer this loop returns
			// (whose next step changes it by at most alpha times tol): it
			// is the answer, unchanged, so that the same graph gives the
			// same scores whatever was asked before.
			return x, Convergence{Iterations: 1, Delta: delta}, nil
		}
		x, next = next, x
		y, yNext = yNext, y
		conv = Convergence{Iterations: it, Delta: delta}
		if delta < tol {
			return x, conv, nil
		}
	}
	return nil, conv, graph.Errorf(op, graph.Internal, "pagerank did not converge in %d iterations (L1 change %.3g)", maxIter, conv.Delta)
}

// startVector fills x with start normalized to sum 1 (copied as it is when
// it sums to 1 within 1e-9, as answers do), or with 1/n when start is nil
// or sums to zero.
func startVector(x, start []float64) error {
	sum := 0.0
	if start != nil {
		if len(start) != len(x) {
			return graph.Errorf("", graph.Invalid, "start vector has %d weights for %d nodes", len(start), len(x))
		}
		for _, v := range start {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return graph.Errorf("", graph.Invalid, "start weights must be finite and not negative")
			}
			sum += v
		}
	}
	if sum == 0 {
		for i := range x {
			x[i] = 1 / float64(len(x))
		}
		return nil
	}
	if math.Abs(sum-1) <= 1e-9 {
		copy(x, start)
		return nil
	}
	for i, v := range start {
		x[i] = v / sum
	}
	return nil
}

// splitByArcs cuts the nodes into k contiguous ranges with about the same
// number of nodes plus arcs each. The result holds k+1 boundaries.
func splitByArcs(off []int32, k int) []int32 {
	n := len(off) - 1
	total := int64(n) + int64(off[n])
	b := make([]int32, 0, k+1)
	b = append(b, 0)
	v := 0
	for c := 1; c < k; c++ {
		want := total * int64(c) / int64(k)
		for v < n && int64(v)+int64(off[v]) < want {
			v++
		}
		b = append(b, int32(v))
	}
	return append(b, int32(n))
}

// parallel runs fn on every range of chunks (as made by splitByArcs), each
// in its own goroutine when there is more than one.
func parallel(chunks []int32, fn func(c int, lo, hi int32)) {
	k := len(chunks) - 1
	if k == 1 {
		fn(0, chunks[0], chunks[1])
		return
	}
	var wg sync.WaitGroup
	for c := 0; c < k; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			fn(c, chunks[c], chunks[c+1])
		}(c)
	}
	wg.Wait()
}

package rank

import (
	"context"
	"math"

	"github.com/powermap/powermap/graph"
)

// DefaultPushEpsilon is PushPPR's default threshold: a node's residual is
// pushed while it is at least this much per out-arc.
const DefaultPushEpsilon = 1e-6

// PushPPR approximates the personalized PageRank that PageRank computes
// with Personal set to personal (non-negative weights on the seeds, at
// least one positive) by forward push (Andersen, Chung and Lang, "Local
// graph partitioning using PageRank vectors", FOCS 2006), the dangling
// nodes' mass following the personalization as in PageRank. It touches
// only the nodes near the seeds: at most 1/((1-alpha)·eps) arc visits,
// whatever the size of g.
//
// Every returned score is at most its exact value, and the exact scores
// exceed the returned ones by residual in total (an L1 bound, so every
// score is within residual of its exact value). An eps of 0 means
// DefaultPushEpsilon.
func PushPPR(ctx context.Context, g *Digraph, personal map[int32]float64, alpha, eps float64, unweighted bool) (scores []float64, residual float64, err error) {
	const op = "rank.PushPPR"
	if alpha == 0 {
		alpha = 0.85
	}
	if eps == 0 {
		eps = DefaultPushEpsilon
	}
	n := g.Nodes()
	sum := 0.0
	for u, w := range personal {
		if u < 0 || int(u) >= n || w < 0 || math.IsNaN(w) {
			return nil, 0, graph.Errorf(op, graph.Invalid, "bad personalization weight %v on node %d", w, u)
		}
		sum += w
	}
	if !(alpha > 0 && alpha < 1) || !(eps > 0) || sum == 0 {
		return nil, 0, graph.Errorf(op, graph.Invalid, "alpha must be in (0,1), eps positive and the personalization not zero")
	}
	p := make(map[int32]float64, len(personal))
	x := make([]float64, n)
	r := make([]float64, n)
	queued := make([]bool, n)
	var queue []int32
	for u, w := range personal {
		if w > 0 {
			p[u] = w / sum
			r[u] = w / sum
			queued[u] = true
			queue = append(queue, u)
		}
	}
	// deg is u's out-arc count and out-weight, read once.
	degK := make([]int32, n) // count+1; 0 when not read yet
	degS := make([]float64, n)
	deg := func(u int32) (int, float64) {
		if degK[u] == 0 {
			k, s := int32(0), 0.0
			for _, w := range g.Out(u) {
				k++
				if unweighted {
					s++
				} else {
					s += w
				}
			}
			degK[u], degS[u] = k+1, s
		}
		return int(degK[u] - 1), degS[u]
	}
	add := func(v int32, m float64) {
		r[v] += m
		if !queued[v] {
			if k, _ := deg(v); r[v] >= eps*float64(max(k, 1)) {
				queued[v] = true
				queue = append(queue, v)
			}
		}
	}
	for steps := 0; len(queue) > 0; steps++ {
		if steps&4095 == 0 && ctx.Err() != nil {
			return nil, 0, graph.E(op, graph.Unavailable, ctx.Err())
		}
		u := queue[0]
		queue = queue[1:]
		queued[u] = false
		ru := r[u]
		k, s := deg(u)
		if ru < eps*float64(max(k, 1)) {
			continue
		}
		r[u] = 0
		x[u] += (1 - alpha) * ru
		m := alpha * ru
		if s == 0 {
			// A dangling node's mass goes back to the teleport set.
			for v, pv := range p {
				add(v, m*pv)
			}
			continue
		}
		for v, w := range g.Out(u) {
			if unweighted {
				w = 1
			}
			add(v, m*w/s)
		}
	}
	for _, v := range r {
		residual += v
	}
	return x, residual, nil
}

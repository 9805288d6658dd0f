package outreach

import (
	"context"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Personalized PageRank by local push.
const (
	// Damping is the probability that a walk follows a tie rather than
	// restarting at its seed.
	Damping = 0.85
	// PushEpsilon bounds the residual left at a node per unit of its
	// weighted degree: the push estimate is within PushEpsilon·deg(v) of
	// the exact personalized PageRank of v.
	PushEpsilon = 1e-7
)

// pusher computes personalized PageRank on a CSR by the local push of
// Andersen, Chung and Lang, with dense scratch arrays reset through a list
// of touched nodes, so that one pusher serves many seeds.
type pusher struct {
	g       *snapshot.CSR
	deg     []float64 // weighted out-degree, computed on first touch; -1 unknown
	p, r    []float64
	touched []int32
	seen    []bool
	queue   []int32
	inq     []bool
}

func newPusher(g *snapshot.CSR) *pusher {
	n := g.Nodes()
	deg := make([]float64, n)
	for i := range deg {
		deg[i] = -1
	}
	return &pusher{g: g, deg: deg, p: make([]float64, n), r: make([]float64, n), seen: make([]bool, n), inq: make([]bool, n)}
}

func (ps *pusher) degree(u int32) float64 {
	if d := ps.deg[u]; d >= 0 {
		return d
	}
	d := 0.0
	for _, w := range ps.g.W[ps.g.Off[u]:ps.g.Off[u+1]] {
		d += w
	}
	ps.deg[u] = d
	return d
}

func (ps *pusher) touch(u int32) {
	if !ps.seen[u] {
		ps.seen[u] = true
		ps.touched = append(ps.touched, u)
	}
}

func (ps *pusher) reset() {
	for _, u := range ps.touched {
		ps.p[u], ps.r[u], ps.seen[u], ps.inq[u] = 0, 0, false, false
	}
	ps.touched, ps.queue = ps.touched[:0], ps.queue[:0]
}

func (ps *pusher) threshold(u int32) float64 {
	d := ps.degree(u)
	if d == 0 {
		d = 1
	}
	return PushEpsilon * d
}

func (ps *pusher) enqueue(u int32) {
	if !ps.inq[u] && ps.r[u] >= ps.threshold(u) {
		ps.inq[u] = true
		ps.queue = append(ps.queue, u)
	}
}

// run computes the personalized PageRank of seed and calls visit for every
// node with a positive estimate, in the order they were first reached. The
// work is deterministic: a FIFO queue over rows in index order.
func (ps *pusher) run(ctx context.Context, seed int32, visit func(v int32, score float64)) error {
	ps.reset()
	ps.touch(seed)
	ps.r[seed] = 1
	ps.enqueue(seed)
	for head := 0; head < len(ps.queue); head++ {
		if head&0xfff == 0xfff {
			if err := ctx.Err(); err != nil {
				return graph.E("outreach.closeness", graph.Unavailable, err)
			}
		}
		u := ps.queue[head]
		ps.inq[u] = false
		ru := ps.r[u]
		if ru < ps.threshold(u) {
			continue
		}
		ps.r[u] = 0
		ps.p[u] += (1 - Damping) * ru
		m := Damping * ru
		d := ps.degree(u)
		if d == 0 {
			// A node without ties sends its walk back to the seed, as
			// NetworkX does with dangling nodes.
			ps.r[seed] += m
			ps.enqueue(seed)
			continue
		}
		adj, w := ps.g.Row(u)
		for j, v := range adj {
			ps.touch(v)
			ps.r[v] += m * w[j] / d
			ps.enqueue(v)
		}
		// Compact the queue now and then so that it does not grow without
		// bound on long runs.
		if head > 1<<16 && head > len(ps.queue)/2 {
			ps.queue = append(ps.queue[:0], ps.queue[head+1:]...)
			head = -1
		}
	}
	for _, v := range ps.touched {
		if ps.p[v] > 0 {
			visit(v, ps.p[v])
		}
	}
	return nil
}

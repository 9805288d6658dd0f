package outreach

import (
	"context"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Closeness to a target is personalized PageRank read backwards: for every
// person v, the probability that a walk starting at v, which at each step
// stops with probability 1 − Damping and otherwise follows one of the
// current person's ties in proportion to its strength, stops at the target.
// It says how much of v's attention ends up with the target. A walk that
// reaches someone with no tie ends there.
const (
	// Damping is the probability that a walk follows a tie rather than
	// stopping.
	Damping = 0.85
	// PushEpsilon bounds the residual the reverse push leaves at any node:
	// every closeness is within PushEpsilon of the exact value.
	PushEpsilon = 1e-4
)

// pusher computes the contributions PPR_v(t) of every v to one target t by
// the reverse local push of Andersen, Borgs, Chayes, Hopcroft, Mirrokni and
// Teng ("Local computation of PageRank contributions", 2007), over a
// snapshot's directed influence graph, with dense scratch arrays reset
// through a list of touched nodes, so that one pusher serves many targets.
// Nodes for which skip is true take no part: no walk passes through them,
// and ties towards them do not count in anyone's out-degree.
type pusher struct {
	eps     float64
	g       *snapshot.Digraph
	skip    []bool
	inv     []float64 // 1 / out-degree, computed on first use; -1 unknown
	p, r    []float64
	touched []int32
	seen    []bool
	queue   []int32
	inq     []bool
}

func newPusher(snap *snapshot.Snapshot, skip func(int32) bool) *pusher {
	n := snap.Len()
	inv := make([]float64, n)
	mask := make([]bool, n)
	for i := range inv {
		inv[i] = -1
		if skip != nil {
			mask[i] = skip(int32(i))
		}
	}
	return &pusher{eps: PushEpsilon, g: snap.Influence(), skip: mask, inv: inv,
		p: make([]float64, n), r: make([]float64, n), seen: make([]bool, n), inq: make([]bool, n)}
}

// invDegree is 1 over w's weighted out-degree, ties towards skipped nodes
// left out. w has at least one tie towards a node that is not skipped.
func (ps *pusher) invDegree(w int32) float64 {
	if x := ps.inv[w]; x >= 0 {
		return x
	}
	d := 0.0
	for v, x := range ps.g.Out(w) {
		if !ps.skip[v] {
			d += x
		}
	}
	ps.inv[w] = 1 / d
	return ps.inv[w]
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

func (ps *pusher) enqueue(u int32) {
	if !ps.inq[u] && ps.r[u] >= ps.eps {
		ps.inq[u] = true
		ps.queue = append(ps.queue, u)
	}
}

// run computes every node's contribution to target: afterwards ps.p[v]
// holds it for every v of ps.touched, and is 0 elsewhere. The work is
// deterministic: a FIFO queue over rows in index order.
func (ps *pusher) run(ctx context.Context, target int32) error {
	ps.reset()
	if ps.skip[target] {
		return nil
	}
	ps.touch(target)
	ps.r[target] = 1
	ps.enqueue(target)
	for head := 0; head < len(ps.queue); head++ {
		if head&0xfff == 0xfff {
			if err := ctx.Err(); err != nil {
				return graph.E("outreach.closeness", graph.Unavailable, err)
			}
		}
		u := ps.queue[head]
		ps.inq[u] = false
		ru := ps.r[u]
		if ru < ps.eps {
			continue
		}
		ps.r[u] = 0
		ps.p[u] += (1 - Damping) * ru
		m := Damping * ru
		for w, x := range ps.g.In(u) {
			if ps.skip[w] {
				continue
			}
			if !ps.seen[w] {
				ps.seen[w] = true
				ps.touched = append(ps.touched, w)
			}
			rw := ps.r[w] + m*x*ps.invDegree(w)
			ps.r[w] = rw
			if !ps.inq[w] && rw >= ps.eps {
				ps.inq[w] = true
				ps.queue = append(ps.queue, w)
			}
		}
		// Drop the consumed head of the queue now and then, so that it
		// does not grow without bound on long runs.
		if head >= 1<<16 && head >= len(ps.queue)/2 {
			ps.queue = append(ps.queue[:0], ps.queue[head+1:]...)
			head = -1
		}
	}
	return nil
}

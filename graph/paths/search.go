package paths

import (
	"context"
	"math"
	"sync"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/internal/minheap"
	"github.com/powermap/powermap/graph/snapshot"
)

// Costs inside the pruned subgraph are integers, snapshot.CostOf(strength)
// scaled by 2^32, so that sums are exact and ties between paths are real
// ties.
const (
	costScale = 1 << 32
	infCost   = math.MaxInt64 / 4
)

func intCost(strength float64) int64 {
	return int64(math.Round(snapshot.CostOf(strength) * costScale))
}

// scratch holds every per-query buffer of size O(V). Stamps avoid clearing:
// a slot is valid when its stamp equals the current epoch.
type scratch struct {
	n     int
	epoch uint32

	fSeen, bSeen []uint32
	fDone, bDone []uint32
	df, db       []float64
	avoid        []uint32
	near         []uint32 // within maxHops of the target (see markHorizon)
	nearEp       uint32
	locSeen      []uint32 // stamped with locEp, once per buildLocal
	locEp        uint32
	loc          []int32
	fh, bh       minheap.Heap[float64]
	fSet, bSet   []int32
	region       []int32

	lg  local
	yen yenState
}

var pool sync.Pool

func getScratch(n int) *scratch {
	sc, _ := pool.Get().(*scratch)
	if sc == nil || sc.n < n {
		// Room for the entities that writes will add to the snapshot,
		// so that each added one does not cost a new scratch.
		n += n / 16
		sc = &scratch{
			n:     n,
			fSeen: make([]uint32, n), bSeen: make([]uint32, n),
			fDone: make([]uint32, n), bDone: make([]uint32, n),
			df: make([]float64, n), db: make([]float64, n),
			avoid: make([]uint32, n), near: make([]uint32, n), locSeen: make([]uint32, n), loc: make([]int32, n),
		}
	}
	sc.epoch++
	if sc.epoch == 0 {
		for _, s := range [][]uint32{sc.fSeen, sc.bSeen, sc.fDone, sc.bDone, sc.avoid} {
			clear(s)
		}
		sc.epoch = 1
	}
	sc.fh.Reset()
	sc.bh.Reset()
	sc.fSet, sc.bSet, sc.region = sc.fSet[:0], sc.bSet[:0], sc.region[:0]
	return sc
}

func putScratch(sc *scratch) { pool.Put(sc) }

// edgeStrength returns the strength Walk entry e (from u) has under the
// query's type mask, and which tie gives it: -1 for the entry's own tie, i
// for parallel tie i. A strength of 0 means the pair cannot be used.
func edgeStrength(snap *snapshot.Snapshot, w *snapshot.CSR, mask uint32, u int32, e int) (float64, int8) {
	if mask&(1<<snap.WalkCode(e)) != 0 {
		return w.W[e], -1
	}
	if snap.HasParallel(e) {
		for i, t := range snap.Parallel(u, w.Adj[e]) {
			if c, _ := snapshot.TypeCode(t.Type); mask&(1<<c) != 0 && i < math.MaxInt8 {
				return t.Strength, int8(i)
			}
		}
	}
	return 0, 0
}

// side is one direction of the bidirectional search.
type side struct {
	seen, done, otherSeen []uint32
	dist, other           []float64
	h                     *minheap.Heap[float64]
	set                   *[]int32
}

func (sc *scratch) forward() side {
	return side{sc.fSeen, sc.fDone, sc.bSeen, sc.df, sc.db, &sc.fh, &sc.fSet}
}

func (sc *scratch) backward() side {
	return side{sc.bSeen, sc.bDone, sc.fSeen, sc.db, sc.df, &sc.bh, &sc.bSet}
}

// top returns the smallest tentative distance of a side, dropping stale
// heap items, or +Inf when the side is exhausted. Every node the side has
// not settled lies at least that far.
func (sc *scratch) top(s side) float64 {
	for s.h.Len() > 0 {
		it := s.h.Peek()
		if s.done[it.Node] == sc.epoch || it.Key > s.dist[it.Node] {
			s.h.Pop()
			continue
		}
		return it.Key
	}
	return math.Inf(1)
}

type searcher struct {
	sc   *scratch
	snap *snapshot.Snapshot
	walk *snapshot.CSR
	p    *plan
	mu   float64 // best source–target cost met so far
	step int
	// horizon is set once the nodes within maxHops of the target are
	// marked in sc.near; the searches then stay among them. tried is the
	// size limit of the last attempt to mark them.
	horizon bool
	tried   int
}

// settle pops the nearest node of s and relaxes its ties.
func (r *searcher) settle(ctx context.Context, s side) error {
	sc := r.sc
	it := s.h.Pop()
	d, v := it.Key, it.Node
	s.done[v] = sc.epoch
	*s.set = append(*s.set, v)
	r.step++
	if r.step&1023 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	w := r.walk
	lo, hi := w.Span(v)
	for e := int(lo); e < int(hi); e++ {
		x := w.Adj[e]
		if sc.avoid[x] == sc.epoch || s.done[x] == sc.epoch || r.horizon && sc.near[x] != sc.nearEp {
			continue
		}
		st, _ := edgeStrength(r.snap, w, r.p.mask, v, e)
		if st == 0 {
			continue
		}
		nd := d + snapshot.CostOf(st)
		if s.seen[x] != sc.epoch || nd < s.dist[x] {
			s.seen[x] = sc.epoch
			s.dist[x] = nd
			s.h.Push(minheap.Item[float64]{Key: nd, Node: x})
		}
		if s.otherSeen[x] == sc.epoch {
			if m := nd + s.other[x]; m < r.mu {
				r.mu = m
			}
		}
	}
	return nil
}

// grow advances the two searches, the side with the smaller frontier
// first, until their radii add up to more than c, or to at least mu when
// c is NaN.
func (r *searcher) grow(ctx context.Context, c float64) (tf, tb float64, err error) {
	sc := r.sc
	f, b := sc.forward(), sc.backward()
	for {
		tf, tb = sc.top(f), sc.top(b)
		if math.IsInf(tf, 1) && math.IsInf(tb, 1) {
			return tf, tb, nil
		}
		if math.IsNaN(c) {
			if tf+tb >= r.mu {
				return tf, tb, nil
			}
		} else if tf+tb > c {
			return tf, tb, nil
		}
		s := f
		switch {
		case math.IsInf(tf, 1):
			s = b
		case math.IsInf(tb, 1):
		case sc.bh.Len() < sc.fh.Len():
			s = b
		}
		if err := r.settle(ctx, s); err != nil {
			return 0, 0, err
		}
	}
}

// search runs the whole query: the balls, then Yen on the pruned region,
// widening the cost bound until k paths fit under it.
func (sc *scratch) search(ctx context.Context, snap *snapshot.Snapshot, p *plan) ([]found, error) {
	for _, a := range p.avoid {
		sc.avoid[a] = sc.epoch
	}
	r := &searcher{sc: sc, snap: snap, walk: snap.Walk(), p: p, mu: math.Inf(1)}
	t := p.target
	seeded := 0
	for _, s := range p.sources {
		if s == t || sc.avoid[s] == sc.epoch {
			continue
		}
		sc.fSeen[s] = sc.epoch
		sc.df[s] = 0
		sc.fh.Push(minheap.Item[float64]{Node: s})
		seeded++
	}
	if seeded == 0 {
		return nil, nil
	}
	sc.bSeen[t] = sc.epoch
	sc.db[t] = 0
	sc.bh.Push(minheap.Item[float64]{Node: t})
	if _, _, err := r.grow(ctx, math.NaN()); err != nil {
		return nil, ctxErr(err)
	}
	if math.IsInf(r.mu, 1) {
		return nil, nil
	}
	// Each round settles the two balls up to a cost bound c and runs Yen,
	// uncapped, on the region they delimit. When the k-th path found costs
	// at most c, the answer is exact. Otherwise c widens its margin over
	// the shortest path; but when the region holds k paths, the k-th one's
	// cost bounds the true k-th from above, and a round with that bound is
	// the last one.
	hops := min(p.maxHops, snap.Len()-1)
	delta := firstMargin + firstMarginPerCost*r.mu
	c := r.mu + delta
	for round := 1; ; round++ {
		// A query still short of paths after a few rounds may be held
		// back by its hop bound: keep the searches within maxHops of the
		// target, once that set is no larger than what they have explored
		// (so the breadth-first search costs no more than the rounds did).
		if explored := len(sc.fSet) + len(sc.bSet); round >= horizonRound && !r.horizon && explored >= 2*r.tried {
			r.tried = max(explored, 1024)
			r.horizon = sc.markHorizon(snap, p, hops, r.tried)
		}
		tf, tb, err := r.grow(ctx, c)
		if err != nil {
			return nil, ctxErr(err)
		}
		complete := math.IsInf(tf, 1) && math.IsInf(tb, 1)
		if complete {
			c = math.Inf(1)
		}
		sc.buildLocal(snap, p, c, tf, tb, hops, r.horizon)
		paths, err := sc.yen.run(ctx, &sc.lg, p.k)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctxErr(err)
			}
			return nil, err
		}
		if complete || len(paths) >= p.k && float64(paths[p.k-1].cost) <= math.Floor(c*costScale) {
			return sc.lg.export(snap, paths), nil
		}
		next := r.mu + marginGrowth*delta
		if delta > 256 {
			next = math.Inf(1)
		}
		if len(paths) >= p.k {
			next = min(next, max(c, float64(paths[p.k-1].cost)/costScale*(1+1e-12)+1e-9))
		}
		delta = next - r.mu
		c = next
	}
}

// The first cost bound is the shortest path's cost plus a small margin; the
// margin grows by a quarter each round. Balls grow exponentially with their
// radius on a social graph, so small steps cost less than overshooting
// (measured on the generated map: p99 CPU time fell from 60 ms with a
// first margin of 0.25+0.1·mu doubling each round, to under 10 ms).
const (
	firstMargin        = 0.05
	firstMarginPerCost = 0.05
	marginGrowth       = 1.25
)

// horizonRound is the first round that may limit the searches to the
// nodes within maxHops of the target. Few queries need it: those whose hop
// bound, not cost, keeps paths out.
const horizonRound = 6

// markHorizon marks in sc.near, by breadth-first search from the target,
// the nodes within maxHops of it. It gives up and reports false when they
// are more than limit.
func (sc *scratch) markHorizon(snap *snapshot.Snapshot, p *plan, maxHops, limit int) bool {
	sc.nearEp++
	if sc.nearEp == 0 {
		clear(sc.near)
		sc.nearEp = 1
	}
	ep := sc.nearEp
	w := snap.Walk()
	q := append(sc.region[:0], p.target)
	sc.near[p.target] = ep
	defer func() { sc.region = q[:0] }()
	for level, start := 0, 0; level < maxHops && start < len(q); level++ {
		end := len(q)
		for _, v := range q[start:end] {
			lo, hi := w.Span(v)
			for e := int(lo); e < int(hi); e++ {
				x := w.Adj[e]
				if sc.near[x] == ep || sc.avoid[x] == sc.epoch {
					continue
				}
				if st, _ := edgeStrength(snap, w, p.mask, v, e); st == 0 {
					continue
				}
				sc.near[x] = ep
				q = append(q, x)
				if len(q) > limit {
					return false
				}
			}
		}
		start = end
	}
	return true
}

func ctxErr(err error) error {
	return graph.E(opFind, graph.Unavailable, err)
}

package paths

import (
	"math"
	"slices"

	"github.com/powermap/powermap/graph/internal/minheap"
	"github.com/powermap/powermap/graph/snapshot"
)

// local is the pruned region of one query as a small CSR. Node 0 is a
// virtual super-source with a zero-cost edge to every source; the other
// nodes keep the order of their global indices, so comparing local indices
// compares entity ids.
type local struct {
	n      int
	target int32
	// hops is the hop budget from node 0, the virtual first hop included.
	hops int
	// cap is the most a path may cost.
	cap   int64
	nodes []int32 // local → global; nodes[0] is -1
	off   []int32
	adj   []int32
	cost  []int64
	entry []int32 // the Walk entry behind a local edge; -1 for virtual ones
	tie   []int8  // -1 for the entry's own tie, i for parallel tie i
	dead  []bool
	// Lower bounds: distances and hop counts from node 0 and to the target
	// within the region, ignoring hop limits.
	dfR, dbR []int64
	hf, hb   []int32
	h        minheap.Heap[int64]
	queue    []int32
}

// buildLocal keeps the nodes whose lower bounds from the sources and to the
// target add up to at most c, plus a margin for rounding, and lays them out
// as sc.lg. tf and tb are the radii of the two balls.
func (sc *scratch) buildLocal(snap *snapshot.Snapshot, p *plan, c, tf, tb float64, maxHops int, horizon bool) {
	lg := &sc.lg
	ep := sc.epoch
	sc.locEp++
	if sc.locEp == 0 {
		clear(sc.locSeen)
		sc.locEp = 1
	}
	lep := sc.locEp
	margin := 1e-9*(1+c) + float64(maxHops+2)/(1<<31)
	region := sc.region[:0]
	consider := func(v int32) {
		if sc.locSeen[v] == lep {
			return
		}
		sc.locSeen[v] = lep
		sc.loc[v] = 0
		if sc.avoid[v] == ep || horizon && sc.near[v] != sc.nearEp {
			return
		}
		lf, lb := tf, tb
		if sc.fDone[v] == ep {
			lf = sc.df[v]
		}
		if sc.bDone[v] == ep {
			lb = sc.db[v]
		}
		if x := lf + lb; x <= c+margin && !math.IsInf(x, 1) {
			region = append(region, v)
		}
	}
	for _, v := range sc.fSet {
		consider(v)
	}
	for _, v := range sc.bSet {
		consider(v)
	}
	slices.Sort(region)
	sc.region = region
	for i, v := range region {
		sc.loc[v] = int32(i + 1)
	}
	n := len(region) + 1
	lg.n = n
	lg.nodes = append(append(lg.nodes[:0], -1), region...)
	lg.off = append(lg.off[:0], 0)
	lg.adj, lg.cost, lg.entry, lg.tie = lg.adj[:0], lg.cost[:0], lg.entry[:0], lg.tie[:0]
	for _, s := range p.sources {
		if s != p.target && sc.locSeen[s] == lep && sc.loc[s] > 0 {
			lg.adj = append(lg.adj, sc.loc[s])
			lg.cost = append(lg.cost, 0)
			lg.entry = append(lg.entry, -1)
			lg.tie = append(lg.tie, -1)
		}
	}
	lg.off = append(lg.off, int32(len(lg.adj)))
	w := snap.Walk()
	cmin := int64(infCost)
	for _, v := range region {
		lo, hi := w.Span(v)
		for e := int(lo); e < int(hi); e++ {
			x := w.Adj[e]
			if sc.locSeen[x] != lep || sc.loc[x] == 0 {
				continue
			}
			st, which := edgeStrength(snap, w, p.mask, v, e)
			if st == 0 {
				continue
			}
			ic := intCost(st)
			cmin = min(cmin, ic)
			lg.adj = append(lg.adj, sc.loc[x])
			lg.cost = append(lg.cost, ic)
			lg.entry = append(lg.entry, int32(e))
			lg.tie = append(lg.tie, which)
		}
		lg.off = append(lg.off, int32(len(lg.adj)))
	}
	lg.target = 0
	if sc.locSeen[p.target] == lep {
		lg.target = sc.loc[p.target]
	}
	lg.hops = min(maxHops+1, n-1)
	if cmin > 0 && !math.IsInf(c, 1) {
		// No path cheaper than c has more than c/cmin ties; the DP needs
		// no more layers, which matters when MaxHops is unbounded.
		lg.hops = min(lg.hops, int(math.Floor(c*costScale)/float64(cmin))+2)
	}
	// The region is bounded by c already; Yen runs uncapped within it.
	lg.cap = infCost
	lg.bounds()
}

// bounds computes the lower bounds and marks dead every node that no
// acceptable path can visit.
func (lg *local) bounds() {
	n := lg.n
	lg.dfR = resize(lg.dfR, n)
	lg.dbR = resize(lg.dbR, n)
	lg.hf = resize(lg.hf, n)
	lg.hb = resize(lg.hb, n)
	lg.dead = resize(lg.dead, n)
	if lg.target == 0 {
		for i := range lg.dead {
			lg.dead[i] = true
		}
		return
	}
	lg.dijkstra(0, lg.dfR)
	lg.dijkstra(lg.target, lg.dbR)
	lg.bfs(0, lg.hf)
	lg.bfs(lg.target, lg.hb)
	// Node 0 reaches the target only through its virtual edges.
	for e := lg.off[0]; e < lg.off[1]; e++ {
		x := lg.adj[e]
		lg.dbR[0] = min(lg.dbR[0], lg.dbR[x])
		lg.hb[0] = min(lg.hb[0], lg.hb[x]+1)
	}
	for v := 0; v < n; v++ {
		lg.dead[v] = lg.dfR[v] >= infCost || lg.dbR[v] >= infCost ||
			lg.dfR[v]+lg.dbR[v] > lg.cap || int(lg.hf[v])+int(lg.hb[v]) > lg.hops
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (lg *local) dijkstra(from int32, dist []int64) {
	for i := range dist {
		dist[i] = infCost
	}
	dist[from] = 0
	lg.h.Reset()
	lg.h.Push(minheap.Item[int64]{Node: from})
	for lg.h.Len() > 0 {
		it := lg.h.Pop()
		d, v := it.Key, it.Node
		if d > dist[v] {
			continue
		}
		for e := lg.off[v]; e < lg.off[v+1]; e++ {
			x := lg.adj[e]
			if nd := d + lg.cost[e]; nd < dist[x] {
				dist[x] = nd
				lg.h.Push(minheap.Item[int64]{Key: nd, Node: x})
			}
		}
	}
}

func (lg *local) bfs(from int32, hops []int32) {
	for i := range hops {
		hops[i] = math.MaxInt32 / 2
	}
	hops[from] = 0
	q := append(lg.queue[:0], from)
	for i := 0; i < len(q); i++ {
		v := q[i]
		for e := lg.off[v]; e < lg.off[v+1]; e++ {
			if x := lg.adj[e]; hops[x] > hops[v]+1 {
				hops[x] = hops[v] + 1
				q = append(q, x)
			}
		}
	}
	lg.queue = q
}

// export turns local paths into global nodes and the ties behind each hop.
func (lg *local) export(snap *snapshot.Snapshot, paths []cand) []found {
	out := make([]found, 0, len(paths))
	for _, c := range paths {
		f := found{nodes: make([]int32, len(c.nodes)-1), ties: make([]snapshot.Tie, len(c.edges)-1)}
		for i, v := range c.nodes[1:] {
			f.nodes[i] = lg.nodes[v]
		}
		for i, le := range c.edges[1:] {
			u, v := f.nodes[i], f.nodes[i+1]
			if which := lg.tie[le]; which >= 0 {
				f.ties[i] = snap.Parallel(u, v)[which]
			} else {
				f.ties[i] = snap.WalkTie(u, int(lg.entry[le]))
			}
		}
		out = append(out, f)
	}
	return out
}

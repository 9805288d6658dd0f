package paths

import (
	"context"
	"encoding/binary"
	"slices"

	"github.com/powermap/powermap/graph"
)

// cand is a path of the local graph from node 0 to the target: its nodes,
// the local edges between them, its cost, and the index of the node where
// it left the path it was found from (Lawler's refinement of Yen: spurs
// before that node were tried already).
type cand struct {
	nodes, edges []int32
	cost         int64
	dev          int
}

// less orders paths by cost, then hops, then node ids.
func (a *cand) less(b *cand) bool {
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if len(a.nodes) != len(b.nodes) {
		return len(a.nodes) < len(b.nodes)
	}
	return slices.Compare(a.nodes, b.nodes) < 0
}

// yenState is Yen's algorithm over a local graph, with the spur searches
// done by hop-layered dynamic programming: D[h][v] is the least cost from v
// to the target in at most h hops.
type yenState struct {
	d                     []int64
	touched, active, next []int32
	act, blk, rem         []uint32
	actStamp, stamp       uint32
	found, pending        []cand
	seen                  map[string]struct{}
	key                   []byte
	spurNodes, spurEdges  []int32
	lastLayer             int
	broken                bool
}

// maxLayerCells caps the DP table (hops × nodes) of one query.
const maxLayerCells = 1 << 26

func (y *yenState) init(lg *local) {
	y.broken = false
	size := lg.hops * lg.n
	if cap(y.d) < size {
		y.d = make([]int64, size)
	}
	y.d = y.d[:size]
	for i := range y.d {
		y.d[i] = infCost
	}
	y.act = resize(y.act, lg.n)
	y.blk = resize(y.blk, lg.n)
	y.rem = resize(y.rem, lg.n)
	clear(y.act)
	clear(y.blk)
	clear(y.rem)
	y.actStamp, y.stamp = 0, 0
	y.found, y.pending = y.found[:0], y.pending[:0]
	if y.seen == nil {
		y.seen = map[string]struct{}{}
	}
	clear(y.seen)
}

// remember reports whether the path is new, and records it.
func (y *yenState) remember(nodes []int32) bool {
	y.key = y.key[:0]
	for _, v := range nodes {
		y.key = binary.LittleEndian.AppendUint32(y.key, uint32(v))
	}
	if _, ok := y.seen[string(y.key)]; ok {
		return false
	}
	y.seen[string(y.key)] = struct{}{}
	return true
}

// run returns up to k best paths of lg from node 0 to the target, with at
// most lg.hops edges and cost at most lg.cap, best first.
func (y *yenState) run(ctx context.Context, lg *local, k int) (paths []cand, err error) {
	if lg.target == 0 || lg.dead[0] || lg.dead[lg.target] || lg.hops < 1 {
		return nil, nil
	}
	if lg.hops*lg.n > maxLayerCells {
		return nil, graph.Errorf(opFind, graph.TooLarge, "the search region (%d entities, up to %d hops) is too large; lower max_hops", lg.n, lg.hops-1)
	}
	y.init(lg)
	defer func() {
		if y.broken && err == nil {
			paths, err = nil, graph.Errorf(opFind, graph.Internal, "path search lost its way")
		}
	}()
	y.stamp++
	y.blk[0] = y.stamp
	nodes, edges, cost, ok := y.spur(lg, 0, lg.hops, lg.cap)
	if !ok {
		return nil, nil
	}
	first := cand{nodes: slices.Clone(nodes), edges: slices.Clone(edges), cost: cost}
	y.remember(first.nodes)
	y.found = append(y.found, first)
	for len(y.found) < k {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := y.found[len(y.found)-1]
		var rootCost int64
		for i := 0; i < len(p.nodes)-1; i++ {
			if i > 0 {
				rootCost += lg.cost[p.edges[i-1]]
			}
			if i < p.dev {
				continue
			}
			budget := lg.hops - i
			if budget < 1 {
				break
			}
			y.stamp++
			for _, v := range p.nodes[:i+1] {
				y.blk[v] = y.stamp
			}
			for _, q := range y.found {
				if len(q.nodes) > i+1 && slices.Equal(q.nodes[:i+1], p.nodes[:i+1]) {
					y.rem[q.nodes[i+1]] = y.stamp
				}
			}
			// Only a path that can still make the top k is worth finding:
			// once enough candidates wait, the worst of the ones needed caps
			// the search.
			limit := lg.cap
			if need := k - len(y.found); len(y.pending) >= need {
				limit = min(limit, y.pending[need-1].cost)
			}
			sn, se, sc, ok := y.spur(lg, p.nodes[i], budget, limit-rootCost)
			if !ok {
				continue
			}
			c := cand{
				nodes: append(slices.Clip(p.nodes[:i]), sn...),
				edges: append(slices.Clip(p.edges[:i]), se...),
				cost:  rootCost + sc,
				dev:   i,
			}
			if y.remember(c.nodes) {
				// pending stays sorted, best first.
				at, _ := slices.BinarySearchFunc(y.pending, &c, func(a cand, b *cand) int {
					if a.less(b) {
						return -1
					}
					return 1
				})
				y.pending = slices.Insert(y.pending, at, c)
			}
		}
		if len(y.pending) == 0 {
			break
		}
		y.found = append(y.found, y.pending[0])
		y.pending = slices.Delete(y.pending, 0, 1)
	}
	return y.found, nil
}

// spur finds the best path from p to the target with at most budget edges
// and cost at most capRem, avoiding nodes marked blocked (p included) and
// first edges to nodes marked removed. Among the cheapest it takes the one
// with fewest hops, then the smallest node ids in order. The returned
// slices are reused by the next call.
func (y *yenState) spur(lg *local, p int32, budget int, capRem int64) ([]int32, []int32, int64, bool) {
	if capRem < 0 {
		return nil, nil, 0, false
	}
	n, st, t := lg.n, y.stamp, lg.target
	y.blk[p] = st
	blocked := func(x int32) bool { return y.blk[x] == st || lg.dead[x] }
	if blocked(t) {
		return nil, nil, 0, false
	}
	d := y.d
	y.touched = append(y.touched[:0], t)
	d[t] = 0
	active := append(y.active[:0], t)
	next := y.next[:0]
	lbP, hfP := lg.dfR[p], lg.hf[p]
	last := 0
	for h := 1; h < budget && len(active) > 0; h++ {
		cur, prev := d[h*n:(h+1)*n], d[(h-1)*n:h*n]
		for _, v := range y.touched {
			cur[v] = prev[v]
		}
		y.actStamp++
		next = next[:0]
		for _, w := range active {
			dw := prev[w]
			for e := lg.off[w]; e < lg.off[w+1]; e++ {
				x := lg.adj[e]
				nd := dw + lg.cost[e]
				if nd >= cur[x] || blocked(x) {
					continue
				}
				if lb := lg.dfR[x] - lbP; lb > 0 && nd+lb > capRem || nd > capRem {
					continue
				}
				if hl := max(lg.hf[x]-hfP, 1); int(hl)+h > budget {
					continue
				}
				if cur[x] >= infCost {
					y.touched = append(y.touched, x)
				}
				cur[x] = nd
				if y.act[x] != y.actStamp {
					y.act[x] = y.actStamp
					next = append(next, x)
				}
			}
		}
		active, next = next, active
		last = h
	}
	y.active, y.next = active, next
	y.lastLayer = last
	defer y.clearLayers(n)
	get := func(h int, v int32) int64 { return d[min(h, last)*n+int(v)] }
	firstOK := func(x int32) bool { return !blocked(x) && y.rem[x] != st }

	best := int64(infCost)
	for e := lg.off[p]; e < lg.off[p+1]; e++ {
		if x := lg.adj[e]; firstOK(x) {
			if v := get(budget-1, x); v < infCost {
				best = min(best, lg.cost[e]+v)
			}
		}
	}
	if best >= infCost || best > capRem {
		return nil, nil, 0, false
	}
	hmin := budget
search:
	for h := 1; h <= budget; h++ {
		for e := lg.off[p]; e < lg.off[p+1]; e++ {
			if x := lg.adj[e]; firstOK(x) {
				if v := get(h-1, x); v < infCost && lg.cost[e]+v == best {
					hmin = h
					break search
				}
			}
		}
	}
	nodes := append(y.spurNodes[:0], p)
	edges := y.spurEdges[:0]
	cur, rc, r := p, best, hmin
	for cur != t {
		chosen := int32(-1)
		for e := lg.off[cur]; e < lg.off[cur+1]; e++ {
			x := lg.adj[e]
			if blocked(x) || (cur == p && y.rem[x] == st) {
				continue
			}
			if v := get(r-1, x); v < infCost && lg.cost[e]+v == rc {
				chosen = e
				break
			}
		}
		if chosen < 0 || r < 1 {
			// Cannot happen when the DP is right; fail the query rather
			// than the process.
			y.broken = true
			return nil, nil, 0, false
		}
		x := lg.adj[chosen]
		nodes = append(nodes, x)
		edges = append(edges, chosen)
		rc -= lg.cost[chosen]
		r--
		cur = x
	}
	y.spurNodes, y.spurEdges = nodes, edges
	return nodes, edges, best, true
}

func (y *yenState) clearLayers(n int) {
	for h := 0; h <= y.lastLayer; h++ {
		row := y.d[h*n : (h+1)*n]
		for _, v := range y.touched {
			row[v] = infCost
		}
	}
}

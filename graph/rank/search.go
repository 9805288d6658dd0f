package rank

import (
	"math"
)

// search is the per-worker state of single-source shortest-path searches:
// breadth-first when cost is nil, Dijkstra over cost otherwise. It counts
// shortest paths (sigma) as Brandes' algorithm needs. Its arrays are sized
// to the graph once and reset after each search by walking the settled
// nodes only, so a search costs O(reached nodes + arcs), not O(n).
type search struct {
	g     *CSR
	cost  []float64
	hops  []int32   // BFS: hop count, -1 unreached
	sigma []float64 // BFS: number of shortest paths from the source
	coef  []float64 // BFS: Brandes' (1+delta)/sigma
	order []int32   // settled nodes in settle order
	// Dijkstra splits each node's state into what relaxing an arc reads
	// (node, 16 bytes) and the rest (paths), so that a relaxation touches
	// one small record. It remembers for each node the predecessor that
	// gave its distance, and on the rare equal-cost ties the others, so
	// that path counts are summed once when a node settles and
	// accumulation follows the shortest-path DAG instead of rescanning
	// every arc.
	node  []dnode
	paths []dpaths
	ties  []tie
	heap  minHeap
}

// dnode is the part of a node's state in a Dijkstra search that relaxing
// an arc reads.
type dnode struct {
	dist float64 // distance, +Inf unreached
	slot int32   // position in the heap; -1 outside it, settled (-2) or not
	pred int32   // the predecessor that first reached dist, -1 none
}

// settled is the slot of a settled node.
const settled = -2

// dpaths is the rest of a node's state in a Dijkstra search.
type dpaths struct {
	sigma float64 // number of shortest paths from the source
	acc   float64 // accumulation: Brandes' delta, or g of the scaled form
	tie   int32   // head of the node's list of ties, -1 none
}

// tie records that v reached a node at distance d, equal to the node's
// distance then. It is a predecessor on a shortest path if d is still the
// node's distance when it settles.
type tie struct {
	d    float64
	v    int32
	next int32 // the next entry of the node's list, -1 at the end
}

func newSearch(g *CSR, cost []float64) *search {
	n := g.Nodes()
	s := &search{g: g, cost: cost, order: make([]int32, 0, n)}
	if cost == nil {
		s.sigma = make([]float64, n)
		s.hops = make([]int32, n)
		for i := range s.hops {
			s.hops[i] = -1
		}
	} else {
		s.node = make([]dnode, n)
		s.paths = make([]dpaths, n)
		for i := range s.node {
			s.node[i] = dnode{dist: math.Inf(1), slot: -1, pred: -1}
			s.paths[i].tie = -1
		}
		s.heap.node = s.node
	}
	return s
}

// run searches from src, filling order and the distances and path counts.
func (s *search) run(src int32) {
	off, adj := s.g.Off, s.g.Adj
	s.order = s.order[:0]
	if s.cost == nil {
		s.sigma[src] = 1
		hops := s.hops
		hops[src] = 0
		s.order = append(s.order, src)
		for h := 0; h < len(s.order); h++ {
			v := s.order[h]
			dv, sv := hops[v]+1, s.sigma[v]
			for _, w := range adj[off[v]:off[v+1]] {
				if hops[w] < 0 {
					hops[w] = dv
					s.order = append(s.order, w)
				}
				if hops[w] == dv {
					s.sigma[w] += sv
				}
			}
		}
		return
	}
	node, paths, cost := s.node, s.paths, s.cost
	s.ties = s.ties[:0]
	node[src].dist, paths[src].sigma = 0, 1
	h := &s.heap
	h.update(0, src)
	for h.len() > 0 {
		v := h.pop().v
		nv, pv := &node[v], &paths[v]
		nv.slot = settled
		s.order = append(s.order, v)
		dv := nv.dist
		if nv.pred >= 0 {
			sigma := paths[nv.pred].sigma
			for t := pv.tie; t >= 0; t = s.ties[t].next {
				if s.ties[t].d == dv {
					sigma += paths[s.ties[t].v].sigma
				}
			}
			pv.sigma = sigma
		}
		row, rowCost := adj[off[v]:off[v+1]], cost[off[v]:off[v+1]]
		rowCost = rowCost[:len(row)]
		for i, w := range row {
			nw := &node[w]
			// A settled node is never farther than v, so only the tie
			// test needs to know whether w is settled.
			switch nd := dv + rowCost[i]; {
			case nd < nw.dist:
				nw.dist, nw.pred = nd, v
				h.update(nd, w)
			case nd == nw.dist && nw.slot != settled:
				pw := &paths[w]
				s.ties = append(s.ties, tie{nd, v, pw.tie})
				pw.tie = int32(len(s.ties) - 1)
			}
		}
	}
}

// accumulate adds the dependencies of the last search's source to bc
// (Brandes' back-propagation, in NetworkX's order of operations).
func (s *search) accumulate(src int32, bc []float64) {
	if s.cost == nil {
		s.accumulateHops(src, bc, false)
		return
	}
	s.accumulateDAG(src, bc, false)
}

// accumulateScaled adds the linearly scaled dependencies of the last
// search's source to bc (Geisberger, Sanders and Schultes 2008): a path
// from s to t credits each inner node v with d(s,v)/d(s,t) instead of 1.
// On an undirected graph the credits a pair gets from its two ends add up
// to 1, so twice their sum over all sources is the betweenness; summed over
// sampled sources it estimates it without the overweight that plain
// source sampling gives to nodes near a sampled source. With g(v) =
// sum over successors w of sigma_v/sigma_w (1/d(s,w) + g(w)), v's credit
// is d(s,v) g(v). A zero distance (the source's own, or a hop count of
// zero) counts as the smallest positive float; ties cost at least
// snapshot.CostFloor.
func (s *search) accumulateScaled(src int32, bc []float64) {
	if s.cost == nil {
		s.accumulateHops(src, bc, true)
		return
	}
	s.accumulateDAG(src, bc, true)
}

// share returns what a node at distance d with accumulated acc passes to
// its predecessors, times its number of shortest paths, and the credit it
// gets itself: Brandes' (1+delta) and delta, or with scaled (1/d + g) and
// d*g, for accumulateHops.
func share(d, acc float64, scaled bool) (float64, float64) {
	if !scaled {
		return 1 + acc, acc
	}
	d = max(d, math.SmallestNonzeroFloat64)
	return 1/d + acc, d * acc
}

// accumulateDAG is accumulate, or accumulateScaled when scaled, after a
// Dijkstra search: each node, from the farthest, passes its share to its
// predecessors.
func (s *search) accumulateDAG(src int32, bc []float64, scaled bool) {
	node, paths, ties := s.node, s.paths, s.ties
	for i := len(s.order) - 1; i >= 0; i-- {
		w := s.order[i]
		nw, pw := &node[w], &paths[w]
		var c, credit float64
		if scaled {
			d := max(nw.dist, math.SmallestNonzeroFloat64)
			c, credit = (1/d+pw.acc)/pw.sigma, d*pw.acc
		} else {
			c, credit = (1+pw.acc)/pw.sigma, pw.acc
		}
		if nw.pred >= 0 {
			pp := &paths[nw.pred]
			pp.acc += pp.sigma * c
			for t := pw.tie; t >= 0; t = ties[t].next {
				if ties[t].d == nw.dist {
					pp := &paths[ties[t].v]
					pp.acc += pp.sigma * c
				}
			}
		}
		if w != src {
			bc[w] += credit
		}
	}
}

// accumulateHops is accumulateDAG after a breadth-first search. It visits
// successors through out-arcs (x is a successor of w when x is one hop
// further), which with many equal-length paths costs less than keeping
// predecessor lists. coef[x] holds x's share per shortest path.
func (s *search) accumulateHops(src int32, bc []float64, scaled bool) {
	off, adj := s.g.Off, s.g.Adj
	if s.coef == nil {
		s.coef = make([]float64, len(s.sigma))
	}
	coef, hops := s.coef, s.hops
	for i := len(s.order) - 1; i >= 0; i-- {
		w := s.order[i]
		dw := hops[w] + 1
		sum := 0.0
		for _, x := range adj[off[w]:off[w+1]] {
			if hops[x] == dw {
				sum += coef[x]
			}
		}
		c, credit := share(float64(hops[w]), s.sigma[w]*sum, scaled)
		coef[w] = c / s.sigma[w]
		if w != src {
			bc[w] += credit
		}
	}
}

// distance returns the distance of a settled node of the last search.
func (s *search) distance(v int32) float64 {
	if s.cost == nil {
		return float64(s.hops[v])
	}
	return s.node[v].dist
}

// reset clears what the last search touched.
func (s *search) reset() {
	for _, v := range s.order {
		if s.cost == nil {
			s.sigma[v] = 0
			s.hops[v] = -1
		} else {
			s.node[v] = dnode{dist: math.Inf(1), slot: -1, pred: -1}
			s.paths[v] = dpaths{tie: -1}
		}
	}
	s.order = s.order[:0]
}

// minHeap is an indexed 4-ary min-heap of (distance, node) entries for
// Dijkstra, with decrease-key: a node is in the heap at most once, at the
// position node[v].slot, so the heap holds only the frontier and pops no
// stale entries. A 4-ary heap is shallower than a binary one and compares
// the children of an entry within one cache line. It is not the shared
// graph/internal/minheap because keeping each position beside the node's
// distance is what makes it fast: with minheap's lazy deletion weighted
// betweenness takes about twice the CPU time, and with an indexed heap that
// keeps positions in an array of its own 18% more.
type minHeap struct {
	items []heapItem
	node  []dnode
}

type heapItem struct {
	d float64
	v int32
}

func (h *minHeap) len() int { return len(h.items) }

// update inserts v at distance d, or moves it up to d if it is in the heap.
func (h *minHeap) update(d float64, v int32) {
	i := h.node[v].slot
	if i < 0 {
		h.items = append(h.items, heapItem{})
		i = int32(len(h.items) - 1)
	}
	h.up(int(i), heapItem{d, v})
}

func (h *minHeap) up(i int, x heapItem) {
	a, node := h.items, h.node
	for i > 0 {
		p := (i - 1) / 4
		if a[p].d <= x.d {
			break
		}
		a[i] = a[p]
		node[a[i].v].slot = int32(i)
		i = p
	}
	a[i] = x
	node[x.v].slot = int32(i)
}

// pop removes the nearest entry. It moves the hole at the root down along
// the smaller children to a leaf and then moves the last entry up into it
// (Floyd's method): the last entry usually belongs near the bottom, so this
// saves a comparison per level over sifting it down.
func (h *minHeap) pop() heapItem {
	a, node := h.items, h.node
	top := a[0]
	node[top.v].slot = -1
	n := len(a) - 1
	x := a[n]
	a = a[:n]
	h.items = a
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if a[j].d < a[m].d {
				m = j
			}
		}
		a[i] = a[m]
		node[a[i].v].slot = int32(i)
		i = m
	}
	h.up(i, x)
	return top
}

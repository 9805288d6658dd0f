package rank

import (
	"math"
	"math/bits"
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
	dist  []float64 // Dijkstra: distance, +Inf unreached
	pos   []int32   // Dijkstra: settle position, -1 unsettled
	sigma []float64 // number of shortest paths from the source
	coef  []float64 // Brandes: (1+delta)/sigma
	order []int32   // settled nodes in settle order
	heap  minHeap
}

func newSearch(g *CSR, cost []float64) *search {
	n := g.Nodes()
	s := &search{g: g, cost: cost, sigma: make([]float64, n), order: make([]int32, 0, n)}
	if cost == nil {
		s.hops = make([]int32, n)
		for i := range s.hops {
			s.hops[i] = -1
		}
	} else {
		s.dist = make([]float64, n)
		s.pos = make([]int32, n)
		for i := range s.dist {
			s.dist[i] = math.Inf(1)
			s.pos[i] = -1
		}
	}
	return s
}

// run searches from src, filling order, sigma and hops or dist.
func (s *search) run(src int32) {
	off, adj := s.g.Off, s.g.Adj
	s.order = s.order[:0]
	s.sigma[src] = 1
	if s.cost == nil {
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
	dist, pos, cost := s.dist, s.pos, s.cost
	dist[src] = 0
	h := &s.heap
	h.push(0, src)
	for h.size > 0 {
		top := h.pop()
		v := top.v
		if pos[v] >= 0 || top.d > dist[v] {
			continue // settled already, or a stale entry
		}
		pos[v] = int32(len(s.order))
		s.order = append(s.order, v)
		dv, sv := dist[v], s.sigma[v]
		for e := off[v]; e < off[v+1]; e++ {
			w := adj[e]
			if pos[w] >= 0 {
				continue
			}
			nd := dv + cost[e]
			switch dw := dist[w]; {
			case nd < dw:
				dist[w] = nd
				s.sigma[w] = sv
				h.push(nd, w)
			case nd == dw:
				s.sigma[w] += sv
			}
		}
	}
}

// accumulate adds the dependencies of the last search's source to bc
// (Brandes' back-propagation), visiting successors through out-arcs: x is a
// successor of w when an arc w->x lies on a shortest path to x.
func (s *search) accumulate(src int32, bc []float64) {
	off, adj := s.g.Off, s.g.Adj
	if s.coef == nil {
		s.coef = make([]float64, len(s.sigma))
	}
	coef := s.coef
	if s.cost == nil {
		hops := s.hops
		for i := len(s.order) - 1; i >= 0; i-- {
			w := s.order[i]
			dw := hops[w] + 1
			sum := 0.0
			for _, x := range adj[off[w]:off[w+1]] {
				if hops[x] == dw {
					sum += coef[x]
				}
			}
			delta := s.sigma[w] * sum
			coef[w] = (1 + delta) / s.sigma[w]
			if w != src {
				bc[w] += delta
			}
		}
		return
	}
	dist, pos, cost := s.dist, s.pos, s.cost
	for i := len(s.order) - 1; i >= 0; i-- {
		w := s.order[i]
		dw, pw := dist[w], pos[w]
		sum := 0.0
		for e := off[w]; e < off[w+1]; e++ {
			x := adj[e]
			if pos[x] > pw && dw+cost[e] == dist[x] {
				sum += coef[x]
			}
		}
		delta := s.sigma[w] * sum
		coef[w] = (1 + delta) / s.sigma[w]
		if w != src {
			bc[w] += delta
		}
	}
}

// accumulateScaled adds the linearly scaled dependencies of the last
// search's source to bc (Geisberger, Sanders and Schultes 2008): a path
// from s to t credits each inner node v with d(s,v)/d(s,t) instead of 1.
// On an undirected graph the credits a pair gets from its two ends add up
// to 1, so twice their sum over all sources is the betweenness; summed over
// sampled sources it estimates it without the overweight that plain
// source sampling gives to nodes near a sampled source. With g(v) =
// sum over successors w of sigma_v/sigma_w (1/d(s,w) + g(w)), v's credit
// is d(s,v) g(v). A zero distance (ties of strength 1) counts as the
// smallest positive float.
func (s *search) accumulateScaled(src int32, bc []float64) {
	off, adj := s.g.Off, s.g.Adj
	if s.coef == nil {
		s.coef = make([]float64, len(s.sigma))
	}
	coef := s.coef // (1/d(s,w) + g(w)) / sigma_w
	for i := len(s.order) - 1; i >= 0; i-- {
		w := s.order[i]
		sum := 0.0
		if s.cost == nil {
			dw := s.hops[w] + 1
			for _, x := range adj[off[w]:off[w+1]] {
				if s.hops[x] == dw {
					sum += coef[x]
				}
			}
		} else {
			dw, pw := s.dist[w], s.pos[w]
			for e := off[w]; e < off[w+1]; e++ {
				x := adj[e]
				if s.pos[x] > pw && dw+s.cost[e] == s.dist[x] {
					sum += coef[x]
				}
			}
		}
		g := s.sigma[w] * sum
		d := max(s.distance(w), math.SmallestNonzeroFloat64)
		coef[w] = (1/d + g) / s.sigma[w]
		if w != src {
			bc[w] += d * g
		}
	}
}

// distance returns the distance of a settled node of the last search.
func (s *search) distance(v int32) float64 {
	if s.cost == nil {
		return float64(s.hops[v])
	}
	return s.dist[v]
}

// reset clears what the last search touched.
func (s *search) reset() {
	for _, v := range s.order {
		s.sigma[v] = 0
		if s.cost == nil {
			s.hops[v] = -1
		} else {
			s.dist[v] = math.Inf(1)
			s.pos[v] = -1
		}
	}
	s.order = s.order[:0]
}

// minHeap is a monotone priority queue of (distance, node) entries for
// Dijkstra: a radix heap keyed by the bits of non-negative float64
// distances, whose order is the order of the distances. Keys pushed must not
// be below the last key popped, which Dijkstra guarantees. Dijkstra pushes
// a node again when its distance improves and skips stale entries as they
// come out.
type minHeap struct {
	buckets [65][]heapItem
	last    uint64
	size    int
}

type heapItem struct {
	d float64
	v int32
}

func bucketOf(key, last uint64) int { return bits.Len64(key ^ last) }

func (h *minHeap) push(d float64, v int32) {
	b := bucketOf(math.Float64bits(d), h.last)
	h.buckets[b] = append(h.buckets[b], heapItem{d, v})
	h.size++
}

func (h *minHeap) pop() heapItem {
	if len(h.buckets[0]) == 0 {
		i := 1
		for len(h.buckets[i]) == 0 {
			i++
		}
		bucket := h.buckets[i]
		min := bucket[0].d
		for _, x := range bucket[1:] {
			if x.d < min {
				min = x.d
			}
		}
		h.last = math.Float64bits(min)
		for _, x := range bucket {
			b := bucketOf(math.Float64bits(x.d), h.last)
			h.buckets[b] = append(h.buckets[b], x)
		}
		h.buckets[i] = bucket[:0]
	}
	b0 := h.buckets[0]
	x := b0[len(b0)-1]
	h.buckets[0] = b0[:len(b0)-1]
	h.size--
	if h.size == 0 {
		h.last = 0
	}
	return x
}

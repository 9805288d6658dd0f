package rank

import "math"

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
	n := g.Len()
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
		s.heap = minHeap{dist: s.dist, at: make([]int32, n)}
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
	s.heap.push(src)
	for s.heap.len() > 0 {
		v := s.heap.pop()
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
				if math.IsInf(dw, 1) {
					s.heap.push(w)
				} else {
					s.heap.up(w)
				}
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

// minHeap is a binary heap of node indices keyed by dist, with an index so
// that a node's key can decrease in place.
type minHeap struct {
	dist  []float64
	at    []int32 // position of a node in items
	items []int32
}

func (h *minHeap) len() int { return len(h.items) }

func (h *minHeap) push(v int32) {
	h.at[v] = int32(len(h.items))
	h.items = append(h.items, v)
	h.up(v)
}

func (h *minHeap) pop() int32 {
	top := h.items[0]
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	if len(h.items) > 0 {
		h.items[0] = last
		h.at[last] = 0
		h.down(0)
	}
	return top
}

// up restores the heap after v's key decreased.
func (h *minHeap) up(v int32) {
	i := h.at[v]
	d := h.dist[v]
	for i > 0 {
		p := (i - 1) / 2
		u := h.items[p]
		if h.dist[u] <= d {
			break
		}
		h.items[i] = u
		h.at[u] = i
		i = p
	}
	h.items[i] = v
	h.at[v] = i
}

func (h *minHeap) down(i int32) {
	n := int32(len(h.items))
	v := h.items[i]
	d := h.dist[v]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.dist[h.items[c+1]] < h.dist[h.items[c]] {
			c++
		}
		u := h.items[c]
		if h.dist[u] >= d {
			break
		}
		h.items[i] = u
		h.at[u] = i
		i = c
	}
	h.items[i] = v
	h.at[v] = i
}

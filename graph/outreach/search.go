package outreach

import (
	"math"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// walker runs best-first searches over a snapshot's Walk graph from one
// node: a tie of strength s costs -ln(s), so the cheapest path is the
// strongest. Ties in cost break by fewer hops, then by lower node index,
// so every search is deterministic. Its arrays are dense and reset through
// a list of touched nodes, so a search costs what it visits, not the size
// of the map, and one walker serves many searches.
type walker struct {
	snap    *snapshot.Snapshot
	dist    []float64
	hops    []int32
	prev    []int32 // -1 at the source and at untouched nodes
	entry   []int32 // Walk entry prev→node
	done    []bool
	touched []int32
	heap    []item
}

type item struct {
	cost float64
	hops int32
	v    int32
}

func (a item) less(b item) bool {
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.hops != b.hops {
		return a.hops < b.hops
	}
	return a.v < b.v
}

func newWalker(snap *snapshot.Snapshot) *walker {
	n := snap.Len()
	w := &walker{snap: snap, dist: make([]float64, n), hops: make([]int32, n), prev: make([]int32, n),
		entry: make([]int32, n), done: make([]bool, n)}
	for i := range w.dist {
		w.dist[i] = math.Inf(1)
		w.prev[i] = -1
	}
	return w
}

func (w *walker) reset() {
	for _, v := range w.touched {
		w.dist[v], w.hops[v], w.prev[v], w.entry[v], w.done[v] = math.Inf(1), 0, -1, 0, false
	}
	w.touched, w.heap = w.touched[:0], w.heap[:0]
}

func (w *walker) push(it item) {
	w.heap = append(w.heap, it)
	for i := len(w.heap) - 1; i > 0; {
		p := (i - 1) / 2
		if !w.heap[i].less(w.heap[p]) {
			break
		}
		w.heap[i], w.heap[p] = w.heap[p], w.heap[i]
		i = p
	}
}

func (w *walker) pop() item {
	top := w.heap[0]
	last := len(w.heap) - 1
	w.heap[0] = w.heap[last]
	w.heap = w.heap[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && w.heap[l].less(w.heap[m]) {
			m = l
		}
		if r < last && w.heap[r].less(w.heap[m]) {
			m = r
		}
		if m == i {
			break
		}
		w.heap[i], w.heap[m] = w.heap[m], w.heap[i]
		i = m
	}
	return top
}

// run settles nodes from src in order of cost and calls settled for each,
// the source included, until it returns false, the cost passes maxCost, or
// nothing is left. Paths have at most maxHops ties, and pass only through
// nodes for which through is true (it may be nil: through every node); a
// node it refuses is still reached and settled, but not gone through.
func (w *walker) run(src int32, maxCost float64, maxHops int32, through func(int32) bool, settled func(v int32, cost float64) bool) {
	w.reset()
	w.dist[src] = 0
	w.touched = append(w.touched, src)
	w.push(item{0, 0, src})
	g := w.snap.Walk()
	for len(w.heap) > 0 {
		it := w.pop()
		if w.done[it.v] || it.cost != w.dist[it.v] || it.hops != w.hops[it.v] {
			continue
		}
		if it.cost > maxCost {
			return
		}
		w.done[it.v] = true
		if !settled(it.v, it.cost) {
			return
		}
		if it.hops >= maxHops || it.v != src && through != nil && !through(it.v) {
			continue
		}
		u := it.v
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			v := g.Adj[e]
			if w.done[v] {
				continue
			}
			next := item{it.cost - math.Log(g.W[e]), it.hops + 1, v}
			if next.cost > maxCost {
				continue
			}
			if d := w.dist[v]; !math.IsInf(d, 1) && !next.less(item{d, w.hops[v], v}) {
				continue
			}
			if math.IsInf(w.dist[v], 1) {
				w.touched = append(w.touched, v)
			}
			w.dist[v], w.hops[v], w.prev[v], w.entry[v] = next.cost, next.hops, u, e
			w.push(next)
		}
	}
}

// intro returns the path found to v, read from v back to the search's
// source: the direction in which v introduces the source's side. It is the
// introduction path from a messenger v to the person the search started at.
func (w *walker) intro(v int32) graph.Intro {
	in := graph.Intro{Strength: 1}
	in.Nodes = append(in.Nodes, ref(w.snap, v))
	for {
		u := w.prev[v]
		if u < 0 {
			break
		}
		t := w.snap.WalkTie(u, int(w.entry[v]))
		info, _ := t.Type.Info()
		in.Hops = append(in.Hops, graph.IntroHop{From: w.snap.ID(v), To: w.snap.ID(u), Type: t.Type, Strength: t.Strength,
			Reverse: !info.Symmetric && t.Source != v})
		in.Strength *= t.Strength
		in.Nodes = append(in.Nodes, ref(w.snap, u))
		v = u
	}
	return in
}

// path returns the nodes and Walk entries from the source to v.
func (w *walker) path(v int32) (nodes []int32, entries []int) {
	for {
		nodes = append(nodes, v)
		u := w.prev[v]
		if u < 0 {
			break
		}
		entries = append(entries, int(w.entry[v]))
		v = u
	}
	// Reverse into source → v order.
	for i, j := 0, len(nodes)-1; i < j; i, j = i+1, j-1 {
		nodes[i], nodes[j] = nodes[j], nodes[i]
	}
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	return nodes, entries
}

func ref(s *snapshot.Snapshot, i int32) graph.EntityRef {
	n := s.Node(i)
	return graph.EntityRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Private: n.Private}
}

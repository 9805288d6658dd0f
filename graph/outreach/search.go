package outreach

import (
	"math"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/internal/minheap"
	"github.com/powermap/powermap/graph/snapshot"
)

// walker runs best-first searches over a snapshot's Walk graph from one
// node: a tie of strength s costs snapshot.CostOf(s), -ln(s) but at least
// snapshot.CostFloor, so the cheapest path is the strongest. Ties in cost
// break by fewer hops, then by lower node index, so every search is
// deterministic. Its arrays are dense and reset through a list of touched
// nodes, so a search costs what it visits, not the size of the map, and
// one walker serves many searches.
type walker struct {
	snap    *snapshot.Snapshot
	dist    []float64
	hops    []int32
	prev    []int32 // -1 at the source and at untouched nodes
	entry   []int32 // Walk entry prev→node
	done    []bool
	touched []int32
	heap    minheap.Heap[float64]
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
	w.touched = w.touched[:0]
	w.heap.Reset()
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
	w.heap.Push(minheap.Item[float64]{Node: src})
	g := w.snap.Walk()
	for w.heap.Len() > 0 {
		it := w.heap.Pop()
		if w.done[it.Node] || it.Key != w.dist[it.Node] || it.Hops != w.hops[it.Node] {
			continue // stale: the node was pushed again when its cost dropped
		}
		if it.Key > maxCost {
			return
		}
		w.done[it.Node] = true
		if !settled(it.Node, it.Key) {
			return
		}
		if it.Hops >= maxHops || it.Node != src && through != nil && !through(it.Node) {
			continue
		}
		u := it.Node
		lo, hi := g.Span(u)
		for e := lo; e < hi; e++ {
			v := g.Adj[e]
			if w.done[v] {
				continue
			}
			next := minheap.Item[float64]{Key: it.Key + snapshot.CostOf(g.W[e]), Hops: it.Hops + 1, Node: v}
			if next.Key > maxCost {
				continue
			}
			if d := w.dist[v]; !math.IsInf(d, 1) && !next.Less(minheap.Item[float64]{Key: d, Hops: w.hops[v], Node: v}) {
				continue
			}
			if math.IsInf(w.dist[v], 1) {
				w.touched = append(w.touched, v)
			}
			w.dist[v], w.hops[v], w.prev[v], w.entry[v] = next.Key, next.Hops, u, e
			w.heap.Push(next)
		}
	}
}

// intro returns the path found to v, read from v back to the search's
// source: the direction in which v introduces the source's side. It is the
// introduction path from a messenger v to the person the search started at.
func (w *walker) intro(v int32) graph.Path {
	nodes := []int32{v}
	var ties []snapshot.Tie
	for {
		u := w.prev[v]
		if u < 0 {
			break
		}
		ties = append(ties, w.snap.WalkTie(u, int(w.entry[v])))
		nodes = append(nodes, u)
		v = u
	}
	return w.snap.Path(nodes, ties)
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

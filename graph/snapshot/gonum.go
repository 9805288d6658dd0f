package snapshot

import (
	"math"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// CostFloor is the least cost of a tie. A tie of strength s costs
// -ln(s), so that the cheapest path is the strongest; a tie of strength 1
// would cost 0, and with zero-cost ties equal distances are everywhere: the
// path found and the betweenness computed (in NetworkX too) would depend on
// the order in which a search settles them. With the floor a strength-1
// tie costs as much as one of strength e^-0.001 ≈ 0.999, so only ties
// stronger than 0.999 change cost (strengths are usually recorded to two
// decimals, the strongest below 1 being 0.99 at a cost of 0.01), and of two
// paths with the same strength the one with fewer such ties is shorter.
const CostFloor = 1e-3

// CostOf returns the cost of a tie of strength s in (0,1]: -ln(s), but at
// least CostFloor. Paths, rankings and outreach all measure distance with
// it.
func CostOf(s float64) float64 { return max(-math.Log(s), CostFloor) }

// Weighting chooses what a gonum view reports as an edge's weight.
type Weighting uint8

// Weightings.
const (
	// Cost is CostOf(strength), -ln(strength) floored at CostFloor: a
	// distance, for shortest paths, closeness and betweenness.
	Cost Weighting = iota
	// Strength is the tie's strength in (0,1], for PageRank-style walks.
	Strength
	// Unit is 1 for every edge: distances count hops.
	Unit
)

func (w Weighting) of(strength float64) float64 {
	switch w {
	case Strength:
		return strength
	case Unit:
		return 1
	}
	return CostOf(strength)
}

// View is Walk or Influence seen through gonum's graph interfaces. Node ids
// are the int32 node indices. A View of Walk is undirected (From and To
// agree); a View of Influence is directed. Views allocate only their
// iterators and edges (and, for Influence, the ends of the row that From or
// To lists), and never copy the graph.
type View struct {
	walk      *CSR     // set in views of Walk
	influence *Digraph // set in views of Influence
	weighting Weighting
}

var (
	_ gonum.WeightedDirected   = (*View)(nil)
	_ gonum.WeightedUndirected = (*View)(nil)
)

// Gonum returns the Walk graph with Cost weights, the view gonum's path
// algorithms (Dijkstra, Yen) expect.
func (s *Snapshot) Gonum() *View { return s.WalkGraph(Cost) }

// WalkGraph returns a gonum view of Walk with the given weighting. Walk is
// symmetric, so the view satisfies both the directed and the undirected
// interfaces.
func (s *Snapshot) WalkGraph(w Weighting) *View {
	return &View{walk: &s.walk, weighting: w}
}

// InfluenceGraph returns a gonum view of Influence with the given weighting.
// It builds Influence on first use.
func (s *Snapshot) InfluenceGraph(w Weighting) *View {
	return &View{influence: s.Influence(), weighting: w}
}

// Len returns the number of nodes.
func (g *View) Len() int {
	if g.walk != nil {
		return g.walk.Nodes()
	}
	return g.influence.Nodes()
}

func (g *View) has(id int64) bool { return id >= 0 && id < int64(g.Len()) }

// find returns the strength of the edge u→v of ids in range.
func (g *View) find(uid, vid int64) (float64, bool) {
	if g.walk == nil {
		return g.influence.Find(int32(uid), int32(vid))
	}
	e, ok := g.walk.Find(int32(uid), int32(vid))
	if !ok {
		return 0, false
	}
	return g.walk.W[e], true
}

// ends lists the other ends of a row of Influence.
func ends(row func(yield func(int32, float64) bool)) []int32 {
	var adj []int32
	for v := range row {
		adj = append(adj, v)
	}
	return adj
}

// Node returns the node with the given id, or nil.
func (g *View) Node(id int64) gonum.Node {
	if !g.has(id) {
		return nil
	}
	return simple.Node(id)
}

// Nodes returns every node, in index order.
func (g *View) Nodes() gonum.Nodes { return &rangeNodes{n: int64(g.Len()), cur: -1} }

// From returns the nodes u has an edge to, in index order.
func (g *View) From(id int64) gonum.Nodes {
	if !g.has(id) {
		return gonum.Empty
	}
	if g.walk == nil {
		return &rowNodes{adj: ends(g.influence.Out(int32(id))), cur: -1}
	}
	adj, _ := g.walk.Row(int32(id))
	return &rowNodes{adj: adj, cur: -1}
}

// To returns the nodes with an edge to v, in index order.
func (g *View) To(id int64) gonum.Nodes {
	if !g.has(id) {
		return gonum.Empty
	}
	if g.walk == nil {
		return &rowNodes{adj: ends(g.influence.In(int32(id))), cur: -1}
	}
	adj, _ := g.walk.Row(int32(id))
	return &rowNodes{adj: adj, cur: -1}
}

// HasEdgeBetween reports whether x and y are joined either way.
func (g *View) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || (g.walk == nil && g.HasEdgeFromTo(yid, xid))
}

// HasEdgeFromTo reports whether there is an edge u→v.
func (g *View) HasEdgeFromTo(uid, vid int64) bool {
	if !g.has(uid) || !g.has(vid) {
		return false
	}
	_, ok := g.find(uid, vid)
	return ok
}

// Edge returns the edge u→v, or nil.
func (g *View) Edge(uid, vid int64) gonum.Edge {
	if e := g.WeightedEdge(uid, vid); e != nil {
		return e
	}
	return nil
}

// WeightedEdge returns the edge u→v with its weight, or nil.
func (g *View) WeightedEdge(uid, vid int64) gonum.WeightedEdge {
	if !g.has(uid) || !g.has(vid) {
		return nil
	}
	w, ok := g.find(uid, vid)
	if !ok {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(uid), T: simple.Node(vid), W: g.weighting.of(w)}
}

// EdgeBetween returns the edge between x and y, or nil.
func (g *View) EdgeBetween(xid, yid int64) gonum.Edge {
	if e := g.WeightedEdgeBetween(xid, yid); e != nil {
		return e
	}
	return nil
}

// WeightedEdgeBetween returns the edge between x and y in either direction,
// or nil.
func (g *View) WeightedEdgeBetween(xid, yid int64) gonum.WeightedEdge {
	if e := g.WeightedEdge(xid, yid); e != nil {
		return e
	}
	if g.walk != nil {
		return nil
	}
	return g.WeightedEdge(yid, xid)
}

// Weight returns the weight of the edge x→y. It returns (0, true) when x
// and y are the same node and (+Inf, false) when there is no edge, as
// gonum's simple graphs do for Cost weights.
func (g *View) Weight(xid, yid int64) (float64, bool) {
	if xid == yid && g.has(xid) {
		return 0, true
	}
	if !g.has(xid) || !g.has(yid) {
		return math.Inf(1), false
	}
	w, ok := g.find(xid, yid)
	if !ok {
		return math.Inf(1), false
	}
	return g.weighting.of(w), true
}

type rangeNodes struct{ n, cur int64 }

func (it *rangeNodes) Next() bool {
	if it.cur+1 < it.n {
		it.cur++
		return true
	}
	it.cur = it.n
	return false
}

func (it *rangeNodes) Len() int {
	if it.cur >= it.n {
		return 0
	}
	return int(it.n - it.cur - 1)
}

func (it *rangeNodes) Reset() { it.cur = -1 }

func (it *rangeNodes) Node() gonum.Node {
	if it.cur < 0 || it.cur >= it.n {
		return nil
	}
	return simple.Node(it.cur)
}

type rowNodes struct {
	adj []int32
	cur int
}

func (it *rowNodes) Next() bool {
	if it.cur+1 < len(it.adj) {
		it.cur++
		return true
	}
	it.cur = len(it.adj)
	return false
}

func (it *rowNodes) Len() int {
	if it.cur >= len(it.adj) {
		return 0
	}
	return len(it.adj) - it.cur - 1
}

func (it *rowNodes) Reset() { it.cur = -1 }

func (it *rowNodes) Node() gonum.Node {
	if it.cur < 0 || it.cur >= len(it.adj) {
		return nil
	}
	return simple.Node(it.adj[it.cur])
}

package rank

import (
	"context"
	"math/rand/v2"
	"slices"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/powermap/powermap/graph"
)

// Communities partitions an undirected graph with gonum's Louvain
// (community.Modularize at resolution 1), weighting ties by strength or
// counting each as 1. It returns each node's community, numbered by size
// (0 is the largest; ties by smallest member), the community sizes, and the
// partition's modularity. The graph is presented to gonum in index order
// and the seed fixes Louvain's random order, so the result is
// deterministic. Louvain does not scale past about 10k nodes (see
// CommunityLimit); ctx is checked before and after, not during, the run.
func Communities(ctx context.Context, g *CSR, weighted bool, seed uint64) ([]int, []int, float64, error) {
	const op = "rank.Communities"
	if err := ctx.Err(); err != nil {
		return nil, nil, 0, graph.E(op, graph.Unavailable, err)
	}
	n := g.Nodes()
	if n == 0 {
		return nil, nil, 0, nil
	}
	cg := &csrGraph{g: g, weighted: weighted}
	reduced := community.Modularize(cg, 1, rand.NewPCG(seed, 0x5eed))
	if err := ctx.Err(); err != nil {
		return nil, nil, 0, graph.E(op, graph.Unavailable, err)
	}
	comms := reduced.Communities()
	for _, c := range comms {
		slices.SortFunc(c, func(a, b gonum.Node) int { return int(a.ID() - b.ID()) })
	}
	slices.SortFunc(comms, func(a, b []gonum.Node) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return int(a[0].ID() - b[0].ID())
	})
	of := make([]int, n)
	sizes := make([]int, len(comms))
	for c, members := range comms {
		sizes[c] = len(members)
		for _, m := range members {
			of[m.ID()] = c
		}
	}
	return of, sizes, community.Q(cg, comms, 1), nil
}

// csrGraph presents an undirected CSR as a gonum weighted undirected graph
// whose nodes and neighbours iterate in index order.
type csrGraph struct {
	g        *CSR
	weighted bool
}

var (
	_ gonum.WeightedUndirected = (*csrGraph)(nil)
)

func (c *csrGraph) has(id int64) bool { return id >= 0 && id < int64(c.g.Nodes()) }

func (c *csrGraph) Node(id int64) gonum.Node {
	if !c.has(id) {
		return nil
	}
	return simple.Node(id)
}

func (c *csrGraph) Nodes() gonum.Nodes {
	nodes := make([]gonum.Node, c.g.Nodes())
	for i := range nodes {
		nodes[i] = simple.Node(i)
	}
	return iterator.NewOrderedNodes(nodes)
}

func (c *csrGraph) From(id int64) gonum.Nodes {
	if !c.has(id) {
		return gonum.Empty
	}
	row := c.g.Adj[c.g.Off[id]:c.g.Off[id+1]]
	nodes := make([]gonum.Node, len(row))
	for i, v := range row {
		nodes[i] = simple.Node(v)
	}
	return iterator.NewOrderedNodes(nodes)
}

func (c *csrGraph) find(u, v int64) (float64, bool) {
	if !c.has(u) || !c.has(v) {
		return 0, false
	}
	e, ok := c.g.Find(int32(u), int32(v))
	if !ok {
		return 0, false
	}
	if !c.weighted {
		return 1, true
	}
	return c.g.W[e], true
}

func (c *csrGraph) HasEdgeBetween(x, y int64) bool { _, ok := c.find(x, y); return ok }

func (c *csrGraph) Edge(u, v int64) gonum.Edge { return c.WeightedEdge(u, v) }

func (c *csrGraph) EdgeBetween(x, y int64) gonum.Edge { return c.WeightedEdge(x, y) }

func (c *csrGraph) WeightedEdgeBetween(x, y int64) gonum.WeightedEdge { return c.WeightedEdge(x, y) }

func (c *csrGraph) WeightedEdge(u, v int64) gonum.WeightedEdge {
	w, ok := c.find(u, v)
	if !ok {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: w}
}

func (c *csrGraph) Weight(x, y int64) (float64, bool) {
	if x == y && c.has(x) {
		return 0, true
	}
	return c.find(x, y)
}

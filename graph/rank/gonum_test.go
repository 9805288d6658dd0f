package rank

import (
	"context"
	"fmt"
	"math"
	"testing"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/powermap/powermap/graph/snapshot"
)

// randomCases are the random graphs of the property tests: preferential
// attachment of several densities, plus a few isolated nodes so that graphs
// are disconnected and have dangling nodes.
func randomCases() []struct {
	name string
	n    int
	ties []arc
} {
	var out []struct {
		name string
		n    int
		ties []arc
	}
	seed := uint64(1)
	for _, size := range []int{12, 40, 150} {
		for _, m := range []int{1, 2, 4} {
			seed++
			n := size + 3 // three isolated nodes
			out = append(out, struct {
				name string
				n    int
				ties []arc
			}{fmt.Sprintf("n%d-m%d", size, m), n, genTies(size, m, seed)})
		}
	}
	return out
}

func toGonumDirected(g *Digraph, weighted bool) *simple.WeightedDirectedGraph {
	d := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := 0; i < g.Nodes(); i++ {
		d.AddNode(simple.Node(i))
	}
	for u := int32(0); int(u) < g.Nodes(); u++ {
		for v, w := range g.Out(u) {
			if !weighted {
				w = 1
			}
			d.SetWeightedEdge(d.NewWeightedEdge(simple.Node(u), simple.Node(v), w))
		}
	}
	return d
}

// unweightedView hides a graph's weights, so that gonum's PageRankSparse
// takes its unweighted path.
type unweightedView struct{ gonum.Directed }

// TestPageRankGonum: our PageRank equals gonum's PageRankSparse on random
// directed graphs. gonum starts from a random vector and stops on the L2
// norm of the change, so it runs with a tight tolerance.
func TestPageRankGonum(t *testing.T) {
	ctx := context.Background()
	for _, c := range randomCases() {
		g := snapshot.NewDigraph(directed(c.n, c.ties, uint64(c.n)))
		d := toGonumDirected(g, true)
		for _, weighted := range []bool{true, false} {
			got, _, err := PageRank(ctx, g, PageRankOptions{Unweighted: !weighted, Tol: 1e-13})
			if err != nil {
				t.Fatal(err)
			}
			var want map[int64]float64
			if weighted {
				want = network.PageRankSparse(d, 0.85, 1e-14)
			} else {
				want = network.PageRankSparse(unweightedView{d}, 0.85, 1e-14)
			}
			total := 0.0
			for i, v := range got {
				total += v
				if math.Abs(v-want[int64(i)]) > 1e-10 {
					t.Errorf("%s weighted=%v: node %d = %.15g, gonum %.15g", c.name, weighted, i, v, want[int64(i)])
					break
				}
			}
			if math.Abs(total-1) > 1e-12 {
				t.Errorf("%s: PageRank sums to %.15g", c.name, total)
			}
		}
	}
}

// TestBetweennessGonum: exact betweenness equals gonum's Betweenness (hops)
// and BetweennessWeighted (-ln strength distances). gonum sums over ordered
// pairs, so on an undirected graph it is twice NetworkX's raw value, which
// our normalization divides by (n-1)(n-2)/2: ours times (n-1)(n-2) is
// gonum's.
func TestBetweennessGonum(t *testing.T) {
	ctx := context.Background()
	for _, c := range randomCases() {
		g := undirected(c.n, c.ties)
		u := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
		for i := 0; i < c.n; i++ {
			u.AddNode(simple.Node(i))
		}
		for _, t := range c.ties {
			u.SetWeightedEdge(u.NewWeightedEdge(simple.Node(t.u), simple.Node(t.v), -math.Log(t.w)))
		}
		scale := float64(c.n-1) * float64(c.n-2)
		for _, weighted := range []bool{false, true} {
			var want map[int64]float64
			var cost []float64
			if weighted {
				cost = Costs(g)
				want = network.BetweennessWeighted(u, path.DijkstraAllPaths(u))
			} else {
				want = network.Betweenness(u)
			}
			for _, workers := range []int{1, 2} {
				got, err := Betweenness(ctx, g, PathOptions{Cost: cost, Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range got {
					w := want[int64(i)]
					if math.Abs(v*scale-w) > 1e-9*math.Max(1, w) {
						t.Errorf("%s weighted=%v workers=%d: node %d = %.12g (raw), gonum %.12g", c.name, weighted, workers, i, v*scale, w)
						break
					}
				}
			}
		}
	}
}

// TestSampledBetweennessAllSources: sampling every node is exact.
func TestSampledBetweennessAllSources(t *testing.T) {
	ctx := context.Background()
	c := randomCases()[4]
	g := undirected(c.n, c.ties)
	exact, _ := Betweenness(ctx, g, PathOptions{})
	all, _ := Betweenness(ctx, g, PathOptions{Sources: SampleSources(c.n, c.n, 9)})
	for i := range exact {
		if math.Abs(exact[i]-all[i]) > 1e-12 {
			t.Fatalf("node %d: %v sampled, %v exact", i, all[i], exact[i])
		}
	}
}

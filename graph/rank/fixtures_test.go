package rank

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph/snapshot"
)

// fixture is a network with NetworkX's reference values, as written by
// testdata/make_fixtures.py.
type fixture struct {
	Network  string               `json:"network"`
	Directed bool                 `json:"directed"`
	Nodes    []string             `json:"nodes"`
	Seeds    map[string][]string  `json:"seeds"`
	Edges    [][4]float64         `json:"edges"` // i, j, strength, cost
	Results  map[string][]float64 `json:"results"`

	walk      *CSR
	influence *Digraph
}

func loadFixtures(t testing.TB) []*fixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	var out []*fixture
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := &fixture{}
		if err := json.Unmarshal(b, f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var walk, infl []arc
		for _, e := range f.Edges {
			a := arc{int32(e[0]), int32(e[1]), e[2]}
			walk = append(walk, a, arc{a.v, a.u, a.w})
			infl = append(infl, a)
			if !f.Directed {
				infl = append(infl, arc{a.v, a.u, a.w})
			}
		}
		f.walk = buildCSR(len(f.Nodes), walk)
		f.influence = snapshot.NewDigraph(buildCSR(len(f.Nodes), infl))
		out = append(out, f)
	}
	return out
}

func (f *fixture) index(id string) int32 {
	i := slices.Index(f.Nodes, id)
	if i < 0 {
		panic("no node " + id)
	}
	return int32(i)
}

// worstRel reports the worst relative difference between got and want,
// measured against max(|want|, floor).
func worstRel(got, want []float64, floor float64) (int, float64) {
	at, worst := -1, 0.0
	for i := range want {
		d := math.Abs(got[i]-want[i]) / math.Max(math.Abs(want[i]), floor)
		if d > worst || math.IsNaN(d) {
			at, worst = i, d
		}
	}
	return at, worst
}

func worstAbs(got, want []float64) (int, float64) {
	at, worst := -1, 0.0
	for i := range want {
		d := math.Abs(got[i] - want[i])
		if d > worst || math.IsNaN(d) {
			at, worst = i, d
		}
	}
	return at, worst
}

// TestFixtureCosts checks Costs against the fixtures' max(-math.log(s),
// 1e-3) to an ulp, and the floor exactly. Go's and C's logarithms can differ
// in the last bit, and weighted betweenness detects equal-length paths with
// ==, so TestNetworkX runs on the fixture's own costs (as NetworkX itself
// warns, float weights make ties fragile); TestStrengthOneTies runs on
// Costs.
func TestFixtureCosts(t *testing.T) {
	floored := 0
	for _, f := range loadFixtures(t) {
		cost := Costs(f.walk)
		want := f.fixtureCosts(f.walk)
		for i := range cost {
			if math.Abs(cost[i]-want[i]) > 2.3e-16*want[i] {
				t.Errorf("%s: arc %d costs %v in Go, %v in Python", f.Network, i, cost[i], want[i])
			}
			if f.walk.W[i] == 1 {
				floored++
				if cost[i] != snapshot.CostFloor || want[i] != snapshot.CostFloor {
					t.Errorf("%s: a tie of strength 1 costs %v in Go, %v in Python", f.Network, cost[i], want[i])
				}
			}
		}
	}
	if floored == 0 {
		t.Error("no fixture has a tie of strength 1")
	}
}

// TestStrengthOneTies checks weighted betweenness, closeness and harmonic
// centrality on the karate club with 21 ties of strength 1, with the
// distances Costs gives (not the fixture's own): the cost floor makes
// them well defined, and they agree with NetworkX run with the same
// definition.
func TestStrengthOneTies(t *testing.T) {
	ctx := context.Background()
	var f *fixture
	for _, x := range loadFixtures(t) {
		if x.Network == "karate_ties" {
			f = x
		}
	}
	if f == nil {
		t.Fatal("no karate_ties fixture")
	}
	o := PathOptions{Cost: Costs(f.walk)}
	for _, c := range []struct {
		algo string
		run  func(context.Context, *CSR, PathOptions) ([]float64, error)
	}{{"betweenness", Betweenness}, {"closeness", Closeness}, {"harmonic", Harmonic}} {
		for _, workers := range []int{1, 2} {
			o.Workers = workers
			got, err := c.run(ctx, f.walk, o)
			if err != nil {
				t.Fatal(err)
			}
			want := f.Results[c.algo+"/weighted"]
			if i, d := worstRel(got, want, 1e-12); d > 1e-9 {
				t.Errorf("%s (%d workers): node %s = %.15g, NetworkX %.15g (rel diff %.3g)", c.algo, workers, f.Nodes[i], got[i], want[i], d)
			}
		}
	}
}

// fixtureCosts returns the fixture's own distances aligned with g's arcs.
func (f *fixture) fixtureCosts(g *CSR) []float64 {
	byPair := map[[2]int32]float64{}
	for _, e := range f.Edges {
		i, j := int32(e[0]), int32(e[1])
		byPair[[2]int32{i, j}] = e[3]
		byPair[[2]int32{j, i}] = e[3]
	}
	cost := make([]float64, len(g.Adj))
	for u := 0; u < g.Nodes(); u++ {
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			cost[e] = byPair[[2]int32{int32(u), g.Adj[e]}]
		}
	}
	return cost
}

// TestNetworkX compares every kernel with NetworkX's values on the fixtures:
// PageRank to 1e-6 absolute (and far tighter in practice), the others to
// 1e-9 relative.
func TestNetworkX(t *testing.T) {
	ctx := context.Background()
	for _, f := range loadFixtures(t) {
		n := len(f.Nodes)
		for _, weighted := range []bool{true, false} {
			wname := map[bool]string{true: "weighted", false: "unweighted"}[weighted]
			var cost []float64
			if weighted {
				cost = f.fixtureCosts(f.walk)
			}
			type got struct {
				key   string
				vals  []float64
				err   error
				abs   float64 // absolute tolerance, or 0 for relative
				floor float64 // relative to max(|want|, floor)
			}
			var cases []got
			add := func(key string, vals []float64, err error, abs float64) {
				cases = append(cases, got{key + "/" + wname, vals, err, abs, 1e-12})
			}
			pr, _, err := PageRank(ctx, f.influence, PageRankOptions{Unweighted: !weighted})
			add("pagerank", pr, err, 1e-6)
			for _, tag := range []string{"ppr1", "ppr2"} {
				p := make([]float64, n)
				for _, s := range f.Seeds[tag] {
					p[f.index(s)] = 1
				}
				v, _, err := PageRank(ctx, f.influence, PageRankOptions{Unweighted: !weighted, Personal: p})
				add(tag, v, err, 1e-6)
			}
			tight := IterOptions{Unweighted: !weighted, Tol: 1e-13}
			v, _, err := Authority(ctx, f.influence, tight)
			add("hits", v, err, 0)
			sym := tight
			sym.Symmetric = true
			v, _, err = Eigenvector(ctx, f.walk, sym)
			add("eigenvector", v, err, 0)
			v, err = Betweenness(ctx, f.walk, PathOptions{Cost: cost})
			add("betweenness", v, err, 0)
			v, err = Closeness(ctx, f.walk, PathOptions{Cost: cost})
			add("closeness", v, err, 0)
			v, err = Harmonic(ctx, f.walk, PathOptions{Cost: cost})
			add("harmonic", v, err, 0)
			if weighted {
				cases = append(cases, got{"degree", Degree(f.walk), nil, 0, 1e-12})
			}
			for _, c := range cases {
				name := f.Network + "/" + c.key
				want, ok := f.Results[c.key]
				if !ok {
					t.Errorf("%s: no fixture", name)
					continue
				}
				if c.err != nil {
					t.Errorf("%s: %v", name, c.err)
					continue
				}
				if len(c.vals) != n {
					t.Errorf("%s: %d values for %d nodes", name, len(c.vals), n)
					continue
				}
				if c.abs > 0 {
					i, d := worstAbs(c.vals, want)
					t.Logf("%-32s worst abs diff %.2g", name, d)
					if d > c.abs {
						t.Errorf("%s: node %s = %.15g, NetworkX %.15g (abs diff %.3g)", name, f.Nodes[i], c.vals[i], want[i], d)
					}
					continue
				}
				i, d := worstRel(c.vals, want, c.floor)
				t.Logf("%-32s worst rel diff %.2g", name, d)
				if d > 1e-9 {
					t.Errorf("%s: node %s = %.15g, NetworkX %.15g (rel diff %.3g)", name, f.Nodes[i], c.vals[i], want[i], d)
				}
			}
		}
	}
}

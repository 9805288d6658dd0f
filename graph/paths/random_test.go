package paths

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// randomMap is a random map of n people with ids p000, p001... (so id order
// is index order), about m ties whose strengths come from levels, mixed
// types, and some parallel ties.
func randomMap(r *rand.Rand, n, m int, levels []float64) *graph.Batch {
	b := &graph.Batch{}
	for i := 0; i < n; i++ {
		b.Entities = append(b.Entities, graph.Entity{ID: fmt.Sprintf("p%03d", i), Kind: graph.KindPerson, Name: fmt.Sprintf("Person %d", i)})
	}
	types := []graph.RelType{graph.Knows, graph.FriendOf, graph.WorksFor, graph.ColleagueOf, graph.MemberOf}
	for j := 0; j < m; j++ {
		u, v := r.IntN(n), r.IntN(n)
		if u == v {
			continue
		}
		b.Relationships = append(b.Relationships, graph.Relationship{
			ID:     fmt.Sprintf("r%04d", j),
			Source: b.Entities[u].ID, Target: b.Entities[v].ID,
			Type:     types[r.IntN(len(types))],
			Strength: levels[r.IntN(len(levels))],
		})
	}
	return b
}

// refGraph is the gonum reference: the snapshot's Walk (under a type mask)
// as a simple.WeightedDirectedGraph with both directions of every tie, plus
// a super-source node n with zero-cost edges to the sources.
func refGraph(s *snapshot.Snapshot, mask uint32, sources []int32) *simple.WeightedDirectedGraph {
	g := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for i := 0; i <= s.Len(); i++ {
		g.AddNode(simple.Node(i))
	}
	w := s.Walk()
	for u := int32(0); int(u) < s.Len(); u++ {
		for e := int(w.Off[u]); e < int(w.Off[u+1]); e++ {
			st, _ := edgeStrength(s, w, mask, u, e)
			if st == 0 {
				continue
			}
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(w.Adj[e]), W: snapshot.CostOf(st)})
		}
	}
	for _, src := range sources {
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(s.Len()), T: simple.Node(src), W: 0})
	}
	return g
}

// TestFindEqualsGonumYen compares Find with gonum's Yen on many random
// graphs: the same number of paths, the same costs to 1e-9, and the same
// paths wherever costs are distinct.
func TestFindEqualsGonumYen(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	levels := [][]float64{
		{0.1, 0.2, 0.3, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95},
		{0.5, 0.8, 1},
	}
	runs := 300
	if testing.Short() {
		runs = 60
	}
	compared, pathsCompared := 0, 0
	defer func() {
		t.Logf("%d paths compared with gonum's Yen, %d of them node by node", compared, pathsCompared)
		if compared < runs {
			t.Errorf("only %d paths compared over %d runs: the test is too weak", compared, runs)
		}
	}()
	for run := 0; run < runs; run++ {
		n := 2 + r.IntN(40)
		m := r.IntN(4 * n)
		lv := levels[run%2]
		if run%3 == 0 {
			// continuous strengths: ties only by accident
			lv = nil
			for i := 0; i < 50; i++ {
				lv = append(lv, 0.05+0.95*r.Float64())
			}
		}
		b := randomMap(r, n, m, lv)
		s, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
		if err != nil {
			t.Fatal(err)
		}
		target := r.IntN(n)
		var from []string
		var srcs []int32
		for i := 0; i < 1+r.IntN(3); i++ {
			j := r.IntN(n)
			from = append(from, b.Entities[j].ID)
			if j != target && !slices.Contains(srcs, int32(j)) {
				srcs = append(srcs, int32(j))
			}
		}
		k := 1 + r.IntN(8)
		q := Query{To: b.Entities[target].ID, From: from, K: k, MaxHops: n}
		if run%4 == 1 {
			q.ExcludeTypes = []graph.RelType{graph.WorksFor}
		}
		p, err := prepare(s, q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Find(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		ref := refGraph(s, p.mask, srcs)
		var want [][]int64
		var wantCost []float64
		if len(srcs) > 0 {
			for _, pth := range path.YenKShortestPaths(ref, k, math.Inf(1), simple.Node(n), simple.Node(target)) {
				var ids []int64
				c := 0.0
				for i, nd := range pth[1:] {
					ids = append(ids, nd.ID())
					if i > 0 {
						w, _ := ref.Weight(pth[i].ID(), nd.ID())
						c += w
					}
				}
				want = append(want, ids)
				wantCost = append(wantCost, c)
			}
		}
		name := fmt.Sprintf("run %d (n=%d m=%d k=%d from=%v to=%s)", run, n, m, k, from, q.To)
		if len(res.Paths) != len(want) {
			t.Fatalf("%s: %d paths, gonum Yen finds %d\n got %v\nwant %v", name, len(res.Paths), len(want), res.Paths, want)
		}
		for i, got := range res.Paths {
			compared++
			if math.Abs(got.Cost-wantCost[i]) > 1e-9 {
				t.Fatalf("%s: path %d costs %v, gonum's %v", name, i, got.Cost, wantCost[i])
			}
			distinct := (i == 0 || wantCost[i]-wantCost[i-1] > 1e-9) && (i == len(want)-1 && len(want) < k || i < len(want)-1 && wantCost[i+1]-wantCost[i] > 1e-9)
			if !distinct {
				continue
			}
			pathsCompared++
			var ids []int64
			for _, id := range got.IDs() {
				j, _ := s.Index(id)
				ids = append(ids, int64(j))
			}
			if !slices.Equal(ids, want[i]) {
				t.Fatalf("%s: path %d is %v, gonum's %v", name, i, ids, want[i])
			}
		}
	}
}

// bruteForce lists every loopless path from a source to the target with at
// most maxHops ties, ordered as Find orders them.
func bruteForce(s *snapshot.Snapshot, mask uint32, sources []int32, target int32, maxHops int) [][]int32 {
	type scored struct {
		nodes []int32
		cost  int64
	}
	var all []scored
	w := s.Walk()
	on := make([]bool, s.Len())
	var walk func(nodes []int32, cost int64)
	walk = func(nodes []int32, cost int64) {
		u := nodes[len(nodes)-1]
		if u == target {
			all = append(all, scored{slices.Clone(nodes), cost})
			return
		}
		if len(nodes)-1 == maxHops {
			return
		}
		for e := int(w.Off[u]); e < int(w.Off[u+1]); e++ {
			v := w.Adj[e]
			st, _ := edgeStrength(s, w, mask, u, e)
			if on[v] || st == 0 {
				continue
			}
			on[v] = true
			walk(append(nodes, v), cost+intCost(st))
			on[v] = false
		}
	}
	for _, src := range sources {
		on[src] = true
		walk([]int32{src}, 0)
		on[src] = false
	}
	slices.SortFunc(all, func(a, b scored) int {
		ca := cand{nodes: a.nodes, cost: a.cost}
		cb := cand{nodes: b.nodes, cost: b.cost}
		switch {
		case ca.less(&cb):
			return -1
		case cb.less(&ca):
			return 1
		}
		return 0
	})
	out := make([][]int32, len(all))
	for i := range all {
		out[i] = all[i].nodes
	}
	return out
}

// TestFindEqualsBruteForce checks the exact order, ties included, and the
// hop bound, against an enumeration of every loopless path.
func TestFindEqualsBruteForce(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	runs := 400
	if testing.Short() {
		runs = 80
	}
	compared := 0
	for run := 0; run < runs; run++ {
		n := 3 + r.IntN(10)
		b := randomMap(r, n, n+r.IntN(3*n), []float64{0.5, 0.5, 0.25, 1, 0.8})
		s, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
		if err != nil {
			t.Fatal(err)
		}
		target := int32(r.IntN(n))
		var from []string
		var srcs []int32
		for i := 0; i < 1+r.IntN(3); i++ {
			j := int32(r.IntN(n))
			from = append(from, s.ID(j))
			if j != target && !slices.Contains(srcs, j) {
				srcs = append(srcs, j)
			}
		}
		q := Query{To: s.ID(target), From: from, K: 1 + r.IntN(10), MaxHops: 1 + r.IntN(4)}
		if run%3 == 0 {
			q.Types = []graph.RelType{graph.Knows, graph.FriendOf}
		}
		if run%5 == 0 && n > 3 {
			a := int32(r.IntN(n))
			if a != target {
				q.Avoid = []string{s.ID(a)}
				srcs = slices.DeleteFunc(srcs, func(v int32) bool { return v == a })
			}
		}
		p, err := prepare(s, q)
		if err != nil {
			t.Fatal(err)
		}
		ref := s
		if len(q.Avoid) > 0 {
			// Avoiding a node is the same as deleting its ties.
			a, _ := s.Index(q.Avoid[0])
			bb := *b
			bb.Relationships = slices.DeleteFunc(slices.Clone(b.Relationships), func(r graph.Relationship) bool {
				return r.Source == s.ID(a) || r.Target == s.ID(a)
			})
			if ref, err = snapshot.FromBatch(ctx, &bb, 1, snapshot.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		want := bruteForce(ref, p.mask, srcs, target, q.MaxHops)
		if len(want) > q.K {
			want = want[:q.K]
		}
		res, err := Find(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]int32
		for _, pth := range res.Paths {
			var ids []int32
			for _, id := range pth.IDs() {
				j, _ := s.Index(id)
				ids = append(ids, j)
			}
			if len(pth.Hops) > q.MaxHops {
				t.Fatalf("run %d: path %v has %d hops, more than %d", run, pth.Nodes, len(pth.Hops), q.MaxHops)
			}
			got = append(got, ids)
		}
		compared += len(want)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("run %d (n=%d, %+v):\n got %v\nwant %v", run, n, q, got, want)
		}
	}
	t.Logf("%d paths compared", compared)
	if compared < runs {
		t.Errorf("only %d paths compared over %d runs: the test is too weak", compared, runs)
	}
}

// TestDirectEqualsFindWithinOneHop checks Direct against Find bounded to
// one hop on random maps with parallel ties, type filters and avoided
// entities: the same sources, each by its strongest allowed tie.
func TestDirectEqualsFindWithinOneHop(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	compared := 0
	for run := 0; run < 300; run++ {
		n := 3 + r.IntN(12)
		b := randomMap(r, n, n+r.IntN(4*n), []float64{0.5, 0.25, 1, 0.8, 0.3})
		s, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
		if err != nil {
			t.Fatal(err)
		}
		target := int32(r.IntN(n))
		var from []string
		for i := 0; i < 1+r.IntN(n); i++ {
			from = append(from, s.ID(int32(r.IntN(n))))
		}
		q := Query{To: s.ID(target), From: from, K: 1 + r.IntN(10), MaxHops: 1}
		if run%3 == 0 {
			q.Types = []graph.RelType{graph.Knows, graph.FriendOf}
		}
		if a := s.ID(int32(r.IntN(n))); run%4 == 0 && a != q.To {
			q.Avoid = []string{a}
		}
		want, err := Find(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Direct(ctx, s, q)
		if err != nil {
			t.Fatal(err)
		}
		key := func(res *Result) []string {
			var out []string
			for _, p := range res.Paths {
				out = append(out, fmt.Sprintf("%s %.6f", p.Nodes[0].ID, p.Strength))
			}
			slices.Sort(out)
			return out
		}
		if len(want.Paths) < q.K && !slices.Equal(key(want), key(got)) {
			t.Fatalf("run %d: %+v: Find %v, Direct %v", run, q, key(want), key(got))
		}
		for i := 1; i < len(got.Paths); i++ {
			if got.Paths[i].Strength > got.Paths[i-1].Strength {
				t.Fatalf("run %d: Direct is not strongest first", run)
			}
		}
		if len(got.Paths) > 0 {
			compared++
		}
	}
	if compared < 50 {
		t.Fatalf("only %d runs found direct ties", compared)
	}
}

package snapshot_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// tangledMap is a seeded random map in which pairs are often joined by
// several ties of several types, both ways, with equal strengths common:
// the cases where Influence must merge Walk's arcs with its own.
func tangledMap(seed uint64, n, m int) *graph.Batch {
	r := rand.New(rand.NewPCG(seed, 3))
	var types []graph.RelType
	for _, t := range graph.Types() {
		if !t.Stance {
			types = append(types, t.Type)
		}
	}
	levels := []float64{0.2, 0.3, 0.5, 0.7, 0.9}
	b := &graph.Batch{}
	for i := 0; i < n; i++ {
		b.Entities = append(b.Entities, graph.Entity{ID: "e" + strconv.Itoa(100+i), Kind: graph.KindPerson, Name: "E"})
	}
	for k := 0; k < m; k++ {
		// Few distinct pairs, so that parallel ties abound.
		u, v := r.IntN(n), r.IntN(n)
		if u == v {
			continue
		}
		w := levels[r.IntN(len(levels))]
		if r.IntN(3) == 0 {
			w = r.Float64()
		}
		b.Relationships = append(b.Relationships, graph.Relationship{ID: "r" + strconv.Itoa(k),
			Source: b.Entities[u].ID, Target: b.Entities[v].ID, Type: types[r.IntN(len(types))], Strength: w})
	}
	return b
}

// referenceInfluence computes Influence from the batch alone: every tie
// that is not a stance, symmetric types both ways, the strongest arc per
// ordered pair.
func referenceInfluence(t *testing.T, s *snapshot.Snapshot, b *graph.Batch) map[[2]int32]float64 {
	ref := map[[2]int32]float64{}
	put := func(u, v int32, w float64) {
		if x, ok := ref[[2]int32{u, v}]; !ok || w > x {
			ref[[2]int32{u, v}] = w
		}
	}
	for _, r := range b.Relationships {
		info, _ := r.Type.Info()
		if info.Stance {
			continue
		}
		u, v := idx(t, s, r.Source), idx(t, s, r.Target)
		put(u, v, r.Strength)
		if info.Symmetric {
			put(v, u, r.Strength)
		}
	}
	return ref
}

// checkDigraph compares every row, lookup and pull of g with ref.
func checkDigraph(t *testing.T, name string, g *snapshot.Digraph, n int, ref map[[2]int32]float64) {
	t.Helper()
	if g.Nodes() != n || g.Arcs() != len(ref) {
		t.Fatalf("%s: %d nodes and %d arcs, want %d and %d", name, g.Nodes(), g.Arcs(), n, len(ref))
	}
	r := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Float64()
	}
	type arc struct {
		v int32
		w float64
	}
	for u := int32(0); int(u) < n; u++ {
		var wantOut, wantIn []arc
		for v := int32(0); int(v) < n; v++ {
			w, ok := ref[[2]int32{u, v}]
			if got, found := g.Find(u, v); found != ok || got != w {
				t.Fatalf("%s: Find(%d, %d) = %v %v, want %v %v", name, u, v, got, found, w, ok)
			}
			if ok {
				wantOut = append(wantOut, arc{v, w})
			}
			if w, ok := ref[[2]int32{v, u}]; ok {
				wantIn = append(wantIn, arc{v, w})
			}
		}
		for _, dir := range []struct {
			name string
			want []arc
			row  func(int32) func(func(int32, float64) bool)
			pull func(int32, []float64, bool) float64
		}{
			{"Out", wantOut, func(u int32) func(func(int32, float64) bool) { return g.Out(u) }, g.PullOut},
			{"In", wantIn, func(u int32) func(func(int32, float64) bool) { return g.In(u) }, g.PullIn},
		} {
			var got []arc
			for v, w := range dir.row(u) {
				got = append(got, arc{v, w})
			}
			if !slices.Equal(got, dir.want) {
				t.Fatalf("%s: %s(%d) = %v, want %v", name, dir.name, u, got, dir.want)
			}
			sw, su := 0.0, 0.0
			for _, a := range dir.want {
				sw += a.w * x[a.v]
				su += x[a.v]
			}
			if d := math.Abs(dir.pull(u, x, false) - sw); d > 1e-12 {
				t.Fatalf("%s: weighted Pull%s(%d) off by %g", name, dir.name, u, d)
			}
			if d := math.Abs(dir.pull(u, x, true) - su); d > 1e-12 {
				t.Fatalf("%s: unweighted Pull%s(%d) off by %g", name, dir.name, u, d)
			}
		}
	}
	if n > 0 && g.Offsets(true)[n] < 0 {
		t.Fatalf("%s: offsets", name)
	}
}

// TestInfluenceMatchesReference checks Influence, which shares Walk's
// arrays, and NewDigraph against the influence graph computed from the
// relationships alone, on tangled random maps.
func TestInfluenceMatchesReference(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		b := tangledMap(seed, 40, 400)
		s := build(t, b)
		ref := referenceInfluence(t, s, b)
		checkDigraph(t, "Influence/"+strconv.Itoa(int(seed)), s.Influence(), s.Len(), ref)

		// The same arcs as a plain CSR.
		var out snapshot.CSR
		out.Off = make([]int32, s.Len()+1)
		for u := int32(0); int(u) < s.Len(); u++ {
			for v := int32(0); int(v) < s.Len(); v++ {
				if w, ok := ref[[2]int32{u, v}]; ok {
					out.Adj = append(out.Adj, v)
					out.W = append(out.W, w)
				}
			}
			out.Off[u+1] = int32(len(out.Adj))
		}
		checkDigraph(t, "NewDigraph/"+strconv.Itoa(int(seed)), snapshot.NewDigraph(&out), s.Len(), ref)
	}
}

// TestLinks checks that Links lists every current tie that is not a stance
// exactly once, as recorded, and selects by type.
func TestLinks(t *testing.T) {
	b := tangledMap(7, 30, 300)
	s := build(t, b)
	type key struct {
		u, v int32
		w    float64
		t    graph.RelType
	}
	count := func(types ...graph.RelType) map[key]int {
		want := map[key]int{}
		for _, r := range b.Relationships {
			if info, _ := r.Type.Info(); info.Stance || (len(types) > 0 && !slices.Contains(types, r.Type)) {
				continue
			}
			want[key{idx(t, s, r.Source), idx(t, s, r.Target), r.Strength, r.Type}]++
		}
		return want
	}
	for _, types := range [][]graph.RelType{nil, {graph.DonatedTo}, {graph.Knows, graph.Represents}, {graph.WorksFor}, {graph.Opposes}} {
		got := map[key]int{}
		for l := range s.Links(types...) {
			got[key{l.Source, l.Target, l.Strength, l.Type}]++
		}
		want := count(types...)
		if len(got) != len(want) {
			t.Fatalf("Links(%v): %d distinct ties, want %d", types, len(got), len(want))
		}
		for k, c := range want {
			if got[k] != c {
				t.Fatalf("Links(%v): %+v listed %d times, want %d", types, k, got[k], c)
			}
		}
	}
}

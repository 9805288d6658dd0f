package rank

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// fixtureSnapshot loads a fixture network into a real snapshot: every node
// an entity (id = the fixture's node id), every edge a relationship of type
// t with the fixture's strength.
func fixtureSnapshot(t *testing.T, f *fixture, kindOf func(i int) graph.Kind, t2 graph.RelType) *snapshot.Snapshot {
	t.Helper()
	b := &graph.Batch{}
	for i, id := range f.Nodes {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Name: "Name " + id, Kind: kindOf(i)})
	}
	for _, e := range f.Edges {
		b.Relationships = append(b.Relationships, graph.Relationship{
			Source: f.Nodes[int(e[0])], Target: f.Nodes[int(e[1])], Type: t2, Strength: e[2]})
	}
	snap, err := snapshot.FromBatch(context.Background(), b, 1, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func fixtureNamed(t *testing.T, name string) *fixture {
	for _, f := range loadFixtures(t) {
		if f.Network == name {
			return f
		}
	}
	t.Fatalf("no fixture %s", name)
	return nil
}

// TestRunNetworkX runs every algorithm through Run on snapshots of the
// fixtures (undirected networks as KNOWS, the FEC network as DONATED_TO,
// directed) and compares the scores with NetworkX's.
func TestRunNetworkX(t *testing.T) {
	ctx := context.Background()
	person := func(int) graph.Kind { return graph.KindPerson }
	for _, name := range []string{"karate", "lesmis", "fec"} {
		f := fixtureNamed(t, name)
		typ := graph.Knows
		if f.Directed {
			// WORKS_FOR introduces (so the pair is in Walk too) and is
			// directed, as the committee -> candidate gifts are.
			typ = graph.WorksFor
		}
		snap := fixtureSnapshot(t, f, person, typ)
		for _, algo := range []Algo{AlgoPageRank, AlgoPPR, AlgoHITS, AlgoEigenvector, AlgoBetweenness, AlgoCloseness, AlgoHarmonic, AlgoDegree} {
			for _, weighted := range []bool{true, false} {
				q := Query{Algo: algo, Weighted: weighted, Top: -1}
				key := string(algo) + "/" + map[bool]string{true: "weighted", false: "unweighted"}[weighted]
				if algo == AlgoPPR {
					q.Seeds = f.Seeds["ppr2"]
					key = "ppr2/" + strings.Split(key, "/")[1]
				}
				if algo == AlgoDegree {
					if !weighted {
						continue
					}
					key = "degree"
				}
				res, err := Run(ctx, snap, q)
				if err != nil {
					t.Fatalf("%s %s: %v", name, key, err)
				}
				if len(res.Results) != len(f.Nodes) || !res.Exact || res.Algorithm != algo {
					t.Fatalf("%s %s: %d results, exact=%v", name, key, len(res.Results), res.Exact)
				}
				want := f.Results[key]
				tol, abs := 1e-9, false
				if algo == AlgoPageRank || algo == AlgoPPR {
					tol, abs = 1e-6, true
				}
				if algo == AlgoHITS || algo == AlgoEigenvector {
					tol = 1e-7 // Run stops at the default L1 change 1e-10
				}
				prev := math.Inf(1)
				for _, it := range res.Results {
					w := want[slices.Index(f.Nodes, it.ID)]
					d := math.Abs(it.Score - w)
					if !abs {
						d /= math.Max(math.Abs(w), 1e-12)
					}
					if d > tol {
						t.Errorf("%s %s: %s = %.15g, NetworkX %.15g", name, key, it.ID, it.Score, w)
						break
					}
					if it.Score > prev {
						t.Errorf("%s %s: results not sorted by score", name, key)
						break
					}
					prev = it.Score
				}
			}
		}
	}
}

func TestRunFilters(t *testing.T) {
	ctx := context.Background()
	f := fixtureNamed(t, "karate")
	// Even nodes are officials, odd ones people.
	kind := func(i int) graph.Kind {
		if i%2 == 0 {
			return graph.KindOfficial
		}
		return graph.KindPerson
	}
	snap := fixtureSnapshot(t, f, kind, graph.Knows)

	// Within a kind, the ranking is the one of the induced subgraph:
	// compare with the kernel on the same subgraph built by hand.
	var keep []int32
	index := map[int32]int32{}
	for i := range f.Nodes {
		if i%2 == 0 {
			index[int32(i)] = int32(len(keep))
			keep = append(keep, int32(i))
		}
	}
	var arcs []arc
	for _, e := range f.Edges {
		a, aok := index[int32(e[0])]
		b, bok := index[int32(e[1])]
		if aok && bok {
			arcs = append(arcs, arc{a, b, e[2]}, arc{b, a, e[2]})
		}
	}
	sub := buildCSR(len(keep), arcs)
	want, err := Betweenness(ctx, sub, PathOptions{Cost: Costs(sub)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, snap, Query{Algo: AlgoBetweenness, Weighted: true, Kind: graph.KindOfficial, Within: true, Top: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != len(keep) {
		t.Fatalf("%d results for %d officials", len(res.Results), len(keep))
	}
	for _, it := range res.Results {
		if it.Kind != graph.KindOfficial {
			t.Fatalf("%s is a %s", it.ID, it.Kind)
		}
		i := slices.Index(f.Nodes, it.ID)
		if w := want[index[int32(i)]]; math.Abs(it.Score-w) > 1e-9*math.Max(w, 1e-12) {
			t.Errorf("%s = %v, want %v", it.ID, it.Score, w)
		}
	}

	// Without Within, the kind filters the ranking of the whole map: the
	// officials keep the scores they have among everyone.
	all, err := Run(ctx, snap, Query{Algo: AlgoBetweenness, Weighted: true, Top: -1})
	if err != nil {
		t.Fatal(err)
	}
	whole := map[string]float64{}
	for _, it := range all.Results {
		whole[it.ID] = it.Score
	}
	res, err = Run(ctx, snap, Query{Algo: AlgoBetweenness, Weighted: true, Kind: graph.KindOfficial, Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	var officials []string
	for _, it := range all.Results {
		if it.Kind == graph.KindOfficial {
			officials = append(officials, it.ID)
		}
	}
	if len(res.Results) != 5 {
		t.Fatalf("%d results, want the top 5 officials", len(res.Results))
	}
	for i, it := range res.Results {
		if it.ID != officials[i] || it.Score != whole[it.ID] {
			t.Errorf("official %d: %s %v, want %s %v as in the whole map's ranking", i+1, it.ID, it.Score, officials[i], whole[officials[i]])
		}
	}

	// A type filter that keeps no tie leaves every score equal: degree 0.
	res, err = Run(ctx, snap, Query{Algo: AlgoDegree, Types: []graph.RelType{graph.FriendOf}, Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != 3 || res.Results[0].Score != 0 || res.Results[0].ID != f.Nodes[0] {
		t.Errorf("degree over FRIEND_OF ties: %+v", res.Results)
	}
	// Keeping KNOWS keeps everything.
	res, err = Run(ctx, snap, Query{Algo: AlgoPageRank, Weighted: true, Types: []graph.RelType{graph.Knows}, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	top := f.Results["pagerank/weighted"]
	best := slices.Index(top, slices.Max(top))
	if res.Results[0].ID != f.Nodes[best] {
		t.Errorf("top pagerank over KNOWS = %s, want %s", res.Results[0].ID, f.Nodes[best])
	}
}

func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	f := fixtureNamed(t, "karate")
	snap := fixtureSnapshot(t, f, func(int) graph.Kind { return graph.KindPerson }, graph.Knows)
	cases := []struct {
		q    Query
		code graph.Code
	}{
		{Query{}, graph.Invalid},
		{Query{Algo: "centrality"}, graph.Invalid},
		{Query{Algo: AlgoPPR}, graph.Invalid},
		{Query{Algo: AlgoPPR, Seeds: []string{"nobody"}}, graph.NotFound},
		{Query{Algo: AlgoPageRank, Seeds: []string{"0"}}, graph.Invalid},
		{Query{Algo: AlgoPageRank, Kind: "robot"}, graph.Invalid},
		{Query{Algo: AlgoPageRank, Within: true}, graph.Invalid},
		{Query{Algo: AlgoPageRank, Types: []graph.RelType{graph.Supports}}, graph.Invalid},
		{Query{Algo: AlgoCloseness, ExactLimit: 10}, graph.TooLarge},
	}
	for _, c := range cases {
		if _, err := Run(ctx, snap, c.q); graph.CodeOf(err) != c.code {
			t.Errorf("%+v: %v, want code %s", c.q, err, c.code)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Run(cancelled, snap, Query{Algo: AlgoBetweenness}); graph.CodeOf(err) != graph.Unavailable {
		t.Errorf("cancelled: %v", err)
	}
}

func TestRunSampledAndText(t *testing.T) {
	ctx := context.Background()
	f := fixtureNamed(t, "lesmis")
	snap := fixtureSnapshot(t, f, func(int) graph.Kind { return graph.KindPerson }, graph.Knows)
	for _, algo := range []Algo{AlgoBetweenness, AlgoHarmonic} {
		res, err := Run(ctx, snap, Query{Algo: algo, ExactLimit: 10, Samples: 40, Top: 5})
		if err != nil {
			t.Fatal(err)
		}
		if res.Exact || res.Precision == nil || res.Precision.Samples != 40 || !(res.Precision.Epsilon > 0) {
			t.Fatalf("%s: sampled result %+v", algo, res)
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, res); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "estimated") || !strings.Contains(buf.String(), "Name Valjean") {
			t.Errorf("table:\n%s", buf.String())
		}
		b, _ := json.Marshal(res)
		var back map[string]any
		_ = json.Unmarshal(b, &back)
		for _, k := range []string{"algorithm", "weighted", "exact", "precision", "results"} {
			if _, ok := back[k]; !ok {
				t.Errorf("%s: JSON lacks %q: %s", algo, k, b)
			}
		}
	}
	// Sampling every node is exact, and says so.
	res, err := Run(ctx, snap, Query{Algo: AlgoBetweenness, ExactLimit: 10, Samples: 1000, Top: 3})
	if err != nil || !res.Exact || res.Precision != nil {
		t.Fatalf("all sources: %+v, %v", res, err)
	}
	if res.Results[0].ID != "Valjean" {
		t.Errorf("top betweenness %s, want Valjean", res.Results[0].ID)
	}
}

func TestInnerCircleAndCommunities(t *testing.T) {
	ctx := context.Background()
	f := fixtureNamed(t, "karate")
	snap := fixtureSnapshot(t, f, func(int) graph.Kind { return graph.KindPerson }, graph.Knows)
	res, err := InnerCircle(ctx, snap, "0", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := f.Results["ppr1/weighted"] // seeded at node 0
	for _, it := range res.Results {
		if it.ID == "0" {
			t.Fatal("inner circle includes its seed")
		}
		if w := want[slices.Index(f.Nodes, it.ID)]; math.Abs(w-it.Score) > 1e-6 {
			t.Errorf("%s = %v, want %v", it.ID, it.Score, w)
		}
	}
	if len(res.Results) != 5 {
		t.Fatalf("%d results", len(res.Results))
	}

	c1, err := Run(ctx, snap, Query{Algo: AlgoCommunities, Top: -1, RandSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := Run(ctx, snap, Query{Algo: AlgoCommunities, Top: -1, RandSeed: 3})
	b1, _ := json.Marshal(c1)
	b2, _ := json.Marshal(c2)
	if !bytes.Equal(b1, b2) {
		t.Error("communities differ between two runs with the same seed")
	}
	// Karate's best partitions have modularity about 0.42.
	if c1.Modularity == nil || *c1.Modularity < 0.35 || len(c1.Results) != 34 {
		t.Errorf("modularity %v, %d results", c1.Modularity, len(c1.Results))
	}
	if *c1.Results[0].Community != 0 || c1.Results[0].Score < c1.Results[33].Score {
		t.Errorf("communities not ordered by size: %+v", c1.Results)
	}
}

// TestRunInfluenceOnlyTypes ranks by ties that exist only in the influence
// graph. The FEC fixture's committee-to-candidate gifts become DONATED_TO
// ties among organizations, beside a karate club of people joined by
// KNOWS; among the organizations, some gifts also get a stronger KNOWS tie
// and some pairs a REPRESENTS tie, both ways. Filtered to organizations and
// DONATED_TO, pagerank, ppr and hits must give NetworkX's values for the
// FEC network; without the type filter they must not.
func TestRunInfluenceOnlyTypes(t *testing.T) {
	ctx := context.Background()
	fec, karate := fixtureNamed(t, "fec"), fixtureNamed(t, "karate")
	b := &graph.Batch{}
	for _, id := range fec.Nodes {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Name: "Name " + id, Kind: graph.KindOrganization})
	}
	for _, id := range karate.Nodes {
		b.Entities = append(b.Entities, graph.Entity{ID: "karate-" + id, Name: "Member " + id, Kind: graph.KindPerson})
	}
	for i, e := range fec.Edges {
		u, v := fec.Nodes[int(e[0])], fec.Nodes[int(e[1])]
		b.Relationships = append(b.Relationships, graph.Relationship{Source: u, Target: v, Type: graph.DonatedTo, Strength: e[2]})
		switch i % 7 {
		case 0:
			b.Relationships = append(b.Relationships, graph.Relationship{Source: v, Target: u, Type: graph.Knows, Strength: 0.95})
		case 3:
			b.Relationships = append(b.Relationships, graph.Relationship{Source: v, Target: u, Type: graph.Represents, Strength: 0.9})
		}
	}
	for _, e := range karate.Edges {
		b.Relationships = append(b.Relationships, graph.Relationship{Source: "karate-" + karate.Nodes[int(e[0])],
			Target: "karate-" + karate.Nodes[int(e[1])], Type: graph.Knows, Strength: e[2]})
	}
	snap, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, algo := range []Algo{AlgoPageRank, AlgoPPR, AlgoHITS} {
		for _, weighted := range []bool{true, false} {
			wname := map[bool]string{true: "weighted", false: "unweighted"}[weighted]
			key, tol, abs := string(algo)+"/"+wname, 1e-6, true
			q := Query{Algo: algo, Weighted: weighted, Top: -1, Kind: graph.KindOrganization, Within: true}
			switch algo {
			case AlgoPPR:
				q.Seeds, key = fec.Seeds["ppr2"], "ppr2/"+wname
			case AlgoHITS:
				tol, abs = 1e-7, false // Run stops at the default L1 change 1e-10
			}
			unfiltered, err := Run(ctx, snap, q)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			q.Types = []graph.RelType{graph.DonatedTo}
			res, err := Run(ctx, snap, q)
			if err != nil {
				t.Fatalf("%s over DONATED_TO: %v", key, err)
			}
			want := fec.Results[key]
			if d := worstDiff(t, fec, res, want, abs); d > tol {
				t.Errorf("%s over DONATED_TO: worst difference from NetworkX %.3g", key, d)
			}
			if d := worstDiff(t, fec, unfiltered, want, abs); d <= tol {
				t.Errorf("%s: the KNOWS and REPRESENTS ties do not change the ranking (worst difference %.3g), so the test proves nothing", key, d)
			}
		}
	}

	// The distance-based algorithms run on the introduction graph, which
	// has no DONATED_TO ties: they refuse the filter and say why.
	for _, algo := range []Algo{AlgoBetweenness, AlgoCloseness, AlgoHarmonic, AlgoEigenvector, AlgoDegree, AlgoCommunities} {
		_, err := Run(ctx, snap, Query{Algo: algo, Types: []graph.RelType{graph.Knows, graph.DonatedTo}})
		if graph.CodeOf(err) != graph.Invalid || !strings.Contains(err.Error(), "introduction graph") || !strings.Contains(err.Error(), "pagerank") {
			t.Errorf("%s over DONATED_TO: %v, want an Invalid error that explains", algo, err)
		}
	}
}

// TestRunInfluenceOnlyTies runs pagerank and hits, unfiltered, on a
// snapshot whose ties all lie outside Walk (the FEC gifts as DONATED_TO),
// so that every arc of Influence is one of its own.
func TestRunInfluenceOnlyTies(t *testing.T) {
	ctx := context.Background()
	f := fixtureNamed(t, "fec")
	snap := fixtureSnapshot(t, f, func(int) graph.Kind { return graph.KindOrganization }, graph.DonatedTo)
	if snap.Walk().Entries() != 0 || snap.Influence().Arcs() != len(f.Edges) {
		t.Fatalf("walk has %d entries and influence %d arcs; want 0 and %d", snap.Walk().Entries(), snap.Influence().Arcs(), len(f.Edges))
	}
	for _, algo := range []Algo{AlgoPageRank, AlgoHITS} {
		res, err := Run(ctx, snap, Query{Algo: algo, Weighted: true, Top: -1})
		if err != nil {
			t.Fatal(err)
		}
		tol, abs := 1e-6, true
		if algo == AlgoHITS {
			tol, abs = 1e-7, false
		}
		if d := worstDiff(t, f, res, f.Results[string(algo)+"/weighted"], abs); d > tol {
			t.Errorf("%s: worst difference from NetworkX %.3g", algo, d)
		}
	}
}

// worstDiff returns the largest absolute (abs) or relative difference
// between a ranking of every node of f and NetworkX's scores want.
func worstDiff(t *testing.T, f *fixture, res *Result, want []float64, abs bool) float64 {
	t.Helper()
	if len(res.Results) != len(f.Nodes) {
		t.Fatalf("%s: %d results for %d nodes", res.Algorithm, len(res.Results), len(f.Nodes))
	}
	worst := 0.0
	for _, it := range res.Results {
		w := want[slices.Index(f.Nodes, it.ID)]
		d := math.Abs(it.Score - w)
		if !abs {
			d /= math.Max(math.Abs(w), 1e-12)
		}
		worst = max(worst, d)
	}
	return worst
}

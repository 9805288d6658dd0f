package snapshot_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

var testNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// smallMap is a hand-built map exercising every rule of the projection.
func smallMap() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "sen-diaz", Kind: graph.KindOfficial, Name: "Sen. Diaz", Title: "State Senator", District: "12"},
			{ID: "maria", Kind: graph.KindPerson, Name: "Maria Ortiz", Ours: true, Labels: []string{"board"}},
			{ID: "lee", Kind: graph.KindPerson, Name: "Pastor Lee", Labels: []string{"clergy"}},
			{ID: "church", Kind: graph.KindOrganization, Name: "First Church"},
			{ID: "pac", Kind: graph.KindDonor, Name: "Good Gov PAC", OrgType: "pac"},
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana", Ours: true, Labels: []string{"client"}},
		},
		Relationships: []graph.Relationship{
			{Source: "maria", Target: "lee", Type: graph.Knows, Strength: 0.8, Notes: "congregation"},
			{Source: "lee", Target: "sen-diaz", Type: graph.FamilyOf, Strength: 0.7},
			// A weaker parallel tie of the same pair, with a custom id.
			{ID: "r-friend", Source: "sen-diaz", Target: "lee", Type: graph.FriendOf, Strength: 0.6},
			{Source: "lee", Target: "church", Type: graph.Leads},
			{Source: "maria", Target: "church", Type: graph.MemberOf, Strength: 0.5},
			// Directed and cannot introduce: only in Influence.
			{Source: "pac", Target: "sen-diaz", Type: graph.DonatedTo, Amount: 5000},
			// A stance: nowhere.
			{Source: "church", Target: "sen-diaz", Type: graph.Opposes},
			// Past: nowhere.
			{Source: "ana", Target: "sen-diaz", Type: graph.WorksFor, Until: "2020"},
			// Current until the end of 2026.
			{Source: "ana", Target: "church", Type: graph.VolunteersFor, Until: "2026"},
		},
	}
}

func build(t testing.TB, b *graph.Batch) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.FromBatch(context.Background(), b, 7, snapshot.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func idx(t testing.TB, s *snapshot.Snapshot, id string) int32 {
	t.Helper()
	i, ok := s.Index(id)
	if !ok {
		t.Fatalf("no node %q", id)
	}
	return i
}

func TestBuildNodes(t *testing.T) {
	s := build(t, smallMap())
	if s.Len() != 6 || s.Version() != 7 {
		t.Fatalf("Len %d Version %d, want 6 and 7", s.Len(), s.Version())
	}
	// Indices follow id order, private entities last.
	for i := int32(1); int(i) < s.Len(); i++ {
		a, b := s.Node(i-1), s.Node(i)
		if a.Private && !b.Private || a.Private == b.Private && a.ID >= b.ID {
			t.Fatalf("out of order: %q (private %v) then %q (private %v)", a.ID, a.Private, b.ID, b.Private)
		}
	}
	if !s.Node(int32(s.Len() - 1)).Private {
		t.Fatal("the map's client is not last")
	}
	n := s.Node(idx(t, s, "maria"))
	if n.Name != "Maria Ortiz" || !n.Ours || n.Kind != graph.KindPerson || !n.HasLabel("board") {
		t.Fatalf("maria = %+v", n)
	}
	if n := s.Node(idx(t, s, "ana")); !n.Private {
		t.Fatalf("a client must be private: %+v", n)
	}
	if n := s.Node(idx(t, s, "sen-diaz")); n.District != "12" || n.Title != "State Senator" {
		t.Fatalf("sen-diaz = %+v", n)
	}
	if got, want := s.OursNodes(), []int32{idx(t, s, "maria"), idx(t, s, "ana")}; !slices.Equal(got, want) {
		t.Fatalf("OursNodes = %v, want %v", got, want)
	}
	if _, ok := s.Index("nobody"); ok {
		t.Fatal("Index found a missing id")
	}
	st := s.Stats()
	if st.Stance != 1 || st.Past != 1 || st.Parallel != 1 || st.Influential != 1 || st.WalkTies != 5 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestWalk(t *testing.T) {
	s := build(t, smallMap())
	w := s.Walk()
	if w.Nodes() != s.Len() || w.Entries() != 10 {
		t.Fatalf("walk has %d nodes, %d entries; want %d, 10", w.Nodes(), w.Entries(), s.Len())
	}
	for u := int32(0); int(u) < s.Len(); u++ {
		adj, ws := w.Row(u)
		for j, v := range adj {
			if j > 0 && adj[j-1] >= v {
				t.Fatalf("row %d not sorted: %v", u, adj)
			}
			e, ok := w.Find(v, u)
			if !ok || w.W[e] != ws[j] {
				t.Fatalf("entry %d→%d has no symmetric twin", u, v)
			}
		}
	}
	lee, diaz, maria := idx(t, s, "lee"), idx(t, s, "sen-diaz"), idx(t, s, "maria")
	e, ok := w.Find(diaz, lee)
	if !ok || w.W[e] != 0.7 || s.WalkType(int(e)) != graph.FamilyOf || !s.HasParallel(e) {
		t.Fatalf("diaz→lee: ok %v w %v type %v", ok, w.W[e], s.WalkType(e))
	}
	tie := s.WalkTie(diaz, e)
	if tie.Source != lee || tie.Target != diaz || tie.ID != "FAMILY_OF:lee~sen-diaz" {
		t.Fatalf("WalkTie = %+v", tie)
	}
	ties := s.Ties(lee, diaz)
	if len(ties) != 2 || ties[1].ID != "r-friend" || ties[1].Strength != 0.6 || ties[1].Source != diaz {
		t.Fatalf("Ties = %+v", ties)
	}
	e, _ = w.Find(lee, maria)
	if tie := s.WalkTie(lee, e); tie.Notes != "congregation" || tie.Source != maria || tie.Type != graph.Knows {
		t.Fatalf("lee→maria tie = %+v", tie)
	}
	if _, ok := w.Find(idx(t, s, "pac"), diaz); ok {
		t.Fatal("a donation must not be walkable")
	}
	if _, ok := w.Find(idx(t, s, "ana"), diaz); ok {
		t.Fatal("a past tie must not be walkable")
	}
	if _, ok := w.Find(idx(t, s, "ana"), idx(t, s, "church")); !ok {
		t.Fatal("a tie until this year must be walkable")
	}
}

func TestInfluence(t *testing.T) {
	s := build(t, smallMap())
	inf := s.Influence()
	has := func(a, b string) (float64, bool) { return inf.Find(idx(t, s, a), idx(t, s, b)) }
	cases := []struct {
		from, to string
		w        float64
		ok       bool
	}{
		{"maria", "lee", 0.8, true}, {"lee", "maria", 0.8, true}, // symmetric
		{"lee", "sen-diaz", 0.7, true}, {"sen-diaz", "lee", 0.7, true},
		{"lee", "church", 0.8, true}, {"church", "lee", 0, false}, // directed
		{"maria", "church", 0.5, true}, {"church", "maria", 0, false},
		{"pac", "sen-diaz", 0.2, true}, {"sen-diaz", "pac", 0, false},
		{"church", "sen-diaz", 0, false}, // stance
		{"ana", "sen-diaz", 0, false},    // past
	}
	for _, c := range cases {
		w, ok := has(c.from, c.to)
		if ok != c.ok || w != c.w {
			t.Errorf("influence %s→%s = %v %v, want %v %v", c.from, c.to, w, ok, c.w, c.ok)
		}
	}
	if inf.Arcs() != 8 {
		t.Fatalf("influence has %d arcs, want 8", inf.Arcs())
	}
	in := map[int32]float64{}
	for u, w := range inf.In(idx(t, s, "sen-diaz")) {
		in[u] = w
	}
	if len(in) != 2 || in[idx(t, s, "pac")] != 0.2 || in[idx(t, s, "lee")] != 0.7 {
		t.Fatalf("arcs into sen-diaz: %v", in)
	}
}

func TestStrongestWins(t *testing.T) {
	b := &graph.Batch{
		Entities: []graph.Entity{{ID: "a", Kind: graph.KindPerson, Name: "A"}, {ID: "b", Kind: graph.KindPerson, Name: "B"}},
		Relationships: []graph.Relationship{
			{ID: "1", Source: "a", Target: "b", Type: graph.Knows, Strength: 0.3},
			{ID: "2", Source: "b", Target: "a", Type: graph.WorksFor, Strength: 0.9},
			{ID: "3", Source: "a", Target: "b", Type: graph.ColleagueOf, Strength: 0.9},
		},
	}
	s := build(t, b)
	ties := s.Ties(0, 1)
	if len(ties) != 3 || ties[0].ID != "2" || ties[1].ID != "3" || ties[2].ID != "1" {
		t.Fatalf("ties = %+v", ties)
	}
	// Influence keeps the strongest per ordered pair: b→a 0.9 (WORKS_FOR),
	// a→b 0.9 (COLLEAGUE_OF, symmetric).
	inf := s.Influence()
	ab, _ := inf.Find(0, 1)
	ba, _ := inf.Find(1, 0)
	if inf.Arcs() != 2 || ab != 0.9 || ba != 0.9 {
		t.Fatalf("influence has %d arcs, a→b %v, b→a %v", inf.Arcs(), ab, ba)
	}
}

func TestUnsortedStreamAndDanglingTies(t *testing.T) {
	stream := func(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
		for _, id := range []string{"c", "a", "b", "a"} {
			if err := fn.Entity(&graph.Entity{ID: id, Kind: graph.KindPerson, Name: id}); err != nil {
				return 0, err
			}
		}
		for _, r := range []graph.Relationship{
			{Source: "c", Target: "a", Type: graph.Knows, Strength: 0.5},
			{Source: "c", Target: "zed", Type: graph.Knows, Strength: 0.5},
		} {
			if err := fn.Relationship(&r); err != nil {
				return 0, err
			}
		}
		return 3, nil
	}
	s, err := snapshot.Build(context.Background(), stream, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 || s.ID(0) != "a" || s.ID(2) != "c" || s.Stats().DuplicateEntities != 1 || s.Stats().Dangling != 1 {
		t.Fatalf("len %d ids %q %q stats %+v", s.Len(), s.ID(0), s.ID(2), s.Stats())
	}
	if _, ok := s.Walk().Find(2, 0); !ok {
		t.Fatal("c–a missing")
	}
}

func TestBuildHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stream := func(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
		for i := 0; i < 1<<17; i++ {
			if err := fn.Entity(&graph.Entity{ID: "x", Kind: graph.KindPerson, Name: "x"}); err != nil {
				return 0, err
			}
		}
		return 1, nil
	}
	_, err := snapshot.Build(ctx, stream, snapshot.Options{})
	if graph.CodeOf(err) != graph.Unavailable {
		t.Fatalf("err = %v (%s), want unavailable", err, graph.CodeOf(err))
	}
}

// TestGonumView runs gonum's Dijkstra on the snapshot and on a
// simple.WeightedDirectedGraph of the same ties.
func TestGonumView(t *testing.T) {
	s := build(t, smallMap())
	g := s.Gonum()
	ref := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for u := int32(0); int(u) < s.Len(); u++ {
		ref.AddNode(simple.Node(u))
	}
	w := s.Walk()
	for u := int32(0); int(u) < s.Len(); u++ {
		adj, ws := w.Row(u)
		for j, v := range adj {
			ref.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: -math.Log(ws[j])})
		}
	}
	maria := simple.Node(idx(t, s, "maria"))
	got, want := path.DijkstraFrom(maria, g), path.DijkstraFrom(maria, ref)
	for v := int64(0); v < int64(s.Len()); v++ {
		if a, b := got.WeightTo(v), want.WeightTo(v); math.Abs(a-b) > 1e-12 && !(math.IsInf(a, 1) && math.IsInf(b, 1)) {
			t.Errorf("distance to %s = %v, want %v", s.ID(int32(v)), a, b)
		}
	}
	if g.Nodes().Len() != s.Len() || g.Node(int64(s.Len())) != nil || g.Edge(0, 0) != nil {
		t.Fatal("view bounds")
	}
	diaz, lee := int64(idx(t, s, "sen-diaz")), int64(idx(t, s, "lee"))
	if x, ok := g.Weight(diaz, lee); !ok || math.Abs(x+math.Log(0.7)) > 1e-15 {
		t.Fatalf("Weight = %v %v", x, ok)
	}
	if n := g.To(diaz).Len(); n != 1 {
		t.Fatalf("To(diaz) has %d nodes, want 1", n)
	}
	inf := s.InfluenceGraph(snapshot.Strength)
	pac := int64(idx(t, s, "pac"))
	if !inf.HasEdgeFromTo(pac, diaz) || inf.HasEdgeFromTo(diaz, pac) || !inf.HasEdgeBetween(diaz, pac) {
		t.Fatal("influence view direction")
	}
	if x, _ := inf.Weight(pac, diaz); x != 0.2 {
		t.Fatalf("influence weight = %v", x)
	}
	if e := inf.WeightedEdgeBetween(diaz, pac); e == nil || e.From().ID() != pac {
		t.Fatalf("WeightedEdgeBetween = %v", e)
	}
}

package paths_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/snapshot"
)

var testNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// civicMap is a small hand-built power map:
//
//	maria (ours) –knows .8– lee –family .7 (and friend .6)– diaz (official)
//	maria –member .5→ church ←leads .8– lee
//	ana (ours) –knows .9– bob –works for .7→ church; bob –colleague .5– diaz
//	pac –donated→ diaz (cannot introduce); ana –works for→ diaz until 2020
func civicMap() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "maria", Kind: graph.KindPerson, Name: "Maria Ortiz", Ours: true, Labels: []string{"board"}},
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Ruiz", Ours: true},
			{ID: "lee", Kind: graph.KindPerson, Name: "Pastor Lee"},
			{ID: "diaz", Kind: graph.KindOfficial, Name: "Sen. Diaz", Title: "State Senator"},
			{ID: "church", Kind: graph.KindOrganization, Name: "First Church", OrgType: "congregation"},
			{ID: "bob", Kind: graph.KindPerson, Name: "Bob Kim", Title: "Facilities Manager"},
			{ID: "pac", Kind: graph.KindDonor, Name: "Good Gov PAC", OrgType: "pac"},
		},
		Relationships: []graph.Relationship{
			{Source: "maria", Target: "lee", Type: graph.Knows, Strength: 0.8, Notes: "same congregation"},
			{Source: "lee", Target: "diaz", Type: graph.FamilyOf, Strength: 0.7},
			{ID: "r-friend", Source: "diaz", Target: "lee", Type: graph.FriendOf, Strength: 0.6},
			{Source: "lee", Target: "church", Type: graph.Leads, Strength: 0.8},
			{Source: "maria", Target: "church", Type: graph.MemberOf, Strength: 0.5},
			{Source: "ana", Target: "bob", Type: graph.Knows, Strength: 0.9},
			{Source: "bob", Target: "church", Type: graph.WorksFor, Strength: 0.7},
			{Source: "bob", Target: "diaz", Type: graph.ColleagueOf, Strength: 0.5},
			{Source: "pac", Target: "diaz", Type: graph.DonatedTo},
			{Source: "ana", Target: "diaz", Type: graph.WorksFor, Strength: 1, Until: "2020"},
		},
	}
}

// tieMap has exact ties: s–a–t costs as much as s–b–t, and only the cost
// floor of their strength-1 ties more than s–t.
func tieMap() *graph.Batch {
	b := &graph.Batch{}
	for _, id := range []string{"a", "b", "s", "t"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: strings.ToUpper(id), Ours: id == "s"})
	}
	for _, r := range [][2]string{{"s", "t"}, {"b", "t"}, {"a", "t"}} {
		b.Relationships = append(b.Relationships, graph.Relationship{Source: r[0], Target: r[1], Type: graph.Knows, Strength: 0.5})
	}
	for _, r := range [][2]string{{"s", "b"}, {"s", "a"}} {
		b.Relationships = append(b.Relationships, graph.Relationship{Source: r[0], Target: r[1], Type: graph.Knows, Strength: 1})
	}
	return b
}

// pathCases is the shared table of hand-built cases.
var pathCases = []struct {
	name  string
	batch func() *graph.Batch
	q     paths.Query
	want  []string // paths as "a>b>c"
	code  graph.Code
}{
	{name: "default sources and k", batch: civicMap, q: paths.Query{To: "diaz"},
		want: []string{"maria>lee>diaz", "ana>bob>diaz", "ana>bob>church>lee>diaz", "maria>church>lee>diaz", "maria>lee>church>bob>diaz"}},
	{name: "hop bound", batch: civicMap, q: paths.Query{To: "diaz", MaxHops: 2},
		want: []string{"maria>lee>diaz", "ana>bob>diaz"}},
	{name: "hop bound 3 keeps a dearer short path", batch: civicMap, q: paths.Query{To: "diaz", MaxHops: 3, K: 10},
		want: []string{"maria>lee>diaz", "ana>bob>diaz", "maria>church>lee>diaz", "maria>church>bob>diaz"}},
	{name: "one source, k=1", batch: civicMap, q: paths.Query{To: "diaz", From: []string{"ana"}, K: 1},
		want: []string{"ana>bob>diaz"}},
	{name: "avoid", batch: civicMap, q: paths.Query{To: "diaz", Avoid: []string{"bob", "nobody"}},
		want: []string{"maria>lee>diaz", "maria>church>lee>diaz"}},
	{name: "exclude a type falls back to a parallel tie", batch: civicMap, q: paths.Query{To: "diaz", From: []string{"maria"}, K: 1, ExcludeTypes: []graph.RelType{graph.FamilyOf}},
		want: []string{"maria>lee>diaz"}},
	{name: "only knows: no path", batch: civicMap, q: paths.Query{To: "diaz", Types: []graph.RelType{graph.Knows}},
		want: []string{}},
	{name: "a past tie and a donation carry nothing", batch: civicMap, q: paths.Query{To: "pac"},
		want: []string{}},
	{name: "a source through another source", batch: civicMap, q: paths.Query{To: "bob", From: []string{"maria", "ana"}, K: 3},
		want: []string{"ana>bob", "maria>lee>church>bob", "maria>church>bob"}},
	{name: "ties: fewer hops, then ids", batch: tieMap, q: paths.Query{To: "t"},
		want: []string{"s>t", "s>a>t", "s>b>t", "s>a>t>b", "s>b>t>a"}[:3]},
	{name: "target among the sources is skipped", batch: tieMap, q: paths.Query{To: "t", From: []string{"t", "a"}},
		want: []string{"a>t", "a>s>t", "a>s>b>t"}},
	{name: "missing target", batch: civicMap, q: paths.Query{To: "nobody"}, code: graph.NotFound},
	{name: "missing source", batch: civicMap, q: paths.Query{To: "diaz", From: []string{"nobody"}}, code: graph.NotFound},
	{name: "bad k", batch: civicMap, q: paths.Query{To: "diaz", K: -1}, code: graph.Invalid},
	{name: "bad max hops", batch: civicMap, q: paths.Query{To: "diaz", MaxHops: -2}, code: graph.Invalid},
	{name: "unknown type", batch: civicMap, q: paths.Query{To: "diaz", Types: []graph.RelType{"NOPE"}}, code: graph.Invalid},
	{name: "avoided target", batch: civicMap, q: paths.Query{To: "diaz", Avoid: []string{"diaz"}}, code: graph.Invalid},
}

func snap(t testing.TB, b *graph.Batch) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.FromBatch(context.Background(), b, 1, snapshot.Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFindCases(t *testing.T) {
	for _, c := range pathCases {
		t.Run(c.name, func(t *testing.T) {
			s := snap(t, c.batch())
			res, err := paths.Find(context.Background(), s, c.q)
			if c.code != "" {
				if graph.CodeOf(err) != c.code {
					t.Fatalf("err = %v (%s), want %s", err, graph.CodeOf(err), c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, p := range res.Paths {
				got = append(got, strings.Join(p.IDs(), ">"))
				checkPath(t, p)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("paths\n got %q\nwant %q", got, c.want)
			}
			if res.Target.ID != c.q.To || res.Target.Name == "" {
				t.Fatalf("target %+v", res.Target)
			}
		})
	}
}

// checkPath checks a path's own consistency: hops join its nodes, and its
// strength and cost agree with its hops.
func checkPath(t *testing.T, p graph.Path) {
	t.Helper()
	if len(p.Hops) != len(p.Nodes)-1 {
		t.Fatalf("%d hops for %d nodes", len(p.Hops), len(p.Nodes))
	}
	st, cost := 1.0, 0.0
	for i, h := range p.Hops {
		if h.From != p.Nodes[i].ID || h.To != p.Nodes[i+1].ID || h.Relationship == "" || p.Nodes[i].Name == "" {
			t.Fatalf("hop %d = %+v", i, h)
		}
		st *= h.Strength
		cost += snapshot.CostOf(h.Strength)
	}
	if math.Abs(st-p.Strength) > 1e-12 || math.Abs(cost-p.Cost) > 1e-12 {
		t.Fatalf("strength %v cost %v, hops give %v %v", p.Strength, p.Cost, st, cost)
	}
}

func TestFindExplainsHops(t *testing.T) {
	s := snap(t, civicMap())
	res, err := paths.Find(context.Background(), s, paths.Query{To: "diaz", From: []string{"maria"}, K: 2, ExcludeTypes: []graph.RelType{graph.FamilyOf}})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Paths[0].Hops
	if h[0].Type != graph.Knows || h[0].Notes != "same congregation" || h[0].Relationship != "KNOWS:lee~maria" || h[0].Strength != 0.8 {
		t.Fatalf("hop 0 = %+v", h[0])
	}
	if h[1].Type != graph.FriendOf || h[1].Relationship != "r-friend" || h[1].Strength != 0.6 {
		t.Fatalf("hop 1 = %+v", h[1])
	}
	// maria>church>lee>diaz: member of, then led by (against LEADS).
	p := res.Paths[1]
	if p.Hops[0].Reverse || !p.Hops[1].Reverse || paths.Verb(p.Hops[1]) != "is led by" {
		t.Fatalf("path 1 hops = %+v", p.Hops)
	}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	hop := generic["paths"].([]any)[0].(map[string]any)["hops"].([]any)[0].(map[string]any)
	for _, k := range []string{"from", "to", "type", "strength", "notes", "relationship"} {
		if _, ok := hop[k]; !ok {
			t.Fatalf("hop JSON lacks %q: %s", k, raw)
		}
	}
	for _, k := range []string{"nodes", "hops", "strength", "cost"} {
		if _, ok := generic["paths"].([]any)[0].(map[string]any)[k]; !ok {
			t.Fatalf("path JSON lacks %q: %s", k, raw)
		}
	}
}

func TestFindHonoursContext(t *testing.T) {
	s := snap(t, civicMap())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A tiny map may finish before looking at ctx; a cancelled query must
	// never return a wrong answer, and if it fails, as Unavailable.
	res, err := paths.Find(ctx, s, paths.Query{To: "diaz"})
	if err != nil && graph.CodeOf(err) != graph.Unavailable {
		t.Fatalf("err = %v", err)
	}
	if err == nil && len(res.Paths) != 5 {
		t.Fatalf("%d paths", len(res.Paths))
	}
}

func TestConnections(t *testing.T) {
	s := snap(t, civicMap())
	c, err := paths.Connections(context.Background(), s, "lee", "diaz")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Direct) != 2 || c.Direct[0].Type != graph.FamilyOf || c.Direct[1].Relationship != "r-friend" {
		t.Fatalf("direct = %+v", c.Direct)
	}
	if c.CommonTotal != 0 || len(c.Paths) != 3 || strings.Join(c.Paths[0].IDs(), ">") != "lee>diaz" {
		t.Fatalf("connection = %+v", c)
	}
	c, err = paths.Connections(context.Background(), s, "maria", "bob")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Direct) != 0 || c.CommonTotal != 1 || c.Common[0].Entity.ID != "church" || math.Abs(c.Common[0].Strength-0.35) > 1e-12 {
		t.Fatalf("connection = %+v", c)
	}
	if c.Common[0].ViaA.Type != graph.MemberOf || !c.Common[0].ViaB.Reverse {
		t.Fatalf("common = %+v", c.Common[0])
	}
	if _, err := paths.Connections(context.Background(), s, "maria", "nobody"); graph.CodeOf(err) != graph.NotFound {
		t.Fatalf("err = %v", err)
	}
	if _, err := paths.Connections(context.Background(), s, "maria", "maria"); graph.CodeOf(err) != graph.Invalid {
		t.Fatalf("err = %v", err)
	}
}

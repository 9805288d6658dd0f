package paths_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/snapshot"
)

// nxFixture is a reference made by testdata/gen_networkx.py.
type nxFixture struct {
	Graph string `json:"graph"`
	Edges []struct {
		Source, Target string
		Strength       float64
	} `json:"edges"`
	Queries []struct {
		From  []string   `json:"from"`
		To    string     `json:"to"`
		K     int        `json:"k"`
		Costs []float64  `json:"costs"`
		Paths [][]string `json:"paths"`
	} `json:"queries"`
}

// TestNetworkXShortestSimplePaths matches the costs of NetworkX's
// shortest_simple_paths on Zachary's karate club and Les Misérables to
// 1e-9, and the paths wherever costs are distinct.
func TestNetworkXShortestSimplePaths(t *testing.T) {
	for _, file := range []string{"testdata/karate_paths.json", "testdata/lesmis_paths.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var fx nxFixture
		if err := json.Unmarshal(raw, &fx); err != nil {
			t.Fatal(err)
		}
		t.Run(fx.Graph, func(t *testing.T) {
			b := &graph.Batch{}
			seen := map[string]bool{}
			for _, e := range fx.Edges {
				for _, id := range []string{e.Source, e.Target} {
					if !seen[id] {
						seen[id] = true
						b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: id})
					}
				}
				b.Relationships = append(b.Relationships, graph.Relationship{Source: e.Source, Target: e.Target, Type: graph.Knows, Strength: e.Strength})
			}
			s, err := snapshot.FromBatch(context.Background(), b, 1, snapshot.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range fx.Queries {
				res, err := paths.Find(context.Background(), s, paths.Query{To: q.To, From: q.From, K: q.K, MaxHops: paths.MaxHopsLimit})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Paths) != len(q.Costs) {
					t.Fatalf("%v→%s: %d paths, NetworkX %d", q.From, q.To, len(res.Paths), len(q.Costs))
				}
				for i, p := range res.Paths {
					want := q.Costs[i]
					if math.Abs(p.Cost-want) > 1e-9 {
						t.Errorf("%v→%s path %d: cost %.12f, NetworkX %.12f", q.From, q.To, i, p.Cost, want)
					}
					distinct := (i == 0 || want-q.Costs[i-1] > 1e-9) && i < len(q.Costs)-1 && q.Costs[i+1]-want > 1e-9
					if distinct && !slices.Equal(p.IDs(), q.Paths[i]) {
						t.Errorf("%v→%s path %d: %v, NetworkX %v", q.From, q.To, i, p.IDs(), q.Paths[i])
					}
				}
			}
		})
	}
}

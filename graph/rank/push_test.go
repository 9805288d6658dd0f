package rank

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph"
)

// TestPushPPRMatchesNetworkX runs ppr on the fixtures with an exact limit
// below their size, so that Run estimates it by forward push, and checks
// every score against NetworkX's within the residual Run reports, never
// above it, and the inner circle's order where the scores are apart.
func TestPushPPRMatchesNetworkX(t *testing.T) {
	ctx := context.Background()
	person := func(int) graph.Kind { return graph.KindPerson }
	for _, name := range []string{"karate", "lesmis", "fec"} {
		f := fixtureNamed(t, name)
		typ := graph.Knows
		if f.Directed {
			typ = graph.WorksFor
		}
		snap := fixtureSnapshot(t, f, person, typ)
		for _, weighted := range []bool{true, false} {
			key := "ppr2/" + map[bool]string{true: "weighted", false: "unweighted"}[weighted]
			res, err := Run(ctx, snap, Query{Algo: AlgoPPR, Seeds: f.Seeds["ppr2"], Weighted: weighted, Top: -1, ExactLimit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if res.Exact || res.Precision == nil || res.Precision.Method != "forward-push" {
				t.Fatalf("%s %s: exact=%v precision=%+v", name, key, res.Exact, res.Precision)
			}
			eps := res.Precision.Epsilon
			if !(eps >= 0 && eps < 1e-3) {
				t.Fatalf("%s %s: residual %g", name, key, eps)
			}
			want := f.Results[key]
			for _, it := range res.Results {
				w := want[slices.Index(f.Nodes, it.ID)]
				if it.Score > w+1e-9 || w-it.Score > eps+1e-9 {
					t.Errorf("%s %s: %s = %.12g, NetworkX %.12g, residual %.3g", name, key, it.ID, it.Score, w, eps)
				}
			}
			for i := 1; i < len(res.Results); i++ {
				a, b := res.Results[i-1], res.Results[i]
				wa, wb := want[slices.Index(f.Nodes, a.ID)], want[slices.Index(f.Nodes, b.ID)]
				if wb > wa+2*eps {
					t.Errorf("%s %s: %s (%g) ranked above %s (%g)", name, key, a.ID, wa, b.ID, wb)
				}
			}
		}
	}
}

func TestPushPPRRefuses(t *testing.T) {
	g := fixtureSnapshot(t, fixtureNamed(t, "karate"), func(int) graph.Kind { return graph.KindPerson }, graph.Knows).Influence()
	for _, p := range []map[int32]float64{{}, {0: 0}, {0: -1}, {1 << 20: 1}, {0: math.NaN()}} {
		if _, _, err := PushPPR(context.Background(), g, p, 0, 0, false); !graph.Is(err, graph.Invalid) {
			t.Errorf("%v: err %v, want Invalid", p, err)
		}
	}
}

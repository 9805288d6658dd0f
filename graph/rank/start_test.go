package rank

import (
	"context"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/internal/synth"
)

// TestStartVector matches the scores of an earlier snapshot with the
// entities of a later one by id: same place, a few places off (entities
// added or deleted before), or anywhere (a snapshot in another order).
func TestStartVector(t *testing.T) {
	seed := maphash.MakeSeed()
	hash := func(ids ...string) []uint64 {
		h := make([]uint64, len(ids))
		for i, id := range ids {
			h[i] = maphash.String(seed, id)
		}
		return h
	}
	from := &Start{seed: seed, hashes: hash("a", "b", "c", "d", "e"), x: []float64{1, 2, 3, 4, 5}}
	v := &view{}
	cases := []struct {
		ids  []string
		want []float64
	}{
		{[]string{"a", "b", "c", "d", "e"}, []float64{1, 2, 3, 4, 5}},
		{[]string{"a", "x", "b", "c", "d", "e", "y"}, []float64{1, 1. / 7, 2, 3, 4, 5, 1. / 7}},
		{[]string{"a", "c", "e"}, []float64{1, 3, 5}},
		{[]string{"e", "d", "c", "b", "a"}, []float64{5, 4, 3, 2, 1}},
	}
	for _, c := range cases {
		if got := v.startVector(from, hash(c.ids...)); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.ids, got, c.want)
		}
	}
	// Far more entities than the window holds, in another order: found
	// through the index.
	n := 1000
	ids := make([]string, n)
	x := make([]float64, n)
	for i := range ids {
		ids[i] = string(rune('A'+i%26)) + string(rune('a'+i/26))
		x[i] = float64(i)
	}
	from = &Start{seed: seed, hashes: hash(ids...), x: x}
	perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
	shuffled := make([]string, n)
	for i, p := range perm {
		shuffled[i] = ids[p]
	}
	got := v.startVector(from, hash(shuffled...))
	for i, p := range perm {
		if got[i] != float64(p) {
			t.Fatalf("shuffled: node %d (%s) starts at %v, want %v", i, shuffled[i], got[i], p)
		}
	}
	if v.startVector(nil, hash("a")) != nil {
		t.Error("no start must give no vector")
	}
}

// synthBatch returns the generated map of cfg, normalized as a store
// would keep it, and its snapshot at version 1.
func synthBatch(t *testing.T, cfg synth.Config) (*graph.Batch, *snapshot.Snapshot) {
	t.Helper()
	b := synth.Batch(cfg)
	for i := range b.Entities {
		b.Entities[i].Normalize()
	}
	for i := range b.Relationships {
		b.Relationships[i].Normalize()
	}
	snap, err := snapshot.FromBatch(context.Background(), b, 1, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b, snap
}

// TestRunFromAfterWrites ranks a generated map by PageRank, then writes to
// it (a tie, an entity with a tie, a deleted entity), and checks that
// RunFrom, started from the previous answer, gives Run's answer on each new
// snapshot, whether Apply made it or it was built afresh.
func TestRunFromAfterWrites(t *testing.T) {
	ctx := context.Background()
	b, snap := synthBatch(t, synth.Config{Entities: 3000, Seed: 5})
	var people []string
	for _, e := range b.Entities {
		if e.Kind == graph.KindPerson {
			people = append(people, e.ID)
		}
	}
	// The person with the fewest ties is the one deleted.
	ties := map[string][]graph.Relationship{}
	for _, r := range b.Relationships {
		ties[r.Source] = append(ties[r.Source], r)
		ties[r.Target] = append(ties[r.Target], r)
	}
	gone := people[0]
	for _, p := range people {
		if len(ties[p]) < len(ties[gone]) {
			gone = p
		}
	}
	newcomer := graph.Entity{ID: "zz-newcomer", Name: "New Comer", Kind: graph.KindPerson}
	newcomer.Normalize()
	knows := func(a, b string) graph.Relationship {
		r := graph.Relationship{Source: a, Target: b, Type: graph.Knows, Strength: 0.9}
		r.Normalize()
		return r
	}
	writes := []graph.Change{
		{RelationshipsAfter: []graph.Relationship{knows(people[10], people[20])}},
		{EntitiesAfter: []graph.Entity{newcomer}, RelationshipsAfter: []graph.Relationship{knows(newcomer.ID, people[30])}},
		{EntitiesBefore: []graph.Entity{entityOf(b, gone)}, RelationshipsBefore: ties[gone]},
	}
	queries := []Query{
		{Algo: AlgoPageRank, Weighted: true, Top: -1},
		{Algo: AlgoPageRank, Top: 25},
		{Algo: AlgoPageRank, Weighted: true, Kind: graph.KindPerson, Within: true, Top: -1},
		{Algo: AlgoPageRank, Weighted: true, Types: []graph.RelType{graph.Knows, graph.DonatedTo}, Top: 40},
		// Not started from a vector, but run on the same views.
		{Algo: AlgoHITS, Weighted: true, Top: 40},
		{Algo: AlgoPPR, Weighted: true, Seeds: []string{people[40]}, Top: 40, ExactLimit: 10_000},
	}
	prev := make([]*Start, len(queries))
	for k, q := range queries {
		res, err := Run(ctx, snap, q)
		if err != nil {
			t.Fatal(err)
		}
		prev[k] = res.Start()
	}
	for w, c := range writes {
		c.Version = snap.Version() + 1
		next, err := snap.Apply(ctx, []graph.Change{c})
		if err != nil {
			t.Fatalf("write %d: %v", w, err)
		}
		rebuilt, err := snapshot.FromBatch(ctx, afterChange(b, c), c.Version, snapshot.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for k, q := range queries {
			cold, err := Run(ctx, rebuilt, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []*snapshot.Snapshot{next, rebuilt} {
				warm, err := RunFrom(ctx, s, q, prev[k])
				if err != nil {
					t.Fatal(err)
				}
				sameRanking(t, w, q, warm, cold)
			}
			// A start of another computation is ignored.
			other, err := RunFrom(ctx, next, q, prev[(k+1)%len(queries)])
			if err != nil {
				t.Fatal(err)
			}
			sameRanking(t, w, q, other, cold)
			warm, err := RunFrom(ctx, next, q, prev[k])
			if err != nil {
				t.Fatal(err)
			}
			if q.Algo == AlgoPageRank && (warm.Start() == nil || warm.Start().Key() != StartKey(q)) {
				t.Fatalf("%+v: the result keeps no start for the next run", q)
			}
			prev[k] = warm.Start()
		}
		snap, b = next, afterChange(b, c)
	}
}

// sameRanking checks that two rankings list the same entities with scores
// within 1e-10 of each other, in the same order but where scores are that
// close.
func sameRanking(t *testing.T, write int, q Query, got, want *Result) {
	t.Helper()
	if len(got.Results) != len(want.Results) {
		t.Fatalf("write %d, %+v: %d results, want %d", write, q, len(got.Results), len(want.Results))
	}
	score := map[string]float64{}
	for _, it := range got.Results {
		score[it.ID] = it.Score
	}
	for i, it := range want.Results {
		s, ok := score[it.ID]
		if !ok && q.Top > 0 && math.Abs(it.Score-got.Results[len(got.Results)-1].Score) <= 1e-10 {
			continue // a tie at the cut
		}
		if !ok || math.Abs(s-it.Score) > 1e-10 {
			t.Fatalf("write %d, %+v: result %d %s has %v, want %v", write, q, i, it.ID, s, it.Score)
		}
		if g := got.Results[i]; g.ID != it.ID && math.Abs(g.Score-it.Score) > 1e-10 {
			t.Fatalf("write %d, %+v: result %d is %s (%v), want %s (%v)", write, q, i, g.ID, g.Score, it.ID, it.Score)
		}
	}
}

func entityOf(b *graph.Batch, id string) graph.Entity {
	for _, e := range b.Entities {
		if e.ID == id {
			return e
		}
	}
	panic("no entity " + id)
}

// afterChange returns the batch b with change c made.
func afterChange(b *graph.Batch, c graph.Change) *graph.Batch {
	gone := map[string]bool{}
	for _, e := range c.EntitiesBefore {
		gone[e.ID] = true
	}
	for _, r := range c.RelationshipsBefore {
		gone[r.ID] = true
	}
	out := &graph.Batch{}
	for _, e := range b.Entities {
		if !gone[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, r := range b.Relationships {
		if !gone[r.ID] {
			out.Relationships = append(out.Relationships, r)
		}
	}
	out.Entities = append(out.Entities, c.EntitiesAfter...)
	out.Relationships = append(out.Relationships, c.RelationshipsAfter...)
	return out
}

// TestRunAfterDeleteLikeRebuilt: PageRank over a snapshot that keeps a
// deleted entity as a dead node gives, to the last digit, the ranking of a
// snapshot built without it, so that what was deleted (a record hidden
// from viewers, say) leaves no trace in the scores.
func TestRunAfterDeleteLikeRebuilt(t *testing.T) {
	ctx := context.Background()
	b, snap := synthBatch(t, synth.Config{Entities: 1500, Seed: 8})
	var gone []graph.Entity
	var ties []graph.Relationship
	for _, e := range b.Entities[100:103] {
		gone = append(gone, e)
		for _, r := range b.Relationships {
			if r.Source == e.ID || r.Target == e.ID {
				ties = append(ties, r)
			}
		}
	}
	c := graph.Change{Version: 2, EntitiesBefore: gone, RelationshipsBefore: ties}
	next, err := snap.Apply(ctx, []graph.Change{c})
	if err != nil {
		t.Fatal(err)
	}
	if next.Dead() != len(gone) {
		t.Fatalf("%d dead nodes, want %d", next.Dead(), len(gone))
	}
	rebuilt, err := snapshot.FromBatch(ctx, afterChange(b, c), 2, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []Query{
		{Algo: AlgoPageRank, Weighted: true, Top: -1},
		{Algo: AlgoPageRank, Kind: graph.KindOfficial, Top: 30},
		{Algo: AlgoPPR, Seeds: []string{b.Entities[200].ID}, Top: -1},
	} {
		got, err := Run(ctx, next, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Run(ctx, rebuilt, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Results, want.Results) {
			t.Errorf("%+v: after the delete %v, built afresh %v", q, head(got.Results), head(want.Results))
		}
	}
}

func head(items []Item) []Item { return items[:min(len(items), 3)] }

package rank

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// TestItemsNearTop: listing the top entities by rounding only the scores
// near the top gives the list that rounding every score gives, with scores
// that round equal (tied by index) at and across the cut.
func TestItemsNearTop(t *testing.T) {
	ctx := context.Background()
	const n = 400
	b := &graph.Batch{}
	for i := range n {
		b.Entities = append(b.Entities, graph.Entity{ID: string(rune('a'+i/26/26%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i%26)), Name: "x", Kind: graph.KindPerson})
	}
	snap, err := snapshot.FromBatch(ctx, b, 1, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		scores := make([]float64, n)
		levels := []float64{0.1, 0.01, 1e-5, 0.3333333333333, 0}
		for i := range scores {
			s := levels[r.IntN(len(levels))]
			switch r.IntN(3) {
			case 0: // equal once rounded, not before
				s *= 1 + (r.Float64()-0.5)*1e-13
			case 1:
				s = r.Float64() * 0.2
			}
			scores[i] = s
		}
		v := &view{snap: snap, n: n, seeds: []int32{int32(r.IntN(n)), int32(r.IntN(n))}}
		if trial%2 == 0 {
			v.listed = func(i int32) bool { return i%3 != 0 }
		}
		for _, top := range []int{1, 5, 20, n/3 - 1, n, n + 5} {
			q := Query{Top: top, ExcludeSeeds: trial%3 == 0}
			got := v.items(scores, nil, q)
			want := itemsByRoundingAll(v, scores, q)
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d, top %d: %v, want %v", trial, top, got, want)
			}
		}
	}
}

// itemsByRoundingAll is the reference: every listed node, by rounded
// score, ties by index, cut at Top.
func itemsByRoundingAll(v *view, scores []float64, q Query) []Item {
	var idx []int32
	for i := range int32(v.n) {
		if q.ExcludeSeeds && slices.Contains(v.seeds, i) || v.listed != nil && !v.listed(i) {
			continue
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		ra, rb := roundScore(scores[a]), roundScore(scores[b])
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return int(a - b)
	})
	if len(idx) > q.Top {
		idx = idx[:q.Top]
	}
	out := make([]Item, len(idx))
	for k, i := range idx {
		e := v.snap.Ref(i)
		out[k] = Item{ID: e.ID, Name: e.Name, Kind: e.Kind, Title: e.Title, Party: v.snap.Node(i).Party, Ours: e.Ours, Score: roundScore(scores[i])}
	}
	return out
}

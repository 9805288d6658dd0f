package outreach

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// The quadrants of the power grid.
const (
	QuadrantDecisionMakers = "decision_makers"
	QuadrantAllies         = "allies"
	QuadrantOpponents      = "opponents"
	QuadrantUnorganized    = "unorganized"
)

// Quadrants lists the quadrants in a fixed order.
func Quadrants() []string {
	return []string{QuadrantDecisionMakers, QuadrantAllies, QuadrantOpponents, QuadrantUnorganized}
}

// GridTop is how many of the highest influence scores join the grid beside
// the targets and everyone with a stance.
const GridTop = 100

// GridPoint is one entity on the power grid.
type GridPoint struct {
	Entity graph.EntityRef `json:"entity"`
	// Influence is the percentile (0..100) of Score among the grid's
	// entities; Score is the personalized PageRank towards the targets.
	Influence float64         `json:"influence"`
	Score     float64         `json:"score"`
	Alignment graph.Alignment `json:"alignment"`
	Quadrant  string          `json:"quadrant"`
	Target    bool            `json:"target,omitempty"`
	Ours      bool            `json:"ours,omitempty"`
}

// Grid is a campaign's power grid.
type Grid struct {
	Campaign     string          `json:"campaign"`
	Issue        graph.EntityRef `json:"issue"`
	GraphVersion uint64          `json:"graph_version,omitempty"`
	ComputedAt   time.Time       `json:"computed_at"`
	// Points are ordered by influence, highest first, then by id.
	Points []GridPoint `json:"points"`
	// Counts counts the points of each quadrant.
	Counts map[string]int `json:"counts"`
}

// QuadrantOf places an entity: targets are decision-makers; others by
// stance (allies, opponents), and the undecided by influence.
func QuadrantOf(influence float64, a graph.Alignment, isTarget bool) string {
	switch {
	case isTarget:
		return QuadrantDecisionMakers
	case a.Known() && a >= graph.Support:
		return QuadrantAllies
	case a.Known() && a <= graph.Opposition:
		return QuadrantOpponents
	case influence >= 50:
		return QuadrantDecisionMakers
	}
	return QuadrantUnorganized
}

// GridOf computes a campaign's power grid over snap. ComputedAt is left for
// the caller.
func GridOf(ctx context.Context, snap *snapshot.Snapshot, c *graph.Campaign, issue graph.EntityRef, stances map[string]graph.Alignment) (*Grid, error) {
	const op = "outreach.Grid"
	g := &Grid{Campaign: c.ID, Issue: issue, GraphVersion: snap.Version(), Points: []GridPoint{}, Counts: map[string]int{}}
	for _, q := range Quadrants() {
		g.Counts[q] = 0
	}
	n := snap.Len()
	if n == 0 {
		return g, nil
	}
	isTarget := map[int32]bool{}
	scores := map[int32]float64{}
	ps := newPusher(snap, nil)
	for _, t := range c.Targets {
		i, ok := snap.Index(t.Entity)
		if !ok || isTarget[i] {
			continue
		}
		isTarget[i] = true
		w := 1.0
		if t.Priority == graph.PriorityPrimary {
			w = 2
		}
		if err := ps.run(ctx, i); err != nil {
			return nil, graph.E(op, err)
		}
		for _, v := range ps.touched {
			if p := ps.p[v]; p > 0 {
				scores[v] += w * p
			}
		}
	}
	keep := map[int32]bool{}
	for i := range isTarget {
		keep[i] = true
	}
	for id := range stances {
		if i, ok := snap.Index(id); ok {
			keep[i] = true
		}
	}
	// The GridTop highest scores, ties by index.
	top := make([]int32, 0, len(scores))
	for i, sc := range scores {
		if sc > 0 && snap.Kind(i) != graph.KindIssue {
			top = append(top, i)
		}
	}
	for _, i := range topScores(top, scores, GridTop) {
		keep[i] = true
	}
	idx := make([]int32, 0, len(keep))
	for i := range keep {
		if snap.Kind(i) != graph.KindIssue {
			idx = append(idx, i)
		}
	}
	sorted := make([]float64, len(idx))
	for k, i := range idx {
		sorted[k] = round(scores[i])
	}
	slices.Sort(sorted)
	for _, i := range idx {
		s := round(scores[i])
		below, _ := slices.BinarySearch(sorted, s)
		pct := 100.0
		if len(sorted) > 1 {
			pct = round(100 * float64(below) / float64(len(sorted)-1))
		}
		a, ok := stances[snap.ID(i)]
		if !ok {
			a = graph.AlignmentUnknown
		}
		p := GridPoint{Entity: snap.Ref(i), Influence: pct, Score: s, Alignment: a, Target: isTarget[i], Ours: snap.Ours(i)}
		p.Quadrant = QuadrantOf(pct, a, p.Target)
		g.Counts[p.Quadrant]++
		g.Points = append(g.Points, p)
	}
	slices.SortFunc(g.Points, func(a, b GridPoint) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Entity.ID, b.Entity.ID))
	})
	return g, nil
}

// topScores keeps the k highest scores of idx, ties by lower index.
func topScores(idx []int32, scores map[int32]float64, k int) []int32 {
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), cmp.Compare(a, b)) })
	return idx[:min(k, len(idx))]
}

package app

import (
	"context"
	"errors"
	"sync"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
)

// The review queue: pairs of entities that graph/dedupe scores as probably
// one person, for an editor to merge (Merge) or mark "not the same"
// (MarkNotSame, remembered). Editors and admins only: the queue shows
// every entity, hidden ones included, so the role check comes first.

// ReviewPair is one pair the queue offers, side by side.
type ReviewPair struct {
	A graph.Entity `json:"a"`
	B graph.Entity `json:"b"`
	// ATies and BTies count each entity's ties: the one with more is
	// usually the one to keep.
	ATies int `json:"a_ties"`
	BTies int `json:"b_ties"`
	// Score is the probability that A and B are one; Decision is auto
	// (sure enough to merge without a second look) or review.
	Score     float64          `json:"score"`
	Decision  dedupe.Decision  `json:"decision"`
	Ambiguous bool             `json:"ambiguous,omitempty"`
	Evidence  []dedupe.Feature `json:"evidence"`
}

// ReviewQueue is a page of the queue.
type ReviewQueue struct {
	Items []ReviewPair `json:"items"`
	// Total counts the pairs waiting; Auto those sure enough to merge
	// without a second look; NotSame the pairs already marked.
	Total   int `json:"total"`
	Auto    int `json:"auto"`
	NotSame int `json:"not_same"`
}

// reviewSet is the map's likely duplicates at one store version, with the
// entities they name and their numbers of ties. It is never changed once
// made.
type reviewSet struct {
	version uint64
	pairs   []dedupe.Candidate
	byID    map[string]graph.Entity
	ties    map[string]int
}

// reviewCache keeps the reviewSet of the latest version: finding the pairs
// reads the whole map.
type reviewCache struct {
	mu  sync.Mutex
	set *reviewSet
}

func (a *App) reviewStore(op string) (graph.ReviewStore, error) {
	rs, ok := a.store.(graph.ReviewStore)
	if !ok {
		return nil, graph.Errorf(op, graph.Unavailable, "this store keeps no review decisions")
	}
	return rs, nil
}

// candidates returns the map's likely duplicate pairs (auto and review),
// computed once per store version.
func (a *App) candidates(ctx context.Context) (*reviewSet, error) {
	v, err := a.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	rc := &a.review
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.set != nil && rc.set.version == v {
		return rc.set, nil
	}
	var people []graph.Entity
	byID := map[string]graph.Entity{}
	neighbors := map[string][]string{}
	ties := map[string]int{}
	seen, err := a.store.Stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			byID[e.ID] = *e
			if e.Kind != graph.KindIssue && !e.IsOrganization() {
				people = append(people, *e)
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			neighbors[r.Source] = append(neighbors[r.Source], r.Target)
			neighbors[r.Target] = append(neighbors[r.Target], r.Source)
			ties[r.Source]++
			ties[r.Target]++
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	all, err := dedupe.Pairs(ctx, people, func(id string) []string { return neighbors[id] }, dedupe.Config{})
	if err != nil {
		return nil, err
	}
	pairs := all[:0]
	for _, c := range all {
		if c.Decision == dedupe.Auto || c.Decision == dedupe.Review {
			pairs = append(pairs, c)
		}
	}
	rc.set = &reviewSet{version: seen, pairs: pairs, byID: byID, ties: ties}
	return rc.set, nil
}

// ReviewQueue lists the pairs waiting for review, best first, leaving out
// the pairs marked not the same; limit 0 means DefaultPageSize.
func (a *App) ReviewQueue(ctx context.Context, c Caller, limit int) (ReviewQueue, error) {
	const op = "app.ReviewQueue"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return ReviewQueue{}, err
	}
	if limit <= 0 {
		limit = DefaultPageSize
	}
	limit = min(limit, MaxPageSize)
	rs, err := a.reviewStore(op)
	if err != nil {
		return ReviewQueue{}, err
	}
	marked, err := rs.NotSamePairs(ctx)
	if err != nil {
		return ReviewQueue{}, graph.E(op, err)
	}
	not := make(map[string]bool, len(marked))
	for _, n := range marked {
		not[n.Key()] = true
	}
	rc, err := a.candidates(ctx)
	if err != nil {
		return ReviewQueue{}, graph.E(op, err)
	}
	q := ReviewQueue{Items: []ReviewPair{}, NotSame: len(marked)}
	for _, p := range rc.pairs {
		if not[graph.PairKey(p.A, p.B)] {
			continue
		}
		q.Total++
		if p.Decision == dedupe.Auto {
			q.Auto++
		}
		if len(q.Items) < limit {
			q.Items = append(q.Items, ReviewPair{
				A: rc.byID[p.A], B: rc.byID[p.B], ATies: rc.ties[p.A], BTies: rc.ties[p.B],
				Score: p.Score, Decision: p.Decision, Ambiguous: p.Ambiguous, Evidence: p.Evidence,
			})
		}
	}
	return q, nil
}

// MarkNotSame records that entities a and b (ids or unambiguous names) are
// different, so that the queue offers the pair no more. It is audited as
// "dedupe.not_same".
func (a *App) MarkNotSame(ctx context.Context, c Caller, aRef, bRef, note string) (graph.NotSame, error) {
	const op = "app.MarkNotSame"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return graph.NotSame{}, err
	}
	rs, err := a.reviewStore(op)
	if err != nil {
		return graph.NotSame{}, err
	}
	ea, err := a.resolve(ctx, a.all, "a", aRef)
	if err != nil {
		return graph.NotSame{}, err
	}
	eb, err := a.resolve(ctx, a.all, "b", bRef)
	if err != nil {
		return graph.NotSame{}, err
	}
	if ea.ID == eb.ID {
		return graph.NotSame{}, &graph.Error{Op: op, Code: graph.Invalid, Message: "a and b are one entity",
			Details: []graph.Detail{{Field: "b", Reason: "must name another entity than a"}}}
	}
	n := graph.NewNotSame(ea.ID, eb.ID, c.Actor, note, a.now())
	e := a.entry(c, "dedupe.not_same", n.A, map[string]string{"other": n.B, "names": ea.Name + " / " + eb.Name})
	if err := rs.MarkNotSame(ctx, n, e); err != nil {
		return graph.NotSame{}, graph.E(op, err)
	}
	return n, nil
}

// ForgetNotSame takes back a "not the same" decision, so that the queue may
// offer the pair again. It is audited as "dedupe.forget".
func (a *App) ForgetNotSame(ctx context.Context, c Caller, aID, bID string) error {
	const op = "app.ForgetNotSame"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return err
	}
	rs, err := a.reviewStore(op)
	if err != nil {
		return err
	}
	n := graph.NewNotSame(trim(aID), trim(bID), c.Actor, "", a.now())
	if err := rs.ForgetNotSame(ctx, n.A, n.B, a.entry(c, "dedupe.forget", n.A, map[string]string{"other": n.B})); err != nil {
		return graph.E(op, err)
	}
	return nil
}

// NotSamePairs lists the pairs marked not the same.
func (a *App) NotSamePairs(ctx context.Context, c Caller) ([]graph.NotSame, error) {
	const op = "app.NotSamePairs"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	rs, err := a.reviewStore(op)
	if err != nil {
		return nil, err
	}
	out, err := rs.NotSamePairs(ctx)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if out == nil {
		out = []graph.NotSame{}
	}
	return out, nil
}

// AutoMerged is what MergeAuto did.
type AutoMerged struct {
	Merges []graph.Merge `json:"merges"`
	// Skipped pairs could not be merged (one side already merged away by
	// an earlier pair of the same run, for example), with why.
	Skipped []graph.Detail `json:"skipped"`
}

// MergeAuto merges every pair of the queue scored "auto" (sure enough to
// merge without a look), keeping the record with more ties (an official
// over anyone else when they have as many). Each merge is its own audited
// write and can be undone (Unmerge).
func (a *App) MergeAuto(ctx context.Context, c Caller) (AutoMerged, error) {
	const op = "app.MergeAuto"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return AutoMerged{}, err
	}
	q, err := a.ReviewQueue(ctx, c, MaxPageSize)
	if err != nil {
		return AutoMerged{}, err
	}
	out := AutoMerged{Merges: []graph.Merge{}, Skipped: []graph.Detail{}}
	gone := map[string]bool{}
	for _, p := range q.Items {
		if p.Decision != dedupe.Auto {
			continue
		}
		keep, drop := p.A, p.B
		if p.BTies > p.ATies || (p.BTies == p.ATies && drop.Kind == graph.KindOfficial && keep.Kind != graph.KindOfficial) {
			keep, drop = drop, keep
		}
		if gone[keep.ID] || gone[drop.ID] {
			out.Skipped = append(out.Skipped, graph.Detail{Record: drop.ID, Reason: "one of the pair was merged earlier in this run; review it again"})
			continue
		}
		m, err := a.Merge(ctx, c, keep.ID, drop.ID)
		if err != nil {
			if ctx.Err() != nil {
				return out, err
			}
			out.Skipped = append(out.Skipped, graph.Detail{Record: drop.ID, Reason: errorReason(err)})
			continue
		}
		gone[drop.ID] = true
		out.Merges = append(out.Merges, m)
	}
	return out, nil
}

// errorReason is an error's message for a Detail.
func errorReason(err error) string {
	var e *graph.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return string(graph.CodeOf(err))
}

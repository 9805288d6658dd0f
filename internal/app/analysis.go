package app

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// Defaults and limits of the analysis questions, for every interface.
const (
	// DefaultK paths are returned unless asked otherwise, at most MaxK.
	DefaultK = paths.DefaultK
	MaxK     = paths.MaxK
	// DefaultMaxHops bounds a path's ties, at most MaxHops.
	DefaultMaxHops = paths.DefaultMaxHops
	MaxHops        = 12
	// DefaultTop results of a ranking, at most MaxTop.
	DefaultTop = rank.DefaultTop
	MaxTop     = 1000
)

// PathsQuery asks who knows To: the K best introduction paths to it, from
// From (every entity marked ours when empty). Entities are named by id or
// by a name that matches one entity; zero values take the defaults.
type PathsQuery struct {
	To           string
	From         []string
	K            int
	MaxHops      int
	Types        []graph.RelType
	ExcludeTypes []graph.RelType
	Avoid        []string
}

func (q *PathsQuery) check() error {
	if q.K == 0 {
		q.K = DefaultK
	}
	if q.MaxHops == 0 {
		q.MaxHops = DefaultMaxHops
	}
	var ds []graph.Detail
	if trim(q.To) == "" {
		ds = append(ds, graph.Detail{Field: "to", Reason: "must not be empty"})
	}
	if q.K < 1 || q.K > MaxK {
		ds = append(ds, graph.Detail{Field: "k", Reason: "must be between 1 and " + strconv.Itoa(MaxK)})
	}
	if q.MaxHops < 1 || q.MaxHops > MaxHops {
		ds = append(ds, graph.Detail{Field: "max_hops", Reason: "must be between 1 and " + strconv.Itoa(MaxHops)})
	}
	if len(ds) > 0 {
		return &graph.Error{Op: "app.Paths", Code: graph.Invalid, Message: "bad paths query", Details: ds}
	}
	return nil
}

// Paths answers "who knows X?": the k best introduction paths over the map
// the caller sees. Sources that know the target directly come first, the
// strongest first, even when longer paths are stronger (an organizer asks
// them first); the other paths follow, best first.
func (a *App) Paths(ctx context.Context, c Caller, q PathsQuery) (*paths.Result, error) {
	const op = "app.Paths"
	if err := q.check(); err != nil {
		return nil, err
	}
	v := a.viewOf(c)
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return nil, graph.E(op, err)
	}
	pq := paths.Query{K: q.K, MaxHops: q.MaxHops, Types: q.Types, ExcludeTypes: q.ExcludeTypes}
	if pq.To, err = a.resolveIn(ctx, v, snap, "to", q.To); err != nil {
		return nil, err
	}
	if pq.From, err = a.resolveAllIn(ctx, v, snap, "from", q.From); err != nil {
		return nil, err
	}
	if pq.Avoid, err = a.resolveAllIn(ctx, v, snap, "avoid", q.Avoid); err != nil {
		return nil, err
	}
	res, err := paths.Find(ctx, snap, pq)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if len(res.Paths) == pq.K && pq.MaxHops > 1 {
		// A direct tie may be weaker than the k best paths: ask for them.
		direct, err := paths.Direct(ctx, snap, pq)
		if err != nil {
			return nil, graph.E(op, err)
		}
		res.Paths = directFirst(direct.Paths, res.Paths, pq.K)
	} else {
		res.Paths = directFirst(nil, res.Paths, pq.K)
	}
	return res, nil
}

// resolveIn resolves ref to an id: an id the caller's snapshot holds
// (every entity the caller may see is in it) without a store read, or else
// as resolve does, for a name or an id that is not found.
func (a *App) resolveIn(ctx context.Context, v *view, snap *snapshot.Snapshot, field, ref string) (string, error) {
	if _, ok := snap.Index(ref); ok {
		return ref, nil
	}
	e, err := a.resolve(ctx, v, field, ref)
	return e.ID, err
}

func (a *App) resolveAllIn(ctx context.Context, v *view, snap *snapshot.Snapshot, field string, refs []string) ([]string, error) {
	var ids []string
	for _, r := range refs {
		id, err := a.resolveIn(ctx, v, snap, field, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// directFirst returns at most k paths: the one-hop paths of direct and of
// best, best first, then the longer paths of best in their order.
func directFirst(direct, best []graph.Path, k int) []graph.Path {
	out := make([]graph.Path, 0, k)
	seen := map[string]bool{}
	add := func(p graph.Path) {
		key := p.Hops[0].Relationship
		if len(out) < k && !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range direct {
		add(p)
	}
	for _, p := range best {
		if len(p.Hops) == 1 {
			add(p)
		}
	}
	if len(direct) > 0 {
		// best's one-hop paths may interleave with direct's: keep them
		// strongest first.
		sort.SliceStable(out, func(i, j int) bool { return out[i].Strength > out[j].Strength })
	}
	for _, p := range best {
		if len(p.Hops) > 1 && len(out) < k {
			out = append(out, p)
		}
	}
	return out
}

// Connections answers how two entities are connected: their direct ties,
// common neighbours and best paths, over the map the caller sees.
func (a *App) Connections(ctx context.Context, c Caller, refA, refB string) (*paths.Connection, error) {
	const op = "app.Connections"
	var ds []graph.Detail
	if trim(refA) == "" {
		ds = append(ds, graph.Detail{Field: "a", Reason: "must not be empty"})
	}
	if trim(refB) == "" {
		ds = append(ds, graph.Detail{Field: "b", Reason: "must not be empty"})
	}
	if len(ds) > 0 {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "bad connections query", Details: ds}
	}
	v := a.viewOf(c)
	ea, err := a.resolve(ctx, v, "a", refA)
	if err != nil {
		return nil, err
	}
	eb, err := a.resolve(ctx, v, "b", refB)
	if err != nil {
		return nil, err
	}
	if ea.ID == eb.ID {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "an entity is not connected to itself",
			Details: []graph.Detail{{Field: "b", Reason: "must differ from a"}}}
	}
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return nil, graph.E(op, err)
	}
	res, err := paths.Connections(ctx, snap, ea.ID, eb.ID)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return res, nil
}

// RankQuery asks for a ranking. Seeds name entities by id or name.
type RankQuery = rank.Query

// Rankings ranks the map the caller sees by one influence measure. The
// same query on the same snapshot is answered from a cache.
func (a *App) Rankings(ctx context.Context, c Caller, q RankQuery) (*rank.Result, error) {
	return a.rank(ctx, c, q, "seed")
}

// InnerCircle returns the people closest to an entity: personalized
// PageRank seeded at it, the entity left out.
func (a *App) InnerCircle(ctx context.Context, c Caller, ref string, top int) (*rank.Result, error) {
	q := rank.Query{Algo: rank.AlgoPPR, Seeds: []string{ref}, ExcludeSeeds: true, Weighted: true, Top: top}
	return a.rank(ctx, c, q, "id")
}

func (a *App) rank(ctx context.Context, c Caller, q rank.Query, seedField string) (*rank.Result, error) {
	const op = "app.Rankings"
	if q.Top == 0 {
		q.Top = DefaultTop
	}
	if q.Top < 1 || q.Top > MaxTop {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "bad ranking query",
			Details: []graph.Detail{{Field: "top", Reason: "must be between 1 and " + strconv.Itoa(MaxTop)}}}
	}
	v := a.viewOf(c)
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if q.Seeds, err = a.resolveAllIn(ctx, v, snap, seedField, q.Seeds); err != nil {
		return nil, err
	}
	key := rankKey(q)
	if res, ok := v.ranks.get(snap, key); ok {
		return res, nil
	}
	res, err := rank.RunFrom(ctx, snap, q, v.ranks.start(q))
	if err != nil {
		return nil, graph.E(op, err)
	}
	if c.seesAll() {
		// Not for viewers: the version counts writes of hidden records
		// too, and the time would tell when one was made.
		res.Version, res.ComputedAt = snap.Version(), a.now().UTC()
	}
	v.ranks.keep(snap, key, res)
	return res, nil
}

// rankKey names a ranking: what it computes (rank.StartKey) and how it
// lists it.
func rankKey(q rank.Query) string {
	return rank.StartKey(q) + "\x03" + strings.Join([]string{strconv.Itoa(q.Top), string(q.Kind), q.Label,
		strconv.FormatBool(q.Within), strconv.FormatBool(q.ExcludeSeeds)}, "\x00")
}

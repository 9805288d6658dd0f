package app

import (
	"context"

	"github.com/powermap/powermap/graph"
)

// Search limits.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
	// MaxSearchCount caps how many matches a search counts.
	MaxSearchCount = 1000
	// MaxQueryBytes caps a search query.
	MaxQueryBytes = 200
)

// Entity returns the entity ref names: an id, or a name or alias that
// matches exactly one entity the caller may see.
func (a *App) Entity(ctx context.Context, c Caller, ref string) (graph.Entity, error) {
	return a.resolve(ctx, a.viewOf(c), "id", ref)
}

// Entities lists entities by id after q.After, at most limit, of those the
// caller may see.
func (a *App) Entities(ctx context.Context, c Caller, q graph.EntityQuery) (Page[graph.Entity], error) {
	limit := q.Limit
	if limit > 0 {
		q.Limit = limit + 1
	}
	es, err := a.viewOf(c).store.Entities(ctx, q)
	if err != nil {
		return Page[graph.Entity]{}, graph.E("app.Entities", err)
	}
	return pageOf(es, limit, func(e *graph.Entity) string { return e.ID }), nil
}

// Relationship returns one relationship the caller may see.
func (a *App) Relationship(ctx context.Context, c Caller, id string) (graph.Relationship, error) {
	r, err := a.viewOf(c).store.Relationship(ctx, id)
	if err != nil {
		return r, notFoundAs(err, func() error { return noRelationship(id) })
	}
	return r, nil
}

// Relationships lists relationships by id, of those the caller may see.
// q.Entity may name the entity by id or name.
func (a *App) Relationships(ctx context.Context, c Caller, q graph.RelationshipQuery) (Page[graph.Relationship], error) {
	v := a.viewOf(c)
	if q.Entity != "" {
		e, err := a.resolve(ctx, v, "entity", q.Entity)
		if err != nil {
			return Page[graph.Relationship]{}, err
		}
		q.Entity = e.ID
	}
	limit := q.Limit
	if limit > 0 {
		q.Limit = limit + 1
	}
	rs, err := v.store.Relationships(ctx, q)
	if err != nil {
		return Page[graph.Relationship]{}, graph.E("app.Relationships", err)
	}
	return pageOf(rs, limit, func(r *graph.Relationship) string { return r.ID }), nil
}

// TiesQuery asks for an entity's ties.
type TiesQuery struct {
	Entity string
	Types  []graph.RelType
	After  string
	Limit  int
}

// Ties lists an entity's relationships with the entity at the other end,
// by relationship id, of those the caller may see.
func (a *App) Ties(ctx context.Context, c Caller, q TiesQuery) (Page[graph.Neighbor], error) {
	const op = "app.Ties"
	v := a.viewOf(c)
	e, err := a.resolve(ctx, v, "id", q.Entity)
	if err != nil {
		return Page[graph.Neighbor]{}, err
	}
	ns, err := v.store.Neighbors(ctx, e.ID, q.Types)
	if err != nil {
		return Page[graph.Neighbor]{}, graph.E(op, notFoundAs(err, func() error { return noEntity("id", q.Entity) }))
	}
	i := 0
	if q.After != "" {
		for i < len(ns) && ns[i].Relationship.ID <= q.After {
			i++
		}
	}
	ns = ns[i:]
	if q.Limit > 0 && len(ns) > q.Limit+1 {
		ns = ns[:q.Limit+1]
	}
	return pageOf(ns, q.Limit, func(n *graph.Neighbor) string { return n.Relationship.ID }), nil
}

// SearchQuery asks for entities by name or alias.
type SearchQuery struct {
	Q     string
	Kind  graph.Kind
	Limit int
}

// SearchResult is the best matches, best first, and how many there are.
type SearchResult struct {
	Items []graph.Entity `json:"items"`
	// Total counts the matches the caller may see, up to MaxSearchCount;
	// TotalCapped says there may be more than Total.
	Total       int  `json:"total"`
	TotalCapped bool `json:"total_capped,omitempty"`
	// More says there are matches beyond Items: ask with a higher limit.
	More bool `json:"more"`
}

// Search finds entities the caller may see whose name or alias matches,
// ignoring case and diacritics, best first (graph.RankSearch: exact and
// last-name matches, then prefix matches, then the rest; officials and
// our own people break ties), and counts them.
func (a *App) Search(ctx context.Context, c Caller, q SearchQuery) (SearchResult, error) {
	const op = "app.Search"
	q.Q = trim(q.Q)
	var ds []graph.Detail
	if q.Q == "" {
		ds = append(ds, graph.Detail{Field: "q", Reason: "must not be empty"})
	} else if len(q.Q) > MaxQueryBytes {
		ds = append(ds, graph.Detail{Field: "q", Reason: "must be at most 200 bytes"})
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	if q.Limit < 1 || q.Limit > MaxSearchLimit {
		ds = append(ds, graph.Detail{Field: "limit", Reason: "must be between 1 and 100"})
	}
	if len(ds) > 0 {
		return SearchResult{}, &graph.Error{Op: op, Code: graph.Invalid, Message: "bad search", Details: ds}
	}
	// The caller's view ranks every match the caller may see; counting
	// them costs no more than finding the first page.
	found, err := a.viewOf(c).store.Search(ctx, q.Q, MaxSearchCount+1)
	if err != nil {
		return SearchResult{}, graph.E(op, err)
	}
	capped := len(found) > MaxSearchCount
	if capped {
		found = found[:MaxSearchCount]
	}
	out := found[:0]
	for i := range found {
		if q.Kind == "" || found[i].Kind == q.Kind {
			out = append(out, found[i])
		}
	}
	res := SearchResult{Total: len(out), TotalCapped: capped, More: len(out) > q.Limit || capped}
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	res.Items = out
	if res.Items == nil {
		res.Items = []graph.Entity{}
	}
	return res, nil
}

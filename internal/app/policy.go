package app

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// The privacy policy, in one place.
//
// A record is hidden from a caller who may not see it: an entity that is
// private or labelled client (graph.Entity.IsPrivate), a relationship with a
// hidden end, and an interaction with a hidden participant. Editors and
// admins see everything. A viewer is answered from a public view of the
// stores in which hidden records do not exist at all: the snapshot, the
// rankings, the paths, the outreach list and every count are computed from
// that view, so nothing a viewer receives depends on a hidden record. A
// hidden record is not found with the very error a missing one gets.

// hidden reports whether viewers may not see e.
func hidden(e *graph.Entity) bool { return e.IsPrivate() }

// noEntity is the one NotFound error for an entity id, hidden or missing.
func noEntity(field, id string) error {
	reason := "no entity " + strconv.Quote(id)
	e := &graph.Error{Op: "app.entity", Code: graph.NotFound, Message: reason}
	if field != "" {
		e.Details = []graph.Detail{{Field: field, Reason: reason}}
	}
	return e
}

// noRelationship is the one NotFound error for a relationship id.
func noRelationship(id string) error {
	return &graph.Error{Op: "app.relationship", Code: graph.NotFound, Message: "no relationship " + strconv.Quote(id)}
}

// noCampaign is the one NotFound error for a campaign id, hidden or
// missing.
func noCampaign(id string) error {
	reason := "no campaign " + strconv.Quote(id)
	return &graph.Error{Op: "app.campaign", Code: graph.NotFound, Message: reason,
		Details: []graph.Detail{{Field: "id", Reason: reason}}}
}

// noInteraction is the one NotFound error for an interaction id.
func noInteraction(id string) error {
	return &graph.Error{Op: "app.interaction", Code: graph.NotFound, Message: "no interaction " + strconv.Quote(id)}
}

// notFoundAs replaces a NotFound error by the canonical one, so that every
// backend and every route words a missing record alike.
func notFoundAs(err error, canonical func() error) error {
	if graph.Is(err, graph.NotFound) {
		return canonical()
	}
	return err
}

// publicStore is the store as a viewer sees it: hidden records do not
// exist. It refuses writes.
type publicStore struct {
	s graph.Store
}

var _ graph.Store = (*publicStore)(nil)

func (p *publicStore) Apply(context.Context, *graph.Batch) (graph.Stats, error) {
	return graph.Stats{}, graph.Errorf("app.publicStore.Apply", graph.Forbidden, "your role does not allow writes")
}

func (p *publicStore) Entity(ctx context.Context, id string) (graph.Entity, error) {
	e, err := p.s.Entity(ctx, id)
	if err != nil {
		return graph.Entity{}, notFoundAs(err, func() error { return noEntity("", id) })
	}
	if hidden(&e) {
		return graph.Entity{}, noEntity("", id)
	}
	if err := p.maskTopics(ctx, &e, nil); err != nil {
		return graph.Entity{}, err
	}
	return e, nil
}

// maskTopics removes from a speaker's story topics (graph.PropConsentTopics,
// issue ids) those a viewer may not see: issues that are hidden or gone.
// visibleIssue answers for an id; nil asks the store.
func (p *publicStore) maskTopics(ctx context.Context, e *graph.Entity, visibleIssue func(id string) (bool, error)) error {
	t, ok := e.Props[graph.PropConsentTopics]
	if !ok {
		return nil
	}
	if visibleIssue == nil {
		visibleIssue = func(id string) (bool, error) {
			x, err := p.s.Entity(ctx, id)
			if graph.Is(err, graph.NotFound) {
				return false, nil
			}
			return err == nil && !hidden(&x), err
		}
	}
	var kept []string
	for _, id := range strings.Split(t, ",") {
		ok, err := visibleIssue(id)
		if err != nil {
			return err
		}
		if ok {
			kept = append(kept, id)
		}
	}
	props := maps.Clone(e.Props)
	if len(kept) == 0 {
		delete(props, graph.PropConsentTopics)
	} else {
		props[graph.PropConsentTopics] = strings.Join(kept, ",")
	}
	e.Props = props
	return nil
}

// maskAll masks the topics of every entity of es.
func (p *publicStore) maskAll(ctx context.Context, es []graph.Entity) error {
	for i := range es {
		if err := p.maskTopics(ctx, &es[i], nil); err != nil {
			return err
		}
	}
	return nil
}

// visible reports whether entity id exists and may be seen, remembering
// the answers in memo.
func (p *publicStore) visible(ctx context.Context, id string, memo map[string]bool) (bool, error) {
	if ok, known := memo[id]; known {
		return ok, nil
	}
	_, err := p.Entity(ctx, id)
	if err != nil && !graph.Is(err, graph.NotFound) {
		return false, err
	}
	memo[id] = err == nil
	return err == nil, nil
}

func (p *publicStore) Entities(ctx context.Context, q graph.EntityQuery) ([]graph.Entity, error) {
	return fill(ctx, q.After, q.Limit,
		func(ctx context.Context, after string, n int) ([]graph.Entity, error) {
			q.After, q.Limit = after, n
			return p.s.Entities(ctx, q)
		},
		func(e *graph.Entity) string { return e.ID },
		func(e *graph.Entity) (bool, error) {
			if hidden(e) {
				return false, nil
			}
			return true, p.maskTopics(ctx, e, nil)
		})
}

func (p *publicStore) Relationship(ctx context.Context, id string) (graph.Relationship, error) {
	r, err := p.s.Relationship(ctx, id)
	if err != nil {
		return graph.Relationship{}, notFoundAs(err, func() error { return noRelationship(id) })
	}
	memo := map[string]bool{}
	for _, end := range []string{r.Source, r.Target} {
		ok, err := p.visible(ctx, end, memo)
		if err != nil {
			return graph.Relationship{}, err
		}
		if !ok {
			return graph.Relationship{}, noRelationship(id)
		}
	}
	return r, nil
}

func (p *publicStore) Relationships(ctx context.Context, q graph.RelationshipQuery) ([]graph.Relationship, error) {
	memo := map[string]bool{}
	if q.Entity != "" {
		if ok, err := p.visible(ctx, q.Entity, memo); err != nil || !ok {
			return nil, err
		}
	}
	return fill(ctx, q.After, q.Limit,
		func(ctx context.Context, after string, n int) ([]graph.Relationship, error) {
			q.After, q.Limit = after, n
			return p.s.Relationships(ctx, q)
		},
		func(r *graph.Relationship) string { return r.ID },
		func(r *graph.Relationship) (bool, error) {
			ok, err := p.visible(ctx, r.Source, memo)
			if !ok || err != nil {
				return false, err
			}
			return p.visible(ctx, r.Target, memo)
		})
}

func (p *publicStore) Search(ctx context.Context, q string, limit int) ([]graph.Entity, error) {
	// Ask for more while hidden matches crowd the page out.
	ask := max(limit*2, 20)
	for {
		found, err := p.s.Search(ctx, q, ask)
		if err != nil {
			return nil, err
		}
		out := slices.DeleteFunc(found, func(e graph.Entity) bool { return hidden(&e) })
		if limit <= 0 || len(out) >= limit || len(found) < ask || ask >= 1<<16 {
			if limit > 0 && len(out) > limit {
				out = out[:limit]
			}
			return out, p.maskAll(ctx, out)
		}
		ask *= 4
	}
}

// LookupIdentifiers finds only visible entities: a hidden one carrying an
// identifier is not there.
func (p *publicStore) LookupIdentifiers(ctx context.Context, ids []graph.Identifier) ([]graph.Entity, error) {
	found, err := p.s.LookupIdentifiers(ctx, ids)
	if err != nil {
		return nil, err
	}
	found = slices.DeleteFunc(found, func(e graph.Entity) bool { return hidden(&e) })
	return found, p.maskAll(ctx, found)
}

func (p *publicStore) Neighbors(ctx context.Context, id string, types []graph.RelType) ([]graph.Neighbor, error) {
	if _, err := p.Entity(ctx, id); err != nil {
		return nil, err
	}
	return p.neighbors(ctx, id, types)
}

// neighbors lists the visible neighbours of id, which the caller knows to
// be visible.
func (p *publicStore) neighbors(ctx context.Context, id string, types []graph.RelType) ([]graph.Neighbor, error) {
	ns, err := p.s.Neighbors(ctx, id, types)
	if err != nil {
		return nil, notFoundAs(err, func() error { return noEntity("", id) })
	}
	ns = slices.DeleteFunc(ns, func(n graph.Neighbor) bool { return hidden(&n.Entity) })
	for i := range ns {
		if err := p.maskTopics(ctx, &ns[i].Entity, nil); err != nil {
			return nil, err
		}
	}
	return ns, nil
}

func (p *publicStore) Stream(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
	gone := map[string]bool{}
	// The visible issues, read before the stream: a read inside it could
	// wait on a writer that waits on the stream.
	issues := map[string]bool{}
	all, err := p.s.Entities(ctx, graph.EntityQuery{Kind: graph.KindIssue})
	if err != nil {
		return 0, err
	}
	for i := range all {
		issues[all[i].ID] = !hidden(&all[i])
	}
	visibleIssue := func(id string) (bool, error) { return issues[id] && !gone[id], nil }
	return p.s.Stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if hidden(e) {
				gone[e.ID] = true
				return nil
			}
			if fn.Entity == nil {
				return nil
			}
			if _, ok := e.Props[graph.PropConsentTopics]; ok {
				c := *e
				if err := p.maskTopics(ctx, &c, visibleIssue); err != nil {
					return err
				}
				return fn.Entity(&c)
			}
			return fn.Entity(e)
		},
		Relationship: func(r *graph.Relationship) error {
			if fn.Relationship == nil || gone[r.Source] || gone[r.Target] {
				return nil
			}
			return fn.Relationship(r)
		},
	})
}

// Counts counts what a viewer may see. It reads the whole store.
func (p *publicStore) Counts(ctx context.Context) (graph.Counts, error) {
	c := graph.Counts{ByKind: map[graph.Kind]int64{}, ByType: map[graph.RelType]int64{}}
	v, err := p.Stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			c.Entities++
			c.ByKind[e.Kind]++
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			c.Relationships++
			c.ByType[r.Type]++
			return nil
		},
	})
	c.Version = v
	return c, err
}

func (p *publicStore) Version(ctx context.Context) (uint64, error) { return p.s.Version(ctx) }
func (p *publicStore) Ping(ctx context.Context) error              { return p.s.Ping(ctx) }

// Close does nothing: the view does not own the store.
func (p *publicStore) Close() error { return nil }

// publicCampaigns is the campaign store as a viewer sees it: no campaign
// on a hidden issue, no hidden target or owner, no interaction with a
// hidden participant, and no saved
// outreach list (those were computed over every record; a viewer's list is
// computed afresh from the public view). It refuses writes.
type publicCampaigns struct {
	cs    graph.CampaignStore
	store *publicStore
}

var _ graph.CampaignStore = (*publicCampaigns)(nil)

var errViewerWrite = func(op string) error {
	return graph.Errorf(op, graph.Forbidden, "your role does not allow writes")
}

func (p *publicCampaigns) CreateCampaign(context.Context, graph.Campaign, ...graph.AuditEntry) (graph.Campaign, error) {
	return graph.Campaign{}, errViewerWrite("app.CreateCampaign")
}

func (p *publicCampaigns) UpdateCampaign(context.Context, graph.Campaign, ...graph.AuditEntry) (graph.Campaign, error) {
	return graph.Campaign{}, errViewerWrite("app.UpdateCampaign")
}

// mask removes the hidden owner, targets and contacts of c, and reports whether c
// itself may be seen: its issue must be.
func (p *publicCampaigns) mask(ctx context.Context, c *graph.Campaign, memo map[string]bool) (bool, error) {
	if c.Issue != "" {
		ok, err := p.store.visible(ctx, c.Issue, memo)
		if err != nil || !ok {
			return false, err
		}
	}
	if c.Owner != "" {
		ok, err := p.store.visible(ctx, c.Owner, memo)
		if err != nil {
			return false, err
		}
		if !ok {
			c.Owner = ""
		}
	}
	kept := make([]graph.Target, 0, len(c.Targets))
	for _, t := range c.Targets {
		ok, err := p.store.visible(ctx, t.Entity, memo)
		if err != nil {
			return false, err
		}
		if ok {
			kept = append(kept, t)
		}
	}
	c.Targets = kept
	var contacts []string
	for _, id := range c.Contacts {
		ok, err := p.store.visible(ctx, id, memo)
		if err != nil {
			return false, err
		}
		if ok {
			contacts = append(contacts, id)
		}
	}
	c.Contacts = contacts
	return true, nil
}

func (p *publicCampaigns) Campaign(ctx context.Context, id string) (graph.Campaign, error) {
	c, err := p.cs.Campaign(ctx, id)
	if err != nil {
		return graph.Campaign{}, notFoundAs(err, func() error { return noCampaign(id) })
	}
	ok, err := p.mask(ctx, &c, map[string]bool{})
	if err != nil {
		return graph.Campaign{}, err
	}
	if !ok {
		return graph.Campaign{}, noCampaign(id)
	}
	return c, nil
}

func (p *publicCampaigns) Campaigns(ctx context.Context) ([]graph.Campaign, error) {
	cs, err := p.cs.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	memo := map[string]bool{}
	out := cs[:0]
	for i := range cs {
		ok, err := p.mask(ctx, &cs[i], memo)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, cs[i])
		}
	}
	return out, nil
}

func (p *publicCampaigns) DeleteCampaign(context.Context, string, ...graph.AuditEntry) error {
	return errViewerWrite("app.DeleteCampaign")
}

func (p *publicCampaigns) LogInteraction(context.Context, graph.Interaction, ...graph.AuditEntry) (graph.Interaction, error) {
	return graph.Interaction{}, errViewerWrite("app.LogInteraction")
}

// shown reports whether every participant of ix may be seen.
func (p *publicCampaigns) shown(ctx context.Context, ix *graph.Interaction, memo map[string]bool) (bool, error) {
	for _, id := range ix.Participants {
		ok, err := p.store.visible(ctx, id, memo)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (p *publicCampaigns) Interaction(ctx context.Context, id string) (graph.Interaction, error) {
	ix, err := p.cs.Interaction(ctx, id)
	if err != nil {
		return ix, notFoundAs(err, func() error { return noInteraction(id) })
	}
	ok, err := p.shown(ctx, &ix, map[string]bool{})
	if err != nil {
		return graph.Interaction{}, err
	}
	if !ok {
		return graph.Interaction{}, noInteraction(id)
	}
	return ix, nil
}

func (p *publicCampaigns) Interactions(ctx context.Context, q graph.InteractionQuery) ([]graph.Interaction, error) {
	memo := map[string]bool{}
	if q.Entity != "" {
		if ok, err := p.store.visible(ctx, q.Entity, memo); err != nil || !ok {
			return []graph.Interaction{}, err
		}
	}
	// A limit counts what is shown: read everything that matches, then cut.
	limit := q.Limit
	q.Limit = 0
	all, err := p.cs.Interactions(ctx, q)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for i := range all {
		ok, err := p.shown(ctx, &all[i], memo)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, all[i])
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (p *publicCampaigns) DeleteInteraction(context.Context, string, ...graph.AuditEntry) error {
	return errViewerWrite("app.DeleteInteraction")
}

func (p *publicCampaigns) SaveOutreach(context.Context, graph.OutreachList, ...graph.AuditEntry) error {
	return errViewerWrite("app.SaveOutreach")
}

// Outreach finds no saved list: saved lists were computed over every record.
func (p *publicCampaigns) Outreach(ctx context.Context, campaign, week string) (graph.OutreachList, error) {
	if _, err := p.Campaign(ctx, campaign); err != nil {
		return graph.OutreachList{}, err
	}
	return graph.OutreachList{}, graph.Errorf("app.Outreach", graph.NotFound, "no outreach list was saved for week %s", week)
}

func (p *publicCampaigns) OutreachWeeks(ctx context.Context, campaign string) ([]string, error) {
	if _, err := p.Campaign(ctx, campaign); err != nil {
		return nil, err
	}
	return []string{}, nil
}

func (p *publicCampaigns) LastRun(ctx context.Context, job string) (time.Time, error) {
	return p.cs.LastRun(ctx, job)
}

func (p *publicCampaigns) SetLastRun(context.Context, string, time.Time) error {
	return errViewerWrite("app.SetLastRun")
}

func (p *publicCampaigns) ClaimRun(context.Context, string, time.Time, string, time.Time, time.Time) (bool, error) {
	return false, errViewerWrite("app.ClaimRun")
}

// fill fills a page of up to limit items (0: all) from fetch, which lists
// items after a cursor, keeping those keep accepts, and asking fetch for
// more while kept items fall short.
func fill[T any](ctx context.Context, after string, limit int,
	fetch func(ctx context.Context, after string, n int) ([]T, error),
	id func(*T) string, keep func(*T) (bool, error)) ([]T, error) {
	var out []T
	cursor := after
	for {
		ask := limit
		if limit > 0 {
			ask = limit - len(out) + 16
		}
		batch, err := fetch(ctx, cursor, ask)
		if err != nil {
			return nil, err
		}
		for i := range batch {
			ok, err := keep(&batch[i])
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, batch[i])
				if limit > 0 && len(out) == limit {
					return out, nil
				}
			}
		}
		if limit <= 0 || len(batch) < ask {
			return out, nil
		}
		cursor = id(&batch[len(batch)-1])
	}
}

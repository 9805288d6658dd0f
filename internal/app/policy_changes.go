package app

import (
	"context"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

var _ graph.ChangeLog = (*publicStore)(nil)

// withoutHidden makes viewers' snapshot from the full one: the hidden
// entities and their ties are left out, and the rest of its memory is
// shared. It holds what a build from publicStore's Stream would.
func withoutHidden(ctx context.Context, s *snapshot.Snapshot) (*snapshot.Snapshot, error) {
	return s.Without(ctx, func(i int32) bool { return s.Node(i).Private })
}

// Changes is the store's change log as viewers see it, so that their
// snapshot follows writes as the full one does: hidden entities, and the
// ties that touch one, are left out of every change. A change that hides a
// record viewers could see, or shows one they could not, cannot be
// replayed so (the ties that appear or vanish with it are not in it): the
// log is then incomplete, and viewers' snapshot is built afresh.
func (p *publicStore) Changes(ctx context.Context, since uint64) ([]graph.Change, bool, error) {
	cl, ok := p.s.(graph.ChangeLog)
	if !ok {
		return nil, false, nil
	}
	changes, complete, err := cl.Changes(ctx, since)
	if err != nil || !complete {
		return nil, complete, err
	}
	// Whether each entity the changes touch was hidden before the first
	// of them: its first image is as it was then, or it did not exist.
	vis := map[string]visibility{}
	for i := range changes {
		c := &changes[i]
		for j := range c.EntitiesBefore {
			if _, ok := vis[c.EntitiesBefore[j].ID]; !ok {
				vis[c.EntitiesBefore[j].ID] = visibilityOf(&c.EntitiesBefore[j])
			}
		}
		for j := range c.EntitiesAfter {
			if _, ok := vis[c.EntitiesAfter[j].ID]; !ok {
				vis[c.EntitiesAfter[j].ID] = absent
			}
		}
	}
	// Any other entity is as the store has it.
	lookup := func(id string) (visibility, error) {
		if v, ok := vis[id]; ok {
			return v, nil
		}
		e, err := p.s.Entity(ctx, id)
		if graph.Is(err, graph.NotFound) {
			return absent, nil
		}
		if err != nil {
			return absent, err
		}
		vis[id] = visibilityOf(&e)
		return vis[id], nil
	}
	out := make([]graph.Change, len(changes))
	for i := range changes {
		c := &changes[i]
		o := graph.Change{Version: c.Version, Overflow: c.Overflow}
		// Ties before the change, with ends as they were.
		for j := range c.RelationshipsBefore {
			r := &c.RelationshipsBefore[j]
			if ok, err := seen(lookup, r); err != nil {
				return nil, false, err
			} else if ok {
				o.RelationshipsBefore = append(o.RelationshipsBefore, *r)
			}
		}
		after := map[string]*graph.Entity{}
		for j := range c.EntitiesAfter {
			after[c.EntitiesAfter[j].ID] = &c.EntitiesAfter[j]
		}
		for j := range c.EntitiesBefore {
			e := &c.EntitiesBefore[j]
			if a, ok := after[e.ID]; ok && hidden(a) != hidden(e) {
				return nil, false, nil
			}
			if !hidden(e) {
				o.EntitiesBefore = append(o.EntitiesBefore, *e)
			}
			vis[e.ID] = absent
		}
		for j := range c.EntitiesAfter {
			e := &c.EntitiesAfter[j]
			vis[e.ID] = visibilityOf(e)
			if !hidden(e) {
				o.EntitiesAfter = append(o.EntitiesAfter, *e)
			}
		}
		for j := range c.RelationshipsAfter {
			r := &c.RelationshipsAfter[j]
			if ok, err := seen(lookup, r); err != nil {
				return nil, false, err
			} else if ok {
				o.RelationshipsAfter = append(o.RelationshipsAfter, *r)
			}
		}
		out[i] = o
	}
	return out, true, nil
}

// visibility is whether an entity exists for viewers.
type visibility int8

const (
	absent visibility = iota
	shown
	concealed
)

func visibilityOf(e *graph.Entity) visibility {
	if hidden(e) {
		return concealed
	}
	return shown
}

// seen reports whether viewers see r: neither end is hidden.
func seen(lookup func(string) (visibility, error), r *graph.Relationship) (bool, error) {
	for _, id := range []string{r.Source, r.Target} {
		v, err := lookup(id)
		if err != nil || v == concealed {
			return false, err
		}
	}
	return true, nil
}

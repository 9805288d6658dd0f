package embedded

import (
	"context"
	"encoding/json"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.EventStore = (*Store)(nil)

// bucketEvents holds events, created on first write: event id → JSON of
// graph.Event.
var bucketEvents = []byte("events")

// CreateEvent stores a new event after checking it and what it names; an
// existing id is a Conflict.
func (s *Store) CreateEvent(ctx context.Context, e graph.Event, audit ...graph.AuditEntry) (graph.Event, error) {
	return s.writeEvent(ctx, "embedded.CreateEvent", e, true, "", audit)
}

// UpdateEvent replaces an existing event, keeping its CreatedAt.
func (s *Store) UpdateEvent(ctx context.Context, e graph.Event, revision string, audit ...graph.AuditEntry) (graph.Event, error) {
	return s.writeEvent(ctx, "embedded.UpdateEvent", e, false, revision, audit)
}

func (s *Store) writeEvent(ctx context.Context, op string, e graph.Event, create bool, revision string, audit []graph.AuditEntry) (graph.Event, error) {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return graph.Event{}, graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.Event{}, graph.E(op, err)
	}
	err = s.update(ctx, op, func(tx *bolt.Tx) error {
		var cur graph.Event
		found, err := getJSON(tx.Bucket(bucketEvents), []byte(e.ID), "event", &cur)
		switch {
		case err != nil:
			return err
		case create && found:
			return graph.Errorf(op, graph.Conflict, "an event with id %q already exists", e.ID)
		case !create && !found:
			return notFound(op, "event", e.ID)
		case found && revision != "" && revision != cur.Revision():
			return graph.RevisionMismatch(op, e.ID, revision, cur.Revision())
		}
		var known []string
		if found {
			known = cur.Refs()
		}
		if err := e.CheckRefs(lookupIn(tx), known...); err != nil {
			return err
		}
		e.UpdatedAt = now()
		e.CreatedAt = e.UpdatedAt
		if found {
			e.CreatedAt = cur.CreatedAt
		}
		if err := putJSON(tx, bucketEvents, []byte(e.ID), e); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
	if err != nil {
		return graph.Event{}, err
	}
	return e, nil
}

// Event returns one event.
func (s *Store) Event(ctx context.Context, id string) (graph.Event, error) {
	const op = "embedded.Event"
	var e graph.Event
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketEvents), []byte(id), "event", &e)
		if err == nil && !found {
			return notFound(op, "event", id)
		}
		return err
	})
	return e, err
}

// Events lists the matching events, newest first.
func (s *Store) Events(ctx context.Context, q graph.EventQuery) ([]graph.Event, error) {
	const op = "embedded.Events"
	out := []graph.Event{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		if b == nil {
			return nil
		}
		n := 0
		return b.ForEach(func(k, v []byte) error {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var e graph.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return corrupt("event", string(k), err)
			}
			if q.Match(&e) {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b graph.Event) int { return graph.EventsNewestFirst(&a, &b) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// DeleteEvent deletes one event.
func (s *Store) DeleteEvent(ctx context.Context, id, revision string, audit ...graph.AuditEntry) error {
	const op = "embedded.DeleteEvent"
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		var cur graph.Event
		found, err := getJSON(tx.Bucket(bucketEvents), []byte(id), "event", &cur)
		switch {
		case err != nil:
			return err
		case !found:
			return notFound(op, "event", id)
		case revision != "" && revision != cur.Revision():
			return graph.RevisionMismatch(op, id, revision, cur.Revision())
		}
		if err := tx.Bucket(bucketEvents).Delete([]byte(id)); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

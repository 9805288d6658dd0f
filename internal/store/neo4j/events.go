package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.EventStore = (*Store)(nil)

// Events are nodes labelled :PowermapEvent, never :Entity, so that no
// graph query, count or stream sees them. Each keeps its record as a JSON
// document (doc) beside the properties that listings filter and sort on:
// its type, its date, and the ids of the entities it names (refs).
const (
	cypherEventSchema = "CREATE CONSTRAINT powermap_event_id IF NOT EXISTS FOR (e:PowermapEvent) REQUIRE e.id IS UNIQUE"
	cypherEvent       = "MATCH (e:PowermapEvent {id: $id}) RETURN e.doc AS doc"
	cypherPutEvent    = "MERGE (e:PowermapEvent {id: $id}) SET e.type = $type, e.date = $date, e.refs = $refs, e.doc = $doc"
	cypherEvents      = "MATCH (e:PowermapEvent) " +
		"WHERE ($type = '' OR e.type = $type) AND ($entity = '' OR $entity IN e.refs) " +
		"AND ($since = '' OR e.date >= $since) AND ($until = '' OR e.date <= $until) " +
		"RETURN e.doc AS doc ORDER BY e.date DESC, e.id LIMIT $limit"
	cypherDeleteEvent = "MATCH (e:PowermapEvent {id: $id}) DELETE e"
)

// CreateEvent stores a new event after checking it and what it names; an
// existing id is a Conflict.
func (s *Store) CreateEvent(ctx context.Context, e graph.Event, audit ...graph.AuditEntry) (graph.Event, error) {
	return s.writeEvent(ctx, "neo4j.CreateEvent", e, true, "", audit)
}

// UpdateEvent replaces an existing event, keeping its CreatedAt.
func (s *Store) UpdateEvent(ctx context.Context, e graph.Event, revision string, audit ...graph.AuditEntry) (graph.Event, error) {
	return s.writeEvent(ctx, "neo4j.UpdateEvent", e, false, revision, audit)
}

// storedEvent reads one event in tx; nil when there is none.
func storedEvent(ctx context.Context, tx driver.ManagedTransaction, id string) (*graph.Event, error) {
	rec, err := single(ctx, tx, cypherEvent, map[string]any{"id": id})
	if err != nil || rec == nil {
		return nil, err
	}
	var e graph.Event
	if err := docOf(rec, "event", &e); err != nil {
		return nil, err
	}
	return &e, nil
}

func (s *Store) writeEvent(ctx context.Context, op string, e graph.Event, create bool, revision string, audit []graph.AuditEntry) (graph.Event, error) {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return graph.Event{}, wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return graph.Event{}, wrap(ctx, op, err)
	}
	if create {
		if _, err := driver.ExecuteQuery(ctx, s.driver, cypherEventSchema, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
			return graph.Event{}, wrap(ctx, op, err)
		}
	}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Event, error) {
		out := e
		cur, err := storedEvent(ctx, tx, e.ID)
		switch {
		case err != nil:
			return out, err
		case create && cur != nil:
			return out, graph.Errorf(op, graph.Conflict, "an event with id %q already exists", e.ID)
		case !create && cur == nil:
			return out, graph.Errorf(op, graph.NotFound, "no event with id %q", e.ID)
		case cur != nil && revision != "" && revision != cur.Revision():
			return out, graph.RevisionMismatch(op, e.ID, revision, cur.Revision())
		}
		var known []string
		if cur != nil {
			known = cur.Refs()
		}
		lookup, err := lookupTx(ctx, tx, e.Refs())
		if err != nil {
			return out, err
		}
		if err := e.CheckRefs(lookup, known...); err != nil {
			return out, err
		}
		out.UpdatedAt = nowMillis()
		out.CreatedAt = out.UpdatedAt
		if cur != nil {
			out.CreatedAt = cur.CreatedAt
		}
		doc, err := encodeDoc(out)
		if err != nil {
			return out, err
		}
		err = campaignExec(ctx, tx, cypherPutEvent, map[string]any{"id": out.ID, "type": string(out.Type), "date": out.Date,
			"refs": out.Refs(), "doc": doc})
		if err != nil {
			return out, err
		}
		return out, appendAudit(ctx, tx, audit)
	})
}

// Event returns one event.
func (s *Store) Event(ctx context.Context, id string) (graph.Event, error) {
	const op = "neo4j.Event"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Event, error) {
		e, err := storedEvent(ctx, tx, id)
		switch {
		case err != nil:
			return graph.Event{}, err
		case e == nil:
			return graph.Event{}, graph.Errorf(op, graph.NotFound, "no event with id %q", id)
		}
		return *e, nil
	})
}

// Events lists the matching events, newest first.
func (s *Store) Events(ctx context.Context, q graph.EventQuery) ([]graph.Event, error) {
	params := map[string]any{"type": string(q.Type), "entity": q.Entity, "since": q.Since, "until": q.Until, "limit": limitParam(q.Limit)}
	return readTx(ctx, s, "neo4j.Events", func(tx driver.ManagedTransaction) ([]graph.Event, error) {
		out := []graph.Event{}
		err := each(ctx, tx, cypherEvents, params, func(rec *driver.Record) error {
			var e graph.Event
			err := docOf(rec, "event", &e)
			out = append(out, e)
			return err
		})
		return out, err
	})
}

// DeleteEvent deletes one event.
func (s *Store) DeleteEvent(ctx context.Context, id, revision string, audit ...graph.AuditEntry) error {
	const op = "neo4j.DeleteEvent"
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		cur, err := storedEvent(ctx, tx, id)
		switch {
		case err != nil:
			return false, err
		case cur == nil:
			return false, graph.Errorf(op, graph.NotFound, "no event with id %q", id)
		case revision != "" && revision != cur.Revision():
			return false, graph.RevisionMismatch(op, id, revision, cur.Revision())
		}
		if err := campaignExec(ctx, tx, cypherDeleteEvent, map[string]any{"id": id}); err != nil {
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

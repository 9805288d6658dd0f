package neo4j

import (
	"context"
	"errors"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.MergeStore = (*Store)(nil)

// Merges keep two kinds of nodes, never :Entity: a :PowermapRedirect
// {from, to} per merged-away id, and a :PowermapMerge {id, at, doc} per
// merge, whose doc is the JSON of graph.Merge.
var mergeSchema = []string{
	"CREATE CONSTRAINT powermap_redirect_from IF NOT EXISTS FOR (x:PowermapRedirect) REQUIRE x.from IS UNIQUE",
	"CREATE CONSTRAINT powermap_merge_id IF NOT EXISTS FOR (m:PowermapMerge) REQUIRE m.id IS UNIQUE",
}

const (
	// cypherRedirect answers an id that is no entity with the entity it
	// was merged into.
	cypherRedirect = "MATCH (x:PowermapRedirect {from: $id}) WHERE NOT EXISTS { MATCH (:Entity {id: $id}) } " +
		"RETURN x.to AS to"
	cypherAnyRedirect = "MATCH (x:PowermapRedirect) RETURN x.from AS from LIMIT 1"
	// cypherRedirects answers, for each of ids that is no entity and was
	// merged into an entity that exists, that entity's id.
	cypherRedirects = "UNWIND $ids AS id MATCH (x:PowermapRedirect {from: id}) " +
		"WHERE NOT EXISTS { MATCH (:Entity {id: id}) } AND EXISTS { MATCH (:Entity {id: x.to}) } " +
		"RETURN id, x.to AS to"
	cypherRedirectsTo = "MATCH (x:PowermapRedirect {to: $id}) RETURN x.from AS from, x.to AS to"
	cypherRedirectsOf = "UNWIND $ids AS id MATCH (x:PowermapRedirect {from: id}) RETURN x.from AS from, x.to AS to"
	cypherPutRedirect = "MERGE (x:PowermapRedirect {from: $from}) SET x.to = $to"
	cypherDelRedirect = "MATCH (x:PowermapRedirect {from: $from}) DELETE x"
	cypherPutMerge    = "MERGE (m:PowermapMerge {id: $id}) SET m.at = $at, m.doc = $doc"
	cypherMerge       = "MATCH (m:PowermapMerge {id: $id}) RETURN m.doc AS doc"
	cypherMerges      = "MATCH (m:PowermapMerge) RETURN m.doc AS doc ORDER BY m.at DESC, m.id DESC LIMIT $limit"
	// The campaign and log documents a merge reads are locked as they are
	// read (setting and removing a property takes a node's write lock), so
	// that no campaign or log write commits between the read and the
	// merge's write of them.
	cypherAllDocs      = "MATCH (c:PowermapCampaign) SET c.lock = true REMOVE c.lock RETURN c.doc AS doc"
	cypherLogWith      = "MATCH (i:PowermapInteraction) WHERE $id IN i.participants SET i.lock = true REMOVE i.lock RETURN i.doc AS doc"
	cypherCampaignLock = "MATCH (c:PowermapCampaign {id: $id}) SET c.lock = true REMOVE c.lock RETURN c.doc AS doc"
	cypherLogLock      = "MATCH (i:PowermapInteraction {id: $id}) SET i.lock = true REMOVE i.lock RETURN i.doc AS doc"
	cypherPutLogEntry  = "MERGE (i:PowermapInteraction {id: $id}) SET i.date = $date, i.campaign = $campaign, i.participants = $participants, i.doc = $doc"
)

// redirectTx returns the entity id that id was merged into, when id is not
// itself an entity.
func redirectTx(ctx context.Context, tx driver.ManagedTransaction, id string) (string, bool, error) {
	rec, err := single(ctx, tx, cypherRedirect, map[string]any{"id": id})
	if err != nil || rec == nil {
		return "", false, err
	}
	to, err := value[string](rec, "to")
	return to, err == nil, err
}

// redirectBatch rewrites b for the stored redirects (graph.Batch.Redirect),
// in a read transaction of its own before Apply's: a store that never
// merged pays one short query.
func (s *Store) redirectBatch(ctx context.Context, b *graph.Batch) error {
	const op = "neo4j.Apply"
	_, err := readTx(ctx, s, op, func(tx driver.ManagedTransaction) (struct{}, error) {
		if rec, err := single(ctx, tx, cypherAnyRedirect, nil); err != nil || rec == nil {
			return struct{}{}, err
		}
		seen := map[string]bool{}
		var ids []string
		add := func(id string) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		for i := range b.Entities {
			add(b.Entities[i].ID)
		}
		for i := range b.Relationships {
			add(b.Relationships[i].Source)
			add(b.Relationships[i].Target)
		}
		to := map[string]string{}
		for _, chunk := range chunks(ids, 10_000) {
			err := each(ctx, tx, cypherRedirects, map[string]any{"ids": chunk}, func(rec *driver.Record) error {
				id, err := value[string](rec, "id")
				if err != nil {
					return err
				}
				to[id], err = value[string](rec, "to")
				return err
			})
			if err != nil {
				return struct{}{}, err
			}
		}
		if len(to) == 0 {
			return struct{}{}, nil
		}
		_, err := b.Redirect(func(id string) (string, bool) { t, ok := to[id]; return t, ok },
			func(id string) (graph.Entity, bool, error) {
				rec, err := single(ctx, tx, cypher.entity, map[string]any{"id": id})
				if err != nil || rec == nil {
					return graph.Entity{}, false, err
				}
				e, err := entityField(rec, "p")
				return e, err == nil, err
			})
		return struct{}{}, err
	})
	return err
}

// readEntity reads one entity in tx; ok is false when there is none.
func readEntity(ctx context.Context, tx driver.ManagedTransaction, id string) (graph.Entity, bool, error) {
	rec, err := single(ctx, tx, cypher.entity, map[string]any{"id": id})
	if err != nil || rec == nil {
		return graph.Entity{}, false, err
	}
	e, err := entityField(rec, "p")
	return e, err == nil, err
}

// docs reads the JSON documents that q returns into Ts.
func docs[T any](ctx context.Context, tx driver.ManagedTransaction, q, what string, params map[string]any) ([]T, error) {
	var out []T
	err := each(ctx, tx, q, params, func(rec *driver.Record) error {
		var x T
		if err := docOf(rec, what, &x); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

func redirectsOf(ctx context.Context, tx driver.ManagedTransaction, q string, params map[string]any) ([]graph.Redirect, error) {
	var out []graph.Redirect
	err := each(ctx, tx, q, params, func(rec *driver.Record) error {
		var x graph.Redirect
		var err error
		if x.From, err = value[string](rec, "from"); err != nil {
			return err
		}
		x.To, err = value[string](rec, "to")
		out = append(out, x)
		return err
	})
	return out, err
}

func (s *Store) ensureMergeSchema(ctx context.Context) error {
	if err := s.ensureCampaignSchema(ctx); err != nil {
		return err
	}
	for _, q := range mergeSchema {
		if _, err := driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
			return err
		}
	}
	return nil
}

// writeMerge runs work, which reads and plans a merge or its undo, and
// then writes the change, the record and the audit entries, in one write
// transaction that holds the writers' lock from its start.
func (s *Store) writeMerge(ctx context.Context, op string, work func(tx driver.ManagedTransaction) (*graph.Merge, graph.MergeChange, func(graph.Merge) []graph.AuditEntry, error)) (graph.Merge, error) {
	if err := s.ensureMergeSchema(ctx); err != nil {
		return graph.Merge{}, wrap(ctx, op, err)
	}
	sess := s.session(ctx, driver.AccessModeWrite)
	defer closeSession(ctx, sess)
	for attempt := 1; ; attempt++ {
		v, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) {
			if _, err := single(ctx, tx, cypher.lockMeta, nil); err != nil {
				return nil, err
			}
			m, ch, audit, err := work(tx)
			if err != nil {
				return nil, err
			}
			b := ch.Batch
			if err := b.Prepare(); err != nil {
				return nil, err
			}
			if audit != nil {
				b.Audit = func(graph.Stats) []graph.AuditEntry { return audit(*m) }
			}
			if _, err := s.apply(ctx, tx, newPlan(&b)); err != nil {
				return nil, err
			}
			for _, c := range ch.Campaigns {
				doc, err := encodeDoc(c)
				if err != nil {
					return nil, err
				}
				if err := campaignExec(ctx, tx, cypherPutCampaign, map[string]any{"id": c.ID, "doc": doc}); err != nil {
					return nil, err
				}
			}
			for _, i := range ch.Interactions {
				doc, err := encodeDoc(i)
				if err != nil {
					return nil, err
				}
				if err := campaignExec(ctx, tx, cypherPutLogEntry, map[string]any{"id": i.ID, "date": i.Date, "campaign": i.Campaign,
					"participants": i.Participants, "doc": doc}); err != nil {
					return nil, err
				}
			}
			for _, from := range ch.DeleteRedirects {
				if err := campaignExec(ctx, tx, cypherDelRedirect, map[string]any{"from": from}); err != nil {
					return nil, err
				}
			}
			for _, x := range ch.PutRedirects {
				if err := campaignExec(ctx, tx, cypherPutRedirect, map[string]any{"from": x.From, "to": x.To}); err != nil {
					return nil, err
				}
			}
			doc, err := encodeDoc(m)
			if err != nil {
				return nil, err
			}
			if err := campaignExec(ctx, tx, cypherPutMerge, map[string]any{"id": m.ID, "at": m.At, "doc": doc}); err != nil {
				return nil, err
			}
			return *m, nil
		})
		if errors.Is(err, errStale) && attempt < maxStale {
			continue
		}
		if err != nil {
			return graph.Merge{}, wrap(ctx, op, err)
		}
		return v.(graph.Merge), nil
	}
}

// Merge merges r.Drop into r.Keep in one transaction (graph.MergeStore).
func (s *Store) Merge(ctx context.Context, r graph.MergeRequest) (graph.Merge, error) {
	const op = "neo4j.Merge"
	if r.At.IsZero() {
		r.At = nowMillis()
	}
	if r.ID == "" {
		r.ID = graph.NewMergeID() // once, so that a retried transaction keeps it
	}
	return s.writeMerge(ctx, op, func(tx driver.ManagedTransaction) (*graph.Merge, graph.MergeChange, func(graph.Merge) []graph.AuditEntry, error) {
		var in graph.MergeInput
		fail := func(err error) (*graph.Merge, graph.MergeChange, func(graph.Merge) []graph.AuditEntry, error) {
			return nil, graph.MergeChange{}, nil, err
		}
		keep := r.Keep
		if to, ok, err := redirectTx(ctx, tx, keep); err != nil {
			return fail(err)
		} else if ok {
			keep = to
		}
		var ok bool
		var err error
		if in.Keep, ok, err = readEntity(ctx, tx, keep); err != nil {
			return fail(err)
		} else if !ok {
			return fail(noEntity(op, "keep", keep))
		}
		if in.Drop, ok, err = readEntity(ctx, tx, r.Drop); err != nil {
			return fail(err)
		} else if !ok {
			if to, merged, err := redirectTx(ctx, tx, r.Drop); err != nil {
				return fail(err)
			} else if merged {
				return fail(graph.Errorf(op, graph.Conflict, "%q was already merged into %q", r.Drop, to))
			}
			return fail(noEntity(op, "drop", r.Drop))
		}
		seen := map[string]bool{}
		for _, id := range []string{in.Keep.ID, in.Drop.ID} {
			err := each(ctx, tx, cypher.relsByEntity, map[string]any{"entity": id, "after": "", "type": nil, "limit": limitParam(0)}, func(rec *driver.Record) error {
				rel, err := relRecord(rec)
				if err == nil && !seen[rel.ID] {
					seen[rel.ID] = true
					in.Ties = append(in.Ties, rel)
				}
				return err
			})
			if err != nil {
				return fail(err)
			}
		}
		if in.Campaigns, err = docs[graph.Campaign](ctx, tx, cypherAllDocs, "campaign", nil); err != nil {
			return fail(err)
		}
		if in.Interactions, err = docs[graph.Interaction](ctx, tx, cypherLogWith, "interaction", map[string]any{"id": in.Drop.ID}); err != nil {
			return fail(err)
		}
		if in.Redirects, err = redirectsOf(ctx, tx, cypherRedirectsTo, map[string]any{"id": in.Drop.ID}); err != nil {
			return fail(err)
		}
		m, err := graph.PlanMerge(r, in)
		if err != nil {
			return fail(err)
		}
		return &m, m.Forward(), r.Audit, nil
	})
}

// Unmerge undoes merge r.ID (graph.MergeStore).
func (s *Store) Unmerge(ctx context.Context, r graph.UnmergeRequest) (graph.Merge, error) {
	const op = "neo4j.Unmerge"
	if r.At.IsZero() {
		r.At = nowMillis()
	}
	return s.writeMerge(ctx, op, func(tx driver.ManagedTransaction) (*graph.Merge, graph.MergeChange, func(graph.Merge) []graph.AuditEntry, error) {
		fail := func(err error) (*graph.Merge, graph.MergeChange, func(graph.Merge) []graph.AuditEntry, error) {
			return nil, graph.MergeChange{}, nil, err
		}
		ms, err := docs[graph.Merge](ctx, tx, cypherMerge, "merge", map[string]any{"id": r.ID})
		if err != nil {
			return fail(err)
		}
		if len(ms) == 0 {
			return fail(graph.Errorf(op, graph.NotFound, "no merge with id %q", r.ID))
		}
		m := ms[0]
		if m.Undone() {
			return fail(graph.Errorf(op, graph.Conflict, "merge %s was already undone at %s", m.ID, m.UndoneAt.Format("2006-01-02 15:04:05Z")))
		}
		var cur graph.MergeSide
		ents, rels, camps, ixs, reds := m.Touched()
		for _, id := range ents {
			e, ok, err := readEntity(ctx, tx, id)
			if err != nil {
				return fail(err)
			}
			if ok {
				cur.Entities = append(cur.Entities, e)
			}
		}
		for _, id := range rels {
			rec, err := single(ctx, tx, cypher.relationship, map[string]any{"id": id})
			if err != nil {
				return fail(err)
			}
			if rec != nil {
				rel, err := relRecord(rec)
				if err != nil {
					return fail(err)
				}
				cur.Relationships = append(cur.Relationships, rel)
			}
		}
		for _, id := range camps {
			cs, err := docs[graph.Campaign](ctx, tx, cypherCampaignLock, "campaign", map[string]any{"id": id})
			if err != nil {
				return fail(err)
			}
			cur.Campaigns = append(cur.Campaigns, cs...)
		}
		for _, id := range ixs {
			is, err := docs[graph.Interaction](ctx, tx, cypherLogLock, "interaction", map[string]any{"id": id})
			if err != nil {
				return fail(err)
			}
			cur.Interactions = append(cur.Interactions, is...)
		}
		if cur.Redirects, err = redirectsOf(ctx, tx, cypherRedirectsOf, map[string]any{"ids": reds}); err != nil {
			return fail(err)
		}
		if ds := m.UndoConflicts(cur); len(ds) > 0 {
			return fail(m.UndoConflict(op, ds))
		}
		m.UndoneAt, m.UndoneBy = r.At.UTC(), r.By
		return &m, m.Backward(), r.Audit, nil
	})
}

// MergeRecord returns one merge with its records.
func (s *Store) MergeRecord(ctx context.Context, id string) (graph.Merge, error) {
	const op = "neo4j.MergeRecord"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Merge, error) {
		ms, err := docs[graph.Merge](ctx, tx, cypherMerge, "merge", map[string]any{"id": id})
		if err != nil {
			return graph.Merge{}, err
		}
		if len(ms) == 0 {
			return graph.Merge{}, graph.Errorf(op, graph.NotFound, "no merge with id %q", id)
		}
		return ms[0], nil
	})
}

// Merges lists merges newest first.
func (s *Store) Merges(ctx context.Context, limit int) ([]graph.Merge, error) {
	const op = "neo4j.Merges"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) ([]graph.Merge, error) {
		ms, err := docs[graph.Merge](ctx, tx, cypherMerges, "merge", map[string]any{"limit": limitParam(limit)})
		if err != nil {
			return nil, err
		}
		out := make([]graph.Merge, len(ms))
		for i := range ms {
			out[i] = ms[i].Summary()
		}
		graph.SortMerges(out)
		return out, nil
	})
}

func noEntity(op, field, id string) error {
	return &graph.Error{Op: op, Code: graph.NotFound, Message: "no entity with id " + quoteText(id),
		Details: []graph.Detail{{Record: id, Field: field, Reason: "no such entity"}}}
}

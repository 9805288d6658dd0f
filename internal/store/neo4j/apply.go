package neo4j

import (
	"context"
	"fmt"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

// entityRow is an entity ready to write.
type entityRow struct {
	id, rev, labels string
	props           map[string]any
}

// relRow is a relationship ready to write.
type relRow struct {
	id, rev, source, target string
	typ                     graph.RelType
	props                   map[string]any
}

// plan is a prepared batch: deduplicated, encoded once, so that the
// transaction function does no work that a retry would repeat in vain.
type plan struct {
	entities    []entityRow
	rels        []relRow
	delEntities []string
	delRels     []string
	expect      []graph.Expectation
	inBatch     map[string]bool // ids of the batch's entities
}

func newPlan(b *graph.Batch) *plan {
	p := &plan{expect: b.Expect, inBatch: make(map[string]bool, len(b.Entities))}
	for i := range b.Entities {
		e := &b.Entities[i]
		if p.inBatch[e.ID] {
			continue // Prepare refused duplicates that differ
		}
		p.inBatch[e.ID] = true
		p.entities = append(p.entities, entityRow{id: e.ID, rev: e.Revision(), labels: labelSet(e), props: entityProps(e)})
	}
	seen := make(map[string]bool, len(b.Relationships))
	for i := range b.Relationships {
		r := &b.Relationships[i]
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		p.rels = append(p.rels, relRow{id: r.ID, rev: r.Revision(), source: r.Source, target: r.Target, typ: r.Type, props: relProps(r)})
	}
	p.delEntities = unique(b.DeleteEntities)
	p.delRels = unique(b.DeleteRelationships)
	return p
}

// Apply writes the batch in one managed write transaction: deletes, then
// entity upserts, then relationship upserts, in UNWIND statements of
// Config.BatchRows rows. Records whose stored revision equals the new one are
// not written. The version grows by one when anything changed.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	const op = "neo4j.Apply"
	if err := b.Prepare(); err != nil {
		return graph.Stats{}, wrap(ctx, op, err)
	}
	if b.Empty() && len(b.Expect) == 0 {
		return graph.Stats{}, nil
	}
	p := newPlan(b)
	sess := s.session(ctx, driver.AccessModeWrite)
	defer closeSession(ctx, sess)
	v, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) {
		return s.apply(ctx, tx, p)
	})
	if err != nil {
		return graph.Stats{}, wrap(ctx, op, err)
	}
	st := v.(graph.Stats)
	if st.Changed() {
		s.log.Debug("neo4j apply", "stats", st)
	}
	return st, nil
}

// apply is the transaction function. It starts from scratch on every call, so
// the driver may retry it.
func (s *Store) apply(ctx context.Context, tx driver.ManagedTransaction, p *plan) (graph.Stats, error) {
	var st graph.Stats
	// Take the writers' lock first: what this transaction reads next
	// cannot change before it commits.
	if _, err := single(ctx, tx, cypher.lockMeta, nil); err != nil {
		return st, err
	}
	if err := s.checkExpect(ctx, tx, p.expect); err != nil {
		return st, err
	}
	if err := s.checkEndpoints(ctx, tx, p); err != nil {
		return st, err
	}

	// Deletes. A missing id fails the batch before anything is written.
	delRels, err := s.relRevs(ctx, tx, p.delRels)
	if err != nil {
		return st, err
	}
	delEnts, err := s.entityRevs(ctx, tx, p.delEntities)
	if err != nil {
		return st, err
	}
	var missing []graph.Detail
	for _, id := range p.delRels {
		if _, ok := delRels[id]; !ok {
			missing = append(missing, graph.Detail{Record: id, Field: "delete_relationships", Reason: "no such relationship"})
		}
	}
	for _, id := range p.delEntities {
		if _, ok := delEnts[id]; !ok {
			missing = append(missing, graph.Detail{Record: id, Field: "delete_entities", Reason: "no such entity"})
		}
	}
	if len(missing) > 0 {
		return st, &graph.Error{Op: "neo4j.Apply", Code: graph.NotFound, Message: "cannot delete: " + missing[0].String(), Details: missing}
	}
	byType := map[graph.RelType][]string{}
	for id, o := range delRels {
		byType[o.typ] = append(byType[o.typ], id)
	}
	if err := s.runIDsByType(ctx, tx, cypher.deleteRels, byType); err != nil {
		return st, err
	}
	st.RelationshipsDeleted += len(delRels)
	for _, ids := range chunks(p.delEntities, s.cfg.BatchRows) {
		rec, err := single(ctx, tx, cypher.countCascade, map[string]any{"ids": ids})
		if err != nil {
			return st, err
		}
		n, err := value[int64](rec, "c")
		if err != nil {
			return st, err
		}
		st.RelationshipsDeleted += int(n)
		if rec, err = single(ctx, tx, cypher.deleteEntities, map[string]any{"ids": ids}); err != nil {
			return st, err
		}
		if n, err = value[int64](rec, "c"); err != nil {
			return st, err
		}
		st.EntitiesDeleted += int(n)
	}

	// Entities.
	if len(p.entities) > 0 {
		ids := make([]string, len(p.entities))
		for i, e := range p.entities {
			ids[i] = e.id
		}
		revs, err := s.entityRevs(ctx, tx, ids)
		if err != nil {
			return st, err
		}
		create := map[string][]any{}
		update := map[string][]any{}
		for _, e := range p.entities {
			old, exists := revs[e.id]
			switch {
			case !exists:
				create[e.labels] = append(create[e.labels], e.props)
				st.EntitiesCreated++
			case old != e.rev:
				update[e.labels] = append(update[e.labels], e.props)
				st.EntitiesUpdated++
			default:
				st.EntitiesUnchanged++
			}
		}
		for _, ls := range labelSets {
			if err := s.runRows(ctx, tx, cypher.updateEntities[ls], update[ls]); err != nil {
				return st, err
			}
			if err := s.runRows(ctx, tx, cypher.createEntities[ls], create[ls]); err != nil {
				return st, err
			}
		}
	}

	// Relationships. One whose type or endpoints changed is deleted and
	// created again, since Neo4j cannot retype or move a relationship.
	if len(p.rels) > 0 {
		ids := make([]string, len(p.rels))
		for i, r := range p.rels {
			ids[i] = r.id
		}
		old, err := s.relRevs(ctx, tx, ids)
		if err != nil {
			return st, err
		}
		create := map[graph.RelType][]any{}
		update := map[graph.RelType][]any{}
		drop := map[graph.RelType][]string{}
		for _, r := range p.rels {
			o, exists := old[r.id]
			switch {
			case !exists:
				create[r.typ] = append(create[r.typ], map[string]any{"s": r.source, "t": r.target, "p": r.props})
				st.RelationshipsCreated++
			case o.rev == r.rev:
				st.RelationshipsUnchanged++
			case o.typ == r.typ && o.source == r.source && o.target == r.target:
				update[r.typ] = append(update[r.typ], map[string]any{"p": r.props})
				st.RelationshipsUpdated++
			default:
				drop[o.typ] = append(drop[o.typ], r.id)
				create[r.typ] = append(create[r.typ], map[string]any{"s": r.source, "t": r.target, "p": r.props})
				st.RelationshipsUpdated++
			}
		}
		if err := s.runIDsByType(ctx, tx, cypher.deleteRels, drop); err != nil {
			return st, err
		}
		for _, t := range graph.Types() {
			if err := s.runRows(ctx, tx, cypher.updateRels[t.Type], update[t.Type]); err != nil {
				return st, err
			}
			if err := s.runRows(ctx, tx, cypher.createRels[t.Type], create[t.Type]); err != nil {
				return st, err
			}
		}
	}

	if st.Changed() {
		if _, err := single(ctx, tx, cypher.bumpVersion, nil); err != nil {
			return st, err
		}
	}
	return st, nil
}

// checkExpect fails with Conflict, with a Detail per failed expectation,
// unless every expectation holds.
func (s *Store) checkExpect(ctx context.Context, tx driver.ManagedTransaction, xs []graph.Expectation) error {
	var ds []graph.Detail
	for _, x := range xs {
		var id, cur string
		if x.Entity != "" {
			id = x.Entity
			revs, err := s.entityRevs(ctx, tx, []string{id})
			if err != nil {
				return err
			}
			cur = revs[id]
		} else {
			id = x.Relationship
			revs, err := s.relRevs(ctx, tx, []string{id})
			if err != nil {
				return err
			}
			cur = revs[id].rev
		}
		if cur == x.Revision {
			continue
		}
		var reason string
		switch {
		case x.Revision == "":
			reason = "expected no record, but it exists at revision " + cur
		case cur == "":
			reason = "expected revision " + x.Revision + ", but the record does not exist"
		default:
			reason = "expected revision " + x.Revision + ", but it is at revision " + cur
		}
		ds = append(ds, graph.Detail{Record: id, Field: "revision", Reason: reason})
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Op: "neo4j.Apply", Code: graph.Conflict, Message: "conflict: " + ds[0].String(), Details: ds}
}

// checkEndpoints fails with Invalid, with a Detail per missing endpoint, when
// a relationship joins an entity that is neither in the batch nor in the
// store (or that the batch deletes).
func (s *Store) checkEndpoints(ctx context.Context, tx driver.ManagedTransaction, p *plan) error {
	deleted := make(map[string]bool, len(p.delEntities))
	for _, id := range p.delEntities {
		deleted[id] = true
	}
	need := map[string]bool{}
	for _, r := range p.rels {
		for _, id := range []string{r.source, r.target} {
			if !p.inBatch[id] {
				need[id] = true
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	ids := make([]string, 0, len(need))
	for id := range need {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	found, err := s.entityRevs(ctx, tx, ids)
	if err != nil {
		return err
	}
	var ds []graph.Detail
	for _, r := range p.rels {
		for _, end := range []struct{ field, id string }{{"source", r.source}, {"target", r.target}} {
			if p.inBatch[end.id] {
				continue
			}
			if _, ok := found[end.id]; ok && !deleted[end.id] {
				continue
			}
			reason := fmt.Sprintf("unknown entity %q: it is neither in the store nor in the batch", end.id)
			if deleted[end.id] {
				reason = "entity " + fmt.Sprintf("%q", end.id) + " is deleted by this batch"
			}
			ds = append(ds, graph.Detail{Record: r.id, Field: end.field, Reason: reason})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Op: "neo4j.Apply", Code: graph.Invalid, Message: "invalid batch: " + ds[0].String(), Details: ds}
}

// entityRevs returns the stored revision of each of ids that exists.
func (s *Store) entityRevs(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, part := range chunks(ids, s.cfg.BatchRows) {
		err := each(ctx, tx, cypher.entityRevs, map[string]any{"ids": part}, func(rec *driver.Record) error {
			id, err := value[string](rec, "id")
			if err != nil {
				return err
			}
			rev, _ := rec.Get("rev")
			out[id], _ = rev.(string)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// oldRel is what Apply needs to know of a stored relationship.
type oldRel struct {
	rev, source, target string
	typ                 graph.RelType
}

// relRevs looks up each of ids that exists, whatever its type.
func (s *Store) relRevs(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]oldRel, error) {
	out := make(map[string]oldRel, len(ids))
	for _, part := range chunks(ids, s.cfg.BatchRows) {
		err := each(ctx, tx, cypher.relRevs, map[string]any{"ids": part}, func(rec *driver.Record) error {
			var o oldRel
			id, err := value[string](rec, "id")
			if err != nil {
				return err
			}
			rev, _ := rec.Get("rev")
			o.rev, _ = rev.(string)
			if o.source, err = value[string](rec, "s"); err != nil {
				return err
			}
			if o.target, err = value[string](rec, "t"); err != nil {
				return err
			}
			typ, err := value[string](rec, "type")
			o.typ = graph.RelType(typ)
			out[id] = o
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runRows runs an UNWIND $rows statement over rows, a chunk at a time.
func (s *Store) runRows(ctx context.Context, tx driver.ManagedTransaction, q string, rows []any) error {
	for _, part := range chunks(rows, s.cfg.BatchRows) {
		res, err := tx.Run(ctx, q, map[string]any{"rows": part})
		if err != nil {
			return err
		}
		if _, err := res.Consume(ctx); err != nil {
			return err
		}
	}
	return nil
}

// runIDsByType runs the per-type UNWIND $ids statement of stmts for each
// type's ids.
func (s *Store) runIDsByType(ctx context.Context, tx driver.ManagedTransaction, stmts map[graph.RelType]string, ids map[graph.RelType][]string) error {
	for _, t := range graph.Types() {
		for _, part := range chunks(ids[t.Type], s.cfg.BatchRows) {
			res, err := tx.Run(ctx, stmts[t.Type], map[string]any{"ids": part})
			if err != nil {
				return err
			}
			if _, err := res.Consume(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

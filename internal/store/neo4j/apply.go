package neo4j

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

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
	batch       *graph.Batch    // for its audit entries, made in the transaction
	// lockFirst makes apply take the writers' lock before it reads, so
	// that no other writer can make it stale (see Apply).
	lockFirst bool
}

func newPlan(b *graph.Batch) *plan {
	p := &plan{expect: b.Expect, inBatch: make(map[string]bool, len(b.Entities)), batch: b}
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

// errStale reports that another writer committed while Apply was reading;
// Apply then runs its transaction again.
var errStale = errors.New("the store changed while the batch was being prepared")

// maxStale caps how many times Apply starts over because of errStale.
const maxStale = 20

// optimisticTries is how many times Apply reads before it locks; after
// that it locks first. Reading first keeps Neo4j's relationship index
// seeks fast (see apply), but under a steady stream of writes from other
// processes a writer could start over again and again.
const optimisticTries = 2

// Apply writes the batch in one managed write transaction: deletes, then
// entity upserts, then relationship upserts, in UNWIND statements of
// Config.BatchRows rows. Records whose stored revision equals the new one are
// not written. The version grows by one when anything changed, and the
// change log (Changes) gets the write's graph.Change. The batch's audit
// entries (graph.Batch.Audit) are created in the same transaction.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	const op = "neo4j.Apply"
	if err := b.Prepare(); err != nil {
		return graph.Stats{}, wrap(ctx, op, err)
	}
	if b.Empty() && len(b.Expect) == 0 && b.Audit == nil {
		return graph.Stats{}, nil
	}
	if err := s.redirectBatch(ctx, b); err != nil {
		return graph.Stats{}, err
	}
	p := newPlan(b)
	sess := s.session(ctx, driver.AccessModeWrite)
	defer closeSession(ctx, sess)
	for attempt := 1; ; attempt++ {
		p.lockFirst = attempt > optimisticTries
		v, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) {
			return s.apply(ctx, tx, p)
		})
		if errors.Is(err, errStale) {
			if attempt < maxStale {
				continue
			}
			return graph.Stats{}, &graph.Error{Op: op, Code: graph.Unavailable, Message: "store busy: too many concurrent writes, try again", Err: err}
		}
		if err != nil {
			return graph.Stats{}, wrap(ctx, op, err)
		}
		st := v.(graph.Stats)
		if st.Changed() {
			s.log.Debug("neo4j apply", "stats", st, "attempts", attempt)
		}
		return st, nil
	}
}

// apply is the transaction function. It starts from scratch on every call, so
// the driver may retry it.
//
// It reads everything it needs first, then takes the writers' lock, then
// writes. Neo4j's relationship index seeks become very slow in a transaction
// that has written anything, so no such seek follows a write: relationships
// are found again by element id. Reads are read-committed, so the version
// read first must still be current once the lock is held; if another writer
// got in between, apply returns errStale and Apply starts over. With
// p.lockFirst it takes the lock before it reads, and is never stale.
func (s *Store) apply(ctx context.Context, tx driver.ManagedTransaction, p *plan) (graph.Stats, error) {
	var st graph.Stats
	began := time.Now()
	phase := func(name string) {
		s.log.Debug("neo4j apply phase", "phase", name, "elapsed", time.Since(began))
	}

	// Read.
	if p.lockFirst {
		if _, err := single(ctx, tx, cypher.lockMeta, nil); err != nil {
			return st, err
		}
	}
	v0, err := readVersion(ctx, tx)
	if err != nil {
		return st, err
	}
	if err := s.checkExpect(ctx, tx, p.expect); err != nil {
		return st, err
	}
	delRels, err := s.relRevs(ctx, tx, p.delRels)
	if err != nil {
		return st, err
	}
	delEnts, err := s.entityRevs(ctx, tx, p.delEntities)
	if err != nil {
		return st, err
	}
	if err := missingDeletes(p, delRels, delEnts); err != nil {
		return st, err
	}
	if err := s.checkEndpoints(ctx, tx, p); err != nil {
		return st, err
	}
	cascade, err := s.cascade(ctx, tx, p.delEntities)
	if err != nil {
		return st, err
	}
	entRevs, err := s.entityRevs(ctx, tx, entityIDs(p))
	if err != nil {
		return st, err
	}
	oldRels, err := s.relRevs(ctx, tx, relIDs(p))
	if err != nil {
		return st, err
	}
	phase("read")

	// Decide, and gather what the change log needs.
	var cp changePlan
	st.RelationshipsDeleted = len(delRels)
	for id, eid := range cascade {
		if _, explicit := delRels[id]; !explicit {
			st.RelationshipsDeleted++
			cp.beforeRels = append(cp.beforeRels, eid)
		}
	}
	st.EntitiesDeleted = len(delEnts)
	for id := range delEnts {
		cp.beforeEntities = append(cp.beforeEntities, id)
	}
	createE, updateE := map[string][]any{}, map[string][]any{}
	for _, e := range p.entities {
		old, exists := entRevs[e.id]
		if _, deleted := delEnts[e.id]; deleted {
			exists = false
		}
		switch {
		case !exists:
			createE[e.labels] = append(createE[e.labels], e.props)
			st.EntitiesCreated++
			cp.afterEntities = append(cp.afterEntities, e.props)
		case old != e.rev:
			updateE[e.labels] = append(updateE[e.labels], e.props)
			st.EntitiesUpdated++
			cp.beforeEntities = append(cp.beforeEntities, e.id)
			cp.afterEntities = append(cp.afterEntities, e.props)
		default:
			st.EntitiesUnchanged++
		}
	}
	createR := map[graph.RelType][]any{}
	var updateR []any
	var dropR []string // element ids of relationships that change type or ends
	delRelEIDs := make([]string, 0, len(delRels))
	for _, o := range delRels {
		delRelEIDs = append(delRelEIDs, o.eid)
	}
	cp.beforeRels = append(cp.beforeRels, delRelEIDs...)
	for _, r := range p.rels {
		o, exists := oldRels[r.id]
		if exists {
			_, explicit := delRels[r.id]
			_, cascaded := cascade[r.id]
			exists = !explicit && !cascaded
		}
		switch {
		case !exists:
			createR[r.typ] = append(createR[r.typ], map[string]any{"s": r.source, "t": r.target, "p": r.props})
			st.RelationshipsCreated++
			cp.afterRels = append(cp.afterRels, r)
		case o.rev == r.rev:
			st.RelationshipsUnchanged++
		case o.typ == r.typ && o.source == r.source && o.target == r.target:
			updateR = append(updateR, map[string]any{"e": o.eid, "p": r.props})
			st.RelationshipsUpdated++
			cp.beforeRels = append(cp.beforeRels, o.eid)
			cp.afterRels = append(cp.afterRels, r)
		default:
			// Neo4j cannot retype or move a relationship.
			dropR = append(dropR, o.eid)
			createR[r.typ] = append(createR[r.typ], map[string]any{"s": r.source, "t": r.target, "p": r.props})
			st.RelationshipsUpdated++
			cp.beforeRels = append(cp.beforeRels, o.eid)
			cp.afterRels = append(cp.afterRels, r)
		}
	}
	if !st.Changed() {
		return st, s.audit(ctx, tx, p, st)
	}
	// The records as they are before the write, read before it writes.
	change, err := cp.change(ctx, s, tx, s.maxChangeRecords)
	if err != nil {
		return st, err
	}

	// Lock, and check that what was read still holds.
	rec, err := single(ctx, tx, cypher.lockMeta, nil)
	if err != nil {
		return st, err
	}
	v1, err := value[int64](rec, "v")
	if err != nil {
		return st, err
	}
	if uint64(v1) != v0 {
		return graph.Stats{}, errStale
	}

	// Write.
	if err := s.runIDs(ctx, tx, cypher.deleteRels, delRelEIDs); err != nil {
		return st, err
	}
	if err := s.runIDs(ctx, tx, cypher.deleteEntities, p.delEntities); err != nil {
		return st, err
	}
	for _, ls := range labelSets {
		if err := s.runRows(ctx, tx, cypher.updateEntities[ls], updateE[ls]); err != nil {
			return st, err
		}
		if err := s.runRows(ctx, tx, cypher.createEntities[ls], createE[ls]); err != nil {
			return st, err
		}
	}
	phase("entities written")
	if err := s.runIDs(ctx, tx, cypher.deleteRels, dropR); err != nil {
		return st, err
	}
	if err := s.runRows(ctx, tx, cypher.updateRels, updateR); err != nil {
		return st, err
	}
	for _, t := range graph.Types() {
		if err := s.runRows(ctx, tx, cypher.createRels[t.Type], createR[t.Type]); err != nil {
			return st, err
		}
	}
	rec, err = single(ctx, tx, cypher.bumpVersion, nil)
	if err != nil {
		return st, err
	}
	v, err := value[int64](rec, "v")
	if err != nil {
		return st, err
	}
	change.Version = uint64(v)
	if err := s.appendChange(ctx, tx, change); err != nil {
		return st, err
	}
	phase("relationships written")
	return st, s.audit(ctx, tx, p, st)
}

// audit creates the batch's audit entries in tx.
func (s *Store) audit(ctx context.Context, tx driver.ManagedTransaction, p *plan, st graph.Stats) error {
	es, err := p.batch.AuditEntries(st, time.Now())
	if err != nil {
		return err
	}
	return appendAudit(ctx, tx, es)
}

// missingDeletes fails with NotFound, with a Detail per id, when the batch
// deletes an entity or relationship that does not exist.
func missingDeletes(p *plan, rels map[string]oldRel, ents map[string]string) error {
	var ds []graph.Detail
	for _, id := range p.delRels {
		if _, ok := rels[id]; !ok {
			ds = append(ds, graph.Detail{Record: id, Field: "delete_relationships", Reason: "no such relationship"})
		}
	}
	for _, id := range p.delEntities {
		if _, ok := ents[id]; !ok {
			ds = append(ds, graph.Detail{Record: id, Field: "delete_entities", Reason: "no such entity"})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Op: "neo4j.Apply", Code: graph.NotFound, Message: "cannot delete: " + ds[0].String(), Details: ds}
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
		if d, failed := x.Mismatch(cur); failed {
			ds = append(ds, d)
		}
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
				reason = fmt.Sprintf("entity %q is deleted by this batch", end.id)
			}
			ds = append(ds, graph.Detail{Record: r.id, Field: end.field, Reason: reason})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Op: "neo4j.Apply", Code: graph.Invalid, Message: "invalid batch: " + ds[0].String(), Details: ds}
}

// cascade returns the relationships that deleting entities ids removes
// with them: their element ids by id.
func (s *Store) cascade(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range chunks(ids, s.cfg.BatchRows) {
		err := each(ctx, tx, cypher.cascadeRels, map[string]any{"ids": part}, func(rec *driver.Record) error {
			id, err := value[string](rec, "id")
			if err != nil {
				return err
			}
			out[id], err = value[string](rec, "e")
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
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
	eid, rev, source, target string
	typ                      graph.RelType
}

// liveTypes returns the relationship types that have at least one
// relationship, from Neo4j's count store.
func liveTypes(ctx context.Context, tx driver.ManagedTransaction) ([]graph.RelType, error) {
	var out []graph.RelType
	err := each(ctx, tx, cypher.countRels, nil, func(rec *driver.Record) error {
		t, err := value[string](rec, "type")
		if err != nil {
			return err
		}
		n, err := value[int64](rec, "c")
		if n > 0 {
			out = append(out, graph.RelType(t))
		}
		return err
	})
	return out, err
}

// relRevs looks up each of ids that exists, whatever its type. Neo4j indexes
// relationship properties per type, so it seeks the index of every type that
// has relationships (see liveTypes), one statement per type.
func (s *Store) relRevs(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]oldRel, error) {
	out := make(map[string]oldRel, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	types, err := liveTypes(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, part := range chunks(ids, s.cfg.BatchRows) {
		for _, t := range types {
			err := each(ctx, tx, cypher.relRevs[t], map[string]any{"ids": part}, func(rec *driver.Record) error {
				var o oldRel
				id, err := value[string](rec, "id")
				if err != nil {
					return err
				}
				if o.eid, err = value[string](rec, "e"); err != nil {
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
				o.typ = t
				out[id] = o
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// runRows runs an UNWIND $rows statement over rows, a chunk at a time.
func (s *Store) runRows(ctx context.Context, tx driver.ManagedTransaction, q string, rows []any) error {
	for _, part := range chunks(rows, s.cfg.BatchRows) {
		if err := consume(ctx, tx, q, map[string]any{"rows": part}); err != nil {
			return err
		}
	}
	return nil
}

// runIDs runs an UNWIND $ids statement over ids, a chunk at a time.
func (s *Store) runIDs(ctx context.Context, tx driver.ManagedTransaction, q string, ids []string) error {
	for _, part := range chunks(ids, s.cfg.BatchRows) {
		if err := consume(ctx, tx, q, map[string]any{"ids": part}); err != nil {
			return err
		}
	}
	return nil
}

func consume(ctx context.Context, tx driver.ManagedTransaction, q string, params map[string]any) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func entityIDs(p *plan) []string {
	out := make([]string, len(p.entities))
	for i, e := range p.entities {
		out[i] = e.id
	}
	return out
}

func relIDs(p *plan) []string {
	out := make([]string, len(p.rels))
	for i, r := range p.rels {
		out[i] = r.id
	}
	return out
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

package embedded

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

// checkEvery is how many records a long operation handles between two
// checks of its context.
const checkEvery = 256

// errNoChange rolls back a write transaction that changed nothing, which
// spares its commit and fsync.
var errNoChange = errors.New("no change")

// Apply writes the batch in one bbolt transaction: all of it or, on any
// error, none of it. It normalizes and validates the batch first
// (graph.Batch.Prepare), then checks expectations, applies deletes, entity
// upserts and relationship upserts in that order, keeping the adjacency,
// search and identifier indexes and the counters in step. A record whose
// encoding equals the stored one counts as unchanged; the version grows by one when anything
// changed. The batch's audit entries (graph.Batch.Audit) are put in the same
// transaction. The context is checked between chunks of work, and a
// cancelled Apply writes nothing.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	const op = "embedded.Apply"
	if err := ctx.Err(); err != nil {
		return graph.Stats{}, cancelled(op, err)
	}
	if err := b.Prepare(); err != nil {
		return graph.Stats{}, wrap(op, err)
	}
	if err := checkIDLengths(b); err != nil {
		return graph.Stats{}, wrap(op, err)
	}
	if b.Empty() && b.Audit == nil {
		err := s.view(ctx, op, func(tx *bolt.Tx) error { return newWriter(ctx, tx).expect(b.Expect) })
		return graph.Stats{}, err
	}
	var st graph.Stats
	err := s.write(func(tx *bolt.Tx) error {
		if err := redirectBatch(tx, b); err != nil {
			return err
		}
		w := newWriter(ctx, tx)
		w.rec = s.changes.rec
		if err := w.apply(b); err != nil {
			return err
		}
		st = w.st
		audit, err := b.AuditEntries(st, time.Now())
		if err != nil {
			return err
		}
		if err := putAudit(tx, audit); err != nil {
			return err
		}
		if !st.Changed() {
			if len(audit) > 0 {
				return nil
			}
			return errNoChange
		}
		return w.commitMeta()
	})
	if errors.Is(err, errNoChange) {
		err = nil
	}
	if err != nil {
		return graph.Stats{}, wrap(op, err)
	}
	if st.Changed() {
		s.log.Debug("batch applied", "stats", st)
	}
	return st, nil
}

func checkIDLengths(b *graph.Batch) error {
	var ds []graph.Detail
	long := func(id string) bool { return len(id) > MaxIDLength }
	reason := "id is longer than " + strconv.Itoa(MaxIDLength) + " bytes"
	for i := range b.Entities {
		if long(b.Entities[i].ID) {
			ds = append(ds, graph.Detail{Record: b.Entities[i].ID[:64] + "...", Field: "id", Reason: reason})
		}
	}
	for i := range b.Relationships {
		r := &b.Relationships[i]
		if long(r.ID) || long(r.Source) || long(r.Target) {
			ds = append(ds, graph.Detail{Record: r.ID[:min(64, len(r.ID))], Field: "id", Reason: reason})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Code: graph.Invalid, Message: "invalid batch: " + ds[0].String(), Details: ds}
}

// writer carries one Apply's transaction, its staged writes, counter
// deltas and stats.
//
// Deletes go to the buckets at once. Upserts are staged and put at the end
// in key order, bucket by bucket: bbolt splits nodes only at commit, so
// putting many keys in random order into one bucket in one transaction
// moves memory quadratically, while putting them in order appends. No key
// is written twice in the upsert phase (ids are distinct after dedup, and
// index keys embed the record id), and none is read after being staged
// except entity ids, which batchEnts answers.
type writer struct {
	ctx                     context.Context
	tx                      *bolt.Tx
	ents, rels, adj, search *staged
	ids                     *staged // the identifiers index
	meta                    *bolt.Bucket
	batchEnts               map[string]struct{}
	stored                  map[string]struct{} // entities found in the store by entityExists
	d                       deltas
	st                      graph.Stats
	ops                     int
	// rec, when set, records the write's change (changes.go).
	rec *recorder
}

// deltas are the changes to the counters in the meta bucket.
type deltas struct {
	ents, rels int64
	kinds      map[graph.Kind]int64
	types      map[graph.RelType]int64
}

func newWriter(ctx context.Context, tx *bolt.Tx) *writer {
	return &writer{
		ctx: ctx, tx: tx,
		ents:   &staged{b: tx.Bucket(bucketEntities)},
		rels:   &staged{b: tx.Bucket(bucketRelationships)},
		adj:    &staged{b: tx.Bucket(bucketAdjacency)},
		search: &staged{b: tx.Bucket(bucketSearch)},
		ids:    &staged{b: tx.Bucket(bucketIdentifiers)},
		meta:   tx.Bucket(bucketMeta),
		d:      deltas{kinds: map[graph.Kind]int64{}, types: map[graph.RelType]int64{}},
	}
}

// staged is a bucket whose writes, once deferred is set, are held back
// until flush.
type staged struct {
	b        *bolt.Bucket
	deferred bool
	ops      []stagedOp
}

type stagedOp struct {
	key, val []byte
	del      bool
}

// Get returns the stored value of key; staged writes are not visible.
func (s *staged) Get(key []byte) []byte { return s.b.Get(key) }

func (s *staged) Put(key, val []byte) error {
	if !s.deferred {
		return s.b.Put(key, val)
	}
	s.ops = append(s.ops, stagedOp{key: key, val: val})
	return nil
}

func (s *staged) Delete(key []byte) error {
	if !s.deferred {
		return s.b.Delete(key)
	}
	s.ops = append(s.ops, stagedOp{key: key, del: true})
	return nil
}

func (s *staged) Cursor() *bolt.Cursor { return s.b.Cursor() }

// flush writes the staged operations in key order.
func (s *staged) flush(tick func() error) error {
	slices.SortFunc(s.ops, func(a, b stagedOp) int { return bytes.Compare(a.key, b.key) })
	if len(s.ops) > 10_000 {
		// A bulk load: fill pages rather than leave them half empty.
		s.b.FillPercent = 0.9
	}
	for _, op := range s.ops {
		if err := tick(); err != nil {
			return err
		}
		var err error
		if op.del {
			err = s.b.Delete(op.key)
		} else {
			err = s.b.Put(op.key, op.val)
		}
		if err != nil {
			return err
		}
	}
	s.ops = nil
	return nil
}

// tick counts one unit of work and checks the context every checkEvery.
func (w *writer) tick() error {
	w.ops++
	if w.ops%checkEvery == 0 {
		return w.ctx.Err()
	}
	return nil
}

func (w *writer) apply(b *graph.Batch) error {
	if err := w.expect(b.Expect); err != nil {
		return err
	}
	if err := w.deletes(b); err != nil {
		return err
	}
	for _, s := range []*staged{w.ents, w.rels, w.adj, w.search, w.ids} {
		s.deferred = true
	}
	w.ents.ops = make([]stagedOp, 0, len(b.Entities))
	w.search.ops = make([]stagedOp, 0, 3*len(b.Entities))
	w.rels.ops = make([]stagedOp, 0, len(b.Relationships))
	w.adj.ops = make([]stagedOp, 0, 2*len(b.Relationships))
	// Prepare refused duplicates with different content; the identical
	// ones are written and counted once.
	w.batchEnts = make(map[string]struct{}, len(b.Entities))
	for i := range b.Entities {
		if err := w.tick(); err != nil {
			return err
		}
		if _, dup := w.batchEnts[b.Entities[i].ID]; dup {
			continue
		}
		w.batchEnts[b.Entities[i].ID] = struct{}{}
		if err := w.putEntity(&b.Entities[i]); err != nil {
			return err
		}
	}
	var missing []graph.Detail
	seen := make(map[string]struct{}, len(b.Relationships))
	for i := range b.Relationships {
		if err := w.tick(); err != nil {
			return err
		}
		r := &b.Relationships[i]
		if _, dup := seen[r.ID]; dup {
			continue
		}
		seen[r.ID] = struct{}{}
		ds := w.checkEndpoints(r)
		if len(ds) > 0 {
			missing = append(missing, ds...)
			continue
		}
		if len(missing) > 0 {
			continue // the batch fails; only look for more problems
		}
		if err := w.putRelationship(r); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return &graph.Error{Code: graph.Invalid, Message: "invalid batch: " + missing[0].String(), Details: missing}
	}
	for _, b := range []*staged{w.ents, w.rels, w.adj, w.search, w.ids} {
		if err := b.flush(w.tick); err != nil {
			return err
		}
	}
	return nil
}

// expect checks every expectation against the current revisions.
func (w *writer) expect(xs []graph.Expectation) error {
	var ds []graph.Detail
	for _, x := range xs {
		var cur, id string
		if x.Entity != "" {
			id = x.Entity
			if v := w.ents.Get([]byte(id)); v != nil {
				var e graph.Entity
				if err := decodeEntity(v, &e); err != nil {
					return corrupt("entity", id, err)
				}
				cur = e.Revision()
			}
		} else {
			id = x.Relationship
			if v := w.rels.Get([]byte(id)); v != nil {
				var r graph.Relationship
				if err := decodeRelationship(v, &r); err != nil {
					return corrupt("relationship", id, err)
				}
				cur = r.Revision()
			}
		}
		if d, failed := x.Mismatch(cur); failed {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Code: graph.Conflict, Message: "conflict: " + ds[0].String(), Details: ds}
}

func (w *writer) deletes(b *graph.Batch) error {
	var missing []graph.Detail
	seen := map[string]bool{}
	for _, id := range b.DeleteRelationships {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := w.tick(); err != nil {
			return err
		}
		v := w.rels.Get([]byte(id))
		if v == nil {
			missing = append(missing, graph.Detail{Record: id, Field: "delete_relationships", Reason: "no such relationship"})
			continue
		}
		if err := w.deleteRelationship(id, v); err != nil {
			return err
		}
	}
	clear(seen)
	for _, id := range b.DeleteEntities {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := w.tick(); err != nil {
			return err
		}
		v := w.ents.Get([]byte(id))
		if v == nil {
			missing = append(missing, graph.Detail{Record: id, Field: "delete_entities", Reason: "no such entity"})
			continue
		}
		if err := w.deleteEntity(id, v); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return &graph.Error{Code: graph.NotFound, Message: "cannot delete: " + missing[0].String(), Details: missing}
	}
	return nil
}

// deleteRelationship removes relationship id, whose stored encoding is v,
// and its two adjacency entries.
func (w *writer) deleteRelationship(id string, v []byte) error {
	_, src, tgt, typ, err := relEndpoints(v)
	if err != nil {
		return corrupt("relationship", id, err)
	}
	if w.rec != nil {
		var r graph.Relationship
		if err := decodeRelationship(v, &r); err != nil {
			return corrupt("relationship", id, err)
		}
		w.rec.relBefore(&r)
	}
	k1, k2 := adjKey(string(src), id), adjKey(string(tgt), id)
	for _, k := range [][]byte{k1, k2} {
		if err := w.adj.Delete(k); err != nil {
			return err
		}
	}
	if err := w.rels.Delete([]byte(id)); err != nil {
		return err
	}
	w.d.rels--
	w.d.types[typ]--
	w.st.RelationshipsDeleted++
	return nil
}

// deleteEntity removes entity id, whose stored encoding is v, with its
// relationships and search entries.
func (w *writer) deleteEntity(id string, v []byte) error {
	var e graph.Entity
	if err := decodeEntity(v, &e); err != nil {
		return corrupt("entity", id, err)
	}
	var relIDs []string
	prefix := adjPrefix(id)
	c := w.adj.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		relIDs = append(relIDs, string(k[len(prefix):]))
	}
	for _, rid := range relIDs {
		if err := w.tick(); err != nil {
			return err
		}
		rv := w.rels.Get([]byte(rid))
		if rv == nil {
			return corrupt("relationship", rid, errors.New("adjacency entry of "+strconv.Quote(id)+" points at a missing relationship"))
		}
		if err := w.deleteRelationship(rid, rv); err != nil {
			return err
		}
	}
	for _, tok := range e.SearchTokens() {
		if err := w.search.Delete(searchKey(tok, id)); err != nil {
			return err
		}
	}
	for _, x := range e.StrongIdentifiers() {
		if err := w.ids.Delete(identifierKey(x, id)); err != nil {
			return err
		}
	}
	if err := w.ents.Delete([]byte(id)); err != nil {
		return err
	}
	w.rec.entityBefore(&e)
	w.d.ents--
	w.d.kinds[e.Kind]--
	w.st.EntitiesDeleted++
	return nil
}

func (w *writer) putEntity(e *graph.Entity) error {
	enc := encodeEntity(e)
	key := []byte(e.ID)
	old := w.ents.Get(key)
	if old != nil && bytes.Equal(old, enc) {
		w.st.EntitiesUnchanged++
		return nil
	}
	newTokens := e.SearchTokens()
	newIDs := e.StrongIdentifiers()
	w.rec.entityAfter(e)
	if old == nil {
		w.st.EntitiesCreated++
		w.d.ents++
		w.d.kinds[e.Kind]++
		for _, tok := range newTokens {
			if err := w.search.Put(searchKey(tok, e.ID), nil); err != nil {
				return err
			}
		}
		for _, x := range newIDs {
			if err := w.ids.Put(identifierKey(x, e.ID), nil); err != nil {
				return err
			}
		}
		return w.ents.Put(key, enc)
	}
	var prev graph.Entity
	if err := decodeEntity(old, &prev); err != nil {
		return corrupt("entity", e.ID, err)
	}
	w.rec.entityBefore(&prev)
	w.st.EntitiesUpdated++
	if prev.Kind != e.Kind {
		w.d.kinds[prev.Kind]--
		w.d.kinds[e.Kind]++
	}
	oldTokens := prev.SearchTokens()
	for _, tok := range oldTokens {
		if !contains(newTokens, tok) {
			if err := w.search.Delete(searchKey(tok, e.ID)); err != nil {
				return err
			}
		}
	}
	for _, tok := range newTokens {
		if !contains(oldTokens, tok) {
			if err := w.search.Put(searchKey(tok, e.ID), nil); err != nil {
				return err
			}
		}
	}
	oldIDs := prev.StrongIdentifiers()
	for _, x := range oldIDs {
		if !slices.Contains(newIDs, x) {
			if err := w.ids.Delete(identifierKey(x, e.ID)); err != nil {
				return err
			}
		}
	}
	for _, x := range newIDs {
		if !slices.Contains(oldIDs, x) {
			if err := w.ids.Put(identifierKey(x, e.ID), nil); err != nil {
				return err
			}
		}
	}
	return w.ents.Put(key, enc)
}

// entityExists reports whether id is in the batch or in the store.
func (w *writer) entityExists(id string) bool {
	if _, ok := w.batchEnts[id]; ok {
		return true
	}
	if _, ok := w.stored[id]; ok {
		return true
	}
	if w.ents.Get([]byte(id)) == nil {
		return false
	}
	// Deletes are done by now, so the entity stays for the rest of the
	// transaction: many relationships of a bulk load share an end.
	if w.stored == nil {
		w.stored = map[string]struct{}{}
	}
	w.stored[id] = struct{}{}
	return true
}

func (w *writer) checkEndpoints(r *graph.Relationship) []graph.Detail {
	var ds []graph.Detail
	if !w.entityExists(r.Source) {
		ds = append(ds, graph.Detail{Record: r.ID, Field: "source", Reason: fmt.Sprintf("unknown entity %q: it is neither in the store nor in the batch", r.Source)})
	}
	if !w.entityExists(r.Target) {
		ds = append(ds, graph.Detail{Record: r.ID, Field: "target", Reason: fmt.Sprintf("unknown entity %q: it is neither in the store nor in the batch", r.Target)})
	}
	return ds
}

func (w *writer) putRelationship(r *graph.Relationship) error {
	enc := encodeRelationship(r)
	key := []byte(r.ID)
	old := w.rels.Get(key)
	if old != nil && bytes.Equal(old, enc) {
		w.st.RelationshipsUnchanged++
		return nil
	}
	w.rec.relAfter(r)
	if old == nil {
		w.st.RelationshipsCreated++
		w.d.rels++
		w.d.types[r.Type]++
		if err := w.adj.Put(adjKey(r.Source, r.ID), nil); err != nil {
			return err
		}
		if err := w.adj.Put(adjKey(r.Target, r.ID), nil); err != nil {
			return err
		}
		return w.rels.Put(key, enc)
	}
	_, src, tgt, typ, err := relEndpoints(old)
	if err != nil {
		return corrupt("relationship", r.ID, err)
	}
	if w.rec != nil {
		var prev graph.Relationship
		if err := decodeRelationship(old, &prev); err != nil {
			return corrupt("relationship", r.ID, err)
		}
		w.rec.relBefore(&prev)
	}
	w.st.RelationshipsUpdated++
	if typ != r.Type {
		w.d.types[typ]--
		w.d.types[r.Type]++
	}
	oldEnds := [2]string{string(src), string(tgt)}
	newEnds := [2]string{r.Source, r.Target}
	for _, o := range oldEnds {
		if o != newEnds[0] && o != newEnds[1] {
			if err := w.adj.Delete(adjKey(o, r.ID)); err != nil {
				return err
			}
		}
	}
	for _, n := range newEnds {
		if n != oldEnds[0] && n != oldEnds[1] {
			if err := w.adj.Put(adjKey(n, r.ID), nil); err != nil {
				return err
			}
		}
	}
	return w.rels.Put(key, enc)
}

// commitMeta adds the counter deltas and bumps the version.
func (w *writer) commitMeta() error {
	add := func(key []byte, d int64) error {
		if d == 0 {
			return nil
		}
		n := int64(getUint(w.meta, key)) + d
		switch {
		case n < 0:
			return corrupt("counter", string(key), errors.New("count would go negative"))
		case n == 0:
			return w.meta.Delete(key)
		}
		return putUint(w.meta, key, uint64(n))
	}
	if err := add(keyEntities, w.d.ents); err != nil {
		return err
	}
	if err := add(keyRelationships, w.d.rels); err != nil {
		return err
	}
	for k, d := range w.d.kinds {
		if err := add(kindKey(k), d); err != nil {
			return err
		}
	}
	for t, d := range w.d.types {
		if err := add(typeKey(t), d); err != nil {
			return err
		}
	}
	v := getUint(w.meta, keyVersion) + 1
	if w.rec != nil {
		w.rec.version = v
	}
	return putUint(w.meta, keyVersion, v)
}

func corrupt(what, id string, err error) error {
	return &graph.Error{Code: graph.Internal, Message: fmt.Sprintf("store is corrupt at %s %q; run the consistency check", what, id), Err: err}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

package embedded

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"

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
// upserts and relationship upserts in that order, keeping the adjacency and
// search indexes and the counters in step. A record whose encoding equals the
// stored one counts as unchanged; the version grows by one when anything
// changed. The context is checked between chunks of work, and a cancelled
// Apply writes nothing.
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
	if b.Empty() {
		err := s.view(ctx, op, func(tx *bolt.Tx) error { return newWriter(ctx, tx).expect(b.Expect) })
		return graph.Stats{}, err
	}
	var st graph.Stats
	err := s.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(ctx, tx)
		if err := w.apply(b); err != nil {
			return err
		}
		if !w.st.Changed() {
			st = w.st
			return errNoChange
		}
		if err := w.commitMeta(); err != nil {
			return err
		}
		st = w.st
		return nil
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
// Writes are staged and applied at the end in key order, bucket by bucket:
// bbolt splits nodes only at commit, so putting many keys in random order
// into one bucket in one transaction moves memory quadratically, while
// putting them in order appends.
type writer struct {
	ctx                     context.Context
	tx                      *bolt.Tx
	ents, rels, adj, search *staged
	meta                    *bolt.Bucket
	counts                  map[string]int64
	st                      graph.Stats
	ops                     int
}

func newWriter(ctx context.Context, tx *bolt.Tx) *writer {
	return &writer{
		ctx: ctx, tx: tx,
		ents:   newStaged(tx.Bucket(bucketEntities)),
		rels:   newStaged(tx.Bucket(bucketRelationships)),
		adj:    newStaged(tx.Bucket(bucketAdjacency)),
		search: newStaged(tx.Bucket(bucketSearch)),
		meta:   tx.Bucket(bucketMeta),
		counts: map[string]int64{},
	}
}

// staged is a bucket with writes held back until flush.
type staged struct {
	b   *bolt.Bucket
	ops map[string]stagedOp
}

type stagedOp struct {
	val []byte
	del bool
}

func newStaged(b *bolt.Bucket) *staged { return &staged{b: b, ops: map[string]stagedOp{}} }

// Get returns the value of key as staged, or as stored.
func (s *staged) Get(key []byte) []byte {
	if op, ok := s.ops[string(key)]; ok {
		if op.del {
			return nil
		}
		return op.val
	}
	return s.b.Get(key)
}

// deleted reports whether key is staged for deletion.
func (s *staged) deleted(key []byte) bool { op, ok := s.ops[string(key)]; return ok && op.del }

func (s *staged) Put(key, val []byte) error {
	if len(key) == 0 {
		return errors.New("empty key")
	}
	if val == nil {
		val = []byte{}
	}
	s.ops[string(key)] = stagedOp{val: val}
	return nil
}

func (s *staged) Delete(key []byte) error {
	s.ops[string(key)] = stagedOp{del: true}
	return nil
}

// Cursor iterates what is stored, not what is staged.
func (s *staged) Cursor() *bolt.Cursor { return s.b.Cursor() }

// flush writes the staged operations in key order.
func (s *staged) flush(tick func() error) error {
	keys := make([]string, 0, len(s.ops))
	for k := range s.ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 10_000 {
		// A bulk load: fill pages rather than leave them half empty.
		s.b.FillPercent = 0.9
	}
	for _, k := range keys {
		if err := tick(); err != nil {
			return err
		}
		op := s.ops[k]
		var err error
		if op.del {
			err = s.b.Delete([]byte(k))
		} else {
			err = s.b.Put([]byte(k), op.val)
		}
		if err != nil {
			return err
		}
	}
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
	// Prepare refused duplicates with different content; the identical
	// ones are written and counted once.
	seen := make(map[string]struct{}, len(b.Entities))
	for i := range b.Entities {
		if err := w.tick(); err != nil {
			return err
		}
		if _, dup := seen[b.Entities[i].ID]; dup {
			continue
		}
		seen[b.Entities[i].ID] = struct{}{}
		if err := w.putEntity(&b.Entities[i]); err != nil {
			return err
		}
	}
	var missing []graph.Detail
	clear(seen)
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
	for _, b := range []*staged{w.ents, w.rels, w.adj, w.search} {
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
	k1, k2 := adjKey(string(src), id), adjKey(string(tgt), id)
	for _, k := range [][]byte{k1, k2} {
		if err := w.adj.Delete(k); err != nil {
			return err
		}
	}
	if err := w.rels.Delete([]byte(id)); err != nil {
		return err
	}
	w.count(string(keyRelationships), -1)
	w.count(string(typeKey(typ)), -1)
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
		if !w.adj.deleted(k) { // not already deleted in this batch
			relIDs = append(relIDs, string(k[len(prefix):]))
		}
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
	if err := w.ents.Delete([]byte(id)); err != nil {
		return err
	}
	w.count(string(keyEntities), -1)
	w.count(string(kindKey(e.Kind)), -1)
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
	if old == nil {
		w.st.EntitiesCreated++
		w.count(string(keyEntities), 1)
		w.count(string(kindKey(e.Kind)), 1)
		for _, tok := range newTokens {
			if err := w.search.Put(searchKey(tok, e.ID), nil); err != nil {
				return err
			}
		}
		return w.ents.Put(key, enc)
	}
	var prev graph.Entity
	if err := decodeEntity(old, &prev); err != nil {
		return corrupt("entity", e.ID, err)
	}
	w.st.EntitiesUpdated++
	if prev.Kind != e.Kind {
		w.count(string(kindKey(prev.Kind)), -1)
		w.count(string(kindKey(e.Kind)), 1)
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
	return w.ents.Put(key, enc)
}

func (w *writer) checkEndpoints(r *graph.Relationship) []graph.Detail {
	var ds []graph.Detail
	if w.ents.Get([]byte(r.Source)) == nil {
		ds = append(ds, graph.Detail{Record: r.ID, Field: "source", Reason: fmt.Sprintf("unknown entity %q: it is neither in the store nor in the batch", r.Source)})
	}
	if w.ents.Get([]byte(r.Target)) == nil {
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
	if old == nil {
		w.st.RelationshipsCreated++
		w.count(string(keyRelationships), 1)
		w.count(string(typeKey(r.Type)), 1)
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
	w.st.RelationshipsUpdated++
	if typ != r.Type {
		w.count(string(typeKey(typ)), -1)
		w.count(string(typeKey(r.Type)), 1)
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

func (w *writer) count(key string, delta int64) { w.counts[key] += delta }

// commitMeta adds the counter deltas and bumps the version.
func (w *writer) commitMeta() error {
	for k, d := range w.counts {
		if d == 0 {
			continue
		}
		key := []byte(k)
		n := int64(getUint(w.meta, key)) + d
		if n < 0 {
			return corrupt("counter", k, errors.New("count would go negative"))
		}
		if n == 0 {
			if err := w.meta.Delete(key); err != nil {
				return err
			}
			continue
		}
		if err := putUint(w.meta, key, uint64(n)); err != nil {
			return err
		}
	}
	return putUint(w.meta, keyVersion, getUint(w.meta, keyVersion)+1)
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

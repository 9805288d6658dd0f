package embedded

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

// Entity returns one entity, or a NotFound error.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	const op = "embedded.Entity"
	var e graph.Entity
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		if to, ok := redirectOf(tx, id); ok {
			id = to
		}
		return getEntity(tx.Bucket(bucketEntities), op, id, &e)
	})
	return e, err
}

func getEntity(b *bolt.Bucket, op, id string, e *graph.Entity) error {
	v := b.Get([]byte(id))
	if v == nil {
		return notFound(op, "entity", id)
	}
	if err := decodeEntity(v, e); err != nil {
		return corrupt("entity", id, err)
	}
	return nil
}

func getRelationship(b *bolt.Bucket, op, id string, r *graph.Relationship) error {
	v := b.Get([]byte(id))
	if v == nil {
		return notFound(op, "relationship", id)
	}
	if err := decodeRelationship(v, r); err != nil {
		return corrupt("relationship", id, err)
	}
	return nil
}

// Relationship returns one relationship, or a NotFound error.
func (s *Store) Relationship(ctx context.Context, id string) (graph.Relationship, error) {
	const op = "embedded.Relationship"
	var r graph.Relationship
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		return getRelationship(tx.Bucket(bucketRelationships), op, id, &r)
	})
	return r, err
}

// seekAfter positions c on the first key after the exclusive bound after,
// or on the first key when after is empty.
func seekAfter(c *bolt.Cursor, after []byte) (k, v []byte) {
	if len(after) == 0 {
		return c.First()
	}
	k, v = c.Seek(after)
	if k != nil && bytes.Equal(k, after) {
		k, v = c.Next()
	}
	return k, v
}

// Entities lists entities ordered by id. It scans from q.After and decodes
// each entity to apply the filters.
func (s *Store) Entities(ctx context.Context, q graph.EntityQuery) ([]graph.Entity, error) {
	const op = "embedded.Entities"
	var out []graph.Entity
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEntities).Cursor()
		n := 0
		for k, v := seekAfter(c, []byte(q.After)); k != nil; k, v = c.Next() {
			if n++; n%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var e graph.Entity
			if err := decodeEntity(v, &e); err != nil {
				return corrupt("entity", string(k), err)
			}
			if !q.Match(&e) {
				continue
			}
			out = append(out, e)
			if q.Limit > 0 && len(out) == q.Limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Relationships lists relationships ordered by id. With q.Entity set it
// reads that entity's adjacency entries instead of scanning.
func (s *Store) Relationships(ctx context.Context, q graph.RelationshipQuery) ([]graph.Relationship, error) {
	const op = "embedded.Relationships"
	var out []graph.Relationship
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		rels := tx.Bucket(bucketRelationships)
		n := 0
		// visit handles one relationship and reports whether to go on.
		visit := func(id, v []byte) (bool, error) {
			if n++; n%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return false, err
				}
			}
			var r graph.Relationship
			if err := decodeRelationship(v, &r); err != nil {
				return false, corrupt("relationship", string(id), err)
			}
			if !q.Match(&r) {
				return true, nil
			}
			out = append(out, r)
			return q.Limit <= 0 || len(out) < q.Limit, nil
		}
		if q.Entity == "" {
			c := rels.Cursor()
			for k, v := seekAfter(c, []byte(q.After)); k != nil; k, v = c.Next() {
				if more, err := visit(k, v); err != nil || !more {
					return err
				}
			}
			return nil
		}
		prefix := adjPrefix(q.Entity)
		c := tx.Bucket(bucketAdjacency).Cursor()
		start := prefix
		if q.After != "" {
			start = append(append([]byte(nil), prefix...), q.After...)
		}
		for k, _ := seekAfter(c, start); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := k[len(prefix):]
			if len(id) == 0 {
				continue
			}
			v := rels.Get(id)
			if v == nil {
				return corrupt("relationship", string(id), errDangling)
			}
			if more, err := visit(id, v); err != nil || !more {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Neighbors returns the relationships of entity id with the entity at their
// other end, ordered by relationship id, from the adjacency index.
func (s *Store) Neighbors(ctx context.Context, id string, types []graph.RelType) ([]graph.Neighbor, error) {
	const op = "embedded.Neighbors"
	var out []graph.Neighbor
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		ents, rels := tx.Bucket(bucketEntities), tx.Bucket(bucketRelationships)
		if to, ok := redirectOf(tx, id); ok {
			id = to
		}
		if ents.Get([]byte(id)) == nil {
			return notFound(op, "entity", id)
		}
		prefix := adjPrefix(id)
		c := tx.Bucket(bucketAdjacency).Cursor()
		n := 0
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if n++; n%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			rid := k[len(prefix):]
			v := rels.Get(rid)
			if v == nil {
				return corrupt("relationship", string(rid), errDangling)
			}
			if len(types) > 0 {
				_, _, _, typ, err := relEndpoints(v)
				if err != nil {
					return corrupt("relationship", string(rid), err)
				}
				if !containsType(types, typ) {
					continue
				}
			}
			var nb graph.Neighbor
			if err := decodeRelationship(v, &nb.Relationship); err != nil {
				return corrupt("relationship", string(rid), err)
			}
			if err := getEntity(ents, op, nb.Relationship.Other(id), &nb.Entity); err != nil {
				return corrupt("relationship", string(rid), err)
			}
			out = append(out, nb)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func containsType(ts []graph.RelType, t graph.RelType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// Search finds entities whose name or an alias matches q (see
// graph.Entity.MatchScore). Every word of q must start a token of a
// matching entity, so the candidates are the entities indexed under the
// most selective word (the one with the fewest index entries); they are
// then ranked with graph.RankSearch. A limit of 0 means no limit.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]graph.Entity, error) {
	const op = "embedded.Search"
	if err := ctx.Err(); err != nil {
		return nil, cancelled(op, err)
	}
	words := graph.Tokens(q)
	if len(words) == 0 {
		return nil, nil
	}
	var cands []graph.Entity
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		ents := tx.Bucket(bucketEntities)
		c := tx.Bucket(bucketSearch).Cursor()
		n := 0
		tick := func() error {
			if n++; n%checkEvery == 0 {
				return ctx.Err()
			}
			return nil
		}
		// Count each word's entries, stopping at the best count so far.
		best, bestCount := "", -1
		for _, w := range words {
			prefix := []byte(w)
			count := 0
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				if err := tick(); err != nil {
					return err
				}
				if count++; bestCount >= 0 && count >= bestCount {
					break
				}
			}
			if bestCount < 0 || count < bestCount {
				best, bestCount = w, count
			}
			if count == 0 {
				return nil // no entity has this word
			}
		}
		seen := map[string]bool{}
		prefix := []byte(best)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				return corrupt("search entry", string(k), errDangling)
			}
			id := k[i+1:]
			if seen[string(id)] {
				continue
			}
			seen[string(id)] = true
			var e graph.Entity
			if err := getEntity(ents, op, string(id), &e); err != nil {
				return corrupt("search entry", string(k), err)
			}
			cands = append(cands, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if limit < 0 {
		limit = 0
	}
	return graph.RankSearch(q, cands, limit), nil
}

// Stream calls fn.Entity for every entity in id order, then
// fn.Relationship for every relationship in id order, all inside one read
// transaction, and returns the version that transaction saw. Each callback
// gets a fresh record that it may keep.
func (s *Store) Stream(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
	const op = "embedded.Stream"
	var version uint64
	var cbErr error
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		version = getUint(tx.Bucket(bucketMeta), keyVersion)
		n := 0
		// Records are handed out of slabs: one allocation per slab
		// rather than per record. A record that fn keeps keeps its slab.
		const slab = 256
		var ents []graph.Entity
		var rels []graph.Relationship
		if fn.Entity != nil {
			c := tx.Bucket(bucketEntities).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if n++; n%checkEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if len(ents) == 0 {
					ents = make([]graph.Entity, slab)
				}
				e := &ents[0]
				ents = ents[1:]
				if err := decodeEntity(v, e); err != nil {
					return corrupt("entity", string(k), err)
				}
				if err := fn.Entity(e); err != nil {
					cbErr = err
					return errStop
				}
			}
		}
		if fn.Relationship != nil {
			c := tx.Bucket(bucketRelationships).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if n++; n%checkEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if len(rels) == 0 {
					rels = make([]graph.Relationship, slab)
				}
				r := &rels[0]
				rels = rels[1:]
				if err := decodeRelationship(v, r); err != nil {
					return corrupt("relationship", string(k), err)
				}
				if err := fn.Relationship(r); err != nil {
					cbErr = err
					return errStop
				}
			}
		}
		return nil
	})
	if cbErr != nil {
		// The caller's own error comes back as it was given.
		return 0, cbErr
	}
	if err != nil {
		return 0, err
	}
	return version, nil
}

var (
	// errStop ends a Stream whose callback failed.
	errStop = errors.New("stream stopped")
	// errDangling is an index entry that points at a missing record.
	errDangling = errors.New("index entry points at a missing record")
)

// LookupIdentifiers finds entities by strong identifiers in the
// identifiers index: one seek per identifier.
func (s *Store) LookupIdentifiers(ctx context.Context, ids []graph.Identifier) ([]graph.Entity, error) {
	const op = "embedded.LookupIdentifiers"
	if err := graph.CheckLookup(ids); err != nil {
		return nil, wrap(op, err)
	}
	var out []graph.Entity
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		out = nil
		idx, ents := tx.Bucket(bucketIdentifiers), tx.Bucket(bucketEntities)
		if idx == nil {
			return graph.Errorf(op, graph.Unavailable, "this store predates identifiers: open it once for writing to upgrade it")
		}
		found := map[string]bool{}
		c := idx.Cursor()
		for i, id := range ids {
			if i%checkEvery == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			prefix := identifierPrefix(id)
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				found[string(k[len(prefix):])] = true
			}
		}
		keys := slices.Sorted(maps.Keys(found))
		for _, k := range keys {
			v := ents.Get([]byte(k))
			if v == nil {
				return corrupt("identifiers", k, errors.New("the index names a missing entity"))
			}
			var e graph.Entity
			if err := decodeEntity(v, &e); err != nil {
				return corrupt("entity", k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

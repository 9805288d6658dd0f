package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

// maxProblems caps the details that Check reports; it still counts them all.
const maxProblems = 100

// Check verifies the store against a full scan, inside one read
// transaction: every record decodes and sits under its own id; every
// relationship's endpoints exist and both have its adjacency entry; every
// adjacency entry points at a relationship that has that entity at one end;
// every entity's search tokens are indexed and every search entry is one of
// its entity's tokens; likewise every strong identifier (see
// graph.Entity.StrongIdentifiers) and the identifiers index; and the counters equal the scanned counts. It returns
// nil, or an Internal *graph.Error with a Detail per problem (at most 100).
// It reads the whole file: run it after a crash or from an operator's
// command, not on the request path.
func (s *Store) Check(ctx context.Context) error {
	const op = "embedded.Check"
	var problems []graph.Detail
	total := 0
	report := func(record, field, format string, args ...any) {
		total++
		if len(problems) < maxProblems {
			problems = append(problems, graph.Detail{Record: record, Field: field, Reason: fmt.Sprintf(format, args...)})
		}
	}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		ents, rels := tx.Bucket(bucketEntities), tx.Bucket(bucketRelationships)
		adj, search, meta := tx.Bucket(bucketAdjacency), tx.Bucket(bucketSearch), tx.Bucket(bucketMeta)
		idx := tx.Bucket(bucketIdentifiers)
		n := 0
		tick := func() error {
			if n++; n%checkEvery == 0 {
				return ctx.Err()
			}
			return nil
		}
		byKind := map[string]uint64{}
		byType := map[string]uint64{}
		var nEnt, nRel uint64

		c := ents.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			nEnt++
			var e graph.Entity
			if err := decodeEntity(v, &e); err != nil {
				report(string(k), "entity", "does not decode: %v", err)
				continue
			}
			if e.ID != string(k) {
				report(string(k), "id", "stored under %q but its id is %q", k, e.ID)
			}
			byKind[string(e.Kind)]++
			for _, tok := range e.SearchTokens() {
				if search.Get(searchKey(tok, e.ID)) == nil {
					report(e.ID, "search", "token %q is not indexed", tok)
				}
			}
			for _, id := range e.StrongIdentifiers() {
				if idx.Get(identifierKey(id, e.ID)) == nil {
					report(e.ID, "identifiers", "identifier %s is not indexed", id)
				}
			}
		}

		c = rels.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			nRel++
			var r graph.Relationship
			if err := decodeRelationship(v, &r); err != nil {
				report(string(k), "relationship", "does not decode: %v", err)
				continue
			}
			if r.ID != string(k) {
				report(string(k), "id", "stored under %q but its id is %q", k, r.ID)
			}
			byType[string(r.Type)]++
			for _, end := range []struct{ field, id string }{{"source", r.Source}, {"target", r.Target}} {
				if ents.Get([]byte(end.id)) == nil {
					report(r.ID, end.field, "entity %q does not exist", end.id)
				}
				if adj.Get(adjKey(end.id, r.ID)) == nil {
					report(r.ID, end.field, "no adjacency entry for entity %q", end.id)
				}
			}
		}

		c = adj.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			l, w := binary.Uvarint(k)
			if w <= 0 || l > uint64(len(k)-w) {
				report(fmt.Sprintf("%q", k), "adjacency", "malformed key")
				continue
			}
			entity, rid := k[w:w+int(l)], k[w+int(l):]
			v := rels.Get(rid)
			if v == nil {
				report(string(rid), "adjacency", "entry of entity %q points at a missing relationship", entity)
				continue
			}
			_, src, tgt, _, err := relEndpoints(v)
			if err != nil {
				continue // reported in the scan of relationships
			}
			if !bytes.Equal(src, entity) && !bytes.Equal(tgt, entity) {
				report(string(rid), "adjacency", "entry of entity %q, which is not one of its ends", entity)
			}
		}

		c = search.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				report(fmt.Sprintf("%q", k), "search", "malformed key")
				continue
			}
			tok, id := string(k[:i]), string(k[i+1:])
			var e graph.Entity
			v := ents.Get([]byte(id))
			if v == nil {
				report(id, "search", "token %q indexes a missing entity", tok)
				continue
			}
			if decodeEntity(v, &e) != nil {
				continue // reported in the scan of entities
			}
			if !contains(e.SearchTokens(), tok) {
				report(id, "search", "token %q is not one of the entity's tokens", tok)
			}
		}

		c = idx.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if err := tick(); err != nil {
				return err
			}
			parts := bytes.SplitN(k, []byte{0}, 3)
			if len(parts) != 3 {
				report(fmt.Sprintf("%q", k), "identifiers", "malformed key")
				continue
			}
			id, entity := graph.Identifier{Scheme: graph.Scheme(parts[0]), Value: string(parts[1])}, string(parts[2])
			var e graph.Entity
			v := ents.Get(parts[2])
			if v == nil {
				report(entity, "identifiers", "identifier %s indexes a missing entity", id)
				continue
			}
			if decodeEntity(v, &e) != nil {
				continue // reported in the scan of entities
			}
			if !slices.Contains(e.StrongIdentifiers(), id) {
				report(entity, "identifiers", "identifier %s is not one of the entity's", id)
			}
		}

		counter := func(key string, want uint64) {
			if got := getUint(meta, []byte(key)); got != want {
				report(key, "counts", "counter is %d, scan found %d", got, want)
			}
		}
		counter(string(keyEntities), nEnt)
		counter(string(keyRelationships), nRel)
		for k, want := range byKind {
			counter(string(kindKey(graph.Kind(k))), want)
		}
		for t, want := range byType {
			counter(string(typeKey(graph.RelType(t))), want)
		}
		c = meta.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			key := string(k)
			switch {
			case strings.HasPrefix(key, "kind/"):
				if _, ok := byKind[strings.TrimPrefix(key, "kind/")]; !ok {
					report(key, "counts", "counter is %d, scan found 0", binary.BigEndian.Uint64(pad8(v)))
				}
			case strings.HasPrefix(key, "type/"):
				if _, ok := byType[strings.TrimPrefix(key, "type/")]; !ok {
					report(key, "counts", "counter is %d, scan found 0", binary.BigEndian.Uint64(pad8(v)))
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total == 0 {
		return nil
	}
	return &graph.Error{Op: op, Code: graph.Internal,
		Message: fmt.Sprintf("store is inconsistent: %d problems", total), Details: problems}
}

func pad8(v []byte) []byte {
	if len(v) >= 8 {
		return v[:8]
	}
	return append(make([]byte, 8-len(v)), v...)
}

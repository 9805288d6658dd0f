package embedded

import (
	"bytes"
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.MergeStore = (*Store)(nil)

// Merge buckets, in the same file as the graph, created on first merge.
// Keys and values:
//
//	redirects  merged-away entity id → id of the entity it was merged into
//	merges     merge id → JSON of graph.Merge
var (
	bucketRedirects = []byte("redirects")
	bucketMerges    = []byte("merges")
)

// redirectOf returns the entity id that id was merged into, when id is not
// itself an entity.
func redirectOf(tx *bolt.Tx, id string) (string, bool) {
	b := tx.Bucket(bucketRedirects)
	if b == nil {
		return "", false
	}
	v := b.Get([]byte(id))
	if v == nil || tx.Bucket(bucketEntities).Get([]byte(id)) != nil {
		return "", false
	}
	return string(v), true
}

// hasRedirects reports whether any redirect is stored, so that writes to a
// store that never merged look nothing up.
func hasRedirects(tx *bolt.Tx) bool {
	b := tx.Bucket(bucketRedirects)
	if b == nil {
		return false
	}
	k, _ := b.Cursor().First()
	return k != nil
}

// redirectBatch rewrites b for the redirects in tx (graph.Batch.Redirect).
func redirectBatch(tx *bolt.Tx, b *graph.Batch) error {
	if !hasRedirects(tx) {
		return nil
	}
	ents := tx.Bucket(bucketEntities)
	_, err := b.Redirect(func(id string) (string, bool) {
		to, ok := redirectOf(tx, id)
		if !ok || ents.Get([]byte(to)) == nil {
			return "", false
		}
		return to, true
	}, lookupIn(tx))
	return err
}

// Merge merges r.Drop into r.Keep in one transaction (graph.MergeStore).
func (s *Store) Merge(ctx context.Context, r graph.MergeRequest) (graph.Merge, error) {
	const op = "embedded.Merge"
	var m graph.Merge
	err := s.update(ctx, op, func(tx *bolt.Tx) error {
		var in graph.MergeInput
		ents := tx.Bucket(bucketEntities)
		keep := r.Keep
		if to, ok := redirectOf(tx, keep); ok {
			keep = to
		}
		if err := getEntity(ents, op, keep, &in.Keep); err != nil {
			return withField(err, "keep")
		}
		if err := getEntity(ents, op, r.Drop, &in.Drop); err != nil {
			if to, ok := redirectOf(tx, r.Drop); ok {
				return graph.Errorf(op, graph.Conflict, "%q was already merged into %q", r.Drop, to)
			}
			return withField(err, "drop")
		}
		rels := tx.Bucket(bucketRelationships)
		seen := map[string]bool{}
		for _, id := range []string{in.Keep.ID, in.Drop.ID} {
			prefix := adjPrefix(id)
			c := tx.Bucket(bucketAdjacency).Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				rid := string(k[len(prefix):])
				if seen[rid] {
					continue
				}
				seen[rid] = true
				var rel graph.Relationship
				if err := getRelationship(rels, op, rid, &rel); err != nil {
					return corrupt("relationship", rid, err)
				}
				in.Ties = append(in.Ties, rel)
			}
		}
		if err := eachJSON(tx.Bucket(bucketCampaigns), "campaign", func(c graph.Campaign) { in.Campaigns = append(in.Campaigns, c) }); err != nil {
			return err
		}
		if err := eachJSON(tx.Bucket(bucketInteractions), "interaction", func(i graph.Interaction) { in.Interactions = append(in.Interactions, i) }); err != nil {
			return err
		}
		if b := tx.Bucket(bucketRedirects); b != nil {
			if err := b.ForEach(func(k, v []byte) error {
				if string(v) == in.Drop.ID {
					in.Redirects = append(in.Redirects, graph.Redirect{From: string(k), To: string(v)})
				}
				return nil
			}); err != nil {
				return err
			}
		}
		if r.At.IsZero() {
			r.At = now()
		}
		var err error
		if m, err = graph.PlanMerge(r, in); err != nil {
			return err
		}
		return s.writeMerge(ctx, tx, &m, m.Forward(), r.Audit)
	})
	if err != nil {
		return graph.Merge{}, err
	}
	return m, nil
}

// Unmerge undoes merge r.ID (graph.MergeStore).
func (s *Store) Unmerge(ctx context.Context, r graph.UnmergeRequest) (graph.Merge, error) {
	const op = "embedded.Unmerge"
	var m graph.Merge
	err := s.update(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketMerges), []byte(r.ID), "merge", &m)
		switch {
		case err != nil:
			return err
		case !found:
			return notFound(op, "merge", r.ID)
		case m.Undone():
			return graph.Errorf(op, graph.Conflict, "merge %s was already undone at %s", m.ID, m.UndoneAt.Format("2006-01-02 15:04:05Z"))
		}
		var cur graph.MergeSide
		ents, relIDs, camps, ixs, reds := m.Touched()
		for _, id := range ents {
			var e graph.Entity
			if err := getEntity(tx.Bucket(bucketEntities), op, id, &e); err == nil {
				cur.Entities = append(cur.Entities, e)
			} else if !graph.Is(err, graph.NotFound) {
				return err
			}
		}
		for _, id := range relIDs {
			var rel graph.Relationship
			if err := getRelationship(tx.Bucket(bucketRelationships), op, id, &rel); err == nil {
				cur.Relationships = append(cur.Relationships, rel)
			} else if !graph.Is(err, graph.NotFound) {
				return err
			}
		}
		for _, id := range camps {
			var c graph.Campaign
			if ok, err := getJSON(tx.Bucket(bucketCampaigns), []byte(id), "campaign", &c); err != nil {
				return err
			} else if ok {
				cur.Campaigns = append(cur.Campaigns, c)
			}
		}
		for _, id := range ixs {
			var i graph.Interaction
			if ok, err := getJSON(tx.Bucket(bucketInteractions), []byte(id), "interaction", &i); err != nil {
				return err
			} else if ok {
				cur.Interactions = append(cur.Interactions, i)
			}
		}
		if b := tx.Bucket(bucketRedirects); b != nil {
			for _, id := range reds {
				if v := b.Get([]byte(id)); v != nil {
					cur.Redirects = append(cur.Redirects, graph.Redirect{From: id, To: string(v)})
				}
			}
		}
		if ds := m.UndoConflicts(cur); len(ds) > 0 {
			return m.UndoConflict(op, ds)
		}
		m.UndoneAt, m.UndoneBy = r.At.UTC(), r.By
		if m.UndoneAt.IsZero() {
			m.UndoneAt = now()
		}
		return s.writeMerge(ctx, tx, &m, m.Backward(), r.Audit)
	})
	if err != nil {
		return graph.Merge{}, err
	}
	return m, nil
}

// writeMerge writes a merge's change, saves its record and appends its
// audit entries, all in tx.
func (s *Store) writeMerge(ctx context.Context, tx *bolt.Tx, m *graph.Merge, ch graph.MergeChange, audit func(graph.Merge) []graph.AuditEntry) error {
	b := ch.Batch
	if err := b.Prepare(); err != nil {
		return err
	}
	w := newWriter(ctx, tx)
	w.rec = s.changes.rec
	if err := w.apply(&b); err != nil {
		return err
	}
	if err := w.commitMeta(); err != nil {
		return err
	}
	for _, c := range ch.Campaigns {
		if err := putJSON(tx, bucketCampaigns, []byte(c.ID), c); err != nil {
			return err
		}
	}
	for _, i := range ch.Interactions {
		if err := putJSON(tx, bucketInteractions, []byte(i.ID), i); err != nil {
			return err
		}
	}
	reds, err := tx.CreateBucketIfNotExists(bucketRedirects)
	if err != nil {
		return err
	}
	for _, id := range ch.DeleteRedirects {
		if err := reds.Delete([]byte(id)); err != nil {
			return err
		}
	}
	for _, x := range ch.PutRedirects {
		if err := reds.Put([]byte(x.From), []byte(x.To)); err != nil {
			return err
		}
	}
	if err := putJSON(tx, bucketMerges, []byte(m.ID), m); err != nil {
		return err
	}
	if audit == nil {
		return nil
	}
	es, err := graph.PrepareAudit(audit(*m), now())
	if err != nil {
		return err
	}
	return putAudit(tx, es)
}

// MergeRecord returns one merge with its records.
func (s *Store) MergeRecord(ctx context.Context, id string) (graph.Merge, error) {
	const op = "embedded.MergeRecord"
	var m graph.Merge
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketMerges), []byte(id), "merge", &m)
		if err == nil && !found {
			return notFound(op, "merge", id)
		}
		return err
	})
	return m, err
}

// Merges lists merges newest first.
func (s *Store) Merges(ctx context.Context, limit int) ([]graph.Merge, error) {
	const op = "embedded.Merges"
	out := []graph.Merge{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketMerges), "merge", func(m graph.Merge) { out = append(out, m.Summary()) })
	})
	if err != nil {
		return nil, err
	}
	graph.SortMerges(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// eachJSON decodes every value of bucket b (which may be nil) into a T.
func eachJSON[T any](b *bolt.Bucket, what string, fn func(T)) error {
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return corrupt(what, string(k), err)
		}
		fn(x)
		return nil
	})
}

// withField names the request field of a NotFound entity.
func withField(err error, field string) error {
	if pe, ok := err.(*graph.Error); ok {
		for i := range pe.Details {
			pe.Details[i].Field = field
		}
	}
	return err
}

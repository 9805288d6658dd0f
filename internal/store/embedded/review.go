package embedded

import (
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.ReviewStore = (*Store)(nil)

// bucketNotSame holds the review queue's "not the same" decisions:
// graph.PairKey(a, b) → JSON of graph.NotSame. Keys sort by A, then B.
var bucketNotSame = []byte("not_same")

// MarkNotSame records that two entities are different.
func (s *Store) MarkNotSame(ctx context.Context, n graph.NotSame, audit ...graph.AuditEntry) error {
	const op = "embedded.MarkNotSame"
	if err := n.Validate(); err != nil {
		return graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return graph.E(op, err)
	}
	v, err := json.Marshal(n)
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketNotSame)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(n.Key()), v); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

// ForgetNotSame removes the decision on a pair.
func (s *Store) ForgetNotSame(ctx context.Context, a, b string, audit ...graph.AuditEntry) error {
	const op = "embedded.ForgetNotSame"
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketNotSame)
		key := []byte(graph.PairKey(a, b))
		if bk == nil || bk.Get(key) == nil {
			return graph.Errorf(op, graph.NotFound, "no decision on the pair %q and %q", a, b)
		}
		if err := bk.Delete(key); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

// NotSamePairs lists every decision by A, then B.
func (s *Store) NotSamePairs(ctx context.Context) ([]graph.NotSame, error) {
	const op = "embedded.NotSamePairs"
	var out []graph.NotSame
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotSame)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var n graph.NotSame
			if err := json.Unmarshal(v, &n); err != nil {
				return corrupt("review decision", string(k), err)
			}
			out = append(out, n)
			return nil
		})
	})
	return out, err
}

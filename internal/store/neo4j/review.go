package neo4j

import (
	"context"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.ReviewStore = (*Store)(nil)

// The review queue's "not the same" decisions are :PowermapNotSame nodes
// (never :Entity), keyed by graph.PairKey.
var reviewSchema = []string{
	"CREATE CONSTRAINT powermap_not_same_key IF NOT EXISTS FOR (n:PowermapNotSame) REQUIRE n.key IS UNIQUE",
}

const (
	cypherMarkNotSame   = "MERGE (n:PowermapNotSame {key: $key}) SET n.a = $a, n.b = $b, n.by = $by, n.at = $at, n.note = $note"
	cypherForgetNotSame = "MATCH (n:PowermapNotSame {key: $key}) DELETE n RETURN count(*) AS n"
	cypherNotSamePairs  = "MATCH (n:PowermapNotSame) RETURN n.a AS a, n.b AS b, n.by AS by, n.at AS at, n.note AS note ORDER BY n.a, n.b"
)

// MarkNotSame records that two entities are different.
func (s *Store) MarkNotSame(ctx context.Context, n graph.NotSame, audit ...graph.AuditEntry) error {
	const op = "neo4j.MarkNotSame"
	if err := n.Validate(); err != nil {
		return wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return wrap(ctx, op, err)
	}
	params := map[string]any{"key": n.Key(), "a": n.A, "b": n.B, "by": n.By, "at": n.At.UTC(), "note": n.Note}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		if err := consume(ctx, tx, cypherMarkNotSame, params); err != nil {
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

// ForgetNotSame removes the decision on a pair.
func (s *Store) ForgetNotSame(ctx context.Context, a, b string, audit ...graph.AuditEntry) error {
	const op = "neo4j.ForgetNotSame"
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherForgetNotSame, map[string]any{"key": graph.PairKey(a, b)})
		if err != nil {
			return false, err
		}
		if n, err := value[int64](rec, "n"); err != nil {
			return false, err
		} else if n == 0 {
			return false, graph.Errorf(op, graph.NotFound, "no decision on the pair %q and %q", a, b)
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

// NotSamePairs lists every decision by A, then B.
func (s *Store) NotSamePairs(ctx context.Context) ([]graph.NotSame, error) {
	return readTx(ctx, s, "neo4j.NotSamePairs", func(tx driver.ManagedTransaction) ([]graph.NotSame, error) {
		var out []graph.NotSame
		err := each(ctx, tx, cypherNotSamePairs, nil, func(rec *driver.Record) error {
			var n graph.NotSame
			var err error
			if n.A, err = value[string](rec, "a"); err != nil {
				return err
			}
			if n.B, err = value[string](rec, "b"); err != nil {
				return err
			}
			if n.By, err = value[string](rec, "by"); err != nil {
				return err
			}
			if n.At, err = value[time.Time](rec, "at"); err != nil {
				return err
			}
			n.At = n.At.UTC()
			if n.Note, err = value[string](rec, "note"); err != nil {
				return err
			}
			out = append(out, n)
			return nil
		})
		return out, err
	})
}

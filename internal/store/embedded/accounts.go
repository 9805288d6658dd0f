package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.AccountStore = (*Store)(nil)

// Account buckets, in the same file as the graph, created on first write.
// Keys and values:
//
//	tokens       token id → JSON of storedToken
//	token_hashes hex SHA-256 of the secret → token id
//	audit        audit entry id (sorts by time) → JSON of graph.AuditEntry
var (
	bucketTokens      = []byte("tokens")
	bucketTokenHashes = []byte("token_hashes")
	bucketAudit       = []byte("audit")
)

// storedToken is a token as kept on disk: graph.Token hides its hash from
// JSON, so it is stored beside it.
type storedToken struct {
	graph.Token
	Hash string `json:"hash"`
}

func encodeToken(t graph.Token) ([]byte, error) {
	return json.Marshal(storedToken{Token: t, Hash: t.Hash})
}

func decodeToken(v []byte) (graph.Token, error) {
	var st storedToken
	if err := json.Unmarshal(v, &st); err != nil {
		return graph.Token{}, err
	}
	st.Token.Hash = st.Hash
	return st.Token, nil
}

// update runs fn in a write transaction after checking ctx.
func (s *Store) update(ctx context.Context, op string, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return cancelled(op, err)
	}
	return wrap(op, s.write(fn))
}

// CreateToken stores a new token; a duplicate id or hash is a Conflict.
func (s *Store) CreateToken(ctx context.Context, t graph.Token, audit ...graph.AuditEntry) error {
	const op = "embedded.CreateToken"
	if err := t.Validate(); err != nil {
		return graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return graph.E(op, err)
	}
	v, err := encodeToken(t)
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		tokens, err := tx.CreateBucketIfNotExists(bucketTokens)
		if err != nil {
			return err
		}
		hashes, err := tx.CreateBucketIfNotExists(bucketTokenHashes)
		if err != nil {
			return err
		}
		if tokens.Get([]byte(t.ID)) != nil || hashes.Get([]byte(t.Hash)) != nil {
			return graph.Errorf(op, graph.Conflict, "a token with this id or secret already exists")
		}
		if err := tokens.Put([]byte(t.ID), v); err != nil {
			return err
		}
		if err := hashes.Put([]byte(t.Hash), []byte(t.ID)); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (graph.Token, error) {
	const op = "embedded.TokenByHash"
	var t graph.Token
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		hashes, tokens := tx.Bucket(bucketTokenHashes), tx.Bucket(bucketTokens)
		if hashes == nil || tokens == nil {
			return graph.Errorf(op, graph.NotFound, "no such token")
		}
		id := hashes.Get([]byte(hash))
		if id == nil {
			return graph.Errorf(op, graph.NotFound, "no such token")
		}
		v := tokens.Get(id)
		if v == nil {
			return graph.E(op, graph.Internal, corrupt("token", string(id), errCorrupt))
		}
		var err error
		t, err = decodeToken(v)
		return err
	})
	return t, err
}

// Tokens lists every token by creation time, then id.
func (s *Store) Tokens(ctx context.Context) ([]graph.Token, error) {
	const op = "embedded.Tokens"
	var out []graph.Token
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			t, err := decodeToken(v)
			if err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// RevokeToken marks a token revoked; a revoked token keeps its first
// RevokedAt.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time, audit ...graph.AuditEntry) (graph.Token, error) {
	const op = "embedded.RevokeToken"
	var t graph.Token
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return t, graph.E(op, err)
	}
	err = s.update(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		var v []byte
		if b != nil {
			v = b.Get([]byte(id))
		}
		if v == nil {
			return graph.Errorf(op, graph.NotFound, "no token with id %q", id)
		}
		var err error
		if t, err = decodeToken(v); err != nil {
			return err
		}
		if !t.Active() {
			return putAudit(tx, audit)
		}
		t.RevokedAt = at.UTC()
		if v, err = encodeToken(t); err != nil {
			return err
		}
		if err := b.Put([]byte(id), v); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
	return t, err
}

// CountTokens counts active tokens.
func (s *Store) CountTokens(ctx context.Context) (int, error) {
	ts, err := s.Tokens(ctx)
	n := 0
	for i := range ts {
		if ts[i].Active() {
			n++
		}
	}
	return n, err
}

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e graph.AuditEntry) error {
	const op = "embedded.AppendAudit"
	if err := e.Prepare(time.Now()); err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error { return putAudit(tx, []graph.AuditEntry{e}) })
}

// putAudit writes prepared audit entries in tx: AppendAudit writes one, and
// Apply those of its batch, in the batch's transaction.
func putAudit(tx *bolt.Tx, es []graph.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketAudit)
	if err != nil {
		return err
	}
	for i := range es {
		v, err := json.Marshal(es[i])
		if err != nil {
			return graph.E(graph.Internal, err)
		}
		if err := b.Put([]byte(es[i].ID), v); err != nil {
			return err
		}
	}
	return nil
}

// Audit lists audit entries newest first.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	const op = "embedded.Audit"
	var out []graph.AuditEntry
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		var k, v []byte
		if q.Before == "" {
			k, v = c.Last()
		} else {
			k, v = c.Seek([]byte(q.Before))
			if k == nil {
				k, v = c.Last()
			}
			for k != nil && bytes.Compare(k, []byte(q.Before)) >= 0 {
				k, v = c.Prev()
			}
		}
		for ; k != nil && (q.Limit <= 0 || len(out) < q.Limit); k, v = c.Prev() {
			var e graph.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return corrupt("audit entry", string(k), err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

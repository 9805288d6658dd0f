package embedded

import (
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

// bucketSessions holds browser sessions: the hash of the cookie's id →
// JSON of graph.Session. They are few (one per signed-in browser), so
// ending a token's sessions or the expired ones scans the bucket.
var bucketSessions = []byte("sessions")

// CreateSession stores a browser session; a duplicate hash is a Conflict.
func (s *Store) CreateSession(ctx context.Context, sess graph.Session) error {
	const op = "embedded.CreateSession"
	if err := sess.Validate(); err != nil {
		return graph.E(op, err)
	}
	sess.Expires = sess.Expires.UTC()
	v, err := json.Marshal(sess)
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketSessions)
		if err != nil {
			return err
		}
		if b.Get([]byte(sess.Hash)) != nil {
			return graph.Errorf(op, graph.Conflict, "a session with this id already exists")
		}
		return b.Put([]byte(sess.Hash), v)
	})
}

// Session returns the session whose cookie id hashes to hash.
func (s *Store) Session(ctx context.Context, hash string) (graph.Session, error) {
	const op = "embedded.Session"
	var sess graph.Session
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		var v []byte
		if b := tx.Bucket(bucketSessions); b != nil {
			v = b.Get([]byte(hash))
		}
		if v == nil {
			return graph.Errorf(op, graph.NotFound, "no such session")
		}
		if err := json.Unmarshal(v, &sess); err != nil {
			return corrupt("session", "", err)
		}
		return nil
	})
	return sess, err
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.update(ctx, "embedded.DeleteSession", func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketSessions); b != nil {
			return b.Delete([]byte(hash))
		}
		return nil
	})
}

// DeleteTokenSessions ends every session of a token.
func (s *Store) DeleteTokenSessions(ctx context.Context, tokenHash string) error {
	_, err := s.deleteSessions(ctx, "embedded.DeleteTokenSessions", func(sess *graph.Session) bool { return sess.TokenHash == tokenHash })
	return err
}

// DeleteExpiredSessions removes the sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return s.deleteSessions(ctx, "embedded.DeleteExpiredSessions", func(sess *graph.Session) bool { return sess.Expires.Before(now) })
}

func (s *Store) deleteSessions(ctx context.Context, op string, drop func(*graph.Session) bool) (int, error) {
	n := 0
	err := s.update(ctx, op, func(tx *bolt.Tx) error {
		n = 0
		b := tx.Bucket(bucketSessions)
		if b == nil {
			return nil
		}
		var keys [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var sess graph.Session
			if err := json.Unmarshal(v, &sess); err != nil {
				return corrupt("session", "", err)
			}
			if drop(&sess) {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	return n, err
}

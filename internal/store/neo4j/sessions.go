package neo4j

import (
	"context"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

// Browser sessions are :PowermapSession nodes (never :Entity), keyed by the
// hash of the cookie's id, with an index on the token they act for.
const (
	cypherCreateSession = "OPTIONAL MATCH (o:PowermapSession {hash: $hash}) WITH o WHERE o IS NULL " +
		"CREATE (s:PowermapSession {hash: $hash, token_hash: $token_hash, csrf: $csrf, expires: $expires}) RETURN true AS created"
	cypherSession = "MATCH (s:PowermapSession {hash: $hash}) " +
		"RETURN s.hash AS hash, s.token_hash AS token_hash, s.csrf AS csrf, s.expires AS expires"
	cypherDeleteSession       = "MATCH (s:PowermapSession {hash: $hash}) DELETE s"
	cypherDeleteTokenSessions = "MATCH (s:PowermapSession {token_hash: $token_hash}) DELETE s"
	cypherDeleteExpired       = "MATCH (s:PowermapSession) WHERE s.expires < $now DELETE s RETURN count(s) AS n"
)

// CreateSession stores a browser session; a duplicate hash is a Conflict.
func (s *Store) CreateSession(ctx context.Context, sess graph.Session) error {
	const op = "neo4j.CreateSession"
	if err := sess.Validate(); err != nil {
		return wrap(ctx, op, err)
	}
	params := map[string]any{"hash": sess.Hash, "token_hash": sess.TokenHash, "csrf": sess.CSRF, "expires": sess.Expires.UTC()}
	_, err := writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherCreateSession, params)
		if err != nil {
			return false, err
		}
		if rec == nil {
			return false, graph.Errorf(op, graph.Conflict, "a session with this id already exists")
		}
		return true, nil
	})
	return err
}

// Session returns the session whose cookie id hashes to hash.
func (s *Store) Session(ctx context.Context, hash string) (graph.Session, error) {
	const op = "neo4j.Session"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Session, error) {
		rec, err := single(ctx, tx, cypherSession, map[string]any{"hash": hash})
		if err != nil {
			return graph.Session{}, err
		}
		if rec == nil {
			return graph.Session{}, graph.Errorf(op, graph.NotFound, "no such session")
		}
		var sess graph.Session
		if sess.Hash, err = value[string](rec, "hash"); err != nil {
			return sess, err
		}
		if sess.TokenHash, err = value[string](rec, "token_hash"); err != nil {
			return sess, err
		}
		if sess.CSRF, err = value[string](rec, "csrf"); err != nil {
			return sess, err
		}
		if sess.Expires, err = value[time.Time](rec, "expires"); err != nil {
			return sess, err
		}
		sess.Expires = sess.Expires.UTC()
		return sess, nil
	})
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.deleteSessions(ctx, "neo4j.DeleteSession", cypherDeleteSession, map[string]any{"hash": hash})
}

// DeleteTokenSessions ends every session of a token.
func (s *Store) DeleteTokenSessions(ctx context.Context, tokenHash string) error {
	return s.deleteSessions(ctx, "neo4j.DeleteTokenSessions", cypherDeleteTokenSessions, map[string]any{"token_hash": tokenHash})
}

func (s *Store) deleteSessions(ctx context.Context, op, cypher string, params map[string]any) error {
	_, err := writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		return true, consume(ctx, tx, cypher, params)
	})
	return err
}

// DeleteExpiredSessions removes the sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return writeAccount(ctx, s, "neo4j.DeleteExpiredSessions", func(tx driver.ManagedTransaction) (int, error) {
		rec, err := single(ctx, tx, cypherDeleteExpired, map[string]any{"now": now.UTC()})
		if err != nil {
			return 0, err
		}
		n, err := value[int64](rec, "n")
		return int(n), err
	})
}

package neo4j

import (
	"context"
	"encoding/json"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.AccountStore = (*Store)(nil)

// Tokens and audit entries are nodes labelled :PowermapToken and
// :PowermapAudit, never :Entity, so that no graph query, count or stream
// sees them. Open creates accountSchema with the rest of the schema. Times are Neo4j datetimes; audit details are a JSON string.
var accountSchema = []string{
	"CREATE CONSTRAINT powermap_token_id IF NOT EXISTS FOR (t:PowermapToken) REQUIRE t.id IS UNIQUE",
	"CREATE CONSTRAINT powermap_token_hash IF NOT EXISTS FOR (t:PowermapToken) REQUIRE t.hash IS UNIQUE",
	"CREATE CONSTRAINT powermap_audit_id IF NOT EXISTS FOR (a:PowermapAudit) REQUIRE a.id IS UNIQUE",
	"CREATE CONSTRAINT powermap_session_hash IF NOT EXISTS FOR (s:PowermapSession) REQUIRE s.hash IS UNIQUE",
	"CREATE INDEX powermap_session_token IF NOT EXISTS FOR (s:PowermapSession) ON (s.token_hash)",
}

const (
	tokenFields = "t.id AS id, t.name AS name, t.role AS role, t.hash AS hash, t.created_at AS created_at, t.revoked_at AS revoked_at"

	cypherTokenTaken = "OPTIONAL MATCH (a:PowermapToken {id: $id}) OPTIONAL MATCH (b:PowermapToken {hash: $hash}) " +
		"RETURN a IS NOT NULL OR b IS NOT NULL AS taken"
	cypherCreateToken = "CREATE (t:PowermapToken {id: $id, name: $name, role: $role, hash: $hash, created_at: $created_at})"
	cypherTokenByHash = "MATCH (t:PowermapToken {hash: $hash}) RETURN " + tokenFields
	cypherTokens      = "MATCH (t:PowermapToken) RETURN " + tokenFields + " ORDER BY t.created_at, t.id"
	cypherRevokeToken = "MATCH (t:PowermapToken {id: $id}) SET t.revoked_at = coalesce(t.revoked_at, $at) RETURN " + tokenFields
	cypherCountTokens = "MATCH (t:PowermapToken) WHERE t.revoked_at IS NULL RETURN count(t) AS n"
	cypherAppendAudit = "CREATE (a:PowermapAudit {id: $id, at: $at, actor: $actor, action: $action, target: $target, details: $details})"
	cypherAudit       = "MATCH (a:PowermapAudit) WHERE $before = '' OR a.id < $before " +
		"RETURN a.id AS id, a.at AS at, a.actor AS actor, a.action AS action, a.target AS target, a.details AS details " +
		"ORDER BY a.id DESC LIMIT $limit"
)

// writeAccount runs work in a managed write transaction; the driver may
// retry it, so work must have no effect outside tx.
func writeAccount[T any](ctx context.Context, s *Store, op string, work func(tx driver.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, driver.AccessModeWrite)
	defer closeSession(ctx, sess)
	v, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) { return work(tx) })
	if err != nil {
		var zero T
		return zero, wrap(ctx, op, err)
	}
	return v.(T), nil
}

// CreateToken stores a new token; a duplicate id or hash is a Conflict.
func (s *Store) CreateToken(ctx context.Context, t graph.Token, audit ...graph.AuditEntry) error {
	const op = "neo4j.CreateToken"
	if err := t.Validate(); err != nil {
		return wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return wrap(ctx, op, err)
	}
	params := map[string]any{"id": t.ID, "name": t.Name, "role": string(t.Role), "hash": t.Hash, "created_at": t.CreatedAt.UTC()}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherTokenTaken, params)
		if err != nil {
			return false, err
		}
		if taken, err := value[bool](rec, "taken"); err != nil {
			return false, err
		} else if taken {
			return false, graph.Errorf(op, graph.Conflict, "a token with this id or secret already exists")
		}
		if err := consume(ctx, tx, cypherCreateToken, params); err != nil {
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

func tokenRecord(rec *driver.Record) (graph.Token, error) {
	var t graph.Token
	var err error
	str := func(k string) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = value[string](rec, k)
		return v
	}
	t.ID, t.Name, t.Role, t.Hash = str("id"), str("name"), graph.Role(str("role")), str("hash")
	if err != nil {
		return t, err
	}
	if t.CreatedAt, err = value[time.Time](rec, "created_at"); err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if v, _ := rec.Get("revoked_at"); v != nil {
		at, ok := v.(time.Time)
		if !ok {
			return t, errField("revoked_at", v)
		}
		t.RevokedAt = at.UTC()
	}
	return t, nil
}

// TokenByHash returns the token whose secret hashes to hash.
func (s *Store) TokenByHash(ctx context.Context, hash string) (graph.Token, error) {
	const op = "neo4j.TokenByHash"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Token, error) {
		rec, err := single(ctx, tx, cypherTokenByHash, map[string]any{"hash": hash})
		if err != nil {
			return graph.Token{}, err
		}
		if rec == nil {
			return graph.Token{}, graph.Errorf(op, graph.NotFound, "no such token")
		}
		return tokenRecord(rec)
	})
}

// Tokens lists every token by creation time, then id.
func (s *Store) Tokens(ctx context.Context) ([]graph.Token, error) {
	return readTx(ctx, s, "neo4j.Tokens", func(tx driver.ManagedTransaction) ([]graph.Token, error) {
		var out []graph.Token
		err := each(ctx, tx, cypherTokens, nil, func(rec *driver.Record) error {
			t, err := tokenRecord(rec)
			out = append(out, t)
			return err
		})
		return out, err
	})
}

// RevokeToken marks a token revoked; a revoked token keeps its first
// RevokedAt.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time, audit ...graph.AuditEntry) (graph.Token, error) {
	const op = "neo4j.RevokeToken"
	audit, err := graph.PrepareAudit(audit, time.Now())
	if err != nil {
		return graph.Token{}, wrap(ctx, op, err)
	}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Token, error) {
		rec, err := single(ctx, tx, cypherRevokeToken, map[string]any{"id": id, "at": at.UTC()})
		if err != nil {
			return graph.Token{}, err
		}
		if rec == nil {
			return graph.Token{}, graph.Errorf(op, graph.NotFound, "no token with id %q", id)
		}
		t, err := tokenRecord(rec)
		if err != nil {
			return t, err
		}
		return t, appendAudit(ctx, tx, audit)
	})
}

// CountTokens counts active tokens.
func (s *Store) CountTokens(ctx context.Context) (int, error) {
	return readTx(ctx, s, "neo4j.CountTokens", func(tx driver.ManagedTransaction) (int, error) {
		rec, err := single(ctx, tx, cypherCountTokens, nil)
		if err != nil {
			return 0, err
		}
		n, err := value[int64](rec, "n")
		return int(n), err
	})
}

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e graph.AuditEntry) error {
	const op = "neo4j.AppendAudit"
	if err := e.Prepare(time.Now()); err != nil {
		return wrap(ctx, op, err)
	}
	_, err := writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		return true, appendAudit(ctx, tx, []graph.AuditEntry{e})
	})
	return err
}

// appendAudit writes prepared audit entries in tx: AppendAudit writes one,
// and Apply those of its batch, in the batch's transaction.
func appendAudit(ctx context.Context, tx driver.ManagedTransaction, es []graph.AuditEntry) error {
	for _, e := range es {
		details := ""
		if len(e.Details) > 0 {
			b, err := json.Marshal(e.Details)
			if err != nil {
				return graph.E(graph.Internal, err)
			}
			details = string(b)
		}
		params := map[string]any{"id": e.ID, "at": e.At, "actor": e.Actor, "action": e.Action, "target": e.Target, "details": details}
		if err := consume(ctx, tx, cypherAppendAudit, params); err != nil {
			return err
		}
	}
	return nil
}

// Audit lists audit entries newest first.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	params := map[string]any{"before": q.Before, "limit": limitParam(q.Limit)}
	return readTx(ctx, s, "neo4j.Audit", func(tx driver.ManagedTransaction) ([]graph.AuditEntry, error) {
		var out []graph.AuditEntry
		err := each(ctx, tx, cypherAudit, params, func(rec *driver.Record) error {
			var e graph.AuditEntry
			var err error
			if e.ID, err = value[string](rec, "id"); err != nil {
				return err
			}
			if e.At, err = value[time.Time](rec, "at"); err != nil {
				return err
			}
			e.At = e.At.UTC()
			if e.Actor, err = value[string](rec, "actor"); err != nil {
				return err
			}
			if e.Action, err = value[string](rec, "action"); err != nil {
				return err
			}
			if e.Target, err = value[string](rec, "target"); err != nil {
				return err
			}
			details, err := value[string](rec, "details")
			if err != nil {
				return err
			}
			if details != "" {
				if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
					return err
				}
			}
			out = append(out, e)
			return nil
		})
		return out, err
	})
}

func errField(k string, v any) error {
	return graph.Errorf("neo4j.account", graph.Internal, "field %q has unexpected type %T", k, v)
}

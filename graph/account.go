package graph

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Role is what an API token may do. Roles are ordered: a viewer reads, an
// editor also writes and imports, an admin also manages tokens and reads the
// audit log.
type Role string

// The roles, from least to most powerful.
const (
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Roles lists the roles from least to most powerful.
func Roles() []Role { return []Role{RoleViewer, RoleEditor, RoleAdmin} }

// rank orders roles; an unknown role ranks below every known one.
func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a holder of role r may do what needs role min. An
// unknown role allows nothing.
func (r Role) Allows(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// ParseRole accepts a role in any case. An unknown role is an Invalid error
// on field "role".
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		reason := "unknown role " + quote(s) + "; allowed: viewer, editor, admin"
		return "", &Error{Code: Invalid, Message: reason, Details: []Detail{{Field: "role", Reason: reason}}}
	}
	return r, nil
}

// TokenPrefix starts every token secret, so that a leaked secret is easy to
// recognise in logs and by secret scanners.
const TokenPrefix = "pm_"

// Token is an API token as stored: its secret is never kept, only the
// SHA-256 hash of it (see HashToken).
type Token struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Hash is the hex SHA-256 of the secret. It never leaves the server.
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	// RevokedAt is zero while the token is active.
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Active reports whether the token has not been revoked.
func (t *Token) Active() bool { return t.RevokedAt.IsZero() }

// Validate checks a token before it is stored.
func (t *Token) Validate() error {
	var ds []Detail
	if t.ID == "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	}
	if strings.TrimSpace(t.Name) == "" {
		ds = append(ds, Detail{Field: "name", Reason: "must not be empty"})
	} else if len(t.Name) > 200 {
		ds = append(ds, Detail{Field: "name", Reason: "must be at most 200 bytes"})
	}
	if !t.Role.Valid() {
		ds = append(ds, Detail{Field: "role", Reason: "unknown role " + quote(string(t.Role)) + "; allowed: viewer, editor, admin"})
	}
	if len(t.Hash) != 64 {
		ds = append(ds, Detail{Field: "hash", Reason: "must be a hex SHA-256"})
	}
	if t.CreatedAt.IsZero() {
		ds = append(ds, Detail{Field: "created_at", Reason: "must be set"})
	}
	return invalid("token", t.ID, ds)
}

// NewToken makes a token with a fresh random secret (32 bytes from
// crypto/rand) and returns the secret, which must be shown to its owner once
// and then forgotten, and the Token to store. The Token's ID is random too.
func NewToken(name string, role Role, now time.Time) (secret string, t Token, err error) {
	const op = "graph.NewToken"
	if _, err := ParseRole(string(role)); err != nil {
		return "", Token{}, E(op, Invalid, err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", Token{}, E(op, Internal, err)
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t = Token{
		ID:        "tok_" + RandomID(8),
		Name:      strings.TrimSpace(name),
		Role:      role,
		Hash:      HashToken(secret),
		CreatedAt: now.UTC().Truncate(time.Millisecond),
	}
	if err := t.Validate(); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// HashToken returns the hex SHA-256 of a token secret: the form in which
// stores keep and look up tokens. A token secret carries 256 bits of
// randomness, so a fast hash is enough.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// EqualHashes compares two hashes in constant time.
func EqualHashes(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// RandomID returns n random bytes from crypto/rand as lower-case hex. It
// panics if the system's randomness source fails, which crypto/rand
// documents as not happening on supported platforms.
func RandomID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("graph: RandomID: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// AuditEntry records one write or export: who, when, what.
type AuditEntry struct {
	// ID orders entries: NewAuditID makes ids that sort by time.
	ID string    `json:"id"`
	At time.Time `json:"at"`
	// Actor names who did it: a token id and name ("tok_1a2b (alice)"), or
	// "system" for the server itself.
	Actor string `json:"actor"`
	// Action is a dotted verb: "entity.create", "relationship.delete",
	// "import", "export", "token.create", "token.revoke".
	Action string `json:"action"`
	// Target is the id of the record acted on, if any.
	Target string `json:"target,omitempty"`
	// Details holds anything else worth keeping (counts, formats), as text.
	Details map[string]string `json:"details,omitempty"`
}

// NewAuditID makes an audit entry id that sorts by time: the instant in
// zero-padded nanoseconds since 1970 then a random suffix, so that two
// entries in the same nanosecond still differ.
func NewAuditID(at time.Time) string {
	ns := strconv.FormatInt(at.UnixNano(), 10)
	if len(ns) < 20 {
		ns = strings.Repeat("0", 20-len(ns)) + ns
	}
	return ns + "-" + RandomID(4)
}

// AuditQuery pages through the audit log, newest first.
type AuditQuery struct {
	// Before is the id to list before (exclusive): the last id of the
	// previous page. Empty starts at the newest entry.
	Before string
	// Limit caps the page; 0 means no cap.
	Limit int
}

// AccountStore keeps API tokens and the audit log. Both store backends
// implement it beside graph.Store, in the same database, and both pass the
// conformance cases in internal/store/storetest (RunAccounts).
//
// Every method honours ctx and returns errors with a Code, as Store does.
// CreateToken and RevokeToken take audit entries describing them, which
// they append in their own transaction, as CampaignStore's writes do.
type AccountStore interface {
	// CreateToken stores a new token. The token is validated first
	// (Invalid); an id or hash already present is a Conflict.
	CreateToken(ctx context.Context, t Token, audit ...AuditEntry) error
	// TokenByHash returns the token whose Hash is hash, active or revoked,
	// or a NotFound error.
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// Tokens lists every token, active or revoked, ordered by CreatedAt and
	// then id.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken marks a token revoked at the given time. Revoking a
	// revoked token keeps its first RevokedAt; a missing id is NotFound.
	RevokeToken(ctx context.Context, id string, at time.Time, audit ...AuditEntry) (Token, error)
	// CountTokens counts active tokens. A server uses it on first run to
	// decide whether to create an admin token.
	CountTokens(ctx context.Context) (int, error)

	// CreateSession stores a browser session; a session with the same Hash
	// is a Conflict. A session missing its Hash or TokenHash is Invalid.
	CreateSession(ctx context.Context, sess Session) error
	// Session returns the session whose cookie id hashes to hash, expired
	// or not, or a NotFound error.
	Session(ctx context.Context, hash string) (Session, error)
	// DeleteSession ends one session; ending a missing one is no error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteTokenSessions ends every session of the token whose secret
	// hashes to tokenHash.
	DeleteTokenSessions(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes the sessions that expired before now
	// and returns how many it removed.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// AppendAudit adds an entry to the audit log. An empty ID is filled
	// with NewAuditID(e.At); a zero At with the current time.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// Audit lists audit entries newest first (by ID, descending).
	Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

// Session is a browser session. It lives in the store, not in a server's
// memory, so that any replica serves it and a restart signs no one out.
// The cookie holds a random id; the store keeps only the id's hash.
type Session struct {
	// Hash is HashToken of the cookie's id.
	Hash string `json:"hash"`
	// TokenHash is the hash of the token the session acts for.
	TokenHash string `json:"token_hash"`
	// CSRF is the token that unsafe requests must echo in a header.
	CSRF    string    `json:"csrf"`
	Expires time.Time `json:"expires"`
}

// Validate checks that a session can be stored.
func (s *Session) Validate() error {
	const op = "graph.Session.Validate"
	var ds []Detail
	if s.Hash == "" {
		ds = append(ds, Detail{Field: "hash", Reason: "is required"})
	}
	if s.TokenHash == "" {
		ds = append(ds, Detail{Field: "token_hash", Reason: "is required"})
	}
	if s.Expires.IsZero() {
		ds = append(ds, Detail{Field: "expires", Reason: "is required"})
	}
	if len(ds) > 0 {
		return &Error{Op: op, Code: Invalid, Message: "invalid session", Details: ds}
	}
	return nil
}

// PrepareAudit returns a copy of es with every entry prepared (see
// AuditEntry.Prepare) with now as the default time, or the first entry's
// Invalid error. Stores call it for the entries that ride with another write
// (graph.Batch.Audit, the CampaignStore writes).
func PrepareAudit(es []AuditEntry, now time.Time) ([]AuditEntry, error) {
	if len(es) == 0 {
		return nil, nil
	}
	out := make([]AuditEntry, len(es))
	for i := range es {
		out[i] = es[i]
		if err := out[i].Prepare(now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Prepare fills an audit entry's defaults (At, ID) and checks it. Stores call
// it first in AppendAudit.
func (e *AuditEntry) Prepare(now time.Time) error {
	if e.At.IsZero() {
		e.At = now
	}
	e.At = e.At.UTC()
	if e.ID == "" {
		e.ID = NewAuditID(e.At)
	}
	var ds []Detail
	if e.Actor == "" {
		ds = append(ds, Detail{Field: "actor", Reason: "must not be empty"})
	}
	if e.Action == "" {
		ds = append(ds, Detail{Field: "action", Reason: "must not be empty"})
	}
	if len(e.Details) == 0 {
		e.Details = nil
	}
	return invalid("audit entry", e.ID, ds)
}

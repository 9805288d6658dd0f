package storetest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// AccountsOpener returns a new, empty account store for one subtest, and
// registers its Close with t.Cleanup.
type AccountsOpener func(t *testing.T) graph.AccountStore

// RunAccounts runs the conformance cases of graph.AccountStore against the
// backend that open returns. Beyond the doc comments of graph.AccountStore,
// the cases require that times come back equal to the millisecond, that a
// token's hash round-trips, and that accounts leave the graph untouched: when
// the account store is also a graph.Store, its counts, version and search
// results do not change. The opener must empty the account records (tokens
// and audit entries); it may leave graph records in place.
func RunAccounts(t *testing.T, open AccountsOpener) {
	for _, c := range accountCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var accountCases = []struct {
	name string
	run  func(*testing.T, AccountsOpener)
}{
	{"Tokens/RoundTrip", testTokenRoundTrip},
	{"Tokens/Invalid", testTokenInvalid},
	{"Tokens/Duplicate", testTokenDuplicate},
	{"Tokens/NotFound", testTokenNotFound},
	{"Tokens/Revoke", testTokenRevoke},
	{"Tokens/Order", testTokenOrder},
	{"Tokens/HostileText", testTokenHostile},
	{"Audit/RoundTrip", testAuditRoundTrip},
	{"Audit/Pages", testAuditPages},
	{"Audit/Invalid", testAuditInvalid},
	{"Accounts/GraphUntouched", testAccountsLeaveGraph},
	{"Accounts/Cancelled", testAccountsCancelled},
	{"Audit/WithTokenWrites", testTokenAudit},
	{"Sessions/RoundTrip", testSessionRoundTrip},
	{"Sessions/Invalid", testSessionInvalid},
	{"Sessions/Delete", testSessionDelete},
	{"Sessions/Expired", testSessionExpired},
	{"Review/NotSame", testNotSame},
}

var t0 = time.Date(2025, 4, 1, 9, 30, 0, 123_000_000, time.UTC)

func mustToken(t *testing.T, name string, role graph.Role, at time.Time) (string, graph.Token) {
	t.Helper()
	secret, tok, err := graph.NewToken(name, role, at)
	require.NoError(t, err)
	return secret, tok
}

func assertToken(t *testing.T, want, got graph.Token) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Name, got.Name)
	assert.Equal(t, want.Role, got.Role)
	assert.Equal(t, want.Hash, got.Hash)
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "created_at: want %v, got %v", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.RevokedAt.Equal(got.RevokedAt), "revoked_at: want %v, got %v", want.RevokedAt, got.RevokedAt)
}

func testTokenRoundTrip(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	n, err := a.CountTokens(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a new store has no tokens")
	ts, err := a.Tokens(ctx)
	require.NoError(t, err)
	assert.Empty(t, ts)

	secret, tok := mustToken(t, "Ana Organizer", graph.RoleEditor, t0)
	require.NoError(t, a.CreateToken(ctx, tok))
	got, err := a.TokenByHash(ctx, graph.HashToken(secret))
	require.NoError(t, err)
	assertToken(t, tok, got)
	assert.True(t, got.Active())

	ts, err = a.Tokens(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 1)
	assertToken(t, tok, ts[0])
	n, err = a.CountTokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func testTokenInvalid(t *testing.T, open AccountsOpener) {
	a := open(t)
	_, good := mustToken(t, "x", graph.RoleViewer, t0)
	cases := map[string]func(*graph.Token){
		"role":       func(k *graph.Token) { k.Role = "root" },
		"name":       func(k *graph.Token) { k.Name = " " },
		"id":         func(k *graph.Token) { k.ID = "" },
		"hash":       func(k *graph.Token) { k.Hash = "plain-secret" },
		"created_at": func(k *graph.Token) { k.CreatedAt = time.Time{} },
	}
	for field, spoil := range cases {
		tok := good
		spoil(&tok)
		err := a.CreateToken(t.Context(), tok)
		requireCode(t, err, graph.Invalid)
		requireDetail(t, err, tok.ID, field)
	}
	n, err := a.CountTokens(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "no invalid token was stored")
}

func testTokenDuplicate(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	_, tok := mustToken(t, "first", graph.RoleAdmin, t0)
	require.NoError(t, a.CreateToken(ctx, tok))

	sameID := tok
	_, other := mustToken(t, "second", graph.RoleViewer, t0)
	sameID.Hash = other.Hash
	requireCode(t, a.CreateToken(ctx, sameID), graph.Conflict)

	sameHash := other
	sameHash.Hash = tok.Hash
	requireCode(t, a.CreateToken(ctx, sameHash), graph.Conflict)

	ts, err := a.Tokens(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 1)
	assertToken(t, tok, ts[0])
}

func testTokenNotFound(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	_, err := a.TokenByHash(ctx, graph.HashToken("pm_nobody"))
	requireCode(t, err, graph.NotFound)
	_, err = a.RevokeToken(ctx, "tok_missing", t0)
	requireCode(t, err, graph.NotFound)

	_, tok := mustToken(t, "someone", graph.RoleViewer, t0)
	require.NoError(t, a.CreateToken(ctx, tok))
	_, err = a.TokenByHash(ctx, graph.HashToken("pm_nobody"))
	requireCode(t, err, graph.NotFound)
	_, err = a.TokenByHash(ctx, "")
	requireCode(t, err, graph.NotFound)
}

func testTokenRevoke(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	secret, tok := mustToken(t, "leaver", graph.RoleEditor, t0)
	_, keep := mustToken(t, "stayer", graph.RoleViewer, t0.Add(time.Second))
	require.NoError(t, a.CreateToken(ctx, tok))
	require.NoError(t, a.CreateToken(ctx, keep))

	at := t0.Add(time.Hour)
	got, err := a.RevokeToken(ctx, tok.ID, at)
	require.NoError(t, err)
	assert.False(t, got.Active())
	assert.True(t, at.Equal(got.RevokedAt), "revoked_at: %v", got.RevokedAt)

	again, err := a.RevokeToken(ctx, tok.ID, at.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, at.Equal(again.RevokedAt), "a second revoke keeps the first time, got %v", again.RevokedAt)

	byHash, err := a.TokenByHash(ctx, graph.HashToken(secret))
	require.NoError(t, err, "a revoked token is still found, so that callers can say it was revoked")
	assert.False(t, byHash.Active())
	n, err := a.CountTokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "CountTokens counts active tokens")
	ts, err := a.Tokens(ctx)
	require.NoError(t, err)
	assert.Len(t, ts, 2, "Tokens lists revoked tokens too")
}

func testTokenOrder(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	var want []string
	toks := make([]graph.Token, 5)
	for i := range toks {
		_, toks[i] = mustToken(t, "t"+strconv.Itoa(i), graph.RoleViewer, t0.Add(time.Duration(i)*time.Minute))
		want = append(want, toks[i].ID)
	}
	for _, i := range []int{3, 0, 4, 1, 2} {
		require.NoError(t, a.CreateToken(ctx, toks[i]))
	}
	ts, err := a.Tokens(ctx)
	require.NoError(t, err)
	var got []string
	for _, k := range ts {
		got = append(got, k.ID)
	}
	assert.Equal(t, want, got, "ordered by created_at")
}

// hostile holds strings that break string-built queries.
var hostile = []string{
	`' OR 1=1 //`,
	`}) DETACH DELETE n //`,
	"`x` MATCH (n) DETACH DELETE n",
	`$param {id: $id}`,
	`"; DROP TABLE tokens; --`,
	"Zoë \u202e\u0000 名前 🚀",
}

func testTokenHostile(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	for i, h := range hostile {
		secret, tok := mustToken(t, h, graph.RoleViewer, t0.Add(time.Duration(i)*time.Second))
		require.NoError(t, a.CreateToken(ctx, tok))
		got, err := a.TokenByHash(ctx, graph.HashToken(secret))
		require.NoError(t, err)
		assert.Equal(t, h, got.Name)
		require.NoError(t, a.AppendAudit(ctx, graph.AuditEntry{At: t0, Actor: h, Action: "entity.create", Target: h, Details: map[string]string{h: h}}))
		_, err = a.TokenByHash(ctx, h)
		requireCode(t, err, graph.NotFound)
		_, err = a.RevokeToken(ctx, h, t0)
		requireCode(t, err, graph.NotFound)
	}
	n, err := a.CountTokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(hostile), n)
	es, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, es, len(hostile))
	seen := map[string]bool{}
	for _, e := range es {
		assert.Equal(t, e.Actor, e.Target)
		assert.Equal(t, map[string]string{e.Actor: e.Actor}, e.Details)
		seen[e.Actor] = true
	}
	assert.Len(t, seen, len(hostile))
}

func testAuditRoundTrip(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	es, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	assert.Empty(t, es, "a new store has an empty audit log")

	e := graph.AuditEntry{At: t0, Actor: "tok_1 (ana)", Action: "export", Target: "",
		Details: map[string]string{"format": "csv", "include_private": "false"}}
	require.NoError(t, a.AppendAudit(ctx, e))
	require.NoError(t, a.AppendAudit(ctx, graph.AuditEntry{Actor: "system", Action: "token.create"}))
	es, err = a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, es, 2)
	assert.Equal(t, "token.create", es[0].Action, "newest first; a zero At means now")
	assert.NotEmpty(t, es[0].ID)
	assert.False(t, es[0].At.IsZero())
	got := es[1]
	assert.NotEmpty(t, got.ID, "an empty id is filled")
	assert.True(t, t0.Equal(got.At), "at: %v", got.At)
	assert.Equal(t, e.Actor, got.Actor)
	assert.Equal(t, e.Action, got.Action)
	assert.Equal(t, e.Details, got.Details)
}

func testAuditPages(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	const n = 23
	for i := range n {
		// Appended out of time order: the id orders, not arrival.
		j := (i * 7) % n
		at := t0.Add(time.Duration(j) * time.Second)
		require.NoError(t, a.AppendAudit(ctx, graph.AuditEntry{ID: graph.NewAuditID(at), At: at, Actor: "a", Action: "entity.update", Target: fmt.Sprint(j)}))
	}
	var got []string
	before := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, n, "paging does not end")
		es, err := a.Audit(ctx, graph.AuditQuery{Before: before, Limit: 5})
		require.NoError(t, err)
		require.LessOrEqual(t, len(es), 5)
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			got = append(got, e.Target)
		}
		before = es[len(es)-1].ID
	}
	var want []string
	for j := n - 1; j >= 0; j-- {
		want = append(want, fmt.Sprint(j))
	}
	assert.Equal(t, want, got, "every entry once, newest first")

	all, err := a.Audit(ctx, graph.AuditQuery{Limit: 0})
	require.NoError(t, err)
	assert.Len(t, all, n, "limit 0 means no cap")
	after, err := a.Audit(ctx, graph.AuditQuery{Before: all[n-1].ID})
	require.NoError(t, err)
	assert.Empty(t, after, "nothing before the oldest")
}

func testAuditInvalid(t *testing.T, open AccountsOpener) {
	a := open(t)
	err := a.AppendAudit(t.Context(), graph.AuditEntry{Action: "x"})
	requireCode(t, err, graph.Invalid)
	err = a.AppendAudit(t.Context(), graph.AuditEntry{Actor: "x"})
	requireCode(t, err, graph.Invalid)
	es, err := a.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	assert.Empty(t, es)
}

func testAccountsLeaveGraph(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	s, ok := a.(graph.Store)
	if !ok {
		t.Skip("the account store is not a graph.Store")
	}
	before, err := s.Counts(ctx)
	require.NoError(t, err)
	_, tok := mustToken(t, "Zyqxv Probe", graph.RoleAdmin, t0)
	require.NoError(t, a.CreateToken(ctx, tok))
	require.NoError(t, a.AppendAudit(ctx, graph.AuditEntry{Actor: "Zyqxv Probe", Action: "entity.create", Target: "zyqxv"}))
	require.NoError(t, a.CreateSession(ctx, graph.Session{Hash: graph.HashToken("zyqxv"), TokenHash: tok.Hash, CSRF: "zyqxv", Expires: t0}))
	after, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, before.Entities, after.Entities, "tokens and audit entries are not entities")
	assert.Equal(t, before.Relationships, after.Relationships)
	assert.Equal(t, before.Version, after.Version, "accounts do not move the graph's change version")
	found, err := s.Search(ctx, "zyqxv", 0)
	require.NoError(t, err)
	assert.Empty(t, entityIDs(found), "search finds no account record")
	_, err = s.Entity(ctx, tok.ID)
	requireCode(t, err, graph.NotFound)
}

func testAccountsCancelled(t *testing.T, open AccountsOpener) {
	a := open(t)
	_, tok := mustToken(t, "c", graph.RoleViewer, t0)
	require.NoError(t, a.CreateToken(t.Context(), tok))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, other := mustToken(t, "d", graph.RoleViewer, t0)
	calls := map[string]error{
		"CreateToken": a.CreateToken(ctx, other),
		"AppendAudit": a.AppendAudit(ctx, graph.AuditEntry{Actor: "a", Action: "b"}),
	}
	_, calls["TokenByHash"] = a.TokenByHash(ctx, tok.Hash)
	_, calls["Tokens"] = a.Tokens(ctx)
	_, calls["RevokeToken"] = a.RevokeToken(ctx, tok.ID, t0)
	_, calls["CountTokens"] = a.CountTokens(ctx)
	_, calls["Audit"] = a.Audit(ctx, graph.AuditQuery{})
	calls["CreateSession"] = a.CreateSession(ctx, graph.Session{Hash: "h", TokenHash: tok.Hash, Expires: t0})
	_, calls["Session"] = a.Session(ctx, "h")
	calls["DeleteSession"] = a.DeleteSession(ctx, "h")
	calls["DeleteTokenSessions"] = a.DeleteTokenSessions(ctx, tok.Hash)
	_, calls["DeleteExpiredSessions"] = a.DeleteExpiredSessions(ctx, t0)
	for name, err := range calls {
		assert.True(t, isCancelled(err), "%s with a cancelled context: %v", name, err)
	}
	got, err := a.TokenByHash(t.Context(), tok.Hash)
	require.NoError(t, err)
	assert.True(t, got.Active(), "the cancelled revoke did nothing")
}

func mustSession(t *testing.T, a graph.AccountStore, id, tokenHash string, expires time.Time) graph.Session {
	t.Helper()
	sess := graph.Session{Hash: graph.HashToken(id), TokenHash: tokenHash, CSRF: "csrf-" + id, Expires: expires}
	require.NoError(t, a.CreateSession(t.Context(), sess))
	return sess
}

func testSessionRoundTrip(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	_, tok := mustToken(t, "browser", graph.RoleEditor, t0)
	want := mustSession(t, a, "cookie-1", tok.Hash, t0.Add(12*time.Hour))
	got, err := a.Session(ctx, want.Hash)
	require.NoError(t, err)
	assert.Equal(t, want.Hash, got.Hash)
	assert.Equal(t, want.TokenHash, got.TokenHash)
	assert.Equal(t, want.CSRF, got.CSRF)
	assert.True(t, want.Expires.Equal(got.Expires), "expires round-trips: want %v, got %v", want.Expires, got.Expires)
	assert.Equal(t, time.UTC, got.Expires.Location())

	err = a.CreateSession(ctx, want)
	requireCode(t, err, graph.Conflict)
	_, err = a.Session(ctx, graph.HashToken("no such cookie"))
	requireCode(t, err, graph.NotFound)
}

func testSessionInvalid(t *testing.T, open AccountsOpener) {
	a := open(t)
	for _, sess := range map[string]graph.Session{
		"no hash":       {TokenHash: "t", Expires: t0},
		"no token hash": {Hash: "h", Expires: t0},
		"no expiry":     {Hash: "h", TokenHash: "t"},
	} {
		requireCode(t, a.CreateSession(t.Context(), sess), graph.Invalid)
		_, err := a.Session(t.Context(), sess.Hash)
		if sess.Hash != "" {
			requireCode(t, err, graph.NotFound)
		}
	}
}

func testSessionDelete(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	_, one := mustToken(t, "one", graph.RoleViewer, t0)
	_, two := mustToken(t, "two", graph.RoleViewer, t0)
	s1 := mustSession(t, a, "a", one.Hash, t0.Add(time.Hour))
	s2 := mustSession(t, a, "b", one.Hash, t0.Add(time.Hour))
	s3 := mustSession(t, a, "c", two.Hash, t0.Add(time.Hour))

	require.NoError(t, a.DeleteSession(ctx, s1.Hash))
	_, err := a.Session(ctx, s1.Hash)
	requireCode(t, err, graph.NotFound)
	require.NoError(t, a.DeleteSession(ctx, s1.Hash), "ending a missing session is no error")

	require.NoError(t, a.DeleteTokenSessions(ctx, one.Hash))
	_, err = a.Session(ctx, s2.Hash)
	requireCode(t, err, graph.NotFound)
	_, err = a.Session(ctx, s3.Hash)
	require.NoError(t, err, "another token's session stays")
}

func testSessionExpired(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	_, tok := mustToken(t, "one", graph.RoleViewer, t0)
	for i := range 5 {
		mustSession(t, a, "old"+strconv.Itoa(i), tok.Hash, t0.Add(-time.Duration(i+1)*time.Minute))
	}
	live := mustSession(t, a, "live", tok.Hash, t0.Add(time.Minute))
	n, err := a.DeleteExpiredSessions(ctx, t0)
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	_, err = a.Session(ctx, live.Hash)
	require.NoError(t, err)
	n, err = a.DeleteExpiredSessions(ctx, t0)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// testNotSame runs on account stores that also remember review decisions
// (both backends do).
func testNotSame(t *testing.T, open AccountsOpener) {
	a := open(t)
	rs, ok := a.(graph.ReviewStore)
	require.True(t, ok, "the store remembers review decisions (graph.ReviewStore)")
	ctx := t.Context()
	pairs, err := rs.NotSamePairs(ctx)
	require.NoError(t, err)
	assert.Empty(t, pairs)

	n := graph.NewNotSame("sen-02", "don-7", "admin (Admin)", "different middle names", t0)
	assert.Equal(t, "don-7", n.A, "ids in order")
	require.NoError(t, rs.MarkNotSame(ctx, n, graph.AuditEntry{Actor: "admin", Action: "dedupe.not_same", Target: n.A}))
	require.NoError(t, rs.MarkNotSame(ctx, graph.NewNotSame("a-1", "b-1", "x", "", t0)))
	again := graph.NewNotSame("don-7", "sen-02", "editor (E)", "checked twice", t0.Add(time.Hour))
	require.NoError(t, rs.MarkNotSame(ctx, again), "marking again replaces")
	pairs, err = rs.NotSamePairs(ctx)
	require.NoError(t, err)
	require.Len(t, pairs, 2)
	assert.Equal(t, "a-1", pairs[0].A)
	assert.Equal(t, again.Note, pairs[1].Note)
	assert.True(t, again.At.Equal(pairs[1].At))
	assert.Equal(t, again.Key(), graph.PairKey("sen-02", "don-7"))

	entries, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, entries, 1, "the decision was audited with its write")
	assert.Equal(t, "dedupe.not_same", entries[0].Action)

	requireCode(t, rs.MarkNotSame(ctx, graph.NotSame{A: "x", B: "x", At: t0}), graph.Invalid)
	requireCode(t, rs.MarkNotSame(ctx, graph.NotSame{A: "z", B: "y", At: t0}), graph.Invalid)
	requireCode(t, rs.MarkNotSame(ctx, graph.NotSame{A: "a\u202e", B: "y", At: t0}), graph.Invalid)

	require.NoError(t, rs.ForgetNotSame(ctx, "sen-02", "don-7"))
	requireCode(t, rs.ForgetNotSame(ctx, "sen-02", "don-7"), graph.NotFound)
	pairs, err = rs.NotSamePairs(ctx)
	require.NoError(t, err)
	assert.Len(t, pairs, 1)
}

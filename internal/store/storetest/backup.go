package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// BackupBackend is a store that keeps every kind of record, and can dump
// and load them all verbatim.
type BackupBackend interface {
	graph.Store
	graph.CampaignStore
	graph.EventStore
	graph.QuestionStore
	graph.MergeStore
	graph.ReviewStore
	graph.AccountStore
	graph.BackupStore
}

// BackupOpener returns a new, empty store for one subtest, and registers
// its Close with t.Cleanup. Called again in the same subtest with the store
// it returned before, it returns an empty store to load into, which may be
// that store emptied (a backend that holds one database per test).
type BackupOpener func(t *testing.T, before BackupBackend) BackupBackend

// RunBackup runs the conformance cases of graph.BackupStore. Beyond its doc
// comments, they require that a dump loaded into an empty store of the same
// kind dumps again field for field the same, that a loaded token still
// signs in (TokenByHash), and that a write to the graph during a dump is
// either absent from it or fails it with Conflict.
func RunBackup(t *testing.T, open BackupOpener) {
	for _, c := range backupCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var backupCases = []struct {
	name string
	run  func(*testing.T, BackupOpener)
}{
	{"Backup/DumpLoad", testDumpLoad},
	{"Backup/Empty", testBackupEmpty},
	{"Backup/LoadMixed", testLoadMixed},
	{"Backup/WriteDuringDump", testWriteDuringDump},
}

// FillTokenSecret is the secret of the active token that Fill stores.
const FillTokenSecret = "pm_fill-token-secret"

// FillCounts is what Fill stores beside the graph, by kind of record.
var FillCounts = map[graph.RecordKind]int{
	graph.RecordRedirect: 1, graph.RecordCampaign: 2, graph.RecordInteraction: 2, graph.RecordOutreach: 1,
	graph.RecordEvent: 1, graph.RecordQuestionBank: 1, graph.RecordMerge: 1, graph.RecordNotSame: 1, graph.RecordJob: 1, graph.RecordToken: 2,
	graph.RecordAudit: 3,
}

// Fill writes MergeMap and one or more records of every other kind into s
// (FillCounts), through the stores' ordinary writes: two campaigns, two
// interactions, an outreach list, an event, the question bank of Aarón
// Ortíz for that event (saved twice), a merge of OrtizDup into Aarón Ortíz
// (which leaves a redirect), a review decision, a job's last run and
// a live claim on its next, an active and a revoked token, a browser
// session, and three audit entries. Claims and sessions are not records.
// The graph then holds 9 entities.
func Fill(t *testing.T, s BackupBackend) {
	t.Helper()
	ctx := t.Context()
	_, err := s.Apply(ctx, MergeMap())
	require.NoError(t, err)
	for _, c := range []graph.Campaign{fy27("c-one"), fy27("c-two")} {
		_, err := s.CreateCampaign(ctx, c)
		require.NoError(t, err)
	}
	for _, i := range []graph.Interaction{
		{ID: "ix-1", Type: graph.InteractionType("official_meeting"), Date: "2026-10-01", Campaign: "c-one",
			Participants: []string{AnaReyes, OrtizDup}, Notes: "Asked about the FY27 line", By: "tok_a (ana)"},
		{ID: "ix-2", Type: graph.InteractionType("call"), Date: "2026-10-02", Participants: []string{AnaReyes, BenOkafor}},
	} {
		_, err := s.LogInteraction(ctx, i)
		require.NoError(t, err)
	}
	require.NoError(t, s.SaveOutreach(ctx, sampleList("c-one", "2026-W40")))
	_, err = s.CreateEvent(ctx, lobbyDay("ev-1"))
	require.NoError(t, err)
	bank := ortizBank()
	bank.Forum = "ev-1"
	saved, err := s.SaveQuestionBank(ctx, bank, "")
	require.NoError(t, err)
	bank.By = "tok_a (ana)"
	_, err = s.SaveQuestionBank(ctx, bank, saved.Revision())
	require.NoError(t, err)
	_, err = s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	at := time.Date(2026, 10, 5, 8, 30, 0, 123_000_000, time.UTC)
	require.NoError(t, s.MarkNotSame(ctx, graph.NewNotSame(BenOkafor, AnaReyes, "tok_a (ana)", "two people", at)))
	require.NoError(t, s.SetLastRun(ctx, "weekly", at))
	_, err = s.ClaimRun(ctx, "weekly", at.Add(7*24*time.Hour), "replica-1", at, at.Add(8*24*time.Hour))
	require.NoError(t, err)
	active := graph.Token{ID: "tok_a", Name: "ana", Role: graph.RoleAdmin, Hash: graph.HashToken(FillTokenSecret), CreatedAt: at}
	revoked := graph.Token{ID: "tok_b", Name: "ben", Role: graph.RoleViewer, Hash: graph.HashToken("pm_other"), CreatedAt: at.Add(time.Minute)}
	require.NoError(t, s.CreateToken(ctx, active))
	require.NoError(t, s.CreateToken(ctx, revoked, graph.AuditEntry{Actor: "tok_a (ana)", Action: "token.create", Target: "tok_b"}))
	_, err = s.RevokeToken(ctx, "tok_b", at.Add(time.Hour))
	require.NoError(t, err)
	require.NoError(t, s.CreateSession(ctx, graph.Session{Hash: graph.HashToken("cookie"), TokenHash: active.Hash, CSRF: "csrf", Expires: at.Add(24 * time.Hour)}))
	require.NoError(t, s.AppendAudit(ctx, graph.AuditEntry{At: at, Actor: "system", Action: "export", Details: map[string]string{"format": "csv"}}))
}

// dumpAll returns every record s dumps, and checks their order: kinds in
// the order of graph.RecordKinds, keys rising within a kind.
func dumpAll(t *testing.T, s graph.BackupStore) []graph.Record {
	t.Helper()
	var out []graph.Record
	order := map[graph.RecordKind]int{}
	for i, k := range graph.RecordKinds() {
		order[k] = i
	}
	require.NoError(t, s.Dump(t.Context(), func(r *graph.Record) error {
		if n := len(out); n > 0 {
			prev := &out[n-1]
			require.LessOrEqual(t, order[prev.Kind], order[r.Kind], "kinds in order")
			if prev.Kind == r.Kind {
				require.Less(t, prev.Key(), r.Key(), "%s keys rise", r.Kind)
			}
		}
		require.NotEmpty(t, r.Key(), "a %s record holds its record", r.Kind)
		out = append(out, *r)
		return nil
	}))
	return out
}

func countKinds(recs []graph.Record) map[graph.RecordKind]int {
	n := map[graph.RecordKind]int{}
	for i := range recs {
		n[recs[i].Kind]++
	}
	return n
}

// loadRecords writes recs into s a kind at a time, in batches of two.
func loadRecords(t *testing.T, s graph.BackupStore, recs []graph.Record) {
	t.Helper()
	for start := 0; start < len(recs); {
		end := start + 1
		for end < len(recs) && end-start < 2 && recs[end].Kind == recs[start].Kind {
			end++
		}
		require.NoError(t, s.Load(t.Context(), recs[start:end]), "load %s", recs[start].Kind)
		start = end
	}
}

func testDumpLoad(t *testing.T, open BackupOpener) {
	ctx := t.Context()
	src := open(t, nil)
	Fill(t, src)
	recs := dumpAll(t, src)
	counts, err := src.Counts(ctx)
	require.NoError(t, err)
	orig, err := src.Event(ctx, "ev-1")
	require.NoError(t, err)
	origBank, err := src.QuestionBank(ctx, AaronOrtiz)
	require.NoError(t, err)

	assert.Equal(t, int64(9), counts.Entities)
	want := map[graph.RecordKind]int{graph.RecordEntity: 9, graph.RecordRelationship: int(counts.Relationships)}
	for k, n := range FillCounts {
		want[k] = n
	}
	assert.Equal(t, want, countKinds(recs))
	for i := range recs {
		r := &recs[i]
		switch {
		case r.Token != nil && r.Token.ID == "tok_b":
			assert.Equal(t, graph.HashToken("pm_other"), r.Token.Hash)
			assert.Equal(t, time.Date(2026, 10, 5, 9, 30, 0, 123_000_000, time.UTC), r.Token.RevokedAt)
		case r.Job != nil:
			assert.Equal(t, graph.JobRun{Name: "weekly", At: time.Date(2026, 10, 5, 8, 30, 0, 123_000_000, time.UTC)}, *r.Job)
		case r.Redirect != nil:
			assert.Equal(t, graph.Redirect{From: OrtizDup, To: AaronOrtiz}, *r.Redirect)
		case r.Campaign != nil:
			assert.False(t, r.Campaign.CreatedAt.IsZero(), "campaign %s keeps its created_at", r.Campaign.ID)
		case r.QuestionBank != nil:
			assert.Equal(t, origBank, *r.QuestionBank, "a question bank is dumped as stored")
		}
	}

	dst := open(t, src)
	empty, err := dst.Empty(ctx)
	require.NoError(t, err)
	require.True(t, empty, "a new store is empty")
	loadRecords(t, dst, recs)
	empty, err = dst.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty)
	assert.Equal(t, recs, dumpAll(t, dst), "a loaded dump dumps the same")

	tok, err := dst.TokenByHash(ctx, graph.HashToken(FillTokenSecret))
	require.NoError(t, err, "a loaded token signs in")
	assert.Equal(t, "tok_a", tok.ID)
	e, err := dst.Entity(ctx, OrtizDup)
	require.NoError(t, err, "a loaded redirect answers the merged-away id")
	assert.Equal(t, AaronOrtiz, e.ID)
	ev, err := dst.Event(ctx, "ev-1")
	require.NoError(t, err)
	assert.Equal(t, orig, ev, "an event keeps its timestamps")
	assert.Equal(t, orig.Revision(), ev.Revision())
	bank, err := dst.QuestionBank(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, origBank, bank, "a question bank keeps its timestamps")
	assert.Equal(t, origBank.Revision(), bank.Revision())
	assert.Equal(t, "tok_a (ana)", bank.By)
	assert.Len(t, bank.Questions, 2)
	audit, err := dst.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	assert.Len(t, audit, FillCounts[graph.RecordAudit], "loading appends no audit entry")
	_, err = dst.Session(ctx, graph.HashToken("cookie"))
	requireCode(t, err, graph.NotFound)
}

func testBackupEmpty(t *testing.T, open BackupOpener) {
	ctx := t.Context()
	s := open(t, nil)
	at := time.Date(2026, 10, 5, 8, 30, 0, 0, time.UTC)
	_, err := s.ClaimRun(ctx, "weekly", at, "replica-1", at, at.Add(time.Hour))
	require.NoError(t, err)
	empty, err := s.Empty(ctx)
	require.NoError(t, err)
	assert.True(t, empty, "a job claim is not a record")
	require.NoError(t, s.AppendAudit(ctx, graph.AuditEntry{Actor: "system", Action: "start"}))
	empty, err = s.Empty(ctx)
	require.NoError(t, err)
	assert.False(t, empty, "an audit entry is a record")
}

func testLoadMixed(t *testing.T, open BackupOpener) {
	s := open(t, nil)
	err := s.Load(t.Context(), []graph.Record{
		{Kind: graph.RecordEntity, Entity: &graph.Entity{ID: "x", Kind: graph.KindPerson, Name: "X"}},
		{Kind: graph.RecordJob, Job: &graph.JobRun{Name: "weekly", At: time.Now()}},
	})
	requireCode(t, err, graph.Invalid)
	empty, err := s.Empty(t.Context())
	require.NoError(t, err)
	assert.True(t, empty, "a refused load writes nothing")
}

func testWriteDuringDump(t *testing.T, open BackupOpener) {
	ctx := t.Context()
	s := open(t, nil)
	_, err := s.Apply(ctx, SmallMap())
	require.NoError(t, err)
	// The tie is written while the dump reads the entities, before it
	// reads the relationships.
	tie := graph.Relationship{Source: AnaReyes, Target: DanaWhitfield, Type: graph.Knows, Strength: 0.5}
	id := graph.DefaultRelationshipID(tie.Source, tie.Target, tie.Type)
	wrote, sawNew := false, false
	err = s.Dump(ctx, func(r *graph.Record) error {
		if !wrote {
			wrote = true
			_, err := s.Apply(ctx, &graph.Batch{Relationships: []graph.Relationship{tie}})
			require.NoError(t, err)
		}
		if r.Relationship != nil && r.Relationship.ID == id {
			sawNew = true
		}
		return nil
	})
	if err != nil {
		requireCode(t, err, graph.Conflict)
		return
	}
	assert.False(t, sawNew, "a dump is one read: a write made during it is not in it")
}

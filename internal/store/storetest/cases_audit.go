package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// testAuditWithBatch checks graph.Batch.Audit: the entries commit with the
// batch, see its Stats, and are not written when the batch fails or when
// Audit returns none. It needs a store that keeps accounts too.
func testAuditWithBatch(t *testing.T, open Opener) {
	s := load(t, open, SmallMap())
	a, ok := s.(graph.AccountStore)
	if !ok {
		t.Skip("the store keeps no audit log")
	}
	ctx := t.Context()
	var calls, stamp int
	var seen graph.Stats
	// entry records one entry per call, saying what the batch did; when
	// onlyChanges is set, a batch that changed nothing records none.
	entry := func(action string, onlyChanges bool) func(graph.Stats) []graph.AuditEntry {
		return func(st graph.Stats) []graph.AuditEntry {
			calls++
			stamp++ // entries are listed by time
			seen = st
			if onlyChanges && !st.Changed() {
				return nil
			}
			return []graph.AuditEntry{{At: t0.Add(time.Duration(stamp) * time.Second), Actor: "tok_1 (ana)", Action: action, Target: "newcomer",
				Details: map[string]string{"entities_created": strconv.Itoa(st.EntitiesCreated)}}}
		}
	}
	log := func() []string {
		t.Helper()
		es, err := a.Audit(ctx, graph.AuditQuery{})
		require.NoError(t, err)
		var out []string
		for _, e := range es {
			out = append(out, e.Action+" "+e.Details["entities_created"])
		}
		return out
	}
	newcomer := graph.Entity{ID: "newcomer", Kind: graph.KindPerson, Name: "New Comer"}

	// A write and its entry commit together; Audit sees the batch's Stats.
	st := apply(t, s, &graph.Batch{Entities: []graph.Entity{newcomer}, Expect: []graph.Expectation{{Entity: "newcomer"}},
		Audit: entry("entity.create", false)})
	assert.Equal(t, st, seen, "Audit gets the Stats that Apply returns")
	assert.Equal(t, []string{"entity.create 1"}, log())
	es, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, es, 1)
	assert.NotEmpty(t, es[0].ID, "the entry is prepared as AppendAudit prepares it")
	assert.True(t, t0.Add(time.Second).Equal(es[0].At), "at: %v", es[0].At)
	assert.Equal(t, "tok_1 (ana)", es[0].Actor)
	assert.Equal(t, "newcomer", es[0].Target)

	// A failed batch writes no entry: a failed Expect, a bad record, a
	// missing delete.
	before, v := dump(t, s), version(t, s)
	failed := []struct {
		name string
		b    *graph.Batch
		code graph.Code
	}{
		{"failed expect", &graph.Batch{Entities: []graph.Entity{{ID: "other", Kind: graph.KindPerson, Name: "Other"}},
			Expect: []graph.Expectation{{Entity: "newcomer"}}}, graph.Conflict},
		{"failed expect, no writes", &graph.Batch{Expect: []graph.Expectation{{Entity: "newcomer"}}}, graph.Conflict},
		{"invalid record", &graph.Batch{Entities: []graph.Entity{{ID: "bad", Kind: "unicorn", Name: "Bad"}}}, graph.Invalid},
		{"missing endpoint", &graph.Batch{Relationships: []graph.Relationship{{Source: "newcomer", Target: "ghost", Type: graph.Knows}}}, graph.Invalid},
		{"missing delete", &graph.Batch{DeleteEntities: []string{"ghost"}}, graph.NotFound},
	}
	for _, f := range failed {
		f.b.Audit = entry("failed", false)
		_, err := s.Apply(ctx, f.b)
		requireCode(t, err, f.code)
		assert.Equal(t, []string{"entity.create 1"}, log(), "%s: no entry", f.name)
	}
	// An invalid entry fails the batch, which then writes nothing.
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "other", Kind: graph.KindPerson, Name: "Other"}},
		Audit: func(graph.Stats) []graph.AuditEntry { return []graph.AuditEntry{{Action: "no actor"}} }})
	requireCode(t, err, graph.Invalid)
	assert.Equal(t, before, dump(t, s), "a batch whose entry is invalid writes nothing")
	assert.Equal(t, v, version(t, s))
	assert.Equal(t, []string{"entity.create 1"}, log())

	// A batch that changes nothing: Audit decides.
	calls = 0
	st = apply(t, s, &graph.Batch{Entities: []graph.Entity{newcomer}, Audit: entry("entity.update", true)})
	assert.False(t, st.Changed())
	assert.Equal(t, 1, calls, "Audit is called for a batch that changes nothing")
	assert.Equal(t, []string{"entity.create 1"}, log(), "no entry when Audit returns none")
	apply(t, s, &graph.Batch{Entities: []graph.Entity{newcomer}, Audit: entry("entity.put", false)})
	assert.Equal(t, []string{"entity.put 0", "entity.create 1"}, log(), "an entry for an unchanged batch when Audit returns one")
	apply(t, s, &graph.Batch{Audit: entry("stance.set", false)})
	assert.Equal(t, []string{"stance.set 0", "entity.put 0", "entity.create 1"}, log(), "a batch with no writes records its entry")
	assert.Equal(t, v, version(t, s), "entries alone do not move the version")
	assert.Equal(t, before, dump(t, s))

	// A delete's entry sees the relationships it removed.
	apply(t, s, &graph.Batch{Relationships: []graph.Relationship{{Source: "newcomer", Target: AnaReyes, Type: graph.Knows}}})
	st = apply(t, s, &graph.Batch{DeleteEntities: []string{"newcomer"}, Audit: entry("entity.delete", false)})
	assert.Equal(t, 1, st.RelationshipsDeleted)
	assert.Equal(t, st, seen)
	assert.Len(t, log(), 4)
}

// testCampaignAudit checks the audit entries that CampaignStore writes take:
// each commits with its write, and none is written when the write fails.
func testCampaignAudit(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	a, ok := s.(graph.AccountStore)
	if !ok {
		t.Skip("the store keeps no audit log")
	}
	ctx := t.Context()
	n := 0
	entry := func(action string) graph.AuditEntry {
		n++ // entries are listed by time
		return graph.AuditEntry{At: t0.Add(time.Duration(n) * time.Second), Actor: "tok_1 (ana)", Action: action}
	}
	log := func() []string {
		t.Helper()
		es, err := a.Audit(ctx, graph.AuditQuery{})
		require.NoError(t, err)
		var out []string
		for i := len(es) - 1; i >= 0; i-- {
			out = append(out, es[i].Action)
		}
		return out
	}

	_, err := s.CreateCampaign(ctx, fy27("fy27"), entry("campaign.create"))
	require.NoError(t, err)
	c := fy27("fy27")
	c.Ask = "Vote yes"
	_, err = s.UpdateCampaign(ctx, c, entry("campaign.update"))
	require.NoError(t, err)
	ix, err := s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-03", Campaign: "fy27", Participants: []string{AnaReyes}},
		entry("interaction.create"))
	require.NoError(t, err)
	require.NoError(t, s.SaveOutreach(ctx, sampleList("fy27", "2026-W49"), entry("outreach.save")))
	require.NoError(t, s.DeleteInteraction(ctx, ix.ID, entry("interaction.delete")))
	_, err = s.CreateCampaign(ctx, fy27("other"))
	require.NoError(t, err, "no entry is fine")
	require.NoError(t, s.DeleteCampaign(ctx, "other", entry("campaign.delete")))
	want := []string{"campaign.create", "campaign.update", "interaction.create", "outreach.save", "interaction.delete", "campaign.delete"}
	assert.Equal(t, want, log())

	// Failed writes write no entry.
	_, err = s.CreateCampaign(ctx, fy27("fy27"), entry("failed"))
	requireCode(t, err, graph.Conflict)
	_, err = s.UpdateCampaign(ctx, fy27("ghost"), entry("failed"))
	requireCode(t, err, graph.NotFound)
	requireCode(t, s.DeleteCampaign(ctx, "ghost", entry("failed")), graph.NotFound)
	_, err = s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-03", Campaign: "ghost", Participants: []string{AnaReyes}}, entry("failed"))
	requireCode(t, err, graph.Invalid)
	requireCode(t, s.DeleteInteraction(ctx, "ghost", entry("failed")), graph.NotFound)
	requireCode(t, s.SaveOutreach(ctx, sampleList("ghost", "2026-W49"), entry("failed")), graph.NotFound)
	assert.Equal(t, want, log())

	// An invalid entry fails the write, which then writes nothing.
	bad := graph.AuditEntry{Action: "no actor"}
	_, err = s.CreateCampaign(ctx, fy27("bad"), bad)
	requireCode(t, err, graph.Invalid)
	_, err = s.Campaign(ctx, "bad")
	requireCode(t, err, graph.NotFound)
	requireCode(t, s.DeleteCampaign(ctx, "fy27", bad), graph.Invalid)
	_, err = s.Campaign(ctx, "fy27")
	require.NoError(t, err)
	assert.Equal(t, want, log())
}

// testTokenAudit checks the audit entries that CreateToken and RevokeToken
// take: each commits with its write, and none is written when it fails.
func testTokenAudit(t *testing.T, open AccountsOpener) {
	a := open(t)
	ctx := t.Context()
	log := func() []string {
		t.Helper()
		es, err := a.Audit(ctx, graph.AuditQuery{})
		require.NoError(t, err)
		var out []string
		for i := len(es) - 1; i >= 0; i-- {
			out = append(out, es[i].Action+" "+es[i].Target)
		}
		return out
	}
	entry := func(at int, action, target string) graph.AuditEntry {
		return graph.AuditEntry{At: t0.Add(time.Duration(at) * time.Second), Actor: "tok_admin (admin)", Action: action, Target: target}
	}
	_, tok := mustToken(t, "ana", graph.RoleEditor, t0)
	require.NoError(t, a.CreateToken(ctx, tok, entry(1, "token.create", tok.ID)))
	_, err := a.RevokeToken(ctx, tok.ID, t0, entry(2, "token.revoke", tok.ID))
	require.NoError(t, err)
	want := []string{"token.create " + tok.ID, "token.revoke " + tok.ID}
	assert.Equal(t, want, log())

	requireCode(t, a.CreateToken(ctx, tok, entry(3, "failed", tok.ID)), graph.Conflict)
	_, err = a.RevokeToken(ctx, "tok_missing", t0, entry(4, "failed", "tok_missing"))
	requireCode(t, err, graph.NotFound)
	assert.Equal(t, want, log(), "a failed write records nothing")

	_, other := mustToken(t, "ben", graph.RoleViewer, t0)
	requireCode(t, a.CreateToken(ctx, other, graph.AuditEntry{Action: "no actor"}), graph.Invalid)
	_, err = a.TokenByHash(ctx, other.Hash)
	requireCode(t, err, graph.NotFound)
	assert.Equal(t, want, log(), "a write whose entry is invalid writes nothing")
}

package storetest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// CampaignBackend is a store that keeps both the graph and the campaigns:
// reference checks read the graph.
type CampaignBackend interface {
	graph.Store
	graph.CampaignStore
}

// CampaignsOpener returns a new store, empty of graph and campaign records,
// for one subtest, and registers its Close with t.Cleanup.
type CampaignsOpener func(t *testing.T) CampaignBackend

// RunCampaigns runs the conformance cases of graph.CampaignStore against the
// backend that open returns. Beyond the doc comments of graph.CampaignStore,
// the cases require that times come back equal to the millisecond, that an
// outreach list round-trips exactly through JSON, and that campaign records
// leave the graph untouched: its counts, version and search results do not
// change.
func RunCampaigns(t *testing.T, open CampaignsOpener) {
	for _, c := range campaignCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var campaignCases = []struct {
	name string
	run  func(*testing.T, CampaignsOpener)
}{
	{"Campaigns/RoundTrip", testCampaignRoundTrip},
	{"Campaigns/Invalid", testCampaignInvalid},
	{"Campaigns/Refs", testCampaignRefs},
	{"Campaigns/Duplicate", testCampaignDuplicate},
	{"Campaigns/Update", testCampaignUpdate},
	{"Campaigns/Delete", testCampaignDelete},
	{"Interactions/RoundTrip", testInteractionRoundTrip},
	{"Interactions/Invalid", testInteractionInvalid},
	{"Interactions/Query", testInteractionQuery},
	{"Interactions/Delete", testInteractionDelete},
	{"Outreach/RoundTrip", testOutreachRoundTrip},
	{"Outreach/Invalid", testOutreachInvalid},
	{"Jobs/LastRun", testLastRun},
	{"Jobs/ClaimRun", testClaimRun},
	{"Jobs/ClaimRunRace", testClaimRunRace},
	{"Campaigns/HostileText", testCampaignHostile},
	{"Campaigns/GraphUntouched", testCampaignsLeaveGraph},
	{"Campaigns/Cancelled", testCampaignsCancelled},
	{"Campaigns/Audit", testCampaignAudit},
	{"Campaigns/Contacts", testCampaignContacts},
}

// IssueFY27 is the issue entity that CampaignMap adds to SmallMap.
const IssueFY27 = "issue-fy27"

// CampaignMap returns SmallMap with an issue entity and stances on it:
// Aarón Ortíz opposes it weakly, Ben Okafor supports it strongly.
func CampaignMap() *graph.Batch {
	b := SmallMap()
	b.Entities = append(b.Entities, graph.Entity{ID: IssueFY27, Kind: graph.KindIssue, Name: "Restore community-services funding in the FY27 budget"})
	b.Relationships = append(b.Relationships,
		graph.Relationship{Source: AaronOrtiz, Target: IssueFY27, Type: graph.Opposes, Strength: 0.4},
		graph.Relationship{Source: BenOkafor, Target: IssueFY27, Type: graph.Supports, Strength: 0.9})
	return b
}

func openCampaigns(t *testing.T, open CampaignsOpener) CampaignBackend {
	t.Helper()
	s := open(t)
	_, err := s.Apply(t.Context(), CampaignMap())
	require.NoError(t, err)
	return s
}

func fy27(id string) graph.Campaign {
	return graph.Campaign{ID: id, Name: "Fund community services", Issue: IssueFY27, Ask: "Vote for the FY27 restoration",
		Start: "2026-09-01", End: "2027-03-31", Owner: AnaReyes,
		Targets: []graph.Target{{Entity: AaronOrtiz, Priority: graph.PriorityPrimary, Notes: "chairs Housing"}}}
}

func assertTime(t *testing.T, want, got time.Time, what string) {
	t.Helper()
	assert.True(t, want.Truncate(time.Millisecond).Equal(got), "%s: want %v, got %v", what, want, got)
}

// assertCampaign compares everything but the store's timestamps.
func assertCampaign(t *testing.T, want, got graph.Campaign) {
	t.Helper()
	want.Normalize()
	want.CreatedAt, want.UpdatedAt, got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}

func testCampaignRoundTrip(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	cs, err := s.Campaigns(ctx)
	require.NoError(t, err)
	assert.Empty(t, cs, "a new store has no campaigns")

	before := time.Now().Add(-time.Second)
	c := fy27("fy27")
	got, err := s.CreateCampaign(ctx, c)
	require.NoError(t, err)
	assertCampaign(t, c, got)
	assert.True(t, got.CreatedAt.After(before), "created_at is set: %v", got.CreatedAt)
	assert.True(t, got.CreatedAt.Equal(got.UpdatedAt))
	assert.Equal(t, graph.StatusNotAsked, got.Targets[0].Status, "a new target is not asked yet")

	read, err := s.Campaign(ctx, "fy27")
	require.NoError(t, err)
	assertCampaign(t, c, read)
	assertTime(t, got.CreatedAt, read.CreatedAt, "created_at")
	assertTime(t, got.UpdatedAt, read.UpdatedAt, "updated_at")

	second := fy27("a-first")
	second.Targets = nil
	second.End = ""
	_, err = s.CreateCampaign(ctx, second)
	require.NoError(t, err)
	cs, err = s.Campaigns(ctx)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, []string{"a-first", "fy27"}, []string{cs[0].ID, cs[1].ID}, "ordered by id")
	assert.Equal(t, []graph.Target{}, cs[0].Targets, "no targets reads back as an empty list")

	_, err = s.Campaign(ctx, "missing")
	requireCode(t, err, graph.NotFound)
}

func testCampaignInvalid(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	cases := map[string]func(*graph.Campaign){
		"name":                func(c *graph.Campaign) { c.Name = "" },
		"start":               func(c *graph.Campaign) { c.Start = "soon" },
		"end":                 func(c *graph.Campaign) { c.End = "2026-01-01" },
		"targets[0].priority": func(c *graph.Campaign) { c.Targets[0].Priority = "urgent" },
		"targets[0].status":   func(c *graph.Campaign) { c.Targets[0].Status = "won" },
	}
	for field, spoil := range cases {
		c := fy27("bad")
		spoil(&c)
		_, err := s.CreateCampaign(t.Context(), c)
		requireCode(t, err, graph.Invalid)
		requireDetail(t, err, "bad", field)
	}
	cs, err := s.Campaigns(t.Context())
	require.NoError(t, err)
	assert.Empty(t, cs, "no invalid campaign was stored")
}

func testCampaignRefs(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	c := fy27("refs")
	c.Targets = append(c.Targets, graph.Target{Entity: DanaWhitfield})
	_, err := s.CreateCampaign(ctx, c)
	requireCode(t, err, graph.Invalid)
	requireDetail(t, err, "refs", "targets[1].entity")
	assert.Contains(t, err.Error(), "not an official", "a target that is not an official is refused")

	c = fy27("refs")
	c.Issue = AaronOrtiz
	_, err = s.CreateCampaign(ctx, c)
	requireDetail(t, err, "refs", "issue")
	c = fy27("refs")
	c.Targets[0].Entity = "nobody"
	_, err = s.CreateCampaign(ctx, c)
	requireDetail(t, err, "refs", "targets[0].entity")
	c = fy27("refs")
	c.Owner = "nobody"
	_, err = s.CreateCampaign(ctx, c)
	requireDetail(t, err, "refs", "owner")

	_, err = s.CreateCampaign(ctx, fy27("refs"))
	require.NoError(t, err)
	bad := fy27("refs")
	bad.Targets = []graph.Target{{Entity: BenOkafor}}
	_, err = s.UpdateCampaign(ctx, bad)
	requireDetail(t, err, "refs", "targets[0].entity")
	got, err := s.Campaign(ctx, "refs")
	require.NoError(t, err)
	assert.Equal(t, AaronOrtiz, got.Targets[0].Entity, "a refused update changes nothing")
}

func testCampaignDuplicate(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.CreateCampaign(ctx, fy27("dup"))
	require.NoError(t, err)
	other := fy27("dup")
	other.Name = "Another"
	_, err = s.CreateCampaign(ctx, other)
	requireCode(t, err, graph.Conflict)
	got, err := s.Campaign(ctx, "dup")
	require.NoError(t, err)
	assert.Equal(t, "Fund community services", got.Name)
}

func testCampaignUpdate(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.UpdateCampaign(ctx, fy27("upd"))
	requireCode(t, err, graph.NotFound)
	created, err := s.CreateCampaign(ctx, fy27("upd"))
	require.NoError(t, err)

	c := created
	c.Targets[0].Status, c.Targets[0].Commitment, c.Targets[0].CommittedOn = graph.StatusCommitted, "Will co-sponsor", "2026-11-03"
	c.CreatedAt = time.Time{}
	got, err := s.UpdateCampaign(ctx, c)
	require.NoError(t, err)
	assertTime(t, created.CreatedAt, got.CreatedAt, "created_at is kept")
	assert.False(t, got.UpdatedAt.Before(created.UpdatedAt))
	read, err := s.Campaign(ctx, "upd")
	require.NoError(t, err)
	assert.Equal(t, graph.StatusCommitted, read.Targets[0].Status)
	assert.Equal(t, "Will co-sponsor", read.Targets[0].Commitment)
	assert.Equal(t, "2026-11-03", read.Targets[0].CommittedOn)
	assertTime(t, created.CreatedAt, read.CreatedAt, "created_at is kept")
}

func testCampaignDelete(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	requireCode(t, s.DeleteCampaign(ctx, "gone"), graph.NotFound)
	_, err := s.CreateCampaign(ctx, fy27("gone"))
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, fy27("stays"))
	require.NoError(t, err)
	ix, err := s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-11-02", Campaign: "gone", Participants: []string{AnaReyes, DanaWhitfield}})
	require.NoError(t, err)
	require.NoError(t, s.SaveOutreach(ctx, sampleList("gone", "2026-W45")))
	require.NoError(t, s.SaveOutreach(ctx, sampleList("stays", "2026-W45")))

	require.NoError(t, s.DeleteCampaign(ctx, "gone"))
	_, err = s.Campaign(ctx, "gone")
	requireCode(t, err, graph.NotFound)
	requireCode(t, s.DeleteCampaign(ctx, "gone"), graph.NotFound)
	weeks, err := s.OutreachWeeks(ctx, "gone")
	require.NoError(t, err)
	assert.Empty(t, weeks, "a deleted campaign's lists go with it")
	_, err = s.Outreach(ctx, "gone", "2026-W45")
	requireCode(t, err, graph.NotFound)
	weeks, err = s.OutreachWeeks(ctx, "stays")
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-W45"}, weeks, "other campaigns keep theirs")
	got, err := s.Interaction(ctx, ix.ID)
	require.NoError(t, err, "the organizing log keeps its history")
	assert.Equal(t, "gone", got.Campaign)
}

func testInteractionRoundTrip(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.CreateCampaign(ctx, fy27("fy27"))
	require.NoError(t, err)
	before := time.Now().Add(-time.Second)
	in := graph.Interaction{Type: "One-on-one", Date: "2026-11-20", Campaign: "fy27",
		Participants: []string{AnaReyes, DanaWhitfield, AnaReyes}, Notes: "Coffee at the diner.",
		Outcome: "Will raise it with the senator", FollowUp: "2026-12-01", By: "tok_1 (ana)"}
	got, err := s.LogInteraction(ctx, in)
	require.NoError(t, err)
	assert.Regexp(t, `^ix_[0-9a-f]{16}$`, got.ID, "an empty id is filled")
	assert.True(t, got.CreatedAt.After(before))
	assert.Equal(t, graph.OneOnOne, got.Type)
	assert.Equal(t, []string{AnaReyes, DanaWhitfield}, got.Participants)

	read, err := s.Interaction(ctx, got.ID)
	require.NoError(t, err)
	assertTime(t, got.CreatedAt, read.CreatedAt, "created_at")
	read.CreatedAt = got.CreatedAt
	assert.Equal(t, got, read)

	drive := graph.Interaction{ID: "ix-drive", Type: graph.VoterRegistrationDrive, Date: "2026-10-10", Participants: []string{AnaReyes}, Count: 143}
	_, err = s.LogInteraction(ctx, drive)
	require.NoError(t, err)
	read, err = s.Interaction(ctx, "ix-drive")
	require.NoError(t, err)
	assert.Equal(t, 143, read.Count)
	assert.Empty(t, read.Campaign)
	_, err = s.LogInteraction(ctx, drive)
	requireCode(t, err, graph.Conflict)
	_, err = s.Interaction(ctx, "ix_missing")
	requireCode(t, err, graph.NotFound)
}

func testInteractionInvalid(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	good := func() graph.Interaction {
		return graph.Interaction{ID: "ix-bad", Type: graph.OneOnOne, Date: "2026-11-20", Participants: []string{AnaReyes, DanaWhitfield}}
	}
	cases := map[string]func(*graph.Interaction){
		"type":         func(i *graph.Interaction) { i.Type = "picnic" },
		"date":         func(i *graph.Interaction) { i.Date = "" },
		"follow_up":    func(i *graph.Interaction) { i.FollowUp = "2026-11-19" },
		"participants": func(i *graph.Interaction) { i.Participants = []string{AnaReyes, "nobody-at-all"} },
		"campaign":     func(i *graph.Interaction) { i.Campaign = "no-such-campaign" },
		"count":        func(i *graph.Interaction) { i.Count = -5 },
	}
	for field, spoil := range cases {
		i := good()
		spoil(&i)
		_, err := s.LogInteraction(ctx, i)
		requireCode(t, err, graph.Invalid)
		requireDetail(t, err, "ix-bad", field)
	}
	i := good()
	i.Participants = []string{"ghost-1", AnaReyes, "ghost-2"}
	_, err := s.LogInteraction(ctx, i)
	requireCode(t, err, graph.Invalid)
	assert.Contains(t, err.Error(), `unknown participant "ghost-1"`)
	assert.Contains(t, err.Error(), `unknown participant "ghost-2"`)
	all, err := s.Interactions(ctx, graph.InteractionQuery{})
	require.NoError(t, err)
	assert.Empty(t, all, "no invalid interaction was stored")
}

func testInteractionQuery(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.CreateCampaign(ctx, fy27("fy27"))
	require.NoError(t, err)
	log := []graph.Interaction{
		{ID: "ix-03", Type: graph.Call, Date: "2026-10-03", Campaign: "fy27", Participants: []string{AnaReyes, DanaWhitfield}},
		{ID: "ix-01", Type: graph.Email, Date: "2026-10-01", Participants: []string{BenOkafor, DanaWhitfield}},
		{ID: "ix-02b", Type: graph.OfficialMeeting, Date: "2026-10-02", Campaign: "fy27", Participants: []string{AnaReyes, AaronOrtiz}},
		{ID: "ix-02a", Type: graph.SiteVisit, Date: "2026-10-02", Participants: []string{AaronOrtiz, BenOkafor}},
	}
	for _, i := range log {
		_, err := s.LogInteraction(ctx, i)
		require.NoError(t, err)
	}
	ids := func(q graph.InteractionQuery) []string {
		t.Helper()
		got, err := s.Interactions(ctx, q)
		require.NoError(t, err)
		out := []string{}
		for _, i := range got {
			out = append(out, i.ID)
		}
		return out
	}
	assert.Equal(t, []string{"ix-03", "ix-02b", "ix-02a", "ix-01"}, ids(graph.InteractionQuery{}), "newest first, then by id descending")
	assert.Equal(t, []string{"ix-03", "ix-02b"}, ids(graph.InteractionQuery{Campaign: "fy27"}))
	assert.Equal(t, []string{"ix-02b", "ix-02a"}, ids(graph.InteractionQuery{Entity: AaronOrtiz}))
	assert.Equal(t, []string{"ix-02b", "ix-02a", "ix-01"}, ids(graph.InteractionQuery{Until: "2026-10-02"}))
	assert.Equal(t, []string{"ix-03", "ix-02b", "ix-02a"}, ids(graph.InteractionQuery{Since: "2026-10-02"}))
	assert.Equal(t, []string{"ix-03", "ix-02b"}, ids(graph.InteractionQuery{Limit: 2}))
	assert.Equal(t, []string{"ix-02a"}, ids(graph.InteractionQuery{Entity: BenOkafor, Since: "2026-10-02", Until: "2026-10-02"}))
	assert.Equal(t, []string{}, ids(graph.InteractionQuery{Entity: "nobody"}))
}

func testInteractionDelete(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	ix, err := s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-03", Participants: []string{AnaReyes}})
	require.NoError(t, err)
	require.NoError(t, s.DeleteInteraction(ctx, ix.ID))
	_, err = s.Interaction(ctx, ix.ID)
	requireCode(t, err, graph.NotFound)
	requireCode(t, s.DeleteInteraction(ctx, ix.ID), graph.NotFound)
	all, err := s.Interactions(ctx, graph.InteractionQuery{})
	require.NoError(t, err)
	assert.Empty(t, all)
}

func sampleList(campaign, week string) graph.OutreachList {
	return graph.OutreachList{
		Campaign: campaign, Week: week, ComputedAt: time.Date(2026, 11, 30, 7, 0, 0, 250_000_000, time.UTC), GraphVersion: 42,
		Entries: []graph.OutreachEntry{{
			Rank:   1,
			Person: graph.EntityRef{ID: DanaWhitfield, Name: "Dana Whitfield", Kind: graph.KindPerson},
			Role:   "Chief of Staff to Aarón Ortíz",
			Leads: []graph.TargetLead{{Target: graph.EntityRef{ID: AaronOrtiz, Name: "Aarón Ortíz", Kind: graph.KindOfficial},
				Priority: graph.PriorityPrimary, Status: graph.StatusAsked, Closeness: 1, How: "works for Aarón Ortíz"}},
			Messenger: &graph.Messenger{Person: graph.EntityRef{ID: ChloeMartin, Name: "Chloé Martin", Kind: graph.KindPerson, Private: true},
				Constituent: true, Speaker: true, Path: graph.Path{
					Nodes: []graph.EntityRef{{ID: ChloeMartin, Name: "Chloé Martin", Title: "client", Ours: true, Private: true},
						{ID: DanaWhitfield, Name: "Dana Whitfield", Title: "Chief of Staff"}},
					Hops: []graph.Hop{{From: ChloeMartin, To: DanaWhitfield, Type: graph.Knows, Strength: 0.5,
						Relationship: graph.DefaultRelationshipID(ChloeMartin, DanaWhitfield, graph.Knows)}},
					Strength: 0.5, Cost: 0.6931471805599453}},
			Action:      graph.Action{Type: graph.OneOnOne, Text: "Ask Chloé Martin to set up a one-on-one", Due: "2026-12-04"},
			LastContact: "2026-10-03", FollowUp: "2026-12-01", Status: graph.OutreachFollowUpDue,
			Score:   0.123456789,
			Factors: []graph.Factor{{Name: "leverage", Value: 1, Note: "primary"}, {Name: "access", Value: 0.5, Note: "1 hop"}},
		}, {
			Rank: 2, Person: graph.EntityRef{ID: AaronOrtiz, Name: "Aarón Ortíz", Kind: graph.KindOfficial}, Leads: []graph.TargetLead{},
			Action: graph.Action{Type: graph.OfficialMeeting, Text: "Make the ask", Due: "2026-12-04"}, Status: graph.OutreachNew,
			Factors: []graph.Factor{},
		}},
	}
}

func testOutreachRoundTrip(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.CreateCampaign(ctx, fy27("fy27"))
	require.NoError(t, err)
	weeks, err := s.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Empty(t, weeks)

	l := sampleList("fy27", "2026-W49")
	withChanges := l
	withChanges.ComparedTo = "2026-W48"
	withChanges.Dropped = []graph.OutreachEntry{{Rank: 9}}
	withChanges.Entries = append([]graph.OutreachEntry(nil), l.Entries...)
	withChanges.Entries[0].Change, withChanges.Entries[0].PreviousRank = graph.ChangeUp, 4
	require.NoError(t, s.SaveOutreach(ctx, withChanges))
	require.NoError(t, s.SaveOutreach(ctx, sampleList("fy27", "2026-W47")))
	require.NoError(t, s.SaveOutreach(ctx, sampleList("fy27", "2027-W02")))

	got, err := s.Outreach(ctx, "fy27", "2026-W49")
	require.NoError(t, err)
	assertTime(t, l.ComputedAt, got.ComputedAt, "computed_at")
	got.ComputedAt = l.ComputedAt
	assert.Equal(t, l, got, "the list round-trips, without comparison fields")

	weeks, err = s.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-W47", "2026-W49", "2027-W02"}, weeks, "oldest first")

	again := sampleList("fy27", "2026-W49")
	again.Entries = again.Entries[:1]
	again.GraphVersion = 43
	require.NoError(t, s.SaveOutreach(ctx, again), "saving a week again replaces it")
	got, err = s.Outreach(ctx, "fy27", "2026-W49")
	require.NoError(t, err)
	assert.Len(t, got.Entries, 1)
	assert.Equal(t, uint64(43), got.GraphVersion)
	weeks, err = s.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Len(t, weeks, 3)

	_, err = s.Outreach(ctx, "fy27", "2026-W50")
	requireCode(t, err, graph.NotFound)
	_, err = s.Outreach(ctx, "other", "2026-W49")
	requireCode(t, err, graph.NotFound)
}

func testOutreachInvalid(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	_, err := s.CreateCampaign(ctx, fy27("fy27"))
	require.NoError(t, err)
	requireCode(t, s.SaveOutreach(ctx, sampleList("fy27", "week 49")), graph.Invalid)
	requireCode(t, s.SaveOutreach(ctx, sampleList("", "2026-W49")), graph.Invalid)
	requireCode(t, s.SaveOutreach(ctx, sampleList("no-such-campaign", "2026-W49")), graph.NotFound)
	weeks, err := s.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Empty(t, weeks)
}

func testLastRun(t *testing.T, open CampaignsOpener) {
	s := open(t)
	ctx := t.Context()
	at, err := s.LastRun(ctx, "weekly-outreach")
	require.NoError(t, err)
	assert.True(t, at.IsZero(), "a job that never ran has the zero time")
	mon := time.Date(2026, 11, 30, 7, 0, 0, 0, time.FixedZone("EST", -5*3600))
	require.NoError(t, s.SetLastRun(ctx, "weekly-outreach", mon))
	at, err = s.LastRun(ctx, "weekly-outreach")
	require.NoError(t, err)
	assert.True(t, mon.Equal(at), "got %v", at)
	require.NoError(t, s.SetLastRun(ctx, "weekly-outreach", mon.AddDate(0, 0, 7)))
	at, err = s.LastRun(ctx, "weekly-outreach")
	require.NoError(t, err)
	assert.True(t, mon.AddDate(0, 0, 7).Equal(at))
	other, err := s.LastRun(ctx, "other-job")
	require.NoError(t, err)
	assert.True(t, other.IsZero(), "jobs are kept apart")
}

func testClaimRun(t *testing.T, open CampaignsOpener) {
	s := open(t)
	ctx := t.Context()
	mon := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	now := mon.Add(time.Minute)
	claim := func(holder string, now time.Time) bool {
		t.Helper()
		ok, err := s.ClaimRun(ctx, "weekly-outreach", mon, holder, now, now.Add(time.Hour))
		require.NoError(t, err)
		return ok
	}
	assert.True(t, claim("a", now), "the first claim wins")
	assert.False(t, claim("b", now.Add(time.Minute)), "a live claim by another holder stands")
	assert.True(t, claim("a", now.Add(2*time.Minute)), "a holder may claim again")
	assert.True(t, claim("b", now.Add(2*time.Hour)), "an expired claim (its holder died) is taken over")
	assert.False(t, claim("a", now.Add(2*time.Hour+time.Minute)), "b holds it now")

	require.NoError(t, s.SetLastRun(ctx, "weekly-outreach", mon))
	assert.False(t, claim("c", now.Add(3*time.Hour)), "a run that is done is not claimed again")
	next := mon.AddDate(0, 0, 7)
	ok, err := s.ClaimRun(ctx, "weekly-outreach", next, "c", next, next.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, ok, "next week's run is claimable")
	ok, err = s.ClaimRun(ctx, "other-job", mon, "d", now, now.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, ok, "jobs are kept apart")
}

// testClaimRunRace claims one run from many goroutines at once, as many
// servers sharing the store would: exactly one wins.
func testClaimRunRace(t *testing.T, open CampaignsOpener) {
	s := open(t)
	for round := range 5 {
		at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).AddDate(0, 0, 7*round)
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, errs := 0, []error{}
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.ClaimRun(t.Context(), "race", at, "holder-"+strconv.Itoa(i), at, at.Add(time.Hour))
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					won++
				}
			}()
		}
		wg.Wait()
		require.Empty(t, errs)
		assert.Equal(t, 1, won, "round %d: exactly one claim wins", round)
	}
}

func testCampaignHostile(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	for i, h := range hostile {
		id := fmt.Sprintf("c%d-%s", i, h)
		c := fy27(id)
		c.Name, c.Ask, c.Targets[0].Notes = h, h, h
		if h == "Zoë \u202e\u0000 名前 🚀" {
			id = fmt.Sprintf("c%d-zoë", i) // ids refuse NUL
			c.ID = id
		}
		_, err := s.CreateCampaign(ctx, c)
		require.NoError(t, err, "%q", h)
		got, err := s.Campaign(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, h, got.Name)
		assert.Equal(t, h, got.Targets[0].Notes)
		ix, err := s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-03", Campaign: id, Participants: []string{AnaReyes}, Notes: h, Outcome: h})
		require.NoError(t, err)
		back, err := s.Interaction(ctx, ix.ID)
		require.NoError(t, err)
		assert.Equal(t, h, back.Notes)
		l := sampleList(id, "2026-W49")
		l.Entries[0].Role = h
		require.NoError(t, s.SaveOutreach(ctx, l))
		gl, err := s.Outreach(ctx, id, "2026-W49")
		require.NoError(t, err)
		assert.Equal(t, h, gl.Entries[0].Role)
		_, err = s.Campaign(ctx, h)
		requireCode(t, err, graph.NotFound)
		_, err = s.Interaction(ctx, h)
		requireCode(t, err, graph.NotFound)
		_, err = s.Outreach(ctx, h, "2026-W49")
		requireCode(t, err, graph.NotFound)
	}
	cs, err := s.Campaigns(ctx)
	require.NoError(t, err)
	assert.Len(t, cs, len(hostile))
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, len(CampaignMap().Entities), c.Entities, "the graph is unharmed")
}

func testCampaignsLeaveGraph(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	before, err := s.Counts(ctx)
	require.NoError(t, err)
	c := fy27("zyqxv")
	c.Name = "Zyqxv Campaign"
	_, err = s.CreateCampaign(ctx, c)
	require.NoError(t, err)
	_, err = s.LogInteraction(ctx, graph.Interaction{ID: "zyqxv-ix", Type: graph.Call, Date: "2026-10-03", Participants: []string{AnaReyes, DanaWhitfield}, Notes: "Zyqxv"})
	require.NoError(t, err)
	require.NoError(t, s.SaveOutreach(ctx, sampleList("zyqxv", "2026-W49")))
	require.NoError(t, s.SetLastRun(ctx, "zyqxv", time.Now()))
	after, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, before.Entities, after.Entities, "campaigns are not entities")
	assert.Equal(t, before.Relationships, after.Relationships, "logging does not rewrite ties")
	assert.Equal(t, before.Version, after.Version, "campaign records do not move the graph's version")
	found, err := s.Search(ctx, "zyqxv", 0)
	require.NoError(t, err)
	assert.Empty(t, entityIDs(found))
	_, err = s.Entity(ctx, "zyqxv")
	requireCode(t, err, graph.NotFound)
	r, err := s.Relationship(ctx, rel(DanaWhitfield, AaronOrtiz, graph.WorksFor))
	require.NoError(t, err)
	assert.Equal(t, 0.7, r.Strength, "original strengths are kept")
}

func testCampaignsCancelled(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	_, err := s.CreateCampaign(t.Context(), fy27("c"))
	require.NoError(t, err)
	ix, err := s.LogInteraction(t.Context(), graph.Interaction{Type: graph.Call, Date: "2026-10-03", Participants: []string{AnaReyes}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := map[string]error{
		"DeleteCampaign":    s.DeleteCampaign(ctx, "c"),
		"DeleteInteraction": s.DeleteInteraction(ctx, ix.ID),
		"SaveOutreach":      s.SaveOutreach(ctx, sampleList("c", "2026-W49")),
		"SetLastRun":        s.SetLastRun(ctx, "j", time.Now()),
	}
	_, calls["CreateCampaign"] = s.CreateCampaign(ctx, fy27("d"))
	_, calls["UpdateCampaign"] = s.UpdateCampaign(ctx, fy27("c"))
	_, calls["Campaign"] = s.Campaign(ctx, "c")
	_, calls["Campaigns"] = s.Campaigns(ctx)
	_, calls["LogInteraction"] = s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-03", Participants: []string{AnaReyes}})
	_, calls["Interaction"] = s.Interaction(ctx, ix.ID)
	_, calls["Interactions"] = s.Interactions(ctx, graph.InteractionQuery{})
	_, calls["Outreach"] = s.Outreach(ctx, "c", "2026-W49")
	_, calls["OutreachWeeks"] = s.OutreachWeeks(ctx, "c")
	_, calls["LastRun"] = s.LastRun(ctx, "j")
	for name, err := range calls {
		assert.True(t, isCancelled(err), "%s with a cancelled context: %v", name, err)
	}
	_, err = s.Campaign(t.Context(), "c")
	require.NoError(t, err, "the cancelled delete did nothing")
	_, err = s.Interaction(t.Context(), ix.ID)
	require.NoError(t, err)
}

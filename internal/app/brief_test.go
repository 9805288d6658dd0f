package app_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// demoApp serves the demo map with its campaign and organizing log, as
// `powermap serve --demo` does, and returns the demo campaign.
func demoApp(t *testing.T) (*app.App, synth.CampaignDemo) {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	b := synth.Demo()
	_, err = s.Apply(ctx, b)
	require.NoError(t, err)
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	d, err := synth.DemoCampaign(synth.Demo(), now)
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, d.Campaign)
	require.NoError(t, err)
	for _, ix := range d.Log {
		_, err := s.LogInteraction(ctx, ix)
		require.NoError(t, err)
	}
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	return a, d
}

func TestBriefOfADemoSenator(t *testing.T) {
	a, d := demoApp(t)
	ctx := t.Context()
	// The first target: the senator who chairs the committee that hears
	// the bill first, whose chief of staff we met.
	sen := d.Campaign.Targets[0].Entity
	require.True(t, strings.HasPrefix(sen, "sen-"), sen)

	b, err := a.Brief(ctx, admin, sen)
	require.NoError(t, err)
	assert.Equal(t, sen, b.Official.ID)
	assert.Equal(t, graph.KindOfficial, b.Official.Kind)
	assert.NotEmpty(t, b.Official.District)
	assert.Equal(t, "2026-03-11", b.AsOf)

	// 1. Agenda.
	require.NotEmpty(t, b.Agenda.Stances, "stances on the session's bills")
	for _, s := range b.Agenda.Stances {
		assert.Equal(t, graph.KindIssue, s.Issue.Kind)
		assert.Equal(t, s.Alignment.Label(), s.Label)
	}
	require.NotEmpty(t, b.Agenda.Committees, "committee seats")
	for _, c := range b.Agenda.Committees {
		assert.NotEmpty(t, c.Role)
		assert.NotEmpty(t, c.Committee.Name)
	}

	// 2. Funding: totals add up.
	require.NotEmpty(t, b.Funding.Cycles)
	sum := 0.0
	for _, cy := range b.Funding.Cycles {
		assert.InDelta(t, cy.Total, cy.PACs+cy.Individuals, 0.02)
		assert.LessOrEqual(t, len(cy.TopPACs), 5)
		for i := 1; i < len(cy.TopPACs); i++ {
			assert.GreaterOrEqual(t, cy.TopPACs[i-1].Amount, cy.TopPACs[i].Amount)
		}
		sum += cy.Total
	}
	assert.InDelta(t, b.Funding.Total, sum, 0.05)
	assert.NotEmpty(t, b.Funding.Cycles[0].TopPACs, "PACs give to every senator in the demo")
	assert.NotEmpty(t, b.Funding.Cycles[0].TopIndividuals)

	// 3. Inner circle, with roles, and staff tied to the senator.
	require.NotEmpty(t, b.InnerCircle)
	ties := 0
	for _, m := range b.InnerCircle {
		assert.NotEmpty(t, m.Person.Name)
		assert.NotEmpty(t, m.Role)
		assert.NotEqual(t, sen, m.Person.ID)
		if m.Tie != "" {
			ties++
			assert.Contains(t, m.Tie, b.Official.Name)
		}
	}
	assert.Positive(t, ties, "someone of the inner circle is tied to the senator directly")

	// 4. Introductions: from our people to the senator, direct ties first.
	require.NotEmpty(t, b.Introductions)
	for i, p := range b.Introductions {
		assert.Equal(t, sen, p.Nodes[len(p.Nodes)-1].ID)
		assert.True(t, p.Nodes[0].Ours)
		if i > 0 && len(p.Hops) == 1 {
			assert.Len(t, b.Introductions[i-1].Hops, 1, "direct ties come first")
		}
	}

	// 5. History: the meetings with the chief of staff, a follow-up owed.
	require.NotEmpty(t, b.History.Interactions)
	assert.GreaterOrEqual(t, b.History.Total, 2)
	for i, ix := range b.History.Interactions {
		assert.Equal(t, graph.OneOnOne, ix.Type)
		assert.Len(t, ix.With, 2)
		assert.Equal(t, "Win the", ix.Campaign[:7])
		if i > 0 {
			assert.GreaterOrEqual(t, b.History.Interactions[i-1].Date, ix.Date, "newest first")
		}
	}
	require.NotEmpty(t, b.History.FollowUps)
	assert.True(t, b.History.FollowUps[0].Overdue, "the meeting's follow-up is past due")

	// 6. Constituents in the senate district, ours named.
	assert.Equal(t, []string{b.Official.District}, b.Constituents.Districts)
	assert.Positive(t, b.Constituents.People)
	assert.Positive(t, b.Constituents.Ours)
	require.NotEmpty(t, b.Constituents.Named)
	for _, n := range b.Constituents.Named {
		assert.True(t, n.Ours)
		assert.False(t, n.Private)
	}
	assert.Nil(t, b.Turnout)
	assert.Equal(t, app.NoTurnoutYet, b.TurnoutNote)

	// 7. The open ask, with the status and recorded stance.
	require.Len(t, b.Asks, 1)
	ask := b.Asks[0]
	assert.Equal(t, synth.DemoCampaignID, ask.Campaign)
	assert.Equal(t, d.Campaign.Ask, ask.Ask)
	assert.Equal(t, graph.StatusNotAsked, ask.Status)
	assert.Equal(t, graph.PriorityPrimary, ask.Priority)
	require.NotNil(t, ask.Issue)
	assert.Equal(t, d.Campaign.Issue, ask.Issue.ID)
	assert.Equal(t, ask.Stance.Label(), ask.StanceLabel)

	// A viewer's brief of every target names no hidden entity.
	hidden := map[string]bool{}
	for _, e := range synth.Demo().Entities {
		if e.IsPrivate() {
			hidden[e.ID] = true
		}
	}
	require.NotEmpty(t, hidden)
	control := 0
	for _, tg := range d.Campaign.Targets {
		ab, err := a.Brief(ctx, admin, tg.Entity)
		require.NoError(t, err)
		for _, id := range idsIn(jsonOf(t, ab)) {
			if hidden[id] {
				control++
			}
		}
		vb, err := a.Brief(ctx, viewer, tg.Entity)
		require.NoError(t, err)
		assert.Zero(t, vb.Constituents.Hidden)
		for _, id := range idsIn(jsonOf(t, vb)) {
			assert.False(t, hidden[id], "a viewer's brief of %s names hidden %s", tg.Entity, id)
		}
	}
	assert.Positive(t, control, "control: admins' briefs name hidden people")

	// The representative who committed carries the commitment.
	rep := d.Campaign.Targets[3]
	rb, err := a.Brief(ctx, admin, rep.Entity)
	require.NoError(t, err)
	require.Len(t, rb.History.Commitments, 1)
	assert.Equal(t, rep.Commitment, rb.History.Commitments[0].Commitment)
}

// idsIn returns every "id" value in a JSON text.
func idsIn(js string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`"(?:id|from|to)":"([^"]+)"`).FindAllStringSubmatch(js, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestBriefRefusesWhatIsNotAnOfficial(t *testing.T) {
	a, _ := newApp(t)
	_, err := a.Brief(t.Context(), admin, "ana")
	require.Error(t, err)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Contains(t, graph.MessageOf(err), "not an official")
	_, err = a.Brief(t.Context(), admin, " ")
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
}

// TestBriefViewerSeesNoHiddenRecord: the brief of the small map's senator
// names the client and the private friend to an admin, and to a viewer
// neither, in any section; a hidden official is not found as a missing one.
func TestBriefViewerSeesNoHiddenRecord(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "issue-1", Kind: graph.KindIssue, Name: "Fair Housing"},
			{ID: "fund-qx", Kind: graph.KindDonor, Name: "Qxfund PAC", OrgType: "pac", Private: true},
			{ID: "pac-1", Kind: graph.KindDonor, Name: "Open PAC", OrgType: "pac"},
			{ID: "cmte-qx", Kind: graph.KindOrganization, Name: "Qxcommittee", OrgType: "committee", Private: true},
			{ID: "ben", Kind: graph.KindPerson, Name: "Ben Near", Ours: true, District: "7A"},
			{ID: "cli-2", Kind: graph.KindPerson, Name: "Quincy Qxclient", Ours: true, District: "7B", Labels: []string{"client"}},
			{ID: "sen-qx", Kind: graph.KindOfficial, Name: "Sen. Qxhidden", Private: true},
		},
		Relationships: []graph.Relationship{
			{Source: "fund-qx", Target: "sen-1", Type: graph.DonatedTo, Amount: 9000, Date: "2025-05-01"},
			{Source: "pac-1", Target: "sen-1", Type: graph.DonatedTo, Amount: 1000, Date: "2025-05-01"},
			{Source: "sen-1", Target: "cmte-qx", Type: graph.ServesOn},
			{Source: "zeb", Target: "issue-1", Type: graph.Supports},
			{Source: "sen-1", Target: "issue-1", Type: graph.Opposes, Strength: 0.5},
		},
	})
	require.NoError(t, err)
	sen, err := s.Entity(ctx, "sen-1")
	require.NoError(t, err)
	sen.District = "7"
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{sen}})
	require.NoError(t, err)

	full, err := a.Brief(ctx, admin, "sen-1")
	require.NoError(t, err)
	all := strings.ToLower(jsonOf(t, full))
	for _, w := range []string{"zeb", "qxfund", "qxcommittee"} {
		assert.Contains(t, all, w, "control: an admin's brief names %s", w)
	}
	assert.Equal(t, 10000.0, full.Funding.Total)
	assert.Equal(t, 1, full.Constituents.People, "Ben")
	assert.Equal(t, 1, full.Constituents.Hidden, "the client, counted apart")

	b, err := a.Brief(ctx, viewer, "sen-1")
	require.NoError(t, err)
	got := strings.ToLower(jsonOf(t, b))
	for _, w := range []string{"zeb", "qxfund", "qxcommittee", "quincy", "cli-2", "sen-qx"} {
		assert.NotContains(t, got, w)
	}
	assert.Equal(t, 1000.0, b.Funding.Total, "hidden money is not in a viewer's total")
	assert.Equal(t, 1, b.Constituents.People)
	assert.Equal(t, 0, b.Constituents.Hidden)
	assert.Len(t, b.Agenda.Committees, 0)
	assert.Len(t, b.Agenda.Stances, 1)

	_, hiddenErr := a.Brief(ctx, viewer, "sen-qx")
	_, missingErr := a.Brief(ctx, viewer, "sen-zz")
	require.Error(t, hiddenErr)
	assert.Equal(t, graph.CodeOf(missingErr), graph.CodeOf(hiddenErr))
	assert.Equal(t,
		strings.ReplaceAll(graph.MessageOf(missingErr), "sen-zz", "X"),
		strings.ReplaceAll(graph.MessageOf(hiddenErr), "sen-qx", "X"))
}

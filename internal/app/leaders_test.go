package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// The community fixture, shared by the leaders and the ballot tests: one
// senate district (7, holding 7A and 7B), its leaders, and two campaigns.
// The expected answers are worked out by hand in the tests' comments.
func communityMap() *graph.Batch {
	p := func(id, name, district string, labels ...string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindPerson, Name: name, District: district, Labels: labels}
	}
	o := func(id, name, district, chamber, title, party string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindOfficial, Name: name, District: district, Chamber: chamber, Title: title, Party: party}
	}
	org := func(id, name, orgType string, ours bool) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindOrganization, Name: name, OrgType: orgType, Ours: ours}
	}
	ana := p("ana", "Ana Ruiz", "7A")
	ana.Ours = true
	jo := p("jo", "Jo Ours", "7A", "clergy")
	jo.Ours = true
	gus := p("gus", "Gus Qxprivate", "7B", "clergy")
	gus.Private = true
	candX := p("cand-x", "Xan Qxprivate", "7A", "candidate")
	candX.Private = true
	cand7 := p("cand-7", "Dana Cole", "7", "candidate")
	cand7.Party = "Independent"
	r := func(s, t string, typ graph.RelType, st float64) graph.Relationship {
		return graph.Relationship{Source: s, Target: t, Type: typ, Strength: st}
	}
	vote := r("sen-7", "housing", graph.Supports, 1)
	vote.SourceURL, vote.Date = "https://example.org/roll-call-42", "2026-03-01"
	forum := r("cand-7", "housing", graph.Opposes, 0.5)
	forum.Since, forum.Notes = "2026-02", "said so at the candidate forum"
	return &graph.Batch{
		Entities: []graph.Entity{
			o("sen-7", "Sen. Vega", "7", "Senate", "State Senator", "Blue"),
			o("rep-7a", "Rep. Ortiz", "7A", "House", "", "Green"),
			o("sen-9", "Sen. Kim", "9", "Senate", "State Senator", "Blue"),
			// An agency head living in 7A: no seat on its ballot.
			o("dir-7a", "Director Pell", "7A", "executive", "Director of Health", ""),
			{ID: "housing", Kind: graph.KindIssue, Name: "Fair Housing Act"},
			{ID: "childcare", Kind: graph.KindIssue, Name: "Child Care Bill"},
			org("coalition", "Westmark Coalition", "coalition", true),
			org("neighbors", "Eastside Neighbors", "neighborhood", false),
			ana, jo, gus, cand7, candX,
			p("rev", "Rev. Grace Obi", "7A", "clergy"),
			p("bo", "Bo Tran", "7B", "business"),
			p("cal", "Cal Ng", "9"),
			p("dee", "Dee Opposed", "7B", "clergy"),
			p("eve", "Eve Met", "7", "business"),
			p("fox", "Fox Member", "7A", "civic"),
			p("hal", "Hal Plain", "7A"),
			p("ivy", "Ivy Far", "9", "clergy"),
			p("kai", "Kai Neutral", "7A", "business"),
		},
		Relationships: []graph.Relationship{
			r("ana", "rev", graph.Knows, 0.8),
			r("rev", "sen-7", graph.Knows, 0.5),
			r("bo", "rev", graph.Knows, 0.5),
			r("cal", "sen-7", graph.Knows, 0.6),
			r("cal", "neighbors", graph.Leads, 0.9),
			r("fox", "coalition", graph.MemberOf, 0.4),
			r("rev", "housing", graph.Supports, 1),
			r("dee", "housing", graph.Opposes, 0.5),
			r("kai", "housing", graph.Supports, 0.1),
			vote, forum,
		},
	}
}

func communityApp(t *testing.T, s graph.Store) *app.App {
	ctx := t.Context()
	_, err := s.Apply(ctx, communityMap())
	require.NoError(t, err)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	ed := app.Caller{Actor: "ed", Role: graph.RoleEditor}
	_, err = a.CreateCampaign(ctx, ed, graph.Campaign{ID: "camp-housing", Name: "Win housing", Issue: "housing", Start: "2026-01-01",
		Targets: []graph.Target{{Entity: "sen-7"}, {Entity: "rep-7a"}}})
	require.NoError(t, err)
	_, err = a.CreateCampaign(ctx, ed, graph.Campaign{ID: "camp-care", Name: "Child care", Issue: "childcare", Start: "2026-01-01",
		Targets: []graph.Target{{Entity: "sen-9"}}})
	require.NoError(t, err)
	_, err = a.LogInteraction(ctx, ed, graph.Interaction{Type: graph.OneOnOne, Date: "2026-08-01", Participants: []string{"ana", "eve"}})
	require.NoError(t, err)
	return a
}

func TestLeadersEmbedded(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	checkLeaders(t, communityApp(t, s))
}

// TestLeadersNeo4j runs the same fixture on a real Neo4j.
func TestLeadersNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	checkLeaders(t, communityApp(t, neo4jtest.Open(t)))
}

func checkLeaders(t *testing.T, a *app.App) {
	ctx := t.Context()
	ed := app.Caller{Actor: "ed", Role: graph.RoleEditor}
	viewer := app.Caller{Actor: "v", Role: graph.RoleViewer}

	// Sen. Vega's district is 7, which holds 7A and 7B. The pool is the
	// people living there and those tied to the senator (rev, cal). Left
	// out: ana and jo (ours), fox (member of our coalition), eve (in the
	// log), dee (opposes), kai (neutral), hal (no leader sort), ivy (district
	// 9, no tie), the officials and candidates. The issue is housing alone:
	// camp-care does not target Sen. Vega.
	//
	//   rev: path rev–sen-7 0.5, constituent 1.5, stance +2 → 1.2: 0.9
	//   cal: path cal–sen-7 0.6, district 9 → 1, unknown → 1:       0.6
	//   bo:  path bo–rev–sen-7 0.25, constituent 1.5, unknown:      0.375
	//   gus (private, editors only): no path, cold 0.05 × 1.5:     0.075
	res, err := a.Leaders(ctx, ed, app.LeadersQuery{Target: "Sen. Vega"})
	require.NoError(t, err)
	assert.Equal(t, "sen-7", res.Target.ID)
	assert.Equal(t, []string{"7"}, res.Districts)
	require.Len(t, res.Issues, 1)
	assert.Equal(t, "Fair Housing Act", res.Issues[0].Name)
	type row struct {
		ID, Sort, Basis string
		Score           float64
		In              bool
		Tie             string
	}
	var got []row
	for _, l := range res.Leaders {
		got = append(got, row{l.Person.ID, l.Sort, l.Basis, l.Score, l.InDistrict, l.Tie})
	}
	assert.Equal(t, []row{
		{"rev", "religious", "labelled clergy", 0.9, true, "knows Sen. Vega"},
		{"cal", "civic", "leads Eastside Neighbors (neighborhood)", 0.6, false, "knows Sen. Vega"},
		{"bo", "business", "labelled business", 0.375, true, ""},
		{"gus", "religious", "labelled clergy", 0.075, true, ""},
	}, got)

	rev := res.Leaders[0]
	assert.Equal(t, 1, rev.Rank)
	require.Len(t, rev.Stances, 1)
	assert.Equal(t, graph.StrongSupport, rev.Stances[0].Alignment)
	require.NotNil(t, rev.Access)
	assert.Equal(t, []string{"rev", "sen-7"}, rev.Access.IDs())
	require.NotNil(t, rev.Messenger)
	assert.Equal(t, "ana", rev.Messenger.Person.ID)
	assert.Equal(t, 0.8, rev.Messenger.Path.Strength)
	assert.True(t, rev.Messenger.Constituent, "Ana lives in 7A, in district 7")
	assert.Equal(t, []string{
		"Lives in district 7A, a constituent of Sen. Vega.",
		"Directly tied: knows Sen. Vega.",
		"Strongly supports Fair Housing Act.",
		"Reaches Sen. Vega directly (1 hop, strength 0.50).",
		"Ana Ruiz can reach them (1 hop, strength 0.80).",
	}, rev.Why)
	assert.Equal(t, []float64{0.5, 1.5, 1.2}, []float64{rev.Factors[0].Value, rev.Factors[1].Value, rev.Factors[2].Value})

	bo := res.Leaders[2]
	require.NotNil(t, bo.Access)
	assert.Equal(t, []string{"bo", "rev", "sen-7"}, bo.Access.IDs())
	assert.Equal(t, "Reaches Sen. Vega through Rev. Grace Obi (2 hops, strength 0.25).", bo.Why[3])
	assert.Equal(t, "Stance on Fair Housing Act unknown.", bo.Why[2])
	require.NotNil(t, bo.Messenger)
	assert.Equal(t, 0.4, bo.Messenger.Path.Strength, "ana–rev–bo: 0.8 × 0.5")
	assert.Contains(t, bo.Action.Text, "Ask Ana Ruiz to make the introduction.")
	assert.Nil(t, res.Leaders[3].Access, "gus has no path: cold outreach")
	assert.Nil(t, res.Leaders[3].Messenger)

	// A viewer never sees the private leader, and the others are unchanged.
	pub, err := a.Leaders(ctx, viewer, app.LeadersQuery{Target: "sen-7"})
	require.NoError(t, err)
	var ids []string
	for _, l := range pub.Leaders {
		ids = append(ids, l.Person.ID)
	}
	assert.Equal(t, []string{"rev", "cal", "bo"}, ids)
	assert.NotContains(t, jsonOf(t, pub), "Qxprivate")

	// With the child care campaign named, its issue counts instead: dee and
	// kai have no stance on it and come back. dee (7B, no tie) and kai (7A,
	// no tie) are cold: 0.05 × 1.5 = 0.075; rev's stance is unknown now:
	// 0.5 × 1.5 = 0.75.
	care, err := a.Leaders(ctx, ed, app.LeadersQuery{Target: "sen-7", Campaign: "camp-care", Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, "Child Care Bill", care.Issues[0].Name)
	got = nil
	for _, l := range care.Leaders {
		got = append(got, row{l.Person.ID, l.Sort, l.Basis, l.Score, l.InDistrict, l.Tie})
	}
	assert.Equal(t, []row{
		{"rev", "religious", "labelled clergy", 0.75, true, "knows Sen. Vega"},
		{"cal", "civic", "leads Eastside Neighbors (neighborhood)", 0.6, false, "knows Sen. Vega"},
		{"bo", "business", "labelled business", 0.375, true, ""},
	}, got, "limit 3")

	// Adding gus to the housing campaign's contacts puts him on its weekly
	// list (he has no tie at all: leverage floored at 0.05, cold access
	// 0.05, so 0.0025) and off the leaders to engage.
	ids = nil
	l, _, err := a.Outreach(ctx, ed, app.OutreachQuery{Campaign: "camp-housing"})
	require.NoError(t, err)
	for _, e := range l.Entries {
		assert.NotEqual(t, "gus", e.Person.ID, "not on the list before")
	}
	cp, err := a.AddContact(ctx, ed, "Win housing", "", "Gus Qxprivate")
	require.NoError(t, err)
	assert.Equal(t, []string{"gus"}, cp.Contacts)
	l, _, err = a.Outreach(ctx, ed, app.OutreachQuery{Campaign: "camp-housing"})
	require.NoError(t, err)
	var gus *graph.OutreachEntry
	for i := range l.Entries {
		if l.Entries[i].Person.ID == "gus" {
			gus = &l.Entries[i]
		}
	}
	require.NotNil(t, gus, "a contact is on the weekly list")
	assert.Equal(t, 0.0025, gus.Score)
	assert.Equal(t, "a contact of the campaign: leverage at least 0.05", gus.Factors[0].Note)
	res, err = a.Leaders(ctx, ed, app.LeadersQuery{Target: "sen-7"})
	require.NoError(t, err)
	for _, x := range res.Leaders {
		ids = append(ids, x.Person.ID)
	}
	assert.Equal(t, []string{"rev", "cal", "bo"}, ids, "a contact is engaged")
	// A viewer sees neither the private contact nor his entry.
	vc, err := a.Campaign(ctx, viewer, "camp-housing")
	require.NoError(t, err)
	assert.Empty(t, vc.Contacts)
	vl, _, err := a.Outreach(ctx, viewer, app.OutreachQuery{Campaign: "camp-housing"})
	require.NoError(t, err)
	assert.NotContains(t, jsonOf(t, vl), "Qxprivate")
	_, err = a.AddContact(ctx, ed, "camp-housing", "", "Fair Housing Act")
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Equal(t, "contacts[1]", graph.DetailsOf(err)[0].Field)
	_, err = a.AddContact(ctx, viewer, "camp-housing", "", "rev")
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err))
	cp, err = a.DeleteContact(ctx, ed, "camp-housing", "", "gus")
	require.NoError(t, err)
	assert.Empty(t, cp.Contacts)
	_, err = a.DeleteContact(ctx, ed, "camp-housing", "", "gus")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))

	// Bad input names its field.
	for _, tc := range []struct {
		q     app.LeadersQuery
		code  graph.Code
		field string
	}{
		{app.LeadersQuery{}, graph.Invalid, "target"},
		{app.LeadersQuery{Target: "rev"}, graph.Invalid, "target"},
		{app.LeadersQuery{Target: "nobody"}, graph.NotFound, "target"},
		{app.LeadersQuery{Target: "gus"}, graph.Invalid, "target"},
		{app.LeadersQuery{Target: "sen-7", Campaign: "nope"}, graph.NotFound, "campaign"},
		{app.LeadersQuery{Target: "sen-7", Limit: -1}, graph.Invalid, "limit"},
	} {
		_, err := a.Leaders(ctx, ed, tc.q)
		require.Error(t, err, "%+v", tc.q)
		assert.Equal(t, tc.code, graph.CodeOf(err), "%+v: %v", tc.q, err)
		require.NotEmpty(t, graph.DetailsOf(err), "%+v", tc.q)
		assert.Equal(t, tc.field, graph.DetailsOf(err)[0].Field, "%+v", tc.q)
	}
	// A viewer asking for the private person gets NotFound, as for a
	// missing one.
	_, err = a.Leaders(ctx, viewer, app.LeadersQuery{Target: "gus"})
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
}

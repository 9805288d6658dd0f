package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// requireDetail checks that err is Invalid with a detail on field.
func requireDetail(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, graph.Invalid, graph.CodeOf(err), "%v", err)
	for _, d := range graph.DetailsOf(err) {
		if d.Field == field {
			return
		}
	}
	t.Fatalf("no detail on field %q: %v", field, err)
}

func TestAlignmentScale(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want graph.Alignment
	}{
		{"-2", graph.StrongOpposition}, {"-1", graph.Opposition}, {"0", graph.Neutral},
		{"1", graph.Support}, {"+2", graph.StrongSupport}, {"", graph.AlignmentUnknown}, {"Unknown", graph.AlignmentUnknown},
	} {
		got, err := graph.ParseAlignment(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"3", "-3", "+7", "1.5", "strong", "100"} {
		_, err := graph.ParseAlignment(bad)
		requireDetail(t, err, "alignment")
	}
	assert.Equal(t, "+2", graph.StrongSupport.String())
	assert.Equal(t, "-1", graph.Opposition.String())
	assert.Equal(t, "unknown", graph.AlignmentUnknown.String())
	assert.False(t, graph.AlignmentUnknown.Known())
	assert.True(t, graph.AlignmentUnknown.Valid())
	assert.False(t, graph.Alignment(3).Valid())
}

func TestAlignmentJSON(t *testing.T) {
	type doc struct {
		A graph.Alignment `json:"a"`
	}
	b, err := json.Marshal(doc{graph.AlignmentUnknown})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":null}`, string(b), "unknown stays unknown: null, not 0")
	b, err = json.Marshal(doc{graph.Opposition})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":-1}`, string(b))

	var d doc
	require.NoError(t, json.Unmarshal([]byte(`{"a":null}`), &d))
	assert.Equal(t, graph.AlignmentUnknown, d.A)
	require.NoError(t, json.Unmarshal([]byte(`{"a":2}`), &d))
	assert.Equal(t, graph.StrongSupport, d.A)
	require.NoError(t, json.Unmarshal([]byte(`{"a":300}`), &d))
	assert.False(t, d.A.Valid(), "an out-of-range number is read as invalid, never wrapped into range")
	assert.Error(t, json.Unmarshal([]byte(`{"a":"x"}`), &d))
}

func TestAlignmentFromStances(t *testing.T) {
	assert.Equal(t, graph.AlignmentUnknown, graph.AlignmentOf(0, 0, false), "no stance is unknown")
	assert.Equal(t, graph.StrongSupport, graph.AlignmentOf(0.9, 0, true))
	assert.Equal(t, graph.Support, graph.AlignmentOf(0.5, 0, true))
	assert.Equal(t, graph.Neutral, graph.AlignmentOf(0.1, 0, true))
	assert.Equal(t, graph.Neutral, graph.AlignmentOf(0.6, 0.5, true), "mixed stances net out")
	assert.Equal(t, graph.Opposition, graph.AlignmentOf(0, 0.5, true))
	assert.Equal(t, graph.StrongOpposition, graph.AlignmentOf(0, 1, true))

	// Every known alignment is recorded by one tie that reads back.
	for a := graph.StrongOpposition; a <= graph.StrongSupport; a++ {
		r, ok := graph.StanceTie("ana", "issue-1", a)
		require.True(t, ok)
		require.NoError(t, r.Validate())
		info, _ := r.Type.Info()
		assert.True(t, info.Stance)
		var sup, opp float64
		if r.Type == graph.Supports {
			sup = r.Strength
		} else {
			opp = r.Strength
		}
		assert.Equal(t, a, graph.AlignmentOf(sup, opp, true), "alignment %v", a)
		assert.Contains(t, graph.StanceIDs("ana", "issue-1"), r.ID)
	}
	_, ok := graph.StanceTie("ana", "issue-1", graph.AlignmentUnknown)
	assert.False(t, ok)
}

func goodCampaign() graph.Campaign {
	return graph.Campaign{
		ID: "fund-fy27", Name: " Fund community services ", Issue: "issue-fy27", Ask: "Vote yes on the FY27 restoration",
		Start: "2026-09-01", End: "2027-03-31", Owner: "ana",
		Targets: []graph.Target{{Entity: "sen-diaz"}, {Entity: "rep-ortiz", Priority: "Secondary", Status: "asked"}},
	}
}

func TestCampaignValidate(t *testing.T) {
	c := goodCampaign()
	c.Normalize()
	require.NoError(t, c.Validate())
	assert.Equal(t, "Fund community services", c.Name)
	assert.Equal(t, graph.PriorityPrimary, c.Targets[0].Priority, "a target is primary by default")
	assert.Equal(t, graph.StatusNotAsked, c.Targets[0].Status, "and not asked yet")
	assert.Equal(t, graph.PrioritySecondary, c.Targets[1].Priority)

	cases := map[string]func(*graph.Campaign){
		"id":                      func(c *graph.Campaign) { c.ID = "" },
		"name":                    func(c *graph.Campaign) { c.Name = " " },
		"issue":                   func(c *graph.Campaign) { c.Issue = "" },
		"start":                   func(c *graph.Campaign) { c.Start = "2026-13-01" },
		"end":                     func(c *graph.Campaign) { c.End = "2026-08-31" },
		"targets[1].entity":       func(c *graph.Campaign) { c.Targets[1].Entity = "sen-diaz" },
		"targets[0].priority":     func(c *graph.Campaign) { c.Targets[0].Priority = "urgent" },
		"targets[1].status":       func(c *graph.Campaign) { c.Targets[1].Status = "won" },
		"targets[0].committed_on": func(c *graph.Campaign) { c.Targets[0].Status = graph.StatusCommitted },
		"targets[0].commitment":   func(c *graph.Campaign) { c.Targets[0].Commitment = "yes" },
		"contacts[1]":             func(c *graph.Campaign) { c.Contacts = []string{"pastor-lee", c.Targets[0].Entity} },
	}
	for field, spoil := range cases {
		c := goodCampaign()
		spoil(&c)
		c.Normalize()
		requireDetail(t, c.Validate(), field)
	}
	c = goodCampaign()
	c.Targets[0].Status, c.Targets[0].Commitment, c.Targets[0].CommittedOn = graph.StatusCommitted, "will vote yes", "2026-10-02"
	c.Normalize()
	require.NoError(t, c.Validate())
}

// lookupOf serves reference checks from a fixed set of entities.
func lookupOf(es ...graph.Entity) graph.Lookup {
	m := map[string]graph.Entity{}
	for _, e := range es {
		m[e.ID] = e
	}
	return func(id string) (graph.Entity, bool, error) {
		e, ok := m[id]
		return e, ok, nil
	}
}

var refs = lookupOf(
	graph.Entity{ID: "issue-fy27", Kind: graph.KindIssue, Name: "FY27 community services"},
	graph.Entity{ID: "ana", Kind: graph.KindPerson, Name: "Ana", Ours: true},
	graph.Entity{ID: "sen-diaz", Kind: graph.KindOfficial, Name: "Sen. Diaz"},
	graph.Entity{ID: "rep-ortiz", Kind: graph.KindOfficial, Name: "Rep. Ortiz"},
	graph.Entity{ID: "pastor-lee", Kind: graph.KindPerson, Name: "Pastor Lee"},
)

func TestCampaignCheckRefs(t *testing.T) {
	c := goodCampaign()
	c.Normalize()
	require.NoError(t, c.CheckRefs(refs))

	c.Targets[1].Entity = "pastor-lee"
	err := c.CheckRefs(refs)
	requireDetail(t, err, "targets[1].entity")
	assert.Contains(t, graph.DetailsOf(err)[0].Reason, "not an official")

	c = goodCampaign()
	c.Issue = "sen-diaz"
	requireDetail(t, c.CheckRefs(refs), "issue")
	c = goodCampaign()
	c.Issue = "nope"
	requireDetail(t, c.CheckRefs(refs), "issue")
	c = goodCampaign()
	c.Owner = "ghost"
	requireDetail(t, c.CheckRefs(refs), "owner")

	c = goodCampaign()
	c.Contacts = []string{" pastor-lee", "pastor-lee ", "ana"}
	c.Normalize()
	assert.Equal(t, []string{"pastor-lee", "ana"}, c.Contacts, "each contact once")
	require.NoError(t, c.Validate())
	require.NoError(t, c.CheckRefs(refs))
	c.Contacts = []string{"ana", "issue-fy27", "ghost"}
	err = c.CheckRefs(refs)
	requireDetail(t, err, "contacts[1]")
	requireDetail(t, err, "contacts[2]")
}

func TestCampaignActive(t *testing.T) {
	c := goodCampaign()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	assert.False(t, c.Active(day("2026-08-31")))
	assert.True(t, c.Active(day("2026-09-01")))
	assert.True(t, c.Active(day("2027-03-31")))
	assert.False(t, c.Active(day("2027-04-01")))
	c.End = ""
	assert.True(t, c.Active(day("2031-01-01")), "an open-ended campaign stays active")
}

func goodInteraction() graph.Interaction {
	return graph.Interaction{ID: "ix_1", Type: "One-on-One", Date: "2026-11-20", Participants: []string{"ana", " pastor-lee", "ana"},
		FollowUp: "2026-12-01", Outcome: "will introduce us"}
}

func TestInteractionValidate(t *testing.T) {
	i := goodInteraction()
	i.Normalize()
	require.NoError(t, i.Validate())
	assert.Equal(t, graph.OneOnOne, i.Type)
	assert.Equal(t, []string{"ana", "pastor-lee"}, i.Participants, "participants are kept once, in order")
	require.NoError(t, i.CheckRefs(refs))

	cases := map[string]func(*graph.Interaction){
		"id":           func(i *graph.Interaction) { i.ID = "" },
		"type":         func(i *graph.Interaction) { i.Type = "picnic" },
		"date":         func(i *graph.Interaction) { i.Date = "20 Nov" },
		"follow_up":    func(i *graph.Interaction) { i.FollowUp = "2026-11-19" },
		"participants": func(i *graph.Interaction) { i.Participants = nil },
		"count":        func(i *graph.Interaction) { i.Count = -1 },
	}
	for field, spoil := range cases {
		i := goodInteraction()
		spoil(&i)
		i.Normalize()
		requireDetail(t, i.Validate(), field)
	}
	i = goodInteraction()
	i.FollowUp = i.Date
	i.Normalize()
	require.NoError(t, i.Validate(), "a follow-up on the same day is fine")

	i = goodInteraction()
	i.Participants = []string{"ana", "ghost", "issue-fy27"}
	i.Normalize()
	err := i.CheckRefs(refs)
	requireDetail(t, err, "participants")
	assert.Len(t, graph.DetailsOf(err), 2, "the unknown participant and the issue: %v", err)
	assert.Contains(t, err.Error(), `unknown participant "ghost"`)
}

func TestInteractionQuery(t *testing.T) {
	i := goodInteraction()
	i.Campaign = "fund-fy27"
	i.Normalize()
	assert.True(t, graph.InteractionQuery{}.Match(&i))
	assert.True(t, graph.InteractionQuery{Campaign: "fund-fy27", Entity: "pastor-lee", Since: "2026-11-20", Until: "2026-11-20"}.Match(&i))
	assert.False(t, graph.InteractionQuery{Campaign: "other"}.Match(&i))
	assert.False(t, graph.InteractionQuery{Entity: "sen-diaz"}.Match(&i))
	assert.False(t, graph.InteractionQuery{Since: "2026-11-21"}.Match(&i))
	assert.False(t, graph.InteractionQuery{Until: "2026-11-19"}.Match(&i))

	a, b := graph.Interaction{ID: "a", Date: "2026-01-02"}, graph.Interaction{ID: "b", Date: "2026-01-02"}
	c := graph.Interaction{ID: "c", Date: "2026-01-01"}
	assert.Positive(t, graph.NewestFirst(&a, &b), "same day: higher id first")
	assert.Negative(t, graph.NewestFirst(&a, &c), "newer day first")
}

func TestParseInteractionType(t *testing.T) {
	for _, ty := range graph.InteractionTypes() {
		got, err := graph.ParseInteractionType(string(ty))
		require.NoError(t, err)
		assert.Equal(t, ty, got)
	}
	got, err := graph.ParseInteractionType("Voter registration drive")
	require.NoError(t, err)
	assert.Equal(t, graph.VoterRegistrationDrive, got)
	_, err = graph.ParseInteractionType("picnic")
	requireDetail(t, err, "type")
	_, err = graph.ParseTargetStatus("won")
	requireDetail(t, err, "status")
	st, err := graph.ParseTargetStatus("Not asked")
	require.NoError(t, err)
	assert.Equal(t, graph.StatusNotAsked, st)
}

func TestWeeks(t *testing.T) {
	for _, tc := range []struct {
		week, monday, sunday string
	}{
		{"2026-W49", "2026-11-30", "2026-12-06"},
		{"2026-W01", "2025-12-29", "2026-01-04"},
		{"2020-W53", "2020-12-28", "2021-01-03"},
		{"2027-W01", "2027-01-04", "2027-01-10"},
	} {
		w, err := graph.ParseWeek(tc.week)
		require.NoError(t, err)
		assert.Equal(t, tc.week, w.String())
		m, s := w.Days()
		assert.Equal(t, tc.monday, m, tc.week)
		assert.Equal(t, tc.sunday, s, tc.week)
		assert.Equal(t, w, graph.WeekOf(w.Start(time.UTC)))
		assert.Equal(t, w, graph.WeekOf(w.Start(time.UTC).AddDate(0, 0, 6)))
		assert.Equal(t, w, w.Add(1).Add(-1))
		assert.Equal(t, time.Monday, w.Start(nil).Weekday())
	}
	w, err := graph.ParseWeek("2026-w01")
	require.NoError(t, err)
	assert.Equal(t, "2026-W02", w.Add(1).String())
	assert.Equal(t, "2025-W52", w.Add(-1).String())
	for _, bad := range []string{"2026-49", "2026-W00", "2026-W54", "2027-W53", "26-W01", "2026-W1x", ""} {
		_, err := graph.ParseWeek(bad)
		requireDetail(t, err, "week")
	}
	ny, err := time.LoadLocation("America/New_York")
	if err == nil {
		start := w.Start(ny)
		assert.Equal(t, 0, start.Hour())
		assert.Equal(t, ny, start.Location())
	}
}

func TestOutreachListValidateAndStrip(t *testing.T) {
	l := graph.OutreachList{Campaign: "c", Week: "2026-W49", ComparedTo: "2026-W48",
		Entries: []graph.OutreachEntry{{Rank: 1, Change: graph.ChangeUp, PreviousRank: 3}}, Dropped: []graph.OutreachEntry{{Rank: 2}}}
	require.NoError(t, l.Validate())
	s := l.StripComparison()
	assert.Empty(t, s.ComparedTo)
	assert.Nil(t, s.Dropped)
	assert.Empty(t, s.Entries[0].Change)
	assert.Equal(t, graph.ChangeUp, l.Entries[0].Change, "the original is untouched")
	bad := graph.OutreachList{Week: "last week"}
	err := bad.Validate()
	requireDetail(t, err, "campaign")
	requireDetail(t, err, "week")
}

func ExampleAlignmentOf() {
	// Sen. Diaz SUPPORTS the issue with intensity 0.9; Rep. Ortiz has both
	// a weak SUPPORTS and a strong OPPOSES; nobody recorded Rep. Lin's.
	fmt.Println(graph.AlignmentOf(0.9, 0, true))
	fmt.Println(graph.AlignmentOf(0.2, 0.7, true))
	fmt.Println(graph.AlignmentOf(0, 0, false))
	// Output:
	// +2
	// -1
	// unknown
}

func ExampleCampaign_CheckRefs() {
	c := graph.Campaign{ID: "fy27", Name: "FY27", Issue: "issue-fy27", Start: "2026-09-01",
		Targets: []graph.Target{{Entity: "pastor-lee"}}}
	c.Normalize()
	err := c.CheckRefs(refs)
	for _, d := range graph.DetailsOf(err) {
		fmt.Println(d.Field+":", d.Reason)
	}
	// Output:
	// targets[0].entity: "pastor-lee" (Pastor Lee) is a person, not an official: targets are officials
}

func ExampleParseWeek() {
	w, _ := graph.ParseWeek("2026-W49")
	monday, sunday := w.Days()
	fmt.Println(w, monday, sunday, w.Add(1))
	// Output: 2026-W49 2026-11-30 2026-12-06 2026-W50
}

package outreach_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

func gridWorld() *world {
	w := newWorld().official("s1", "").official("s2", "").person("ally").person("foe").person("meh").person("far").
		ours("o", "").
		tie("ally", "s1", graph.WorksFor, 0.9).tie("foe", "s1", graph.Lobbies, 0.6).tie("meh", "s2", graph.Advises, 0.7).
		tie("far", "meh", graph.Knows, 0.3).tie("o", "ally", graph.Knows, 0.5).
		tie("ally", issueID, graph.Supports, 0.9).tie("foe", issueID, graph.Opposes, 1).tie("meh", issueID, graph.Supports, 0.1).
		tie("o", issueID, graph.Supports, 0.5)
	return w
}

func TestGridQuadrants(t *testing.T) {
	sc := load(t, gridWorld(), []graph.Target{primary("s1"), secondary("s2")})
	g, err := sc.svc.Grid(t.Context(), "fy27")
	require.NoError(t, err)
	assert.Equal(t, issueID, g.Issue.ID)
	assert.Equal(t, "FY27 community services", g.Issue.Name)
	pts := map[string]outreach.GridPoint{}
	for _, p := range g.Points {
		pts[p.Entity.ID] = p
		assert.GreaterOrEqual(t, p.Influence, 0.0)
		assert.LessOrEqual(t, p.Influence, 100.0)
		assert.NotEqual(t, graph.KindIssue, p.Entity.Kind, "the issue is not on its own grid")
	}
	for id, want := range map[string]string{
		"s1": outreach.QuadrantDecisionMakers, "s2": outreach.QuadrantDecisionMakers,
		"ally": outreach.QuadrantAllies, "o": outreach.QuadrantAllies,
		"foe": outreach.QuadrantOpponents, "far": outreach.QuadrantUnorganized,
	} {
		require.Contains(t, pts, id)
		assert.Equal(t, want, pts[id].Quadrant, id)
	}
	assert.Equal(t, graph.Neutral, pts["meh"].Alignment, "a weak stance reads as neutral")
	assert.Equal(t, graph.AlignmentUnknown, pts["far"].Alignment, "no stance stays unknown")
	assert.True(t, pts["s1"].Target)
	assert.Equal(t, 100.0, pts["s1"].Influence, "the primary target tops its own grid")
	assert.Greater(t, pts["ally"].Influence, pts["far"].Influence)
	for i := 1; i < len(g.Points); i++ {
		assert.GreaterOrEqual(t, g.Points[i-1].Score, g.Points[i].Score, "points are ordered by influence")
	}
	total := 0
	for _, q := range outreach.Quadrants() {
		total += g.Counts[q]
	}
	assert.Equal(t, len(g.Points), total)

	var buf bytes.Buffer
	require.NoError(t, outreach.WriteGridCSV(&buf, g))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(g.Points)+1)
	assert.Equal(t, outreach.GridCSVHeader, rows[0])
	for _, r := range rows[1:] {
		if r[0] == "far" {
			assert.Equal(t, "", r[5], "unknown alignment is an empty cell, not 0")
		}
		if r[0] == "foe" {
			assert.Equal(t, "-2", r[5])
		}
	}
}

func TestQuadrantOf(t *testing.T) {
	assert.Equal(t, outreach.QuadrantDecisionMakers, outreach.QuadrantOf(10, graph.StrongOpposition, true))
	assert.Equal(t, outreach.QuadrantAllies, outreach.QuadrantOf(10, graph.Support, false))
	assert.Equal(t, outreach.QuadrantOpponents, outreach.QuadrantOf(90, graph.Opposition, false))
	assert.Equal(t, outreach.QuadrantDecisionMakers, outreach.QuadrantOf(50, graph.AlignmentUnknown, false))
	assert.Equal(t, outreach.QuadrantUnorganized, outreach.QuadrantOf(49.9, graph.Neutral, false))
}

func TestDistrictMatch(t *testing.T) {
	for _, tc := range []struct {
		home, d string
		want    bool
	}{
		{"7A", "7A", true}, {"7a", "7A", true}, {"7A", "7", true}, {"7B", "7", true}, {"17A", "7", false},
		{"12A", "1", false}, {"7", "7A", false}, {"", "7", false}, {"7A", "", false}, {"North", "North", true},
	} {
		assert.Equal(t, tc.want, outreach.DistrictMatch(tc.home, tc.d), "%q in %q", tc.home, tc.d)
	}
}

func TestServiceWeeks(t *testing.T) {
	w := newWorld().official("s", "").person("a").ours("o", "").tie("a", "s", graph.WorksFor, 0.9).tie("o", "a", graph.Knows, 0.5)
	sc := load(t, w, []graph.Target{primary("s")})
	ctx := t.Context()
	assert.Equal(t, week49, sc.svc.CurrentWeek())

	l, err := sc.svc.List(ctx, "fy27", graph.Week{})
	require.NoError(t, err)
	assert.Equal(t, "2026-W49", l.Week, "the zero week is the current one")
	assert.Empty(t, l.ComparedTo, "no earlier list to compare with")
	weeks, err := sc.store.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Empty(t, weeks, "reading does not save unless asked")

	_, err = sc.svc.List(ctx, "fy27", week49.Add(-1))
	assert.True(t, graph.Is(err, graph.NotFound), "a past week without a saved list: %v", err)
	_, err = sc.svc.List(ctx, "nope", week49)
	assert.True(t, graph.Is(err, graph.NotFound))

	// Last week's saved list: a different order.
	prev := graph.OutreachList{Campaign: "fy27", Week: "2026-W48", Entries: []graph.OutreachEntry{
		{Rank: 1, Person: graph.EntityRef{ID: "gone", Name: "Gone"}},
		{Rank: 2, Person: l.Entries[1].Person},
	}}
	require.NoError(t, sc.store.SaveOutreach(ctx, prev))
	l, err = sc.svc.List(ctx, "fy27", week49)
	require.NoError(t, err)
	assert.Equal(t, "2026-W48", l.ComparedTo)
	assert.Equal(t, graph.ChangeNew, l.Entries[0].Change)
	assert.Equal(t, graph.ChangeSame, l.Entries[1].Change)
	require.Len(t, l.Dropped, 1)
	assert.Equal(t, "gone", l.Dropped[0].Person.ID)
	old, err := sc.svc.List(ctx, "fy27", week49.Add(-1))
	require.NoError(t, err)
	assert.Equal(t, "Gone", old.Entries[0].Person.Name, "a past week is read as it was saved")

	// Logging an interaction updates the current week's list at once.
	top := l.Entries[0].Person.ID
	_, err = sc.store.LogInteraction(ctx, graph.Interaction{Type: graph.OfficialMeeting, Date: "2026-11-30", Participants: []string{"o", top}})
	require.NoError(t, err)
	l2, err := sc.svc.List(ctx, "fy27", week49)
	require.NoError(t, err)
	moved := entry(l2, top)
	require.NotNil(t, moved)
	assert.Equal(t, graph.OutreachMetThisWeek, moved.Status)
	assert.Equal(t, "2026-11-30", moved.LastContact)
	assert.Greater(t, moved.Rank, 1, "met this week: someone else comes first")

	weeks, err = sc.store.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-W48"}, weeks, "reading a list saves nothing")
}

func TestRunWeekly(t *testing.T) {
	w := newWorld().official("s", "").person("a").ours("o", "").tie("a", "s", graph.WorksFor, 0.9).tie("o", "a", graph.Knows, 0.5)
	sc := load(t, w, []graph.Target{primary("s")})
	ctx := t.Context()
	_, err := sc.store.CreateCampaign(ctx, graph.Campaign{ID: "over", Name: "Over", Issue: issueID, Start: "2025-01-01", End: "2025-12-31",
		Targets: []graph.Target{primary("s")}})
	require.NoError(t, err)
	at := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
	require.NoError(t, sc.svc.RunWeekly(ctx, at))
	got, err := sc.store.Outreach(ctx, "fy27", "2026-W49")
	require.NoError(t, err)
	assert.NotEmpty(t, got.Entries)
	assert.False(t, got.ComputedAt.IsZero())
	weeks, err := sc.store.OutreachWeeks(ctx, "over")
	require.NoError(t, err)
	assert.Empty(t, weeks, "an ended campaign gets no list")
}

func TestMergeCampaigns(t *testing.T) {
	e := func(id string, score float64, target string) graph.OutreachEntry {
		return graph.OutreachEntry{Person: graph.EntityRef{ID: id, Name: id}, Score: score,
			Leads: []graph.TargetLead{{Target: graph.EntityRef{ID: target}}}}
	}
	a := &graph.OutreachList{Campaign: "a", Week: "2026-W49", Entries: []graph.OutreachEntry{e("x", 0.9, "s1"), e("y", 0.5, "s1")}}
	b := &graph.OutreachList{Campaign: "b", Week: "2026-W49", Entries: []graph.OutreachEntry{e("y", 0.7, "s2"), e("z", 0.5, "s2")}}
	m := outreach.Merge("2026-W49", []*graph.OutreachList{b, a}, 0)
	assert.Equal(t, graph.AllCampaigns, m.Campaign)
	var got []string
	for _, en := range m.Entries {
		got = append(got, en.Person.ID)
	}
	assert.Equal(t, []string{"x", "y", "z"}, got, "each person once, by best score; ties by id")
	y := m.Entries[1]
	assert.Equal(t, 2, y.Rank)
	assert.Equal(t, 0.7, y.Score)
	require.Len(t, y.Leads, 2, "leads from both campaigns")
	assert.Equal(t, "a", y.Leads[0].Campaign)
	assert.Equal(t, "b", y.Leads[1].Campaign)
	assert.Equal(t, canonical(t, m), canonical(t, outreach.Merge("2026-W49", []*graph.OutreachList{a, b}, 0)), "the order of the lists does not matter")
	assert.Empty(t, a.Entries[0].Leads[0].Campaign, "the inputs are not modified")
	assert.Len(t, outreach.Merge("2026-W49", []*graph.OutreachList{a, b}, 2).Entries, 2)
}

func TestListAll(t *testing.T) {
	w := newWorld().official("s", "").official("t", "").person("a").person("b").ours("o", "").
		tie("a", "s", graph.WorksFor, 0.9).tie("b", "t", graph.WorksFor, 0.9).tie("o", "a", graph.Knows, 0.5).tie("o", "b", graph.Knows, 0.5)
	sc := load(t, w, []graph.Target{primary("s")})
	ctx := t.Context()
	_, err := sc.store.CreateCampaign(ctx, graph.Campaign{ID: "other", Name: "Other", Issue: issueID, Start: "2026-01-01", Targets: []graph.Target{primary("t")}})
	require.NoError(t, err)
	l, err := sc.svc.ListAll(ctx, graph.Week{})
	require.NoError(t, err)
	assert.Equal(t, graph.AllCampaigns, l.Campaign)
	campaigns := map[string]bool{}
	for _, e := range l.Entries {
		for _, ld := range e.Leads {
			campaigns[ld.Campaign] = true
		}
	}
	assert.Equal(t, map[string]bool{"fy27": true, "other": true}, campaigns)
	assert.NotNil(t, entry(l, "a"))
	assert.NotNil(t, entry(l, "b"))
	past, err := sc.svc.ListAll(ctx, week49.Add(-1))
	require.NoError(t, err)
	assert.Empty(t, past.Entries, "no list was saved last week")
}

package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// The turnout fixture: a small map and five events written by hand, with
// the expected numbers worked out by hand in the comments of
// checkTurnout. Senate district 7 holds house districts 7A and 7B.
func turnoutMap() *graph.Batch {
	p := func(id, name, district string, labels ...string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindPerson, Name: name, District: district, Labels: labels}
	}
	o := func(id, name, district string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindOfficial, Name: name, District: district}
	}
	fay := p("fay", "Fay Qxprivate", "7B")
	fay.Private = true
	return &graph.Batch{Entities: []graph.Entity{
		o("sen-7", "Sen. Vega", "7"), o("rep-7a", "Rep. Ortiz", "7A"), o("rep-7b", "Rep. Lund", "7B"), o("sen-9", "Sen. Kim", "9"),
		p("ana", "Ana Ruiz", "7A", "staff"), p("ben", "Ben Okafor", "7B"), p("cleo", "Cleo Qxclient", "7A", "client"),
		p("dev", "Dev Patel", "9"), p("eli", "Eli Stone", ""), fay,
	}}
}

func turnoutEvents() []graph.Event {
	at := func(id string, role graph.AttendeeRole) graph.Attendee { return graph.Attendee{Entity: id, Role: role} }
	dc := func(d string, n int) graph.DistrictCount { return graph.DistrictCount{District: d, Count: n} }
	return []graph.Event{
		{ID: "e1", Type: graph.EventLobbyDay, Name: "Lobby day", Date: "2026-03-04", Place: "State Capitol, Springfield",
			Officials: []string{"sen-7"},
			Attendees: []graph.Attendee{at("ana", graph.RoleLeader), at("ben", graph.RoleSpeaker), at("cleo", ""), at("dev", ""),
				{Entity: "eli", District: "7A"}, at("fay", "")},
			Unnamed: []graph.DistrictCount{dc("7A", 10), dc("7B", 5), dc("9", 2), dc("", 3)}},
		{ID: "e2", Type: graph.EventCommunityMeeting, Name: "Town meeting", Date: "2026-05-10",
			Attendees: []graph.Attendee{at("ana", ""), {Entity: "cleo", District: "9"}}, Unnamed: []graph.DistrictCount{dc("7A", 4)}},
		{ID: "e3", Type: graph.EventTraining, Name: "Storytelling training", Date: "2026-06-01", Officials: []string{"rep-7a"},
			Attendees: []graph.Attendee{at("ben", ""), at("dev", graph.RoleSpeaker)}},
		{ID: "e4", Type: graph.EventDrive, Name: "Fourth of July drive", Date: "2026-07-04",
			Attendees: []graph.Attendee{at("ana", graph.RoleLeader)}, Registered: []graph.DistrictCount{dc("7A", 30), dc("7B", 12), dc("9", 8)}},
		{ID: "e5", Type: graph.EventCommunityMeeting, Name: "Last year's meeting", Date: "2025-11-01",
			Attendees: []graph.Attendee{at("ana", "")}, Unnamed: []graph.DistrictCount{dc("7A", 100)}},
	}
}

func TestTurnoutEmbedded(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	checkTurnout(t, s)
}

// TestTurnoutNeo4j runs the same fixture on a real Neo4j.
func TestTurnoutNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	checkTurnout(t, neo4jtest.Open(t))
}

func checkTurnout(t *testing.T, s graph.Store) {
	ctx := t.Context()
	_, err := s.Apply(ctx, turnoutMap())
	require.NoError(t, err)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	editor := app.Caller{Actor: "ed", Role: graph.RoleEditor}
	for _, e := range turnoutEvents() {
		_, err := a.CreateEvent(ctx, editor, e)
		require.NoError(t, err)
	}
	_, err = a.CreateEvent(ctx, viewer, turnoutEvents()[0])
	assert.Equal(t, graph.Forbidden, graph.CodeOf(err), "a viewer writes no event")

	type want struct{ total, named, unnamed, registered int }
	get := func(c app.Caller, official string, q app.TurnoutQuery) *app.Turnout {
		t.Helper()
		q.Official = official
		r, err := a.Turnout(ctx, c, q)
		require.NoError(t, err)
		return r
	}
	check := func(c app.Caller, official string, w want, perEvent map[string]int) {
		t.Helper()
		r := get(c, official, app.TurnoutQuery{})
		assert.Equal(t, "2026", r.Period)
		assert.Equal(t, w, want{r.Constituents, r.Named, r.Unnamed, r.Registered}, "%s as %s", official, c.Role)
		got := map[string]int{}
		for _, e := range r.Events {
			got[e.Event.ID] = e.Constituents
			assert.Equal(t, e.Constituents, e.Named+e.Unnamed)
		}
		assert.Equal(t, perEvent, got, "%s as %s", official, c.Role)
	}
	// Sen. Vega, district 7 (7, 7A, 7B), in 2026:
	//   e1: Ana 7A, Ben 7B, Cleo 7A, Eli 7A (recorded), Fay 7B = 5 named,
	//       10 + 5 unnamed = 20 (Dev is from 9; 3 of no district count nowhere)
	//   e2: Ana, 4 unnamed of 7A = 5 (Cleo came from 9 this time)
	//   e3: Ben = 1;  e4: Ana = 1;  e5 is in 2025.
	//   27 in all, 5 + 1 + 1 + 1 = 8 of them named; registered 30 (7A) +
	//   12 (7B) = 42.
	check(editor, "sen-7", want{27, 8, 19, 42}, map[string]int{"e1": 20, "e2": 5, "e3": 1, "e4": 1})
	// A viewer gets the same counts; Cleo (a client) and Fay (private)
	// count among the unnamed: e1 has 3 named (Ana, Ben, Eli).
	check(viewer, "sen-7", want{27, 6, 21, 42}, map[string]int{"e1": 20, "e2": 5, "e3": 1, "e4": 1})
	// Rep. Ortiz, 7A: e1 Ana, Cleo, Eli + 10 = 13; e2 Ana + 4 = 5; e4 Ana = 1.
	check(editor, "rep-7a", want{19, 5, 14, 30}, map[string]int{"e1": 13, "e2": 5, "e4": 1})
	// Rep. Lund, 7B: e1 Ben, Fay + 5 = 7; e3 Ben = 1.
	check(editor, "rep-7b", want{8, 3, 5, 12}, map[string]int{"e1": 7, "e3": 1})
	// Sen. Kim, 9: e1 Dev + 2 = 3; e2 Cleo (recorded 9) = 1; e3 Dev = 1.
	check(viewer, "sen-9", want{5, 2, 3, 8}, map[string]int{"e1": 3, "e2": 1, "e3": 1})

	r := get(editor, "sen-7", app.TurnoutQuery{})
	assert.Equal(t, "We brought 27 of your constituents to our events in 2026: 20 to the lobby day at the capitol on 2026-03-04 (State Capitol, Springfield), "+
		"5 to the community meeting on 2026-05-10, 1 to the training on 2026-06-01 and 1 to the voter registration drive on 2026-07-04.", r.Summary)
	assert.Equal(t, []string{"Our voter-registration drives registered 42 new voters in your district.", "You attended 1 of our events."}, r.More)
	require.Len(t, r.ByType, 4)
	assert.Equal(t, graph.EventLobbyDay, r.ByType[0].Type)
	assert.Equal(t, 20, r.ByType[0].Count)
	require.Len(t, r.Attended, 1)
	assert.Equal(t, "e1", r.Attended[0].ID)

	// Names: an editor sees everyone; a viewer never sees the hidden two.
	names := func(r *app.Turnout) string {
		var out []string
		for _, e := range r.Events {
			for _, p := range e.People {
				out = append(out, p.Name)
			}
		}
		return strings.Join(out, ", ")
	}
	assert.Contains(t, names(r), "Cleo Qxclient")
	rv := get(viewer, "sen-7", app.TurnoutQuery{})
	assert.NotContains(t, jsonOf(t, rv), "Qx")
	assert.NotContains(t, jsonOf(t, rv), "cleo")
	assert.Equal(t, "Ana Ruiz, Ben Okafor, Ana Ruiz, Ana Ruiz, Ben Okafor, Eli Stone", names(rv), "e4, e3, e2, then e1's three by name")

	// The legislator brief carries the same sentence, for each reader.
	for _, c := range []app.Caller{editor, viewer} {
		b, err := a.Brief(ctx, c, "sen-7")
		require.NoError(t, err)
		require.NotNil(t, b.Turnout, "the brief's turnout line as %s", c.Role)
		assert.Equal(t, get(c, "sen-7", app.TurnoutQuery{}).Summary, b.Turnout.Summary)
		assert.NotEmpty(t, b.Turnout.Summary)
		assert.Empty(t, b.TurnoutNote)
	}
	b, err := a.Brief(ctx, viewer, "sen-7")
	require.NoError(t, err)
	assert.NotContains(t, jsonOf(t, b), "Qxclient", "the viewer's brief names no client")

	// Other periods.
	r = get(editor, "rep-7a", app.TurnoutQuery{Year: 2025})
	assert.Equal(t, 101, r.Constituents, "e5: Ana and 100 unnamed")
	r = get(editor, "sen-7", app.TurnoutQuery{Since: "2026-05-01", Until: "2026-06-30"})
	assert.Equal(t, 6, r.Constituents, "e2 and e3")
	_, err = a.Turnout(ctx, editor, app.TurnoutQuery{Official: "sen-7", Since: "2026-13-01"})
	assert.Equal(t, []string{"since"}, detailFields(err))
	_, err = a.Turnout(ctx, editor, app.TurnoutQuery{Official: "ana"})
	assert.Equal(t, []string{"official"}, detailFields(err), "a person is not an official")
	_, err = a.Turnout(ctx, viewer, app.TurnoutQuery{Official: "fay"})
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))

	// Every official at once, by name.
	all, err := a.TurnoutAll(ctx, viewer, app.TurnoutQuery{})
	require.NoError(t, err)
	var got []string
	var totals []int
	for _, o := range all.Officials {
		got = append(got, o.Official.ID)
		totals = append(totals, o.Constituents)
		for _, e := range o.Events {
			assert.Empty(t, e.People, "the report on every official names no one")
		}
	}
	assert.Equal(t, []string{"rep-7b", "rep-7a", "sen-9", "sen-7"}, got)
	assert.Equal(t, []int{8, 19, 5, 27}, totals)

	// An event as a viewer sees it: the hidden two are unnamed attendees
	// of their districts.
	ev, err := a.Event(ctx, viewer, "e1")
	require.NoError(t, err)
	assert.Len(t, ev.Attendees, 4)
	assert.Equal(t, []graph.DistrictCount{{District: "", Count: 3}, {District: "7A", Count: 11}, {District: "7B", Count: 6}, {District: "9", Count: 2}}, ev.Unnamed)
	assert.Equal(t, 20+3+2, ev.Headcount()-1, "the headcount is the same: 26")
	assert.NotContains(t, jsonOf(t, ev), "Qx")
	full, err := a.Event(ctx, editor, "e1")
	require.NoError(t, err)
	assert.Equal(t, full.Headcount(), ev.Headcount())
	assert.NotEqual(t, full.Revision, ev.Revision, "a viewer's revision is over what they see")

	// The ladder.
	l, err := a.Ladder(ctx, viewer, "dev")
	require.NoError(t, err)
	reached := func(l *app.Ladder) []int {
		var out []int
		for _, r := range l.Rungs {
			out = append(out, r.Count)
		}
		return out
	}
	assert.Equal(t, []int{2, 1, 1, 0}, reached(l), "Dev: attended e1 and e3, trained at e3, spoke at e3")
	assert.Equal(t, "spoke", string(l.Top))
	l, err = a.Ladder(ctx, viewer, "ana")
	require.NoError(t, err)
	assert.Equal(t, []int{4, 0, 0, 2}, reached(l), "Ana: e1, e2, e4, e5; led e1 and e4")
	assert.Equal(t, "Ana Ruiz came to 4 events and led 2, the top of the ladder.", l.Summary)
	_, err = a.Ladder(ctx, viewer, "cleo")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err), "a client's ladder is not found by a viewer")

	// Deleting an attendee keeps the count: Eli's district was recorded.
	_, err = s.Apply(ctx, &graph.Batch{DeleteEntities: []string{"eli"}})
	require.NoError(t, err)
	check(editor, "sen-7", want{27, 7, 20, 42}, map[string]int{"e1": 20, "e2": 5, "e3": 1, "e4": 1})
}

func detailFields(err error) []string {
	var out []string
	for _, d := range graph.DetailsOf(err) {
		out = append(out, d.Field)
	}
	return out
}

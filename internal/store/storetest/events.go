package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// EventBackend is a store that keeps both the graph and events: reference
// checks read the graph.
type EventBackend interface {
	graph.Store
	graph.EventStore
}

// EventsOpener returns a new, empty store for one subtest, and registers
// its Close with t.Cleanup.
type EventsOpener func(t *testing.T) EventBackend

// RunEvents runs the conformance cases of graph.EventStore against the
// backend that open returns. Beyond the doc comments of graph.EventStore,
// the cases require that times come back equal to the millisecond and that
// events leave the graph untouched.
func RunEvents(t *testing.T, open EventsOpener) {
	for _, c := range eventCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var eventCases = []struct {
	name string
	run  func(*testing.T, EventsOpener)
}{
	{"Events/RoundTrip", testEventRoundTrip},
	{"Events/Invalid", testEventInvalid},
	{"Events/Refs", testEventRefs},
	{"Events/Update", testEventUpdate},
	{"Events/Delete", testEventDelete},
	{"Events/Query", testEventQuery},
	{"Events/EntityDeleted", testEventEntityDeleted},
	{"Events/GraphUntouched", testEventsLeaveGraph},
	{"Events/Audit", testEventAudit},
}

func openEvents(t *testing.T, open EventsOpener) EventBackend {
	t.Helper()
	s := open(t)
	_, err := s.Apply(t.Context(), SmallMap())
	require.NoError(t, err)
	return s
}

// lobbyDay is an event of SmallMap: the senator present, Ana leading,
// Ben speaking, Chloé (a client) attending from district 12A, and twelve
// unnamed people from two districts.
func lobbyDay(id string) graph.Event {
	return graph.Event{ID: id, Type: graph.EventLobbyDay, Name: "Lobby day for the FY27 budget", Date: "2026-03-04",
		Place: "State Capitol, Springfield", Officials: []string{AaronOrtiz},
		Attendees: []graph.Attendee{{Entity: AnaReyes, Role: graph.RoleLeader}, {Entity: BenOkafor, Role: graph.RoleSpeaker},
			{Entity: ChloeMartin, District: "12A"}},
		Unnamed: []graph.DistrictCount{{District: "12B", Count: 5}, {District: "12A", Count: 4}, {District: "12B", Count: 3}}}
}

// assertEvent compares everything but the store's timestamps.
func assertEvent(t *testing.T, want, got graph.Event) {
	t.Helper()
	want.Normalize()
	want.CreatedAt, want.UpdatedAt, got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}

func testEventRoundTrip(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	es, err := s.Events(ctx, graph.EventQuery{})
	require.NoError(t, err)
	assert.Empty(t, es, "a new store has no events")

	before := time.Now().Add(-time.Second)
	e := lobbyDay("ev-1")
	got, err := s.CreateEvent(ctx, e)
	require.NoError(t, err)
	assertEvent(t, e, got)
	assert.Equal(t, graph.RoleAttendee, got.Attendees[2].Role, "an empty role is attendee")
	assert.Equal(t, []graph.DistrictCount{{District: "12A", Count: 4}, {District: "12B", Count: 8}}, got.Unnamed, "counts merge by district")
	assert.Equal(t, 15, got.Headcount())
	assert.True(t, got.CreatedAt.After(before))
	assert.True(t, got.CreatedAt.Equal(got.UpdatedAt))

	read, err := s.Event(ctx, "ev-1")
	require.NoError(t, err)
	assert.Equal(t, got, read, "read back exactly as stored")
	assert.Equal(t, got.Revision(), read.Revision())

	_, err = s.CreateEvent(ctx, e)
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "an id taken: %v", err)
	_, err = s.Event(ctx, "nope")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))

	drive := graph.Event{ID: "ev-drive", Type: "drive", Name: "Registration at the library", Date: "2026-04-01",
		Attendees:  []graph.Attendee{{Entity: AnaReyes, Role: graph.RoleLeader}},
		Registered: []graph.DistrictCount{{District: "12A", Count: 40}, {District: "12B", Count: 103}}}
	got, err = s.CreateEvent(ctx, drive)
	require.NoError(t, err)
	assert.Equal(t, graph.EventDrive, got.Type)
	assert.Equal(t, 143, got.RegisteredTotal())
}

func testEventInvalid(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	fields := func(err error) []string {
		var out []string
		for _, d := range graph.DetailsOf(err) {
			out = append(out, d.Field)
		}
		return out
	}
	e := graph.Event{ID: "ev-bad", Type: "party", Date: "2026-13-01",
		Attendees: []graph.Attendee{{Entity: AnaReyes, Role: "host"}, {Entity: AnaReyes}},
		Unnamed:   []graph.DistrictCount{{District: "7", Count: -2}}}
	_, err := s.CreateEvent(ctx, e)
	require.Equal(t, graph.Invalid, graph.CodeOf(err), "%v", err)
	assert.ElementsMatch(t, []string{"type", "name", "date", "attendees[0].role", "attendees[1].entity", "unnamed[0].count"}, fields(err))

	e = lobbyDay("ev-reg")
	e.Registered = []graph.DistrictCount{{District: "7", Count: 3}}
	_, err = s.CreateEvent(ctx, e)
	require.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Equal(t, []string{"registered"}, fields(err), "only a drive registers voters")

	es, err := s.Events(ctx, graph.EventQuery{})
	require.NoError(t, err)
	assert.Empty(t, es, "nothing invalid was written")
}

func testEventRefs(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	e := lobbyDay("ev-refs")
	e.Officials = []string{AnaReyes, "nobody"}
	e.Attendees = append(e.Attendees, graph.Attendee{Entity: RiversideCoalition})
	_, err := s.CreateEvent(ctx, e)
	require.Equal(t, graph.Invalid, graph.CodeOf(err), "%v", err)
	var fields []string
	for _, d := range graph.DetailsOf(err) {
		fields = append(fields, d.Field)
	}
	assert.ElementsMatch(t, []string{"officials[0]", "officials[1]", "attendees[3].entity"}, fields)
}

func testEventUpdate(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	_, err := s.UpdateEvent(ctx, lobbyDay("ev-u"), "")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err), "update of a missing event")
	first, err := s.CreateEvent(ctx, lobbyDay("ev-u"))
	require.NoError(t, err)
	time.Sleep(5 * time.Millisecond)

	next := lobbyDay("ev-u")
	next.Place = "Capitol steps"
	_, err = s.UpdateEvent(ctx, next, "0123456789abcdef01234567")
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "a stale revision")
	got, err := s.UpdateEvent(ctx, next, first.Revision())
	require.NoError(t, err)
	assert.Equal(t, "Capitol steps", got.Place)
	assert.True(t, got.CreatedAt.Equal(first.CreatedAt), "created_at kept")
	assert.True(t, got.UpdatedAt.After(first.UpdatedAt), "updated_at moves")
	assert.NotEqual(t, first.Revision(), got.Revision())
	_, err = s.UpdateEvent(ctx, next, first.Revision())
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "the first revision is stale now")
}

func testEventDelete(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	e, err := s.CreateEvent(ctx, lobbyDay("ev-d"))
	require.NoError(t, err)
	assert.Equal(t, graph.Conflict, graph.CodeOf(s.DeleteEvent(ctx, "ev-d", "stale")))
	require.NoError(t, s.DeleteEvent(ctx, "ev-d", e.Revision()))
	_, err = s.Event(ctx, "ev-d")
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
	assert.Equal(t, graph.NotFound, graph.CodeOf(s.DeleteEvent(ctx, "ev-d", "")))
}

func testEventQuery(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	mk := func(id string, typ graph.EventType, date string, attendees ...string) {
		e := graph.Event{ID: id, Type: typ, Name: "Event " + id, Date: date}
		for _, a := range attendees {
			e.Attendees = append(e.Attendees, graph.Attendee{Entity: a})
		}
		if typ == graph.EventLobbyDay {
			e.Officials = []string{AaronOrtiz}
		}
		_, err := s.CreateEvent(ctx, e)
		require.NoError(t, err)
	}
	mk("b", graph.EventTraining, "2026-02-01", AnaReyes)
	mk("a", graph.EventTraining, "2026-02-01", BenOkafor)
	mk("c", graph.EventLobbyDay, "2026-03-01", AnaReyes, BenOkafor)
	mk("d", graph.EventCommunityMeeting, "2025-12-01")
	ids := func(q graph.EventQuery) []string {
		t.Helper()
		es, err := s.Events(ctx, q)
		require.NoError(t, err)
		out := []string{}
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	assert.Equal(t, []string{"c", "a", "b", "d"}, ids(graph.EventQuery{}), "newest first, then by id")
	assert.Equal(t, []string{"a", "b"}, ids(graph.EventQuery{Type: graph.EventTraining}))
	assert.Equal(t, []string{"c", "b"}, ids(graph.EventQuery{Entity: AnaReyes}))
	assert.Equal(t, []string{"c"}, ids(graph.EventQuery{Entity: AaronOrtiz}), "an official present")
	assert.Equal(t, []string{"a", "b"}, ids(graph.EventQuery{Since: "2026-01-01", Until: "2026-02-28"}))
	assert.Equal(t, []string{"c", "a"}, ids(graph.EventQuery{Limit: 2}))
	assert.Equal(t, []string{}, ids(graph.EventQuery{Entity: DanaWhitfield}))
}

// testEventEntityDeleted checks the documented rule: deleting an entity
// leaves the events that name it as they are, and they may still be
// updated.
func testEventEntityDeleted(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	e, err := s.CreateEvent(ctx, lobbyDay("ev-x"))
	require.NoError(t, err)
	_, err = s.Apply(ctx, &graph.Batch{DeleteEntities: []string{BenOkafor}})
	require.NoError(t, err)
	got, err := s.Event(ctx, "ev-x")
	require.NoError(t, err)
	assert.Equal(t, e, got, "the event keeps the deleted attendee's id")
	rev := got.Revision()
	got.Place = "Capitol, room 101"
	_, err = s.UpdateEvent(ctx, got, rev)
	require.NoError(t, err, "an update may keep an id deleted since")
	got.Attendees = append(got.Attendees, graph.Attendee{Entity: "ben-okafor-2"})
	_, err = s.UpdateEvent(ctx, got, "")
	assert.Equal(t, graph.Invalid, graph.CodeOf(err), "a new id must exist")
}

func testEventsLeaveGraph(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	ctx := t.Context()
	before, err := s.Counts(ctx)
	require.NoError(t, err)
	_, err = s.CreateEvent(ctx, lobbyDay("ev-g"))
	require.NoError(t, err)
	after, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "events move neither the graph's counts nor its version")
	found, err := s.Search(ctx, "Lobby", 10)
	require.NoError(t, err)
	assert.Empty(t, found)
}

func testEventAudit(t *testing.T, open EventsOpener) {
	s := openEvents(t, open)
	a, ok := s.(graph.AccountStore)
	if !ok {
		t.Skip("the store keeps no audit log")
	}
	ctx := t.Context()
	n := 0
	entry := func(action string) graph.AuditEntry {
		n++
		return graph.AuditEntry{At: t0.Add(time.Duration(n) * time.Second), Actor: "tok_1 (ana)", Action: action, Target: "ev-a"}
	}
	e, err := s.CreateEvent(ctx, lobbyDay("ev-a"), entry("event.create"))
	require.NoError(t, err)
	_, err = s.CreateEvent(ctx, lobbyDay("ev-a"), entry("event.create"))
	require.Error(t, err, "a failed write records nothing")
	rev := e.Revision()
	e.Place = "Steps"
	e, err = s.UpdateEvent(ctx, e, rev, entry("event.update"))
	require.NoError(t, err)
	require.NoError(t, s.DeleteEvent(ctx, "ev-a", e.Revision(), entry("event.delete")))
	es, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Action)
	}
	assert.Equal(t, []string{"event.create", "event.update", "event.delete"}, got)
}

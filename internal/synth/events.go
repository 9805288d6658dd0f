package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// DemoEvents builds the demo's events on a map made by Generate (usually
// Demo()), dated back from today: a lobby day at the capitol, community
// meetings, trainings, a speaker event, a candidate forum, a site visit and
// voter-registration drives, so that the turnout report, the leadership
// ladder and the events view have something to show. Members come mostly
// from the three senate districts where our coalition has the most of
// them, with a few clients among them (counted, never named to viewers).
// It is a pure function of the map and today's date, and fails with
// Invalid when the map has too few members or legislators.
func DemoEvents(b *graph.Batch, today time.Time) ([]graph.Event, error) {
	const op = "synth.DemoEvents"
	senators := map[string]string{} // senate district → senator
	reps := map[string][]string{}   // senate district → representatives
	var organizers, speakers []string
	members := map[string][]string{} // senate district → our members
	clients := map[string][]string{} // senate district → clients
	houses := map[string][]string{}  // senate district → house districts
	senateOf := func(d string) string {
		return strings.TrimRight(d, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
	}
	for i := range b.Entities {
		e := &b.Entities[i]
		switch {
		case strings.HasPrefix(e.ID, rolePrefix[rSenator]+"-") && e.District != "":
			senators[e.District] = e.ID
		case strings.HasPrefix(e.ID, rolePrefix[rRep]+"-") && e.District != "":
			s := senateOf(e.District)
			reps[s] = append(reps[s], e.ID)
		case e.Kind != graph.KindPerson || e.District == "":
		case strings.HasPrefix(e.ID, rolePrefix[rCoalitionStaff]+"-") && e.Ours:
			organizers = append(organizers, e.ID)
		case e.HasLabel(graph.LabelClient):
			clients[senateOf(e.District)] = append(clients[senateOf(e.District)], e.ID)
		case e.HasLabel(graph.LabelSpeaker) && e.Ours:
			speakers = append(speakers, e.ID)
		case e.Ours:
			s := senateOf(e.District)
			members[s] = append(members[s], e.ID)
			if !slices.Contains(houses[s], e.District) {
				houses[s] = append(houses[s], e.District)
			}
		}
	}
	var top []string
	for s := range members {
		if senators[s] != "" && len(houses[s]) > 0 {
			top = append(top, s)
		}
	}
	slices.SortFunc(top, func(x, y string) int {
		if n := len(members[y]) - len(members[x]); n != 0 {
			return n
		}
		return strings.Compare(x, y)
	})
	if len(top) < 3 || len(organizers) < 3 || len(speakers) < 5 {
		return nil, graph.Errorf(op, graph.Invalid, "the map has too few members, organizers, speakers or legislators for events")
	}
	top = top[:3]
	slices.Sort(organizers)
	slices.Sort(speakers)
	for _, l := range [](map[string][]string){members, clients, reps, houses} {
		for _, v := range l {
			slices.Sort(v)
		}
	}
	r := rand.New(rand.NewPCG(2026, 13))
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	take := func(from []string, n int) []string { return from[:min(n, len(from))] }
	att := func(role graph.AttendeeRole, ids ...string) []graph.Attendee {
		out := make([]graph.Attendee, len(ids))
		for i, id := range ids {
			out[i] = graph.Attendee{Entity: id, Role: role}
		}
		return out
	}
	house := func(s string, k int) string { return houses[s][k%len(houses[s])] }
	dc := func(d string, n int) graph.DistrictCount { return graph.DistrictCount{District: d, Count: n} }
	var events []graph.Event
	add := func(e graph.Event) { events = append(events, e) }
	// members who attend, then take a step up the ladder
	risers := func(s string) []string { return take(members[s], 4) }

	lobby := graph.Event{Type: graph.EventLobbyDay, Name: "Lobby day for the " + stateName + " Fair Housing Act", Date: day(-27),
		Place: "State Capitol, Springfield", Notes: "Buses from three districts; every member met their own legislators."}
	for _, s := range top {
		lobby.Officials = append(lobby.Officials, senators[s])
		lobby.Officials = append(lobby.Officials, take(reps[s], 1)...)
	}
	lobby.Attendees = append(att(graph.RoleLeader, organizers[0], organizers[1]), att(graph.RoleSpeaker, speakers[:4]...)...)
	lobby.Attendees = append(lobby.Attendees, att(graph.RoleSpeaker, risers(top[0])[0])...)
	lobby.Attendees = append(lobby.Attendees, att(graph.RoleAttendee, take(members[top[0]][1:], 24)...)...)
	lobby.Attendees = append(lobby.Attendees, att(graph.RoleAttendee, take(members[top[1]], 10)...)...)
	lobby.Attendees = append(lobby.Attendees, att(graph.RoleAttendee, take(members[top[2]], 6)...)...)
	lobby.Attendees = append(lobby.Attendees, att(graph.RoleAttendee, take(clients[top[0]], 3)...)...)
	lobby.Unnamed = []graph.DistrictCount{dc(house(top[0], 0), 9), dc(house(top[0], 1), 4), dc(house(top[1], 0), 6), dc(house(top[2], 0), 3)}
	add(lobby)

	for k, s := range top {
		m := graph.Event{Type: graph.EventCommunityMeeting, Date: day(-62 + 25*k),
			Name:  "Community meeting on rents in District " + s,
			Place: []string{"Riverside Library", "St. Brigid's parish hall", "Eastgate Community Center"}[k],
			Attendees: append(att(graph.RoleLeader, organizers[k%len(organizers)]),
				att(graph.RoleSpeaker, speakers[(4+k)%len(speakers)])...),
			Unnamed: []graph.DistrictCount{dc(house(s, 0), 18+7*k), dc(house(s, 1), 9+r.IntN(8))}}
		m.Attendees = append(m.Attendees, att(graph.RoleAttendee, take(members[s], 14-3*k)...)...)
		m.Attendees = append(m.Attendees, att(graph.RoleAttendee, take(clients[s], 2)...)...)
		if k != 1 {
			m.Officials = take(reps[s], 1)
		}
		add(m)
	}

	storytelling := graph.Event{Type: graph.EventTraining, Name: "Storytelling training", Date: day(-96), Place: "Coalition office",
		Attendees: append(att(graph.RoleLeader, organizers[0]), att(graph.RoleAttendee, take(speakers, 6)...)...)}
	for _, s := range top {
		storytelling.Attendees = append(storytelling.Attendees, att(graph.RoleAttendee, risers(s)...)...)
	}
	storytelling.Unnamed = []graph.DistrictCount{dc(house(top[0], 0), 4)}
	add(storytelling)
	leadership := graph.Event{Type: graph.EventTraining, Name: "Leadership training: running a house meeting", Date: day(-50),
		Place: "Coalition office", Attendees: att(graph.RoleLeader, organizers[2%len(organizers)])}
	for _, s := range top {
		leadership.Attendees = append(leadership.Attendees, att(graph.RoleAttendee, take(members[s][min(4, len(members[s])):], 4)...)...)
		leadership.Attendees = append(leadership.Attendees, att(graph.RoleAttendee, risers(s)[:1]...)...)
	}
	add(leadership)

	speak := graph.Event{Type: graph.EventSpeaker, Name: "Tenants speak out", Date: day(-34), Place: "Riverside Library",
		Attendees: append(att(graph.RoleLeader, organizers[1]), att(graph.RoleSpeaker, speakers[2:5]...)...),
		Unnamed:   []graph.DistrictCount{dc(house(top[1], 0), 22), dc(house(top[2], 1), 15), dc("", 8)}}
	speak.Attendees = append(speak.Attendees, att(graph.RoleSpeaker, risers(top[1])[0])...)
	speak.Attendees = append(speak.Attendees, att(graph.RoleAttendee, take(members[top[1]][1:], 8)...)...)
	add(speak)

	forum := graph.Event{Type: graph.EventCandidateForum, Name: "Candidate forum on housing", Date: day(-20), Place: "Eastgate Community Center",
		Officials: append([]string{senators[top[2]]}, take(reps[top[2]], 2)...),
		Attendees: append(att(graph.RoleLeader, organizers[2%len(organizers)]), att(graph.RoleSpeaker, speakers[len(speakers)-1], risers(top[2])[0])...),
		Unnamed:   []graph.DistrictCount{dc(house(top[2], 0), 35), dc(house(top[2], 1), 27)}}
	forum.Attendees = append(forum.Attendees, att(graph.RoleAttendee, take(members[top[2]][1:], 6)...)...)
	add(forum)

	add(graph.Event{Type: graph.EventSiteVisit, Name: "Site visit to the Maple Court apartments", Date: day(-25), Place: "Maple Court",
		Officials: []string{senators[top[1]]},
		Attendees: append(att(graph.RoleLeader, organizers[1]), att(graph.RoleSpeaker, take(clients[top[1]], 1)...)...)})

	for k, d := range []struct {
		name, place string
		when        int
	}{{"Voter-registration drive at the library", "Riverside Library", -88}, {"Market day registration", "Eastgate farmers' market", -40}, {"Back-to-school registration", "Lincoln High School", -8}} {
		s := top[k]
		drive := graph.Event{Type: graph.EventDrive, Name: d.name, Date: day(d.when), Place: d.place,
			Attendees: append(att(graph.RoleLeader, organizers[k%len(organizers)], risers(s)[min(1, len(risers(s))-1)]), att(graph.RoleAttendee, take(members[s][min(8, len(members[s])):], 3)...)...)}
		for j, h := range houses[s] {
			drive.Registered = append(drive.Registered, dc(h, 20+31*((j+k)%3)+r.IntN(20)))
		}
		drive.Registered = append(drive.Registered, dc(house(top[(k+1)%3], 0), 5+r.IntN(10)))
		add(drive)
	}

	slices.SortStableFunc(events, func(x, y graph.Event) int { return strings.Compare(x.Date, y.Date) })
	for i := range events {
		events[i].ID = fmt.Sprintf("ev-demo-%03d", i+1)
		events[i].By = "demo"
		events[i].Normalize()
		dedupe(&events[i])
	}
	return events, nil
}

// dedupe keeps each attendee once, with their first role.
func dedupe(e *graph.Event) {
	seen := map[string]bool{}
	e.Attendees = slices.DeleteFunc(e.Attendees, func(a graph.Attendee) bool {
		if seen[a.Entity] {
			return true
		}
		seen[a.Entity] = true
		return false
	})
}

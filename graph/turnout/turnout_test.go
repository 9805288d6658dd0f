package turnout_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/graph/turnout"
)

// TestConstituentsMatchOutreach checks that turnout counts as constituents
// exactly the people outreach.DistrictMatch places in a district.
func TestConstituentsMatchOutreach(t *testing.T) {
	homes := []string{"7", "7A", "7a", "7B", "17A", "70", "A7", "7AB", "7-A", "12", "", "9 ", "Ward 3", "3"}
	for _, home := range homes {
		for _, d := range homes {
			d = strings.TrimSpace(d) // as entities keep it
			if d == "" {
				continue
			}
			e := graph.Event{ID: "e", Type: graph.EventCommunityMeeting, Name: "x", Date: "2026-01-01",
				Unnamed: []graph.DistrictCount{{District: home, Count: 1}}}
			e.Normalize()
			r := turnout.Compute(turnout.Official{Ref: graph.EntityRef{ID: "o"}, District: d}, []graph.Event{e},
				func(string) (turnout.Person, bool) { return turnout.Person{}, false }, turnout.Options{})
			want := 0
			if outreach.DistrictMatch(e.Unnamed[0].District, d) {
				want = 1
			}
			if len(e.Unnamed) == 0 {
				want = 0
			}
			assert.Equal(t, want, r.Constituents, "home %q in district %q", home, d)
		}
	}
}

func ExampleCompute() {
	events := []graph.Event{
		{ID: "e1", Type: graph.EventLobbyDay, Name: "Lobby day", Date: "2026-03-04", Place: "State Capitol, Springfield",
			Officials: []string{"sen-7"},
			Attendees: []graph.Attendee{{Entity: "ana"}, {Entity: "zeb"}},
			Unnamed:   []graph.DistrictCount{{District: "7A", Count: 23}}},
		{ID: "e2", Type: graph.EventTraining, Name: "Storytelling", Date: "2026-05-01",
			Attendees: []graph.Attendee{{Entity: "ana"}}, Unnamed: []graph.DistrictCount{{District: "7B", Count: 4}}},
	}
	people := map[string]turnout.Person{
		"ana": {Ref: graph.EntityRef{ID: "ana", Name: "Ana Ruiz"}, District: "7A"},
		"zeb": {Ref: graph.EntityRef{ID: "zeb", Name: "Zeb"}, District: "7B", Hidden: true}, // a client
	}
	r := turnout.Compute(turnout.Official{Ref: graph.EntityRef{ID: "sen-7", Name: "Sen. Vega"}, District: "7"}, events,
		func(id string) (turnout.Person, bool) { p, ok := people[id]; return p, ok },
		turnout.Options{Since: "2026-01-01", Until: "2026-12-31", Period: "2026", Names: true})
	fmt.Println(r.Summary)
	fmt.Println(r.More)
	fmt.Println(r.Events[1].People[0].Name, r.Events[1].Named, r.Events[1].Unnamed)
	// Output:
	// We brought 30 of your constituents to our events in 2026: 25 to the lobby day at the capitol on 2026-03-04 (State Capitol, Springfield) and 5 to the training on 2026-05-01.
	// [You attended 1 of our events.]
	// Ana Ruiz 1 24
}

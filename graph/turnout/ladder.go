package turnout

import (
	"fmt"
	"slices"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Step is a rung of the leadership ladder, from the first to the top.
type Step string

// The ladder's steps, in order: came to any event, came to a training
// (in any role), spoke at an event, led an event.
const (
	StepAttended Step = "attended"
	StepTrained  Step = "trained"
	StepSpoke    Step = "spoke"
	StepLed      Step = "led"
)

// Steps lists the ladder's steps from the bottom.
func Steps() []Step { return []Step{StepAttended, StepTrained, StepSpoke, StepLed} }

// Rung is one step of a person's ladder.
type Rung struct {
	Step    Step   `json:"step"`
	Label   string `json:"label"`
	Reached bool   `json:"reached"`
	// Count is how many events took the person to this step; First and
	// Last are the first and last of their dates.
	Count int    `json:"count"`
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

// LadderEvent is one event of the person's, with their role.
type LadderEvent struct {
	Event EventRef           `json:"event"`
	Role  graph.AttendeeRole `json:"role"`
}

// Ladder is how far one person has come: the rungs from attended to led,
// the highest reached (Top, empty when none), and their events, newest
// first.
type Ladder struct {
	Person  graph.EntityRef `json:"person"`
	Rungs   []Rung          `json:"rungs"`
	Top     Step            `json:"top,omitempty"`
	Events  []LadderEvent   `json:"events"`
	Summary string          `json:"summary"`
}

var stepLabels = map[Step]string{StepAttended: "attended an event", StepTrained: "was trained", StepSpoke: "spoke at an event", StepLed: "led an event"}

// LadderOf builds a person's ladder from events; events that do not list
// the person as an attendee are skipped.
func LadderOf(person graph.EntityRef, events []graph.Event) Ladder {
	l := Ladder{Person: person, Events: []LadderEvent{}}
	rungs := map[Step]*Rung{}
	for _, s := range Steps() {
		rungs[s] = &Rung{Step: s, Label: stepLabels[s]}
	}
	mark := func(s Step, date string) {
		r := rungs[s]
		r.Reached = true
		r.Count++
		if r.First == "" || date < r.First {
			r.First = date
		}
		if date > r.Last {
			r.Last = date
		}
	}
	sorted := slices.Clone(events)
	slices.SortFunc(sorted, func(a, b graph.Event) int { return graph.EventsNewestFirst(&a, &b) })
	for i := range sorted {
		e := &sorted[i]
		a, ok := e.Attendee(person.ID)
		if !ok {
			continue
		}
		l.Events = append(l.Events, LadderEvent{Event: RefOf(e), Role: a.Role})
		mark(StepAttended, e.Date)
		if e.Type == graph.EventTraining {
			mark(StepTrained, e.Date)
		}
		switch a.Role {
		case graph.RoleSpeaker:
			mark(StepSpoke, e.Date)
		case graph.RoleLeader:
			mark(StepLed, e.Date)
		}
	}
	for _, s := range Steps() {
		l.Rungs = append(l.Rungs, *rungs[s])
		if rungs[s].Reached {
			l.Top = s
		}
	}
	l.Summary = ladderSummary(&l)
	return l
}

func ladderSummary(l *Ladder) string {
	r := l.Rungs
	if !r[0].Reached {
		return l.Person.Name + " has not come to any of our events yet."
	}
	parts := []string{fmt.Sprintf("came to %s", plural(r[0].Count, "event", "events"))}
	if r[1].Reached {
		parts = append(parts, fmt.Sprintf("was trained at %s", plural(r[1].Count, "training", "trainings")))
	}
	if r[2].Reached {
		parts = append(parts, fmt.Sprintf("spoke at %d", r[2].Count))
	}
	if r[3].Reached {
		parts = append(parts, fmt.Sprintf("led %d", r[3].Count))
	}
	s := l.Person.Name + " " + list(parts) + "."
	if l.Top == StepLed {
		s = strings.TrimSuffix(s, ".") + ", the top of the ladder."
	}
	return s
}

package turnout

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/powermap/powermap/graph"
)

// Person is what a report needs to know of a named attendee.
type Person struct {
	Ref      graph.EntityRef
	District string
	// Hidden people are counted but not named: they count among the
	// unnamed attendees of their district.
	Hidden bool
}

// People says who an entity id is; ok is false when the map holds no such
// entity any more (the attendee is then counted, unnamed, in the district
// the event records for them).
type People func(id string) (p Person, ok bool)

// Official is an official a report is about.
type Official struct {
	Ref      graph.EntityRef
	District string
}

// EventRef names an event in a report.
type EventRef struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Type  graph.EventType `json:"type"`
	Label string          `json:"label"`
	Date  string          `json:"date"`
	Place string          `json:"place,omitempty"`
}

// RefOf names an event.
func RefOf(e *graph.Event) EventRef {
	return EventRef{ID: e.ID, Name: e.Name, Type: e.Type, Label: e.Type.Label(), Date: e.Date, Place: e.Place}
}

// TypeCount is the constituents who came to the events of one type.
type TypeCount struct {
	Type   graph.EventType `json:"type"`
	Label  string          `json:"label"`
	Count  int             `json:"count"`
	Events int             `json:"events"`
}

// EventTurnout is the constituents who came to one event.
type EventTurnout struct {
	Event EventRef `json:"event"`
	// Constituents is Named plus Unnamed.
	Constituents int `json:"constituents"`
	// People are the named constituents the reader may see, by name;
	// left out of reports for every official at once.
	People  []graph.EntityRef `json:"people,omitempty"`
	Named   int               `json:"named"`
	Unnamed int               `json:"unnamed"`
}

// DriveCount is the voters one drive registered in the official's
// district.
type DriveCount struct {
	Event      EventRef `json:"event"`
	Registered int      `json:"registered"`
}

// Report is the turnout of one official's constituents over a period.
type Report struct {
	Official graph.EntityRef `json:"official"`
	District string          `json:"district"`
	// Period names the period: "2026", or "2026-01-01 to 2026-06-30".
	Period string `json:"period"`
	Since  string `json:"since"`
	Until  string `json:"until"`
	// Constituents counts the attendances of the official's constituents
	// at our events: Named (people of the map, hidden ones included in
	// Unnamed) plus Unnamed.
	Constituents int `json:"constituents"`
	Named        int `json:"named"`
	Unnamed      int `json:"unnamed"`
	// ByType breaks Constituents down by event type, the largest first.
	ByType []TypeCount `json:"by_type"`
	// Events lists the events constituents came to, newest first.
	Events []EventTurnout `json:"events"`
	// Attended lists the events the official was present at, newest
	// first.
	Attended []EventRef `json:"attended"`
	// Registered counts the voters our drives registered in the district,
	// drive by drive in Drives.
	Registered int          `json:"registered"`
	Drives     []DriveCount `json:"drives"`
	// Summary is one sentence to say in a meeting: "We brought 40 of your
	// constituents to our events in 2026: 25 to the lobby day at the
	// capitol on 2026-03-04, …". More holds the sentences about drives
	// and the official's own attendance.
	Summary string   `json:"summary"`
	More    []string `json:"more"`
}

// Options shape reports.
type Options struct {
	// Since and Until bound the period (YYYY-MM-DD, inclusive), and Period
	// names it; the events given must lie in it.
	Since, Until, Period string
	// Names lists each event's named constituents (People).
	Names bool
}

// key folds a district for matching.
func key(d string) string { return strings.ToLower(strings.TrimSpace(d)) }

// senate returns the senate district that holds house district home ("7"
// for "7a"), or "" when home names none.
func senate(home string) string {
	i := strings.LastIndexFunc(home, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 || i == len(home)-1 || home[i] < '0' || home[i] > '9' {
		return ""
	}
	return home[:i+1]
}

// cell is the attendance of one district at one event.
type cell struct {
	ev         int // the event's index in tally.events
	named      []graph.EntityRef
	hidden     int // named but counted unnamed
	unnamed    int
	registered int
}

// tally is every district's attendance: for each district key, a cell per
// event that district came to, in the order of tally.events (newest
// first), so that a report merges a few sorted lists and sorts nothing.
type tally struct {
	events []graph.Event
	cells  map[string][]cell
	// within maps an official's district key to the district keys it
	// holds: itself and its house districts.
	within   map[string][]string
	officals map[string][]int // official id → events present at
	// bases caches, by district key, the part of a report that depends
	// on the district alone (without names), for ComputeAll.
	bases map[string]*Report
}

// at returns the cell of a district at event ev; events are visited in
// order, so that the district's last cell is ev's when it has one.
func (t *tally) at(district string, ev int) *cell {
	k := key(district)
	cs, seen := t.cells[k]
	if !seen {
		t.within[k] = append(t.within[k], k)
		if s := senate(k); s != "" {
			t.within[s] = append(t.within[s], k)
		}
	}
	if len(cs) == 0 || cs[len(cs)-1].ev != ev {
		cs = append(cs, cell{ev: ev})
		t.cells[k] = cs
	}
	return &cs[len(cs)-1]
}

func newTally(events []graph.Event, people People) *tally {
	events = slices.Clone(events)
	slices.SortStableFunc(events, func(a, b graph.Event) int { return graph.EventsNewestFirst(&a, &b) })
	t := &tally{events: events, cells: map[string][]cell{}, within: map[string][]string{}, officals: map[string][]int{},
		bases: map[string]*Report{}}
	for i := range events {
		e := &events[i]
		for _, id := range e.Officials {
			t.officals[id] = append(t.officals[id], i)
		}
		for _, a := range e.Attendees {
			p, ok := people(a.Entity)
			d := a.District
			if d == "" && ok {
				d = p.District
			}
			if d == "" {
				continue
			}
			c := t.at(d, i)
			if ok && !p.Hidden {
				c.named = append(c.named, p.Ref)
			} else {
				c.hidden++
			}
		}
		for _, u := range e.Unnamed {
			if u.District != "" {
				t.at(u.District, i).unnamed += u.Count
			}
		}
		for _, r := range e.Registered {
			if r.District != "" {
				t.at(r.District, i).registered += r.Count
			}
		}
	}
	return t
}

// Compute reports on one official from the events of a period.
func Compute(o Official, events []graph.Event, people People, opt Options) Report {
	return newTally(events, people).report(o, opt)
}

// ComputeAll reports on every official at once, in the order given,
// without naming constituents (opt.Names is ignored). It reads each event
// once, so that many officials cost little more than one.
func ComputeAll(officials []Official, events []graph.Event, people People, opt Options) []Report {
	t := newTally(events, people)
	opt.Names = false
	out := make([]Report, len(officials))
	for i, o := range officials {
		out[i] = t.report(o, opt)
	}
	return out
}

func (t *tally) report(o Official, opt Options) Report {
	var r Report
	k := key(o.District)
	if b, ok := t.bases[k]; ok && !opt.Names {
		r = *b
	} else {
		r = t.base(k, opt.Names)
		if !opt.Names {
			b := r
			t.bases[k] = &b
		}
	}
	r.Official, r.District, r.Period, r.Since, r.Until = o.Ref, o.District, opt.Period, opt.Since, opt.Until
	r.Attended = []EventRef{}
	for _, ev := range t.officals[o.Ref.ID] { // in event order
		r.Attended = append(r.Attended, RefOf(&t.events[ev]))
	}
	r.Summary, r.More = summarize(&r)
	return r
}

// base computes the part of a report that depends on the district alone:
// it merges the cells of the districts it holds, which are in event order.
func (t *tally) base(k string, names bool) Report {
	r := Report{ByType: []TypeCount{}, Events: []EventTurnout{}, Drives: []DriveCount{}}
	var lists [][]cell
	if k != "" {
		for _, d := range t.within[k] {
			lists = append(lists, t.cells[d])
		}
	}
	next := make([]int, len(lists))
	byType := map[graph.EventType]*TypeCount{}
	for {
		ev := -1
		for i, l := range lists {
			if next[i] < len(l) && (ev < 0 || l[next[i]].ev < ev) {
				ev = l[next[i]].ev
			}
		}
		if ev < 0 {
			break
		}
		et := EventTurnout{}
		registered := 0
		for i, l := range lists {
			if next[i] >= len(l) || l[next[i]].ev != ev {
				continue
			}
			c := &l[next[i]]
			next[i]++
			registered += c.registered
			et.Named += len(c.named)
			et.Unnamed += c.hidden + c.unnamed
			if names {
				et.People = append(et.People, c.named...)
			}
		}
		e := &t.events[ev]
		if registered > 0 {
			r.Drives = append(r.Drives, DriveCount{Event: RefOf(e), Registered: registered})
			r.Registered += registered
		}
		et.Constituents = et.Named + et.Unnamed
		if et.Constituents == 0 {
			continue
		}
		et.Event = RefOf(e)
		slices.SortFunc(et.People, func(a, b graph.EntityRef) int { return strings.Compare(a.Name+"\x00"+a.ID, b.Name+"\x00"+b.ID) })
		r.Events = append(r.Events, et)
		r.Constituents += et.Constituents
		r.Named += et.Named
		r.Unnamed += et.Unnamed
		tc := byType[e.Type]
		if tc == nil {
			tc = &TypeCount{Type: e.Type, Label: e.Type.Label()}
			byType[e.Type] = tc
		}
		tc.Count += et.Constituents
		tc.Events++
	}
	for _, tc := range byType {
		r.ByType = append(r.ByType, *tc)
	}
	slices.SortFunc(r.ByType, func(a, b TypeCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(string(a.Type), string(b.Type))
	})
	return r
}

// summarize writes the report's sentences.
func summarize(r *Report) (string, []string) {
	period := "in " + r.Period
	if r.Period == "" {
		period = "so far"
	} else if strings.Contains(r.Period, " to ") {
		period = "from " + r.Period
	}
	var s string
	if r.Constituents == 0 {
		s = "None of your constituents came to our events " + period + " yet."
	} else {
		var parts []string
		for _, tc := range r.ByType {
			if tc.Events == 1 {
				var one *EventTurnout
				for i := range r.Events {
					if r.Events[i].Event.Type == tc.Type {
						one = &r.Events[i]
						break
					}
				}
				part := strconv.Itoa(tc.Count) + " to the " + tc.Label + " on " + one.Event.Date
				if one.Event.Place != "" {
					part += " (" + one.Event.Place + ")"
				}
				parts = append(parts, part)
			} else {
				parts = append(parts, fmt.Sprintf("%d to %d %s", tc.Count, tc.Events, tc.Type.Plural()))
			}
		}
		s = fmt.Sprintf("We brought %d of your constituents to our events %s: %s.", r.Constituents, period, list(parts))
	}
	more := []string{}
	if r.Registered > 0 {
		more = append(more, fmt.Sprintf("Our voter-registration drives registered %s in your district.", plural(r.Registered, "new voter", "new voters")))
	}
	if n := len(r.Attended); n > 0 {
		more = append(more, fmt.Sprintf("You attended %d of our events.", n))
	}
	return s, more
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// list joins parts as "a, b and c".
func list(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

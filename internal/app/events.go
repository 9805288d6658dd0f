package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/graph/turnout"
)

// Events, turnout and the leadership ladder.
//
// Events are not hidden from viewers, but the hidden people in them are: a
// viewer sees an event without its hidden officials, and with each hidden
// (or deleted) attendee counted as an unnamed attendee of their district.
// So the turnout counts the clients we brought, to every reader, and never
// names them to a viewer: to a viewer, an event with a client attendee
// reads exactly as the same event with one more unnamed attendee of the
// client's district.

// eventStore returns the store's events, or Unavailable.
func (a *App) eventStore(op string) (graph.EventStore, error) {
	es, ok := a.store.(graph.EventStore)
	if !ok {
		return nil, graph.Errorf(op, graph.Unavailable, "this store keeps no events")
	}
	return es, nil
}

// noEvent is the one NotFound error for an event id.
func noEvent(id string) error {
	reason := "no event " + strconv.Quote(id)
	return &graph.Error{Op: "app.event", Code: graph.NotFound, Message: reason, Details: []graph.Detail{{Field: "id", Reason: reason}}}
}

// NamedEvent is an event as the caller sees it, with its revision (its
// ETag) and the entities it names, by id, so that a reader shows names and
// roles without asking for each entity. An id missing from Entities names
// an entity deleted since.
type NamedEvent struct {
	graph.Event
	Revision string                     `json:"revision"`
	Entities map[string]graph.EntityRef `json:"entities"`
}

// EventList is a list of events with the entities they name.
type EventList struct {
	Items    []NamedEvent               `json:"items"`
	Entities map[string]graph.EntityRef `json:"entities"`
}

// seen returns e as the caller sees it (see the comment at the top).
func (a *App) seen(ctx context.Context, c Caller, e graph.Event, memo map[string]*graph.Entity) (graph.Event, error) {
	if c.seesAll() {
		return e, nil
	}
	get := func(id string) (*graph.Entity, error) {
		if x, ok := memo[id]; ok {
			return x, nil
		}
		x, err := a.store.Entity(ctx, id)
		if graph.Is(err, graph.NotFound) {
			memo[id] = nil
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		memo[id] = &x
		return &x, nil
	}
	officials := []string{}
	for _, id := range e.Officials {
		x, err := get(id)
		if err != nil {
			return e, err
		}
		if x != nil && !hidden(x) {
			officials = append(officials, id)
		}
	}
	attendees := []graph.Attendee{}
	unnamed := slices.Clone(e.Unnamed)
	for _, at := range e.Attendees {
		x, err := get(at.Entity)
		if err != nil {
			return e, err
		}
		if x != nil && !hidden(x) {
			attendees = append(attendees, at)
			continue
		}
		d := at.District
		if d == "" && x != nil {
			d = x.District
		}
		unnamed = append(unnamed, graph.DistrictCount{District: d, Count: 1})
	}
	e.Officials, e.Attendees, e.Unnamed = officials, attendees, graph.SumDistrictCounts(unnamed)
	return e, nil
}

// named returns events as the caller sees them, each with its revision,
// and the entities they name.
func (a *App) named(ctx context.Context, c Caller, events []graph.Event) ([]NamedEvent, map[string]graph.EntityRef, error) {
	memo := map[string]*graph.Entity{}
	out := make([]NamedEvent, 0, len(events))
	var ids []string
	for _, e := range events {
		e, err := a.seen(ctx, c, e, memo)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, NamedEvent{Event: e, Revision: e.Revision()})
		ids = append(ids, e.Refs()...)
	}
	refs, err := names(ctx, a.viewOf(c), ids)
	return out, refs, err
}

// EventsQuery filters events: Entity may be an id or a name.
type EventsQuery struct {
	Type         graph.EventType
	Entity       string
	Since, Until string
	Limit        int
}

// Events lists the events that match q, newest first, as the caller sees
// them.
func (a *App) Events(ctx context.Context, c Caller, q EventsQuery) (*EventList, error) {
	const op = "app.Events"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return nil, err
	}
	gq := graph.EventQuery{Type: q.Type, Since: q.Since, Until: q.Until, Limit: q.Limit}
	if q.Entity != "" {
		e, err := a.resolve(ctx, a.viewOf(c), "entity", q.Entity)
		if err != nil {
			return nil, err
		}
		gq.Entity = e.ID
	}
	events, err := es.Events(ctx, gq)
	if err != nil {
		return nil, graph.E(op, err)
	}
	items, refs, err := a.named(ctx, c, events)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &EventList{Items: items, Entities: refs}, nil
}

// Event returns one event as the caller sees it.
func (a *App) Event(ctx context.Context, c Caller, id string) (NamedEvent, error) {
	const op = "app.Event"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return NamedEvent{}, err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return NamedEvent{}, err
	}
	e, err := es.Event(ctx, id)
	if err != nil {
		return NamedEvent{}, notFoundAs(graph.E(op, err), func() error { return noEvent(id) })
	}
	items, refs, err := a.named(ctx, c, []graph.Event{e})
	if err != nil {
		return NamedEvent{}, graph.E(op, err)
	}
	items[0].Entities = refs
	return items[0], nil
}

// eventRefs resolves the entities an event names, given by id or by name,
// to ids. A name that matches nothing is left for the store to refuse,
// naming the field.
func (a *App) eventRefs(ctx context.Context, e *graph.Event) error {
	one := func(field string, ref *string) error {
		if *ref == "" {
			return nil
		}
		x, err := a.resolve(ctx, a.all, field, *ref)
		switch {
		case graph.Is(err, graph.NotFound):
			return nil
		case err != nil:
			return err
		}
		*ref = x.ID
		return nil
	}
	for i := range e.Officials {
		if err := one("officials["+strconv.Itoa(i)+"]", &e.Officials[i]); err != nil {
			return err
		}
	}
	for i := range e.Attendees {
		if err := one("attendees["+strconv.Itoa(i)+"].entity", &e.Attendees[i].Entity); err != nil {
			return err
		}
	}
	return nil
}

// CreateEvent stores a new event; an id is made when none is given, By is
// the caller. Officials and attendees may be named by id or by name.
func (a *App) CreateEvent(ctx context.Context, c Caller, e graph.Event) (NamedEvent, error) {
	const op = "app.CreateEvent"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return NamedEvent{}, err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return NamedEvent{}, err
	}
	if trim(e.ID) == "" {
		e.ID = graph.NewEventID()
	}
	if err := a.eventRefs(ctx, &e); err != nil {
		return NamedEvent{}, err
	}
	e.By = c.Actor
	e.Normalize()
	e, err = es.CreateEvent(ctx, e, a.entry(c, "event.create", e.ID, map[string]string{"type": string(e.Type)}))
	if err != nil {
		return NamedEvent{}, graph.E(op, err)
	}
	return a.Event(ctx, c, e.ID)
}

// UpdateEvent replaces event id with e, when the stored event is at
// revision ifMatch (when not empty or "*"; Conflict marked as a failed
// precondition otherwise).
func (a *App) UpdateEvent(ctx context.Context, c Caller, id, ifMatch string, e graph.Event) (NamedEvent, error) {
	const op = "app.UpdateEvent"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return NamedEvent{}, err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return NamedEvent{}, err
	}
	if e.ID != "" && trim(e.ID) != id {
		return NamedEvent{}, fieldError(op, "id", "must equal the event's id ("+id+"), got "+e.ID)
	}
	e.ID = id
	if err := a.eventRefs(ctx, &e); err != nil {
		return NamedEvent{}, err
	}
	e.By = c.Actor
	rev := ifMatch
	if rev == "*" {
		rev = ""
	}
	_, err = es.UpdateEvent(ctx, e, rev, a.entry(c, "event.update", id, map[string]string{"type": string(e.Type)}))
	if graph.Is(err, graph.Conflict) && rev != "" {
		return NamedEvent{}, PreconditionFailed(op, "event", id)
	}
	if err != nil {
		return NamedEvent{}, notFoundAs(graph.E(op, err), func() error { return noEvent(id) })
	}
	return a.Event(ctx, c, id)
}

// DeleteEvent deletes one event, when at revision ifMatch (if given).
func (a *App) DeleteEvent(ctx context.Context, c Caller, id, ifMatch string) error {
	const op = "app.DeleteEvent"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return err
	}
	rev := ifMatch
	if rev == "*" {
		rev = ""
	}
	err = es.DeleteEvent(ctx, id, rev, a.entry(c, "event.delete", id, nil))
	if graph.Is(err, graph.Conflict) && rev != "" {
		return PreconditionFailed(op, "event", id)
	}
	if err != nil {
		return notFoundAs(graph.E(op, err), func() error { return noEvent(id) })
	}
	return nil
}

// Turnout is the turnout report on one official: how many of their
// constituents we brought to our events over a period, by event type and
// event, the voters our drives registered in their district, the events
// they came to, and Summary, one sentence to say in a meeting.
type Turnout = turnout.Report

// TurnoutQuery asks for turnout over a period: the calendar Year (this
// year when zero and Since and Until are empty), or from Since to Until
// (YYYY-MM-DD, inclusive; either may be empty).
type TurnoutQuery struct {
	// Official is an official's id or name (Turnout only).
	Official     string
	Year         int
	Since, Until string
}

// period checks q and returns its bounds and name.
func (a *App) period(op string, q TurnoutQuery) (turnout.Options, error) {
	var ds []graph.Detail
	for _, f := range []struct{ name, v string }{{"since", q.Since}, {"until", q.Until}} {
		if f.v == "" {
			continue
		}
		if t, err := time.Parse(time.DateOnly, f.v); err != nil || t.Format(time.DateOnly) != f.v {
			ds = append(ds, graph.Detail{Field: f.name, Reason: "must be a date (YYYY-MM-DD), got " + strconv.Quote(f.v)})
		}
	}
	if q.Year != 0 && (q.Year < 1900 || q.Year > 9999) {
		ds = append(ds, graph.Detail{Field: "year", Reason: "must be a year from 1900 to 9999, got " + strconv.Itoa(q.Year)})
	}
	if q.Year != 0 && (q.Since != "" || q.Until != "") {
		ds = append(ds, graph.Detail{Field: "year", Reason: "give a year or since and until, not both"})
	}
	if len(ds) == 0 && q.Since != "" && q.Until != "" && q.Until < q.Since {
		ds = append(ds, graph.Detail{Field: "until", Reason: "must not be before since (" + q.Since + ")"})
	}
	if len(ds) > 0 {
		return turnout.Options{}, &graph.Error{Op: op, Code: graph.Invalid, Message: ds[0].Field + " " + ds[0].Reason, Details: ds}
	}
	if q.Since != "" || q.Until != "" {
		name := q.Since + " to " + q.Until
		switch {
		case q.Since == "":
			name = "up to " + q.Until
		case q.Until == "":
			name = "since " + q.Since
		}
		return turnout.Options{Since: q.Since, Until: q.Until, Period: name}, nil
	}
	y := q.Year
	if y == 0 {
		y = a.now().In(a.loc).Year()
	}
	ys := strconv.Itoa(y)
	return turnout.Options{Since: ys + "-01-01", Until: ys + "-12-31", Period: ys}, nil
}

// turnoutInput reads what a turnout report needs: the period's events and
// who every attendee is, from the full snapshot (a hidden attendee is
// counted, in their district, but marked hidden for a viewer).
func (a *App) turnoutInput(ctx context.Context, c Caller, op string, opt turnout.Options) ([]graph.Event, *snapshot.Snapshot, turnout.People, error) {
	es, err := a.eventStore(op)
	if err != nil {
		return nil, nil, nil, err
	}
	events, err := es.Events(ctx, graph.EventQuery{Since: opt.Since, Until: opt.Until})
	if err != nil {
		return nil, nil, nil, graph.E(op, err)
	}
	snap, err := a.all.snapshots.Current(ctx)
	if err != nil {
		return nil, nil, nil, graph.E(op, err)
	}
	all := c.seesAll()
	people := func(id string) (turnout.Person, bool) {
		i, ok := snap.Index(id)
		if !ok {
			return turnout.Person{}, false
		}
		n := snap.Node(i)
		return turnout.Person{Ref: nodeRef(&n), District: n.District, Hidden: !all && n.Private}, true
	}
	return events, snap, people, nil
}

func nodeRef(n *snapshot.Node) graph.EntityRef {
	return graph.EntityRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Title: graph.RoleOf(n.Title, n.OrgType, n.Labels), Ours: n.Ours, Private: n.Private}
}

// Turnout reports on one official's constituents at our events (see
// Turnout). An entity that is not an official is Invalid; a hidden one is
// not found, as a missing one.
func (a *App) Turnout(ctx context.Context, c Caller, q TurnoutQuery) (*Turnout, error) {
	const op = "app.Turnout"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	opt, err := a.period(op, q)
	if err != nil {
		return nil, err
	}
	o, err := a.resolve(ctx, a.viewOf(c), "official", q.Official)
	if err != nil {
		return nil, err
	}
	if o.Kind != graph.KindOfficial {
		return nil, fieldError(op, "official", "must name an official; "+strconv.Quote(o.Name)+" is a "+string(o.Kind))
	}
	events, _, people, err := a.turnoutInput(ctx, c, op, opt)
	if err != nil {
		return nil, err
	}
	opt.Names = true
	r := turnout.Compute(turnout.Official{Ref: graph.RefOf(&o), District: o.District}, events, people, opt)
	return &r, nil
}

// TurnoutAll is the turnout report on every official with a district that
// the caller sees, ordered by name, without naming constituents.
type TurnoutAll struct {
	Period    string    `json:"period"`
	Since     string    `json:"since"`
	Until     string    `json:"until"`
	Officials []Turnout `json:"officials"`
}

// TurnoutAll reports on every official at once (see TurnoutAll).
func (a *App) TurnoutAll(ctx context.Context, c Caller, q TurnoutQuery) (*TurnoutAll, error) {
	const op = "app.TurnoutAll"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	opt, err := a.period(op, q)
	if err != nil {
		return nil, err
	}
	events, snap, people, err := a.turnoutInput(ctx, c, op, opt)
	if err != nil {
		return nil, err
	}
	type named struct {
		o    turnout.Official
		fold string
	}
	var officials []named
	for i := range int32(snap.Len()) {
		if !snap.Live(i) {
			continue
		}
		if snap.Kind(i) != graph.KindOfficial {
			continue
		}
		n := snap.Node(i)
		if n.District == "" || (n.Private && !c.seesAll()) {
			continue
		}
		officials = append(officials, named{turnout.Official{Ref: nodeRef(&n), District: n.District}, graph.Fold(n.Name)})
	}
	slices.SortFunc(officials, func(x, y named) int {
		if x.fold != y.fold {
			return strings.Compare(x.fold, y.fold)
		}
		return strings.Compare(x.o.Ref.ID, y.o.Ref.ID)
	})
	list := make([]turnout.Official, len(officials))
	for i := range officials {
		list[i] = officials[i].o
	}
	return &TurnoutAll{Period: opt.Period, Since: opt.Since, Until: opt.Until,
		Officials: turnout.ComputeAll(list, events, people, opt)}, nil
}

// Ladder is a person's leadership ladder: attended, trained, spoke, led.
type Ladder = turnout.Ladder

// Ladder shows how far a person has come on the leadership ladder, from
// every event they attended. A hidden person is not found, as a missing
// one.
func (a *App) Ladder(ctx context.Context, c Caller, person string) (*Ladder, error) {
	const op = "app.Ladder"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	p, err := a.resolve(ctx, a.viewOf(c), "id", person)
	if err != nil {
		return nil, err
	}
	es, err := a.eventStore(op)
	if err != nil {
		return nil, err
	}
	events, err := es.Events(ctx, graph.EventQuery{Entity: p.ID})
	if err != nil {
		return nil, graph.E(op, err)
	}
	l := turnout.LadderOf(graph.RefOf(&p), events)
	return &l, nil
}

// Drives are the events of type voter_registration_drive, kept with the
// others; these methods are Events, Event and their writes restricted to
// drives, for the routes and commands about drives.

// noDrive is the one NotFound error for a drive id: a missing event, or an
// event that is not a drive.
func noDrive(id string) error {
	reason := "no voter-registration drive " + strconv.Quote(id)
	return &graph.Error{Op: "app.drive", Code: graph.NotFound, Message: reason, Details: []graph.Detail{{Field: "id", Reason: reason}}}
}

// Drives lists voter-registration drives as Events does.
func (a *App) Drives(ctx context.Context, c Caller, q EventsQuery) (*EventList, error) {
	q.Type = graph.EventDrive
	return a.Events(ctx, c, q)
}

// Drive returns one voter-registration drive.
func (a *App) Drive(ctx context.Context, c Caller, id string) (NamedEvent, error) {
	e, err := a.Event(ctx, c, id)
	if graph.Is(err, graph.NotFound) || (err == nil && e.Type != graph.EventDrive) {
		return NamedEvent{}, noDrive(id)
	}
	return e, err
}

// asDrive makes e a drive; another type given is Invalid.
func asDrive(op string, e *graph.Event) error {
	if t := trim(string(e.Type)); t != "" {
		if pt, err := graph.ParseEventType(t); err != nil || pt != graph.EventDrive {
			return fieldError(op, "type", "a drive is of type voter_registration_drive; post other events to /events")
		}
	}
	e.Type = graph.EventDrive
	return nil
}

// CreateDrive stores a new voter-registration drive (type may be left
// empty).
func (a *App) CreateDrive(ctx context.Context, c Caller, e graph.Event) (NamedEvent, error) {
	if err := asDrive("app.CreateDrive", &e); err != nil {
		return NamedEvent{}, err
	}
	return a.CreateEvent(ctx, c, e)
}

// UpdateDrive replaces a voter-registration drive, as UpdateEvent does.
func (a *App) UpdateDrive(ctx context.Context, c Caller, id, ifMatch string, e graph.Event) (NamedEvent, error) {
	if err := need(c, graph.RoleEditor, "app.UpdateDrive"); err != nil {
		return NamedEvent{}, err
	}
	if err := asDrive("app.UpdateDrive", &e); err != nil {
		return NamedEvent{}, err
	}
	if _, err := a.Drive(ctx, c, id); err != nil {
		return NamedEvent{}, err
	}
	return a.UpdateEvent(ctx, c, id, ifMatch, e)
}

// DeleteDrive deletes a voter-registration drive.
func (a *App) DeleteDrive(ctx context.Context, c Caller, id, ifMatch string) error {
	if err := need(c, graph.RoleEditor, "app.DeleteDrive"); err != nil {
		return err
	}
	if _, err := a.Drive(ctx, c, id); err != nil {
		return err
	}
	return a.DeleteEvent(ctx, c, id, ifMatch)
}

package graph

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Events are the organizing records of a community's turnout: the
// meetings, lobby days, trainings and voter-registration drives that our
// people and the people we organize come to. Unlike interactions (the
// organizing log of contacts), an event counts heads: who came, from which
// district, in what role, and how many came unnamed.
//
// An event refers to entities by id (its officials and named attendees).
// Deleting an entity does not touch the events that name it: the event
// keeps the id, readers show it as a former attendee without a name, and
// the turnout still counts them, in the district the event records for
// them (Attendee.District) or in no district. That way a deleted or merged
// person never lowers a past event's headcount.

// EventType is the kind of an event.
type EventType string

// Event types.
const (
	EventCommunityMeeting EventType = "community_meeting"
	EventLobbyDay         EventType = "lobby_day"
	EventSiteVisit        EventType = "site_visit"
	EventCandidateForum   EventType = "candidate_forum"
	EventTraining         EventType = "training"
	EventSpeaker          EventType = "speaker_event"
	// EventDrive is a voter-registration drive: besides who ran it, it
	// records how many people it registered in each district
	// (Event.Registered), and nothing about any voter.
	EventDrive EventType = "voter_registration_drive"
)

// EventTypes lists the event types in a fixed order.
func EventTypes() []EventType {
	return []EventType{EventCommunityMeeting, EventLobbyDay, EventSiteVisit, EventCandidateForum, EventTraining, EventSpeaker, EventDrive}
}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return slices.Contains(EventTypes(), t) }

// Label is a short phrase for the type: "lobby day at the capitol".
func (t EventType) Label() string {
	switch t {
	case EventLobbyDay:
		return "lobby day at the capitol"
	case EventSpeaker:
		return "speaker event"
	}
	return strings.ReplaceAll(string(t), "_", " ")
}

// Plural is the type's label for several events: "lobby days at the
// capitol".
func (t EventType) Plural() string {
	switch t {
	case EventLobbyDay:
		return "lobby days at the capitol"
	case EventSiteVisit:
		return "site visits"
	case EventCandidateForum:
		return "candidate forums"
	case EventDrive:
		return "voter-registration drives"
	}
	return t.Label() + "s"
}

func eventTypeNames() string {
	var s []string
	for _, t := range EventTypes() {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

// ParseEventType accepts a type in any case, with spaces or dashes for
// underscores ("lobby day"), and the short "drive". An unknown one is
// Invalid on field "type".
func ParseEventType(s string) (EventType, error) {
	t := normalizeEventType(s)
	if !t.Valid() {
		reason := "unknown event type " + quote(s) + "; allowed: " + eventTypeNames()
		return "", &Error{Code: Invalid, Message: reason, Details: []Detail{{Field: "type", Reason: reason}}}
	}
	return t, nil
}

func normalizeEventType(s string) EventType {
	t := EventType(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s))))
	switch t {
	case "drive", "voter_registration":
		return EventDrive
	case "speaker", "speakers":
		return EventSpeaker
	}
	return t
}

// AttendeeRole is what a named attendee did at an event. The roles make
// the leadership ladder: attended, then trained (attended a training),
// spoke, led.
type AttendeeRole string

// Attendee roles.
const (
	RoleAttendee AttendeeRole = "attendee"
	RoleSpeaker  AttendeeRole = "speaker"
	RoleLeader   AttendeeRole = "leader"
)

// Valid reports whether r is a known role.
func (r AttendeeRole) Valid() bool { return r == RoleAttendee || r == RoleSpeaker || r == RoleLeader }

// Attendee is one named person at an event.
type Attendee struct {
	// Entity is the attendee's entity id.
	Entity string       `json:"entity"`
	Role   AttendeeRole `json:"role"`
	// District, when set, is the district the attendee came from for this
	// event; otherwise it is their entity's District.
	District string `json:"district,omitempty"`
}

// DistrictCount is a number of people from one district. An empty District
// means the district is not known.
type DistrictCount struct {
	District string `json:"district"`
	Count    int    `json:"count"`
}

// Event is one gathering we organized or brought people to.
type Event struct {
	ID   string    `json:"id"`
	Type EventType `json:"type"`
	// Name is the event's title: "Lobby day for the housing bill".
	Name string `json:"name"`
	// Date is the day it happened (YYYY-MM-DD).
	Date string `json:"date"`
	// Place is where: "State Capitol, Springfield".
	Place string `json:"place,omitempty"`
	// Officials are the ids of the officials present.
	Officials []string `json:"officials"`
	// Attendees are the people of the map who came, each once.
	Attendees []Attendee `json:"attendees"`
	// Unnamed counts the attendees not in the map, by district.
	Unnamed []DistrictCount `json:"unnamed"`
	// Registered counts, for a voter-registration drive only, the people
	// it registered, by district. No voter's personal data is kept.
	Registered []DistrictCount `json:"registered,omitempty"`
	Notes      string          `json:"notes,omitempty"`
	// CreatedAt and UpdatedAt are kept by the store; By names who last
	// wrote the event.
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	By        string    `json:"by,omitempty"`
}

// NewEventID makes an event id: "ev_" and 12 random hex digits.
func NewEventID() string { return "ev_" + RandomID(6) }

// Revision is a content hash of the event, its timestamps left out: its
// ETag, which UpdateEvent and DeleteEvent may be made conditional on.
func (e *Event) Revision() string {
	c := *e
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	return revision(&c)
}

// Headcount is how many came: named attendees and unnamed ones.
func (e *Event) Headcount() int {
	n := len(e.Attendees)
	for _, u := range e.Unnamed {
		n += u.Count
	}
	return n
}

// RegisteredTotal is how many people a drive registered.
func (e *Event) RegisteredTotal() int {
	n := 0
	for _, r := range e.Registered {
		n += r.Count
	}
	return n
}

// Attendee returns the event's attendee with entity id, and false when
// there is none.
func (e *Event) Attendee(id string) (*Attendee, bool) {
	for i := range e.Attendees {
		if e.Attendees[i].Entity == id {
			return &e.Attendees[i], true
		}
	}
	return nil, false
}

// Refs lists the entity ids the event names: officials, then attendees.
func (e *Event) Refs() []string {
	ids := slices.Clone(e.Officials)
	for _, a := range e.Attendees {
		ids = append(ids, a.Entity)
	}
	return ids
}

// Normalize trims the event's text, lower-cases its type and roles
// (an empty role is attendee), keeps each official once, and merges
// district counts: one per district, sorted, none of zero. Collections are
// never nil, except an empty Registered.
func (e *Event) Normalize() {
	e.ID = strings.TrimSpace(e.ID)
	e.Type = normalizeEventType(string(e.Type))
	e.Name = strings.TrimSpace(e.Name)
	e.Date = strings.TrimSpace(e.Date)
	e.Place = strings.TrimSpace(e.Place)
	e.Notes = strings.TrimSpace(e.Notes)
	e.By = strings.TrimSpace(e.By)
	e.Officials = uniqueTrimmed(e.Officials)
	if e.Officials == nil {
		e.Officials = []string{}
	}
	if e.Attendees == nil {
		e.Attendees = []Attendee{}
	}
	for i := range e.Attendees {
		a := &e.Attendees[i]
		a.Entity = strings.TrimSpace(a.Entity)
		a.District = strings.TrimSpace(a.District)
		a.Role = AttendeeRole(strings.ToLower(strings.TrimSpace(string(a.Role))))
		if a.Role == "" {
			a.Role = RoleAttendee
		}
	}
	e.Unnamed = SumDistrictCounts(e.Unnamed)
	e.Registered = SumDistrictCounts(e.Registered)
	if len(e.Registered) == 0 {
		e.Registered = nil
	}
}

// SumDistrictCounts returns counts with one entry per district (trimmed), summed,
// sorted by district, without zeros. Negative counts are kept as they are,
// for Validate to refuse.
func SumDistrictCounts(in []DistrictCount) []DistrictCount {
	out := []DistrictCount{}
	for _, c := range in {
		d := strings.TrimSpace(c.District)
		if c.Count < 0 {
			out = append(out, DistrictCount{District: d, Count: c.Count})
			continue
		}
		if c.Count == 0 {
			continue
		}
		i := slices.IndexFunc(out, func(x DistrictCount) bool { return x.District == d && x.Count > 0 })
		if i < 0 {
			out = append(out, DistrictCount{District: d, Count: c.Count})
		} else {
			out[i].Count += c.Count
		}
	}
	slices.SortStableFunc(out, func(a, b DistrictCount) int { return strings.Compare(a.District, b.District) })
	return out
}

// Event limits.
const (
	// MaxAttendees caps the named attendees of one event; count a crowd
	// with Unnamed.
	MaxAttendees = 5000
	// MaxEventCount caps one district's count.
	MaxEventCount = 1_000_000
)

// Validate checks a normalized event on its own; CheckRefs checks what it
// points at. Problems come back as one Invalid *Error with a Detail per
// field; an attendee's fields are named "attendees[i].field", a count's
// "unnamed[i].count".
func (e *Event) Validate() error {
	var ds []Detail
	if e.ID == "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	}
	ds = checkText(ds, "id", e.ID, MaxIDBytes, oneLine)
	if !e.Type.Valid() {
		ds = append(ds, Detail{Field: "type", Reason: "unknown event type " + quote(clip(string(e.Type))) + "; allowed: " + eventTypeNames()})
	}
	if e.Name == "" {
		ds = append(ds, Detail{Field: "name", Reason: "must not be empty: say what the event was, e.g. \"Lobby day for the housing bill\""})
	}
	ds = checkText(ds, "name", e.Name, MaxNameBytes, oneLine)
	ds = checkText(ds, "place", e.Place, MaxNameBytes, oneLine)
	ds = checkText(ds, "notes", e.Notes, MaxNotesBytes, multiLine)
	if e.Date == "" {
		ds = append(ds, Detail{Field: "date", Reason: "must be a date (YYYY-MM-DD)"})
	} else if _, err := parseDay(e.Date); err != nil {
		ds = append(ds, Detail{Field: "date", Reason: err.Error()})
	}
	if len(e.Attendees) > MaxAttendees {
		ds = append(ds, Detail{Field: "attendees", Reason: "at most " + strconv.Itoa(MaxAttendees) + " named attendees; count a crowd with unnamed"})
	}
	seen := map[string]int{}
	for i, a := range e.Attendees {
		f := func(name string) string { return "attendees[" + strconv.Itoa(i) + "]." + name }
		switch j, dup := seen[a.Entity]; {
		case a.Entity == "":
			ds = append(ds, Detail{Field: f("entity"), Reason: "must name a person of the map"})
		case dup:
			ds = append(ds, Detail{Field: f("entity"), Reason: quote(a.Entity) + " is already attendee #" + strconv.Itoa(j+1)})
		default:
			seen[a.Entity] = i
		}
		if !a.Role.Valid() {
			ds = append(ds, Detail{Field: f("role"), Reason: "unknown role " + quote(clip(string(a.Role))) + "; allowed: attendee, speaker, leader"})
		}
		ds = checkText(ds, f("district"), a.District, MaxWordBytes, oneLine)
	}
	ds = checkCounts(ds, "unnamed", e.Unnamed)
	ds = checkCounts(ds, "registered", e.Registered)
	if len(e.Registered) > 0 && e.Type != EventDrive {
		ds = append(ds, Detail{Field: "registered", Reason: "only a voter-registration drive registers voters; this event is " + e.Type.Label()})
	}
	return invalid("event", e.ID, ds)
}

func checkCounts(ds []Detail, field string, cs []DistrictCount) []Detail {
	for i, c := range cs {
		f := field + "[" + strconv.Itoa(i) + "]."
		if c.Count < 0 || c.Count > MaxEventCount {
			ds = append(ds, Detail{Field: f + "count", Reason: "must be from 0 to " + strconv.Itoa(MaxEventCount) + ", got " + strconv.Itoa(c.Count)})
		}
		ds = checkText(ds, f+"district", c.District, MaxWordBytes, oneLine)
	}
	return ds
}

// CheckRefs checks what a validated event points at: every official must
// be an official, every attendee a person. Ids in known are taken as they
// are: an update may keep the ids of entities deleted since (see the
// package comment on events).
func (e *Event) CheckRefs(lookup Lookup, known ...string) error {
	var ds []Detail
	for i, id := range e.Officials {
		if slices.Contains(known, id) {
			continue
		}
		field := "officials[" + strconv.Itoa(i) + "]"
		x, ok, err := lookup(id)
		switch {
		case err != nil:
			return err
		case !ok:
			ds = append(ds, Detail{Field: field, Reason: "no entity " + quote(id)})
		case x.Kind != KindOfficial:
			ds = append(ds, Detail{Field: field, Reason: quote(id) + " (" + x.Name + ") is " + article(x.Kind) + ", not an official"})
		}
	}
	for i, a := range e.Attendees {
		if slices.Contains(known, a.Entity) {
			continue
		}
		field := "attendees[" + strconv.Itoa(i) + "].entity"
		x, ok, err := lookup(a.Entity)
		switch {
		case err != nil:
			return err
		case !ok:
			ds = append(ds, Detail{Field: field, Reason: "no entity " + quote(a.Entity)})
		case x.Kind != KindPerson && x.Kind != KindOfficial:
			ds = append(ds, Detail{Field: field, Reason: quote(a.Entity) + " (" + x.Name + ") is " + article(x.Kind) + ", not a person"})
		}
	}
	return invalid("event", e.ID, ds)
}

// EventQuery filters events. Zero values match everything.
type EventQuery struct {
	// Type keeps events of this type.
	Type EventType
	// Entity keeps events this entity attended or was present at as an
	// official.
	Entity string
	// Since and Until bound the date, inclusive (YYYY-MM-DD).
	Since, Until string
	// Limit caps the result (the newest first); 0 means no cap.
	Limit int
}

// Match reports whether e passes the query's filters (not Limit).
func (q EventQuery) Match(e *Event) bool {
	if q.Type != "" && e.Type != q.Type {
		return false
	}
	if q.Since != "" && e.Date < q.Since {
		return false
	}
	if q.Until != "" && e.Date > q.Until {
		return false
	}
	if q.Entity != "" {
		_, ok := e.Attendee(q.Entity)
		return ok || slices.Contains(e.Officials, q.Entity)
	}
	return true
}

// EventsNewestFirst orders events by date, newest first, then by id: the
// order of EventStore.Events.
func EventsNewestFirst(a, b *Event) int {
	if a.Date != b.Date {
		return -strings.Compare(a.Date, b.Date)
	}
	return strings.Compare(a.ID, b.ID)
}

// EventStore keeps events beside the graph, in the same database. Both
// store backends implement it and pass the conformance cases in
// internal/store/storetest (RunEvents). Events are not part of the graph:
// they move neither its counts nor its version. The store keeps each event
// as a document, so that later organizing records about an event (a
// speaker's consent, a forum's questions) can join it.
//
// Every method honours ctx and returns errors with a Code, as Store does.
// Each writing method appends its audit entries in its own transaction, as
// CampaignStore's do.
type EventStore interface {
	// CreateEvent stores a new event. It is normalized and validated
	// (Invalid, naming the field), its references checked against the
	// graph (Event.CheckRefs); an id already present is a Conflict. It
	// returns the event as stored, CreatedAt and UpdatedAt set to now.
	CreateEvent(ctx context.Context, e Event, audit ...AuditEntry) (Event, error)
	// UpdateEvent replaces an existing event (NotFound otherwise), checked
	// as CreateEvent does, except that ids the stored event already names
	// need not exist any more; CreatedAt is kept. A non-empty revision must
	// be the stored event's Revision, or the update fails with Conflict.
	UpdateEvent(ctx context.Context, e Event, revision string, audit ...AuditEntry) (Event, error)
	// Event returns one event, or NotFound.
	Event(ctx context.Context, id string) (Event, error)
	// Events lists the events that match q, newest first
	// (EventsNewestFirst).
	Events(ctx context.Context, q EventQuery) ([]Event, error)
	// DeleteEvent deletes one event; a missing id is NotFound, and a
	// non-empty revision that is not the stored one a Conflict.
	DeleteEvent(ctx context.Context, id, revision string, audit ...AuditEntry) error
}

// RevisionMismatch is the Conflict error of a conditional event write.
func RevisionMismatch(op, id, want, got string) error {
	reason := "expected revision " + want + ", but it is at revision " + got
	return &Error{Op: op, Code: Conflict, Message: "event " + quote(id) + " changed since it was read: " + reason,
		Details: []Detail{{Record: id, Field: "revision", Reason: reason}}}
}

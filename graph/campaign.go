package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file is the vocabulary of organizing: campaigns with their targets,
// the organizing log (interactions), stances on issues on the −2..+2
// alignment scale, ISO weeks, and the weekly outreach lists that
// graph/outreach computes and CampaignStore keeps.

// Alignment is a position on an issue, from −2 (strong opposition) to +2
// (strong support). AlignmentUnknown is its own value: an entity whose
// stance nobody has recorded is not neutral. In JSON an unknown alignment is
// null.
type Alignment int8

// The alignment scale.
const (
	StrongOpposition Alignment = -2
	Opposition       Alignment = -1
	Neutral          Alignment = 0
	Support          Alignment = 1
	StrongSupport    Alignment = 2
	AlignmentUnknown Alignment = math.MinInt8
)

// Known reports whether the alignment is on the scale (not unknown).
func (a Alignment) Known() bool { return a != AlignmentUnknown }

// Valid reports whether a is unknown or in −2..+2.
func (a Alignment) Valid() bool { return a == AlignmentUnknown || (a >= -2 && a <= 2) }

// String renders "+2", "-1", "0" or "unknown".
func (a Alignment) String() string {
	switch {
	case a == AlignmentUnknown:
		return "unknown"
	case a > 0:
		return "+" + strconv.Itoa(int(a))
	}
	return strconv.Itoa(int(a))
}

// Label says the alignment in words: "strongly supports", "supports",
// "neutral", "opposes", "strongly opposes" or "unknown".
func (a Alignment) Label() string {
	switch a {
	case StrongSupport:
		return "strongly supports"
	case Support:
		return "supports"
	case Neutral:
		return "neutral"
	case Opposition:
		return "opposes"
	case StrongOpposition:
		return "strongly opposes"
	}
	return "unknown"
}

// MarshalJSON writes the alignment as a number, or null when unknown.
func (a Alignment) MarshalJSON() ([]byte, error) {
	if a == AlignmentUnknown {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(int(a))), nil
}

// UnmarshalJSON reads a number or null. A number outside −2..+2 is read as
// is, so that Validate can name the field that holds it.
func (a *Alignment) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*a = AlignmentUnknown
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("alignment must be an integer from -2 to 2 or null, got %s", s)
	}
	*a = clampAlignment(n)
	return nil
}

// clampAlignment keeps an out-of-range integer out of range (so that it is
// refused) without wrapping it into range through int8.
func clampAlignment(n int) Alignment {
	switch {
	case n < -100:
		return -100
	case n > 100:
		return 100
	}
	return Alignment(n)
}

// ParseAlignment accepts -2..2 (with or without a plus sign), "unknown" or
// the empty string (unknown). Anything else is an Invalid error on field
// "alignment".
func ParseAlignment(s string) (Alignment, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "unknown") {
		return AlignmentUnknown, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
	if err != nil || n < -2 || n > 2 {
		return AlignmentUnknown, alignmentError(s)
	}
	return Alignment(n), nil
}

func alignmentError(got string) error {
	reason := "must be an integer from -2 (strong opposition) to +2 (strong support), or unknown; got " + got
	return &Error{Code: Invalid, Message: "alignment " + reason, Details: []Detail{{Field: "alignment", Reason: reason}}}
}

// Stance thresholds: a SUPPORTS or OPPOSES tie records a stance whose
// strength is its intensity in (0,1].
const (
	// StrongStance is the net intensity from which a stance is strong (±2).
	StrongStance = 0.75
	// WeakStance is the net intensity below which a stance reads as
	// neutral (0).
	WeakStance = 0.25
)

// AlignmentOf reads an entity's alignment on an issue from the intensity of
// its current SUPPORTS tie and of its current OPPOSES tie to the issue (0
// when there is none). With neither tie the alignment is unknown. Otherwise
// the net intensity support−oppose gives the sign, and its size the degree:
// at least StrongStance is ±2, at least WeakStance is ±1, less is 0.
func AlignmentOf(support, oppose float64, hasStance bool) Alignment {
	if !hasStance {
		return AlignmentUnknown
	}
	net := support - oppose
	m := math.Abs(net)
	var a Alignment
	switch {
	case m >= StrongStance-1e-9:
		a = 2
	case m >= WeakStance-1e-9:
		a = 1
	}
	if net < 0 {
		a = -a
	}
	return a
}

// StanceTie returns the relationship that records alignment a of entity on
// issue: SUPPORTS or OPPOSES with intensity 1 for ±2 and 0.5 for ±1, and a
// SUPPORTS of intensity 0.1 for 0, so that AlignmentOf reads a back. An
// unknown alignment has no tie; the caller deletes the entity's stances
// instead (see StanceIDs).
func StanceTie(entity, issue string, a Alignment) (Relationship, bool) {
	if !a.Known() || !a.Valid() {
		return Relationship{}, false
	}
	t, s := Supports, 0.1
	switch a {
	case StrongSupport:
		s = 1
	case Support:
		s = 0.5
	case Opposition:
		t, s = Opposes, 0.5
	case StrongOpposition:
		t, s = Opposes, 1
	}
	r := Relationship{Source: entity, Target: issue, Type: t, Strength: s}
	r.Normalize()
	return r, true
}

// StanceIDs returns the ids of the two stance ties an entity may hold on an
// issue (its SUPPORTS and its OPPOSES), so that setting a stance can delete
// the other one.
func StanceIDs(entity, issue string) []string {
	return []string{DefaultRelationshipID(entity, issue, Supports), DefaultRelationshipID(entity, issue, Opposes)}
}

// Priority ranks a campaign target.
type Priority string

// Target priorities.
const (
	PriorityPrimary   Priority = "primary"
	PrioritySecondary Priority = "secondary"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return p == PriorityPrimary || p == PrioritySecondary }

// TargetStatus says where the ask to a target stands.
type TargetStatus string

// Target statuses.
const (
	StatusNotAsked  TargetStatus = "not_asked"
	StatusAsked     TargetStatus = "asked"
	StatusCommitted TargetStatus = "committed"
	StatusDeclined  TargetStatus = "declined"
)

// TargetStatuses lists the statuses in the order a campaign moves through
// them.
func TargetStatuses() []TargetStatus {
	return []TargetStatus{StatusNotAsked, StatusAsked, StatusCommitted, StatusDeclined}
}

// Valid reports whether s is a known status.
func (s TargetStatus) Valid() bool {
	switch s {
	case StatusNotAsked, StatusAsked, StatusCommitted, StatusDeclined:
		return true
	}
	return false
}

// Label says the status in words: "not asked yet", "asked", "committed" or
// "declined".
func (s TargetStatus) Label() string {
	if s == StatusNotAsked {
		return "not asked yet"
	}
	return string(s)
}

// ParseTargetStatus accepts a status in any case, with spaces or dashes for
// underscores ("not asked"). An unknown one is Invalid on field "status".
func ParseTargetStatus(s string) (TargetStatus, error) {
	st := TargetStatus(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s))))
	if !st.Valid() {
		reason := "unknown status " + quote(s) + "; allowed: not_asked, asked, committed, declined"
		return "", &Error{Code: Invalid, Message: reason, Details: []Detail{{Field: "status", Reason: reason}}}
	}
	return st, nil
}

// Target is an official a campaign wants a commitment from.
type Target struct {
	// Entity is the id of the official.
	Entity   string       `json:"entity"`
	Priority Priority     `json:"priority"`
	Status   TargetStatus `json:"status"`
	// Commitment is what the target committed to, and CommittedOn when
	// (YYYY-MM-DD); both only when Status is committed.
	Commitment  string `json:"commitment,omitempty"`
	CommittedOn string `json:"committed_on,omitempty"`
	Notes       string `json:"notes,omitempty"`
}

// Campaign is an effort to win commitments from officials on an issue.
type Campaign struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Issue is the id of an entity of kind issue.
	Issue string `json:"issue"`
	// Ask is what the campaign asks the targets to commit to.
	Ask string `json:"ask"`
	// Start and End are dates (YYYY-MM-DD); an empty End means open-ended.
	Start string `json:"start"`
	End   string `json:"end,omitempty"`
	// Owner is the id of the organizer who owns the campaign, one of ours.
	Owner   string   `json:"owner,omitempty"`
	Targets []Target `json:"targets"`
	// Contacts are the ids of people the campaign reaches out to besides
	// the targets' inner circles (community leaders, say): the weekly
	// outreach list always weighs them (see graph/outreach). A target is
	// not a contact.
	Contacts []string `json:"contacts,omitempty"`
	// CreatedAt and UpdatedAt are kept by the store.
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Target returns the campaign's target for an entity id, and false when the
// entity is not one of its targets.
func (c *Campaign) Target(entity string) (*Target, bool) {
	for i := range c.Targets {
		if c.Targets[i].Entity == entity {
			return &c.Targets[i], true
		}
	}
	return nil, false
}

// Active reports whether the campaign runs on the day of t (in t's
// location): Start on or before it, End empty or on or after it.
func (c *Campaign) Active(t time.Time) bool {
	day := t.Format(time.DateOnly)
	if c.Start != "" && day < c.Start {
		return false
	}
	return c.End == "" || day <= c.End
}

// Normalize trims the campaign's text, lower-cases priorities and statuses,
// fills a target's missing priority (primary) and status (not_asked), and
// turns an empty target list into an empty slice.
func (c *Campaign) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Name = strings.TrimSpace(c.Name)
	c.Issue = strings.TrimSpace(c.Issue)
	c.Ask = strings.TrimSpace(c.Ask)
	c.Start = strings.TrimSpace(c.Start)
	c.End = strings.TrimSpace(c.End)
	c.Owner = strings.TrimSpace(c.Owner)
	if c.Targets == nil {
		c.Targets = []Target{}
	}
	c.Contacts = uniqueTrimmed(c.Contacts)
	for i := range c.Targets {
		t := &c.Targets[i]
		t.Entity = strings.TrimSpace(t.Entity)
		t.Priority = Priority(strings.ToLower(strings.TrimSpace(string(t.Priority))))
		if t.Priority == "" {
			t.Priority = PriorityPrimary
		}
		t.Status = TargetStatus(strings.ToLower(strings.TrimSpace(string(t.Status))))
		if t.Status == "" {
			t.Status = StatusNotAsked
		}
		t.Commitment = strings.TrimSpace(t.Commitment)
		t.CommittedOn = strings.TrimSpace(t.CommittedOn)
	}
}

// Validate checks a normalized campaign on its own; CheckRefs checks what it
// points at. Problems come back as one Invalid *Error with a Detail per
// field; a target's fields are named "targets[i].field".
func (c *Campaign) Validate() error {
	var ds []Detail
	if c.ID == "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	} else if len(c.ID) > 200 || strings.ContainsAny(c.ID, "\x00") {
		ds = append(ds, Detail{Field: "id", Reason: "must be at most 200 bytes, without NUL"})
	}
	if c.Name == "" {
		ds = append(ds, Detail{Field: "name", Reason: "must not be empty"})
	}
	if c.Issue == "" {
		ds = append(ds, Detail{Field: "issue", Reason: "must name an entity of kind issue"})
	}
	start, errStart := parseDay(c.Start)
	if c.Start == "" {
		ds = append(ds, Detail{Field: "start", Reason: "must be a date (YYYY-MM-DD)"})
	} else if errStart != nil {
		ds = append(ds, Detail{Field: "start", Reason: errStart.Error()})
	}
	if c.End != "" {
		end, err := parseDay(c.End)
		switch {
		case err != nil:
			ds = append(ds, Detail{Field: "end", Reason: err.Error()})
		case errStart == nil && c.Start != "" && end.Before(start):
			ds = append(ds, Detail{Field: "end", Reason: "must not be before start (" + c.Start + ")"})
		}
	}
	seen := map[string]int{}
	for i, t := range c.Targets {
		f := func(name string) string { return "targets[" + strconv.Itoa(i) + "]." + name }
		if t.Entity == "" {
			ds = append(ds, Detail{Field: f("entity"), Reason: "must name an official"})
		} else if j, dup := seen[t.Entity]; dup {
			ds = append(ds, Detail{Field: f("entity"), Reason: quote(t.Entity) + " is already target #" + strconv.Itoa(j+1)})
		} else {
			seen[t.Entity] = i
		}
		if !t.Priority.Valid() {
			ds = append(ds, Detail{Field: f("priority"), Reason: "unknown priority " + quote(string(t.Priority)) + "; allowed: primary, secondary"})
		}
		if !t.Status.Valid() {
			ds = append(ds, Detail{Field: f("status"), Reason: "unknown status " + quote(string(t.Status)) + "; allowed: not_asked, asked, committed, declined"})
		}
		if t.CommittedOn != "" {
			if _, err := parseDay(t.CommittedOn); err != nil {
				ds = append(ds, Detail{Field: f("committed_on"), Reason: err.Error()})
			}
		}
		if t.Status == StatusCommitted && t.CommittedOn == "" {
			ds = append(ds, Detail{Field: f("committed_on"), Reason: "a committed target needs the date of the commitment"})
		}
		if t.Status != StatusCommitted && (t.CommittedOn != "" || t.Commitment != "") {
			ds = append(ds, Detail{Field: f("commitment"), Reason: "only a committed target has a commitment"})
		}
	}
	for i, id := range c.Contacts {
		f := "contacts[" + strconv.Itoa(i) + "]"
		_, isTarget := seen[id]
		switch {
		case id == "":
			ds = append(ds, Detail{Field: f, Reason: "must name a person"})
		case isTarget:
			ds = append(ds, Detail{Field: f, Reason: quote(id) + " is a target of the campaign, not a contact"})
		}
	}
	if len(c.Contacts) > MaxContacts {
		ds = append(ds, Detail{Field: "contacts", Reason: "at most " + strconv.Itoa(MaxContacts) + " contacts"})
	}
	return invalid("campaign", c.ID, ds)
}

// MaxContacts caps a campaign's contacts.
const MaxContacts = 500

// Lookup finds an entity by id for reference checks; ok is false when there
// is none.
type Lookup func(id string) (e Entity, ok bool, err error)

// CheckRefs checks what a validated campaign points at: its issue must be an
// entity of kind issue, its owner (when set) an entity, and every target an
// official. Stores call it before writing. A ref that lookup answers with
// an entity of another id (an alias id of a merged-away entity, see
// MergeStore) is rewritten to that id.
func (c *Campaign) CheckRefs(lookup Lookup) error {
	var ds []Detail
	e, ok, err := lookup(c.Issue)
	if ok {
		c.Issue = e.ID
	}
	switch {
	case err != nil:
		return err
	case !ok:
		ds = append(ds, Detail{Field: "issue", Reason: "no entity " + quote(c.Issue)})
	case e.Kind != KindIssue:
		ds = append(ds, Detail{Field: "issue", Reason: quote(c.Issue) + " is " + article(e.Kind) + ", not an issue"})
	}
	if c.Owner != "" {
		if e, ok, err := lookup(c.Owner); err != nil {
			return err
		} else if ok {
			c.Owner = e.ID
		} else {
			ds = append(ds, Detail{Field: "owner", Reason: "no entity " + quote(c.Owner)})
		}
	}
	for i, t := range c.Targets {
		field := "targets[" + strconv.Itoa(i) + "].entity"
		e, ok, err := lookup(t.Entity)
		if ok {
			c.Targets[i].Entity = e.ID
		}
		switch {
		case err != nil:
			return err
		case !ok:
			ds = append(ds, Detail{Field: field, Reason: "no entity " + quote(t.Entity)})
		case e.Kind != KindOfficial:
			ds = append(ds, Detail{Field: field, Reason: quote(t.Entity) + " (" + e.Name + ") is " + article(e.Kind) + ", not an official: targets are officials"})
		}
	}
	for i, id := range c.Contacts {
		field := "contacts[" + strconv.Itoa(i) + "]"
		e, ok, err := lookup(id)
		if ok {
			c.Contacts[i] = e.ID
		}
		switch {
		case err != nil:
			return err
		case !ok:
			ds = append(ds, Detail{Field: field, Reason: "no entity " + quote(id)})
		case e.Kind == KindIssue || e.IsOrganization():
			ds = append(ds, Detail{Field: field, Reason: quote(id) + " (" + e.Name + ") is " + article(e.Kind) + ", not a person: contacts are people"})
		}
	}
	return invalid("campaign", c.ID, ds)
}

func article(k Kind) string {
	switch k {
	case KindOfficial, KindOrganization, KindIssue:
		return "an " + string(k)
	}
	return "a " + string(k)
}

func parseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return t, nil
}

// InteractionType is the kind of an organizing contact.
type InteractionType string

// Interaction types.
const (
	OneOnOne               InteractionType = "one_on_one"
	OfficialMeeting        InteractionType = "official_meeting"
	SiteVisit              InteractionType = "site_visit"
	PublicMeetingQuestion  InteractionType = "public_meeting_question"
	CandidateForum         InteractionType = "candidate_forum"
	CommunityMeeting       InteractionType = "community_meeting"
	LobbyDay               InteractionType = "lobby_day"
	VoterRegistrationDrive InteractionType = "voter_registration_drive"
	Training               InteractionType = "training"
	Call                   InteractionType = "call"
	Email                  InteractionType = "email"
)

// InteractionTypes lists the interaction types in a fixed order.
func InteractionTypes() []InteractionType {
	return []InteractionType{OneOnOne, OfficialMeeting, SiteVisit, PublicMeetingQuestion, CandidateForum,
		CommunityMeeting, LobbyDay, VoterRegistrationDrive, Training, Call, Email}
}

// Valid reports whether t is a known interaction type.
func (t InteractionType) Valid() bool {
	for _, x := range InteractionTypes() {
		if x == t {
			return true
		}
	}
	return false
}

// Label is a short phrase for the type: "one-on-one".
func (t InteractionType) Label() string {
	switch t {
	case OneOnOne:
		return "one-on-one"
	case PublicMeetingQuestion:
		return "question at a public meeting"
	}
	return strings.ReplaceAll(string(t), "_", " ")
}

// Gathering reports whether the type is a crowd event (a meeting, a drive, a
// training, a lobby day), whose participants do not all meet each other.
func (t InteractionType) Gathering() bool {
	switch t {
	case CommunityMeeting, LobbyDay, VoterRegistrationDrive, Training, CandidateForum, PublicMeetingQuestion:
		return true
	}
	return false
}

func interactionTypeNames() string {
	var s []string
	for _, t := range InteractionTypes() {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

// ParseInteractionType accepts a type in any case, with spaces or dashes
// for underscores ("one-on-one"). An unknown one is Invalid on field
// "type".
func ParseInteractionType(s string) (InteractionType, error) {
	t := InteractionType(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s))))
	if !t.Valid() {
		reason := "unknown interaction type " + quote(s) + "; allowed: " + interactionTypeNames()
		return "", &Error{Code: Invalid, Message: reason, Details: []Detail{{Field: "type", Reason: reason}}}
	}
	return t, nil
}

// Interaction is one entry of the organizing log: a contact between
// entities on a date, for a campaign or not.
type Interaction struct {
	ID   string          `json:"id"`
	Type InteractionType `json:"type"`
	// Date is the day it happened (YYYY-MM-DD).
	Date string `json:"date"`
	// Campaign is the id of the campaign it served, if any.
	Campaign string `json:"campaign,omitempty"`
	// Participants are entity ids: our people and the people they met.
	Participants []string `json:"participants"`
	Notes        string   `json:"notes,omitempty"`
	// Outcome says what came of it, in a few words.
	Outcome string `json:"outcome,omitempty"`
	// FollowUp is the day a follow-up is due (YYYY-MM-DD), on or after Date.
	FollowUp string `json:"follow_up,omitempty"`
	// Count is how many people a drive registered or a meeting drew.
	Count int `json:"count,omitempty"`
	// CreatedAt and By are kept by the store and the caller: when the entry
	// was logged and by whom.
	CreatedAt time.Time `json:"created_at,omitzero"`
	By        string    `json:"by,omitempty"`
}

// NewInteractionID makes an interaction id: "ix_" and 16 random hex digits.
func NewInteractionID() string { return "ix_" + RandomID(8) }

// Normalize trims the interaction's text, lower-cases its type and keeps
// each participant once, in the given order.
func (i *Interaction) Normalize() {
	i.ID = strings.TrimSpace(i.ID)
	i.Type = InteractionType(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(string(i.Type)))))
	i.Date = strings.TrimSpace(i.Date)
	i.Campaign = strings.TrimSpace(i.Campaign)
	i.FollowUp = strings.TrimSpace(i.FollowUp)
	i.Outcome = strings.TrimSpace(i.Outcome)
	i.Participants = uniqueTrimmed(i.Participants)
	if i.Participants == nil {
		i.Participants = []string{}
	}
}

// MaxParticipants caps the participants of one interaction.
const MaxParticipants = 1000

// Validate checks a normalized interaction on its own; CheckRefs checks its
// participants. A follow-up before the interaction's date is refused on
// field "follow_up".
func (i *Interaction) Validate() error {
	var ds []Detail
	if i.ID == "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	} else if len(i.ID) > 200 || strings.ContainsAny(i.ID, "\x00") {
		ds = append(ds, Detail{Field: "id", Reason: "must be at most 200 bytes, without NUL"})
	}
	if !i.Type.Valid() {
		ds = append(ds, Detail{Field: "type", Reason: "unknown interaction type " + quote(string(i.Type)) + "; allowed: " + interactionTypeNames()})
	}
	date, errDate := parseDay(i.Date)
	if i.Date == "" {
		ds = append(ds, Detail{Field: "date", Reason: "must be a date (YYYY-MM-DD)"})
	} else if errDate != nil {
		ds = append(ds, Detail{Field: "date", Reason: errDate.Error()})
	}
	if i.FollowUp != "" {
		fu, err := parseDay(i.FollowUp)
		switch {
		case err != nil:
			ds = append(ds, Detail{Field: "follow_up", Reason: err.Error()})
		case errDate == nil && i.Date != "" && fu.Before(date):
			ds = append(ds, Detail{Field: "follow_up", Reason: "must not be before the interaction's date (" + i.Date + "), got " + i.FollowUp})
		}
	}
	switch {
	case len(i.Participants) == 0:
		ds = append(ds, Detail{Field: "participants", Reason: "must name at least one entity"})
	case len(i.Participants) > MaxParticipants:
		ds = append(ds, Detail{Field: "participants", Reason: "at most " + strconv.Itoa(MaxParticipants) + " participants; log a crowd with count"})
	}
	if i.Count < 0 {
		ds = append(ds, Detail{Field: "count", Reason: "must not be negative"})
	}
	return invalid("interaction", i.ID, ds)
}

// CheckRefs checks that every participant is an entity, and that none is an
// issue. Each problem is a Detail on field "participants". A participant
// that lookup answers with an entity of another id (an alias id, see
// MergeStore) is rewritten to that id.
func (i *Interaction) CheckRefs(lookup Lookup) error {
	var ds []Detail
	for k, id := range i.Participants {
		e, ok, err := lookup(id)
		if ok && e.ID != id {
			i.Participants[k] = e.ID
		}
		switch {
		case err != nil:
			return err
		case !ok:
			ds = append(ds, Detail{Field: "participants", Reason: "unknown participant " + quote(id) + ": no entity has this id"})
		case e.Kind == KindIssue:
			ds = append(ds, Detail{Field: "participants", Reason: quote(id) + " is an issue, not a participant"})
		}
	}
	i.Participants = uniqueTrimmed(i.Participants)
	return invalid("interaction", i.ID, ds)
}

// InteractionQuery filters the organizing log. Zero values match everything.
type InteractionQuery struct {
	// Campaign keeps interactions of this campaign.
	Campaign string
	// Entity keeps interactions this entity took part in.
	Entity string
	// Since and Until bound the date, inclusive (YYYY-MM-DD).
	Since, Until string
	// Limit caps the result (the newest first); 0 means no cap.
	Limit int
}

// Match reports whether i passes the query's filters (not Limit).
func (q InteractionQuery) Match(i *Interaction) bool {
	if q.Campaign != "" && i.Campaign != q.Campaign {
		return false
	}
	if q.Since != "" && i.Date < q.Since {
		return false
	}
	if q.Until != "" && i.Date > q.Until {
		return false
	}
	if q.Entity != "" {
		for _, p := range i.Participants {
			if p == q.Entity {
				return true
			}
		}
		return false
	}
	return true
}

// NewestFirst orders interactions by date, newest first, then by id
// descending: the order of CampaignStore.Interactions.
func NewestFirst(a, b *Interaction) int {
	if a.Date != b.Date {
		return -strings.Compare(a.Date, b.Date)
	}
	return -strings.Compare(a.ID, b.ID)
}

// Week is an ISO 8601 week: weeks start on Monday, and week 1 holds the
// year's first Thursday.
type Week struct {
	Year int
	Num  int
}

// WeekOf returns the ISO week of t's date in t's location.
func WeekOf(t time.Time) Week {
	y, w := t.ISOWeek()
	return Week{y, w}
}

// ParseWeek reads "2026-W49" (case-insensitive). Anything else, or a week
// the year does not have, is Invalid on field "week".
func ParseWeek(s string) (Week, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := func() (Week, error) {
		reason := "must be an ISO week such as 2026-W49, got " + quote(s)
		return Week{}, &Error{Code: Invalid, Message: "week " + reason, Details: []Detail{{Field: "week", Reason: reason}}}
	}
	ys, ws, ok := strings.Cut(s, "-W")
	if !ok || len(ys) != 4 || len(ws) != 2 {
		return bad()
	}
	y, err1 := strconv.Atoi(ys)
	n, err2 := strconv.Atoi(ws)
	if err1 != nil || err2 != nil || n < 1 || n > 53 {
		return bad()
	}
	w := Week{y, n}
	if WeekOf(w.Start(time.UTC)) != w {
		return bad()
	}
	return w, nil
}

// String renders "2026-W49".
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

// IsZero reports whether w is the zero Week.
func (w Week) IsZero() bool { return w.Year == 0 && w.Num == 0 }

// Start returns Monday 00:00 of the week in loc (nil means UTC).
func (w Week) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	// January 4th is always in week 1.
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w.Num-1))
}

// Days returns the week's Monday and Sunday as YYYY-MM-DD.
func (w Week) Days() (monday, sunday string) {
	m := w.Start(time.UTC)
	return m.Format(time.DateOnly), m.AddDate(0, 0, 6).Format(time.DateOnly)
}

// Add returns the week n weeks later (earlier when n is negative).
func (w Week) Add(n int) Week { return WeekOf(w.Start(time.UTC).AddDate(0, 0, 7*n)) }

// MarshalText writes the week as "2026-W49".
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads "2026-W49".
func (w *Week) UnmarshalText(b []byte) error {
	v, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// TargetLead says how an outreach candidate leads to one target.
type TargetLead struct {
	Target   EntityRef    `json:"target"`
	Priority Priority     `json:"priority"`
	Status   TargetStatus `json:"status"`
	// Closeness is the candidate's personalized-PageRank closeness to the
	// target, relative to the target's closest other person (1).
	Closeness float64 `json:"closeness"`
	// How explains the tie in words: "works for Sen. Diaz".
	How string `json:"how"`
	// Campaign names the target's campaign in a list that merges several
	// campaigns; it is empty in a campaign's own list.
	Campaign string `json:"campaign,omitempty"`
}

// Messenger is which of our people should reach out, and how they reach.
type Messenger struct {
	Person EntityRef `json:"person"`
	// Constituent reports that the messenger lives in the district of a
	// target the candidate leads to.
	Constituent bool `json:"constituent"`
	// Speaker reports a client or member willing to speak (label speaker).
	Speaker bool `json:"speaker,omitempty"`
	// Path runs from the messenger to the person.
	Path Path `json:"path"`
	// Phone and Email reach a messenger of ours. They are added when a
	// list is read, for the reader, and are not part of a saved list.
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Action is a suggested next step.
type Action struct {
	Type InteractionType `json:"type"`
	Text string          `json:"text"`
	// Due is the day the step is due (YYYY-MM-DD), within the list's week
	// or, for an overdue follow-up, before it.
	Due string `json:"due"`
}

// Factor is one factor of an outreach score, for the explanation.
type Factor struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Note  string  `json:"note"`
}

// Label is the factor's name in words: "follow-up" for follow_up.
func (f Factor) Label() string { return strings.ReplaceAll(f.Name, "_", "-") }

// Outreach entry statuses.
const (
	OutreachNew             = "not_contacted"
	OutreachContacted       = "contacted"
	OutreachMetThisWeek     = "met_this_week"
	OutreachFollowUpDue     = "follow_up_due"
	OutreachFollowUpOverdue = "follow_up_overdue"
)

// OutreachStatusLabel says an outreach entry's status in words: "not
// contacted yet", "follow-up due".
func OutreachStatusLabel(status string) string {
	switch status {
	case OutreachNew:
		return "not contacted yet"
	case OutreachFollowUpDue:
		return "follow-up due"
	case OutreachFollowUpOverdue:
		return "follow-up overdue"
	}
	return strings.ReplaceAll(status, "_", " ")
}

// Outreach changes between two weeks' lists.
const (
	ChangeNew     = "new"
	ChangeUp      = "up"
	ChangeDown    = "down"
	ChangeSame    = "same"
	ChangeDropped = "dropped"
)

// OutreachEntry is one person of a weekly outreach list.
type OutreachEntry struct {
	Rank   int       `json:"rank"`
	Person EntityRef `json:"person"`
	// Role describes the person: "Chief of Staff to Sen. Diaz".
	Role  string       `json:"role"`
	Leads []TargetLead `json:"leads"`
	// Messenger is nil when none of our people can reach the person.
	Messenger   *Messenger `json:"messenger"`
	Action      Action     `json:"action"`
	LastContact string     `json:"last_contact,omitempty"`
	FollowUp    string     `json:"follow_up,omitempty"`
	Status      string     `json:"status"`
	Score       float64    `json:"score"`
	// Factors explain the score: it is their product.
	Factors []Factor `json:"factors"`
	// Change and PreviousRank compare with the previous week's list; they
	// are filled when lists are compared, not stored.
	Change       string `json:"change,omitempty"`
	PreviousRank int    `json:"previous_rank,omitempty"`
}

// AllCampaigns is the Campaign of a list that merges every active
// campaign's list.
const AllCampaigns = "*"

// OutreachList is a campaign's ranked outreach list for one ISO week, or
// (Campaign AllCampaigns) the merged list of every active campaign.
type OutreachList struct {
	Campaign string `json:"campaign"`
	// Week is the ISO week, "2026-W49".
	Week       string    `json:"week"`
	ComputedAt time.Time `json:"computed_at"`
	// GraphVersion is the store version the list was computed from.
	GraphVersion uint64          `json:"graph_version,omitempty"`
	Entries      []OutreachEntry `json:"entries"`
	// ComparedTo and Dropped are filled when the list is compared with an
	// earlier week's, not stored.
	ComparedTo string          `json:"compared_to,omitempty"`
	Dropped    []OutreachEntry `json:"dropped,omitempty"`
}

// Validate checks what a store needs of a list: a campaign and a week.
func (l *OutreachList) Validate() error {
	var ds []Detail
	if strings.TrimSpace(l.Campaign) == "" {
		ds = append(ds, Detail{Field: "campaign", Reason: "must not be empty"})
	}
	if _, err := ParseWeek(l.Week); err != nil {
		ds = append(ds, DetailsOf(err)...)
	}
	return invalid("outreach list", l.Campaign+" "+l.Week, ds)
}

// CampaignStore keeps campaigns, the organizing log, weekly outreach lists
// and the weekly job's last run. Both store backends implement it beside
// graph.Store, in the same database, and both pass the conformance cases in
// internal/store/storetest (RunCampaigns). None of it is part of the graph:
// it moves neither the graph's counts nor its version.
//
// Every method honours ctx and returns errors with a Code, as Store does.
//
// Each writing method takes audit entries describing the write, as
// graph.Batch.Audit does for the graph: it appends them to the audit log
// (see AccountStore) in the write's own transaction, prepared as AppendAudit
// prepares them, so that they commit with the write or not at all. An
// invalid entry fails the write as Invalid.
type CampaignStore interface {
	// CreateCampaign stores a new campaign. It is normalized and validated
	// (Invalid), and its references checked against the graph
	// (Campaign.CheckRefs); an id already present is a Conflict. It returns
	// the campaign as stored, CreatedAt and UpdatedAt set to now.
	CreateCampaign(ctx context.Context, c Campaign, audit ...AuditEntry) (Campaign, error)
	// UpdateCampaign replaces an existing campaign (NotFound otherwise),
	// checked as CreateCampaign does; CreatedAt is kept.
	UpdateCampaign(ctx context.Context, c Campaign, audit ...AuditEntry) (Campaign, error)
	// Campaign returns one campaign, or NotFound.
	Campaign(ctx context.Context, id string) (Campaign, error)
	// Campaigns lists every campaign, ordered by id.
	Campaigns(ctx context.Context) ([]Campaign, error)
	// DeleteCampaign deletes a campaign and its outreach lists; the
	// organizing log keeps its interactions. A missing id is NotFound.
	DeleteCampaign(ctx context.Context, id string, audit ...AuditEntry) error

	// LogInteraction adds an interaction to the organizing log. An empty id
	// is filled (NewInteractionID) and a zero CreatedAt set to now; it is
	// normalized and validated, its participants checked against the graph
	// (Interaction.CheckRefs) and its campaign, when set, must exist
	// (Invalid on field "campaign"). An id already present is a Conflict.
	LogInteraction(ctx context.Context, i Interaction, audit ...AuditEntry) (Interaction, error)
	// Interaction returns one interaction, or NotFound.
	Interaction(ctx context.Context, id string) (Interaction, error)
	// Interactions lists the log's entries that match q, newest first
	// (NewestFirst).
	Interactions(ctx context.Context, q InteractionQuery) ([]Interaction, error)
	// DeleteInteraction deletes one interaction; a missing id is NotFound.
	DeleteInteraction(ctx context.Context, id string, audit ...AuditEntry) error

	// SaveOutreach stores a campaign's list for its week, replacing any
	// list stored for that campaign and week. The campaign must exist
	// (NotFound). Change, PreviousRank, ComparedTo and Dropped are not
	// stored.
	SaveOutreach(ctx context.Context, l OutreachList, audit ...AuditEntry) error
	// Outreach returns the list stored for a campaign and an ISO week, or
	// NotFound.
	Outreach(ctx context.Context, campaign, week string) (OutreachList, error)
	// OutreachWeeks lists the weeks with a stored list for a campaign,
	// oldest first.
	OutreachWeeks(ctx context.Context, campaign string) ([]string, error)

	// LastRun returns when a named job last ran, or the zero time.
	LastRun(ctx context.Context, job string) (time.Time, error)
	// SetLastRun records when a named job ran.
	SetLastRun(ctx context.Context, job string, at time.Time) error
	// ClaimRun lets one of several processes sharing the store run a job's
	// scheduled instant at: it atomically claims the run for holder until
	// the time until, and reports whether it did. It claims nothing when
	// the job already ran for at or later, or when another holder's claim
	// on at is still live (until not yet passed at now); an expired claim,
	// left by a process that died mid-run, can be taken over.
	ClaimRun(ctx context.Context, job string, at time.Time, holder string, now, until time.Time) (bool, error)
}

// StripComparison returns a copy of l without the fields that comparing
// lists fills, as stores keep it.
func (l OutreachList) StripComparison() OutreachList {
	l.ComparedTo, l.Dropped = "", nil
	entries := make([]OutreachEntry, len(l.Entries))
	copy(entries, l.Entries)
	for i := range entries {
		entries[i].Change, entries[i].PreviousRank = "", 0
	}
	l.Entries = entries
	return l
}

// Alignment is written to JSON as a number or null.
var (
	_ json.Marshaler   = Alignment(0)
	_ json.Unmarshaler = (*Alignment)(nil)
)

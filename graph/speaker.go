package graph

import (
	"slices"
	"strings"
	"time"
)

// Speakers are people, most often clients of our agencies, who agreed to
// tell in public how the agency helped them. A speaker's consent is kept
// on their person entity, so that one entity write records it and every
// answer that knows speakers by their label follows at once:
//
//   - the label speaker (LabelSpeaker) is the mark of a consent in force;
//     the outreach list takes a client as a messenger only when labelled
//     speaker, and the legislator brief names speakers first;
//   - the properties named by the Prop* constants keep the consent's
//     scope, the day it was given, the day it was withdrawn, and the
//     story's topics (ids of issue entities).
//
// Consent.Apply writes both on an entity: recording a consent sets the
// label, withdrawing it removes the label and keeps the record of what was
// given and when it was withdrawn. A store writes an entity atomically, so a
// consent and the label never disagree after a write made through Apply.
// An entity labelled speaker with no recorded consent (labelled by hand or
// imported) is a speaker whose consent is not recorded.

// ConsentScope says where a speaker agreed to speak.
type ConsentScope string

// Consent scopes, from the widest.
const (
	// ScopePublic is consent to speak at events and to the press.
	ScopePublic ConsentScope = "public"
	// ScopeEvents is consent to speak at our events and meetings with
	// officials, never to the press.
	ScopeEvents ConsentScope = "events"
	// ScopeInternal is consent to speak inside the coalition only: at our
	// trainings, never in front of officials or the public.
	ScopeInternal ConsentScope = "internal"
)

// ConsentScopes lists the scopes, from the widest.
func ConsentScopes() []ConsentScope { return []ConsentScope{ScopePublic, ScopeEvents, ScopeInternal} }

// Valid reports whether s is a known scope.
func (s ConsentScope) Valid() bool { return slices.Contains(ConsentScopes(), s) }

// Label reads the scope in words: "events and press".
func (s ConsentScope) Label() string {
	switch s {
	case ScopePublic:
		return "events and press"
	case ScopeEvents:
		return "events only"
	case ScopeInternal:
		return "internal only"
	}
	return string(s)
}

// AllowsEvent reports whether a speaker of scope s may speak at an event
// of type t: an internal speaker only at a training, the others at every
// event.
func (s ConsentScope) AllowsEvent(t EventType) bool {
	switch s {
	case ScopePublic, ScopeEvents:
		return true
	case ScopeInternal:
		return t == EventTraining
	}
	return false
}

// AllowsOfficials reports whether a speaker of scope s may tell their
// story to an official.
func (s ConsentScope) AllowsOfficials() bool { return s == ScopePublic || s == ScopeEvents }

const consentScopeNames = "public (events and press), events (events only), internal (internal only)"

// ParseConsentScope accepts a scope's name or its words in any case
// ("events and press", "events only", "internal only", "press"). An
// unknown one is Invalid on field "scope".
func ParseConsentScope(s string) (ConsentScope, error) {
	norm := strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(s))), " ")
	switch norm {
	case "public", "events and press", "events & press", "press":
		return ScopePublic, nil
	case "events", "events only", "event":
		return ScopeEvents, nil
	case "internal", "internal only":
		return ScopeInternal, nil
	}
	reason := "unknown consent scope " + quote(clip(s)) + "; allowed: " + consentScopeNames
	return "", &Error{Code: Invalid, Message: "scope " + reason, Details: []Detail{{Field: "scope", Reason: reason}}}
}

// The properties that keep a consent on a person entity.
const (
	PropConsentScope     = "speaker_scope"     // a ConsentScope
	PropConsentDate      = "speaker_consent"   // YYYY-MM-DD, the day it was given
	PropConsentWithdrawn = "speaker_withdrawn" // YYYY-MM-DD, empty while in force
	PropConsentTopics    = "speaker_topics"    // issue ids, comma-separated
)

// Consent is a speaker's consent to speak in public, as recorded.
type Consent struct {
	Scope ConsentScope `json:"scope"`
	// Date is the day the consent was given (YYYY-MM-DD).
	Date string `json:"date"`
	// Withdrawn is the day it was withdrawn (YYYY-MM-DD); empty while it
	// is in force.
	Withdrawn string `json:"withdrawn,omitempty"`
	// Topics are the ids of the issue entities the speaker's story is
	// about, sorted.
	Topics []string `json:"topics"`
}

// InForce reports whether the consent was given and not withdrawn.
func (c *Consent) InForce() bool { return c.Date != "" && c.Withdrawn == "" }

// Normalize trims the consent, lower-cases its scope and sorts its topics
// without duplicates.
func (c *Consent) Normalize() {
	c.Scope = ConsentScope(strings.ToLower(strings.TrimSpace(string(c.Scope))))
	c.Date = strings.TrimSpace(c.Date)
	c.Withdrawn = strings.TrimSpace(c.Withdrawn)
	c.Topics = uniqueTrimmed(c.Topics)
	slices.Sort(c.Topics)
	if c.Topics == nil {
		c.Topics = []string{}
	}
}

// Validate checks a normalized consent: a known scope, a day for Date, a
// day on or after it for Withdrawn, and topic ids that fit in a property.
// It does not check that the topics are issues of the map. Problems come
// back as one Invalid *Error, each Detail naming the field.
func (c *Consent) Validate() error {
	var ds []Detail
	if !c.Scope.Valid() {
		ds = append(ds, Detail{Field: "scope", Reason: "unknown consent scope " + quote(clip(string(c.Scope))) + "; allowed: " + consentScopeNames})
	}
	n := len(ds)
	ds = checkDay(ds, "date", c.Date, true)
	ds = checkDay(ds, "withdrawn", c.Withdrawn, false)
	if len(ds) == n && c.Withdrawn != "" && c.Withdrawn < c.Date {
		ds = append(ds, Detail{Field: "withdrawn", Reason: "must not be before the consent's date " + c.Date})
	}
	for _, t := range c.Topics {
		if strings.Contains(t, ",") {
			ds = append(ds, Detail{Field: "topics", Reason: "an issue id must not contain a comma: " + quote(clip(t))})
		}
	}
	ds = checkTexts(ds, "topics", c.Topics, MaxIDBytes)
	return invalid("consent", "", ds)
}

// checkDay appends a Detail for field unless s is a YYYY-MM-DD day (or
// empty, when not required).
func checkDay(ds []Detail, field, s string, required bool) []Detail {
	if s == "" {
		if required {
			return append(ds, Detail{Field: field, Reason: "must be a day (YYYY-MM-DD)"})
		}
		return ds
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return append(ds, Detail{Field: field, Reason: "must be a day (YYYY-MM-DD), got " + quote(clip(s))})
	}
	return ds
}

// ConsentOf reads the consent recorded on e, and false when none is.
func ConsentOf(e *Entity) (Consent, bool) {
	date := e.Props[PropConsentDate]
	if date == "" {
		return Consent{Topics: []string{}}, false
	}
	c := Consent{Scope: ConsentScope(e.Props[PropConsentScope]), Date: date, Withdrawn: e.Props[PropConsentWithdrawn]}
	if t := e.Props[PropConsentTopics]; t != "" {
		c.Topics = strings.Split(t, ",")
	}
	c.Normalize()
	return c, true
}

// Apply writes consent c on e: its properties, and the label speaker when
// c is in force or no label when it is withdrawn. It does not validate c.
func (c *Consent) Apply(e *Entity) {
	props := make(map[string]string, len(e.Props)+4)
	for k, v := range e.Props {
		props[k] = v
	}
	props[PropConsentScope] = string(c.Scope)
	props[PropConsentDate] = c.Date
	if c.Withdrawn != "" {
		props[PropConsentWithdrawn] = c.Withdrawn
	} else {
		delete(props, PropConsentWithdrawn)
	}
	if len(c.Topics) > 0 {
		props[PropConsentTopics] = strings.Join(c.Topics, ",")
	} else {
		delete(props, PropConsentTopics)
	}
	e.Props = props
	e.Labels = slices.DeleteFunc(slices.Clone(e.Labels), func(l string) bool { return l == LabelSpeaker })
	if c.InForce() {
		e.Labels = append(e.Labels, LabelSpeaker)
	}
	e.Normalize()
}

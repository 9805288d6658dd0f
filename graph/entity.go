package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind is the kind of an entity.
type Kind string

// Entity kinds. An official is a person who holds office. A donor is a person
// or, when its OrgType is set, an organization (a PAC, a company). An issue
// is a policy topic that entities take stances on (SUPPORTS, OPPOSES); it is
// not a party to ties and takes part in no path or ranking.
const (
	KindPerson       Kind = "person"
	KindOfficial     Kind = "official"
	KindDonor        Kind = "donor"
	KindOrganization Kind = "organization"
	KindIssue        Kind = "issue"
)

// Kinds lists the entity kinds in a fixed order.
func Kinds() []Kind {
	return []Kind{KindPerson, KindOfficial, KindDonor, KindOrganization, KindIssue}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	switch k {
	case KindPerson, KindOfficial, KindDonor, KindOrganization, KindIssue:
		return true
	}
	return false
}

const allowedKinds = "person, official, donor, organization, issue"

// ParseKind accepts a kind in any case. An unknown kind is an Invalid error.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if !k.Valid() {
		reason := "unknown kind " + quote(clip(s)) + "; allowed: " + allowedKinds
		return "", &Error{Code: Invalid, Message: reason, Details: []Detail{{Field: "kind", Reason: reason}}}
	}
	return k, nil
}

// Well-known labels. Labels are free-form lower-case words; these ones have
// meaning to powermap.
const (
	LabelClient  = "client"  // a client of our agencies: private by default
	LabelSpeaker = "speaker" // a client or member willing to speak in public
	LabelStaff   = "staff"
	LabelBoard   = "board"
)

// Entity is a node of the power map: a person, an official, a donor or an
// organization.
type Entity struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
	// Labels are extra roles: staff, client, board, clergy, business...
	Labels []string `json:"labels,omitempty"`
	// Ours marks people and organizations of our own coalition.
	Ours bool `json:"ours"`
	// Private entities are visible only to editors and admins. Entities
	// labelled client are private whatever this field says.
	Private bool `json:"private,omitempty"`

	Title     string `json:"title,omitempty"`
	Party     string `json:"party,omitempty"`
	Chamber   string `json:"chamber,omitempty"`
	District  string `json:"district,omitempty"`
	OrgType   string `json:"org_type,omitempty"`
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Notes     string `json:"notes,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
	// Aliases are other names the entity is known by; search covers them.
	Aliases []string `json:"aliases,omitempty"`
	// Props holds any other properties, as text.
	Props map[string]string `json:"props,omitempty"`
}

// IsOrganization reports whether the entity is an organization: kind
// organization, or a donor with an OrgType.
func (e *Entity) IsOrganization() bool {
	return e.Kind == KindOrganization || (e.Kind == KindDonor && e.OrgType != "")
}

// IsPrivate reports whether the entity is hidden from viewers and exports.
func (e *Entity) IsPrivate() bool { return e.Private || e.HasLabel(LabelClient) }

// HasLabel reports whether the entity carries label l.
func (e *Entity) HasLabel(l string) bool {
	for _, x := range e.Labels {
		if x == l {
			return true
		}
	}
	return false
}

// Normalize puts the entity in canonical form: trimmed text, lower-case
// sorted unique labels, unique aliases in their given order, tidy
// identifier properties (see Identifiers), and nil instead of empty
// collections. Validate and Revision expect a normalized entity;
// stores normalize before writing.
func (e *Entity) Normalize() {
	e.ID = strings.TrimSpace(e.ID)
	e.Name = strings.TrimSpace(e.Name)
	e.Kind = Kind(strings.ToLower(strings.TrimSpace(string(e.Kind))))
	for _, f := range []*string{&e.Title, &e.Party, &e.Chamber, &e.District, &e.OrgType, &e.Email, &e.Phone, &e.SourceURL} {
		*f = strings.TrimSpace(*f)
	}
	e.Labels = normalizeLabels(e.Labels)
	e.Aliases = uniqueTrimmed(e.Aliases)
	e.normalizeIdentifiers()
	if len(e.Props) == 0 {
		e.Props = nil
	}
}

func normalizeLabels(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

func uniqueTrimmed(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Validate checks a normalized entity. Problems come back as one Invalid
// *Error with a Detail per field.
func (e *Entity) Validate() error {
	var ds []Detail
	if e.ID == "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	}
	if e.Name == "" {
		ds = append(ds, Detail{Field: "name", Reason: "must not be empty"})
	}
	if !e.Kind.Valid() {
		ds = append(ds, Detail{Field: "kind", Reason: "unknown kind " + quote(clip(string(e.Kind))) + "; allowed: " + allowedKinds})
	}
	ds = checkText(ds, "id", e.ID, MaxIDBytes, oneLine)
	ds = checkText(ds, "name", e.Name, MaxNameBytes, oneLine)
	ds = checkTexts(ds, "labels", e.Labels, MaxWordBytes)
	ds = checkTexts(ds, "aliases", e.Aliases, MaxNameBytes)
	ds = checkText(ds, "title", e.Title, MaxNameBytes, oneLine)
	for _, f := range []struct{ name, value string }{{"party", e.Party}, {"chamber", e.Chamber}, {"district", e.District},
		{"org_type", e.OrgType}, {"email", e.Email}, {"phone", e.Phone}} {
		ds = checkText(ds, f.name, f.value, MaxWordBytes, oneLine)
	}
	ds = checkText(ds, "notes", e.Notes, MaxNotesBytes, multiLine)
	ds = checkURL(ds, "source_url", e.SourceURL)
	ds = checkProps(ds, e.Props)
	ds = checkIdentifiers(ds, e)
	return invalid("entity", e.ID, ds)
}

// Revision is a content hash of the normalized entity. It is the ETag of the
// entity, and lets stores tell an unchanged upsert from an update.
func (e *Entity) Revision() string { return revision(e) }

// Relationship is a typed, dated tie between two entities.
type Relationship struct {
	ID     string  `json:"id"`
	Source string  `json:"source"`
	Target string  `json:"target"`
	Type   RelType `json:"type"`
	// Strength is in (0,1]. Zero on input means the type's default.
	Strength float64 `json:"strength"`
	// Since and Until are dates (YYYY, YYYY-MM or YYYY-MM-DD). An empty Until
	// means the tie is current.
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
	// Amount is money given, for DONATED_TO; Date is when (the latest gift
	// when gifts are aggregated).
	Amount    float64           `json:"amount,omitempty"`
	Date      string            `json:"date,omitempty"`
	SourceURL string            `json:"source_url,omitempty"`
	Notes     string            `json:"notes,omitempty"`
	Props     map[string]string `json:"props,omitempty"`
}

// DefaultRelationshipID derives a stable id for a relationship that has none:
// TYPE:source>target, or TYPE:a~b with a<b for symmetric types, so that the
// same tie imported twice, or from either end, has the same id. Validate
// keeps ids that begin with a type and a colon for these derived ids.
func DefaultRelationshipID(source, target string, t RelType) string {
	if info, ok := t.Info(); ok && info.Symmetric {
		if target < source {
			source, target = target, source
		}
		return string(t) + ":" + source + "~" + target
	}
	return string(t) + ":" + source + ">" + target
}

// Normalize puts the relationship in canonical form: trimmed text, an
// upper-case type, the type's default strength when none is given, and a
// derived id when none is given.
func (r *Relationship) Normalize() {
	r.Source = strings.TrimSpace(r.Source)
	r.Target = strings.TrimSpace(r.Target)
	r.Type = RelType(strings.ToUpper(strings.TrimSpace(string(r.Type))))
	r.Since = strings.TrimSpace(r.Since)
	r.Until = strings.TrimSpace(r.Until)
	r.Date = strings.TrimSpace(r.Date)
	r.SourceURL = strings.TrimSpace(r.SourceURL)
	r.ID = strings.TrimSpace(r.ID)
	if info, ok := r.Type.Info(); ok && r.Strength == 0 {
		r.Strength = info.DefaultStrength
	}
	if r.ID == "" && r.Source != "" && r.Target != "" && r.Type != "" {
		r.ID = DefaultRelationshipID(r.Source, r.Target, r.Type)
	}
	if len(r.Props) == 0 {
		r.Props = nil
	}
}

// Validate checks a normalized relationship. It does not check that the
// endpoints exist; stores do that.
func (r *Relationship) Validate() error {
	var ds []Detail
	if r.ID == "" && r.Source != "" && r.Target != "" {
		ds = append(ds, Detail{Field: "id", Reason: "must not be empty"})
	}
	if r.Source == "" {
		ds = append(ds, Detail{Field: "source", Reason: "must not be empty"})
	}
	if r.Target == "" {
		ds = append(ds, Detail{Field: "target", Reason: "must not be empty"})
	}
	if r.Source != "" && r.Source == r.Target {
		ds = append(ds, Detail{Field: "target", Reason: "a relationship cannot join an entity to itself"})
	}
	if !r.Type.Valid() {
		ds = append(ds, Detail{Field: "type", Reason: unknownTypeReason(string(r.Type))})
	}
	if !(r.Strength > 0 && r.Strength <= 1) {
		ds = append(ds, Detail{Field: "strength", Reason: "must be in (0,1], got " + strconv.FormatFloat(r.Strength, 'g', -1, 64)})
	}
	switch {
	case math.IsNaN(r.Amount) || math.IsInf(r.Amount, 0):
		ds = append(ds, Detail{Field: "amount", Reason: "must be a finite number"})
	case r.Amount < 0:
		ds = append(ds, Detail{Field: "amount", Reason: "must not be negative"})
	}
	since, errSince := ParseDate(r.Since)
	if errSince != nil {
		ds = append(ds, Detail{Field: "since", Reason: errSince.Error()})
	}
	until, errUntil := ParseDate(r.Until)
	if errUntil != nil {
		ds = append(ds, Detail{Field: "until", Reason: errUntil.Error()})
	}
	if _, err := ParseDate(r.Date); err != nil {
		ds = append(ds, Detail{Field: "date", Reason: err.Error()})
	}
	if errSince == nil && errUntil == nil && !since.IsZero() && !until.IsZero() && until.End().Before(since.Start()) {
		ds = append(ds, Detail{Field: "until", Reason: "must not be before since (" + r.Since + ")"})
	}
	ds = checkText(ds, "id", r.ID, MaxRelationshipIDBytes, oneLine)
	if reason := r.idReason(); reason != "" {
		ds = append(ds, Detail{Field: "id", Reason: reason})
	}
	ds = checkText(ds, "source", r.Source, MaxIDBytes, oneLine)
	ds = checkText(ds, "target", r.Target, MaxIDBytes, oneLine)
	ds = checkText(ds, "notes", r.Notes, MaxNotesBytes, multiLine)
	ds = checkURL(ds, "source_url", r.SourceURL)
	ds = checkProps(ds, r.Props)
	return invalid("relationship", r.ID, ds)
}

// idReason refuses an id that reads as the derived id of another tie, so
// that a tie imported later without an id cannot land on this one. Ids that
// begin with a vocabulary type and a colon ("KNOWS:") are kept for
// DefaultRelationshipID: such an id must be the relationship's own derived
// id, alone or followed by "/" and a qualifier (the FEC importer's
// "/<cycle>"). A qualified id still reads as the derived id of a tie to an
// entity whose id ends in "/<qualifier>"; that is the one collision left.
func (r *Relationship) idReason() string {
	t, _, ok := strings.Cut(r.ID, ":")
	if !ok || !RelType(t).Valid() || r.Source == "" || r.Target == "" || !r.Type.Valid() {
		return ""
	}
	own := DefaultRelationshipID(r.Source, r.Target, r.Type)
	if r.ID == own || strings.HasPrefix(r.ID, own+"/") {
		return ""
	}
	return "ids that begin with a relationship type and a colon are derived from the type, source and target; " +
		"this one would be " + quote(clip(own)) + " (or leave the id empty)"
}

// Revision is a content hash of the normalized relationship.
func (r *Relationship) Revision() string { return revision(r) }

// Other returns the endpoint of r that is not id.
func (r *Relationship) Other(id string) string {
	if r.Source == id {
		return r.Target
	}
	return r.Source
}

func revision(v any) string {
	// encoding/json writes struct fields in order and map keys sorted, so
	// the encoding of a normalized value is canonical.
	b, err := json.Marshal(v)
	if err != nil {
		panic("graph: revision: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

func invalid(what, id string, ds []Detail) error {
	if len(ds) == 0 {
		return nil
	}
	id = clip(id)
	for i := range ds {
		ds[i].Record = id
	}
	msg := "invalid " + what
	if id != "" {
		msg += " " + quote(id)
	}
	msg += ": " + ds[0].Field + " " + ds[0].Reason
	return &Error{Code: Invalid, Message: msg, Details: ds}
}

func quote(s string) string { return strconv.Quote(s) }

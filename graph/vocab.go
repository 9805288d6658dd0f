package graph

import (
	"sort"
	"strings"
)

// RelType is a relationship type from the vocabulary, such as KNOWS.
type RelType string

// The relationship vocabulary. Types outside it are refused.
const (
	Knows         RelType = "KNOWS"
	FriendOf      RelType = "FRIEND_OF"
	FamilyOf      RelType = "FAMILY_OF"
	ColleagueOf   RelType = "COLLEAGUE_OF"
	WorksFor      RelType = "WORKS_FOR"
	Advises       RelType = "ADVISES"
	MemberOf      RelType = "MEMBER_OF"
	BoardOf       RelType = "BOARD_OF"
	Leads         RelType = "LEADS"
	ClientOf      RelType = "CLIENT_OF"
	VolunteersFor RelType = "VOLUNTEERS_FOR"
	DonatedTo     RelType = "DONATED_TO"
	ServesOn      RelType = "SERVES_ON"
	Represents    RelType = "REPRESENTS"
	Lobbies       RelType = "LOBBIES"
	Supports      RelType = "SUPPORTS"
	Opposes       RelType = "OPPOSES"
)

// TypeInfo describes one relationship type.
type TypeInfo struct {
	Type RelType `json:"type"`
	// Symmetric types (KNOWS) have no direction; the others point from the
	// one who works, gives or belongs to the one who is worked for, given to
	// or belonged to.
	Symmetric bool `json:"symmetric"`
	// DefaultStrength is used when a relationship gives no strength.
	DefaultStrength float64 `json:"default_strength"`
	// Introduces reports whether a tie of this type can carry an
	// introduction, and so take part in introduction paths.
	Introduces bool `json:"introduces"`
	// Stance types (SUPPORTS, OPPOSES) record a position on an issue; they
	// are not ties between people and take part in no graph analysis.
	Stance bool `json:"stance"`
	// Label is a short phrase for explanations: "works for".
	Label string `json:"label"`
	// Verb and Inverse read a tie as a sentence, from its source to its
	// target ("Ana works for the Coalition") and back ("the Coalition
	// employs Ana"); see RelType.Phrase.
	Verb    string `json:"verb"`
	Inverse string `json:"inverse"`
}

var vocabulary = []TypeInfo{
	{Type: Knows, Symmetric: true, DefaultStrength: 0.5, Introduces: true, Label: "knows", Verb: "knows", Inverse: "knows"},
	{Type: FriendOf, Symmetric: true, DefaultStrength: 0.7, Introduces: true, Label: "friend of", Verb: "is a friend of", Inverse: "is a friend of"},
	{Type: FamilyOf, Symmetric: true, DefaultStrength: 0.9, Introduces: true, Label: "family of", Verb: "is family of", Inverse: "is family of"},
	{Type: ColleagueOf, Symmetric: true, DefaultStrength: 0.5, Introduces: true, Label: "colleague of", Verb: "is a colleague of", Inverse: "is a colleague of"},
	{Type: WorksFor, DefaultStrength: 0.7, Introduces: true, Label: "works for", Verb: "works for", Inverse: "employs"},
	{Type: Advises, DefaultStrength: 0.6, Introduces: true, Label: "advises", Verb: "advises", Inverse: "is advised by"},
	{Type: MemberOf, DefaultStrength: 0.4, Introduces: true, Label: "member of", Verb: "is a member of", Inverse: "has as a member"},
	{Type: BoardOf, DefaultStrength: 0.6, Introduces: true, Label: "on the board of", Verb: "is on the board of", Inverse: "has on its board"},
	{Type: Leads, DefaultStrength: 0.8, Introduces: true, Label: "leads", Verb: "leads", Inverse: "is led by"},
	{Type: ClientOf, DefaultStrength: 0.4, Introduces: true, Label: "client of", Verb: "is a client of", Inverse: "serves"},
	{Type: VolunteersFor, DefaultStrength: 0.4, Introduces: true, Label: "volunteers for", Verb: "volunteers for", Inverse: "has as a volunteer"},
	{Type: DonatedTo, DefaultStrength: 0.2, Introduces: false, Label: "donated to", Verb: "donated to", Inverse: "received a donation from"},
	{Type: ServesOn, DefaultStrength: 0.5, Introduces: true, Label: "serves on", Verb: "serves on", Inverse: "has as a member"},
	{Type: Represents, DefaultStrength: 0.3, Introduces: false, Label: "represents", Verb: "represents", Inverse: "is represented by"},
	{Type: Lobbies, DefaultStrength: 0.4, Introduces: true, Label: "lobbies", Verb: "lobbies", Inverse: "is lobbied by"},
	{Type: Supports, DefaultStrength: 0.5, Stance: true, Label: "supports", Verb: "supports", Inverse: "is supported by"},
	{Type: Opposes, DefaultStrength: 0.5, Stance: true, Label: "opposes", Verb: "opposes", Inverse: "is opposed by"},
}

var vocabIndex = func() map[RelType]TypeInfo {
	m := make(map[RelType]TypeInfo, len(vocabulary))
	for _, t := range vocabulary {
		m[t.Type] = t
	}
	return m
}()

// Phrase is how a tie of type t reads as a verb between its two ends: from
// its source to its target ("works for", "is a friend of"), or, when
// reverse, from its target back to its source ("employs"). Symmetric types
// read the same both ways. A type outside the vocabulary reads as its name
// in lower case.
func (t RelType) Phrase(reverse bool) string {
	info, ok := vocabIndex[t]
	switch {
	case !ok:
		return strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
	case reverse:
		return info.Inverse
	}
	return info.Verb
}

// Types returns the vocabulary in a fixed order. The slice is a copy.
func Types() []TypeInfo { return append([]TypeInfo(nil), vocabulary...) }

// TypeNames returns the vocabulary's type names, sorted.
func TypeNames() []string {
	out := make([]string, len(vocabulary))
	for i, t := range vocabulary {
		out[i] = string(t.Type)
	}
	sort.Strings(out)
	return out
}

// Info returns the description of t, and false when t is not in the
// vocabulary.
func (t RelType) Info() (TypeInfo, bool) {
	info, ok := vocabIndex[t]
	return info, ok
}

// Valid reports whether t is in the vocabulary.
func (t RelType) Valid() bool { _, ok := vocabIndex[t]; return ok }

// ParseRelType accepts a type name in any case, with spaces or dashes for
// underscores ("friend of" is FRIEND_OF). An unknown name is an Invalid error
// that lists the allowed types.
func ParseRelType(s string) (RelType, error) {
	norm := strings.ToUpper(strings.TrimSpace(s))
	norm = strings.NewReplacer(" ", "_", "-", "_").Replace(norm)
	t := RelType(norm)
	if !t.Valid() {
		return "", &Error{Code: Invalid, Message: unknownTypeReason(s), Details: []Detail{{Field: "type", Reason: unknownTypeReason(s)}}}
	}
	return t, nil
}

func unknownTypeReason(s string) string {
	return "unknown relationship type " + quote(clip(s)) + "; allowed: " + strings.Join(TypeNames(), ", ")
}

// ParseRelTypes parses a comma-separated list of types; an empty string gives
// nil.
func ParseRelTypes(s string) ([]RelType, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []RelType
	for _, part := range strings.Split(s, ",") {
		t, err := ParseRelType(part)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

package graph

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Scheme names a system of external identifiers: "bioguide" for the
// Biographical Directory of the US Congress, "fec" for the Federal Election
// Commission, "ocd-person" for Open States. Scheme names are lower case.
type Scheme string

// Identifier schemes powermap knows. Importers record every identifier they
// see, known scheme or not; only the known strong schemes link records.
const (
	SchemeBioguide        Scheme = "bioguide"         // Congress's Bioguide id: S001217
	SchemeFEC             Scheme = "fec"              // FEC candidate (H8IL09067) or committee (C00012345) id
	SchemeOpenSecrets     Scheme = "opensecrets"      // OpenSecrets (CRP) id: N00043290
	SchemeVoteSmart       Scheme = "votesmart"        // Vote Smart candidate id
	SchemeWikidata        Scheme = "wikidata"         // Wikidata item: Q439729
	SchemeOCDPerson       Scheme = "ocd-person"       // Open States person: ocd-person/<uuid>
	SchemeOCDOrganization Scheme = "ocd-organization" // Open States organization: ocd-organization/<uuid>
	SchemeLittleSis       Scheme = "littlesis"        // LittleSis entity id
	SchemeGovTrack        Scheme = "govtrack"         // GovTrack person id
	SchemeThomas          Scheme = "thomas"           // THOMAS (congress.gov) member id
	SchemeICPSR           Scheme = "icpsr"            // ICPSR member id (a new one after a party switch)
	SchemeLIS             Scheme = "lis"              // Senate LIS member id
	SchemeCSPAN           Scheme = "cspan"
	SchemeMapLight        Scheme = "maplight"
	SchemeHouseHistory    Scheme = "house_history"
	SchemePictorial       Scheme = "pictorial"
	SchemeGoogleEntity    Scheme = "google_entity_id"
	SchemeWikipedia       Scheme = "wikipedia" // a page title
	SchemeBallotpedia     Scheme = "ballotpedia"
)

// SchemeInfo describes a known scheme.
type SchemeInfo struct {
	Scheme Scheme
	// Strong: one value names at most one real person or organization, so
	// two records carrying the same value are the same entity. Importers
	// merge records on strong identifiers (see package format).
	Strong bool
	// Single: an entity has at most one value. Two different values of a
	// single scheme on one entity would be a false merge, so records that
	// carry them are never merged.
	Single bool
}

var schemes = []SchemeInfo{
	{SchemeBioguide, true, true},
	{SchemeFEC, true, false}, // a person runs for House and Senate under two ids
	{SchemeOpenSecrets, true, true},
	{SchemeVoteSmart, true, true},
	{SchemeWikidata, true, true},
	{SchemeOCDPerson, true, true},
	{SchemeOCDOrganization, true, true},
	{SchemeLittleSis, true, true},
	{SchemeGovTrack, true, true},
	{SchemeThomas, true, true},
	{SchemeICPSR, true, false},
	{SchemeLIS, true, true},
	// Known, kept, but not matched on: page titles change and are reused,
	// and the others are seldom the only id two sources share.
	{SchemeCSPAN, false, false},
	{SchemeMapLight, false, false},
	{SchemeHouseHistory, false, false},
	{SchemePictorial, false, false},
	{SchemeGoogleEntity, false, false},
	{SchemeWikipedia, false, false},
	{SchemeBallotpedia, false, false},
}

// Schemes lists the known schemes, strong ones first.
func Schemes() []SchemeInfo { return slices.Clone(schemes) }

// Info describes s; ok is false for a scheme powermap does not know, which
// is weak.
func (s Scheme) Info() (SchemeInfo, bool) {
	for _, x := range schemes {
		if x.Scheme == s {
			return x, true
		}
	}
	return SchemeInfo{Scheme: s}, false
}

// Strong reports whether s is a known strong scheme.
func (s Scheme) Strong() bool { info, _ := s.Info(); return info.Strong }

// Single reports whether an entity has at most one value of s.
func (s Scheme) Single() bool { info, _ := s.Info(); return info.Single }

// Identifier is one external identifier: a scheme and a value.
type Identifier struct {
	Scheme Scheme `json:"scheme"`
	Value  string `json:"value"`
}

// String writes the identifier as a reference, "scheme:value"
// ("bioguide:S001217"), except that an Open States id is its own reference
// ("ocd-person/…").
func (id Identifier) String() string {
	if (id.Scheme == SchemeOCDPerson || id.Scheme == SchemeOCDOrganization) && strings.HasPrefix(id.Value, string(id.Scheme)+"/") {
		return id.Value
	}
	return string(id.Scheme) + ":" + id.Value
}

// Strong reports whether the identifier's scheme is strong.
func (id Identifier) Strong() bool { return id.Scheme.Strong() }

// ParseIdentifierRef reads a reference to an entity by a strong
// identifier, as Identifier.String writes it: "bioguide:S001217",
// "fec:H8IL09067", "littlesis:1234", "ocd-person/<uuid>". It returns false
// for anything else, weak schemes included. Imports resolve a relationship
// end that names no entity id through it.
func ParseIdentifierRef(ref string) (Identifier, bool) {
	for _, s := range []Scheme{SchemeOCDPerson, SchemeOCDOrganization} {
		if strings.HasPrefix(ref, string(s)+"/") && len(ref) > len(s)+1 {
			return Identifier{Scheme: s, Value: ref}, true
		}
	}
	scheme, value, ok := strings.Cut(ref, ":")
	if !ok || value == "" || !Scheme(scheme).Strong() {
		return Identifier{}, false
	}
	id := Identifier{Scheme: Scheme(scheme), Value: value}
	if id.Value = canonicalValue(id.Scheme, value); id.Value == "" || identifierReason(id) != "" {
		return Identifier{}, false
	}
	return id, true
}

// IdentifierPrefix begins the property that holds an entity's identifiers
// of one scheme: Props["id.bioguide"] = "S001217".
const IdentifierPrefix = "id."

// IdentifierSeparator separates the values of one scheme in its property:
// Props["id.fec"] = "H8IL09067|S0IL00204". A value never contains it.
const IdentifierSeparator = "|"

// IdentifierProp is the property that holds the identifiers of scheme s.
func IdentifierProp(s Scheme) string { return IdentifierPrefix + string(s) }

// Identifiers lists every identifier the entity carries: for each property
// "id.<scheme>" of Props, each of its values separated by "|". They come
// sorted by scheme, values in the order the property holds them.
//
// This is the one place identifiers live on an Entity: importers add them
// with AddIdentifier, Normalize tidies them (trimmed, unique, no empty
// value, upper case for the schemes whose ids are), Validate refuses a
// strong value with spaces, control characters or "|", and stores index the
// strong ones for LookupIdentifiers.
func (e *Entity) Identifiers() []Identifier {
	var out []Identifier
	for k, v := range e.Props {
		s, ok := strings.CutPrefix(k, IdentifierPrefix)
		if !ok || s == "" {
			continue
		}
		for _, x := range strings.Split(v, IdentifierSeparator) {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, Identifier{Scheme: Scheme(s), Value: x})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Scheme < out[j].Scheme })
	return out
}

// StrongIdentifiers lists the identifiers of strong schemes, as
// Identifiers orders them.
func (e *Entity) StrongIdentifiers() []Identifier {
	var out []Identifier
	for _, id := range e.Identifiers() {
		if id.Strong() {
			out = append(out, id)
		}
	}
	return out
}

// IdentifierValues lists the values of scheme s the entity carries.
func (e *Entity) IdentifierValues(s Scheme) []string {
	return splitValues(e.Props[IdentifierProp(s)])
}

// AddIdentifier adds value to the entity's identifiers of scheme s, after
// those already there; an empty value, or one already there, changes
// nothing. A value holding "|" is split into several.
func (e *Entity) AddIdentifier(s Scheme, value string) {
	s = Scheme(strings.ToLower(strings.TrimSpace(string(s))))
	if s == "" {
		return
	}
	k := IdentifierProp(s)
	vals := splitValues(e.Props[k])
	for _, v := range splitValues(value) {
		if v = canonicalValue(s, v); v != "" && !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return
	}
	if e.Props == nil {
		e.Props = map[string]string{}
	}
	e.Props[k] = strings.Join(vals, IdentifierSeparator)
}

// normalizeIdentifiers tidies the identifier properties: see Identifiers.
func (e *Entity) normalizeIdentifiers() {
	for k, v := range e.Props {
		s, ok := strings.CutPrefix(k, IdentifierPrefix)
		if !ok || s == "" {
			continue
		}
		var vals []string
		for _, x := range splitValues(v) {
			if x = canonicalValue(Scheme(s), x); x != "" && !slices.Contains(vals, x) {
				vals = append(vals, x)
			}
		}
		if len(vals) == 0 {
			delete(e.Props, k)
			continue
		}
		e.Props[k] = strings.Join(vals, IdentifierSeparator)
	}
}

// checkIdentifiers refuses strong identifier values that could not be
// matched exactly, and a second value of a single scheme.
func checkIdentifiers(ds []Detail, e *Entity) []Detail {
	seen := map[Scheme]bool{}
	for _, id := range e.Identifiers() {
		if !id.Strong() {
			continue
		}
		field := "props." + IdentifierProp(id.Scheme)
		if reason := identifierReason(id); reason != "" {
			ds = append(ds, Detail{Field: field, Reason: reason})
			continue
		}
		if id.Scheme.Single() && seen[id.Scheme] {
			ds = append(ds, Detail{Field: field, Reason: "an entity has at most one " + string(id.Scheme) + " id, got " + quote(clip(e.Props[IdentifierProp(id.Scheme)]))})
		}
		seen[id.Scheme] = true
	}
	return ds
}

// MaxIdentifierBytes caps a strong identifier's value.
const MaxIdentifierBytes = 128

func identifierReason(id Identifier) string {
	if len(id.Value) > MaxIdentifierBytes {
		return "an identifier is at most 128 bytes"
	}
	if strings.IndexFunc(id.Value, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "identifier " + quote(clip(id.Value)) + " must not contain spaces or control characters"
	}
	return ""
}

func splitValues(v string) []string {
	var out []string
	for _, x := range strings.Split(v, IdentifierSeparator) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// canonicalValue trims a value and upper-cases it for schemes whose ids
// are upper case (S001217, H8IL09067, Q439729, N00043290), so that case
// never splits one entity in two.
func canonicalValue(s Scheme, v string) string {
	v = strings.TrimSpace(v)
	switch s {
	case SchemeBioguide, SchemeFEC, SchemeWikidata, SchemeOpenSecrets, SchemeLIS:
		v = strings.ToUpper(v)
	}
	return v
}

// CheckLookup refuses a lookup of weak identifiers, which stores do not
// index, with an Invalid error naming each. Stores call it first in
// LookupIdentifiers.
func CheckLookup(ids []Identifier) error {
	var ds []Detail
	for _, id := range ids {
		if !id.Strong() {
			ds = append(ds, Detail{Record: clip(id.String()), Field: "scheme", Reason: "scheme " + quote(clip(string(id.Scheme))) + " is not a strong identifier scheme; only strong ones are indexed"})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "cannot look up identifiers: " + ds[0].String(), Details: ds}
}

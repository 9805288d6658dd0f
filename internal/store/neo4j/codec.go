package neo4j

import (
	"fmt"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Property names. Typed fields keep their JSON names; free properties are
// flattened under propPrefix so they can never collide with a typed field.
const (
	propPrefix = "props."
	propRev    = "rev"    // graph.Entity.Revision or graph.Relationship.Revision
	propSearch = "search" // folded name and aliases, for the full-text index
	// propIdentifiers holds the strong identifiers (identifierToken), for
	// the identifiers full-text index.
	propIdentifiers = "identifiers"
)

// identifierToken writes a strong identifier as one word of the
// identifiers property: "bioguide:S001217". Strong values hold no spaces
// (graph.Entity.Validate), so the whitespace analyzer keeps it whole.
func identifierToken(id graph.Identifier) string { return string(id.Scheme) + ":" + id.Value }

// identifierTokens is the identifiers property of e, or "" when it has
// no strong identifier.
func identifierTokens(e *graph.Entity) string {
	ids := e.StrongIdentifiers()
	toks := make([]string, len(ids))
	for i, id := range ids {
		toks[i] = identifierToken(id)
	}
	return strings.Join(toks, " ")
}

// luceneEscape escapes the characters Lucene's query syntax gives meaning.
func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// The labels an entity's kind maps to, besides :Entity. kindLabels lists
// every one of them, so that an update can remove the old ones.
const kindLabels = "Person:Official:Donor:Organization:Issue"

// labelSet names the kind labels of e, e.g. "Person:Official". It is a key of
// the statement tables, never text from the user.
func labelSet(e *graph.Entity) string {
	switch {
	case e.Kind == graph.KindIssue:
		return "Issue"
	case e.Kind == graph.KindOfficial:
		return "Person:Official"
	case e.Kind == graph.KindDonor && e.IsOrganization():
		return "Organization:Donor"
	case e.Kind == graph.KindDonor:
		return "Person:Donor"
	case e.IsOrganization():
		return "Organization"
	}
	return "Person"
}

// labelSets lists every value labelSet can return.
var labelSets = []string{"Person", "Person:Official", "Person:Donor", "Organization", "Organization:Donor", "Issue"}

// entityProps encodes a normalized entity as the property map of its node.
// Empty text fields and empty lists are left out, so they read back as the
// zero value.
func entityProps(e *graph.Entity) map[string]any {
	p := make(map[string]any, 8+len(e.Props))
	p["id"] = e.ID
	p["kind"] = string(e.Kind)
	p["name"] = e.Name
	p["ours"] = e.Ours
	p["private"] = e.Private
	p[propRev] = e.Revision()
	p[propSearch] = strings.Join(e.SearchTokens(), " ")
	putString(p, propIdentifiers, identifierTokens(e))
	putString(p, "title", e.Title)
	putString(p, "party", e.Party)
	putString(p, "chamber", e.Chamber)
	putString(p, "district", e.District)
	putString(p, "org_type", e.OrgType)
	putString(p, "email", e.Email)
	putString(p, "phone", e.Phone)
	putString(p, "notes", e.Notes)
	putString(p, "source_url", e.SourceURL)
	if len(e.Labels) > 0 {
		p["labels"] = e.Labels
	}
	if len(e.Aliases) > 0 {
		p["aliases"] = e.Aliases
	}
	for k, v := range e.Props {
		p[propPrefix+k] = v
	}
	return p
}

// decodeEntity reads an entity back from the property map of its node.
func decodeEntity(p map[string]any) (graph.Entity, error) {
	var e graph.Entity
	for k, v := range p {
		var err error
		switch k {
		case "id":
			err = setString(&e.ID, k, v)
		case "kind":
			var s string
			err = setString(&s, k, v)
			e.Kind = graph.Kind(s)
		case "name":
			err = setString(&e.Name, k, v)
		case "ours":
			err = setBool(&e.Ours, k, v)
		case "private":
			err = setBool(&e.Private, k, v)
		case "title":
			err = setString(&e.Title, k, v)
		case "party":
			err = setString(&e.Party, k, v)
		case "chamber":
			err = setString(&e.Chamber, k, v)
		case "district":
			err = setString(&e.District, k, v)
		case "org_type":
			err = setString(&e.OrgType, k, v)
		case "email":
			err = setString(&e.Email, k, v)
		case "phone":
			err = setString(&e.Phone, k, v)
		case "notes":
			err = setString(&e.Notes, k, v)
		case "source_url":
			err = setString(&e.SourceURL, k, v)
		case "labels":
			e.Labels, err = stringList(k, v)
		case "aliases":
			e.Aliases, err = stringList(k, v)
		default:
			if name, ok := strings.CutPrefix(k, propPrefix); ok {
				if e.Props == nil {
					e.Props = make(map[string]string)
				}
				var s string
				err = setString(&s, k, v)
				e.Props[name] = s
			}
		}
		if err != nil {
			return graph.Entity{}, err
		}
	}
	return e, nil
}

// relProps encodes a normalized relationship as the property map of its
// Neo4j relationship. Source, target and type live in the graph itself.
func relProps(r *graph.Relationship) map[string]any {
	p := make(map[string]any, 6+len(r.Props))
	p["id"] = r.ID
	p["strength"] = r.Strength
	p[propRev] = r.Revision()
	putString(p, "since", r.Since)
	putString(p, "until", r.Until)
	putString(p, "date", r.Date)
	putString(p, "source_url", r.SourceURL)
	putString(p, "notes", r.Notes)
	if r.Amount != 0 {
		p["amount"] = r.Amount
	}
	for k, v := range r.Props {
		p[propPrefix+k] = v
	}
	return p
}

// decodeRel reads a relationship back from its endpoints' ids, its type and
// its property map.
func decodeRel(source, target, typ string, p map[string]any) (graph.Relationship, error) {
	r := graph.Relationship{Source: source, Target: target, Type: graph.RelType(typ)}
	for k, v := range p {
		var err error
		switch k {
		case "id":
			err = setString(&r.ID, k, v)
		case "strength":
			err = setFloat(&r.Strength, k, v)
		case "amount":
			err = setFloat(&r.Amount, k, v)
		case "since":
			err = setString(&r.Since, k, v)
		case "until":
			err = setString(&r.Until, k, v)
		case "date":
			err = setString(&r.Date, k, v)
		case "source_url":
			err = setString(&r.SourceURL, k, v)
		case "notes":
			err = setString(&r.Notes, k, v)
		default:
			if name, ok := strings.CutPrefix(k, propPrefix); ok {
				if r.Props == nil {
					r.Props = make(map[string]string)
				}
				var s string
				err = setString(&s, k, v)
				r.Props[name] = s
			}
		}
		if err != nil {
			return graph.Relationship{}, err
		}
	}
	return r, nil
}

func putString(p map[string]any, k, v string) {
	if v != "" {
		p[k] = v
	}
}

func setString(dst *string, k string, v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("property %q is %T, want a string", k, v)
	}
	*dst = s
	return nil
}

func setBool(dst *bool, k string, v any) error {
	b, ok := v.(bool)
	if !ok {
		return fmt.Errorf("property %q is %T, want a boolean", k, v)
	}
	*dst = b
	return nil
}

func setFloat(dst *float64, k string, v any) error {
	switch x := v.(type) {
	case float64:
		*dst = x
	case int64:
		*dst = float64(x)
	default:
		return fmt.Errorf("property %q is %T, want a number", k, v)
	}
	return nil
}

func stringList(k string, v any) ([]string, error) {
	xs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("property %q is %T, want a list", k, v)
	}
	if len(xs) == 0 {
		return nil, nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		if err := setString(&out[i], k, x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

package kumu

import (
	"encoding/json"

	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Name is the format's name on the command line.
const Name = "kumu"

// record is one element or connection: Kumu fields by name. Values are
// strings, numbers, booleans or lists of strings.
type record map[string]any

// Blueprint is a Kumu JSON blueprint.
type Blueprint struct {
	Elements    []record `json:"elements"`
	Connections []record `json:"connections"`
}

// text returns a field as text; lists are joined with "|".
func (r record) text(k string) string {
	switch v := r[k].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		var parts []string
		for _, x := range v {
			parts = append(parts, record{"x": x}.text("x"))
		}
		return strings.Join(parts, "|")
	case []string:
		return strings.Join(v, "|")
	}
	return ""
}

// list returns a multi-valued field: a JSON list, or text split on "|".
func (r record) list(k string) []string {
	var out []string
	if v, ok := r[k].([]any); ok {
		for _, x := range v {
			if s := (record{"x": x}).text("x"); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	for _, s := range strings.Split(r.text(k), "|") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// lookup finds a field whatever its case ("Label", "label").
func (r record) normalizeKeys() record {
	out := make(record, len(r))
	for k, v := range r {
		lk := strings.ToLower(strings.TrimSpace(k))
		if strings.HasPrefix(lk, "prop:") {
			lk = "prop:" + strings.TrimSpace(k)[5:]
		}
		out[lk] = v
	}
	return out
}

var entityFields = map[string]bool{"id": true, "label": true, "type": true, "tags": true, "description": true, "title": true,
	"party": true, "chamber": true, "district": true, "org_type": true, "email": true, "phone": true, "source_url": true,
	"aliases": true, "ours": true, "private": true}

// entity converts an element. The error is a reason.
func entity(r record) (graph.Entity, string) {
	r = r.normalizeKeys()
	e := graph.Entity{
		ID: r.text("id"), Name: r.text("label"), Labels: r.list("tags"), Notes: r.text("description"),
		Title: r.text("title"), Party: r.text("party"), Chamber: r.text("chamber"), District: r.text("district"),
		OrgType: r.text("org_type"), Email: r.text("email"), Phone: r.text("phone"), SourceURL: r.text("source_url"),
		Aliases: r.list("aliases"),
	}
	if e.Name == "" {
		return e, "label: an element needs a label"
	}
	if e.ID == "" {
		e.ID = e.Name
	}
	var ok bool
	if e.Ours, ok = boolField(r, "ours"); !ok {
		return e, "ours: not a boolean"
	}
	if e.Private, ok = boolField(r, "private"); !ok {
		return e, "private: not a boolean"
	}
	typ := r.text("type")
	if k, err := graph.ParseKind(typ); err == nil {
		e.Kind = k
	} else if typ == "" {
		e.Kind = graph.KindPerson
	} else {
		l := strings.ToLower(typ)
		e.Kind = graph.KindPerson
		for _, w := range []string{"organization", "organisation", "company", "committee", "group", "org"} {
			if strings.Contains(l, w) {
				e.Kind = graph.KindOrganization
			}
		}
		e.Labels = append(e.Labels, l)
	}
	e.Props = props(r, entityFields)
	return e, ""
}

var relFields = map[string]bool{"id": true, "from": true, "to": true, "type": true, "direction": true, "strength": true,
	"since": true, "until": true, "amount": true, "date": true, "source_url": true, "description": true}

// relationship converts a connection, resolving from and to through ids.
func relationship(r record, ids func(string) string) (graph.Relationship, string) {
	r = r.normalizeKeys()
	rel := graph.Relationship{ID: r.text("id"), Since: r.text("since"), Until: r.text("until"), Date: r.text("date"),
		SourceURL: r.text("source_url"), Notes: r.text("description")}
	from, to := r.text("from"), r.text("to")
	if from == "" || to == "" {
		return rel, "from/to: a connection needs both ends"
	}
	if rel.Source = ids(from); rel.Source == "" {
		return rel, "from: no element " + strconv.Quote(from)
	}
	if rel.Target = ids(to); rel.Target == "" {
		return rel, "to: no element " + strconv.Quote(to)
	}
	for f, dst := range map[string]*float64{"strength": &rel.Strength, "amount": &rel.Amount} {
		if s := r.text(f); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return rel, f + ": " + strconv.Quote(s) + " is not a number"
			}
			*dst = v
		}
	}
	rel.Props = props(r, relFields)
	typ := r.text("type")
	if t, err := graph.ParseRelType(typ); err == nil {
		rel.Type = t
	} else {
		rel.Type = graph.Knows
		if typ != "" {
			if rel.Props == nil {
				rel.Props = map[string]string{}
			}
			rel.Props["kumu_type"] = typ
		}
	}
	return rel, ""
}

func boolField(r record, k string) (bool, bool) {
	switch v := r[k].(type) {
	case nil:
		return false, true
	case bool:
		return v, true
	}
	s := strings.ToLower(r.text(k))
	switch s {
	case "", "false", "no", "0":
		return false, true
	case "true", "yes", "1":
		return true, true
	}
	return false, false
}

// props collects "prop:NAME" fields and every field not in known.
func props(r record, known map[string]bool) map[string]string {
	out := map[string]string{}
	for k := range r {
		switch {
		case strings.HasPrefix(k, "prop:"):
			out[k[5:]] = r.text(k)
		case !known[k] && !strings.HasPrefix(k, "_"):
			if v := r.text(k); v != "" {
				out[k] = v
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// elementOf is the blueprint form of an entity.
func elementOf(e *graph.Entity) record {
	r := record{"id": e.ID, "label": e.Name, "type": kindType(e.Kind)}
	set := func(k, v string) {
		if v != "" {
			r[k] = v
		}
	}
	if len(e.Labels) > 0 {
		r["tags"] = e.Labels
	}
	if len(e.Aliases) > 0 {
		r["aliases"] = e.Aliases
	}
	set("description", e.Notes)
	set("title", e.Title)
	set("party", e.Party)
	set("chamber", e.Chamber)
	set("district", e.District)
	set("org_type", e.OrgType)
	set("email", e.Email)
	set("phone", e.Phone)
	set("source_url", e.SourceURL)
	if e.Ours {
		r["ours"] = true
	}
	if e.Private {
		r["private"] = true
	}
	for k, v := range e.Props {
		r["prop:"+k] = v
	}
	return r
}

func kindType(k graph.Kind) string {
	s := string(k)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// connectionOf is the blueprint form of a relationship.
func connectionOf(rel *graph.Relationship) record {
	r := record{"id": rel.ID, "from": rel.Source, "to": rel.Target, "type": string(rel.Type), "strength": rel.Strength, "direction": "directed"}
	if info, ok := rel.Type.Info(); ok && info.Symmetric {
		r["direction"] = "undirected"
	}
	for k, v := range map[string]string{"since": rel.Since, "until": rel.Until, "date": rel.Date, "source_url": rel.SourceURL, "description": rel.Notes} {
		if v != "" {
			r[k] = v
		}
	}
	if rel.Amount != 0 {
		r["amount"] = rel.Amount
	}
	for k, v := range rel.Props {
		r["prop:"+k] = v
	}
	return r
}

package format

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Merge records an incoming entity that an import merged into another
// entity because they share a strong identifier (see graph.Identifier).
type Merge struct {
	// Record is the id the importer gave the record; Into the id of the
	// entity it updated, found in the store or earlier in the import.
	Record string `json:"record"`
	Into   string `json:"into"`
	// By is the shared identifier, as a reference: "bioguide:S001217".
	By string `json:"by"`
	// Replaced names the fields whose earlier, different value the record's
	// value replaced (the earlier name is kept as an alias, not listed).
	Replaced []string `json:"replaced,omitempty"`
}

// identities resolves the entities of one import by their strong
// identifiers, batch after batch: Registry.Import runs every batch of
// every format through it just before it is applied, so that all
// importers merge alike.
//
// An incoming entity that shares a strong identifier with exactly one other
// entity (in the store, or earlier in the import) updates that entity
// instead of making a new one, whatever id its importer gave it (see
// mergeEntity for how fields combine), and relationship ends naming it are
// rewritten to the kept id. A record that would join two entities, or that
// would put two values of a single-valued scheme (two bioguide ids) or a
// person and an organization on one entity, is not merged: it keeps its
// own id and the report's Skipped says why, naming the record and field.
type identities struct {
	store graph.Store
	rep   *Report
	// moved maps an id the import used to the id of the entity that
	// stands for it: merged records, and references by identifier.
	moved map[string]string
	// held maps each strong identifier of an entity written by this import
	// to that entity's id.
	held map[graph.Identifier]string
}

func newIdentities(store graph.Store, rep *Report) *identities {
	return &identities{store: store, rep: rep, moved: map[string]string{}, held: map[graph.Identifier]string{}}
}

// lookupRef finds the one entity a relationship end names by identifier
// ("bioguide:S001217", "ocd-person/…") when no entity has that id. ok is
// false when ref is no identifier reference or no single entity carries it.
func (ix *identities) lookupRef(ctx context.Context, ref string) (string, bool, error) {
	id, ok := graph.ParseIdentifierRef(ref)
	if !ok {
		return "", false, nil
	}
	found, err := ix.store.LookupIdentifiers(ctx, []graph.Identifier{id})
	if err != nil || len(found) != 1 {
		return "", false, err
	}
	ix.moved[ref] = found[0].ID
	return found[0].ID, true, nil
}

// resolve rewrites b in place before it is applied: merged entities leave
// the batch (their kept entity takes their place, updated) and
// relationship ends follow them.
func (ix *identities) resolve(ctx context.Context, b *graph.Batch) error {
	var ask []graph.Identifier
	for i := range b.Entities {
		e := &b.Entities[i]
		e.Normalize()
		for _, id := range e.StrongIdentifiers() {
			if _, ok := ix.held[id]; !ok {
				ask = append(ask, id)
			}
		}
	}
	stored := map[string]*graph.Entity{}
	holders := map[graph.Identifier][]string{}
	if len(ask) > 0 {
		found, err := ix.store.LookupIdentifiers(ctx, ask)
		if err != nil {
			return err
		}
		for i := range found {
			e := &found[i]
			stored[e.ID] = e
			for _, id := range e.StrongIdentifiers() {
				holders[id] = append(holders[id], e.ID)
			}
		}
	}

	out := b.Entities[:0:0]
	at := map[string]int{} // entity id → index in out
	for i := range b.Entities {
		e := b.Entities[i]
		ids := e.StrongIdentifiers()
		if len(ids) == 0 {
			at[e.ID] = len(out)
			out = append(out, e)
			continue
		}
		// Every other entity that carries one of e's identifiers.
		var others []string
		by := map[string]graph.Identifier{}
		own := false
		for _, id := range ids {
			cands := holders[id]
			if h, ok := ix.held[id]; ok {
				cands = append(slices.Clone(cands), h)
			}
			for _, h := range cands {
				if h == e.ID {
					own = true
					continue
				}
				if _, dup := by[h]; !dup {
					by[h] = id
					others = append(others, h)
				}
			}
		}
		switch {
		case len(others) == 0:
			if prev, ok := stored[e.ID]; ok && own && carriesMore(prev, &e) {
				// The stored entity joins several sources: update it
				// rather than drop what the others gave it.
				merged := *prev
				replaced := mergeEntity(&merged, &e)
				if err := merged.Validate(); err == nil {
					ix.noteMerge(e.ID, e.ID, ids[0], replaced)
					e = merged
				}
			}
		case len(others) > 1 || own:
			if own {
				others = append(others, e.ID)
			}
			ix.conflict(&e, by, others)
			at[e.ID] = len(out)
			out = append(out, e)
			continue
		default:
			t := others[0]
			var into *graph.Entity
			if j, ok := at[t]; ok {
				into = &out[j]
			} else if s, ok := stored[t]; ok {
				c := *s
				into = &c
			} else {
				// Held by an entity of an earlier batch that the store
				// lookup did not return: read it.
				s, err := ix.store.Entity(ctx, t)
				if err != nil {
					return err
				}
				into = &s
			}
			if reason := mergeReason(into, &e); reason != "" {
				ix.refuse(&e, by[t], into.ID, reason)
				at[e.ID] = len(out)
				out = append(out, e)
				continue
			}
			merged := *into
			merged.Labels, merged.Aliases = slices.Clone(into.Labels), slices.Clone(into.Aliases)
			merged.Props = cloneProps(into.Props)
			replaced := mergeEntity(&merged, &e)
			if err := merged.Validate(); err != nil {
				ix.refuse(&e, by[t], into.ID, "the merged record would be invalid: "+graph.MessageOf(err))
				at[e.ID] = len(out)
				out = append(out, e)
				continue
			}
			ix.noteMerge(e.ID, t, by[t], replaced)
			ix.moved[e.ID] = t
			if j, ok := at[t]; ok {
				out[j] = merged
			} else {
				at[t] = len(out)
				out = append(out, merged)
			}
			e = merged
		}
		if _, ok := at[e.ID]; !ok {
			at[e.ID] = len(out)
			out = append(out, e)
		}
		for _, id := range e.StrongIdentifiers() {
			ix.held[id] = e.ID
		}
	}
	b.Entities = out
	ix.rewrite(b)
	return nil
}

// rewrite moves relationship ends to the entities that stand for them, and
// drops the ties a merge made redundant.
func (ix *identities) rewrite(b *graph.Batch) {
	if len(ix.moved) == 0 {
		return
	}
	out := b.Relationships[:0]
	seen := map[string]int{}
	for _, r := range b.Relationships {
		r.Normalize()
		src, tgt := ix.follow(r.Source), ix.follow(r.Target)
		if src != r.Source || tgt != r.Target {
			own := graph.DefaultRelationshipID(r.Source, r.Target, r.Type)
			switch {
			case r.ID == own:
				r.ID = graph.DefaultRelationshipID(src, tgt, r.Type)
			case strings.HasPrefix(r.ID, own+"/"):
				r.ID = graph.DefaultRelationshipID(src, tgt, r.Type) + strings.TrimPrefix(r.ID, own)
			}
			r.Source, r.Target = src, tgt
		}
		if r.Source == r.Target {
			ix.rep.Skipped = append(ix.rep.Skipped, Skip{Record: r.ID, Field: "target",
				Reason: fmt.Sprintf("both ends are now the one entity %q, merged by identifier", r.Source)})
			continue
		}
		if j, dup := seen[r.ID]; dup {
			if !sameTie(&out[j], &r) {
				ix.rep.Skipped = append(ix.rep.Skipped, Skip{Record: r.ID, Field: "id",
					Reason: "another tie of the same type between the same merged entities came first; this one is left out"})
			}
			continue
		}
		seen[r.ID] = len(out)
		out = append(out, r)
	}
	b.Relationships = out
}

// follow returns the id of the entity that stands for id.
func (ix *identities) follow(id string) string {
	for range 8 { // merges chain at most a few steps
		next, ok := ix.moved[id]
		if !ok || next == id {
			return id
		}
		id = next
	}
	return id
}

func (ix *identities) noteMerge(record, into string, by graph.Identifier, replaced []string) {
	ix.rep.MergeCount++
	if len(ix.rep.Merged) < MaxErrors {
		ix.rep.Merged = append(ix.rep.Merged, Merge{Record: record, Into: into, By: by.String(), Replaced: replaced})
	}
}

// conflict reports a record whose identifiers name several entities.
func (ix *identities) conflict(e *graph.Entity, by map[string]graph.Identifier, holders []string) {
	var parts []string
	var field string
	for _, h := range holders {
		id, ok := by[h]
		if !ok { // the record's own id
			parts = append(parts, fmt.Sprintf("its own id %q", h))
			continue
		}
		if field == "" {
			field = "props." + graph.IdentifierProp(id.Scheme)
		}
		parts = append(parts, fmt.Sprintf("%q by %s", h, id))
	}
	ix.rep.Skipped = append(ix.rep.Skipped, Skip{Record: e.ID, Field: field,
		Reason: "not merged: its identifiers match several entities (" + strings.Join(parts, ", ") + "); it is written under its own id, and the entities are left for a person to merge"})
}

// refuse reports a record that shares id with entity into but cannot be
// merged into it.
func (ix *identities) refuse(e *graph.Entity, id graph.Identifier, into, reason string) {
	ix.rep.Skipped = append(ix.rep.Skipped, Skip{Record: e.ID, Field: "props." + graph.IdentifierProp(id.Scheme),
		Reason: fmt.Sprintf("not merged into %q, which shares %s: %s; it is written under its own id", into, id, reason)})
}

// carriesMore reports whether stored has a strong identifier that the
// incoming record lacks: it is the meeting point of several sources.
func carriesMore(stored, in *graph.Entity) bool {
	have := in.StrongIdentifiers()
	for _, id := range stored.StrongIdentifiers() {
		if !slices.Contains(have, id) {
			return true
		}
	}
	return false
}

// mergeReason says why in cannot be merged into into, or "" when it can:
// a single-valued scheme with two different values would be a false merge,
// and so would a person and an organization, or an issue and anything.
func mergeReason(into, in *graph.Entity) string {
	for _, info := range graph.Schemes() {
		if !info.Single {
			continue
		}
		a, b := into.IdentifierValues(info.Scheme), in.IdentifierValues(info.Scheme)
		if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
			return fmt.Sprintf("they carry different %s ids (%s and %s)", info.Scheme, a[0], b[0])
		}
	}
	if into.Kind == graph.KindIssue || in.Kind == graph.KindIssue {
		if into.Kind != in.Kind {
			return "an issue merges only with an issue"
		}
	} else if into.IsOrganization() != in.IsOrganization() {
		return fmt.Sprintf("one is a person (%s) and the other an organization", kindOf(into, in))
	}
	return ""
}

func kindOf(a, b *graph.Entity) graph.Kind {
	if a.IsOrganization() {
		return b.Kind
	}
	return a.Kind
}

// mergeEntity merges in into into and returns the fields whose earlier,
// different value in replaced. The rules:
//   - Name: in's name, when it has one; a different earlier name becomes
//     an alias.
//   - Kind: the more specific of the two: official over donor over person
//     or organization (mergeReason keeps people and organizations apart).
//   - Title, Party, Chamber, District, OrgType, Email, Phone, SourceURL and
//     free properties: in's value when it has one, else the earlier one.
//   - Notes: both, in that order, when they differ.
//   - Labels, aliases and identifiers: the union. Ours and Private: either
//     one's (a merge never makes a private entity public).
//   - Props["source"]: both sources, comma-separated.
func mergeEntity(into, in *graph.Entity) []string {
	var replaced []string
	if in.Name != "" && in.Name != into.Name {
		into.Aliases = append(into.Aliases, into.Name)
		into.Name = in.Name
	}
	into.Aliases = append(into.Aliases, in.Aliases...)
	if rank(in.Kind) > rank(into.Kind) {
		into.Kind = in.Kind
	}
	for _, f := range []struct {
		name     string
		dst, src *string
	}{
		{"title", &into.Title, &in.Title}, {"party", &into.Party, &in.Party}, {"chamber", &into.Chamber, &in.Chamber},
		{"district", &into.District, &in.District}, {"org_type", &into.OrgType, &in.OrgType}, {"email", &into.Email, &in.Email},
		{"phone", &into.Phone, &in.Phone}, {"source_url", &into.SourceURL, &in.SourceURL},
	} {
		if *f.src == "" || *f.src == *f.dst {
			continue
		}
		if *f.dst != "" {
			replaced = append(replaced, f.name)
		}
		*f.dst = *f.src
	}
	switch {
	case into.Notes == "":
		into.Notes = in.Notes
	case in.Notes != "" && in.Notes != into.Notes && !strings.Contains(into.Notes, in.Notes):
		into.Notes += "\n\n" + in.Notes
	}
	into.Labels = append(into.Labels, in.Labels...)
	into.Ours = into.Ours || in.Ours
	into.Private = into.Private || in.Private
	for k, v := range in.Props {
		old, had := into.Props[k]
		switch {
		case strings.HasPrefix(k, graph.IdentifierPrefix):
			into.AddIdentifier(graph.Scheme(strings.TrimPrefix(k, graph.IdentifierPrefix)), v)
			continue
		case k == "source" && had && old != v:
			srcs := strings.Split(old, ",")
			for _, s := range strings.Split(v, ",") {
				if !slices.Contains(srcs, s) {
					srcs = append(srcs, s)
				}
			}
			v = strings.Join(srcs, ",")
		case had && old != v && v != "":
			replaced = append(replaced, "props."+k)
		case had && v == "":
			continue
		}
		if into.Props == nil {
			into.Props = map[string]string{}
		}
		into.Props[k] = v
	}
	into.Aliases = slices.DeleteFunc(into.Aliases, func(a string) bool { return strings.TrimSpace(a) == into.Name })
	into.Normalize()
	slices.Sort(replaced)
	return replaced
}

// rank orders the kinds of people from least to most specific.
func rank(k graph.Kind) int {
	switch k {
	case graph.KindDonor:
		return 1
	case graph.KindOfficial:
		return 2
	}
	return 0
}

func cloneProps(p map[string]string) map[string]string {
	if p == nil {
		return nil
	}
	c := make(map[string]string, len(p))
	for k, v := range p {
		c[k] = v
	}
	return c
}

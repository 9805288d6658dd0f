package graph

import (
	"context"
	"fmt"
	"strings"
)

// Resolve finds the entity a person means by ref: an id, or else a name or
// alias that matches exactly one entity (ignoring case and diacritics). An
// ambiguous name is an Invalid error that lists the candidates; a ref that
// matches nothing is NotFound, with near matches as suggestions.
func Resolve(ctx context.Context, s Store, ref string) (Entity, error) {
	const op = "graph.Resolve"
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Entity{}, &Error{Op: op, Code: Invalid, Message: "an entity reference must not be empty"}
	}
	e, err := s.Entity(ctx, ref)
	if err == nil {
		return e, nil
	}
	if !Is(err, NotFound) {
		return Entity{}, E(op, err)
	}
	hits, err := s.Search(ctx, ref, 50)
	if err != nil {
		return Entity{}, E(op, err)
	}
	var exact []Entity
	for _, h := range hits {
		if h.MatchScore(ref) >= 3 && exactName(ref, &h) {
			exact = append(exact, h)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return Entity{}, &Error{Op: op, Code: Invalid, Message: fmt.Sprintf("%q names %d entities; use one of their ids: %s", ref, len(exact), candidates(exact))}
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) > 1:
		return Entity{}, &Error{Op: op, Code: Invalid, Message: fmt.Sprintf("%q matches %d entities; be more precise or use an id: %s", ref, len(hits), candidates(hits))}
	}
	return Entity{}, &Error{Op: op, Code: NotFound, Message: fmt.Sprintf("no entity has the id or name %q", ref)}
}

func exactName(ref string, e *Entity) bool {
	f := Fold(ref)
	if Fold(e.Name) == f {
		return true
	}
	for _, a := range e.Aliases {
		if Fold(a) == f {
			return true
		}
	}
	return false
}

func candidates(es []Entity) string {
	var parts []string
	for i, e := range es {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(es)-10))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", e.Name, e.ID, e.Kind))
	}
	return strings.Join(parts, "; ")
}

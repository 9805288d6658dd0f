package fec

import (
	"context"
	"strings"

	"github.com/powermap/powermap/graph"
)

// OfficialsFrom maps FEC candidate ids to the officials (kind official) among ents that
// carry them as identifiers (Props["id.fec"], see graph.Entity.Identifiers;
// Props["fec_ids"], comma-separated, from earlier congress imports). Pass the result as Options.Officials when
// importing FEC data next to congress-legislators data in one batch.
func OfficialsFrom(ents []graph.Entity) map[string]string {
	out := map[string]string{}
	for i := range ents {
		addOfficial(out, &ents[i])
	}
	return out
}

// OfficialsFromStore does what OfficialsFrom does over a store's entities,
// for an FEC import that follows a congress-legislators import.
func OfficialsFromStore(ctx context.Context, s graph.Store) (map[string]string, error) {
	out := map[string]string{}
	_, err := s.Stream(ctx, graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		addOfficial(out, e)
		return nil
	}})
	if err != nil {
		return nil, graph.E("fec.OfficialsFromStore", err)
	}
	return out, nil
}

func addOfficial(out map[string]string, e *graph.Entity) {
	if e.Kind != graph.KindOfficial {
		return // candidates carry their own FEC ids too
	}
	for _, id := range e.IdentifierValues(graph.SchemeFEC) {
		if !strings.HasPrefix(id, "C") { // candidates, not committees
			out[id] = e.ID
		}
	}
	for _, id := range strings.Split(e.Props[PropFECIDs], ",") {
		if id = strings.TrimSpace(id); id != "" {
			out[id] = e.ID
		}
	}
}

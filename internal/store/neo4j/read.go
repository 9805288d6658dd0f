package neo4j

import (
	"context"
	"errors"
	"math"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

// searchCandidates caps how many full-text hits Search ranks. The index
// returns every entity whose name and aliases hold all the query's word
// prefixes, best Lucene score first; graph.RankSearch then orders them as
// every backend does. Past the cap, ranking covers the best-scored hits only.
const searchCandidates = 2000

// Entity returns one entity, or NotFound.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	const op = "neo4j.Entity"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Entity, error) {
		rec, err := single(ctx, tx, cypher.entity, map[string]any{"id": id})
		if err != nil {
			return graph.Entity{}, err
		}
		if rec == nil {
			rec, err = followRedirect(ctx, tx, id)
			if err != nil {
				return graph.Entity{}, err
			}
		}
		if rec == nil {
			return graph.Entity{}, graph.Errorf(op, graph.NotFound, "entity %q not found", id)
		}
		return entityField(rec, "p")
	})
}

// Entities lists entities ordered by id.
func (s *Store) Entities(ctx context.Context, q graph.EntityQuery) ([]graph.Entity, error) {
	params := map[string]any{
		"after": q.After,
		"kind":  nilIfEmpty(string(q.Kind)),
		"label": nilIfEmpty(q.Label),
		"ours":  nil,
		"limit": limitParam(q.Limit),
	}
	if q.Ours != nil {
		params["ours"] = *q.Ours
	}
	return readTx(ctx, s, "neo4j.Entities", func(tx driver.ManagedTransaction) ([]graph.Entity, error) {
		var out []graph.Entity
		err := each(ctx, tx, cypher.entities, params, func(rec *driver.Record) error {
			e, err := entityField(rec, "p")
			out = append(out, e)
			return err
		})
		return out, err
	})
}

// Relationship returns one relationship, or NotFound.
func (s *Store) Relationship(ctx context.Context, id string) (graph.Relationship, error) {
	const op = "neo4j.Relationship"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Relationship, error) {
		rec, err := single(ctx, tx, cypher.relationship, map[string]any{"id": id})
		if err != nil {
			return graph.Relationship{}, err
		}
		if rec == nil {
			return graph.Relationship{}, graph.Errorf(op, graph.NotFound, "relationship %q not found", id)
		}
		return relRecord(rec)
	})
}

// Relationships lists relationships ordered by id.
func (s *Store) Relationships(ctx context.Context, q graph.RelationshipQuery) ([]graph.Relationship, error) {
	const op = "neo4j.Relationships"
	params := map[string]any{"after": q.After, "limit": limitParam(q.Limit)}
	var stmt string
	switch {
	case q.Entity != "":
		stmt = cypher.relsByEntity
		params["entity"] = q.Entity
		params["type"] = nilIfEmpty(string(q.Type))
	case q.Type != "":
		var ok bool
		if stmt, ok = cypher.relsByType[q.Type]; !ok {
			// An unknown type matches nothing, as q.Match would say.
			return nil, nil
		}
	default:
		stmt = cypher.relsAll
	}
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) ([]graph.Relationship, error) {
		var out []graph.Relationship
		err := each(ctx, tx, stmt, params, func(rec *driver.Record) error {
			r, err := relRecord(rec)
			out = append(out, r)
			return err
		})
		return out, err
	})
}

// Search finds entities by name or alias, ignoring case and diacritics. The
// full-text index finds candidates and graph.RankSearch orders them.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]graph.Entity, error) {
	words := graph.Tokens(q)
	if len(words) == 0 {
		return nil, nil
	}
	// Folded words hold only letters and digits, and Lucene's operators
	// are upper case, so the words need no escaping.
	for i, w := range words {
		words[i] = w + "*"
	}
	params := map[string]any{"q": strings.Join(words, " AND "), "limit": searchCandidates}
	cands, err := readTx(ctx, s, "neo4j.Search", func(tx driver.ManagedTransaction) ([]graph.Entity, error) {
		var out []graph.Entity
		err := each(ctx, tx, cypher.search, params, func(rec *driver.Record) error {
			e, err := entityField(rec, "p")
			out = append(out, e)
			return err
		})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return graph.RankSearch(q, cands, limit), nil
}

// Neighbors returns the relationships of id with the entity at their other
// end, ordered by relationship id.
func (s *Store) Neighbors(ctx context.Context, id string, types []graph.RelType) ([]graph.Neighbor, error) {
	const op = "neo4j.Neighbors"
	var typeNames any // nil matches every type
	if len(types) > 0 {
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = string(t)
		}
		typeNames = names
	}
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) ([]graph.Neighbor, error) {
		rec, err := single(ctx, tx, cypher.entity, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if rec == nil {
			if to, ok, err := redirectTx(ctx, tx, id); err != nil {
				return nil, err
			} else if ok {
				id = to
				if rec, err = single(ctx, tx, cypher.entity, map[string]any{"id": id}); err != nil {
					return nil, err
				}
			}
		}
		if rec == nil {
			return nil, graph.Errorf(op, graph.NotFound, "entity %q not found", id)
		}
		var out []graph.Neighbor
		err = each(ctx, tx, cypher.neighbors, map[string]any{"id": id, "types": typeNames}, func(rec *driver.Record) error {
			r, err := relRecord(rec)
			if err != nil {
				return err
			}
			e, err := entityField(rec, "o")
			out = append(out, graph.Neighbor{Relationship: r, Entity: e})
			return err
		})
		return out, err
	})
}

// errStreamRetry stops the driver from retrying a stream that has already
// handed records to its callbacks.
var errStreamRetry = errors.New("stream interrupted after it had started")

// Counts counts entities by kind and relationships by type, from Neo4j's
// count store.
func (s *Store) Counts(ctx context.Context) (graph.Counts, error) {
	return readTx(ctx, s, "neo4j.Counts", func(tx driver.ManagedTransaction) (graph.Counts, error) {
		rec, err := single(ctx, tx, cypher.counts, nil)
		if err != nil {
			return graph.Counts{}, err
		}
		n := map[string]int64{}
		for _, k := range []string{"entities", "persons", "officials", "donors", "organizations", "orgDonors", "issues", "version"} {
			if n[k], err = value[int64](rec, k); err != nil {
				return graph.Counts{}, err
			}
		}
		// Officials and person donors are also :Person; donor
		// organizations are also :Organization.
		c := graph.Counts{
			Entities: n["entities"],
			Version:  uint64(n["version"]),
			ByKind: map[graph.Kind]int64{
				graph.KindOfficial:     n["officials"],
				graph.KindDonor:        n["donors"],
				graph.KindOrganization: n["organizations"] - n["orgDonors"],
				graph.KindIssue:        n["issues"],
				graph.KindPerson:       n["persons"] - n["officials"] - (n["donors"] - n["orgDonors"]),
			},
			ByType: map[graph.RelType]int64{},
		}
		err = each(ctx, tx, cypher.countRels, nil, func(rec *driver.Record) error {
			t, err := value[string](rec, "type")
			if err != nil {
				return err
			}
			k, err := value[int64](rec, "c")
			if k > 0 {
				c.ByType[graph.RelType(t)] = k
			}
			c.Relationships += k
			return err
		})
		for k, v := range c.ByKind {
			if v == 0 {
				delete(c.ByKind, k)
			}
		}
		return c, err
	})
}

func entityField(rec *driver.Record, k string) (graph.Entity, error) {
	p, err := value[map[string]any](rec, k)
	if err != nil {
		return graph.Entity{}, err
	}
	return decodeEntity(p)
}

// relRecord decodes a record with fields s, t, type and p.
func relRecord(rec *driver.Record) (graph.Relationship, error) {
	src, err := value[string](rec, "s")
	if err != nil {
		return graph.Relationship{}, err
	}
	dst, err := value[string](rec, "t")
	if err != nil {
		return graph.Relationship{}, err
	}
	typ, err := value[string](rec, "type")
	if err != nil {
		return graph.Relationship{}, err
	}
	p, err := value[map[string]any](rec, "p")
	if err != nil {
		return graph.Relationship{}, err
	}
	return decodeRel(src, dst, typ, p)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// limitParam turns "0 means no limit" into a number Cypher's LIMIT accepts.
func limitParam(n int) int64 {
	if n <= 0 {
		return math.MaxInt64
	}
	return int64(n)
}

// lookupChunk is how many identifiers one full-text query looks for, below
// Lucene's limit of 1,024 clauses a query.
const lookupChunk = 500

// LookupIdentifiers finds entities by strong identifiers through the
// identifiers full-text index, in one read for the whole list: one index
// query per lookupChunk identifiers.
func (s *Store) LookupIdentifiers(ctx context.Context, ids []graph.Identifier) ([]graph.Entity, error) {
	const op = "neo4j.LookupIdentifiers"
	if err := graph.CheckLookup(ids); err != nil {
		return nil, wrap(ctx, op, err)
	}
	seen := make(map[string]bool, len(ids))
	var chunks []any
	var toks, terms []string
	flush := func() {
		if len(toks) > 0 {
			chunks = append(chunks, map[string]any{"q": strings.Join(terms, " OR "), "toks": toks})
			toks, terms = nil, nil
		}
	}
	for _, id := range ids {
		tok := identifierToken(id)
		if seen[tok] {
			continue
		}
		seen[tok] = true
		toks = append(toks, tok)
		terms = append(terms, luceneEscape(tok))
		if len(toks) == lookupChunk {
			flush()
		}
	}
	flush()
	if len(chunks) == 0 {
		return nil, nil
	}
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) ([]graph.Entity, error) {
		var out []graph.Entity
		err := each(ctx, tx, cypher.lookupIDs, map[string]any{"chunks": chunks}, func(rec *driver.Record) error {
			e, err := entityField(rec, "p")
			out = append(out, e)
			return err
		})
		return out, err
	})
}

// followRedirect reads the entity that id, an id that is no entity, was
// merged into; nil when it was not.
func followRedirect(ctx context.Context, tx driver.ManagedTransaction, id string) (*driver.Record, error) {
	to, ok, err := redirectTx(ctx, tx, id)
	if err != nil || !ok {
		return nil, err
	}
	return single(ctx, tx, cypher.entity, map[string]any{"id": to})
}

package http

import (
	"context"
	nethttp "net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// listEntities answers GET /entities?kind=&label=&ours=&after=&limit=.
func (s *Server) listEntities(c *gin.Context) error {
	p := queryParams(c)
	q := graph.EntityQuery{Kind: p.kind("kind"), Label: p.str("label"), Ours: p.bool("ours")}
	after, limit := p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	v := s.visibility(c)
	page, err := paginate(c.Request.Context(), after, limit,
		func(ctx context.Context, after string, n int) ([]graph.Entity, error) {
			q.After, q.Limit = after, n
			return s.store.Entities(ctx, q)
		},
		func(e *graph.Entity) string { return e.ID },
		func(e *graph.Entity) (bool, error) { return v.entity(e), nil })
	if err != nil {
		return graph.E("http.listEntities", err)
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// listRelationships answers GET /relationships?type=&entity=&after=&limit=.
func (s *Server) listRelationships(c *gin.Context) error {
	p := queryParams(c)
	var q graph.RelationshipQuery
	if ts := p.types("type"); len(ts) > 1 {
		p.fail("type", "give one type")
	} else if len(ts) == 1 {
		q.Type = ts[0]
	}
	q.Entity = p.str("entity")
	after, limit := p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	v := s.visibility(c)
	ctx := c.Request.Context()
	if q.Entity != "" {
		if ok, err := v.id(ctx, q.Entity); err != nil {
			return graph.E("http.listRelationships", err)
		} else if !ok {
			// A hidden entity has no visible relationships.
			c.JSON(nethttp.StatusOK, list[graph.Relationship]{Items: []graph.Relationship{}})
			return nil
		}
	}
	page, err := paginate(ctx, after, limit,
		func(ctx context.Context, after string, n int) ([]graph.Relationship, error) {
			q.After, q.Limit = after, n
			return s.store.Relationships(ctx, q)
		},
		func(r *graph.Relationship) string { return r.ID },
		func(r *graph.Relationship) (bool, error) { return v.relationship(ctx, r) })
	if err != nil {
		return graph.E("http.listRelationships", err)
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// entityRelationships answers GET /entities/{id}/relationships?types=: the
// entity's ties with the entity at the other end, ordered by relationship
// id, paginated.
func (s *Server) entityRelationships(c *gin.Context) error {
	const op = "http.entityRelationships"
	p := queryParams(c)
	types := p.types("types")
	after, limit := p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	id := c.Param("id")
	if _, err := s.entities.current(c, id); err != nil {
		return err
	}
	ns, err := s.store.Neighbors(c.Request.Context(), id, types)
	if err != nil {
		return graph.E(op, err)
	}
	v := s.visibility(c)
	page, err := paginate(c.Request.Context(), after, limit,
		func(_ context.Context, after string, n int) ([]graph.Neighbor, error) {
			i := 0
			if after != "" {
				for i < len(ns) && ns[i].Relationship.ID <= after {
					i++
				}
			}
			return ns[i:min(len(ns), i+n)], nil
		},
		func(n *graph.Neighbor) string { return n.Relationship.ID },
		func(n *graph.Neighbor) (bool, error) { return v.entity(&n.Entity), nil })
	if err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// search answers GET /search?q=&kind=&limit=: names and aliases, ignoring
// case and diacritics, exact and prefix matches first (the store ranks with
// graph.RankSearch).
func (s *Server) search(c *gin.Context) error {
	const op = "http.search"
	p := queryParams(c)
	q := p.str("q")
	if q == "" {
		p.fail("q", "must not be empty")
	} else if len(q) > 200 {
		p.fail("q", "must be at most 200 bytes")
	}
	kind := p.kind("kind")
	limit := p.int("limit", 20, 1, 100)
	if err := p.err(); err != nil {
		return err
	}
	v := s.visibility(c)
	keep := func(e *graph.Entity) bool { return (kind == "" || e.Kind == kind) && v.entity(e) }
	// Ask for more than the page when filters may drop some, and ask again
	// with more while the store had more to give.
	ask := limit
	if kind != "" || !v.all {
		ask = limit * 3
	}
	var out []graph.Entity
	for {
		found, err := s.store.Search(c.Request.Context(), q, ask)
		if err != nil {
			return graph.E(op, err)
		}
		out = out[:0]
		for i := range found {
			if keep(&found[i]) {
				out = append(out, found[i])
			}
		}
		if len(out) >= limit || len(found) < ask || ask >= 50*limit {
			break
		}
		ask *= 4
	}
	if len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []graph.Entity{}
	}
	c.JSON(nethttp.StatusOK, list[graph.Entity]{Items: out})
	return nil
}

// types answers GET /types: the relationship vocabulary and the kinds.
func (s *Server) types(c *gin.Context) error {
	c.JSON(nethttp.StatusOK, gin.H{"types": graph.Types(), "kinds": graph.Kinds()})
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

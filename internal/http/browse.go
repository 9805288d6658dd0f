package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// listEntities answers GET /entities?kind=&label=&ours=&after=&limit=.
func (s *Server) listEntities(c *gin.Context) error {
	p := queryParams(c)
	q := graph.EntityQuery{Kind: p.kind("kind"), Label: p.str("label"), Ours: p.bool("ours")}
	q.After, q.Limit = p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	page, err := s.app.Entities(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// getEntity answers GET /entities/{id}: by id, or by a name that matches
// one entity.
func (s *Server) getEntity(c *gin.Context) error {
	e, err := s.app.Entity(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, e.Revision())
	c.JSON(nethttp.StatusOK, e)
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
	q.After, q.Limit = p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	page, err := s.app.Relationships(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// getRelationship answers GET /relationships/{id}.
func (s *Server) getRelationship(c *gin.Context) error {
	r, err := s.app.Relationship(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, r.Revision())
	c.JSON(nethttp.StatusOK, r)
	return nil
}

// entityRelationships answers GET /entities/{id}/relationships?types=: the
// entity's ties with the entity at the other end, ordered by relationship
// id, paginated.
func (s *Server) entityRelationships(c *gin.Context) error {
	p := queryParams(c)
	q := app.TiesQuery{Entity: c.Param("id"), Types: p.types("types")}
	q.After, q.Limit = p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	page, err := s.app.Ties(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// search answers GET /search?q=&kind=&limit= with app.Search.
func (s *Server) search(c *gin.Context) error {
	p := queryParams(c)
	q := app.SearchQuery{Q: p.str("q"), Kind: p.kind("kind"), Limit: p.int("limit", app.DefaultSearchLimit, 1, app.MaxSearchLimit)}
	if err := p.err(); err != nil {
		return err
	}
	res, err := s.app.Search(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// types answers GET /types: the relationship vocabulary and the kinds.
func (s *Server) types(c *gin.Context) error {
	c.JSON(nethttp.StatusOK, gin.H{"types": graph.Types(), "kinds": graph.Kinds()})
	return nil
}

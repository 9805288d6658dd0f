package http

import (
	nethttp "net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// writes are the app's writes of one record type, so that entities and
// relationships share one set of handlers for POST, PUT, PATCH and DELETE.
type writes[T any] struct {
	path   string // "/api/v1/entities/", for Location
	id     func(t *T) string
	create func(c *gin.Context, t T) (app.Written[T], error)
	put    func(c *gin.Context, id string, t T, w app.Condition) (app.Written[T], error)
	patch  func(c *gin.Context, id string, doc []byte, w app.Condition) (app.Written[T], error)
	remove func(c *gin.Context, id string, w app.Condition) error
}

func (s *Server) entityWrites() *writes[graph.Entity] {
	return &writes[graph.Entity]{
		path: "/api/v1/entities/",
		id:   func(e *graph.Entity) string { return e.ID },
		create: func(c *gin.Context, e graph.Entity) (app.Written[graph.Entity], error) {
			return s.app.CreateEntity(c.Request.Context(), s.caller(c), e)
		},
		put: func(c *gin.Context, id string, e graph.Entity, w app.Condition) (app.Written[graph.Entity], error) {
			return s.app.PutEntity(c.Request.Context(), s.caller(c), id, e, w)
		},
		patch: func(c *gin.Context, id string, doc []byte, w app.Condition) (app.Written[graph.Entity], error) {
			return s.app.PatchEntity(c.Request.Context(), s.caller(c), id, doc, w)
		},
		remove: func(c *gin.Context, id string, w app.Condition) error {
			return s.app.DeleteEntity(c.Request.Context(), s.caller(c), id, w)
		},
	}
}

func (s *Server) relationshipWrites() *writes[graph.Relationship] {
	return &writes[graph.Relationship]{
		path: "/api/v1/relationships/",
		id:   func(r *graph.Relationship) string { return r.ID },
		create: func(c *gin.Context, r graph.Relationship) (app.Written[graph.Relationship], error) {
			return s.app.CreateRelationship(c.Request.Context(), s.caller(c), r)
		},
		put: func(c *gin.Context, id string, r graph.Relationship, w app.Condition) (app.Written[graph.Relationship], error) {
			return s.app.PutRelationship(c.Request.Context(), s.caller(c), id, r, w)
		},
		patch: func(c *gin.Context, id string, doc []byte, w app.Condition) (app.Written[graph.Relationship], error) {
			return s.app.PatchRelationship(c.Request.Context(), s.caller(c), id, doc, w)
		},
		remove: func(c *gin.Context, id string, w app.Condition) error {
			return s.app.DeleteRelationship(c.Request.Context(), s.caller(c), id, w)
		},
	}
}

// condition reads If-Match and If-None-Match.
func condition(c *gin.Context) app.Condition {
	return app.Condition{Match: ifMatch(c), None: c.GetHeader("If-None-Match") == "*"}
}

// createRecord answers POST: the record must not exist yet (409 otherwise).
func (r *writes[T]) createRecord(c *gin.Context) error {
	var t T
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	w, err := r.create(c, t)
	if err != nil {
		return err
	}
	c.Header("Location", r.path+url.PathEscape(r.id(&w.Record)))
	setETag(c, w.Revision)
	c.JSON(nethttp.StatusCreated, w.Record)
	return nil
}

// putRecord answers PUT: an idempotent upsert by id. If-Match makes it
// conditional on the current revision ("*": on existing at all), and
// If-None-Match: * on not existing.
func (r *writes[T]) putRecord(c *gin.Context) error {
	var t T
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	id := c.Param("id")
	w, err := r.put(c, id, t, condition(c))
	if err != nil {
		return err
	}
	status := nethttp.StatusOK
	if w.Created {
		status = nethttp.StatusCreated
		c.Header("Location", r.path+url.PathEscape(id))
	}
	setETag(c, w.Revision)
	c.JSON(status, w.Record)
	return nil
}

// patchRecord answers PATCH with a JSON merge patch (RFC 7396).
func (r *writes[T]) patchRecord(c *gin.Context) error {
	doc, err := readBody(c)
	if err != nil {
		return err
	}
	w, err := r.patch(c, c.Param("id"), doc, condition(c))
	if err != nil {
		return err
	}
	setETag(c, w.Revision)
	c.JSON(nethttp.StatusOK, w.Record)
	return nil
}

// deleteRecord answers DELETE: 204, or 404 when the record is missing.
func (r *writes[T]) deleteRecord(c *gin.Context) error {
	if err := r.remove(c, c.Param("id"), condition(c)); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

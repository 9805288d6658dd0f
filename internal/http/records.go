package http

import (
	"context"
	nethttp "net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// writes are the app's writes of one record type, so that entities and
// relationships share one set of handlers for POST, PUT, PATCH and DELETE.
type writes[T any] struct {
	s      *Server
	path   string // "/api/v1/entities/", for Location
	id     func(t *T) string
	create func(ctx context.Context, c app.Caller, t T) (app.Written[T], error)
	put    func(ctx context.Context, c app.Caller, id string, t T, w app.Condition) (app.Written[T], error)
	patch  func(ctx context.Context, c app.Caller, id string, doc []byte, w app.Condition) (app.Written[T], error)
	remove func(ctx context.Context, c app.Caller, id string, w app.Condition) error
}

func (s *Server) entityWrites() *writes[graph.Entity] {
	return &writes[graph.Entity]{s: s, path: "/api/v1/entities/", id: func(e *graph.Entity) string { return e.ID },
		create: s.app.CreateEntity, put: s.app.PutEntity, patch: s.app.PatchEntity, remove: s.app.DeleteEntity}
}

func (s *Server) relationshipWrites() *writes[graph.Relationship] {
	return &writes[graph.Relationship]{s: s, path: "/api/v1/relationships/", id: func(r *graph.Relationship) string { return r.ID },
		create: s.app.CreateRelationship, put: s.app.PutRelationship, patch: s.app.PatchRelationship, remove: s.app.DeleteRelationship}
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
	w, err := r.create(c.Request.Context(), r.s.caller(c), t)
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
	w, err := r.put(c.Request.Context(), r.s.caller(c), id, t, condition(c))
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
	w, err := r.patch(c.Request.Context(), r.s.caller(c), c.Param("id"), doc, condition(c))
	if err != nil {
		return err
	}
	setETag(c, w.Revision)
	c.JSON(nethttp.StatusOK, w.Record)
	return nil
}

// deleteRecord answers DELETE: 204, or 404 when the record is missing.
func (r *writes[T]) deleteRecord(c *gin.Context) error {
	if err := r.remove(c.Request.Context(), r.s.caller(c), c.Param("id"), condition(c)); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

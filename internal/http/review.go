package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// reviewRoutes registers the review queue of likely duplicates under api
// (/api/v1): editors and admins only, reads included, since the queue
// shows every entity. A pair is merged with POST /merges.
func (s *Server) reviewRoutes(api *gin.RouterGroup) {
	edit := api.Group("/dedupe", s.require(graph.RoleEditor))
	edit.GET("/pairs", s.handle(s.reviewQueue))
	edit.GET("/not-same", s.handle(s.listNotSame))
	edit.POST("/not-same", s.handle(s.markNotSame))
	edit.DELETE("/not-same", s.handle(s.forgetNotSame))
	edit.POST("/auto-merge", s.handle(s.mergeAuto))
}

// mergeAuto answers POST /dedupe/auto-merge: merge every pair sure enough.
func (s *Server) mergeAuto(c *gin.Context) error {
	res, err := s.app.MergeAuto(c.Request.Context(), s.caller(c))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// reviewQueue answers GET /dedupe/pairs?limit=: the pairs waiting, best
// first, with their evidence.
func (s *Server) reviewQueue(c *gin.Context) error {
	p := queryParams(c)
	limit := p.int("limit", s.cfg.DefaultPageSize, 1, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	q, err := s.app.ReviewQueue(c.Request.Context(), s.caller(c), limit)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, q)
	return nil
}

// listNotSame answers GET /dedupe/not-same: the pairs marked not the same.
func (s *Server) listNotSame(c *gin.Context) error {
	ns, err := s.app.NotSamePairs(c.Request.Context(), s.caller(c))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, list[graph.NotSame]{Items: ns})
	return nil
}

// markNotSame answers POST /dedupe/not-same with {"a", "b", "note"}.
func (s *Server) markNotSame(c *gin.Context) error {
	var body struct {
		A    string `json:"a"`
		B    string `json:"b"`
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	n, err := s.app.MarkNotSame(c.Request.Context(), s.caller(c), body.A, body.B, body.Note)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusCreated, n)
	return nil
}

// forgetNotSame answers DELETE /dedupe/not-same?a=&b=.
func (s *Server) forgetNotSame(c *gin.Context) error {
	const op = "http.forgetNotSame"
	a, b := c.Query("a"), c.Query("b")
	var ds []graph.Detail
	if a == "" {
		ds = append(ds, graph.Detail{Field: "a", Reason: "is required"})
	}
	if b == "" {
		ds = append(ds, graph.Detail{Field: "b", Reason: "is required"})
	}
	if len(ds) > 0 {
		return &graph.Error{Op: op, Code: graph.Invalid, Message: "name both entities of the pair", Details: ds}
	}
	if err := s.app.ForgetNotSame(c.Request.Context(), s.caller(c), a, b); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

package http

import (
	nethttp "net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// mergeRoutes registers the merge routes under api (/api/v1). Merges are an
// editing tool: every route, reads included, is for editors and admins.
// Room is left under /merges for a review queue of suggested duplicates.
func (s *Server) mergeRoutes(api *gin.RouterGroup) {
	edit := api.Group("", s.require(graph.RoleEditor))
	edit.GET("/merges", s.handle(s.listMerges))
	edit.POST("/merges", s.handle(s.merge))
	edit.GET("/merges/:id", s.handle(s.getMerge))
	edit.POST("/merges/:id/undo", s.handle(s.unmerge))
}

// listMerges answers GET /merges?limit=: merges newest first, without the
// records they touched.
func (s *Server) listMerges(c *gin.Context) error {
	p := queryParams(c)
	limit := p.int("limit", s.cfg.DefaultPageSize, 1, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	ms, err := s.app.Merges(c.Request.Context(), s.caller(c), limit)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, list[graph.Merge]{Items: ms})
	return nil
}

// merge answers POST /merges with {"keep": ref, "drop": ref}.
func (s *Server) merge(c *gin.Context) error {
	var body struct {
		Keep string `json:"keep"`
		Drop string `json:"drop"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	m, err := s.app.Merge(c.Request.Context(), s.caller(c), body.Keep, body.Drop)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/merges/"+url.PathEscape(m.ID))
	c.JSON(nethttp.StatusCreated, m.Summary())
	return nil
}

// getMerge answers GET /merges/:id with the merge and its records.
func (s *Server) getMerge(c *gin.Context) error {
	m, err := s.app.MergeRecord(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, m)
	return nil
}

// unmerge answers POST /merges/:id/undo.
func (s *Server) unmerge(c *gin.Context) error {
	m, err := s.app.Unmerge(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, m)
	return nil
}

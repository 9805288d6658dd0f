package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// communityRoutes registers the community questions under api (/api/v1):
// the leaders to engage for a target and the ballot overview of a
// district.
func (s *Server) communityRoutes(api *gin.RouterGroup) {
	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/entities/:id/leaders", s.handle(s.leaders))
	read.GET("/ballots/:district", s.handle(s.ballot))
}

// leaders answers GET /entities/{id}/leaders?campaign=&limit= with
// app.Leaders.
func (s *Server) leaders(c *gin.Context) error {
	p := queryParams(c)
	q := app.LeadersQuery{Target: c.Param("id"), Campaign: p.str("campaign"), Limit: p.int("limit", app.DefaultLeaders, 1, app.MaxLeaders)}
	if err := p.err(); err != nil {
		return err
	}
	res, err := s.app.Leaders(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// ballot answers GET /ballots/{district} with app.Ballot.
func (s *Server) ballot(c *gin.Context) error {
	res, err := s.app.Ballot(c.Request.Context(), s.caller(c), c.Param("district"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

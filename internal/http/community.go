package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// communityRoutes registers the community questions under api (/api/v1):
// the leaders to engage for a target and the ballot overview of a
// district, and the writes that put a leader on a campaign's weekly list
// (its contacts).
func (s *Server) communityRoutes(api *gin.RouterGroup) {
	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/entities/:id/leaders", s.handle(s.leaders))
	read.GET("/ballots/:district", s.handle(s.ballot))

	write := api.Group("", s.require(graph.RoleEditor))
	write.POST("/campaigns/:id/contacts", s.handle(s.addContact))
	write.DELETE("/campaigns/:id/contacts/:entity", s.handle(s.deleteContact))
}

// contactBody is the body of POST /campaigns/{id}/contacts.
type contactBody struct {
	Entity string `json:"entity"`
}

// addContact answers POST /campaigns/{id}/contacts {"entity": ...} with
// app.AddContact: the campaign as stored.
func (s *Server) addContact(c *gin.Context) error {
	var b contactBody
	if err := decodeJSON(c, &b); err != nil {
		return err
	}
	if b.Entity == "" {
		return bodyError("http.addContact", "entity", "must name a person by id or name")
	}
	cp, err := s.app.AddContact(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c), b.Entity)
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusOK, cp)
	return nil
}

// deleteContact answers DELETE /campaigns/{id}/contacts/{entity}.
func (s *Server) deleteContact(c *gin.Context) error {
	cp, err := s.app.DeleteContact(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c), c.Param("entity"))
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusOK, cp)
	return nil
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

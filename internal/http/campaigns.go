package http

import (
	nethttp "net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/app"
)

// campaignRoutes registers the campaign routes under api (/api/v1): reads
// for viewers, writes for editors, as the rest of the API. Every handler
// parses, calls the app and writes.
func (s *Server) campaignRoutes(api *gin.RouterGroup) {
	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/issues", s.handle(s.listIssues))
	read.GET("/issues/:id/stances", s.handle(s.stances))
	read.GET("/campaigns", s.handle(s.listCampaigns))
	read.GET("/campaigns/:id", s.handle(s.getCampaign))
	read.GET("/campaigns/:id/grid", s.handle(s.grid))
	read.GET("/campaigns/:id/outreach", s.handle(s.outreach))
	read.GET("/campaigns/:id/outreach/weeks", s.handle(s.weeks))
	read.GET("/outreach", s.handle(s.outreachAll))
	read.GET("/interactions", s.handle(s.listInteractions))
	read.GET("/interactions/:id", s.handle(s.getInteraction))

	write := api.Group("", s.require(graph.RoleEditor))
	write.PUT("/issues/:id/stances/:entity", s.handle(s.setStance))
	write.POST("/campaigns", s.handle(s.createCampaign))
	write.PUT("/campaigns/:id", s.handle(s.putCampaign))
	write.DELETE("/campaigns/:id", s.handle(s.deleteCampaign))
	write.POST("/campaigns/:id/targets", s.handle(s.addTarget))
	write.PATCH("/campaigns/:id/targets/:entity", s.handle(s.patchTarget))
	write.DELETE("/campaigns/:id/targets/:entity", s.handle(s.deleteTarget))
	write.POST("/campaigns/:id/outreach", s.handle(s.saveOutreach))
	write.POST("/interactions", s.handle(s.logInteraction))
	write.DELETE("/interactions/:id", s.handle(s.deleteInteraction))
}

// listIssues answers GET /issues?after=&limit=: the entities of kind issue.
func (s *Server) listIssues(c *gin.Context) error {
	p := queryParams(c)
	after, limit := p.page(s.cfg.DefaultPageSize, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	page, err := s.app.Issues(c.Request.Context(), s.caller(c), after, limit)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// stances answers GET /issues/{id}/stances.
func (s *Server) stances(c *gin.Context) error {
	res, err := s.app.Stances(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// setStance answers PUT /issues/{id}/stances/{entity} with
// {"alignment": -2..2 or null}.
func (s *Server) setStance(c *gin.Context) error {
	var body struct {
		Alignment *graph.Alignment `json:"alignment"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	al := graph.AlignmentUnknown
	if body.Alignment != nil {
		al = *body.Alignment
	}
	res, err := s.app.SetStance(c.Request.Context(), s.caller(c), c.Param("id"), c.Param("entity"), al)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

func (s *Server) listCampaigns(c *gin.Context) error {
	all, err := s.app.Campaigns(c.Request.Context(), s.caller(c))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, list[graph.Campaign]{Items: all})
	return nil
}

func (s *Server) getCampaign(c *gin.Context) error {
	nc, err := s.app.NamedCampaign(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, app.CampaignRevision(&nc.Campaign))
	c.JSON(nethttp.StatusOK, nc)
	return nil
}

func writeCampaign(c *gin.Context, status int, cp graph.Campaign) {
	setETag(c, app.CampaignRevision(&cp))
	c.JSON(status, cp)
}

// createCampaign answers POST /campaigns.
func (s *Server) createCampaign(c *gin.Context) error {
	var cp graph.Campaign
	if err := decodeJSON(c, &cp); err != nil {
		return err
	}
	cp, err := s.app.CreateCampaign(c.Request.Context(), s.caller(c), cp)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/campaigns/"+url.PathEscape(cp.ID))
	writeCampaign(c, nethttp.StatusCreated, cp)
	return nil
}

// putCampaign answers PUT /campaigns/{id}: it replaces the campaign,
// honouring If-Match.
func (s *Server) putCampaign(c *gin.Context) error {
	var next graph.Campaign
	if err := decodeJSON(c, &next); err != nil {
		return err
	}
	id := c.Param("id")
	if next.ID != "" && next.ID != id {
		return bodyError("http.putCampaign", "id", "must equal the id in the path ("+id+"), got "+next.ID)
	}
	cp, err := s.app.UpdateCampaign(c.Request.Context(), s.caller(c), id, ifMatch(c), "campaign.update", nil,
		func(cp *graph.Campaign) error { *cp = next; return nil })
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusOK, cp)
	return nil
}

func (s *Server) deleteCampaign(c *gin.Context) error {
	if err := s.app.DeleteCampaign(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c)); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

// addTarget answers POST /campaigns/{id}/targets with a graph.Target.
func (s *Server) addTarget(c *gin.Context) error {
	var t graph.Target
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	cp, err := s.app.AddTarget(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c), t)
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusCreated, cp)
	return nil
}

// patchTarget answers PATCH /campaigns/{id}/targets/{entity}.
func (s *Server) patchTarget(c *gin.Context) error {
	var p app.TargetPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	cp, err := s.app.PatchTarget(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c), c.Param("entity"), p)
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusOK, cp)
	return nil
}

func (s *Server) deleteTarget(c *gin.Context) error {
	cp, err := s.app.DeleteTarget(c.Request.Context(), s.caller(c), c.Param("id"), ifMatch(c), c.Param("entity"))
	if err != nil {
		return err
	}
	writeCampaign(c, nethttp.StatusOK, cp)
	return nil
}

// weekParam reads ?week= (default: this week).
func weekParam(p *params) graph.Week {
	s := p.str("week")
	if s == "" {
		return graph.Week{}
	}
	w, err := graph.ParseWeek(s)
	if err != nil {
		p.fail("week", graph.DetailsOf(err)[0].Reason)
	}
	return w
}

// formatParam reads ?format= among allowed (the first is the default).
func formatParam(p *params, allowed ...string) string {
	f := strings.ToLower(p.str("format"))
	if f == "" {
		return allowed[0]
	}
	if !slices.Contains(allowed, f) {
		p.fail("format", "must be one of "+strings.Join(allowed, ", ")+", got "+f)
	}
	return f
}

// grid answers GET /campaigns/{id}/grid?format=json|csv.
func (s *Server) grid(c *gin.Context) error {
	p := queryParams(c)
	f := formatParam(p, "json", "csv")
	if err := p.err(); err != nil {
		return err
	}
	g, err := s.app.Grid(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	if f == "csv" {
		c.Header("Content-Disposition", `attachment; filename="grid.csv"`)
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Status(nethttp.StatusOK)
		return outreach.WriteGridCSV(c.Writer, g)
	}
	c.JSON(nethttp.StatusOK, g)
	return nil
}

// outreach answers GET /campaigns/{id}/outreach?week=&format=json|csv|ics.
func (s *Server) outreach(c *gin.Context) error {
	p := queryParams(c)
	w := weekParam(p)
	f := formatParam(p, "json", "csv", "ics")
	if err := p.err(); err != nil {
		return err
	}
	l, cp, err := s.app.Outreach(c.Request.Context(), s.caller(c), app.OutreachQuery{Campaign: c.Param("id"), Week: w})
	if err != nil {
		return err
	}
	return writeList(c, l, f, cp.Name)
}

// outreachAll answers GET /outreach?week=&format=json|csv|ics: the merged
// list of every active campaign.
func (s *Server) outreachAll(c *gin.Context) error {
	p := queryParams(c)
	w := weekParam(p)
	f := formatParam(p, "json", "csv", "ics")
	if err := p.err(); err != nil {
		return err
	}
	l, err := s.app.OutreachAll(c.Request.Context(), s.caller(c), w, 0)
	if err != nil {
		return err
	}
	return writeList(c, l, f, "every active campaign")
}

// writeList answers with a list as JSON, CSV or ICS.
func writeList(c *gin.Context, l *graph.OutreachList, f, title string) error {
	switch f {
	case "csv":
		c.Header("Content-Disposition", `attachment; filename="outreach-`+l.Week+`.csv"`)
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Status(nethttp.StatusOK)
		return outreach.WriteCSV(c.Writer, l)
	case "ics":
		c.Header("Content-Disposition", `attachment; filename="outreach-`+l.Week+`.ics"`)
		c.Header("Content-Type", "text/calendar; charset=utf-8")
		c.Status(nethttp.StatusOK)
		return outreach.WriteICS(c.Writer, l, title)
	}
	c.JSON(nethttp.StatusOK, l)
	return nil
}

// weeks answers GET /campaigns/{id}/outreach/weeks.
func (s *Server) weeks(c *gin.Context) error {
	res, err := s.app.OutreachWeeks(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// saveOutreach answers POST /campaigns/{id}/outreach: it computes and saves
// this week's list now, as the weekly job does.
func (s *Server) saveOutreach(c *gin.Context) error {
	l, err := s.app.SaveOutreach(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusCreated, gin.H{"campaign": l.Campaign, "week": l.Week, "entries": len(l.Entries)})
	return nil
}

// listInteractions answers GET /interactions?campaign=&entity=&since=&until=&limit=,
// newest first.
func (s *Server) listInteractions(c *gin.Context) error {
	p := queryParams(c)
	q := graph.InteractionQuery{Campaign: p.str("campaign"), Entity: p.str("entity"), Since: p.str("since"), Until: p.str("until"),
		Limit: p.int("limit", s.cfg.DefaultPageSize, 1, s.cfg.MaxPageSize)}
	for _, f := range []string{"since", "until"} {
		if d := p.str(f); d != "" {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				p.fail(f, "must be a date (YYYY-MM-DD), got "+d)
			}
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	log, err := s.app.InteractionLog(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, log)
	return nil
}

func (s *Server) getInteraction(c *gin.Context) error {
	ix, err := s.app.Interaction(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, ix)
	return nil
}

// logInteraction answers POST /interactions with a graph.Interaction.
func (s *Server) logInteraction(c *gin.Context) error {
	var ix graph.Interaction
	if err := decodeJSON(c, &ix); err != nil {
		return err
	}
	res, err := s.app.LogInteraction(c.Request.Context(), s.caller(c), ix)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/interactions/"+url.PathEscape(res.Interaction.ID))
	c.JSON(nethttp.StatusCreated, res)
	return nil
}

func (s *Server) deleteInteraction(c *gin.Context) error {
	if err := s.app.DeleteInteraction(c.Request.Context(), s.caller(c), c.Param("id")); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

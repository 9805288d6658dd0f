package http

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	nethttp "net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

// campaignAPI serves campaigns, the organizing log, issues and stances,
// the power grid and the weekly outreach lists. Weeks are read in
// Config.Location, or else in the location of the server's clock.
type campaignAPI struct {
	s   *Server
	cs  graph.CampaignStore
	svc *outreach.Service
}

// campaignRoutes registers the campaign routes under api (/api/v1): reads
// for viewers, writes for editors, as the rest of the API.
func (s *Server) campaignRoutes(api *gin.RouterGroup) {
	a := &campaignAPI{s: s}
	a.cs, _ = s.store.(graph.CampaignStore)
	loc := s.cfg.Location
	if loc == nil {
		loc = s.now().Location()
	}
	a.svc = &outreach.Service{Graph: s.store, Campaigns: a.cs, Now: s.now, Location: loc, Logger: s.log, SaveOnRead: true}

	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/issues", s.handle(a.listIssues))
	read.GET("/issues/:id/stances", s.handle(a.stances))
	read.GET("/campaigns", s.handle(a.listCampaigns))
	read.GET("/campaigns/:id", s.handle(a.getCampaign))
	read.GET("/campaigns/:id/grid", s.handle(a.grid))
	read.GET("/campaigns/:id/outreach", s.handle(a.outreach))
	read.GET("/campaigns/:id/outreach/weeks", s.handle(a.weeks))
	read.GET("/outreach", s.handle(a.outreachAll))
	read.GET("/interactions", s.handle(a.listInteractions))
	read.GET("/interactions/:id", s.handle(a.getInteraction))

	write := api.Group("", s.require(graph.RoleEditor))
	write.PUT("/issues/:id/stances/:entity", s.handle(a.setStance))
	write.POST("/campaigns", s.handle(a.createCampaign))
	write.PUT("/campaigns/:id", s.handle(a.putCampaign))
	write.DELETE("/campaigns/:id", s.handle(a.deleteCampaign))
	write.POST("/campaigns/:id/targets", s.handle(a.addTarget))
	write.PATCH("/campaigns/:id/targets/:entity", s.handle(a.patchTarget))
	write.DELETE("/campaigns/:id/targets/:entity", s.handle(a.deleteTarget))
	write.POST("/campaigns/:id/outreach", s.handle(a.saveOutreach))
	write.POST("/interactions", s.handle(a.logInteraction))
	write.DELETE("/interactions/:id", s.handle(a.deleteInteraction))
}

func (a *campaignAPI) store(op string) (graph.CampaignStore, error) {
	if a.cs == nil {
		return nil, graph.Errorf(op, graph.Unavailable, "this store keeps no campaigns")
	}
	return a.cs, nil
}

// campaignRevision is a campaign's ETag: a hash of its JSON.
func campaignRevision(c *graph.Campaign) string {
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// hide reports whether the caller may not see entity id: viewers see no
// private entity.
func (a *campaignAPI) hide(c *gin.Context, v *visibility, id string) (bool, error) {
	ok, err := v.id(c.Request.Context(), id)
	return !ok, err
}

// listIssues answers GET /issues?after=&limit=: the entities of kind issue.
func (a *campaignAPI) listIssues(c *gin.Context) error {
	p := queryParams(c)
	after, limit := p.page(a.s.cfg.DefaultPageSize, a.s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	v := a.s.visibility(c)
	page, err := paginate(c.Request.Context(), after, limit,
		func(ctx context.Context, after string, n int) ([]graph.Entity, error) {
			return a.s.store.Entities(ctx, graph.EntityQuery{Kind: graph.KindIssue, After: after, Limit: n})
		},
		func(e *graph.Entity) string { return e.ID },
		func(e *graph.Entity) (bool, error) { return v.entity(e), nil })
	if err != nil {
		return graph.E("http.listIssues", err)
	}
	c.JSON(nethttp.StatusOK, page)
	return nil
}

// Stance is one entity's position on an issue.
type Stance struct {
	Entity    graph.EntityRef `json:"entity"`
	Alignment graph.Alignment `json:"alignment"`
}

// issue reads an issue entity, or answers NotFound (also for an entity of
// another kind).
func (a *campaignAPI) issue(c *gin.Context, op, id string) (graph.Entity, error) {
	e, err := a.s.entities.current(c, id)
	if err != nil {
		return e, err
	}
	if e.Kind != graph.KindIssue {
		return e, graph.Errorf(op, graph.NotFound, "%q is %s, not an issue", id, e.Kind)
	}
	return e, nil
}

// stances answers GET /issues/{id}/stances: every current stance on the
// issue, strongest support first, then by id.
func (a *campaignAPI) stances(c *gin.Context) error {
	const op = "http.stances"
	is, err := a.issue(c, op, c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	al, _, err := outreach.Stances(ctx, a.s.store, is.ID, a.s.now())
	if err != nil {
		return graph.E(op, err)
	}
	v := a.s.visibility(c)
	out := []Stance{}
	for id, x := range al {
		e, err := a.s.store.Entity(ctx, id)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return graph.E(op, err)
		}
		if !v.entity(&e) {
			continue
		}
		out = append(out, Stance{Entity: graph.EntityRef{ID: e.ID, Name: e.Name, Kind: e.Kind, Private: e.IsPrivate()}, Alignment: x})
	}
	slices.SortFunc(out, func(x, y Stance) int {
		if x.Alignment != y.Alignment {
			return int(y.Alignment) - int(x.Alignment)
		}
		return strings.Compare(x.Entity.ID, y.Entity.ID)
	})
	c.JSON(nethttp.StatusOK, gin.H{"issue": graph.EntityRef{ID: is.ID, Name: is.Name, Kind: is.Kind}, "stances": out})
	return nil
}

// setStance answers PUT /issues/{id}/stances/{entity} with
// {"alignment": -2..2 or null}: it records the entity's stance as one
// SUPPORTS or OPPOSES tie (graph.StanceTie), replacing any other, or
// deletes both for null (unknown).
func (a *campaignAPI) setStance(c *gin.Context) error {
	const op = "http.setStance"
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
	if !al.Valid() {
		reason := "must be an integer from -2 (strong opposition) to +2 (strong support), or null for unknown; got " + al.String()
		return bodyError(op, "alignment", reason)
	}
	is, err := a.issue(c, op, c.Param("id"))
	if err != nil {
		return err
	}
	who, err := a.s.entities.current(c, c.Param("entity"))
	if err != nil {
		return err
	}
	if who.Kind == graph.KindIssue {
		return bodyError(op, "entity", "an issue takes no stance on an issue")
	}
	ctx := c.Request.Context()
	b := &graph.Batch{Audit: a.s.auditBatch(c, who.ID, func(graph.Stats) (string, map[string]string) {
		return "stance.set", map[string]string{"issue": is.ID, "alignment": al.String()}
	})}
	r, ok := graph.StanceTie(who.ID, is.ID, al)
	for _, id := range graph.StanceIDs(who.ID, is.ID) {
		if ok && id == r.ID {
			continue
		}
		if _, err := a.s.store.Relationship(ctx, id); err == nil {
			b.DeleteRelationships = append(b.DeleteRelationships, id)
		} else if !graph.Is(err, graph.NotFound) {
			return graph.E(op, err)
		}
	}
	if ok {
		b.Relationships = append(b.Relationships, r)
	}
	// Applied even when empty, to record the entry.
	if _, err := a.s.store.Apply(ctx, b); err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusOK, Stance{Entity: graph.EntityRef{ID: who.ID, Name: who.Name, Kind: who.Kind, Private: who.IsPrivate()}, Alignment: al})
	return nil
}

func (a *campaignAPI) listCampaigns(c *gin.Context) error {
	cs, err := a.store("http.listCampaigns")
	if err != nil {
		return err
	}
	all, err := cs.Campaigns(c.Request.Context())
	if err != nil {
		return graph.E("http.listCampaigns", err)
	}
	v := a.s.visibility(c)
	for i := range all {
		if err := a.visibleCampaign(c, v, &all[i]); err != nil {
			return err
		}
	}
	c.JSON(nethttp.StatusOK, list[graph.Campaign]{Items: all})
	return nil
}

// visibleCampaign hides a private owner from viewers. Targets are
// officials, whose records are public.
func (a *campaignAPI) visibleCampaign(c *gin.Context, v *visibility, cp *graph.Campaign) error {
	if cp.Owner == "" {
		return nil
	}
	hidden, err := a.hide(c, v, cp.Owner)
	if err != nil {
		return graph.E("http.campaign", err)
	}
	if hidden {
		cp.Owner = ""
	}
	return nil
}

// campaign reads a campaign and checks an If-Match header against it.
func (a *campaignAPI) campaign(c *gin.Context, op string) (graph.Campaign, error) {
	cs, err := a.store(op)
	if err != nil {
		return graph.Campaign{}, err
	}
	cp, err := cs.Campaign(c.Request.Context(), c.Param("id"))
	if err != nil {
		return cp, graph.E(op, err)
	}
	if want := ifMatch(c); want != "" && want != "*" && want != campaignRevision(&cp) {
		return cp, preconditionFailed(op, "campaign", cp.ID, nil)
	}
	return cp, nil
}

func (a *campaignAPI) getCampaign(c *gin.Context) error {
	cp, err := a.campaign(c, "http.getCampaign")
	if err != nil {
		return err
	}
	setETag(c, campaignRevision(&cp))
	if err := a.visibleCampaign(c, a.s.visibility(c), &cp); err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, cp)
	return nil
}

func (a *campaignAPI) respondCampaign(c *gin.Context, status int, cp graph.Campaign) {
	setETag(c, campaignRevision(&cp))
	c.JSON(status, cp)
}

// createCampaign answers POST /campaigns: a new campaign; an id is made
// from the name when none is given.
func (a *campaignAPI) createCampaign(c *gin.Context) error {
	const op = "http.createCampaign"
	cs, err := a.store(op)
	if err != nil {
		return err
	}
	var cp graph.Campaign
	if err := decodeJSON(c, &cp); err != nil {
		return err
	}
	if strings.TrimSpace(cp.ID) == "" {
		cp.ID = "campaign-" + graph.RandomID(6)
	}
	cp.Normalize()
	cp, err = cs.CreateCampaign(c.Request.Context(), cp, a.s.auditEntry(c, "campaign.create", cp.ID, nil))
	if err != nil {
		return graph.E(op, err)
	}
	c.Header("Location", "/api/v1/campaigns/"+url.PathEscape(cp.ID))
	a.respondCampaign(c, nethttp.StatusCreated, cp)
	return nil
}

// putCampaign answers PUT /campaigns/{id}: it replaces the campaign,
// honouring If-Match.
func (a *campaignAPI) putCampaign(c *gin.Context) error {
	const op = "http.putCampaign"
	cur, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	var cp graph.Campaign
	if err := decodeJSON(c, &cp); err != nil {
		return err
	}
	if cp.ID != "" && cp.ID != cur.ID {
		return bodyError(op, "id", "must equal the id in the path ("+cur.ID+"), got "+cp.ID)
	}
	cp.ID = cur.ID
	return a.update(c, op, cp, "campaign.update")
}

func (a *campaignAPI) update(c *gin.Context, op string, cp graph.Campaign, action string) error {
	cp, err := a.cs.UpdateCampaign(c.Request.Context(), cp, a.s.auditEntry(c, action, cp.ID, nil))
	if err != nil {
		return graph.E(op, err)
	}
	a.respondCampaign(c, nethttp.StatusOK, cp)
	return nil
}

func (a *campaignAPI) deleteCampaign(c *gin.Context) error {
	const op = "http.deleteCampaign"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	if err := a.cs.DeleteCampaign(c.Request.Context(), cp.ID, a.s.auditEntry(c, "campaign.delete", cp.ID, nil)); err != nil {
		return graph.E(op, err)
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

// addTarget answers POST /campaigns/{id}/targets with a graph.Target.
func (a *campaignAPI) addTarget(c *gin.Context) error {
	const op = "http.addTarget"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	var t graph.Target
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	cp.Targets = append(cp.Targets, t)
	cp, err = a.cs.UpdateCampaign(c.Request.Context(), cp,
		a.s.auditEntry(c, "campaign.target.add", cp.ID, map[string]string{"target": t.Entity}))
	if err != nil {
		return graph.E(op, err)
	}
	a.respondCampaign(c, nethttp.StatusCreated, cp)
	return nil
}

// patchTarget answers PATCH /campaigns/{id}/targets/{entity} with any of
// priority, status, commitment, committed_on and notes. Moving away from
// committed clears the commitment.
func (a *campaignAPI) patchTarget(c *gin.Context) error {
	const op = "http.patchTarget"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	t, ok := cp.Target(c.Param("entity"))
	if !ok {
		return graph.Errorf(op, graph.NotFound, "%q is not a target of campaign %q", c.Param("entity"), cp.ID)
	}
	var patch struct {
		Priority    *graph.Priority     `json:"priority"`
		Status      *graph.TargetStatus `json:"status"`
		Commitment  *string             `json:"commitment"`
		CommittedOn *string             `json:"committed_on"`
		Notes       *string             `json:"notes"`
	}
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	if patch.Priority != nil {
		t.Priority = *patch.Priority
	}
	if patch.Status != nil {
		st, err := graph.ParseTargetStatus(string(*patch.Status))
		if err != nil {
			return graph.E(op, err)
		}
		t.Status = st
		if st != graph.StatusCommitted {
			t.Commitment, t.CommittedOn = "", ""
		} else if t.CommittedOn == "" && patch.CommittedOn == nil {
			t.CommittedOn = a.s.now().Format(time.DateOnly)
		}
	}
	if patch.Commitment != nil {
		t.Commitment = *patch.Commitment
	}
	if patch.CommittedOn != nil {
		t.CommittedOn = *patch.CommittedOn
	}
	if patch.Notes != nil {
		t.Notes = *patch.Notes
	}
	return a.update(c, op, cp, "campaign.target.update")
}

func (a *campaignAPI) deleteTarget(c *gin.Context) error {
	const op = "http.deleteTarget"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	id := c.Param("entity")
	if _, ok := cp.Target(id); !ok {
		return graph.Errorf(op, graph.NotFound, "%q is not a target of campaign %q", id, cp.ID)
	}
	cp.Targets = slices.DeleteFunc(cp.Targets, func(t graph.Target) bool { return t.Entity == id })
	return a.update(c, op, cp, "campaign.target.delete")
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
func (a *campaignAPI) grid(c *gin.Context) error {
	const op = "http.grid"
	p := queryParams(c)
	f := formatParam(p, "json", "csv")
	if err := p.err(); err != nil {
		return err
	}
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	g, err := a.svc.Grid(c.Request.Context(), cp.ID)
	if err != nil {
		return graph.E(op, err)
	}
	if !roleOf(c).Allows(graph.RoleEditor) {
		g.Points = slices.DeleteFunc(g.Points, func(pt outreach.GridPoint) bool { return pt.Entity.Private })
		for k := range g.Counts {
			g.Counts[k] = 0
		}
		for _, pt := range g.Points {
			g.Counts[pt.Quadrant]++
		}
	}
	if f == "csv" {
		c.Header("Content-Disposition", `attachment; filename="grid.csv"`)
		c.Status(nethttp.StatusOK)
		c.Header("Content-Type", "text/csv; charset=utf-8")
		return outreach.WriteGridCSV(c.Writer, g)
	}
	c.JSON(nethttp.StatusOK, g)
	return nil
}

// outreach answers GET /campaigns/{id}/outreach?week=&format=json|csv|ics:
// the week's ranked list compared with the previous week's.
func (a *campaignAPI) outreach(c *gin.Context) error {
	const op = "http.outreach"
	p := queryParams(c)
	w := weekParam(p)
	f := formatParam(p, "json", "csv", "ics")
	if err := p.err(); err != nil {
		return err
	}
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	l, err := a.svc.List(c.Request.Context(), cp.ID, w)
	if err != nil {
		return graph.E(op, err)
	}
	return a.writeList(c, l, f, cp.Name)
}

// outreachAll answers GET /outreach?week=&format=json|csv|ics: the merged
// list of every active campaign.
func (a *campaignAPI) outreachAll(c *gin.Context) error {
	const op = "http.outreachAll"
	p := queryParams(c)
	w := weekParam(p)
	f := formatParam(p, "json", "csv", "ics")
	if err := p.err(); err != nil {
		return err
	}
	if _, err := a.store(op); err != nil {
		return err
	}
	l, err := a.svc.ListAll(c.Request.Context(), w)
	if err != nil {
		return graph.E(op, err)
	}
	return a.writeList(c, l, f, "every active campaign")
}

// writeList answers with a list as JSON, CSV or ICS, redacted for viewers.
func (a *campaignAPI) writeList(c *gin.Context, l *graph.OutreachList, f, title string) error {
	if !roleOf(c).Allows(graph.RoleEditor) {
		redactList(l)
	}
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

// privateRef stands in for a private entity in a viewer's list.
var privateRef = graph.EntityRef{Name: "a private contact", Private: true}

// redactList removes what a viewer may not see: entries about private
// people, and the names of private messengers and path nodes.
func redactList(l *graph.OutreachList) {
	keep := func(es []graph.OutreachEntry) []graph.OutreachEntry {
		es = slices.DeleteFunc(es, func(e graph.OutreachEntry) bool { return e.Person.Private })
		for i := range es {
			m := es[i].Messenger
			if m == nil {
				continue
			}
			cp := *m
			if cp.Person.Private {
				cp.Person = privateRef
			}
			cp.Path.Nodes = slices.Clone(cp.Path.Nodes)
			cp.Path.Hops = slices.Clone(cp.Path.Hops)
			hidden := map[string]bool{}
			for j, n := range cp.Path.Nodes {
				if n.Private {
					hidden[n.ID] = true
					cp.Path.Nodes[j] = privateRef
				}
			}
			for j, h := range cp.Path.Hops {
				if hidden[h.From] {
					cp.Path.Hops[j].From = ""
				}
				if hidden[h.To] {
					cp.Path.Hops[j].To = ""
				}
			}
			es[i].Messenger = &cp
			if len(hidden) > 0 {
				es[i].Action.Text = strings.ReplaceAll(es[i].Action.Text, m.Person.Name, privateRef.Name)
				for k := range es[i].Factors {
					es[i].Factors[k].Note = strings.ReplaceAll(es[i].Factors[k].Note, m.Person.Name, privateRef.Name)
				}
			}
		}
		return es
	}
	l.Entries = keep(l.Entries)
	l.Dropped = keep(l.Dropped)
}

// weeks answers GET /campaigns/{id}/outreach/weeks: the weeks with a saved
// list, oldest first, and the current week.
func (a *campaignAPI) weeks(c *gin.Context) error {
	const op = "http.weeks"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	ws, err := a.cs.OutreachWeeks(c.Request.Context(), cp.ID)
	if err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusOK, gin.H{"campaign": cp.ID, "weeks": ws, "current": a.svc.CurrentWeek().String()})
	return nil
}

// saveOutreach answers POST /campaigns/{id}/outreach: it computes and saves
// this week's list now, as the weekly job does.
func (a *campaignAPI) saveOutreach(c *gin.Context) error {
	const op = "http.saveOutreach"
	cp, err := a.campaign(c, op)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	l, err := a.svc.Compute(ctx, cp.ID, a.svc.CurrentWeek())
	if err != nil {
		return graph.E(op, err)
	}
	if err := a.cs.SaveOutreach(ctx, *l, a.s.auditEntry(c, "outreach.save", cp.ID, map[string]string{"week": l.Week})); err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusCreated, gin.H{"campaign": cp.ID, "week": l.Week, "entries": len(l.Entries)})
	return nil
}

// visibleInteraction drops the private participants a viewer may not see.
func (a *campaignAPI) visibleInteraction(c *gin.Context, v *visibility, ix *graph.Interaction) error {
	if v.all {
		return nil
	}
	var keep []string
	for _, id := range ix.Participants {
		hidden, err := a.hide(c, v, id)
		if err != nil {
			return graph.E("http.interaction", err)
		}
		if !hidden {
			keep = append(keep, id)
		}
	}
	if keep == nil {
		keep = []string{}
	}
	ix.Participants = keep
	return nil
}

// listInteractions answers GET /interactions?campaign=&entity=&since=&until=&limit=,
// newest first.
func (a *campaignAPI) listInteractions(c *gin.Context) error {
	const op = "http.listInteractions"
	cs, err := a.store(op)
	if err != nil {
		return err
	}
	p := queryParams(c)
	q := graph.InteractionQuery{Campaign: p.str("campaign"), Entity: p.str("entity"), Since: p.str("since"), Until: p.str("until"),
		Limit: p.int("limit", a.s.cfg.DefaultPageSize, 1, a.s.cfg.MaxPageSize)}
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
	v := a.s.visibility(c)
	if q.Entity != "" {
		if hidden, err := a.hide(c, v, q.Entity); err != nil {
			return graph.E(op, err)
		} else if hidden {
			c.JSON(nethttp.StatusOK, list[graph.Interaction]{Items: []graph.Interaction{}})
			return nil
		}
	}
	ixs, err := cs.Interactions(c.Request.Context(), q)
	if err != nil {
		return graph.E(op, err)
	}
	for i := range ixs {
		if err := a.visibleInteraction(c, v, &ixs[i]); err != nil {
			return err
		}
	}
	c.JSON(nethttp.StatusOK, list[graph.Interaction]{Items: ixs})
	return nil
}

func (a *campaignAPI) getInteraction(c *gin.Context) error {
	const op = "http.getInteraction"
	cs, err := a.store(op)
	if err != nil {
		return err
	}
	ix, err := cs.Interaction(c.Request.Context(), c.Param("id"))
	if err != nil {
		return graph.E(op, err)
	}
	if err := a.visibleInteraction(c, a.s.visibility(c), &ix); err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, ix)
	return nil
}

// LoggedInteraction is the answer of POST /interactions: the entry as
// stored, and what it did to the ties between its participants.
type LoggedInteraction struct {
	Interaction graph.Interaction     `json:"interaction"`
	Refreshed   []outreach.TieRefresh `json:"refreshed"`
}

// logInteraction answers POST /interactions with a graph.Interaction; the
// date defaults to today, By to the caller.
func (a *campaignAPI) logInteraction(c *gin.Context) error {
	const op = "http.logInteraction"
	cs, err := a.store(op)
	if err != nil {
		return err
	}
	var ix graph.Interaction
	if err := decodeJSON(c, &ix); err != nil {
		return err
	}
	if strings.TrimSpace(ix.Date) == "" {
		ix.Date = a.s.now().Format(time.DateOnly)
	}
	ix.CreatedAt = a.s.now().UTC().Truncate(time.Millisecond)
	if pr := principalOf(c); pr != nil {
		ix.By = pr.actor()
	}
	if strings.TrimSpace(ix.ID) == "" {
		ix.ID = graph.NewInteractionID() // for the audit entry
	}
	ix.Normalize()
	ctx := c.Request.Context()
	ix, err = cs.LogInteraction(ctx, ix, a.s.auditEntry(c, "interaction.create", ix.ID, map[string]string{"campaign": ix.Campaign, "type": string(ix.Type)}))
	if err != nil {
		return graph.E(op, err)
	}
	refreshed, err := a.svc.Refreshes(ctx, &ix)
	if err != nil {
		return graph.E(op, err)
	}
	c.Header("Location", "/api/v1/interactions/"+url.PathEscape(ix.ID))
	c.JSON(nethttp.StatusCreated, LoggedInteraction{Interaction: ix, Refreshed: refreshed})
	return nil
}

func (a *campaignAPI) deleteInteraction(c *gin.Context) error {
	const op = "http.deleteInteraction"
	cs, err := a.store(op)
	if err != nil {
		return err
	}
	id := c.Param("id")
	if err := cs.DeleteInteraction(c.Request.Context(), id, a.s.auditEntry(c, "interaction.delete", id, nil)); err != nil {
		return graph.E(op, err)
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

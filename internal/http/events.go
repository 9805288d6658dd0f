package http

import (
	"context"
	nethttp "net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// eventRoutes registers events, voter-registration drives, turnout and
// the leadership ladder under api (/api/v1).
func (s *Server) eventRoutes(api *gin.RouterGroup) {
	events := &eventWrites{s: s, path: "/api/v1/events/", list: s.app.Events, get: s.app.Event,
		create: s.app.CreateEvent, update: s.app.UpdateEvent, remove: s.app.DeleteEvent}
	drives := &eventWrites{s: s, path: "/api/v1/drives/", list: s.app.Drives, get: s.app.Drive,
		create: s.app.CreateDrive, update: s.app.UpdateDrive, remove: s.app.DeleteDrive}

	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/events", s.handle(events.listEvents))
	read.GET("/events/:id", s.handle(events.getEvent))
	read.GET("/drives", s.handle(drives.listEvents))
	read.GET("/drives/:id", s.handle(drives.getEvent))
	read.GET("/entities/:id/turnout", s.handle(s.turnout))
	read.GET("/entities/:id/ladder", s.handle(s.ladder))
	read.GET("/turnout", s.handle(s.turnoutAll))

	write := api.Group("", s.require(graph.RoleEditor))
	write.POST("/events", s.handle(events.createEvent))
	write.PUT("/events/:id", s.handle(events.putEvent))
	write.DELETE("/events/:id", s.handle(events.deleteEvent))
	write.POST("/drives", s.handle(drives.createEvent))
	write.PUT("/drives/:id", s.handle(drives.putEvent))
	write.DELETE("/drives/:id", s.handle(drives.deleteEvent))
}

// eventWrites are the app's methods for one family of events (all events,
// or drives), so that both share one set of handlers.
type eventWrites struct {
	s      *Server
	path   string
	list   func(ctx context.Context, c app.Caller, q app.EventsQuery) (*app.EventList, error)
	get    func(ctx context.Context, c app.Caller, id string) (app.NamedEvent, error)
	create func(ctx context.Context, c app.Caller, e graph.Event) (app.NamedEvent, error)
	update func(ctx context.Context, c app.Caller, id, ifMatch string, e graph.Event) (app.NamedEvent, error)
	remove func(ctx context.Context, c app.Caller, id, ifMatch string) error
}

// dateParam reads a YYYY-MM-DD query parameter.
func dateParam(p *params, name string) string {
	d := p.str(name)
	if d != "" {
		if t, err := time.Parse(time.DateOnly, d); err != nil || t.Format(time.DateOnly) != d {
			p.fail(name, "must be a date (YYYY-MM-DD), got "+d)
		}
	}
	return d
}

// listEvents answers GET /events?type=&entity=&since=&until=&limit=.
func (w *eventWrites) listEvents(c *gin.Context) error {
	p := queryParams(c)
	q := app.EventsQuery{Entity: p.str("entity"), Since: dateParam(p, "since"), Until: dateParam(p, "until"),
		Limit: p.int("limit", 0, 1, w.s.cfg.MaxPageSize)}
	if t := p.str("type"); t != "" {
		et, err := graph.ParseEventType(t)
		if err != nil {
			p.fail("type", graph.DetailsOf(err)[0].Reason)
		}
		q.Type = et
	}
	if err := p.err(); err != nil {
		return err
	}
	l, err := w.list(c.Request.Context(), w.s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, l)
	return nil
}

func writeEvent(c *gin.Context, status int, e app.NamedEvent) {
	setETag(c, e.Revision)
	c.JSON(status, e)
}

func (w *eventWrites) getEvent(c *gin.Context) error {
	e, err := w.get(c.Request.Context(), w.s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	writeEvent(c, nethttp.StatusOK, e)
	return nil
}

// createEvent answers POST with a graph.Event.
func (w *eventWrites) createEvent(c *gin.Context) error {
	var e graph.Event
	if err := decodeJSON(c, &e); err != nil {
		return err
	}
	out, err := w.create(c.Request.Context(), w.s.caller(c), e)
	if err != nil {
		return err
	}
	c.Header("Location", w.path+url.PathEscape(out.ID))
	writeEvent(c, nethttp.StatusCreated, out)
	return nil
}

// putEvent answers PUT: it replaces the event, honouring If-Match.
func (w *eventWrites) putEvent(c *gin.Context) error {
	var e graph.Event
	if err := decodeJSON(c, &e); err != nil {
		return err
	}
	out, err := w.update(c.Request.Context(), w.s.caller(c), c.Param("id"), ifMatch(c), e)
	if err != nil {
		return err
	}
	writeEvent(c, nethttp.StatusOK, out)
	return nil
}

func (w *eventWrites) deleteEvent(c *gin.Context) error {
	if err := w.remove(c.Request.Context(), w.s.caller(c), c.Param("id"), ifMatch(c)); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

// turnoutQuery reads ?year= or ?since=&until=.
func turnoutQuery(p *params) app.TurnoutQuery {
	return app.TurnoutQuery{Year: p.int("year", 0, 1900, 9999), Since: dateParam(p, "since"), Until: dateParam(p, "until")}
}

// turnout answers GET /entities/{id}/turnout?year=|since=&until=.
func (s *Server) turnout(c *gin.Context) error {
	p := queryParams(c)
	q := turnoutQuery(p)
	if err := p.err(); err != nil {
		return err
	}
	q.Official = c.Param("id")
	r, err := s.app.Turnout(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, r)
	return nil
}

// turnoutAll answers GET /turnout?year=|since=&until=.
func (s *Server) turnoutAll(c *gin.Context) error {
	p := queryParams(c)
	q := turnoutQuery(p)
	if err := p.err(); err != nil {
		return err
	}
	r, err := s.app.TurnoutAll(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, r)
	return nil
}

// ladder answers GET /entities/{id}/ladder.
func (s *Server) ladder(c *gin.Context) error {
	l, err := s.app.Ladder(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, l)
	return nil
}

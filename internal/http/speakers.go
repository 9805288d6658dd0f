package http

import (
	"bytes"
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// speakerRoutes registers client speakers under api (/api/v1): the list,
// a person's consent, its recording and withdrawal, and the matches for a
// target and for an event. Each handler parses, calls the app, and writes.
func (s *Server) speakerRoutes(api *gin.RouterGroup) {
	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/speakers", s.handle(s.listSpeakers))
	read.GET("/entities/:id/consent", s.handle(s.getConsent))
	read.GET("/entities/:id/speakers", s.handle(s.speakersForTarget))
	read.GET("/events/:id/speakers", s.handle(s.speakersForEvent))

	write := api.Group("", s.require(graph.RoleEditor))
	write.PUT("/entities/:id/consent", s.handle(s.recordConsent))
	write.POST("/entities/:id/consent/withdraw", s.handle(s.withdrawConsent))
}

// listSpeakers answers GET /speakers?issue=&scope=.
func (s *Server) listSpeakers(c *gin.Context) error {
	p := queryParams(c)
	res, err := s.app.Speakers(c.Request.Context(), s.caller(c), app.SpeakersQuery{Issue: p.str("issue"), Scope: p.str("scope")})
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

func (s *Server) getConsent(c *gin.Context) error {
	res, err := s.app.Consent(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// recordConsent answers PUT /entities/{id}/consent with an
// app.ConsentInput.
func (s *Server) recordConsent(c *gin.Context) error {
	var in app.ConsentInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	res, err := s.app.RecordConsent(c.Request.Context(), s.caller(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// withdrawConsent answers POST /entities/{id}/consent/withdraw with an
// optional app.WithdrawInput (no body: today).
func (s *Server) withdrawConsent(c *gin.Context) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	var in app.WithdrawInput
	if len(bytes.TrimSpace(body)) > 0 {
		if err := app.DecodeJSON(body, &in); err != nil {
			return err
		}
	}
	res, err := s.app.WithdrawConsent(c.Request.Context(), s.caller(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

func (s *Server) speakersForTarget(c *gin.Context) error {
	res, err := s.app.SpeakersForTarget(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

func (s *Server) speakersForEvent(c *gin.Context) error {
	res, err := s.app.SpeakersForEvent(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

package http

import (
	"context"
	"fmt"
	"log/slog"
	nethttp "net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

const (
	keyRequestID = "powermap.request_id"
	keyLogger    = "powermap.logger"
	keyPrincipal = "powermap.principal"
)

// contentSecurityPolicy allows only the server's own origin, plus blob:
// workers (the graph layout runs in a worker started from a Blob URL) and
// data:/blob: images (PNG export); no inline script or style, no framing.
// The web UI's handler may set its own, stricter or equal, policy on its
// pages.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if len(c.Request.URL.Path) >= 5 && c.Request.URL.Path[:5] == "/api/" {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// requestContext gives the request an id (kept from a sane X-Request-ID
// header, made otherwise), a logger carrying it, and a deadline.
func (s *Server) requestContext(c *gin.Context) {
	rid := c.GetHeader("X-Request-ID")
	if !saneRequestID(rid) {
		rid = graph.RandomID(8)
	}
	c.Set(keyRequestID, rid)
	c.Header("X-Request-ID", rid)
	c.Set(keyLogger, s.log.With("request_id", rid))

	timeout := s.cfg.RequestTimeout
	if p := c.Request.URL.Path; p == "/api/v1/import" || p == "/api/v1/export" || p == "/api/v1/backup" {
		timeout = s.cfg.WriteTimeout
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

func saneRequestID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func requestID(c *gin.Context) string { return c.GetString(keyRequestID) }

// logger returns the request's logger.
func (s *Server) logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(keyLogger); ok {
		return l.(*slog.Logger)
	}
	return s.log
}

// accessLog logs each request at debug level, 5xx at warn. It logs the route
// template, never the query string (search terms name people).
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelWarn
	}
	s.logger(c).Log(c.Request.Context(), level, "request",
		"method", c.Request.Method, "route", c.FullPath(), "status", status,
		"bytes", c.Writer.Size(), "duration", time.Since(start))
}

// recoverer turns a panic into a logged internal error.
func (s *Server) recoverer(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == nethttp.ErrAbortHandler {
				panic(v)
			}
			s.writeError(c, graph.E("http.recover", graph.Internal, fmt.Errorf("panic: %v", v)))
		}
	}()
	c.Next()
}

// limits caps the request body: BodyLimit for JSON, ImportLimit for imports.
// A declared Content-Length over the cap is refused before reading.
func (s *Server) limits(c *gin.Context) {
	limit := s.bodyLimitFor(c)
	if c.Request.ContentLength > limit {
		s.writeError(c, graph.E("http.limits", graph.TooLarge))
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = nethttp.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}

func (s *Server) bodyLimitFor(c *gin.Context) int64 {
	if c.Request.URL.Path == "/api/v1/import" {
		return s.cfg.ImportLimit
	}
	return s.cfg.BodyLimit
}

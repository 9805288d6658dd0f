package http

import (
	"context"
	_ "embed"
	nethttp "net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

//go:embed openapi.json
var openapiSpec []byte

// OpenAPI returns the API's OpenAPI 3.1 description.
func OpenAPI() []byte { return openapiSpec }

func (s *Server) openapi(c *gin.Context) {
	c.Data(nethttp.StatusOK, "application/json", openapiSpec)
}

// healthz answers liveness, to anyone, with {"status": "ok"}: the process
// serves. It reads nothing.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(nethttp.StatusOK, gin.H{"status": "ok"})
}

// readyz answers readiness, to anyone, with {"status": "ready"} or 503: the
// store answers within a few seconds, and a first analysis snapshot has been
// built (the first call builds it; later calls never rebuild, so that no
// anonymous caller can make the server work). The answer tells nothing of
// the map: no version, no counts.
func (s *Server) readyz(c *gin.Context) {
	const op = "http.readyz"
	ctx, cancel := context.WithTimeout(c.Request.Context(), min(5*time.Second, s.cfg.RequestTimeout))
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.writeError(c, graph.E(op, graph.Unavailable, err))
		return
	}
	if s.app.Snapshots().Loaded() == nil {
		if _, err := s.app.Snapshots().Current(c.Request.Context()); err != nil {
			s.writeError(c, graph.E(op, graph.Unavailable, err))
			return
		}
	}
	c.JSON(nethttp.StatusOK, gin.H{"status": "ready"})
}

package http

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/format"
)

// Deps are the parts a Server is wired to by hand. Store and Accounts are
// required; the rest is optional.
type Deps struct {
	Store    graph.Store
	Accounts graph.AccountStore
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Snapshots keeps the analysis snapshot that paths and rankings read;
	// nil makes one over Store.
	Snapshots *snapshot.Manager
	// Formats offers the import and export formats; nil offers none.
	Formats *format.Registry
	// UI, when set, serves the web UI for every GET that no API route
	// matches.
	UI nethttp.Handler
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// App answers the questions; nil wires one over Store, Accounts,
	// Snapshots and Formats.
	App *app.App
}

// Server is the HTTP API. Build it with New, start it with Open or Run, stop
// it with Close. The caller closes the store after the server.
type Server struct {
	cfg      Config
	store    graph.Store
	accounts graph.AccountStore
	log      *slog.Logger
	ui       nethttp.Handler
	now      func() time.Time

	app *app.App

	engine   *gin.Engine
	metrics  *metrics
	tokens   *tokenCache
	sessions *sessionStore

	mu     sync.Mutex
	srv    *nethttp.Server
	ln     net.Listener
	served chan error
	// The metrics listener, when Config.MetricsAddr is set.
	metricsSrv    *nethttp.Server
	metricsLn     net.Listener
	metricsServed chan error
}

// New validates cfg and builds a Server with every route registered. It
// does not listen yet.
func New(cfg Config, deps Deps) (*Server, error) {
	const op = "http.New"
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Store == nil || deps.Accounts == nil {
		return nil, graph.Errorf(op, graph.Invalid, "a store and an account store are required")
	}
	s := &Server{
		cfg:      cfg,
		store:    deps.Store,
		accounts: deps.Accounts,
		log:      deps.Logger,
		ui:       deps.UI,
		now:      deps.Now,
		metrics:  newMetrics(),
		app:      deps.App,
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.app == nil {
		var err error
		s.app, err = app.New(app.Deps{Store: deps.Store, Accounts: deps.Accounts, Snapshots: deps.Snapshots,
			Formats: deps.Formats, Now: s.now, Location: cfg.Location, Logger: s.log})
		if err != nil {
			return nil, err
		}
	}
	s.metrics.watchSnapshots(s.app.Snapshots(), s.now)
	s.tokens = newTokenCache(cfg.TokenCacheTTL, s.now)
	s.sessions = newSessionStore(s.accounts, cfg.SessionTTL, s.now)
	s.engine = s.routes()
	return s, nil
}

// Handler returns the server's http.Handler, for tests and for embedding.
func (s *Server) Handler() nethttp.Handler { return s.engine }

// Engine returns the gin engine (its Routes are what the OpenAPI test walks).
func (s *Server) Engine() *gin.Engine { return s.engine }

// Open starts listening on cfg.Addr, and on cfg.MetricsAddr when set, and
// serving in the background.
func (s *Server) Open() error {
	const op = "http.Open"
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return graph.Errorf(op, graph.Conflict, "server already open")
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return graph.E(op, graph.Unavailable, err)
	}
	if s.cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", s.cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return graph.E(op, graph.Unavailable, err)
		}
		s.openMetrics(mln)
	}
	s.ln = ln
	s.srv = s.httpServer(s.engine)
	s.served = make(chan error, 1)
	srv := s.srv
	go func() { s.served <- srv.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())
	return nil
}

// httpServer is a net/http server of h with the configured timeouts and
// limits.
func (s *Server) httpServer(h nethttp.Handler) *nethttp.Server {
	return &nethttp.Server{
		Handler:           h,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// openMetrics serves /metrics alone, without a token, on ln.
func (s *Server) openMetrics(ln net.Listener) {
	mux := nethttp.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.handler())
	s.metricsLn = ln
	s.metricsSrv = s.httpServer(mux)
	s.metricsServed = make(chan error, 1)
	srv := s.metricsSrv
	go func() { s.metricsServed <- srv.Serve(ln) }()
	s.log.Info("serving metrics", "addr", ln.Addr().String())
}

// MetricsAddr returns the address the metrics listener listens on, or ""
// when there is none or before Open.
func (s *Server) MetricsAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.metricsLn == nil {
		return ""
	}
	return s.metricsLn.Addr().String()
}

// Addr returns the address the server listens on (useful with port 0), or
// "" before Open.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL returns http://Addr.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Close stops accepting connections and waits for in-flight requests to
// finish, at most cfg.ShutdownTimeout; then it drops the rest. It does not
// close the store.
func (s *Server) Close() error {
	s.mu.Lock()
	srv, msrv := s.srv, s.metricsSrv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		s.log.Warn("shutdown deadline passed; closing remaining connections", "err", err)
		err = errors.Join(err, srv.Close())
	}
	if serr := <-s.served; serr != nil && !errors.Is(serr, nethttp.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if msrv != nil {
		if merr := msrv.Shutdown(ctx); merr != nil {
			err = errors.Join(err, merr, msrv.Close())
		}
		if serr := <-s.metricsServed; serr != nil && !errors.Is(serr, nethttp.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
	}
	s.log.Info("stopped")
	return err
}

// Run opens the server, serves until ctx is done (wire it to SIGTERM and
// SIGINT with signal.NotifyContext), then drains in-flight requests and
// returns. The caller closes the store afterwards.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Open(); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return s.Close()
	case err := <-s.served:
		s.served <- err // let Close see it
		_ = s.Close()
		return err
	}
}

// routes registers every route. The OpenAPI test walks what it registers.
func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode) // no debug banner; the value is process-wide but idempotent
	r := gin.New()
	r.UseRawPath = true // ids may hold an escaped '/'
	r.UnescapePathValues = true
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.ForwardedByClientIP = false
	r.Use(s.recoverer, s.requestContext, s.metrics.observe, s.securityHeaders, s.accessLog, s.limits)
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/api/openapi.json", s.openapi)
	r.GET("/metrics", s.authenticate, s.require(graph.RoleAdmin), gin.WrapH(s.metrics.handler())) // unauthenticated only on MetricsAddr

	api := r.Group("/api/v1", s.authenticate)
	api.POST("/session", s.handle(s.createSession))
	api.GET("/session", s.require(graph.RoleViewer), s.handle(s.getSession))
	api.DELETE("/session", s.require(graph.RoleViewer), s.handle(s.deleteSession))

	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/entities", s.handle(s.listEntities))
	read.GET("/entities/:id", s.handle(s.getEntity))
	read.GET("/entities/:id/relationships", s.handle(s.entityRelationships))
	read.GET("/entities/:id/network", s.handle(s.network))
	read.GET("/relationships", s.handle(s.listRelationships))
	read.GET("/relationships/:id", s.handle(s.getRelationship))
	read.GET("/search", s.handle(s.search))
	read.GET("/types", s.handle(s.types))
	read.GET("/paths", s.handle(s.findPaths))
	read.GET("/rankings", s.handle(s.rankings))
	read.GET("/connections", s.handle(s.connections))
	read.GET("/entities/:id/inner-circle", s.handle(s.innerCircle))
	read.GET("/entities/:id/givers", s.handle(s.ourGivers))
	read.GET("/entities/:id/brief", s.handle(s.brief))
	read.GET("/export", s.handle(s.export))

	write := api.Group("", s.require(graph.RoleEditor))
	ew, rw := s.entityWrites(), s.relationshipWrites()
	write.POST("/entities", s.handle(ew.createRecord))
	write.PUT("/entities/:id", s.handle(ew.putRecord))
	write.PATCH("/entities/:id", s.handle(ew.patchRecord))
	write.DELETE("/entities/:id", s.handle(ew.deleteRecord))
	write.POST("/relationships", s.handle(rw.createRecord))
	write.PUT("/relationships/:id", s.handle(rw.putRecord))
	write.PATCH("/relationships/:id", s.handle(rw.patchRecord))
	write.DELETE("/relationships/:id", s.handle(rw.deleteRecord))
	write.POST("/import", s.handle(s.importFiles))

	s.campaignRoutes(api)
	s.mergeRoutes(api)
	s.reviewRoutes(api)
	s.eventRoutes(api)
	s.questionRoutes(api)
	s.speakerRoutes(api)
	s.communityRoutes(api)

	admin := api.Group("", s.require(graph.RoleAdmin))
	admin.GET("/tokens", s.handle(s.listTokens))
	admin.POST("/tokens", s.handle(s.createToken))
	admin.DELETE("/tokens/:id", s.handle(s.revokeToken))
	admin.GET("/audit", s.handle(s.listAudit))
	admin.GET("/backup", s.handle(s.backupFile))
	return r
}

// caller is who makes the request, as the app sees them.
func (s *Server) caller(c *gin.Context) app.Caller {
	p := principalOf(c)
	if p == nil {
		return app.Caller{Actor: "anonymous"}
	}
	return app.Caller{Actor: p.actor(), Role: p.token.Role}
}

// App returns the app the server answers with.
func (s *Server) App() *app.App { return s.app }

// handle adapts a handler that returns an error: every error goes through
// writeError.
func (s *Server) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			s.writeError(c, err)
		}
	}
}

func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	api := strings.HasPrefix(p, "/api/") || p == "/api" || p == "/metrics" || p == "/healthz" || p == "/readyz"
	if s.ui != nil && !api && (c.Request.Method == nethttp.MethodGet || c.Request.Method == nethttp.MethodHead) {
		c.Status(nethttp.StatusOK)
		s.ui.ServeHTTP(c.Writer, c.Request)
		return
	}
	s.writeError(c, graph.Errorf("http", graph.NotFound, "no route %s %s", c.Request.Method, p))
}

func (s *Server) noMethod(c *gin.Context) {
	s.writeError(c, graph.Errorf("http", graph.NotFound, "no route %s %s", c.Request.Method, c.Request.URL.Path))
}

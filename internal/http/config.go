package http

import (
	"net"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// Config holds the server's settings. Build one with DefaultConfig, change
// what the flags say, and let New validate it once.
type Config struct {
	// Addr is the listen address, host:port. The default binds loopback.
	Addr string
	// AllowRemote permits binding to an address other than loopback. The API
	// speaks plain HTTP, so only set it with TLS terminated in front.
	AllowRemote bool
	// PublicURL is the address people use to reach the server (for the
	// first-run login link). Empty means http://Addr.
	PublicURL string

	// BodyLimit caps JSON request bodies, in bytes.
	BodyLimit int64
	// ImportLimit caps POST /import uploads, in bytes.
	ImportLimit int64

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	// WriteTimeout bounds a whole response, exports included.
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// RequestTimeout bounds the store and engine work of one request: past
	// it the request's context is cancelled and the answer is 503
	// unavailable. Imports and exports get WriteTimeout instead.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the draining of in-flight requests on Close.
	ShutdownTimeout time.Duration

	// SessionTTL is how long a browser session lasts after sign-in.
	SessionTTL time.Duration
	// CookieName names the session cookie.
	CookieName string
	// CookieSecure sets the Secure attribute on the session cookie; turn it
	// on whenever the server is reached over HTTPS.
	CookieSecure bool
	// TokenCacheTTL is how long a looked-up token is trusted before it is
	// read from the account store again; revocations made through this
	// server apply at once, others within this delay.
	TokenCacheTTL time.Duration

	// MetricsAddr, when set, is a second listen address, host:port, that
	// serves /metrics alone and without a token, for a Prometheus scraper on
	// a private network. It may bind beyond loopback without AllowRemote:
	// the metrics hold process and request figures only, nothing of the
	// map. On Addr, /metrics needs an admin token.
	MetricsAddr string

	// Location is the organizers' time zone: outreach weeks start on its
	// Mondays. Nil means the server clock's own location.
	Location *time.Location

	// DefaultPageSize and MaxPageSize bound listings (app.DefaultPageSize
	// and app.MaxPageSize unless set).
	DefaultPageSize int
	MaxPageSize     int
}

// DefaultConfig returns the defaults: loopback on port 8080, 1 MiB JSON
// bodies, 64 MiB imports, 30 s request timeout, 12 h sessions.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		BodyLimit:         1 << 20,
		ImportLimit:       64 << 20,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		RequestTimeout:    30 * time.Second,
		ShutdownTimeout:   30 * time.Second,
		SessionTTL:        12 * time.Hour,
		CookieName:        "powermap_session",
		TokenCacheTTL:     5 * time.Second,
		DefaultPageSize:   app.DefaultPageSize,
		MaxPageSize:       app.MaxPageSize,
	}
}

// Validate checks the config once. Binding a non-loopback address without
// AllowRemote is refused.
func (c Config) Validate() error {
	const op = "http.Config.Validate"
	var ds []graph.Detail
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		ds = append(ds, graph.Detail{Field: "addr", Reason: "must be host:port: " + err.Error()})
	} else if !c.AllowRemote && !IsLoopback(host) {
		ds = append(ds, graph.Detail{Field: "addr", Reason: "refusing to bind " + c.Addr + " without TLS in front: set allow-remote to bind beyond loopback"})
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			ds = append(ds, graph.Detail{Field: "metrics_addr", Reason: "must be host:port: " + err.Error()})
		} else if c.MetricsAddr == c.Addr && port != "0" {
			ds = append(ds, graph.Detail{Field: "metrics_addr", Reason: "must differ from addr"})
		}
	}
	pos := func(field string, ok bool) {
		if !ok {
			ds = append(ds, graph.Detail{Field: field, Reason: "must be positive"})
		}
	}
	pos("body_limit", c.BodyLimit > 0)
	pos("import_limit", c.ImportLimit > 0)
	pos("read_header_timeout", c.ReadHeaderTimeout > 0)
	pos("read_timeout", c.ReadTimeout > 0)
	pos("write_timeout", c.WriteTimeout > 0)
	pos("request_timeout", c.RequestTimeout > 0)
	pos("shutdown_timeout", c.ShutdownTimeout > 0)
	pos("session_ttl", c.SessionTTL > 0)
	pos("default_page_size", c.DefaultPageSize > 0)
	if c.MaxPageSize < c.DefaultPageSize {
		ds = append(ds, graph.Detail{Field: "max_page_size", Reason: "must be at least default_page_size"})
	}
	if c.CookieName == "" || strings.ContainsAny(c.CookieName, " ;=,\t") {
		ds = append(ds, graph.Detail{Field: "cookie_name", Reason: "must be a plain token"})
	}
	if c.TokenCacheTTL < 0 {
		ds = append(ds, graph.Detail{Field: "token_cache_ttl", Reason: "must not be negative"})
	}
	if len(ds) == 0 {
		return nil
	}
	return &graph.Error{Op: op, Code: graph.Invalid, Message: "invalid server config: " + ds[0].String(), Details: ds}
}

// IsLoopback reports whether host (a name or an IP) is a loopback address.
// The empty host means every interface, which is not loopback.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

package http

import (
	"context"
	"mime"
	"net/url"
	"strings"
	"sync"
	"time"

	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// CSRFHeader carries the session's CSRF token on every cookie-authenticated
// request that is not a GET, HEAD or OPTIONS.
const CSRFHeader = "X-CSRF-Token"

// principal is who makes a request: a token, reached by bearer header or by
// a session cookie.
type principal struct {
	token   graph.Token
	session *session // nil for bearer requests
}

// actor names the principal in the audit log.
func (p *principal) actor() string { return p.token.ID + " (" + p.token.Name + ")" }

func principalOf(c *gin.Context) *principal {
	if v, ok := c.Get(keyPrincipal); ok {
		return v.(*principal)
	}
	return nil
}

// roleOf returns the caller's role, or "" when anonymous.
func roleOf(c *gin.Context) graph.Role {
	if p := principalOf(c); p != nil {
		return p.token.Role
	}
	return ""
}

// authenticate resolves the caller from an Authorization: Bearer header or,
// failing that, from the session cookie. It refuses a bad bearer token or a
// store that cannot be reached, and lets anonymous requests through for
// require to judge.
func (s *Server) authenticate(c *gin.Context) {
	const op = "http.authenticate"
	if h := c.GetHeader("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			s.writeError(c, graph.Errorf(op, graph.Unauthorized, "the Authorization header must be \"Bearer TOKEN\""))
			return
		}
		t, err := s.lookupToken(c.Request.Context(), graph.HashToken(strings.TrimSpace(secret)))
		if err != nil {
			s.writeError(c, err)
			return
		}
		c.Set(keyPrincipal, &principal{token: t})
		c.Next()
		return
	}
	if ck, err := c.Cookie(s.cfg.CookieName); err == nil && ck != "" {
		sess, ok, err := s.sessions.get(c.Request.Context(), ck)
		if err != nil {
			s.writeError(c, graph.E(op, err))
			return
		}
		if !ok {
			s.clearCookie(c)
			c.Next() // anonymous: an expired session is like no session
			return
		}
		t, err := s.lookupToken(c.Request.Context(), sess.TokenHash)
		if err != nil {
			if graph.Is(err, graph.Unauthorized) {
				if err := s.sessions.delete(c.Request.Context(), ck); err != nil {
					s.log.WarnContext(c.Request.Context(), "could not end the session of a revoked token", "err", err)
				}
				s.clearCookie(c)
			}
			s.writeError(c, err)
			return
		}
		c.Set(keyPrincipal, &principal{token: t, session: &sess})
	}
	c.Next()
}

// lookupToken resolves an active token by the hash of its secret.
func (s *Server) lookupToken(ctx context.Context, hash string) (graph.Token, error) {
	const op = "http.lookupToken"
	if t, ok := s.tokens.get(hash); ok {
		return t, nil
	}
	t, err := s.accounts.TokenByHash(ctx, hash)
	switch {
	case graph.Is(err, graph.NotFound):
		return graph.Token{}, graph.Errorf(op, graph.Unauthorized, "unknown API token")
	case err != nil:
		return graph.Token{}, graph.E(op, err)
	case !graph.EqualHashes(t.Hash, hash):
		return graph.Token{}, graph.Errorf(op, graph.Unauthorized, "unknown API token")
	case !t.Active():
		return graph.Token{}, graph.Errorf(op, graph.Unauthorized, "this API token was revoked")
	}
	s.tokens.put(hash, t)
	return t, nil
}

// require refuses anonymous callers (401) and callers whose role is below
// min (403). For cookie-authenticated unsafe requests it also checks the
// CSRF defence: the X-CSRF-Token header must equal the session's CSRF token,
// and an Origin header, when sent, must be this server's own.
func (s *Server) require(min graph.Role) gin.HandlerFunc {
	const op = "http.require"
	return func(c *gin.Context) {
		p := principalOf(c)
		if p == nil {
			s.writeError(c, graph.Errorf(op, graph.Unauthorized, "a valid API token or session is required"))
			return
		}
		if p.session != nil && !safeMethod(c.Request.Method) {
			if err := s.checkCSRF(c, p.session); err != nil {
				s.writeError(c, err)
				return
			}
		}
		if !p.token.Role.Allows(min) {
			s.writeError(c, graph.Errorf(op, graph.Forbidden, "this needs the %s role; your token has %s", min, p.token.Role))
			return
		}
		c.Next()
	}
}

func safeMethod(m string) bool {
	return m == nethttp.MethodGet || m == nethttp.MethodHead || m == nethttp.MethodOptions
}

func (s *Server) checkCSRF(c *gin.Context, sess *session) error {
	const op = "http.csrf"
	if err := sameOrigin(c); err != nil {
		return err
	}
	if !graph.EqualHashes(c.GetHeader(CSRFHeader), sess.CSRF) {
		return graph.Errorf(op, graph.Forbidden, "missing or wrong %s header (cookie sessions must send the csrf_token from POST /api/v1/session)", CSRFHeader)
	}
	return nil
}

// sameOrigin refuses a request that a browser sent on behalf of another
// site: one whose Sec-Fetch-Site is cross-site or same-site, or whose Origin
// header (or, without one, Referer) names another host than the request's
// own, or is "null". A request with none of these headers, as scripts send,
// passes.
func sameOrigin(c *gin.Context) error {
	const op = "http.sameOrigin"
	refuse := graph.Errorf(op, graph.Forbidden, "cross-origin request refused")
	switch c.GetHeader("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return refuse
	}
	from := c.GetHeader("Origin")
	if from == "" {
		from = c.GetHeader("Referer")
	}
	if from != "" {
		u, err := url.Parse(from)
		if err != nil || u.Host == "" || u.Host != c.Request.Host {
			return refuse
		}
	}
	return nil
}

// requireJSON refuses a request body not declared as application/json
// (415). A page of another site can post a form or text/plain without
// asking, but not JSON: that needs a CORS preflight, which this server
// never grants.
func requireJSON(c *gin.Context) error {
	const op = "http.requireJSON"
	if mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type")); err == nil && mt == "application/json" {
		return nil
	}
	reason := "must be application/json"
	return &graph.Error{Op: op, Code: graph.Invalid, Message: "the body must be JSON sent as Content-Type: application/json",
		Details: []graph.Detail{{Field: "Content-Type", Reason: reason}}, Err: errMediaType}
}

// tokenCache keeps recently resolved tokens for a short while, so that a
// request does not read the account store every time.
type tokenCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[string]cachedToken
}

type cachedToken struct {
	t       graph.Token
	expires time.Time
}

const tokenCacheMax = 10000

func newTokenCache(ttl time.Duration, now func() time.Time) *tokenCache {
	return &tokenCache{ttl: ttl, now: now, m: map[string]cachedToken{}}
}

func (tc *tokenCache) get(hash string) (graph.Token, bool) {
	if tc.ttl <= 0 {
		return graph.Token{}, false
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	ct, ok := tc.m[hash]
	if !ok || tc.now().After(ct.expires) {
		return graph.Token{}, false
	}
	return ct.t, true
}

func (tc *tokenCache) put(hash string, t graph.Token) {
	if tc.ttl <= 0 {
		return
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if len(tc.m) >= tokenCacheMax {
		clear(tc.m)
	}
	tc.m[hash] = cachedToken{t: t, expires: tc.now().Add(tc.ttl)}
}

func (tc *tokenCache) forget(hash string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	delete(tc.m, hash)
}

// session is a browser session, kept in the account store (see
// graph.Session) so that any replica serves it and a restart signs no one
// out. The cookie holds only a random id; the store keeps its hash.
// Sessions end on sign-out, on expiry, and when their token is revoked.
type session = graph.Session

// sessionStore starts, finds and ends sessions in the account store, and
// sweeps expired ones now and then as new ones start.
type sessionStore struct {
	store graph.AccountStore
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	swept time.Time
}

// sweepEvery is how often creating a session also removes expired ones.
const sweepEvery = 10 * time.Minute

func newSessionStore(store graph.AccountStore, ttl time.Duration, now func() time.Time) *sessionStore {
	return &sessionStore{store: store, ttl: ttl, now: now}
}

// create starts a session for the token with the given hash and returns the
// cookie value.
func (ss *sessionStore) create(ctx context.Context, tokenHash string) (id string, sess session, err error) {
	now := ss.now()
	ss.mu.Lock()
	sweep := now.Sub(ss.swept) >= sweepEvery
	if sweep {
		ss.swept = now
	}
	ss.mu.Unlock()
	if sweep {
		if _, err := ss.store.DeleteExpiredSessions(ctx, now); err != nil {
			return "", sess, err
		}
	}
	id = graph.RandomID(32)
	sess = session{Hash: graph.HashToken(id), TokenHash: tokenHash, CSRF: graph.RandomID(32), Expires: now.Add(ss.ttl).UTC()}
	return id, sess, ss.store.CreateSession(ctx, sess)
}

// get finds the live session of a cookie value; ok is false when there is
// none or it expired.
func (ss *sessionStore) get(ctx context.Context, id string) (sess session, ok bool, err error) {
	sess, err = ss.store.Session(ctx, graph.HashToken(id))
	switch {
	case graph.Is(err, graph.NotFound):
		return sess, false, nil
	case err != nil:
		return sess, false, err
	}
	return sess, !ss.now().After(sess.Expires), nil
}

func (ss *sessionStore) delete(ctx context.Context, id string) error {
	return ss.store.DeleteSession(ctx, graph.HashToken(id))
}

// dropToken ends every session of a token.
func (ss *sessionStore) dropToken(ctx context.Context, tokenHash string) error {
	return ss.store.DeleteTokenSessions(ctx, tokenHash)
}

func (s *Server) setCookie(c *gin.Context, value string, maxAge int) {
	nethttp.SetCookie(c.Writer, &nethttp.Cookie{
		Name:     s.cfg.CookieName,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.cfg.CookieSecure,
		SameSite: nethttp.SameSiteStrictMode,
	})
}

func (s *Server) clearCookie(c *gin.Context) { s.setCookie(c, "", -1) }

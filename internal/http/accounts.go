package http

import (
	"context"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// sessionInfo is the answer of POST and GET /api/v1/session.
type sessionInfo struct {
	Token graph.Token `json:"token"`
	// Via is "cookie" or "bearer".
	Via string `json:"via"`
	// CSRFToken must be sent back in the X-CSRF-Token header on every
	// cookie-authenticated write.
	CSRFToken string    `json:"csrf_token,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// createSession answers POST /session {"token": "pm_..."}: it exchanges an
// API token for an HttpOnly, SameSite=Strict session cookie and a CSRF
// token. The token may also come as a bearer header. A request that another
// site's page sent is refused (403), and so is a body not sent as
// application/json (415), so that no page can sign a visitor's browser in
// to an account of its choosing (login CSRF).
func (s *Server) createSession(c *gin.Context) error {
	const op = "http.createSession"
	if err := sameOrigin(c); err != nil {
		return err
	}
	var body struct {
		Token string `json:"token"`
	}
	var t graph.Token
	if p := principalOf(c); p != nil && p.session == nil && c.Request.ContentLength <= 0 {
		t = p.token
	} else {
		if err := requireJSON(c); err != nil {
			return err
		}
		if err := decodeJSON(c, &body); err != nil {
			return err
		}
		if body.Token == "" {
			return bodyError(op, "token", "must not be empty")
		}
		var err error
		if t, err = s.lookupToken(c.Request.Context(), graph.HashToken(body.Token)); err != nil {
			return err
		}
	}
	id, sess, err := s.sessions.create(c.Request.Context(), t.Hash)
	if err != nil {
		return graph.E(op, err)
	}
	s.setCookie(c, id, int(s.cfg.SessionTTL/time.Second))
	c.Set(keyPrincipal, &principal{token: t, session: &sess})
	s.audit(c, "session.create", t.ID, nil)
	c.JSON(nethttp.StatusCreated, sessionInfo{Token: t, Via: "cookie", CSRFToken: sess.CSRF, ExpiresAt: sess.Expires})
	return nil
}

// getSession answers GET /session: who the caller is.
func (s *Server) getSession(c *gin.Context) error {
	p := principalOf(c)
	info := sessionInfo{Token: p.token, Via: "bearer"}
	if p.session != nil {
		info.Via, info.CSRFToken, info.ExpiresAt = "cookie", p.session.CSRF, p.session.Expires
	}
	c.JSON(nethttp.StatusOK, info)
	return nil
}

// deleteSession answers DELETE /session: sign out.
func (s *Server) deleteSession(c *gin.Context) error {
	if ck, err := c.Cookie(s.cfg.CookieName); err == nil {
		if err := s.sessions.delete(c.Request.Context(), ck); err != nil {
			return graph.E("http.deleteSession", err)
		}
	}
	s.clearCookie(c)
	c.Status(nethttp.StatusNoContent)
	return nil
}

// listTokens answers GET /tokens (admin): every token, never a secret.
func (s *Server) listTokens(c *gin.Context) error {
	ts, err := s.accounts.Tokens(c.Request.Context())
	if err != nil {
		return graph.E("http.listTokens", err)
	}
	if ts == nil {
		ts = []graph.Token{}
	}
	c.JSON(nethttp.StatusOK, list[graph.Token]{Items: ts})
	return nil
}

// newToken is the answer of POST /tokens: the only time a secret is shown.
type newToken struct {
	Token  graph.Token `json:"token"`
	Secret string      `json:"secret"`
}

// createToken answers POST /tokens {"name", "role"} (admin).
func (s *Server) createToken(c *gin.Context) error {
	const op = "http.createToken"
	var body struct {
		Name string     `json:"name"`
		Role graph.Role `json:"role"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	var ds []graph.Detail
	if body.Name == "" {
		ds = append(ds, graph.Detail{Field: "name", Reason: "must not be empty"})
	}
	role, err := graph.ParseRole(string(body.Role))
	if err != nil {
		ds = append(ds, graph.DetailsOf(err)...)
	}
	if len(ds) > 0 {
		return &graph.Error{Op: op, Code: graph.Invalid, Message: "invalid token: " + ds[0].String(), Details: ds}
	}
	secret, t, err := graph.NewToken(body.Name, role, s.now())
	if err != nil {
		return err
	}
	if err := s.accounts.CreateToken(c.Request.Context(), t,
		s.auditEntry(c, "token.create", t.ID, map[string]string{"name": t.Name, "role": string(t.Role)})); err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusCreated, newToken{Token: t, Secret: secret})
	return nil
}

// revokeToken answers DELETE /tokens/{id} (admin). Revoking the last active
// admin token is refused, so that nobody is locked out.
func (s *Server) revokeToken(c *gin.Context) error {
	const op = "http.revokeToken"
	id := c.Param("id")
	ctx := c.Request.Context()
	ts, err := s.accounts.Tokens(ctx)
	if err != nil {
		return graph.E(op, err)
	}
	var target *graph.Token
	admins := 0
	for i := range ts {
		if ts[i].ID == id {
			target = &ts[i]
		}
		if ts[i].Active() && ts[i].Role == graph.RoleAdmin {
			admins++
		}
	}
	if target == nil {
		return graph.Errorf(op, graph.NotFound, "token %q not found", id)
	}
	if target.Active() && target.Role == graph.RoleAdmin && admins == 1 {
		return graph.Errorf(op, graph.Conflict, "refusing to revoke the last active admin token; create another admin token first")
	}
	t, err := s.accounts.RevokeToken(ctx, id, s.now(), s.auditEntry(c, "token.revoke", id, map[string]string{"name": target.Name}))
	if err != nil {
		return graph.E(op, err)
	}
	s.tokens.forget(target.Hash)
	if err := s.sessions.dropToken(ctx, target.Hash); err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusOK, t)
	return nil
}

// listAudit answers GET /audit?before=&limit= (admin), newest first.
func (s *Server) listAudit(c *gin.Context) error {
	p := queryParams(c)
	before := c.Query("before")
	limit := p.int("limit", s.cfg.DefaultPageSize, 1, s.cfg.MaxPageSize)
	if err := p.err(); err != nil {
		return err
	}
	es, err := s.accounts.Audit(c.Request.Context(), graph.AuditQuery{Before: before, Limit: limit + 1})
	if err != nil {
		return graph.E("http.listAudit", err)
	}
	out := list[graph.AuditEntry]{Items: es}
	if len(es) > limit {
		out.Items = es[:limit]
		out.Next = es[limit-1].ID
	}
	if out.Items == nil {
		out.Items = []graph.AuditEntry{}
	}
	c.JSON(nethttp.StatusOK, out)
	return nil
}

// audit records, on its own, something the caller did that writes nothing
// (a sign-in). A failure to record is logged and counted. Writes record
// their entry in their own transaction (see app.App and auditEntry).
func (s *Server) audit(c *gin.Context, action, target string, details map[string]string) {
	e := s.auditEntry(c, action, target, details)
	// The write is done: record it even if the client has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 5*time.Second)
	defer cancel()
	if err := s.accounts.AppendAudit(ctx, e); err != nil {
		s.metrics.storeErrors.WithLabelValues(string(codeOf(err))).Inc()
		s.logger(c).Error("audit entry lost", "action", action, "target", target, "actor", e.Actor, "err", err.Error())
	}
}

// auditEntry describes something the caller did, now.
func (s *Server) auditEntry(c *gin.Context, action, target string, details map[string]string) graph.AuditEntry {
	actor := "anonymous"
	if p := principalOf(c); p != nil {
		actor = p.actor()
	}
	return graph.AuditEntry{At: s.now(), Actor: actor, Action: action, Target: target, Details: details}
}

// LoginLink is the address that signs the web UI in with a token: the
// token travels in the URL fragment, which browsers never send to a server
// nor put in a Referer; the UI reads it, posts it to /api/v1/session, and
// clears the fragment.
func LoginLink(baseURL, secret string) string {
	return baseURL + "/#token=" + url.QueryEscape(secret)
}

// EnsureAdmin is what `powermap serve` calls at start-up: when the account
// store holds no active token, it creates an admin token named "admin",
// records it in the audit log, and prints the secret and a login link to w.
// It returns the secret ("" when tokens already exist).
func EnsureAdmin(ctx context.Context, accounts graph.AccountStore, baseURL string, w io.Writer) (string, error) {
	const op = "http.EnsureAdmin"
	n, err := accounts.CountTokens(ctx)
	if err != nil {
		return "", graph.E(op, err)
	}
	if n > 0 {
		return "", nil
	}
	now := time.Now()
	secret, t, err := graph.NewToken("admin", graph.RoleAdmin, now)
	if err != nil {
		return "", graph.E(op, err)
	}
	if err := accounts.CreateToken(ctx, t, graph.AuditEntry{At: now, Actor: "system", Action: "token.create", Target: t.ID,
		Details: map[string]string{"name": t.Name, "role": string(t.Role), "reason": "first run"}}); err != nil {
		return "", graph.E(op, err)
	}
	baseURL = trimSlash(baseURL)
	_, err = fmt.Fprintf(w, "\nFirst run: created an admin API token. It is shown only this once; keep it safe.\n\n"+
		"  token:   %s\n  sign in: %s\n\n"+
		"Scripts send it as \"Authorization: Bearer TOKEN\". Create more with POST /api/v1/tokens.\n\n",
		secret, LoginLink(baseURL, secret))
	return secret, err
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

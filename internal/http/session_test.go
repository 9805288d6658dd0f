package http_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/powermap/powermap/graph"
)

// TestSessionRefusesOtherSites checks the login CSRF defence of POST
// /session: a sign-in that another site's page sends, or that is not JSON,
// sets no cookie.
func TestSessionRefusesOtherSites(t *testing.T) {
	e := newEnv(t, openEmbedded)
	body := map[string]any{"token": e.editor}
	noCookie := func(r reply) {
		t.Helper()
		assert.Empty(t, r.Header.Values("Set-Cookie"), "no session for a refused sign-in")
	}
	for _, hdr := range [][]string{
		{"Origin", "https://evil.example"},
		{"Origin", "null"},
		{"Origin", "http://" + e.srv.Addr() + ".evil.example"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Referer", "https://evil.example/login.html"},
		{"Origin", "https://evil.example", "Referer", e.ts.URL + "/"},
	} {
		r := e.call("POST", "/api/v1/session", "", body, hdr...)
		requireError(t, r, 403, graph.Forbidden)
		noCookie(r)
	}
	// A bearer caller from another site is refused too.
	r := e.call("POST", "/api/v1/session", e.editor, nil, "Origin", "https://evil.example")
	requireError(t, r, 403, graph.Forbidden)
	noCookie(r)

	// Forms and text, which a page may post anywhere without a preflight.
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json-seq"} {
		r := e.call("POST", "/api/v1/session", "", `{"token":"`+e.editor+`"}`, "Content-Type", ct)
		requireError(t, r, 415, graph.Invalid, "Content-Type")
		noCookie(r)
	}

	// The UI's own sign-in, and scripts without browser headers.
	e.ok(e.call("POST", "/api/v1/session", "", body, "Origin", e.ts.URL, "Sec-Fetch-Site", "same-origin"), 201)
	e.ok(e.call("POST", "/api/v1/session", "", body, "Referer", e.ts.URL+"/#token=x"), 201)
	e.ok(e.call("POST", "/api/v1/session", "", body, "Content-Type", "application/json; charset=utf-8"), 201)
	e.ok(e.call("POST", "/api/v1/session", "", body), 201)
	e.ok(e.call("POST", "/api/v1/session", e.editor, nil), 201)
}

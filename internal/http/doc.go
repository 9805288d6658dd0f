// Package http is powermap's HTTP API: the power map over JSON under
// /api/v1, served by gin, described by an OpenAPI 3.1 document at
// /api/openapi.json, closed by default.
//
// Build a Server by hand with New(Config, Deps), then Run it (or Open and
// Close); the caller closes the store after the server has drained:
//
//	srv, err := http.New(cfg, http.Deps{Store: st, Accounts: st, Logger: log, UI: web})
//	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	err = srv.Run(ctx) // returns once in-flight requests are done
//	st.Close()
//
// # Errors
//
// Every error response has one shape, built by one function (writeError),
// the only place where a graph.Code becomes an HTTP status:
//
//	{"error": {"code": "invalid", "message": "...", "details": [{"field": "strength", "reason": "must be in (0,1]"}], "request_id": "..."}}
//
// invalid is 400 (415 when the body is not sent as the JSON it must be),
// not_found 404, conflict 409 (412 when an If-Match or If-None-Match
// condition failed), unauthorized 401, forbidden 403,
// unavailable 503 (a store that cannot be reached, or a request past its
// deadline), too_large 413, internal 500. Internal error text is logged
// with the request id and never sent.
//
// # Authentication and roles
//
// Callers present an API token as "Authorization: Bearer pm_..." or a
// session cookie. Roles are ordered viewer < editor < admin: viewers read,
// editors also write and import, admins also manage tokens and read the
// audit log. Tokens are random (crypto/rand), shown once, and stored only as
// SHA-256 hashes (graph.Token). Every handler parses the request, calls
// the use-case layer (internal/app) with the caller, and writes the answer:
// what a viewer may see is decided there, under one privacy policy, and
// nowhere in this package.
//
// # Browser sign-in and CSRF
//
// The web UI signs in by POSTing {"token": "pm_..."} to /api/v1/session. The
// answer sets an opaque, HttpOnly, SameSite=Strict session cookie (the
// session lives in server memory, keyed by the hash of the cookie value; it
// ends on DELETE /api/v1/session, on expiry, when its token is revoked, and
// when the server restarts) and returns a csrf_token. The CSRF defence is a
// synchronizer token: every cookie-authenticated request other than GET,
// HEAD and OPTIONS must carry that value in the X-CSRF-Token header, and an
// Origin header, when the browser sends one, must name this server. Bearer
// requests need neither, as browsers never attach them on their own. The
// sign-in itself is guarded against login CSRF (another site's page signing
// a visitor in to an account it controls): POST /api/v1/session is refused
// when its Origin (or, without one, its Referer) names another host or its
// Sec-Fetch-Site is cross-site or same-site (403), and when its body is not
// sent as application/json (415), which no page of another site can send
// without a CORS preflight.
//
// On first run against an empty account store, EnsureAdmin creates an
// admin token and prints it with a login link of the form
//
//	http://127.0.0.1:8080/#token=pm_...
//
// The token travels in the URL fragment, which browsers send to no server
// and put in no Referer; the web UI reads it from location.hash, posts it to
// /api/v1/session, and then removes the fragment with history.replaceState.
//
// # Concurrency control
//
// GET of an entity or relationship sets ETag to its revision
// (Entity.Revision, Relationship.Revision). PUT, PATCH and DELETE honour
// If-Match through graph.Batch.Expect, so a stale write fails with 412 and
// writes nothing; PATCH (a JSON merge patch) is a read-modify-write that
// fails with 409 when the record changed between its read and its write.
//
// # Audit log
//
// Every write is recorded in the audit log in the same store transaction as
// the write itself, so that no crash can leave a committed write without its
// entry: graph writes and imports carry theirs in graph.Batch.Audit, and
// campaign and token writes pass theirs to the store call. A PUT or PATCH
// that changes nothing, and a failed write, record nothing. Exports and
// sign-ins, which write nothing, are recorded after the fact.
//
// # Operations
//
// /healthz answers while the process serves; /readyz when the store answers
// and a first analysis snapshot (graph/snapshot) is built, the one that
// /paths, /rankings and /entities/{id}/inner-circle read (graph/paths and
// graph/rank, the engines of `powermap paths` and `powermap rank`). Both
// are public and say only their status, nothing of the map. /metrics (admin
// token; or alone and without a token on Config.MetricsAddr, for a scraper)
// exports Prometheus request counts and latencies by route template, store
// errors, the snapshot's age and builds, and process figures, but nothing
// that counts records, which would count the private ones too. Every
// answer carries a Content-Security-Policy that allows only the server's own
// origin plus blob: workers, frame-ancestors 'none', X-Content-Type-Options,
// Referrer-Policy and an X-Request-ID.
package http

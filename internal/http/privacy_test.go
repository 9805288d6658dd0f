package http_test

// The privacy acceptance suite (issue 11): an agency's clients and private
// contacts never reach a viewer, not through a path, a count, a ranking, an
// error message, an ETag or an export.
//
// runPrivacy builds two maps on two fresh stores, one after the other (a
// Neo4j database holds one map at a time). Both hold the same public
// records; map B holds more hidden ones (clients and private records tied to
// public people, another private campaign owner, another private target,
// more private stances and organizing-log entries). Every record is made
// through the API, by an editor, with fixed ids and a fixed server clock, so
// that the two maps' answers can be compared byte for byte.
//
// It then calls, as a viewer, every GET route of the OpenAPI document with
// the variants of privacyProbes, and checks, per route (t.Run "GET /paths"
// and so on, so that -run 'TestPrivacyEmbedded/GET_/paths' works):
//
//   - Leaks: no hidden name, surname, first name or id (nor the "qx" that
//     every hidden token holds) in any body or header. Bodies are read as a
//     person would: zip archives unpacked, iCalendar lines unfolded.
//   - NotFound: asking about a hidden id is answered exactly as asking about
//     an id that does not exist, once the id is replaced by {id}.
//   - Maps: every answer is the same on map A and map B, body and headers.
//   - ETag: a viewer's ETag is not the editor's ETag of a different body
//     (that ETag is computed over records the viewer may not see).
//   - Control: the probes find the public names planted for the viewer, and
//     the hidden names for an editor (or an admin exporting private
//     records), so a probe that finds nothing proves nothing.
//
// Coverage fails when a GET route of the OpenAPI document has no probe, and
// Race checks that a record made private is hidden from every read that
// starts after the write returned.
//
// Run it with go test ./internal/http -run TestPrivacyEmbedded, and on
// Neo4j with cmd/neo4j-dev/neo4j.sh with go test ./internal/http -run
// TestPrivacyNeo4j.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/gexf"
	"github.com/powermap/powermap/internal/format/graphml"
	"github.com/powermap/powermap/internal/format/kumu"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/format/pmjson"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

func TestPrivacyEmbedded(t *testing.T) { runPrivacy(t, openEmbedded) }

// TestPrivacyNeo4j runs the privacy suite against a real Neo4j.
func TestPrivacyNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	runPrivacy(t, neo4jMaps(t))
}

// neo4jMaps returns an opener that gives an empty Neo4j store on each call:
// it opens the store once for t (neo4jtest holds a lock until t ends, which a
// second Open in the same test would wait for forever), and empties it on
// each later call. Each call also sets the store's change version back to
// 0: the version node outlives a reset, while two fresh embedded stores
// both start at 0, and without it map B would differ from map A by the
// order the maps were made in.
func neo4jMaps(t *testing.T) opener {
	var opened *backend
	return func(sub *testing.T) backend {
		if opened == nil {
			b := openNeo4j(t)
			opened = &b
		} else {
			neo4jtest.Reset(sub)
		}
		cfg := neo4jtest.Require(sub)
		auth := driver.NoAuth()
		if cfg.User != "" || cfg.Password != "" {
			auth = driver.BasicAuth(cfg.User, cfg.Password, "")
		}
		d, err := driver.NewDriverWithContext(cfg.URI, auth)
		require.NoError(sub, err)
		defer d.Close(context.Background())
		_, err = driver.ExecuteQuery(sub.Context(), d, "MATCH (m:PowermapMeta) SET m.version = 0",
			nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
		require.NoError(sub, err)
		return *opened
	}
}

// privacyMissing is an id no map holds. A hidden id must be answered as it
// is. It holds no "qx", so that its echo is not taken for a leak.
const privacyMissing = "missing-zz99"

// privacyRequestID is sent as X-Request-ID with every probe, so that request
// ids are the same on both maps and need no normalizing.
const privacyRequestID = "privacy-probe"

// hiddenRecord is a record viewers may not see, and the words that would
// betray it.
type hiddenRecord struct {
	id     string
	tokens []string // its name, and each distinctive word of it
	onlyB  bool     // only map B holds it
	entity bool     // an entity (else a relationship or an interaction)
}

// hiddenRecords lists every hidden record of the two maps. Every token holds
// "qx" or is a first name that no public record uses. Besides the private
// entities (flag private, or label client), a record is hidden when what it
// is about is: a relationship touching a hidden entity (its derived id holds
// the entity's id, so "qx" catches it), an organizing-log entry whose every
// participant is hidden (ix-qx-…), and a campaign on a private issue
// (camp-qx13).
var hiddenRecords = []hiddenRecord{
	{id: "client-qx01", tokens: []string{"Zebulon Qxclient", "Zebulon", "Qxclient"}, entity: true},
	{id: "priv-qx02", tokens: []string{"Ottoline Qxprivate", "Ottoline", "Qxprivate"}, entity: true},
	{id: "privsen-qx03", tokens: []string{"Sen. Percival Qxhidden", "Percival", "Qxhidden"}, entity: true},
	{id: "privorg-qx04", tokens: []string{"Qxfund Holdings", "Qxfund"}, entity: true},
	{id: "issue-qx07", tokens: []string{"Qxsecret Zoning Plan", "Qxsecret"}, entity: true},
	{id: "rel-qx05"},
	{id: "ix-qx-hidden-03"},
	{id: "client-qx06", tokens: []string{"Wilhelmina Qxextra", "Wilhelmina", "Qxextra"}, onlyB: true, entity: true},
	{id: "priv-qx08", tokens: []string{"Gudrun Qxowner", "Gudrun", "Qxowner"}, onlyB: true, entity: true},
	{id: "privrep-qx09", tokens: []string{"Rep. Thaddeus Qxtarget", "Thaddeus", "Qxtarget"}, onlyB: true, entity: true},
	{id: "ix-qx-extra-12", onlyB: true},
	// A campaign on a private issue names that issue: it is hidden too.
	{id: "camp-qx13", tokens: []string{"Push the Qxzone Plan", "Qxzone"}, onlyB: true},
}

// leakTokens are the words no viewer answer may hold, longest first so that
// a report names the most telling one. "qx" catches what the others miss
// (a relationship id made from a hidden entity's id, say).
func leakTokens() []string {
	var out []string
	for _, h := range hiddenRecords {
		out = append(out, h.id)
		out = append(out, h.tokens...)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return append(out, "qx")
}

// hiddenEntityIDs lists the hidden entities' ids, those of both maps first.
func hiddenEntityIDs() []string {
	var out []string
	for _, onlyB := range []bool{false, true} {
		for _, h := range hiddenRecords {
			if h.entity && h.onlyB == onlyB {
				out = append(out, h.id)
			}
		}
	}
	return out
}

// privacyClock is the servers' fixed clock: the fixture's dates and the
// outreach weeks are counted from it.
type privacyClock struct{ now time.Time }

func (c privacyClock) day(offset int) string {
	return c.now.AddDate(0, 0, offset).Format(time.DateOnly)
}

func (c privacyClock) week(offset int) string { return graph.WeekOf(c.now).Add(offset).String() }

// privacyFixture is one map: what an editor writes through the API.
type privacyFixture struct {
	entities      []map[string]any
	relationships []map[string]any
	stances       []privacyStance
	campaigns     []map[string]any
	interactions  []map[string]any
	// events are posted to /events, drives to /drives.
	events, drives []map[string]any
	// questions are the officials whose drafted forum questions an
	// editor saves as their question bank, hidden sources and all.
	questions []string
	// consents are put to /entities/{id}/consent, by person id.
	consents map[string]map[string]any
}

type privacyStance struct {
	issue, entity string
	alignment     int
}

func rel(src, typ, dst string, strength float64) map[string]any {
	return map[string]any{"source": src, "type": typ, "target": dst, "strength": strength}
}

// newPrivacyFixture returns map A, or map B with its extra hidden records.
func newPrivacyFixture(clock privacyClock, mapB bool) privacyFixture {
	person := func(id, name string, more map[string]any) map[string]any {
		m := map[string]any{"id": id, "kind": "person", "name": name}
		for k, v := range more {
			m[k] = v
		}
		return m
	}
	f := privacyFixture{
		entities: []map[string]any{
			// Public records: the same on both maps.
			person("pub-ana", "Ana Ruiz", map[string]any{"ours": true, "labels": []string{"staff"}, "district": "7"}),
			person("pub-ben", "Ben Okafor", map[string]any{"ours": true, "labels": []string{"staff"}, "district": "9"}),
			{"id": "pub-alliance", "kind": "organization", "name": "Riverside Alliance", "ours": true},
			person("pub-pastor", "Pastor Lee Hwang", map[string]any{"labels": []string{"clergy"}}),
			person("pub-aide", "Rafa Molina", map[string]any{"title": "Chief of Staff"}),
			// A business leader of the senator's district, not engaged yet.
			person("pub-grocer", "Mara Diaz", map[string]any{"labels": []string{"business"}, "district": "7"}),
			{"id": "sen-vega", "kind": "official", "name": "Sen. Marisol Vega", "district": "7", "chamber": "upper", "party": "D"},
			{"id": "rep-ortiz", "kind": "official", "name": "Rep. Dan Ortiz", "district": "9", "chamber": "lower", "party": "D"},
			{"id": "issue-housing", "kind": "issue", "name": "Fair Housing Act"},
			// Hidden records on both maps.
			person("client-qx01", "Zebulon Qxclient", map[string]any{"ours": true, "labels": []string{"client", "speaker"}, "district": "7"}),
			person("priv-qx02", "Ottoline Qxprivate", map[string]any{"ours": true, "private": true, "district": "7"}),
			{"id": "privsen-qx03", "kind": "official", "name": "Sen. Percival Qxhidden", "private": true, "district": "12", "chamber": "upper", "party": "R"},
			{"id": "privorg-qx04", "kind": "organization", "name": "Qxfund Holdings", "private": true},
			{"id": "issue-qx07", "kind": "issue", "name": "Qxsecret Zoning Plan", "private": true},
		},
		relationships: []map[string]any{
			rel("pub-ana", "WORKS_FOR", "pub-alliance", 1),
			rel("pub-ben", "WORKS_FOR", "pub-alliance", 1),
			rel("pub-ana", "KNOWS", "pub-pastor", 0.6),
			rel("pub-pastor", "KNOWS", "sen-vega", 0.5),
			rel("pub-aide", "WORKS_FOR", "sen-vega", 0.9),
			rel("pub-ben", "KNOWS", "rep-ortiz", 0.4),
			rel("pub-pastor", "KNOWS", "pub-aide", 0.5),
			rel("pub-grocer", "KNOWS", "pub-pastor", 0.5),
			// The client is the best bridge from Ana to the senator.
			{"id": "rel-qx05", "source": "pub-ana", "type": "KNOWS", "target": "client-qx01", "strength": 0.95},
			rel("client-qx01", "FAMILY_OF", "sen-vega", 0.95),
			rel("client-qx01", "CLIENT_OF", "pub-alliance", 1),
			// The private organizer lives in the senator's district: the
			// messenger of choice to the senator's aide.
			rel("priv-qx02", "KNOWS", "pub-aide", 0.9),
			rel("priv-qx02", "KNOWS", "rep-ortiz", 0.8),
			rel("priv-qx02", "WORKS_FOR", "pub-alliance", 1),
			rel("pub-ben", "KNOWS", "privsen-qx03", 0.7),
			{"source": "privorg-qx04", "type": "DONATED_TO", "target": "sen-vega", "amount": 5000, "date": clock.day(-100)},
			rel("pub-pastor", "MEMBER_OF", "privorg-qx04", 1),
		},
		stances: []privacyStance{
			{"issue-housing", "pub-ana", 2}, {"issue-housing", "pub-pastor", 1}, {"issue-housing", "sen-vega", -1},
			{"issue-housing", "rep-ortiz", 0}, {"issue-housing", "client-qx01", 2}, {"issue-housing", "priv-qx02", -2},
			{"issue-housing", "privsen-qx03", 1}, {"issue-qx07", "pub-ana", 1}, {"issue-qx07", "pub-ben", -1},
		},
		campaigns: []map[string]any{
			{"id": "camp-budget", "name": "Fund the shelters", "issue": "issue-housing", "ask": "Fund the shelters in the budget",
				"start": clock.day(-30), "owner": "pub-ben", "targets": []map[string]any{{"entity": "rep-ortiz"}}},
			{"id": "camp-housing", "name": "Pass the Fair Housing Act", "issue": "issue-housing", "ask": "Vote yes",
				"start": clock.day(-60), "owner": "priv-qx02", "targets": []map[string]any{
					{"entity": "sen-vega", "priority": "primary"},
					{"entity": "rep-ortiz", "priority": "secondary"},
					{"entity": "privsen-qx03", "priority": "primary", "status": "asked"},
				}},
		},
		interactions: []map[string]any{
			{"id": "ix-pub-01", "type": "one_on_one", "campaign": "camp-housing", "date": clock.day(-20), "follow_up": clock.day(-3),
				"participants": []string{"pub-ana", "pub-pastor"}, "outcome": "will call the senator"},
			{"id": "ix-mixed-02", "type": "call", "campaign": "camp-housing", "date": clock.day(-10),
				"participants": []string{"pub-ana", "client-qx01", "pub-aide"}},
			{"id": "ix-qx-hidden-03", "type": "one_on_one", "campaign": "camp-housing", "date": clock.day(-8), "follow_up": clock.day(2),
				"participants": []string{"client-qx01", "priv-qx02"}},
		},
	}
	// Events: hidden officials and attendees on both maps. On map B the
	// lobby day also has a hidden official, and a client from district 9
	// where map A counts one more unnamed attendee of district 9: to a
	// viewer, a client is counted, as an unnamed attendee of their
	// district, and never named, so the two maps read alike.
	lobby := map[string]any{"id": "ev-lobby", "type": "lobby_day", "name": "Lobby day for fair housing", "date": clock.day(-20),
		"place": "State Capitol, Springfield", "officials": []string{"sen-vega", "privsen-qx03"},
		"attendees": []map[string]any{{"entity": "pub-ana", "role": "leader"}, {"entity": "pub-ben", "role": "speaker"},
			{"entity": "client-qx01"}, {"entity": "priv-qx02", "role": "speaker"}},
		"unnamed": []map[string]any{{"district": "7", "count": 10}, {"district": "9", "count": 3}}}
	f.events = []map[string]any{lobby,
		{"id": "ev-training", "type": "training", "name": "Storytelling training", "date": clock.day(-40), "place": "Riverside library",
			"attendees": []map[string]any{{"entity": "pub-ana", "role": "leader"}, {"entity": "client-qx01", "role": "speaker"},
				{"entity": "pub-pastor", "district": "7"}}}}
	f.questions = []string{"sen-vega", "rep-ortiz"}
	f.drives = []map[string]any{
		{"id": "drive-spring", "name": "Spring registration drive", "date": clock.day(-10), "place": "Riverside market",
			"attendees":  []map[string]any{{"entity": "pub-ben", "role": "leader"}, {"entity": "priv-qx02", "role": "leader"}},
			"registered": []map[string]any{{"district": "7", "count": 40}, {"district": "9", "count": 12}}}}
	// Speakers: Ben (public) tells a story about housing and the hidden
	// zoning plan, which a viewer never sees among his topics; the client
	// consented to speak at events and to the press.
	f.consents = map[string]map[string]any{
		"pub-ben":     {"scope": "events only", "date": clock.day(-50), "topics": []string{"issue-housing", "issue-qx07"}},
		"client-qx01": {"scope": "public", "date": clock.day(-45), "topics": []string{"issue-housing"}},
	}
	if !mapB {
		return f
	}
	f.consents["client-qx06"] = map[string]any{"scope": "events and press", "date": clock.day(-44), "topics": []string{"issue-housing"}}
	lobby["officials"] = []string{"sen-vega", "privrep-qx09", "privsen-qx03"}
	lobby["attendees"] = []map[string]any{{"entity": "pub-ana", "role": "leader"}, {"entity": "client-qx06"}, {"entity": "pub-ben", "role": "speaker"},
		{"entity": "client-qx01"}, {"entity": "priv-qx02", "role": "speaker"}}
	lobby["unnamed"] = []map[string]any{{"district": "7", "count": 10}, {"district": "9", "count": 2}}
	f.entities = append(f.entities,
		person("client-qx06", "Wilhelmina Qxextra", map[string]any{"labels": []string{"client"}, "district": "9"}),
		person("priv-qx08", "Gudrun Qxowner", map[string]any{"ours": true, "private": true, "district": "9"}),
		map[string]any{"id": "privrep-qx09", "kind": "official", "name": "Rep. Thaddeus Qxtarget", "private": true, "district": "9", "chamber": "lower"},
	)
	f.relationships = append(f.relationships,
		rel("client-qx06", "KNOWS", "pub-ana", 0.9),
		rel("client-qx06", "KNOWS", "sen-vega", 0.9),
		rel("client-qx06", "KNOWS", "pub-aide", 0.8),
		rel("client-qx06", "KNOWS", "pub-pastor", 0.7),
		rel("client-qx06", "KNOWS", "rep-ortiz", 0.9),
		rel("client-qx06", "CLIENT_OF", "pub-alliance", 1),
		rel("priv-qx08", "KNOWS", "rep-ortiz", 0.85),
		rel("priv-qx08", "WORKS_FOR", "pub-alliance", 1),
		rel("pub-aide", "KNOWS", "privrep-qx09", 0.6),
	)
	f.stances = append(f.stances,
		privacyStance{"issue-housing", "client-qx06", 1}, privacyStance{"issue-housing", "priv-qx08", 2},
		privacyStance{"issue-housing", "privrep-qx09", -2}, privacyStance{"issue-qx07", "client-qx06", 2},
	)
	// Another private owner, and another private target between the public
	// ones.
	housing := f.campaigns[1]
	housing["owner"] = "priv-qx08"
	housing["targets"] = []map[string]any{
		{"entity": "sen-vega", "priority": "primary"},
		{"entity": "privrep-qx09", "priority": "secondary", "status": "asked"},
		{"entity": "rep-ortiz", "priority": "secondary"},
		{"entity": "privsen-qx03", "priority": "primary", "status": "asked"},
	}
	// A private contact puts a hidden person on the weekly list, and
	// (being engaged) takes nobody off a viewer's leaders.
	housing["contacts"] = []string{"priv-qx08"}
	f.campaigns = append(f.campaigns, map[string]any{"id": "camp-qx13", "name": "Push the Qxzone Plan", "issue": "issue-qx07",
		"ask": "Back the plan", "start": clock.day(-14), "owner": "pub-ana", "targets": []map[string]any{{"entity": "sen-vega"}}})
	f.interactions = append(f.interactions,
		map[string]any{"id": "ix-qx-extra-12", "type": "call", "campaign": "camp-housing", "date": clock.day(-2), "follow_up": clock.day(3),
			"participants": []string{"client-qx06", "priv-qx08"}})
	return f
}

// privacyFormats offers every export format the powermap binary offers
// (cmd/powermap/formats.go); the probes export in each.
func privacyFormats() *format.Registry {
	return format.NewRegistry(
		[]format.Reader{pmcsv.Reader{}, pmjson.Reader{}},
		[]format.Writer{pmjson.Writer{}, pmcsv.Writer{}, &graphml.Writer{}, &gexf.Writer{}, kumu.Writer{}},
	)
}

// newPrivacyEnv is newEnv with every export format, a fixed clock, and
// tokens with fixed ids, so that two servers answer alike.
func newPrivacyEnv(t *testing.T, open opener, clock privacyClock) *env {
	t.Helper()
	b := open(t)
	cfg := pmhttp.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.TokenCacheTTL = 0
	cfg.RequestTimeout = 60 * time.Second
	cfg.Location = time.UTC
	logs := &bytes.Buffer{}
	srv, err := pmhttp.New(cfg, pmhttp.Deps{
		Store: b.Store, Accounts: b.Accounts, Formats: privacyFormats(),
		Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    func() time.Time { return clock.now },
	})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, srv: srv, ts: ts, store: b.Store, accounts: b.Accounts, logs: logs, backend: b}
	token := func(name string, role graph.Role) string {
		secret, tok, err := graph.NewToken(name, role, clock.now)
		require.NoError(t, err)
		tok.ID = "tok_" + name
		require.NoError(t, e.accounts.CreateToken(t.Context(), tok))
		return secret
	}
	e.admin = token("privacy-admin", graph.RoleAdmin)
	e.editor = token("privacy-editor", graph.RoleEditor)
	e.viewer = token("privacy-viewer", graph.RoleViewer)
	return e
}

// build writes a fixture through the API as an editor.
func (e *env) build(f privacyFixture) {
	e.t.Helper()
	for _, x := range f.entities {
		e.ok(e.call("POST", "/api/v1/entities", e.editor, x), 201)
	}
	for _, x := range f.relationships {
		e.ok(e.call("POST", "/api/v1/relationships", e.editor, x), 201)
	}
	for _, s := range f.stances {
		e.ok(e.call("PUT", "/api/v1/issues/"+esc(s.issue)+"/stances/"+esc(s.entity), e.editor, map[string]any{"alignment": s.alignment}), 200)
	}
	for _, x := range f.campaigns {
		e.ok(e.call("POST", "/api/v1/campaigns", e.editor, x), 201)
	}
	for _, x := range f.interactions {
		e.ok(e.call("POST", "/api/v1/interactions", e.editor, x), 201)
	}
	for _, x := range f.events {
		e.ok(e.call("POST", "/api/v1/events", e.editor, x), 201)
	}
	for _, x := range f.drives {
		e.ok(e.call("POST", "/api/v1/drives", e.editor, x), 201)
	}
	for _, id := range f.questions {
		var d struct {
			Questions []map[string]any `json:"questions"`
		}
		e.ok(e.call("GET", "/api/v1/entities/"+esc(id)+"/questions/draft", e.editor, nil), 200).decode(e.t, &d)
		e.ok(e.call("PUT", "/api/v1/entities/"+esc(id)+"/questions", e.editor, map[string]any{"questions": d.Questions}), 200)
	}
	for _, id := range slices.Sorted(maps.Keys(f.consents)) {
		e.ok(e.call("PUT", "/api/v1/entities/"+esc(id)+"/consent", e.editor, f.consents[id]), 200)
	}
}

// probe is one viewer GET of a route.
type probe struct {
	name string // the variant, as failures report it
	path string // path and query
	// asks is the hidden or missing id this probe asks about: its echo in
	// the answer is no leak. A hidden id's probe is compared with the
	// missing twin of its group (missing set), once both ids are replaced
	// by {id}.
	asks, group string
	missing     bool
	// want lists public words the viewer's answer must hold, control the
	// hidden words an editor's answer must hold (positive controls).
	want, control []string
	// controlAs is the role of the control call: editor unless "admin".
	controlAs string
	// status, when set, lists the statuses a viewer may get.
	status []int
	// volatile marks an answer that changes from call to call (runtime
	// statistics): the maps compare its status only.
	volatile bool
}

// hiddenIDs expands a probe template (one %s) for every hidden entity id,
// or for ids, and for privacyMissing: the NotFound check compares each
// hidden id's answer with the missing id's.
func hiddenIDs(group, tmpl string, ids ...string) []probe {
	if len(ids) == 0 {
		ids = hiddenEntityIDs()
	}
	var out []probe
	for _, id := range ids {
		out = append(out, probe{name: group + "<hidden " + id + ">", path: fmt.Sprintf(tmpl, url.QueryEscape(id)), asks: id, group: group})
	}
	return append(out, probe{name: group + "<missing>", path: fmt.Sprintf(tmpl, privacyMissing), asks: privacyMissing, group: group, missing: true})
}

// hiddenCursors expands a paging template (after=%s) for every hidden id,
// each with its own missing twin: the id with a "0" appended, which sorts
// right after it, so that a cursor past a hidden record pages exactly as a
// cursor past a record that does not exist.
func hiddenCursors(group, tmpl string, ids ...string) []probe {
	if len(ids) == 0 {
		ids = hiddenEntityIDs()
	}
	var out []probe
	for _, id := range ids {
		g := group + "<" + id + ">"
		out = append(out,
			probe{name: group + "<hidden " + id + ">", path: fmt.Sprintf(tmpl, url.QueryEscape(id)), asks: id, group: g},
			probe{name: group + "<missing " + id + "0>", path: fmt.Sprintf(tmpl, url.QueryEscape(id+"0")), asks: id + "0", group: g, missing: true})
	}
	return out
}

// relID is the id the API gives a relationship posted without one.
func relID(source string, t graph.RelType, target string) string {
	return graph.DefaultRelationshipID(source, target, t)
}

// plain makes a probe of each path, named by the path after /api/v1.
func plain(paths ...string) []probe {
	out := make([]probe, len(paths))
	for i, p := range paths {
		out[i] = probe{name: strings.TrimPrefix(p, "/api/v1"), path: p}
	}
	return out
}

func join(groups ...[]probe) []probe { return slices.Concat(groups...) }

// privacyProbes is the table of viewer probes, by route as specRoles keys
// it ("GET /api/v1/entities/:id"). Coverage fails for a GET route of the
// OpenAPI document that is missing here.
func privacyProbes(clock privacyClock) map[string][]probe {
	const v = "/api/v1"
	var rankings []probe
	for _, a := range rank.Algos() {
		q := v + "/rankings?top=50&algo=" + string(a)
		if a == rank.AlgoPPR {
			q += "&seed=sen-vega"
		}
		p := probe{name: "algo=" + string(a), path: q}
		if a == rank.AlgoPageRank {
			p.want = []string{"Sen. Marisol Vega"}
			p.control = []string{"Zebulon Qxclient"}
		}
		rankings = append(rankings, p)
	}
	var exports []probe
	for _, name := range privacyFormats().WriterNames() {
		exports = append(exports,
			probe{name: "format=" + name, path: v + "/export?format=" + name, want: []string{"Ana Ruiz"}},
			probe{name: "format=" + name + "&include_private=true", path: v + "/export?include_private=true&format=" + name, status: []int{403},
				control: []string{"Zebulon Qxclient", "Ottoline Qxprivate"}, controlAs: "admin"})
	}
	campaign := v + "/campaigns/camp-housing"
	var outreach []probe
	for _, f := range []string{"json", "csv", "ics"} {
		outreach = append(outreach,
			probe{name: "format=" + f, path: campaign + "/outreach?format=" + f},
			probe{name: "week=this&format=" + f, path: campaign + "/outreach?week=" + clock.week(0) + "&format=" + f},
		)
	}
	outreach = append(outreach,
		probe{name: "week=next", path: campaign + "/outreach?week=" + clock.week(1)},
		probe{name: "week=last", path: campaign + "/outreach?week=" + clock.week(-1)},
		probe{name: "campaign=camp-budget", path: v + "/campaigns/camp-budget/outreach"},
	)
	outreach = append(outreach, hiddenIDs("id=", v+"/campaigns/%s/outreach", "camp-qx13")...)
	outreach[0].want = []string{"Rafa Molina"}
	outreach[0].control = []string{"Ottoline Qxprivate"}
	var outreachAll []probe
	for _, f := range []string{"json", "csv", "ics"} {
		outreachAll = append(outreachAll, probe{name: "format=" + f, path: v + "/outreach?format=" + f})
	}
	outreachAll = append(outreachAll,
		probe{name: "week=next", path: v + "/outreach?week=" + clock.week(1)},
		probe{name: "week=last", path: v + "/outreach?week=" + clock.week(-1)})

	period := "since=" + clock.day(-60) + "&until=" + clock.day(0)
	thisYear := strconv.Itoa(clock.now.Year())
	missingEvent := []probe{{name: "id=<missing>", path: v + "/events/" + privacyMissing, asks: privacyMissing}}
	events := map[string][]probe{
		"GET /api/v1/events": join(
			[]probe{{name: "all", path: v + "/events", want: []string{"Ana Ruiz", "Sen. Marisol Vega"}, control: []string{"Zebulon Qxclient", "privrep-qx09"}}},
			plain(v+"/events?type=lobby_day", v+"/events?type=training", v+"/events?type=drive", v+"/events?entity=pub-ana",
				v+"/events?entity=sen-vega", v+"/events?entity=pub-pastor", v+"/events?limit=1", v+"/events?since="+clock.day(-30),
				v+"/events?until="+clock.day(-30)),
			hiddenIDs("entity=", v+"/events?entity=%s"),
		),
		"GET /api/v1/events/:id": join(
			[]probe{{name: "ev-lobby", path: v + "/events/ev-lobby", want: []string{"Ben Okafor"}, control: []string{"Wilhelmina Qxextra", "Sen. Percival Qxhidden"}}},
			plain(v+"/events/ev-training", v+"/events/drive-spring"), missingEvent),
		"GET /api/v1/drives": join(
			[]probe{{name: "all", path: v + "/drives", want: []string{"Ben Okafor"}, control: []string{"Ottoline Qxprivate"}}},
			plain(v+"/drives?entity=pub-ben", v+"/drives?since="+clock.day(-5)),
			hiddenIDs("entity=", v+"/drives?entity=%s"),
		),
		"GET /api/v1/drives/:id": plain(v+"/drives/drive-spring", v+"/drives/ev-lobby", v+"/drives/"+privacyMissing),
		"GET /api/v1/entities/:id/turnout": join(
			[]probe{{name: "sen-vega period", path: v + "/entities/sen-vega/turnout?" + period, want: []string{"Ana Ruiz", "We brought"},
				control: []string{"Zebulon Qxclient"}}},
			plain(v+"/entities/sen-vega/turnout", v+"/entities/sen-vega/turnout?year="+thisYear, v+"/entities/rep-ortiz/turnout?"+period,
				v+"/entities/rep-ortiz/turnout?year=2001", v+"/entities/pub-ana/turnout", v+"/entities/sen-vega/turnout?year=x"),
			hiddenIDs("id=", v+"/entities/%s/turnout?"+period),
		),
		"GET /api/v1/turnout": join(
			[]probe{{name: "period", path: v + "/turnout?" + period, want: []string{"Rep. Dan Ortiz"}, control: []string{"Rep. Thaddeus Qxtarget"}}},
			plain(v+"/turnout", v+"/turnout?year="+thisYear),
		),
		"GET /api/v1/entities/:id/questions": join(
			[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/questions", want: []string{"Fair Housing Act", "Fund the shelters"},
				control: []string{"Qxfund Holdings"}}},
			plain(v+"/entities/rep-ortiz/questions", v+"/entities/pub-ana/questions", v+"/entities/issue-housing/questions"),
			hiddenIDs("id=", v+"/entities/%s/questions"),
		),
		"GET /api/v1/entities/:id/questions/draft": join(
			[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/questions/draft", want: []string{"Fair Housing Act", "Fund the shelters"},
				control: []string{"Qxfund Holdings"}}},
			plain(v+"/entities/rep-ortiz/questions/draft", v+"/entities/pub-ana/questions/draft"),
			hiddenIDs("id=", v+"/entities/%s/questions/draft"),
		),
		"GET /api/v1/entities/:id/ladder": join(
			[]probe{{name: "pub-ana", path: v + "/entities/pub-ana/ladder", want: []string{"Storytelling training"}}},
			plain(v+"/entities/pub-ben/ladder", v+"/entities/pub-pastor/ladder", v+"/entities/sen-vega/ladder"),
			hiddenIDs("id=", v+"/entities/%s/ladder"),
		),
	}
	events["GET /api/v1/speakers"] = join(
		[]probe{{name: "all", path: v + "/speakers", want: []string{"Ben Okafor", "Fair Housing Act", "events only"}, control: []string{"Zebulon Qxclient", "Qxsecret Zoning Plan"}}},
		plain(v+"/speakers?issue=issue-housing", v+"/speakers?issue=Fair+Housing+Act", v+"/speakers?scope=public", v+"/speakers?scope=events",
			v+"/speakers?scope=internal", v+"/speakers?scope=nope", v+"/speakers?issue=pub-ana"),
		hiddenIDs("issue=", v+"/speakers?issue=%s"),
	)
	events["GET /api/v1/entities/:id/consent"] = join(
		[]probe{{name: "pub-ben", path: v + "/entities/pub-ben/consent", want: []string{"Ben Okafor", "Fair Housing Act"}, control: []string{"Qxsecret Zoning Plan"}}},
		plain(v+"/entities/pub-ana/consent", v+"/entities/sen-vega/consent"),
		hiddenIDs("id=", v+"/entities/%s/consent"),
	)
	events["GET /api/v1/entities/:id/speakers"] = join(
		[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/speakers", want: []string{"Ben Okafor", "Fair Housing Act"}, control: []string{"Zebulon Qxclient"}}},
		plain(v+"/entities/rep-ortiz/speakers", v+"/entities/pub-ana/speakers", v+"/entities/issue-housing/speakers"),
		hiddenIDs("id=", v+"/entities/%s/speakers"),
	)
	events["GET /api/v1/events/:id/speakers"] = join(
		[]probe{{name: "ev-lobby", path: v + "/events/ev-lobby/speakers", want: []string{"Ben Okafor"}, control: []string{"Zebulon Qxclient"}}},
		plain(v+"/events/ev-training/speakers", v+"/events/drive-spring/speakers"),
		[]probe{{name: "id=<missing>", path: v + "/events/" + privacyMissing + "/speakers", asks: privacyMissing}},
	)
	return mergeProbes(events, map[string][]probe{
		"GET /healthz":          plain("/healthz"),
		"GET /readyz":           plain("/readyz"),
		"GET /metrics":          {{name: "/metrics", path: "/metrics", status: []int{401, 403}, volatile: true}},
		"GET /api/openapi.json": plain("/api/openapi.json"),
		"GET /api/v1/session":   plain(v + "/session"),
		"GET /api/v1/types":     plain(v + "/types"),
		"GET /api/v1/tokens":    {{name: "tokens", path: v + "/tokens", status: []int{403}}},
		"GET /api/v1/audit":     {{name: "audit", path: v + "/audit", status: []int{403}}},
		// A backup holds every record: viewers (and editors, the control) are refused.
		"GET /api/v1/backup": {{name: "backup", path: v + "/backup", status: []int{403}}},
		// Merges are an editing tool: viewers are refused, whatever the id.
		"GET /api/v1/merges":          {{name: "merges", path: v + "/merges", status: []int{403}}},
		"GET /api/v1/merges/:id":      {{name: "merge", path: v + "/merges/mg_0000000000000000", status: []int{403}}},
		"GET /api/v1/dedupe/pairs":    {{name: "review queue", path: v + "/dedupe/pairs", status: []int{403}}},
		"GET /api/v1/dedupe/not-same": {{name: "not-same pairs", path: v + "/dedupe/not-same", status: []int{403}}},

		"GET /api/v1/entities": join(
			[]probe{{name: "all", path: v + "/entities", want: []string{"Ana Ruiz"}, control: []string{"client-qx01", "priv-qx02"}}},
			plain(v+"/entities?limit=1", v+"/entities?limit=2", v+"/entities?limit=3&after=pub-ana", v+"/entities?limit=2&after=pub-pastor",
				v+"/entities?kind=person", v+"/entities?kind=official", v+"/entities?kind=organization", v+"/entities?kind=issue",
				v+"/entities?label=client", v+"/entities?label=speaker", v+"/entities?label=staff", v+"/entities?ours=true",
				v+"/entities?ours=false", v+"/entities?kind=person&ours=true&limit=1"),
			hiddenCursors("after=", v+"/entities?limit=2&after=%s"),
		),
		"GET /api/v1/entities/:id": join(
			plain(v+"/entities/pub-ana", v+"/entities/sen-vega", v+"/entities/pub-alliance", v+"/entities/issue-housing", v+"/entities/pub-aide"),
			hiddenIDs("id=", v+"/entities/%s"),
		),
		"GET /api/v1/entities/:id/relationships": join(
			plain(v+"/entities/pub-ana/relationships", v+"/entities/sen-vega/relationships", v+"/entities/pub-alliance/relationships",
				v+"/entities/issue-housing/relationships", v+"/entities/pub-aide/relationships", v+"/entities/rep-ortiz/relationships",
				v+"/entities/pub-ana/relationships?limit=1", v+"/entities/pub-ana/relationships?types=KNOWS",
				v+"/entities/pub-pastor/relationships?limit=2"),
			hiddenIDs("id=", v+"/entities/%s/relationships"),
			hiddenCursors("after=", v+"/entities/pub-ana/relationships?limit=1&after=%s", "rel-qx05", relID("client-qx06", "KNOWS", "pub-ana")),
		),
		"GET /api/v1/entities/:id/network": join(
			[]probe{{name: "pub-ana depth=2", path: v + "/entities/pub-ana/network?depth=2", want: []string{"pub-pastor"}, control: []string{"client-qx01"}}},
			plain(v+"/entities/pub-ana/network", v+"/entities/pub-ana/network?depth=3", v+"/entities/sen-vega/network",
				v+"/entities/sen-vega/network?depth=2", v+"/entities/pub-alliance/network?depth=2", v+"/entities/rep-ortiz/network?depth=3",
				v+"/entities/pub-ana/network?depth=3&limit=3", v+"/entities/sen-vega/network?limit=2", v+"/entities/pub-ana/network?types=KNOWS&depth=2"),
			hiddenIDs("id=", v+"/entities/%s/network"),
		),
		"GET /api/v1/entities/:id/inner-circle": join(
			[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/inner-circle", want: []string{"pub-aide"}, control: []string{"client-qx01"}}},
			plain(v+"/entities/rep-ortiz/inner-circle", v+"/entities/pub-ana/inner-circle", v+"/entities/sen-vega/inner-circle?top=2",
				v+"/entities/pub-alliance/inner-circle?top=50"),
			hiddenIDs("id=", v+"/entities/%s/inner-circle"),
		),
		"GET /api/v1/entities/:id/givers": join(
			plain(v+"/entities/sen-vega/givers", v+"/entities/rep-ortiz/givers", v+"/entities/pub-alliance/givers"),
			hiddenIDs("id=", v+"/entities/%s/givers"),
		),
		"GET /api/v1/entities/:id/brief": join(
			[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/brief", want: []string{"Rafa Molina", "Pastor Lee Hwang", "Fair Housing Act", "Pass the Fair Housing Act"},
				control: []string{"Zebulon Qxclient", "Qxfund Holdings", "Ottoline Qxprivate"}}},
			[]probe{{name: "rep-ortiz", path: v + "/entities/rep-ortiz/brief", want: []string{"Ben Okafor", "Fund the shelters"}, control: []string{"Gudrun Qxowner"}}},
			[]probe{{name: "pub-ana (not an official)", path: v + "/entities/pub-ana/brief", status: []int{400}}},
			hiddenIDs("id=", v+"/entities/%s/brief"),
		),
		"GET /api/v1/entities/:id/leaders": join(
			// Through the client, an editor's Mara Diaz reaches the senator
			// best; a viewer's goes through the pastor.
			[]probe{{name: "sen-vega", path: v + "/entities/sen-vega/leaders", want: []string{"Mara Diaz", "Pastor Lee Hwang"}, control: []string{"client-qx01"}}},
			[]probe{{name: "pub-ana (not an official)", path: v + "/entities/pub-ana/leaders", status: []int{400}}},
			plain(v+"/entities/rep-ortiz/leaders", v+"/entities/sen-vega/leaders?campaign=camp-budget&limit=1"),
			hiddenIDs("id=", v+"/entities/%s/leaders"),
			hiddenIDs("campaign=", v+"/entities/sen-vega/leaders?campaign=%s", "camp-qx13"),
		),
		"GET /api/v1/ballots/:district": join(
			[]probe{{name: "7", path: v + "/ballots/7", want: []string{"Sen. Marisol Vega", "Fair Housing Act", "opposes"}}},
			[]probe{{name: "12 (a private senator only)", path: v + "/ballots/12", status: []int{404}, control: []string{"Sen. Percival Qxhidden"}}},
			plain(v+"/ballots/9", v+"/ballots/7A"),
		),
		"GET /api/v1/relationships": join(
			plain(v+"/relationships", v+"/relationships?limit=1", v+"/relationships?limit=3&after="+url.QueryEscape(relID("pub-ana", "KNOWS", "pub-pastor")),
				v+"/relationships?type=KNOWS", v+"/relationships?type=FAMILY_OF", v+"/relationships?type=DONATED_TO",
				v+"/relationships?type=CLIENT_OF", v+"/relationships?type=SUPPORTS", v+"/relationships?type=OPPOSES",
				v+"/relationships?type=MEMBER_OF", v+"/relationships?entity=pub-ana", v+"/relationships?entity=sen-vega",
				v+"/relationships?entity=pub-alliance&limit=1", v+"/relationships?entity=issue-housing"),
			hiddenIDs("entity=", v+"/relationships?entity=%s"),
			hiddenCursors("after=", v+"/relationships?limit=2&after=%s", "rel-qx05", relID("client-qx01", "FAMILY_OF", "sen-vega"), relID("client-qx06", "KNOWS", "pub-ana")),
		),
		"GET /api/v1/relationships/:id": join(
			[]probe{{name: "KNOWS pub-ana pub-pastor", path: v + "/relationships/" + esc(relID("pub-ana", "KNOWS", "pub-pastor")), want: []string{"pub-pastor"}}},
			plain(v+"/relationships/"+esc(relID("pub-aide", "WORKS_FOR", "sen-vega"))),
			hiddenIDs("id=", v+"/relationships/%s", "rel-qx05", relID("client-qx01", "FAMILY_OF", "sen-vega"), relID("pub-ben", "KNOWS", "privsen-qx03"),
				relID("privorg-qx04", "DONATED_TO", "sen-vega"), relID("client-qx06", "KNOWS", "pub-ana"), relID("client-qx01", "SUPPORTS", "issue-housing")),
		),
		"GET /api/v1/search": join(
			[]probe{
				{name: "q=Vega", path: v + "/search?q=Vega", want: []string{"Sen. Marisol Vega"}},
				{name: "q=Qx", path: v + "/search?q=Qx", control: []string{"Zebulon Qxclient"}},
			},
			plain(v+"/search?q=Qxclient", v+"/search?q=Zebulon", v+"/search?q=Ottoline", v+"/search?q=Qxprivate",
				v+"/search?q=Percival", v+"/search?q=Wilhelmina", v+"/search?q=Gudrun", v+"/search?q=Thaddeus", v+"/search?q=Qxfund",
				v+"/search?q=Qxsecret", v+"/search?q=Sen", v+"/search?q=Rep", v+"/search?q=Sen&kind=official", v+"/search?q=a&limit=1",
				v+"/search?q=a&limit=100", v+"/search?q=r&limit=2", v+"/search?q=o&kind=person", v+"/search?q=client-qx01"),
		),
		"GET /api/v1/paths": join(
			[]probe{{name: "to=sen-vega", path: v + "/paths?to=sen-vega", want: []string{"pub-pastor"}, control: []string{"client-qx01"}}},
			plain(v+"/paths?to=sen-vega&from=pub-ana", v+"/paths?to=sen-vega&from=pub-ana&k=1", v+"/paths?to=sen-vega&k=10",
				v+"/paths?to=sen-vega&from=pub-ben", v+"/paths?to=rep-ortiz", v+"/paths?to=rep-ortiz&k=10", v+"/paths?to=pub-aide",
				v+"/paths?to=pub-aide&from=pub-ana&k=10", v+"/paths?to=sen-vega&max_hops=2", v+"/paths?to=sen-vega&max_hops=1",
				v+"/paths?to=sen-vega&types=KNOWS,FAMILY_OF", v+"/paths?to=sen-vega&exclude_types=WORKS_FOR",
				v+"/paths?to=sen-vega&avoid=pub-pastor", v+"/paths?to=sen-vega&from=pub-ana&avoid=pub-pastor",
				v+"/paths?to=pub-alliance", v+"/paths?to=sen-vega&from=pub-ben&from=pub-ana&k=10"),
			hiddenIDs("to=", v+"/paths?to=%s"),
			hiddenIDs("from=", v+"/paths?to=sen-vega&from=%s"),
			hiddenIDs("avoid=", v+"/paths?to=sen-vega&avoid=%s"),
		),
		"GET /api/v1/connections": join(
			[]probe{{name: "a=pub-ana&b=sen-vega", path: v + "/connections?a=pub-ana&b=sen-vega", want: []string{"pub-pastor"}, control: []string{"client-qx01"}}},
			plain(v+"/connections?a=pub-ben&b=rep-ortiz", v+"/connections?a=pub-pastor&b=pub-aide", v+"/connections?a=pub-ana&b=pub-alliance",
				v+"/connections?a=sen-vega&b=rep-ortiz", v+"/connections?a=pub-aide&b=pub-ana"),
			hiddenIDs("a=", v+"/connections?b=sen-vega&a=%s"),
			hiddenIDs("b=", v+"/connections?a=pub-ana&b=%s"),
		),
		"GET /api/v1/rankings": join(rankings,
			plain(v+"/rankings?algo=pagerank&top=3", v+"/rankings?algo=pagerank&kind=person", v+"/rankings?algo=pagerank&label=staff",
				v+"/rankings?algo=degree&types=KNOWS", v+"/rankings?algo=betweenness&weighted=false", v+"/rankings?algo=ppr&seed=pub-ana&exclude_seeds=true",
				v+"/rankings?algo=ppr&seed=sen-vega&seed=rep-ortiz", v+"/rankings?algo=closeness&kind=official", v+"/rankings?algo=communities&top=100",
				v+"/rankings?algo=hits&label=client", v+"/rankings?algo=degree&kind=organization"),
			hiddenIDs("seed=", v+"/rankings?algo=ppr&seed=%s"),
		),
		"GET /api/v1/export": join(exports,
			plain(v+"/export?format=json&kind=person", v+"/export?format=json&kind=official&kind=organization",
				v+"/export?format=json&label=client", v+"/export?format=csv&label=staff", v+"/export?format=json&types=KNOWS",
				v+"/export?format=graphml&types=DONATED_TO,MEMBER_OF"),
		),
		"GET /api/v1/issues": join(
			[]probe{{name: "all", path: v + "/issues", want: []string{"Fair Housing Act"}, control: []string{"issue-qx07"}}},
			plain(v+"/issues?limit=1"),
			hiddenCursors("after=", v+"/issues?limit=1&after=%s", "issue-qx07"),
		),
		"GET /api/v1/issues/:id/stances": join(
			[]probe{{name: "issue-housing", path: v + "/issues/issue-housing/stances", want: []string{"pub-ana"}, control: []string{"client-qx01"}}},
			plain(v+"/issues/sen-vega/stances"),
			hiddenIDs("id=", v+"/issues/%s/stances"),
		),
		"GET /api/v1/campaigns": {{name: "all", path: v + "/campaigns", want: []string{"camp-housing", "sen-vega"}, control: []string{"privrep-qx09"}}},
		"GET /api/v1/campaigns/:id": join(
			[]probe{{name: "camp-housing", path: campaign, want: []string{"rep-ortiz"}, control: []string{"priv-qx08"}}},
			plain(v+"/campaigns/camp-budget"),
			hiddenIDs("id=", v+"/campaigns/%s", "camp-qx13"),
		),
		"GET /api/v1/campaigns/:id/grid": join(
			[]probe{{name: "camp-housing", path: campaign + "/grid", want: []string{"Sen. Marisol Vega"}, control: []string{"Zebulon Qxclient"}}},
			plain(campaign+"/grid?format=json", campaign+"/grid?format=csv", campaign+"/grid?format=ics", v+"/campaigns/camp-budget/grid",
				v+"/campaigns/camp-budget/grid?format=csv"),
			hiddenIDs("id=", v+"/campaigns/%s/grid", "camp-qx13"),
		),
		"GET /api/v1/campaigns/:id/outreach": outreach,
		"GET /api/v1/campaigns/:id/outreach/weeks": join(plain(campaign+"/outreach/weeks", v+"/campaigns/camp-budget/outreach/weeks"),
			hiddenIDs("id=", v+"/campaigns/%s/outreach/weeks", "camp-qx13")),
		"GET /api/v1/outreach": outreachAll,
		"GET /api/v1/interactions": join(
			[]probe{{name: "campaign=camp-housing", path: v + "/interactions?campaign=camp-housing", want: []string{"ix-pub-01"}, control: []string{"ix-qx-hidden-03"}}},
			plain(v+"/interactions", v+"/interactions?limit=1", v+"/interactions?limit=2", v+"/interactions?entity=pub-ana",
				v+"/interactions?entity=pub-aide", v+"/interactions?campaign=camp-budget", v+"/interactions?since="+clock.day(-9),
				v+"/interactions?until="+clock.day(-9), v+"/interactions?since="+clock.day(-30)+"&until="+clock.day(0)+"&campaign=camp-housing"),
			hiddenIDs("entity=", v+"/interactions?entity=%s"),
			hiddenIDs("campaign-and-entity=", v+"/interactions?campaign=camp-housing&entity=%s"),
			hiddenIDs("campaign=", v+"/interactions?campaign=%s", "camp-qx13"),
		),
		"GET /api/v1/interactions/:id": join(
			plain(v+"/interactions/ix-pub-01", v+"/interactions/ix-mixed-02"),
			hiddenIDs("id=", v+"/interactions/%s", "ix-qx-hidden-03", "ix-qx-extra-12"),
		),
	})
}

// mergeProbes adds the probes of b to a.
func mergeProbes(a, b map[string][]probe) map[string][]probe {
	for k, v := range b {
		a[k] = append(a[k], v...)
	}
	return a
}

// privacyReplies are the answers to every probe on one map, by route and
// probe name.
type privacyReplies map[string]map[string]reply

// probeAll sends every probe with a token, in a fixed order (so that side
// effects, such as the outreach list saved on first read, happen alike on
// both maps). as picks the token per probe.
func (e *env) probeAll(probes map[string][]probe, as func(probe) string) privacyReplies {
	e.t.Helper()
	out := privacyReplies{}
	for _, route := range slices.Sorted(maps.Keys(probes)) {
		out[route] = map[string]reply{}
		for _, p := range probes[route] {
			tok := as(p)
			if tok == "-" {
				continue
			}
			out[route][p.name] = e.call("GET", p.path, tok, nil, "X-Request-ID", privacyRequestID)
		}
	}
	return out
}

// runPrivacy is the privacy acceptance suite on the backend open returns.
func runPrivacy(t *testing.T, open opener) {
	clock := privacyClock{now: time.Now().UTC().Truncate(time.Hour)}
	probes := privacyProbes(clock)
	viewerOf := func(e *env) func(probe) string { return func(probe) string { return e.viewer } }

	// Map A, probed by a viewer; then map B (which replaces map A on Neo4j),
	// probed by a viewer and by an editor.
	ea := newPrivacyEnv(t, open, clock)
	ea.build(newPrivacyFixture(clock, false))
	replyA := ea.probeAll(probes, viewerOf(ea))

	eb := newPrivacyEnv(t, open, clock)
	eb.build(newPrivacyFixture(clock, true))
	replyB := eb.probeAll(probes, viewerOf(eb))
	controlB := eb.probeAll(probes, func(p probe) string {
		if p.controlAs == "admin" {
			return eb.admin
		}
		return eb.editor
	})

	t.Run("Coverage", func(t *testing.T) {
		spec := specRoles(t)
		for route := range spec {
			if strings.HasPrefix(route, "GET ") && len(probes[route]) == 0 {
				t.Errorf("add a privacy probe for %s to privacyProbes", route)
			}
		}
		for route, ps := range probes {
			if _, ok := spec[route]; !ok {
				t.Errorf("privacyProbes has %s, which the OpenAPI document does not list", route)
			}
			seen := map[string]bool{}
			for _, p := range ps {
				if seen[p.name] {
					t.Errorf("%s has two probes named %q", route, p.name)
				}
				seen[p.name] = true
			}
		}
	})

	for _, route := range slices.Sorted(maps.Keys(probes)) {
		t.Run(strings.Replace(route, "/api/v1/", "/", 1), func(t *testing.T) {
			checkRoute(t, route, probes[route], replyA[route], replyB[route], controlB[route])
		})
	}

	t.Run("Control", func(t *testing.T) {
		// Every hidden record is reachable by an editor: the fixture is
		// wired, and the probes can see what they look for.
		var texts []string
		for _, byName := range controlB {
			for _, r := range byName {
				texts = append(texts, strings.ToLower(readable(r)))
			}
		}
		for _, h := range hiddenRecords {
			found := slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, strings.ToLower(h.id)) })
			if !found {
				t.Errorf("no editor probe finds hidden record %s: the probe table cannot see it", h.id)
			}
		}
	})

	t.Run("Race/private", func(t *testing.T) {
		testPrivacyRace(t, open, clock, map[string]any{"private": true}, map[string]any{"private": false})
	})
	t.Run("Race/client", func(t *testing.T) {
		testPrivacyRace(t, open, clock, map[string]any{"labels": []string{"client"}}, map[string]any{"labels": nil})
	})
}

// checkRoute runs the checks of one route over the recorded answers.
func checkRoute(t *testing.T, route string, probes []probe, a, b, control map[string]reply) {
	bothMaps := []struct {
		name    string
		replies map[string]reply
	}{{"A", a}, {"B", b}}

	t.Run("Leaks", func(t *testing.T) {
		for _, p := range probes {
			for _, m := range bothMaps {
				r := m.replies[p.name]
				if found, ctx := leaksIn(r, p.asks); len(found) > 0 {
					t.Errorf("%s [%s] map %s: a viewer's answer (%d) mentions hidden %s: …%s…", route, p.name, m.name, r.Status, strings.Join(found, ", "), ctx)
				}
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		// One failure per variant and difference, naming every hidden id
		// and map that shows it.
		type failure struct{ variant, diff string }
		var order []failure
		where := map[failure][]string{}
		for _, m := range bothMaps {
			for _, p := range probes {
				if p.group == "" || p.missing {
					continue
				}
				twin := probes[slices.IndexFunc(probes, func(q probe) bool { return q.group == p.group && q.missing })]
				got := normalize(route, m.replies[p.name], p.asks)
				want := normalize(route, m.replies[twin.name], twin.asks)
				if diff := got.diff(want); diff != "" {
					f := failure{twin.name, diff}
					if _, ok := where[f]; !ok {
						order = append(order, f)
					}
					where[f] = append(where[f], p.asks+" (map "+m.name+")")
				}
			}
		}
		for _, f := range order {
			t.Errorf("%s [%s]: a hidden id is answered unlike a missing one, for %s: hidden vs missing: %s",
				route, strings.Replace(f.variant, "<missing", "<hidden id vs missing", 1), strings.Join(where[f], ", "), f.diff)
		}
	})

	t.Run("Maps", func(t *testing.T) {
		for _, p := range probes {
			if p.group != "" && !p.missing {
				// NotFound compares it with its missing twin on each map, and
				// the twin is compared across maps here.
				continue
			}
			na, nb := normalize(route, a[p.name], ""), normalize(route, b[p.name], "")
			if p.volatile {
				na.header, na.body, nb.header, nb.body = "", "", "", ""
			}
			diff := nb.diff(na)
			switch {
			case diff == "":
			case nb.status == na.status && nb.header == na.header && reordered(nb.body, na.body):
				// Neo4j streams in storage order, which follows the
				// database's history of writes and deletes: the two maps,
				// made one after the other in one database, may come out
				// in another order with no hidden record to blame. Note it.
				t.Logf("%s [%s]: the same records in another order on map B and map A (an order that follows the store's history rather than a key such as the id): %s",
					route, p.name, diff)
			default:
				t.Errorf("%s [%s]: the viewer's answer depends on hidden records (map B vs map A): %s", route, p.name, diff)
			}
		}
	})

	t.Run("ETag", func(t *testing.T) {
		for _, p := range probes {
			rv, re := b[p.name], control[p.name]
			tag := rv.Header.Get("ETag")
			if p.controlAs != "" || tag == "" || rv.Status != 200 || re.Status != 200 {
				continue
			}
			if tag == re.Header.Get("ETag") && !bytes.Equal(rv.Body, re.Body) {
				t.Errorf("%s [%s]: the viewer gets the editor's ETag %s for a different body: it is computed over hidden records", route, p.name, tag)
			}
		}
	})

	t.Run("Control", func(t *testing.T) {
		for _, p := range probes {
			if len(p.status) > 0 {
				if r := b[p.name]; !slices.Contains(p.status, r.Status) {
					t.Errorf("%s [%s]: a viewer gets %d, want one of %v: %s", route, p.name, r.Status, p.status, statusLeak(a[p.name], r))
				}
			}
			for _, w := range p.want {
				for _, m := range bothMaps {
					if r := m.replies[p.name]; r.Status != 200 || !strings.Contains(readable(r), w) {
						t.Errorf("%s [%s] map %s: the viewer's answer (%d) lacks public %q (the probe sees nothing): %s", route, p.name, m.name, r.Status, w, clip(readable(r), 300))
					}
				}
			}
			for _, w := range p.control {
				if r := control[p.name]; r.Status != 200 || !strings.Contains(readable(r), w) {
					t.Errorf("%s [%s]: the %s's answer (%d) lacks hidden %q (the probe cannot see it): %s", route, p.name, orDefault(p.controlAs, "editor"), r.Status, w, clip(readable(r), 300))
				}
			}
		}
	})
}

// statusLeak shows what an answer a viewer should not get at all tells:
// for metrics, the lines about the snapshot, as they read on each map.
func statusLeak(a, b reply) string {
	if !strings.Contains(string(b.Body), "powermap_snapshot_") {
		return clip(readable(b), 300)
	}
	pick := func(r reply) string {
		var out []string
		for _, l := range strings.Split(string(r.Body), "\n") {
			if strings.HasPrefix(l, "powermap_snapshot_entities") || strings.HasPrefix(l, "powermap_snapshot_walk_ties") || strings.HasPrefix(l, "powermap_snapshot_version") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "; ")
	}
	return "it counts hidden records: map A " + pick(a) + " vs map B " + pick(b)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// readable is what a person reads in an answer: the headers, then the body,
// with zip archives unpacked (name and content of each file) and
// iCalendar's folded lines unfolded.
func readable(r reply) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		for _, v := range r.Header[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	b.WriteString(bodyText(r.Body))
	return b.String()
}

func bodyText(body []byte) string {
	if bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err == nil {
			var b strings.Builder
			for _, f := range zr.File {
				b.WriteString("== " + f.Name + "\n")
				rc, err := f.Open()
				if err != nil {
					b.WriteString("(unreadable: " + err.Error() + ")\n")
					continue
				}
				data, _ := io.ReadAll(rc)
				rc.Close()
				b.WriteString(bodyText(data) + "\n")
			}
			return b.String()
		}
	}
	s := string(body)
	if strings.Contains(s, "BEGIN:VCALENDAR") {
		s = strings.NewReplacer("\r\n ", "", "\r\n\t", "", "\n ", "").Replace(s)
	}
	return s
}

// leaksIn returns the leak tokens in a viewer's answer, and the context of
// the first, once the id the viewer asked about is taken out. A token
// inside a longer one found already is not listed again.
func leaksIn(r reply, asked string) (found []string, context string) {
	text := strings.ToLower(readable(r))
	if asked != "" {
		for _, form := range idForms(asked) {
			text = strings.ReplaceAll(text, strings.ToLower(form), "{asked}")
		}
	}
	for _, tok := range leakTokens() {
		low := strings.ToLower(tok)
		i := strings.Index(text, low)
		if i < 0 || slices.ContainsFunc(found, func(f string) bool { return strings.Contains(strings.ToLower(f), low) }) {
			continue
		}
		if len(found) == 0 {
			context = strings.ReplaceAll(text[max(0, i-80):min(len(text), i+len(tok)+80)], "\n", "⏎")
		}
		found = append(found, strconv.Quote(tok))
	}
	return found, context
}

// idForms are the ways an id appears in an answer: as is, escaped for a URL
// or a query, and escaped in JSON.
func idForms(id string) []string {
	j, _ := json.Marshal(id)
	forms := []string{url.PathEscape(id), url.QueryEscape(id), strings.Trim(string(j), `"`), id}
	sort.SliceStable(forms, func(i, k int) bool { return len(forms[i]) > len(forms[k]) })
	return slices.Compact(forms)
}

// normalizedReply is an answer reduced to what must not depend on hidden
// records.
type normalizedReply struct {
	status int
	header string
	body   string
}

// storeTimes are the timestamps that a store sets from its own clock
// (campaigns' created_at and updated_at): they differ between any two
// maps, hidden records or not.
var storeTimes = regexp.MustCompile(`"(created_at|updated_at)":"[^"]*"`)

// normalize reduces an answer for comparison:
//   - the Date and Content-Length headers are dropped (the clock; the
//     length follows the body, which is compared);
//   - a campaign's ETag is dropped: it hashes the store's timestamps (the
//     ETag check still compares it with the editor's);
//   - campaigns' created_at and updated_at become <store time>;
//   - the id the probe asked about becomes {id}, so that a hidden id's
//     answer compares with a missing id's.
//
// Request ids are sent by the probes, interaction ids and token ids are
// fixed, and the server's clock is fixed: none of them needs normalizing.
func normalize(route string, r reply, asked string) normalizedReply {
	var h []string
	for k, vs := range r.Header {
		switch {
		case k == "Date" || k == "Content-Length":
			continue
		case k == "Etag" && route == "GET /api/v1/campaigns/:id":
			vs = []string{"<campaign etag: store timestamps>"}
		}
		h = append(h, k+": "+strings.Join(vs, ", "))
	}
	sort.Strings(h)
	header := strings.Join(h, "\n")
	body := storeTimes.ReplaceAllString(bodyText(r.Body), `"$1":"<store time>"`)
	if asked != "" {
		for _, form := range idForms(asked) {
			body = strings.ReplaceAll(body, form, "{id}")
			header = strings.ReplaceAll(header, form, "{id}")
		}
	}
	return normalizedReply{status: r.Status, header: header, body: body}
}

// diff describes how two answers differ, or returns "".
func (n normalizedReply) diff(o normalizedReply) string {
	switch {
	case n.status != o.status:
		return fmt.Sprintf("status %d vs %d; bodies %s vs %s", n.status, o.status, clip(n.body, 300), clip(o.body, 300))
	case n.header != o.header:
		return "headers: " + lineDiff(n.header, o.header)
	case n.body != o.body:
		if d, ok := jsonDiff(n.body, o.body); ok {
			return "body: " + d
		}
		return "body: " + lineDiff(n.body, o.body)
	}
	return ""
}

// reordered reports whether two different texts hold the same lines in
// another order (JSON is indented first, and a line's trailing comma does
// not count).
func reordered(x, y string) bool {
	lines := func(s string) []string {
		var buf bytes.Buffer
		if json.Indent(&buf, []byte(s), "", " ") == nil {
			s = buf.String()
		}
		ls := strings.Split(s, "\n")
		for i := range ls {
			ls[i] = strings.TrimSuffix(strings.TrimSpace(ls[i]), ",")
		}
		slices.Sort(ls)
		return ls
	}
	return x != y && slices.Equal(lines(x), lines(y))
}

// maxDiffs caps the differences a failure lists.
const maxDiffs = 6

// jsonDiff lists the JSON paths where two documents differ, with both
// values; ok is false when either is not JSON.
func jsonDiff(x, y string) (string, bool) {
	parse := func(s string) (any, bool) {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		return v, d.Decode(&v) == nil
	}
	a, okA := parse(x)
	b, okB := parse(y)
	if !okA || !okB {
		return "", false
	}
	var out []string
	jsonWalk("$", a, b, &out)
	if len(out) > maxDiffs {
		out = append(out[:maxDiffs], "…")
	}
	return strings.Join(out, "; "), true
}

func jsonWalk(path string, a, b any, out *[]string) {
	if len(*out) > maxDiffs {
		return
	}
	show := func(v any) string {
		j, _ := json.Marshal(v)
		return clip(string(j), 160)
	}
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			keys := slices.Sorted(maps.Keys(av))
			for k := range bv {
				if _, ok := av[k]; !ok {
					keys = append(keys, k)
				}
			}
			for _, k := range keys {
				jsonWalk(path+"."+k, av[k], bv[k], out)
			}
			return
		}
	case []any:
		if bv, ok := b.([]any); ok {
			if len(av) != len(bv) {
				*out = append(*out, fmt.Sprintf("%s: %d vs %d items", path, len(av), len(bv)))
			}
			for i := range min(len(av), len(bv)) {
				jsonWalk(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], out)
			}
			return
		}
	}
	if show(a) != show(b) {
		*out = append(*out, path+": "+show(a)+" vs "+show(b))
	}
}

// lineDiff lists the first lines where two texts differ.
func lineDiff(x, y string) string {
	xs, ys := strings.Split(x, "\n"), strings.Split(y, "\n")
	var out []string
	for i := 0; i < max(len(xs), len(ys)) && len(out) < maxDiffs; i++ {
		var lx, ly string
		if i < len(xs) {
			lx = xs[i]
		}
		if i < len(ys) {
			ly = ys[i]
		}
		if lx != ly {
			out = append(out, fmt.Sprintf("line %d: %s vs %s", i+1, clip(lx, 200), clip(ly, 200)))
		}
	}
	if len(xs) != len(ys) {
		out = append(out, fmt.Sprintf("%d vs %d lines", len(xs), len(ys)))
	}
	return strings.Join(out, "; ")
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "⏎") }

func clip(s string, n int) string {
	s = oneLine(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// The race test's bounds: reader goroutines, rounds of hiding and showing
// again, reads between two writes, and reads per reader at most.
// raceFiller public people make each snapshot take a while to build, which
// widens the window in which a read may be served one from before a write.
const (
	raceReaders = 8
	raceRounds  = 8
	raceBetween = 32
	raceMax     = 400
	raceFiller  = 2000
)

// testPrivacyRace hides a public person (hide is the PATCH that does it,
// show the one that undoes it) while viewers read paths, an inner circle,
// search and rankings that show them: no read that started after a hiding
// PATCH returned, and ended before the next showing PATCH began, may
// mention them. It hides them raceRounds times, each a chance to catch a
// stale answer.
func testPrivacyRace(t *testing.T, open opener, clock privacyClock, hide, show map[string]any) {
	e := newPrivacyEnv(t, open, clock)
	e.build(privacyFixture{
		entities: []map[string]any{
			{"id": "pub-ana", "kind": "person", "name": "Ana Ruiz", "ours": true},
			{"id": "pub-pastor", "kind": "person", "name": "Pastor Lee Hwang"},
			{"id": "sen-vega", "kind": "official", "name": "Sen. Marisol Vega"},
			{"id": "race-qx10", "kind": "person", "name": "Rosalind Qxrace"},
		},
		relationships: []map[string]any{
			rel("pub-ana", "KNOWS", "pub-pastor", 0.5),
			rel("pub-pastor", "KNOWS", "sen-vega", 0.5),
			rel("pub-ana", "KNOWS", "race-qx10", 0.9),
			rel("race-qx10", "WORKS_FOR", "sen-vega", 0.9),
		},
	})
	filler := &graph.Batch{}
	for i := range raceFiller {
		id := fmt.Sprintf("filler-%04d", i)
		filler.Entities = append(filler.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: fmt.Sprintf("Filler Person %04d", i)})
		to := "pub-pastor"
		if i > 0 {
			to = fmt.Sprintf("filler-%04d", (i*7919+13)%i)
		}
		filler.Relationships = append(filler.Relationships, graph.Relationship{Source: id, Target: to, Type: graph.Knows, Strength: 0.3})
	}
	_, err := e.store.Apply(t.Context(), filler)
	require.NoError(t, err)
	reads := []string{
		"/api/v1/paths?to=sen-vega&k=5",
		"/api/v1/entities/sen-vega/inner-circle?top=10",
		"/api/v1/search?q=Rosalind",
		"/api/v1/rankings?algo=pagerank&top=1000",
	}
	type read struct {
		path       string
		start, end time.Time
		status     int
		mentions   bool
		err        error
	}
	var (
		mu      sync.Mutex
		log     []read
		done    atomic.Int64 // reads done
		readers atomic.Int64 // readers still reading
		stop    = make(chan struct{})
	)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute) // a bound, not an assertion
	defer cancel()
	var wg sync.WaitGroup
	readers.Store(raceReaders)
	for g := range raceReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer readers.Add(-1)
			for i := 0; i < raceMax && ctx.Err() == nil; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := reads[(g+i)%len(reads)]
				req, _ := nethttp.NewRequestWithContext(ctx, "GET", e.ts.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+e.viewer)
				rd := read{path: path, start: time.Now()}
				res, err := e.ts.Client().Do(req)
				if err == nil {
					body, rerr := io.ReadAll(res.Body)
					res.Body.Close()
					rd.status, rd.err = res.StatusCode, rerr
					low := strings.ToLower(string(body))
					rd.mentions = strings.Contains(low, "qxrace") || strings.Contains(low, "race-qx10") || strings.Contains(low, "rosalind")
				} else {
					rd.err = err
				}
				rd.end = time.Now()
				mu.Lock()
				log = append(log, rd)
				mu.Unlock()
				done.Add(1)
			}
		}()
	}
	// wait lets n more reads happen (fewer if the readers stop first).
	wait := func(n int64) {
		target := done.Load() + n
		for done.Load() < target && readers.Load() > 0 && ctx.Err() == nil {
			time.Sleep(200 * time.Microsecond)
		}
	}
	patch := func(body map[string]any) {
		r := e.call("PATCH", "/api/v1/entities/race-qx10", e.editor, body)
		require.Equal(t, 200, r.Status, "PATCH %v: %s", body, r)
	}
	// hidden holds the windows in which the person is hidden: from the
	// return of a hiding PATCH to the start of the next showing one. A read
	// is checked when it lies wholly inside one.
	type window struct{ from, to time.Time }
	var hidden []window
	var firstHide time.Time
	for round := range raceRounds {
		wait(raceBetween)
		if round == 0 {
			firstHide = time.Now()
		}
		patch(hide)
		w := window{from: time.Now()}
		wait(raceBetween)
		w.to = time.Now()
		hidden = append(hidden, w)
		patch(show)
	}
	close(stop)
	wg.Wait()

	// stale counts, per path, the reads that mentioned the person while
	// hidden, the rounds they were in, and the latest start after a PATCH.
	type stale struct {
		reads  int
		rounds []int
		latest time.Duration
	}
	byPath := map[string]*stale{}
	seenBefore, checked := false, 0
	for _, rd := range log {
		if rd.err != nil && ctx.Err() == nil {
			t.Errorf("GET %s: %v", rd.path, rd.err)
			continue
		}
		if rd.end.Before(firstHide) && rd.mentions {
			seenBefore = true
		}
		for i, w := range hidden {
			if !rd.start.After(w.from) || !rd.end.Before(w.to) {
				continue
			}
			checked++
			if rd.mentions {
				st := byPath[rd.path]
				if st == nil {
					st = &stale{}
					byPath[rd.path] = st
				}
				st.reads++
				if !slices.Contains(st.rounds, i+1) {
					st.rounds = append(st.rounds, i+1)
				}
				st.latest = max(st.latest, rd.start.Sub(w.from))
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(byPath)) {
		st := byPath[path]
		slices.Sort(st.rounds)
		t.Errorf("GET %s: %d reads that started after the PATCH %v returned (in rounds %v of %d, up to %v after) still mention the person it hid",
			path, st.reads, hide, st.rounds, raceRounds, st.latest)
	}
	// Positive control: the reads did see the person while public, and
	// some reads happened while they were hidden.
	require.True(t, seenBefore, "no read before the first PATCH mentioned the person: the race probes see nothing")
	require.Positive(t, checked, "no read happened while the person was hidden")
}

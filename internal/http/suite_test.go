package http_test

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/store/embedded"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func openEmbedded(t *testing.T) backend {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return backend{Store: s, Accounts: s}
}

func TestAPIEmbedded(t *testing.T) { runAPI(t, openEmbedded) }

func nethttpNoLength(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

// specRoles reads the OpenAPI document: the least role of each operation,
// keyed "METHOD /gin/:path", and "" for public ones.
func specRoles(t *testing.T) map[string]graph.Role {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(pmhttp.OpenAPI(), &doc))
	out := map[string]graph.Role{}
	for path, ops := range doc.Paths {
		ginPath := strings.NewReplacer("{", ":", "}", "").Replace(path)
		for method, raw := range ops {
			if method == "parameters" {
				continue
			}
			var op struct {
				Role     graph.Role        `json:"x-powermap-role"`
				Security []json.RawMessage `json:"security"`
			}
			require.NoError(t, json.Unmarshal(raw, &op), "%s %s", method, path)
			if op.Security != nil && len(op.Security) == 0 {
				require.Empty(t, op.Role, "public %s %s has a role", method, path)
			} else {
				require.True(t, op.Role.Valid(), "%s %s has no x-powermap-role", method, path)
			}
			out[strings.ToUpper(method)+" "+ginPath] = op.Role
		}
	}
	return out
}

// hostile strings break string-built queries and naive URL handling.
var hostile = []string{
	`' OR 1=1 //`,
	`}) DETACH DELETE n //`,
	"`Entity`) MATCH (n) DETACH DELETE n //",
	`$param {id: $id}`,
	`"; DROP TABLE entities; --`,
	`../../etc/passwd`,
	`a/b?c=d#e`,
	"Zoë \u202e名前 🚀 %00 \\u0000",
}

// testInjection stores hostile strings as ids, names, aliases, labels,
// properties and relationship ids, and queries with them: they come back
// as plain text or are refused, and the rest of the map is unharmed.
func testInjection(t *testing.T, e *env) {
	e.seed()
	ctx := t.Context()
	before := snapshotOf(t, e.store)

	stored := 0
	for i, h := range hostile {
		ent := map[string]any{"kind": "person", "name": h, "aliases": []string{h + " alias"}, "labels": []string{h},
			"props": map[string]string{h: h}, "notes": h}
		r := e.call("PUT", "/api/v1/entities/"+esc(h), e.editor, ent)
		if r.Status == 400 {
			requireError(t, r, 400, graph.Invalid)
			continue
		}
		e.ok(r, 201)
		stored++
		var got graph.Entity
		e.ok(e.get("/api/v1/entities/"+esc(h), e.viewer), 200).decode(t, &got)
		assert.Equal(t, h, got.ID)
		assert.Equal(t, strings.TrimSpace(h), got.Name)
		assert.Equal(t, map[string]string{h: h}, got.Props)

		// Search takes the string as words, never as a query language.
		var found struct{ Items []graph.Entity }
		e.ok(e.get("/api/v1/search?limit=100&q="+esc(h), e.viewer), 200).decode(t, &found)
		for _, f := range found.Items {
			assert.Positive(t, f.MatchScore(h), "search %q returned %q, which does not match", h, f.Name)
		}
		if len(graph.Tokens(h)) > 0 {
			assert.Contains(t, entityIDs(found.Items), h, "search %q", h)
		}
		e.ok(e.get("/api/v1/entities?label="+esc(got.Labels[0]), e.viewer), 200)
		assert.Equal(t, []string{h}, ids(t, e.ok(e.get("/api/v1/entities?label="+esc(got.Labels[0]), e.viewer), 200)))

		// A hostile relationship id, between a hostile entity and a seed one.
		rid := h + " rel " + string(rune('a'+i))
		e.ok(e.call("PUT", "/api/v1/relationships/"+esc(rid), e.editor, map[string]any{"source": h, "target": "ana", "type": "KNOWS", "notes": h}), 201)
		var rel graph.Relationship
		e.ok(e.get("/api/v1/relationships/"+esc(rid), e.viewer), 200).decode(t, &rel)
		assert.Equal(t, rid, rel.ID)
		assert.Equal(t, h, rel.Notes)
		var n network
		e.ok(e.get("/api/v1/entities/"+esc(h)+"/network", e.viewer), 200).decode(t, &n)
		assert.ElementsMatch(t, []string{h, "ana"}, n.nodeIDs())
		assert.Equal(t, []string{h, rid}, []string{n.Center, n.Edges[0].ID})

		// Types and kinds come from the vocabulary: anything else is refused.
		requireError(t, e.get("/api/v1/relationships?type="+esc(h), e.viewer), 400, graph.Invalid, "type")
		requireError(t, e.get("/api/v1/entities/ana/network?types="+esc(h), e.viewer), 400, graph.Invalid, "types")
		requireError(t, e.get("/api/v1/entities?kind="+esc(h), e.viewer), 400, graph.Invalid, "kind")
		requireError(t, e.call("POST", "/api/v1/relationships", e.editor, map[string]any{"source": h, "target": "ana", "type": h}), 400, graph.Invalid, "type")
		requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"kind": h, "name": h}), 400, graph.Invalid, "kind")
		// Lookups of hostile ids that do not exist are plain misses.
		requireError(t, e.get("/api/v1/entities/"+esc(h+"x"), e.viewer), 404, graph.NotFound)
		requireError(t, e.get("/api/v1/relationships/"+esc(h), e.viewer), 404, graph.NotFound)
	}
	assert.GreaterOrEqual(t, stored, len(hostile)-1, "hostile text is stored as text")

	c, err := e.store.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, before.counts.Entities+int64(stored), c.Entities)
	assert.Equal(t, before.counts.Relationships+int64(stored), c.Relationships)

	// Deleting them through the API leaves exactly the seed map.
	for _, h := range hostile {
		e.call("DELETE", "/api/v1/entities/"+esc(h), e.editor, nil)
	}
	after := snapshotOf(t, e.store)
	assert.Equal(t, before.revisions, after.revisions, "the seed map is unharmed")
	assert.Equal(t, before.counts.Entities, after.counts.Entities)
	assert.Equal(t, before.counts.Relationships, after.counts.Relationships)
}

type storeState struct {
	counts    graph.Counts
	revisions map[string]string
}

func snapshotOf(t *testing.T, s graph.Store) storeState {
	t.Helper()
	st := storeState{revisions: map[string]string{}}
	_, err := s.Stream(t.Context(), graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { st.revisions["e:"+e.ID] = e.Revision(); return nil },
		Relationship: func(r *graph.Relationship) error { st.revisions["r:"+r.ID] = r.Revision(); return nil },
	})
	require.NoError(t, err)
	st.counts, err = s.Counts(t.Context())
	require.NoError(t, err)
	return st
}

func entityIDs(es []graph.Entity) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = es[i].ID
	}
	return out
}

// testUnavailable closes the store under the server: every route that needs
// it answers 503 unavailable, quickly, without internal detail.
func testUnavailable(t *testing.T, e *env) {
	e.seed()
	e.ok(e.get("/readyz", ""), 200)
	require.NoError(t, e.store.Close())
	for _, path := range []string{"/readyz", "/api/v1/entities/ana", "/api/v1/search?q=ana"} {
		tok := e.viewer
		if path == "/readyz" {
			tok = ""
		}
		start := time.Now()
		r := e.get(path, tok)
		requireError(t, r, 503, graph.Unavailable)
		assert.Less(t, time.Since(start), 15*time.Second)
		assert.Equal(t, "5", r.Header.Get("Retry-After"))
		assert.NotContains(t, strings.ToLower(string(r.Body)), "bolt")
		assert.NotContains(t, strings.ToLower(string(r.Body)), "database not open")
	}
	e.ok(e.get("/healthz", ""), 200)
	assert.Contains(t, e.logs.String(), "store unavailable")
}

// TestOpenAPIMatchesRoutes fails when a registered route is missing from the
// spec, or the spec lists a route that is not registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, openEmbedded)
	spec := specRoles(t)
	var registered []string
	for _, rt := range e.srv.Engine().Routes() {
		k := rt.Method + " " + rt.Path
		registered = append(registered, k)
		_, ok := spec[k]
		assert.True(t, ok, "route %s is not in openapi.json", k)
	}
	for k := range spec {
		assert.True(t, slices.Contains(registered, k), "openapi.json lists %s, which is not registered", k)
	}
	assert.Greater(t, len(registered), 20)
}

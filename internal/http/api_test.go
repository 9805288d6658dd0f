package http_test

import (
	"fmt"
	nethttp "net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// runAPI runs the handler suite against the backend that open returns. It
// runs unchanged on the embedded store and on a real Neo4j.
func runAPI(t *testing.T, open opener) {
	for _, c := range apiCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newEnv(t, open)) })
	}
}

var apiCases = []struct {
	name string
	run  func(*testing.T, *env)
}{
	{"Entities/List", testListEntities},
	{"Entities/Get", testGetEntity},
	{"Entities/Create", testCreateEntity},
	{"Entities/Put", testPutEntity},
	{"Entities/Patch", testPatchEntity},
	{"Entities/Delete", testDeleteEntity},
	{"Entities/Relationships", testEntityRelationships},
	{"Relationships/List", testListRelationships},
	{"Relationships/Get", testGetRelationship},
	{"Relationships/Create", testCreateRelationship},
	{"Relationships/Put", testPutRelationship},
	{"Relationships/Patch", testPatchRelationship},
	{"Relationships/Delete", testDeleteRelationship},
	{"Search", testSearch},
	{"Network", testNetwork},
	{"Types", testTypes},
	{"Paths", testPaths},
	{"Connections", testConnections},
	{"Rankings", testRankings},
	{"InnerCircle", testInnerCircle},
	{"Import", testImport},
	{"Export", testExport},
	{"Auth/Unauthorized", testUnauthorized},
	{"Auth/Forbidden", testForbidden},
	{"Auth/Session", testSession},
	{"Tokens", testTokens},
	{"Audit", testAudit},
	{"Meta", testMeta},
	{"Limits", testLimits},
	{"Injection", testInjection},
	{"Unavailable", testUnavailable},
}

func testListEntities(t *testing.T, e *env) {
	e.seed()
	// Editors see every entity, in id order, page by page.
	var all []string
	next := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		path := "/api/v1/entities?limit=3"
		if next != "" {
			path += "&after=" + esc(next)
		}
		r := e.ok(e.get(path, e.editor), 200)
		page := ids(t, r)
		assert.LessOrEqual(t, len(page), 3)
		all = append(all, page...)
		next, _ = r.object(t)["next"].(string)
		if next == "" {
			break
		}
	}
	assert.Equal(t, []string{"ana", "client-1", "coalition", "hidden-org", "mario", "pastor-lee", "sen-diaz"}, all)

	// Viewers never see private entities, and pages stay full.
	r := e.ok(e.get("/api/v1/entities?limit=2", e.viewer), 200)
	assert.Equal(t, []string{"ana", "coalition"}, ids(t, r))
	next = r.object(t)["next"].(string)
	r = e.ok(e.get("/api/v1/entities?limit=2&after="+next, e.viewer), 200)
	assert.Equal(t, []string{"mario", "pastor-lee"}, ids(t, r))
	r = e.ok(e.get("/api/v1/entities", e.viewer), 200)
	assert.NotContains(t, ids(t, r), "client-1")
	assert.NotContains(t, ids(t, r), "hidden-org")

	// Filters.
	assert.Equal(t, []string{"sen-diaz"}, ids(t, e.ok(e.get("/api/v1/entities?kind=OFFICIAL", e.viewer), 200)))
	assert.Equal(t, []string{"ana", "coalition"}, ids(t, e.ok(e.get("/api/v1/entities?ours=true", e.viewer), 200)))
	assert.Equal(t, []string{"ana"}, ids(t, e.ok(e.get("/api/v1/entities?label=staff", e.viewer), 200)))
	assert.Equal(t, []string{"client-1"}, ids(t, e.ok(e.get("/api/v1/entities?label=client", e.editor), 200)))
	assert.Empty(t, ids(t, e.ok(e.get("/api/v1/entities?label=client", e.viewer), 200)))

	// Each invalid parameter is named.
	requireError(t, e.get("/api/v1/entities?kind=alien", e.viewer), 400, graph.Invalid, "kind")
	requireError(t, e.get("/api/v1/entities?ours=maybe", e.viewer), 400, graph.Invalid, "ours")
	requireError(t, e.get("/api/v1/entities?limit=0", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/entities?limit=ten", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/entities?limit=100000", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/entities?kind=alien&ours=maybe", e.viewer), 400, graph.Invalid, "kind", "ours")
}

func testGetEntity(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.get("/api/v1/entities/sen-diaz", e.viewer), 200)
	var got graph.Entity
	r.decode(t, &got)
	assert.Equal(t, "Sen. María Díaz", got.Name)
	assert.Equal(t, []string{"Maria Diaz"}, got.Aliases)
	assert.Equal(t, `"`+got.Revision()+`"`, r.Header.Get("ETag"))

	requireError(t, e.get("/api/v1/entities/nobody", e.viewer), 404, graph.NotFound)
	// A private entity is not found for a viewer, and found for an editor.
	requireError(t, e.get("/api/v1/entities/client-1", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/entities/hidden-org", e.viewer), 404, graph.NotFound)
	e.ok(e.get("/api/v1/entities/client-1", e.editor), 200)
	e.ok(e.get("/api/v1/entities/hidden-org", e.admin), 200)
}

func testCreateEntity(t *testing.T, e *env) {
	r := e.ok(e.call("POST", "/api/v1/entities", e.editor, map[string]any{
		"id": "rev-ortiz", "kind": "person", "name": "  Rev. Aarón Ortíz ", "labels": []string{"Clergy"}}), 201)
	var got graph.Entity
	r.decode(t, &got)
	assert.Equal(t, "Rev. Aarón Ortíz", got.Name, "stored normalized")
	assert.Equal(t, []string{"clergy"}, got.Labels)
	assert.Equal(t, "/api/v1/entities/rev-ortiz", r.Header.Get("Location"))
	assert.Equal(t, `"`+got.Revision()+`"`, r.Header.Get("ETag"))
	stored, err := e.store.Entity(t.Context(), "rev-ortiz")
	require.NoError(t, err)
	assert.Equal(t, got.Revision(), stored.Revision())

	// Without an id, the server makes one.
	r = e.ok(e.call("POST", "/api/v1/entities", e.editor, map[string]any{"kind": "organization", "name": "Union Local 12"}), 201)
	r.decode(t, &got)
	assert.NotEmpty(t, got.ID)
	e.ok(e.get("/api/v1/entities/"+esc(got.ID), e.viewer), 200)

	// Conflict: the id exists.
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "rev-ortiz", "kind": "person", "name": "Other"}), 409, graph.Conflict)

	// Validation, each with its field.
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "x", "kind": "person"}), 400, graph.Invalid, "name")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "x", "kind": "wizard", "name": "X"}), 400, graph.Invalid, "kind")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "x", "kind": "person", "name": "X", "ours": "yes"}), 400, graph.Invalid, "ours")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "x", "kind": "person", "name": "X", "colour": "red"}), 400, graph.Invalid, "colour")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, map[string]any{"id": "x", "kind": "person", "name": "X", "props": map[string]string{"": "v"}}), 400, graph.Invalid, "props")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, `{"id": "x", "kind": "person",`), 400, graph.Invalid, "body")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, `{"id": "x"} {"id": "y"}`), 400, graph.Invalid, "body")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, ``), 400, graph.Invalid, "body")
	requireError(t, e.call("POST", "/api/v1/entities", e.editor, `[1,2]`), 400, graph.Invalid, "body")
	_, err = e.store.Entity(t.Context(), "x")
	assert.True(t, graph.Is(err, graph.NotFound), "nothing invalid was written")

	requireError(t, e.call("POST", "/api/v1/entities", e.viewer, map[string]any{"id": "v", "kind": "person", "name": "V"}), 403, graph.Forbidden)
	requireError(t, e.call("POST", "/api/v1/entities", "", map[string]any{"id": "v", "kind": "person", "name": "V"}), 401, graph.Unauthorized)
}

func testPutEntity(t *testing.T, e *env) {
	body := map[string]any{"kind": "person", "name": "Dana Vega"}
	r := e.ok(e.call("PUT", "/api/v1/entities/dana", e.editor, body), 201)
	etag := r.Header.Get("ETag")
	// The same PUT again is idempotent.
	r = e.ok(e.call("PUT", "/api/v1/entities/dana", e.editor, body), 200)
	assert.Equal(t, etag, r.Header.Get("ETag"))

	// A conditional replace with the current ETag succeeds...
	body["title"] = "Treasurer"
	r = e.ok(e.call("PUT", "/api/v1/entities/dana", e.editor, body, "If-Match", etag), 200)
	newTag := r.Header.Get("ETag")
	assert.NotEqual(t, etag, newTag)
	// ...and a stale one is refused, without writing.
	body["title"] = "Overwritten"
	requireError(t, e.call("PUT", "/api/v1/entities/dana", e.editor, body, "If-Match", etag), 412, graph.Conflict)
	got, err := e.store.Entity(t.Context(), "dana")
	require.NoError(t, err)
	assert.Equal(t, "Treasurer", got.Title)

	// If-Match: * needs the record; If-None-Match: * needs it absent.
	requireError(t, e.call("PUT", "/api/v1/entities/nobody", e.editor, body, "If-Match", "*"), 412, graph.Conflict)
	requireError(t, e.call("PUT", "/api/v1/entities/dana", e.editor, body, "If-None-Match", "*"), 412, graph.Conflict)
	e.ok(e.call("PUT", "/api/v1/entities/dana", e.editor, body, "If-Match", "*"), 200)

	requireError(t, e.call("PUT", "/api/v1/entities/dana", e.editor, map[string]any{"id": "other", "kind": "person", "name": "D"}), 400, graph.Invalid, "id")
	requireError(t, e.call("PUT", "/api/v1/entities/dana", e.editor, map[string]any{"kind": "person", "name": ""}), 400, graph.Invalid, "name")
	requireError(t, e.call("PUT", "/api/v1/entities/dana", e.viewer, body), 403, graph.Forbidden)
}

func testPatchEntity(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.get("/api/v1/entities/sen-diaz", e.editor), 200)
	etag := r.Header.Get("ETag")

	r = e.ok(e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"title": "Majority Leader", "party": nil}, "If-Match", etag), 200)
	var got graph.Entity
	r.decode(t, &got)
	assert.Equal(t, "Majority Leader", got.Title)
	assert.Empty(t, got.Party, "null clears a field")
	assert.Equal(t, "upper", got.Chamber, "other fields are kept")
	assert.Equal(t, []string{"Maria Diaz"}, got.Aliases)
	stored, err := e.store.Entity(t.Context(), "sen-diaz")
	require.NoError(t, err)
	assert.Equal(t, got.Revision(), stored.Revision())
	assert.Equal(t, `"`+got.Revision()+`"`, r.Header.Get("ETag"))

	// The old ETag is stale now.
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"title": "Lost update"}, "If-Match", etag), 412, graph.Conflict)
	stored, err = e.store.Entity(t.Context(), "sen-diaz")
	require.NoError(t, err)
	assert.Equal(t, "Majority Leader", stored.Title)

	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"kind": "dragon"}), 400, graph.Invalid, "kind")
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"name": nil}), 400, graph.Invalid, "name")
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"ours": 3}), 400, graph.Invalid, "ours")
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"id": "renamed"}), 400, graph.Invalid, "id")
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.editor, map[string]any{"shoe_size": 9}), 400, graph.Invalid, "shoe_size")
	requireError(t, e.call("PATCH", "/api/v1/entities/nobody", e.editor, map[string]any{"title": "x"}), 404, graph.NotFound)
	requireError(t, e.call("PATCH", "/api/v1/entities/sen-diaz", e.viewer, map[string]any{"title": "x"}), 403, graph.Forbidden)
}

func testDeleteEntity(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.get("/api/v1/entities/pastor-lee", e.editor), 200)
	etag := r.Header.Get("ETag")
	e.ok(e.call("PATCH", "/api/v1/entities/pastor-lee", e.editor, map[string]any{"notes": "moved"}), 200)
	requireError(t, e.call("DELETE", "/api/v1/entities/pastor-lee", e.editor, nil, "If-Match", etag), 412, graph.Conflict)
	requireError(t, e.call("DELETE", "/api/v1/entities/pastor-lee", e.viewer, nil), 403, graph.Forbidden)

	e.ok(e.call("DELETE", "/api/v1/entities/pastor-lee", e.editor, nil), 204)
	requireError(t, e.get("/api/v1/entities/pastor-lee", e.editor), 404, graph.NotFound)
	requireError(t, e.call("DELETE", "/api/v1/entities/pastor-lee", e.editor, nil), 404, graph.NotFound)
	// Its relationships went with it.
	requireError(t, e.get("/api/v1/relationships/"+esc(graph.DefaultRelationshipID("ana", "pastor-lee", graph.Knows)), e.editor), 404, graph.NotFound)
	c, err := e.store.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(6), c.Entities)
	assert.Equal(t, int64(5), c.Relationships)
}

func testEntityRelationships(t *testing.T, e *env) {
	e.seed()
	var page struct {
		Items []graph.Neighbor `json:"items"`
		Next  string           `json:"next"`
	}
	e.ok(e.get("/api/v1/entities/sen-diaz/relationships", e.editor), 200).decode(t, &page)
	others := []string{}
	for _, n := range page.Items {
		others = append(others, n.Entity.ID)
	}
	assert.ElementsMatch(t, []string{"pastor-lee", "client-1", "hidden-org", "mario"}, others)

	// Viewers do not see ties to private entities.
	e.ok(e.get("/api/v1/entities/sen-diaz/relationships", e.viewer), 200).decode(t, &page)
	others = others[:0]
	for _, n := range page.Items {
		others = append(others, n.Entity.ID)
		assert.Equal(t, "sen-diaz", n.Relationship.Other(n.Entity.ID))
	}
	assert.ElementsMatch(t, []string{"pastor-lee", "mario"}, others)

	e.ok(e.get("/api/v1/entities/sen-diaz/relationships?types=family_of", e.viewer), 200).decode(t, &page)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "cousins", page.Items[0].Relationship.Notes)

	e.ok(e.get("/api/v1/entities/sen-diaz/relationships?limit=1", e.editor), 200).decode(t, &page)
	require.Len(t, page.Items, 1)
	first := page.Items[0].Relationship.ID
	require.NotEmpty(t, page.Next)
	e.ok(e.get("/api/v1/entities/sen-diaz/relationships?limit=10&after="+esc(page.Next), e.editor), 200).decode(t, &page)
	assert.Len(t, page.Items, 3)
	for _, n := range page.Items {
		assert.Greater(t, n.Relationship.ID, first)
	}

	requireError(t, e.get("/api/v1/entities/sen-diaz/relationships?types=ENEMY_OF", e.viewer), 400, graph.Invalid, "types")
	requireError(t, e.get("/api/v1/entities/nobody/relationships", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/entities/client-1/relationships", e.viewer), 404, graph.NotFound)
}

func testListRelationships(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.get("/api/v1/relationships", e.editor), 200)
	assert.Len(t, ids(t, r), 7)
	r = e.ok(e.get("/api/v1/relationships", e.viewer), 200)
	got := ids(t, r)
	assert.Len(t, got, 4, "viewers see no tie to a private entity: %v", got)
	for _, id := range got {
		assert.NotContains(t, id, "client-1")
		assert.NotContains(t, id, "hidden-org")
	}
	r = e.ok(e.get("/api/v1/relationships?limit=2", e.viewer), 200)
	assert.Len(t, ids(t, r), 2)
	next := r.object(t)["next"].(string)
	r = e.ok(e.get("/api/v1/relationships?after="+esc(next), e.viewer), 200)
	assert.Len(t, ids(t, r), 2)

	assert.Equal(t, []string{graph.DefaultRelationshipID("pastor-lee", "sen-diaz", graph.FamilyOf)},
		ids(t, e.ok(e.get("/api/v1/relationships?type=family+of", e.viewer), 200)))
	assert.Len(t, ids(t, e.ok(e.get("/api/v1/relationships?entity=ana", e.viewer), 200)), 2)
	requireError(t, e.get("/api/v1/relationships?entity=client-1", e.viewer), 404, graph.NotFound, "entity")
	requireError(t, e.get("/api/v1/relationships?entity=nobody-99", e.viewer), 404, graph.NotFound, "entity")
	assert.Len(t, ids(t, e.ok(e.get("/api/v1/relationships?entity=client-1", e.editor), 200)), 2)

	requireError(t, e.get("/api/v1/relationships?type=HATES", e.viewer), 400, graph.Invalid, "type")
	requireError(t, e.get("/api/v1/relationships?type=KNOWS,LEADS", e.viewer), 400, graph.Invalid, "type")
	requireError(t, e.get("/api/v1/relationships?limit=-1", e.viewer), 400, graph.Invalid, "limit")
}

func testGetRelationship(t *testing.T, e *env) {
	e.seed()
	id := graph.DefaultRelationshipID("pastor-lee", "sen-diaz", graph.FamilyOf)
	r := e.ok(e.get("/api/v1/relationships/"+esc(id), e.viewer), 200)
	var got graph.Relationship
	r.decode(t, &got)
	assert.Equal(t, 0.9, got.Strength)
	assert.Equal(t, `"`+got.Revision()+`"`, r.Header.Get("ETag"))
	requireError(t, e.get("/api/v1/relationships/nope", e.viewer), 404, graph.NotFound)
	hidden := graph.DefaultRelationshipID("hidden-org", "sen-diaz", graph.DonatedTo)
	requireError(t, e.get("/api/v1/relationships/"+esc(hidden), e.viewer), 404, graph.NotFound)
	e.ok(e.get("/api/v1/relationships/"+esc(hidden), e.editor), 200)
}

func testCreateRelationship(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.call("POST", "/api/v1/relationships", e.editor, map[string]any{
		"source": "mario", "target": "ana", "type": "knows", "since": "2019"}), 201)
	var got graph.Relationship
	r.decode(t, &got)
	assert.Equal(t, "KNOWS:ana~mario", got.ID, "symmetric ids are ordered")
	assert.Equal(t, 0.5, got.Strength, "the type's default strength")
	assert.Equal(t, "/api/v1/relationships/KNOWS:ana~mario", r.Header.Get("Location"))
	requireError(t, e.call("POST", "/api/v1/relationships", e.editor, map[string]any{"source": "ana", "target": "mario", "type": "KNOWS"}), 409, graph.Conflict)

	bad := func(field string, body map[string]any) {
		t.Helper()
		requireError(t, e.call("POST", "/api/v1/relationships", e.editor, body), 400, graph.Invalid, field)
	}
	bad("strength", map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "strength": 1.5})
	bad("strength", map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "strength": -0.1})
	bad("type", map[string]any{"source": "ana", "target": "sen-diaz", "type": "ENEMY_OF"})
	bad("target", map[string]any{"source": "ana", "target": "ana", "type": "KNOWS"})
	bad("target", map[string]any{"source": "ana", "target": "ghost", "type": "KNOWS"})
	bad("source", map[string]any{"target": "ana", "type": "KNOWS"})
	bad("until", map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "since": "2020", "until": "2019"})
	bad("since", map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "since": "last year"})
	bad("amount", map[string]any{"source": "ana", "target": "sen-diaz", "type": "DONATED_TO", "amount": -5})
	bad("strength", map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "strength": "strong"})
	c, err := e.store.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(8), c.Relationships, "only the good one was written")

	requireError(t, e.call("POST", "/api/v1/relationships", e.viewer, map[string]any{"source": "mario", "target": "pastor-lee", "type": "KNOWS"}), 403, graph.Forbidden)
}

func testPutRelationship(t *testing.T, e *env) {
	e.seed()
	body := map[string]any{"source": "ana", "target": "mario", "type": "FRIEND_OF", "strength": 0.6}
	r := e.ok(e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, body), 201)
	etag := r.Header.Get("ETag")
	e.ok(e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, body), 200)
	body["strength"] = 0.9
	e.ok(e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, body, "If-Match", etag), 200)
	body["strength"] = 0.1
	requireError(t, e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, body, "If-Match", etag), 412, graph.Conflict)
	got, err := e.store.Relationship(t.Context(), "ana-mario")
	require.NoError(t, err)
	assert.Equal(t, 0.9, got.Strength)
	requireError(t, e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, map[string]any{"id": "x", "source": "ana", "target": "mario", "type": "KNOWS"}), 400, graph.Invalid, "id")
	requireError(t, e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, map[string]any{"source": "ana", "target": "mario", "type": "KNOWS", "strength": 2}), 400, graph.Invalid, "strength")
	requireError(t, e.call("PUT", "/api/v1/relationships/ana-mario", e.viewer, body), 403, graph.Forbidden)
}

func testPatchRelationship(t *testing.T, e *env) {
	e.seed()
	id := esc(graph.DefaultRelationshipID("ana", "pastor-lee", graph.Knows))
	r := e.ok(e.get("/api/v1/relationships/"+id, e.editor), 200)
	etag := r.Header.Get("ETag")
	r = e.ok(e.call("PATCH", "/api/v1/relationships/"+id, e.editor, map[string]any{"strength": 0.95, "notes": "met at church"}, "If-Match", etag), 200)
	var got graph.Relationship
	r.decode(t, &got)
	assert.Equal(t, 0.95, got.Strength)
	assert.Equal(t, "met at church", got.Notes)
	assert.Equal(t, "ana", got.Source)
	requireError(t, e.call("PATCH", "/api/v1/relationships/"+id, e.editor, map[string]any{"strength": 0.1}, "If-Match", etag), 412, graph.Conflict)
	requireError(t, e.call("PATCH", "/api/v1/relationships/"+id, e.editor, map[string]any{"strength": 7}), 400, graph.Invalid, "strength")
	requireError(t, e.call("PATCH", "/api/v1/relationships/"+id, e.editor, map[string]any{"until": "1999", "since": "2005"}), 400, graph.Invalid, "until")
	// A derived id names its ends: moving them would give the tie another pair's id.
	requireError(t, e.call("PATCH", "/api/v1/relationships/"+id, e.editor, map[string]any{"target": "nobody"}), 400, graph.Invalid, "id")
	e.ok(e.call("PUT", "/api/v1/relationships/ana-mario", e.editor, map[string]any{"source": "ana", "target": "mario", "type": "KNOWS"}), 201)
	requireError(t, e.call("PATCH", "/api/v1/relationships/ana-mario", e.editor, map[string]any{"target": "nobody"}), 400, graph.Invalid, "target")
	requireError(t, e.call("PATCH", "/api/v1/relationships/nope", e.editor, map[string]any{"strength": 0.5}), 404, graph.NotFound)
	requireError(t, e.call("PATCH", "/api/v1/relationships/"+id, e.viewer, map[string]any{"strength": 0.5}), 403, graph.Forbidden)
}

func testDeleteRelationship(t *testing.T, e *env) {
	e.seed()
	id := esc(graph.DefaultRelationshipID("ana", "pastor-lee", graph.Knows))
	requireError(t, e.call("DELETE", "/api/v1/relationships/"+id, e.editor, nil, "If-Match", `"0000"`), 412, graph.Conflict)
	requireError(t, e.call("DELETE", "/api/v1/relationships/"+id, e.viewer, nil), 403, graph.Forbidden)
	etag := e.ok(e.get("/api/v1/relationships/"+id, e.editor), 200).Header.Get("ETag")
	e.ok(e.call("DELETE", "/api/v1/relationships/"+id, e.editor, nil, "If-Match", etag), 204)
	requireError(t, e.call("DELETE", "/api/v1/relationships/"+id, e.editor, nil), 404, graph.NotFound)
	_, err := e.store.Entity(t.Context(), "ana")
	require.NoError(t, err, "deleting a tie keeps its ends")
}

func testSearch(t *testing.T, e *env) {
	e.seed()
	// Diacritics and case are ignored; aliases are covered.
	assert.Equal(t, []string{"sen-diaz"}, ids(t, e.ok(e.get("/api/v1/search?q=MARIA+diaz", e.viewer), 200)))
	assert.Equal(t, []string{"sen-diaz"}, ids(t, e.ok(e.get("/api/v1/search?q=d%C3%ADaz", e.viewer), 200)))
	// Prefix matches of the name come first: "mar" starts "Mario Marín"
	// but is only a word of "Sen. María Díaz".
	assert.Equal(t, []string{"mario", "sen-diaz"}, ids(t, e.ok(e.get("/api/v1/search?q=mar", e.viewer), 200)))
	assert.Equal(t, []string{"mario"}, ids(t, e.ok(e.get("/api/v1/search?q=mar&limit=1", e.viewer), 200)))
	assert.Equal(t, []string{"sen-diaz"}, ids(t, e.ok(e.get("/api/v1/search?q=mar&kind=official", e.viewer), 200)))
	// The answer counts the matches and says when there are more.
	var counted struct {
		Total int  `json:"total"`
		More  bool `json:"more"`
	}
	e.ok(e.get("/api/v1/search?q=mar&limit=1", e.viewer), 200).decode(t, &counted)
	assert.Equal(t, 2, counted.Total)
	assert.True(t, counted.More)
	e.ok(e.get("/api/v1/search?q=carla", e.viewer), 200).decode(t, &counted)
	assert.Zero(t, counted.Total, "viewers' counts leave private entities out")
	// Private entities are found by editors only.
	assert.Empty(t, ids(t, e.ok(e.get("/api/v1/search?q=carla", e.viewer), 200)))
	assert.Empty(t, ids(t, e.ok(e.get("/api/v1/search?q=hidden", e.viewer), 200)))
	assert.Equal(t, []string{"client-1"}, ids(t, e.ok(e.get("/api/v1/search?q=carla", e.editor), 200)))
	assert.Empty(t, ids(t, e.ok(e.get("/api/v1/search?q=zebra", e.viewer), 200)))

	requireError(t, e.get("/api/v1/search", e.viewer), 400, graph.Invalid, "q")
	requireError(t, e.get("/api/v1/search?q=+", e.viewer), 400, graph.Invalid, "q")
	requireError(t, e.get("/api/v1/search?q=a&limit=1000", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/search?q=a&kind=dog", e.viewer), 400, graph.Invalid, "kind")
	requireError(t, e.get("/api/v1/search?q="+strings.Repeat("a", 300), e.viewer), 400, graph.Invalid, "q")
}

type network struct {
	Center string `json:"center"`
	Depth  int    `json:"depth"`
	Nodes  []struct {
		ID     string     `json:"id"`
		Name   string     `json:"name"`
		Kind   graph.Kind `json:"kind"`
		Ours   bool       `json:"ours"`
		Labels []string   `json:"labels"`
		Depth  int        `json:"depth"`
	} `json:"nodes"`
	Edges []struct {
		ID       string        `json:"id"`
		Source   string        `json:"source"`
		Target   string        `json:"target"`
		Type     graph.RelType `json:"type"`
		Strength float64       `json:"strength"`
	} `json:"edges"`
	Truncated bool `json:"truncated"`
}

func (n network) nodeIDs() []string {
	out := []string{}
	for _, x := range n.Nodes {
		out = append(out, x.ID)
	}
	return out
}

func testNetwork(t *testing.T, e *env) {
	e.seed()
	var n network
	e.ok(e.get("/api/v1/entities/ana/network", e.editor), 200).decode(t, &n)
	assert.Equal(t, "ana", n.Center)
	assert.Equal(t, 1, n.Depth)
	assert.ElementsMatch(t, []string{"ana", "pastor-lee", "coalition"}, n.nodeIDs())
	assert.Len(t, n.Edges, 2)
	assert.False(t, n.Truncated)
	assert.Equal(t, "Ana Organizer", n.Nodes[0].Name)
	assert.Equal(t, 0, n.Nodes[0].Depth)
	assert.True(t, n.Nodes[0].Ours)
	assert.Equal(t, []string{"staff"}, n.Nodes[0].Labels)

	e.ok(e.get("/api/v1/entities/ana/network?depth=2", e.editor), 200).decode(t, &n)
	assert.ElementsMatch(t, []string{"ana", "pastor-lee", "coalition", "sen-diaz", "client-1"}, n.nodeIDs())
	for _, x := range n.Nodes {
		if x.ID == "sen-diaz" {
			assert.Equal(t, 2, x.Depth)
		}
	}
	e.ok(e.get("/api/v1/entities/ana/network?depth=3", e.editor), 200).decode(t, &n)
	assert.Len(t, n.Nodes, 7, "everyone within three hops")
	edgeIDs := map[string]bool{}
	for _, x := range n.Edges {
		assert.False(t, edgeIDs[x.ID], "edge %s twice", x.ID)
		edgeIDs[x.ID] = true
		assert.Contains(t, n.nodeIDs(), x.Source)
		assert.Contains(t, n.nodeIDs(), x.Target)
		assert.Greater(t, x.Strength, 0.0)
	}

	// Viewers neither see nor walk through private entities.
	e.ok(e.get("/api/v1/entities/ana/network?depth=3", e.viewer), 200).decode(t, &n)
	assert.ElementsMatch(t, []string{"ana", "pastor-lee", "coalition", "sen-diaz", "mario"}, n.nodeIDs())
	for _, x := range n.Edges {
		assert.NotEqual(t, "client-1", x.Source)
		assert.NotEqual(t, "hidden-org", x.Source)
	}

	// The cap truncates and says so.
	e.ok(e.get("/api/v1/entities/sen-diaz/network?limit=2", e.editor), 200).decode(t, &n)
	assert.Len(t, n.Nodes, 2)
	assert.True(t, n.Truncated)
	assert.Len(t, n.Edges, 1)

	e.ok(e.get("/api/v1/entities/sen-diaz/network?types=FAMILY_OF,colleague+of", e.editor), 200).decode(t, &n)
	assert.ElementsMatch(t, []string{"sen-diaz", "pastor-lee", "mario"}, n.nodeIDs())

	requireError(t, e.get("/api/v1/entities/ana/network?depth=4", e.viewer), 400, graph.Invalid, "depth")
	requireError(t, e.get("/api/v1/entities/ana/network?depth=0", e.viewer), 400, graph.Invalid, "depth")
	requireError(t, e.get("/api/v1/entities/ana/network?limit=1000000", e.viewer), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/entities/ana/network?types=RIVAL", e.viewer), 400, graph.Invalid, "types")
	requireError(t, e.get("/api/v1/entities/nobody/network", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/entities/client-1/network", e.viewer), 404, graph.NotFound)
}

func testTypes(t *testing.T, e *env) {
	var body struct {
		Types []graph.TypeInfo `json:"types"`
		Kinds []graph.Kind     `json:"kinds"`
	}
	e.ok(e.get("/api/v1/types", e.viewer), 200).decode(t, &body)
	assert.Equal(t, graph.Types(), body.Types)
	assert.Equal(t, graph.Kinds(), body.Kinds)
}

// publicRoutes need no token.
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /api/openapi.json": true, "POST /api/v1/session": true,
}

// concrete turns a gin route template into a path.
func concrete(path string) string {
	return strings.NewReplacer(":id", "some-id").Replace(path)
}

func testUnauthorized(t *testing.T, e *env) {
	e.seed()
	bad := []string{"", "pm_not-a-real-token"}
	for _, rt := range e.srv.Engine().Routes() {
		if publicRoutes[rt.Method+" "+rt.Path] {
			continue
		}
		for _, tok := range bad {
			r := e.call(rt.Method, concrete(rt.Path), tok, "{}")
			requireError(t, r, 401, graph.Unauthorized)
			assert.Equal(t, `Bearer realm="powermap"`, r.Header.Get("WWW-Authenticate"))
		}
	}
	requireError(t, e.call("GET", "/api/v1/entities", "", nil, "Authorization", "Basic YWRtaW46YWRtaW4="), 401, graph.Unauthorized)
	requireError(t, e.call("GET", "/api/v1/entities", "", nil, "Authorization", "Bearer"), 401, graph.Unauthorized)
	// A revoked token stops working.
	secret, tok, err := graph.NewToken("leaver", graph.RoleEditor, t0)
	require.NoError(t, err)
	require.NoError(t, e.accounts.CreateToken(t.Context(), tok))
	e.ok(e.get("/api/v1/entities", secret), 200)
	_, err = e.accounts.RevokeToken(t.Context(), tok.ID, t0)
	require.NoError(t, err)
	requireError(t, e.get("/api/v1/entities", secret), 401, graph.Unauthorized)
}

func testForbidden(t *testing.T, e *env) {
	roles := specRoles(t)
	checked := 0
	for _, rt := range e.srv.Engine().Routes() {
		need, ok := roles[rt.Method+" "+rt.Path]
		require.True(t, ok, "the spec has no role for %s %s", rt.Method, rt.Path)
		for _, who := range []struct {
			role   graph.Role
			secret string
		}{{graph.RoleViewer, e.viewer}, {graph.RoleEditor, e.editor}} {
			if need == "" || who.role.Allows(need) {
				continue
			}
			requireError(t, e.call(rt.Method, concrete(rt.Path), who.secret, "{}"), 403, graph.Forbidden)
			checked++
		}
	}
	assert.Greater(t, checked, 10)
}

func testSession(t *testing.T, e *env) {
	e.seed()
	r := e.ok(e.call("POST", "/api/v1/session", "", map[string]any{"token": e.editor}), 201)
	var sess struct {
		Token     graph.Token `json:"token"`
		Via       string      `json:"via"`
		CSRFToken string      `json:"csrf_token"`
	}
	r.decode(t, &sess)
	assert.Equal(t, graph.RoleEditor, sess.Token.Role)
	assert.Equal(t, "cookie", sess.Via)
	require.NotEmpty(t, sess.CSRFToken)
	assert.NotContains(t, string(r.Body), e.editor, "the secret is not echoed")
	cookies := (&nethttp.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	ck := cookies[0]
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, nethttp.SameSiteStrictMode, ck.SameSite)
	assert.Equal(t, "/", ck.Path)
	assert.NotContains(t, ck.Value, e.editor)
	cookie := ck.Name + "=" + ck.Value

	// Reads with the cookie alone.
	r = e.ok(e.call("GET", "/api/v1/session", "", nil, "Cookie", cookie), 200)
	assert.Equal(t, sess.CSRFToken, r.object(t)["csrf_token"])
	e.ok(e.call("GET", "/api/v1/entities/ana", "", nil, "Cookie", cookie), 200)

	// Writes with the cookie need the CSRF header, and a same-origin Origin.
	body := map[string]any{"kind": "person", "name": "Cookie Person"}
	requireError(t, e.call("PUT", "/api/v1/entities/cookie-person", "", body, "Cookie", cookie), 403, graph.Forbidden)
	requireError(t, e.call("PUT", "/api/v1/entities/cookie-person", "", body, "Cookie", cookie, "X-CSRF-Token", "wrong"), 403, graph.Forbidden)
	requireError(t, e.call("PUT", "/api/v1/entities/cookie-person", "", body, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken, "Origin", "https://evil.example"), 403, graph.Forbidden)
	_, err := e.store.Entity(t.Context(), "cookie-person")
	assert.True(t, graph.Is(err, graph.NotFound))
	e.ok(e.call("PUT", "/api/v1/entities/cookie-person", "", body, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken, "Origin", e.ts.URL), 201)

	// Bad sign-ins.
	requireError(t, e.call("POST", "/api/v1/session", "", map[string]any{"token": "pm_wrong"}), 401, graph.Unauthorized)
	requireError(t, e.call("POST", "/api/v1/session", "", map[string]any{"token": ""}), 400, graph.Invalid, "token")
	requireError(t, e.call("POST", "/api/v1/session", "", map[string]any{"secret": "x"}), 400, graph.Invalid, "secret")

	// Sign out: the cookie is cleared and no longer works.
	requireError(t, e.call("DELETE", "/api/v1/session", "", nil, "Cookie", cookie), 403, graph.Forbidden)
	r = e.ok(e.call("DELETE", "/api/v1/session", "", nil, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken), 204)
	cookies = (&nethttp.Response{Header: r.Header}).Cookies()
	require.Len(t, cookies, 1)
	assert.Less(t, cookies[0].MaxAge, 0)
	requireError(t, e.call("GET", "/api/v1/session", "", nil, "Cookie", cookie), 401, graph.Unauthorized)

	// Revoking a token ends its sessions.
	r = e.ok(e.call("POST", "/api/v1/session", "", map[string]any{"token": e.viewer}), 201)
	cookies = (&nethttp.Response{Header: r.Header}).Cookies()
	cookie = cookies[0].Name + "=" + cookies[0].Value
	e.ok(e.call("GET", "/api/v1/entities", "", nil, "Cookie", cookie), 200)
	var tl struct{ Items []graph.Token }
	e.ok(e.get("/api/v1/tokens", e.admin), 200).decode(t, &tl)
	for _, tk := range tl.Items {
		if tk.Name == "viewer" {
			e.ok(e.call("DELETE", "/api/v1/tokens/"+tk.ID, e.admin, nil), 200)
		}
	}
	requireError(t, e.call("GET", "/api/v1/entities", "", nil, "Cookie", cookie), 401, graph.Unauthorized)
	// A bearer caller may also open a session.
	e.ok(e.call("POST", "/api/v1/session", e.editor, nil), 201)
}

func testTokens(t *testing.T, e *env) {
	var tl struct{ Items []graph.Token }
	r := e.ok(e.get("/api/v1/tokens", e.admin), 200)
	r.decode(t, &tl)
	assert.Len(t, tl.Items, 3)
	assert.NotContains(t, string(r.Body), "hash")
	for _, s := range []string{e.admin, e.editor, e.viewer} {
		assert.NotContains(t, string(r.Body), s)
		assert.NotContains(t, string(r.Body), graph.HashToken(s))
	}

	var created struct {
		Token  graph.Token `json:"token"`
		Secret string      `json:"secret"`
	}
	e.ok(e.call("POST", "/api/v1/tokens", e.admin, map[string]any{"name": "field organizer", "role": "editor"}), 201).decode(t, &created)
	assert.Equal(t, graph.RoleEditor, created.Token.Role)
	require.True(t, strings.HasPrefix(created.Secret, graph.TokenPrefix))
	e.ok(e.call("PUT", "/api/v1/entities/by-new-token", created.Secret, map[string]any{"kind": "person", "name": "N"}), 201)
	requireError(t, e.get("/api/v1/tokens", created.Secret), 403, graph.Forbidden)

	requireError(t, e.call("POST", "/api/v1/tokens", e.admin, map[string]any{"name": "x", "role": "owner"}), 400, graph.Invalid, "role")
	requireError(t, e.call("POST", "/api/v1/tokens", e.admin, map[string]any{"role": "viewer"}), 400, graph.Invalid, "name")
	requireError(t, e.call("POST", "/api/v1/tokens", e.admin, map[string]any{}), 400, graph.Invalid, "name", "role")
	requireError(t, e.call("POST", "/api/v1/tokens", e.editor, map[string]any{"name": "x", "role": "admin"}), 403, graph.Forbidden)

	// Revoke: the token stops at once.
	var revoked graph.Token
	e.ok(e.call("DELETE", "/api/v1/tokens/"+created.Token.ID, e.admin, nil), 200).decode(t, &revoked)
	assert.False(t, revoked.Active())
	requireError(t, e.get("/api/v1/entities", created.Secret), 401, graph.Unauthorized)
	e.ok(e.call("DELETE", "/api/v1/tokens/"+created.Token.ID, e.admin, nil), 200) // again: no change
	requireError(t, e.call("DELETE", "/api/v1/tokens/tok_nope", e.admin, nil), 404, graph.NotFound)

	// The last admin cannot be revoked.
	e.ok(e.get("/api/v1/tokens", e.admin), 200).decode(t, &tl)
	for _, tk := range tl.Items {
		if tk.Role == graph.RoleAdmin {
			requireError(t, e.call("DELETE", "/api/v1/tokens/"+tk.ID, e.admin, nil), 409, graph.Conflict)
		}
	}
}

func testAudit(t *testing.T, e *env) {
	e.seed()
	e.ok(e.call("PUT", "/api/v1/entities/audited", e.editor, map[string]any{"kind": "person", "name": "Audited"}), 201)
	e.ok(e.call("PATCH", "/api/v1/entities/audited", e.editor, map[string]any{"notes": "n"}), 200)
	e.ok(e.call("POST", "/api/v1/relationships", e.editor, map[string]any{"source": "audited", "target": "ana", "type": "KNOWS"}), 201)
	e.ok(e.call("DELETE", "/api/v1/entities/audited", e.editor, nil), 204)
	e.ok(e.call("POST", "/api/v1/tokens", e.admin, map[string]any{"name": "n", "role": "viewer"}), 201)
	// A write that fails, or changes nothing, is not recorded.
	requireError(t, e.call("PUT", "/api/v1/entities/audited2", e.editor, map[string]any{"kind": "x", "name": "A"}), 400, graph.Invalid, "kind")

	var page struct {
		Items []graph.AuditEntry `json:"items"`
		Next  string             `json:"next"`
	}
	e.ok(e.get("/api/v1/audit", e.admin), 200).decode(t, &page)
	var actions []string
	for _, a := range page.Items {
		actions = append(actions, a.Action+" "+a.Target)
	}
	relID := graph.DefaultRelationshipID("audited", "ana", graph.Knows)
	require.GreaterOrEqual(t, len(actions), 5)
	assert.Equal(t, []string{"entity.delete audited", "relationship.create " + relID, "entity.update audited", "entity.create audited"}, actions[1:5])
	assert.True(t, strings.HasPrefix(actions[0], "token.create tok_"))
	assert.Contains(t, page.Items[1].Actor, "(editor)")
	assert.Equal(t, "1", page.Items[1].Details["relationships_deleted"])

	e.ok(e.get("/api/v1/audit?limit=2", e.admin), 200).decode(t, &page)
	require.Len(t, page.Items, 2)
	require.NotEmpty(t, page.Next)
	first := slices.Clone(page.Items)
	e.ok(e.get("/api/v1/audit?limit=2&before="+esc(page.Next), e.admin), 200).decode(t, &page)
	require.Len(t, page.Items, 2)
	assert.Less(t, page.Items[0].ID, first[1].ID)
	assert.Equal(t, "entity.update", page.Items[1].Action)

	requireError(t, e.get("/api/v1/audit?limit=0", e.admin), 400, graph.Invalid, "limit")
	requireError(t, e.get("/api/v1/audit", e.editor), 403, graph.Forbidden)
}

func testMeta(t *testing.T, e *env) {
	r := e.ok(e.get("/healthz", ""), 200)
	assert.Equal(t, "ok", r.object(t)["status"])
	e.ok(e.get("/readyz", ""), 200)
	r = e.ok(e.get("/api/openapi.json", ""), 200)
	assert.Equal(t, "3.1.0", r.object(t)["openapi"])

	e.seed()
	e.ok(e.get("/api/v1/entities/ana", e.viewer), 200)
	e.get("/api/v1/entities/nobody", e.viewer)
	requireError(t, e.get("/metrics", ""), 401, graph.Unauthorized)
	requireError(t, e.get("/metrics", e.editor), 403, graph.Forbidden)
	r = e.ok(e.get("/metrics", e.admin), 200)
	m := string(r.Body)
	assert.Contains(t, m, `powermap_http_requests_total{code="200",method="GET",route="/api/v1/entities/:id"} 1`)
	assert.Contains(t, m, `powermap_http_requests_total{code="404",method="GET",route="/api/v1/entities/:id"} 1`)
	assert.Contains(t, m, `powermap_http_request_duration_seconds_bucket{method="GET",route="/api/v1/entities/:id"`)
	assert.NotContains(t, m, "nobody", "ids never become labels")

	// Security headers on every answer, API and not.
	for _, path := range []string{"/healthz", "/api/v1/entities", "/no-such-page"} {
		r = e.get(path, e.viewer)
		csp := r.Header.Get("Content-Security-Policy")
		assert.Contains(t, csp, "worker-src 'self' blob:")
		assert.Contains(t, csp, "frame-ancestors 'none'")
		assert.Contains(t, csp, "default-src 'self'")
		assert.NotContains(t, csp, "http")
		assert.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
		assert.Equal(t, "no-referrer", r.Header.Get("Referrer-Policy"))
		assert.Equal(t, "DENY", r.Header.Get("X-Frame-Options"))
		assert.NotEmpty(t, r.Header.Get("X-Request-ID"))
	}
	requireError(t, e.get("/api/v1/nothing-here", e.viewer), 404, graph.NotFound)
	requireError(t, e.call("PATCH", "/api/v1/entities", e.editor, "{}"), 404, graph.NotFound)
	r = e.call("GET", "/healthz", "", nil, "X-Request-ID", "trace-abc-123")
	assert.Equal(t, "trace-abc-123", r.Header.Get("X-Request-ID"))
	r = e.call("GET", "/healthz", "", nil, "X-Request-ID", "bad id\twith spaces")
	assert.NotEqual(t, "bad id\twith spaces", r.Header.Get("X-Request-ID"))
}

func testLimits(t *testing.T, e *env) {
	big := fmt.Sprintf(`{"kind":"person","name":"Big","notes":%q}`, strings.Repeat("x", 2<<20))
	requireError(t, e.call("PUT", "/api/v1/entities/big", e.editor, big), 413, graph.TooLarge)
	// A body that hides its length is cut at the cap too.
	req := e.request("PUT", "/api/v1/entities/big", e.editor, nil)
	req.Body = nethttpNoLength(big)
	req.ContentLength = -1
	res, err := e.ts.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 413, res.StatusCode)
	_, err = e.store.Entity(t.Context(), "big")
	assert.True(t, graph.Is(err, graph.NotFound))
}

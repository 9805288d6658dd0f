package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/rank"
	pmhttp "github.com/powermap/powermap/internal/http"
)

func pathNodes(res paths.Result) [][]string {
	var out [][]string
	for _, p := range res.Paths {
		out = append(out, p.IDs())
	}
	return out
}

func throughAny(res paths.Result, ids ...string) bool {
	for _, p := range res.Paths {
		for _, n := range p.Nodes {
			if slices.Contains(ids, n.ID) {
				return true
			}
		}
	}
	return false
}

func testPaths(t *testing.T, e *env) {
	e.seed()
	var res paths.Result
	e.ok(e.get("/api/v1/paths?to=sen-diaz", e.editor), 200).decode(t, &res)
	assert.Equal(t, "sen-diaz", res.Target.ID)
	assert.NotEmpty(t, res.Target.Name, "the target comes with its name")
	require.NotEmpty(t, res.Paths)
	best := res.Paths[0]
	assert.Equal(t, []string{"ana", "pastor-lee", "sen-diaz"}, best.IDs())
	assert.NotEmpty(t, best.Nodes[1].Name, "every node comes with its name")
	assert.InDelta(t, 0.8*0.9, best.Strength, 1e-9)
	require.Len(t, best.Hops, 2)
	assert.Equal(t, graph.FamilyOf, best.Hops[1].Type)
	assert.Equal(t, "cousins", best.Hops[1].Notes)
	assert.True(t, throughAny(res, "client-1"), "editors get paths through clients: %v", pathNodes(res))

	// Viewers get no path through a private entity.
	e.ok(e.get("/api/v1/paths?to=sen-diaz&k=10", e.viewer), 200).decode(t, &res)
	require.NotEmpty(t, res.Paths)
	assert.False(t, throughAny(res, "client-1", "hidden-org"), "%v", pathNodes(res))

	e.ok(e.get("/api/v1/paths?to=sen-diaz&from=mario&from=ana&k=1", e.viewer), 200).decode(t, &res)
	require.Len(t, res.Paths, 1)
	assert.Equal(t, []string{"mario", "sen-diaz"}, res.Paths[0].IDs(), "mario knows her himself: his 0.5 comes before ana's 0.72")
	e.ok(e.get("/api/v1/paths?to=sen-diaz&from=mario&from=ana&k=2", e.viewer), 200).decode(t, &res)
	require.Len(t, res.Paths, 2)
	assert.Equal(t, []string{"ana", "pastor-lee", "sen-diaz"}, res.Paths[1].IDs(), "then the best path")
	e.ok(e.get("/api/v1/paths?to=sen-diaz&from=ana&avoid=pastor-lee&types=KNOWS,FAMILY_OF", e.viewer), 200).decode(t, &res)
	assert.Empty(t, res.Paths)
	e.ok(e.get("/api/v1/paths?to=sen-diaz&from=ana&max_hops=1", e.viewer), 200).decode(t, &res)
	assert.Empty(t, res.Paths)

	// A write is seen by the next query.
	e.ok(e.call("POST", "/api/v1/relationships", e.editor, map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "strength": 0.99}), 201)
	e.ok(e.get("/api/v1/paths?to=sen-diaz&from=ana&k=1", e.viewer), 200).decode(t, &res)
	require.Len(t, res.Paths, 1)
	assert.Equal(t, []string{"ana", "sen-diaz"}, res.Paths[0].IDs())

	requireError(t, e.get("/api/v1/paths", e.viewer), 400, graph.Invalid, "to")
	requireError(t, e.get("/api/v1/paths?to=sen-diaz&k=0", e.viewer), 400, graph.Invalid, "k")
	requireError(t, e.get("/api/v1/paths?to=sen-diaz&max_hops=50", e.viewer), 400, graph.Invalid, "max_hops")
	requireError(t, e.get("/api/v1/paths?to=sen-diaz&types=SPIES_ON", e.viewer), 400, graph.Invalid, "types")
	requireError(t, e.get("/api/v1/paths?to=sen-diaz&exclude_types=SPIES_ON", e.viewer), 400, graph.Invalid, "exclude_types")
	requireError(t, e.get("/api/v1/paths?to=nobody", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/paths?to=client-1", e.viewer), 404, graph.NotFound, "to")
	requireError(t, e.get("/api/v1/paths?to=sen-diaz&from=client-1", e.viewer), 404, graph.NotFound, "from")
	e.ok(e.get("/api/v1/paths?to=client-1", e.editor), 200)
}

func testConnections(t *testing.T, e *env) {
	e.seed()
	var c paths.Connection
	e.ok(e.get("/api/v1/connections?a=pastor-lee&b=sen-diaz", e.viewer), 200).decode(t, &c)
	require.Len(t, c.Direct, 1)
	assert.Equal(t, graph.FamilyOf, c.Direct[0].Type)
	require.NotEmpty(t, c.Paths)
	assert.Equal(t, []string{"pastor-lee", "sen-diaz"}, c.Paths[0].IDs())

	// coalition and sen-diaz share client-1, a private interlock.
	e.ok(e.get("/api/v1/connections?a=coalition&b=sen-diaz", e.editor), 200).decode(t, &c)
	assert.Empty(t, c.Direct)
	require.Len(t, c.Common, 1)
	assert.Equal(t, "client-1", c.Common[0].Entity.ID)
	assert.Equal(t, "Carla Client", c.Common[0].Entity.Name, "an interlock carries its name")
	assert.Equal(t, 1, c.CommonTotal)
	assert.True(t, throughAny(paths.Result{Paths: c.Paths}, "client-1"))
	e.ok(e.get("/api/v1/connections?a=coalition&b=sen-diaz", e.viewer), 200).decode(t, &c)
	assert.Empty(t, c.Common)
	assert.Zero(t, c.CommonTotal)
	require.NotEmpty(t, c.Paths, "there is a way through ana and pastor-lee")
	assert.False(t, throughAny(paths.Result{Paths: c.Paths}, "client-1", "hidden-org"))

	requireError(t, e.get("/api/v1/connections?a=ana", e.viewer), 400, graph.Invalid, "b")
	requireError(t, e.get("/api/v1/connections?b=ana", e.viewer), 400, graph.Invalid, "a")
	requireError(t, e.get("/api/v1/connections?a=ana&b=ana", e.viewer), 400, graph.Invalid, "b")
	requireError(t, e.get("/api/v1/connections?a=ana&b=nobody", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/connections?a=client-1&b=ana", e.viewer), 404, graph.NotFound, "a")
}

func rankIDs(r rank.Result) []string {
	out := []string{}
	for _, it := range r.Results {
		out = append(out, it.ID)
	}
	return out
}

func testRankings(t *testing.T, e *env) {
	e.seed()
	var res rank.Result
	e.ok(e.get("/api/v1/rankings?algo=pagerank&top=100", e.editor), 200).decode(t, &res)
	assert.Equal(t, rank.AlgoPageRank, res.Algorithm)
	assert.True(t, res.Weighted)
	assert.True(t, res.Exact)
	assert.Len(t, res.Results, 7)
	assert.Equal(t, "sen-diaz", res.Results[0].ID, "the official draws the most influence")
	for i := 1; i < len(res.Results); i++ {
		assert.GreaterOrEqual(t, res.Results[i-1].Score, res.Results[i].Score)
	}
	editorScores := map[string]float64{}
	for _, it := range res.Results {
		editorScores[it.ID] = it.Score
	}

	// Viewers' rankings are computed as if the hidden entities did not
	// exist: their scores differ from the editors', and equal those of the
	// map with the hidden entities deleted (checked at the end).
	e.ok(e.get("/api/v1/rankings?algo=PageRank&top=100", e.viewer), 200).decode(t, &res)
	assert.ElementsMatch(t, []string{"ana", "coalition", "sen-diaz", "pastor-lee", "mario"}, rankIDs(res))
	viewerScores := map[string]float64{}
	for _, it := range res.Results {
		viewerScores[it.ID] = it.Score
	}
	assert.NotEqual(t, editorScores["sen-diaz"], viewerScores["sen-diaz"], "hidden ties weigh in the editors' ranking only")

	e.ok(e.get("/api/v1/rankings?algo=degree&top=2&weighted=false", e.viewer), 200).decode(t, &res)
	assert.False(t, res.Weighted)
	assert.Len(t, res.Results, 2)
	e.ok(e.get("/api/v1/rankings?algo=ppr&seed=ana&exclude_seeds=true", e.viewer), 200).decode(t, &res)
	assert.NotContains(t, rankIDs(res), "ana")
	var all rank.Result
	e.ok(e.get("/api/v1/rankings?algo=betweenness&top=1000", e.viewer), 200).decode(t, &all)
	whole := map[string]float64{}
	for _, it := range all.Results {
		whole[it.ID] = it.Score
	}
	e.ok(e.get("/api/v1/rankings?algo=betweenness&kind=person", e.viewer), 200).decode(t, &res)
	require.NotEmpty(t, res.Results)
	for _, it := range res.Results {
		assert.Equal(t, graph.KindPerson, it.Kind)
		assert.Equal(t, whole[it.ID], it.Score, "kind= lists the whole map's scores: %s", it.ID)
	}
	e.ok(e.get("/api/v1/rankings?algo=betweenness&kind=person&within=true", e.viewer), 200).decode(t, &res)
	for _, it := range res.Results {
		assert.Equal(t, graph.KindPerson, it.Kind)
	}
	requireError(t, e.get("/api/v1/rankings?algo=pagerank&within=true", e.viewer), 400, graph.Invalid, "within")

	// The one donation, hidden-org → sen-diaz, exists only in the influence
	// graph. Ranked by it alone, the 7 entities have PageRank 1/(7+α) each
	// (every other one is dangling and spreads its mass evenly), and
	// sen-diaz (1+α)/(7+α).
	e.ok(e.get("/api/v1/rankings?algo=pagerank&types=DONATED_TO&top=100", e.editor), 200).decode(t, &res)
	require.Len(t, res.Results, 7)
	assert.Equal(t, "sen-diaz", res.Results[0].ID)
	assert.InDelta(t, 1.85/7.85, res.Results[0].Score, 1e-9)
	for _, it := range res.Results[1:] {
		assert.InDelta(t, 1/7.85, it.Score, 1e-9, it.ID)
	}
	requireError(t, e.get("/api/v1/rankings?algo=closeness&types=DONATED_TO", e.viewer), 400, graph.Invalid, "types")

	requireError(t, e.get("/api/v1/rankings", e.viewer), 400, graph.Invalid, "algo")
	requireError(t, e.get("/api/v1/rankings?algo=astrology", e.viewer), 400, graph.Invalid, "algo")
	requireError(t, e.get("/api/v1/rankings?algo=pagerank&top=0", e.viewer), 400, graph.Invalid, "top")
	requireError(t, e.get("/api/v1/rankings?algo=pagerank&weighted=maybe", e.viewer), 400, graph.Invalid, "weighted")
	requireError(t, e.get("/api/v1/rankings?algo=pagerank&kind=cat", e.viewer), 400, graph.Invalid, "kind")
	requireError(t, e.get("/api/v1/rankings?algo=ppr", e.viewer), 400, graph.Invalid, "seed")
	requireError(t, e.get("/api/v1/rankings?algo=ppr&seed=nobody", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/rankings?algo=ppr&seed=client-1", e.viewer), 404, graph.NotFound, "seed")

	for _, id := range []string{"client-1", "hidden-org"} {
		e.ok(e.call("DELETE", "/api/v1/entities/"+id, e.editor, nil), 204)
	}
	// The editor's ranking starts from its answer before the deletes, the
	// viewer's started afresh: both stop at an L1 change of 1e-10, so they
	// agree to that precision, not to the last digit.
	e.ok(e.get("/api/v1/rankings?algo=pagerank&top=100", e.editor), 200).decode(t, &res)
	require.Len(t, res.Results, len(viewerScores))
	for _, it := range res.Results {
		assert.InDelta(t, viewerScores[it.ID], it.Score, 1e-9, it.ID)
	}
}

func testInnerCircle(t *testing.T, e *env) {
	e.seed()
	var res rank.Result
	e.ok(e.get("/api/v1/entities/sen-diaz/inner-circle?top=10", e.editor), 200).decode(t, &res)
	assert.Equal(t, rank.AlgoPPR, res.Algorithm)
	assert.NotContains(t, rankIDs(res), "sen-diaz")
	assert.Contains(t, rankIDs(res), "client-1")
	e.ok(e.get("/api/v1/entities/sen-diaz/inner-circle", e.viewer), 200).decode(t, &res)
	assert.NotContains(t, rankIDs(res), "client-1")
	assert.NotContains(t, rankIDs(res), "hidden-org")
	assert.NotEmpty(t, res.Results)

	requireError(t, e.get("/api/v1/entities/sen-diaz/inner-circle?top=0", e.viewer), 400, graph.Invalid, "top")
	requireError(t, e.get("/api/v1/entities/nobody/inner-circle", e.viewer), 404, graph.NotFound)
	requireError(t, e.get("/api/v1/entities/client-1/inner-circle", e.viewer), 404, graph.NotFound)
}

// multipartFiles builds a multipart body with one "file" part per name.
func multipartFiles(t *testing.T, files ...[2]string) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range files {
		part, err := w.CreateFormFile("file", f[0])
		require.NoError(t, err)
		_, err = io.WriteString(part, f[1])
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes(), w.FormDataContentType()
}

func testImport(t *testing.T, e *env) {
	e.seed()
	body, ct := multipartFiles(t,
		[2]string{"entities.csv", "id,kind,name,labels\nnew-1,person,Nia Newcomer,volunteer\nnew-2,organization,Tenants United,\n"},
		[2]string{"relationships.csv", "source,target,type,strength\nnew-1,new-2,MEMBER_OF,0.6\nnew-1,ana,KNOWS,\n"})
	r := e.ok(e.call("POST", "/api/v1/import?format=csv", e.editor, body, "Content-Type", ct), 200)
	rep := r.object(t)
	assert.Equal(t, "csv", rep["format"])
	stats := rep["stats"].(map[string]any)
	assert.Equal(t, 2.0, stats["entities_created"])
	assert.Equal(t, 2.0, stats["relationships_created"])
	e.ok(e.get("/api/v1/entities/new-1", e.viewer), 200)

	// Detected without ?format, and idempotent.
	r = e.ok(e.call("POST", "/api/v1/import", e.editor, body, "Content-Type", ct), 200)
	assert.Equal(t, 2.0, r.object(t)["stats"].(map[string]any)["entities_unchanged"])

	// One bad row refuses the whole upload, naming file, line and field.
	before := snapshotOf(t, e.store)
	body, ct = multipartFiles(t,
		[2]string{"entities.csv", "id,kind,name\nnew-3,person,Good Row\n"},
		[2]string{"relationships.csv", "source,target,type,strength\nnew-3,ana,KNOWS,0.5\nnew-3,ghost,KNOWS,0.5\nnew-3,ana,FRIEND_OF,7\n"})
	r = e.call("POST", "/api/v1/import?format=csv", e.editor, body, "Content-Type", ct)
	requireError(t, r, 400, graph.Invalid, "target", "strength")
	var eb struct {
		Error struct{ Details []graph.Detail } `json:"error"`
	}
	r.decode(t, &eb)
	assert.Len(t, eb.Error.Details, 2, "each bad row is listed once")
	for _, d := range eb.Error.Details {
		assert.Equal(t, "relationships.csv", d.File, "files are named as uploaded")
		assert.Positive(t, d.Line)
	}
	assert.NotContains(t, string(r.Body), "powermap-import-", "no temporary path leaks")
	assert.Equal(t, before.revisions, snapshotOf(t, e.store).revisions, "nothing was written")

	body, ct = multipartFiles(t, [2]string{"entities.csv", "id,kind,name\nx,person,X\n"})
	requireError(t, e.call("POST", "/api/v1/import?format=klingon", e.editor, body, "Content-Type", ct), 400, graph.Invalid, "format")
	requireError(t, e.call("POST", "/api/v1/import", e.editor, `{"not":"multipart"}`), 400, graph.Invalid, "file")
	empty, ect := multipartFiles(t)
	requireError(t, e.call("POST", "/api/v1/import", e.editor, empty, "Content-Type", ect), 400, graph.Invalid, "file")
	requireError(t, e.call("POST", "/api/v1/import", e.viewer, body, "Content-Type", ct), 403, graph.Forbidden)

	var page struct{ Items []graph.AuditEntry }
	e.ok(e.get("/api/v1/audit", e.admin), 200).decode(t, &page)
	require.NotEmpty(t, page.Items)
	assert.Equal(t, "import", page.Items[0].Action)
	assert.Equal(t, "csv", page.Items[0].Details["format"])
}

func testExport(t *testing.T, e *env) {
	e.seed()
	type export struct {
		Entities      []graph.Entity       `json:"entities"`
		Relationships []graph.Relationship `json:"relationships"`
	}
	entityIDsOf := func(x export) []string {
		var out []string
		for _, en := range x.Entities {
			out = append(out, en.ID)
		}
		return out
	}
	var x export
	r := e.ok(e.get("/api/v1/export", e.viewer), 200)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Contains(t, r.Header.Get("Content-Disposition"), "attachment")
	require.NoError(t, json.Unmarshal(r.Body, &x))
	assert.ElementsMatch(t, []string{"ana", "coalition", "sen-diaz", "pastor-lee", "mario"}, entityIDsOf(x))
	assert.Len(t, x.Relationships, 4, "ties to private entities are left out")

	// Editors too get no private entity by default; only admins may ask.
	e.ok(e.get("/api/v1/export?format=json", e.editor), 200).decode(t, &x)
	assert.NotContains(t, entityIDsOf(x), "client-1")
	requireError(t, e.get("/api/v1/export?include_private=true", e.editor), 403, graph.Forbidden, "include_private")
	e.ok(e.get("/api/v1/export?include_private=true", e.admin), 200).decode(t, &x)
	assert.Len(t, x.Entities, 7)
	assert.Len(t, x.Relationships, 7)
	e.ok(e.get("/api/v1/export?kind=official&kind=person", e.viewer), 200).decode(t, &x)
	assert.ElementsMatch(t, []string{"ana", "sen-diaz", "pastor-lee", "mario"}, entityIDsOf(x))

	r = e.ok(e.get("/api/v1/export?format=csv", e.viewer), 200)
	assert.Equal(t, "application/zip", r.Header.Get("Content-Type"))
	zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	assert.ElementsMatch(t, []string{"entities.csv", "relationships.csv"}, names)

	requireError(t, e.get("/api/v1/export?format=pdf", e.viewer), 400, graph.Invalid, "format")
	requireError(t, e.get("/api/v1/export?include_private=perhaps", e.admin), 400, graph.Invalid, "include_private")
	requireError(t, e.get("/api/v1/export?kind=cat", e.viewer), 400, graph.Invalid, "kind")

	var page struct{ Items []graph.AuditEntry }
	e.ok(e.get("/api/v1/audit", e.admin), 200).decode(t, &page)
	var exports []string
	for _, a := range page.Items {
		if a.Action == "export" {
			exports = append(exports, a.Details["format"]+" "+a.Details["include_private"])
		}
	}
	assert.Equal(t, []string{"csv false", "json false", "json true", "json false", "json false"}, exports)
}

// TestCancelledRequestStops checks that the request's context reaches the
// engines: a request whose client has gone is not computed, and is neither
// answered 500 nor counted as an internal error.
func TestCancelledRequestStops(t *testing.T) {
	e := newEnv(t, openEmbedded, func(c *pmhttp.Config) { c.TokenCacheTTL = time.Minute })
	e.seed()
	e.ok(e.get("/readyz", ""), 200)                // builds the snapshot
	e.ok(e.get("/api/v1/entities", e.viewer), 200) // caches the token
	for _, path := range []string{
		"/api/v1/rankings?algo=betweenness",
		"/api/v1/paths?to=sen-diaz",
		"/api/v1/entities/ana/network?depth=3",
		"/api/v1/search?q=ana",
	} {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
		req.Header.Set("Authorization", "Bearer "+e.viewer)
		w := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(w, req)
		assert.Equal(t, 499, w.Code, "%s: %s", path, w.Body)
	}
	assert.NotContains(t, e.logs.String(), `"level":"ERROR"`)
}

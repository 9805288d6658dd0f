package http_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/internal/store/neo4j"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// openNeo4jReplica opens a second store on the test's Neo4j, with a driver
// of its own, as a second process would.
func openNeo4jReplica(t *testing.T) backend {
	t.Helper()
	s, err := neo4j.Open(t.Context(), neo4jtest.Require(t))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return backend{Store: s, Accounts: s}
}

// TestReplicasSeeWritesNeo4j: two servers over one Neo4j, each with its
// own driver: a write through one shows in the other's introduction paths
// at its next request (a new tie, a rename, a delete), and the other then
// answers as a server that has just started.
func TestReplicasSeeWritesNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	a := newEnv(t, openNeo4j)
	a.seed()
	b, stopB := a.replicaOn(openNeo4jReplica(t))
	defer stopB()

	best := func(e *env) paths.Result {
		t.Helper()
		var res paths.Result
		e.ok(e.get("/api/v1/paths?to=sen-diaz&from=ana&k=1", e.viewer), 200).decode(t, &res)
		return res
	}
	require.Len(t, best(b).Paths, 1)
	assert.Equal(t, []string{"ana", "pastor-lee", "sen-diaz"}, best(b).Paths[0].IDs())

	// A new tie, through A.
	var tie struct {
		ID string `json:"id"`
	}
	a.ok(a.call("POST", "/api/v1/relationships", a.editor, map[string]any{"source": "ana", "target": "sen-diaz", "type": "KNOWS", "strength": 0.99}), 201).decode(t, &tie)
	res := best(b)
	require.Len(t, res.Paths, 1)
	assert.Equal(t, []string{"ana", "sen-diaz"}, res.Paths[0].IDs(), "B sees A's tie at its next request")

	// A rename, through A.
	a.ok(a.call("PATCH", "/api/v1/entities/sen-diaz", a.editor, map[string]any{"name": "Sen. María Díaz-Ortega"}), 200)
	res = best(b)
	require.Len(t, res.Paths, 1)
	assert.Equal(t, "Sen. María Díaz-Ortega", res.Target.Name)
	assert.Equal(t, "Sen. María Díaz-Ortega", res.Paths[0].Nodes[1].Name)

	// A delete, through A.
	a.ok(a.call("DELETE", "/api/v1/relationships/"+esc(tie.ID), a.editor, nil), 204)
	res = best(b)
	require.Len(t, res.Paths, 1)
	assert.Equal(t, []string{"ana", "pastor-lee", "sen-diaz"}, res.Paths[0].IDs(), "B sees A's delete")

	// B answers as a server that has just read the store.
	c, stopC := a.replicaOn(openNeo4jReplica(t))
	defer stopC()
	for _, q := range []string{"/api/v1/paths?to=sen-diaz&k=5", "/api/v1/entities/ana/network?depth=2", "/api/v1/search?q=sen"} {
		for _, tok := range []string{a.viewer, a.editor} {
			want := c.ok(c.get(q, tok), 200).Body
			assert.JSONEq(t, string(want), string(b.ok(b.get(q, tok), 200).Body), fmt.Sprintf("%s as %s", q, map[bool]string{true: "viewer", false: "editor"}[tok == a.viewer]))
		}
	}
}

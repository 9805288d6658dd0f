package http_test

import (
	"context"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// openNeo4j returns the real Neo4j store, emptied of entities by neo4jtest
// and of tokens and audit entries here. It skips loudly without NEO4J_URI
// and fails under CI=true.
func openNeo4j(t *testing.T) backend {
	s := neo4jtest.Open(t)
	cfg := neo4jtest.Require(t)
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	require.NoError(t, err)
	defer d.Close(context.Background())
	_, err = driver.ExecuteQuery(t.Context(), d, "MATCH (n) WHERE n:PowermapToken OR n:PowermapAudit OR n:PowermapSession OR n:PowermapNotSame DETACH DELETE n",
		nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	require.NoError(t, err)
	return backend{Store: s, Accounts: s}
}

// TestAPINeo4j runs the whole handler suite against a real Neo4j.
func TestAPINeo4j(t *testing.T) {
	neo4jtest.Require(t)
	runAPI(t, openNeo4j)
}

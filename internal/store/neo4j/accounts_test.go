package neo4j_test

import (
	"context"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) graph.AccountStore {
		s := neo4jtest.Open(t)
		clearAccounts(t)
		return s
	})
}

// clearAccounts deletes every token and audit entry; neo4jtest.Open empties
// only the graph. The caller holds neo4jtest's lock.
func clearAccounts(t *testing.T) {
	t.Helper()
	cfg := neo4jtest.Require(t)
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	require.NoError(t, err)
	defer d.Close(context.Background())
	_, err = driver.ExecuteQuery(t.Context(), d, "MATCH (n) WHERE n:PowermapToken OR n:PowermapAudit DETACH DELETE n",
		nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	require.NoError(t, err)
}

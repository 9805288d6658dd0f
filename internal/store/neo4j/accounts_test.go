package neo4j_test

import (
	"os"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_URI is unset under CI=true: the Neo4j account tests must run")
		}
		t.Skip("SKIPPING the Neo4j account conformance cases: NEO4J_URI is unset (cmd/neo4j-dev/neo4j.sh start)")
	}
	storetest.RunAccounts(t, func(t *testing.T) graph.AccountStore {
		cfg := neo4j.DefaultConfig()
		cfg.URI = uri
		s, err := neo4j.Open(t.Context(), cfg)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		// Empty the account records only: the graph may hold other tests' data.
		d, err := driver.NewDriverWithContext(uri, driver.NoAuth())
		require.NoError(t, err)
		defer d.Close(t.Context())
		_, err = driver.ExecuteQuery(t.Context(), d, "MATCH (n) WHERE n:PowermapToken OR n:PowermapAudit DETACH DELETE n", nil, driver.EagerResultTransformer)
		require.NoError(t, err)
		return s
	})
}

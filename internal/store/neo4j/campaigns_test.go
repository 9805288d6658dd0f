package neo4j_test

import (
	"context"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestCampaignsConformance(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.CampaignBackend {
		s := neo4jtest.Open(t)
		clearCampaigns(t)
		return s
	})
}

// clearCampaigns deletes every campaign, interaction, outreach list and job
// run; neo4jtest.Open empties only the graph. The caller holds neo4jtest's
// lock.
func clearCampaigns(t *testing.T) {
	t.Helper()
	cfg := neo4jtest.Require(t)
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	require.NoError(t, err)
	defer d.Close(context.Background())
	_, err = driver.ExecuteQuery(t.Context(), d,
		"MATCH (n) WHERE n:PowermapCampaign OR n:PowermapInteraction OR n:PowermapOutreach OR n:PowermapJob DETACH DELETE n",
		nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	require.NoError(t, err)
}

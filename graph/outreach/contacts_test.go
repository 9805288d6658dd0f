package outreach_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// TestContactsJoinTheList: a contact with no tie to any target joins the
// list with leverage ContactLeverage (cold access 0.05: score 0.0025); one
// with more leverage keeps it; and once every target has committed,
// contacts leave with everyone else.
func TestContactsJoinTheList(t *testing.T) {
	w := newWorld().official("sen", "7").person("aide").person("far").person("near").
		tie("aide", "sen", graph.WorksFor, 0.9).tie("near", "aide", graph.Knows, 0.5)
	sc := load(t, w, []graph.Target{{Entity: "sen"}})
	l := sc.list()
	assert.Nil(t, entry(l, "far"), "no tie: not a candidate")
	nearBefore := factor(mustEntry(t, l, "near"), "leverage")

	c, err := sc.store.Campaign(t.Context(), "fy27")
	require.NoError(t, err)
	c.Contacts = []string{"far", "near"}
	_, err = sc.store.UpdateCampaign(t.Context(), c)
	require.NoError(t, err)
	l = sc.list()
	far := mustEntry(t, l, "far")
	assert.Equal(t, 0.05, factor(far, "leverage"))
	assert.Equal(t, "a contact of the campaign: leverage at least 0.05", far.Factors[0].Note)
	assert.Equal(t, 0.0025, far.Score)
	assert.Empty(t, far.Leads)
	assert.Equal(t, nearBefore, factor(mustEntry(t, l, "near"), "leverage"), "a closer contact keeps their leverage")

	sc.setTargets([]graph.Target{{Entity: "sen", Status: graph.StatusCommitted, CommittedOn: "2026-11-01"}})
	assert.Empty(t, sc.list().Entries, "done is done, for contacts too")
}

package synth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/synth"
)

func TestDemoCommunity(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	b := synth.Demo()
	c, err := synth.DemoCommunity(b, today)
	require.NoError(t, err)
	again, err := synth.DemoCommunity(b, today)
	require.NoError(t, err)
	assert.Equal(t, c, again, "a pure function of the map and the day")
	d, err := synth.DemoCampaign(b, today)
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, e := range b.Entities {
		ids[e.ID] = true
	}
	for _, e := range c.Entities {
		assert.False(t, ids[e.ID], "%s is new", e.ID)
		e.Normalize()
		require.NoError(t, e.Validate())
	}
	assert.Equal(t, d.Campaign.Targets[0].Entity, c.Relationships[0].Target, "the leader knows the first target")
	assert.Equal(t, d.Campaign.Owner, c.Relationships[1].Source, "the campaign's owner knows the leader")
	assert.Equal(t, d.Campaign.Issue, c.Relationships[3].Target)
	assert.Equal(t, "2026-11-02", c.Relationships[3].Date, "34 days before today: the candidate forum")
}

package synth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

func TestDemoSpeakers(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	sp := synth.DemoSpeakers(synth.Demo(), today)
	assert.Equal(t, sp, synth.DemoSpeakers(synth.Demo(), today), "the same map and day give the same consents")
	require.GreaterOrEqual(t, len(sp), 10)
	withdrawn, scopes := 0, map[graph.ConsentScope]int{}
	for _, e := range sp {
		require.NoError(t, e.Validate())
		c, ok := graph.ConsentOf(&e)
		require.True(t, ok, e.ID)
		require.NoError(t, c.Validate())
		assert.NotEmpty(t, c.Topics)
		assert.Less(t, c.Date, "2026-12-06")
		scopes[c.Scope]++
		if c.Withdrawn != "" {
			withdrawn++
			assert.False(t, e.HasLabel(graph.LabelSpeaker), "a withdrawn consent takes the label away")
			assert.True(t, e.HasLabel(graph.LabelClient))
		} else {
			assert.True(t, e.HasLabel(graph.LabelSpeaker))
		}
	}
	assert.Equal(t, 1, withdrawn)
	assert.Len(t, scopes, 3, "every scope is shown")
}

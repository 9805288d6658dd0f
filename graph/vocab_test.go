package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/powermap/powermap/graph"
)

// TestPhrase checks that every type reads as a verb both ways, and that a
// directed type reads differently against its direction.
func TestPhrase(t *testing.T) {
	for _, info := range graph.Types() {
		fwd, back := info.Type.Phrase(false), info.Type.Phrase(true)
		assert.NotEmpty(t, fwd, info.Type)
		assert.NotContains(t, fwd, "_", info.Type)
		if info.Symmetric {
			assert.Equal(t, fwd, back, "%s reads the same both ways", info.Type)
		} else {
			assert.NotEqual(t, fwd, back, "%s reads differently against its direction", info.Type)
		}
	}
	assert.Equal(t, "works for", graph.WorksFor.Phrase(false))
	assert.Equal(t, "employs", graph.WorksFor.Phrase(true))
	assert.Equal(t, "is a friend of", graph.FriendOf.Phrase(true))
	assert.Equal(t, "made up", graph.RelType("MADE_UP").Phrase(false))
}

func TestLabels(t *testing.T) {
	assert.Equal(t, "not asked yet", graph.StatusNotAsked.Label())
	assert.Equal(t, "committed", graph.StatusCommitted.Label())
	assert.Equal(t, "follow-up due", graph.OutreachStatusLabel(graph.OutreachFollowUpDue))
	assert.Equal(t, "not contacted yet", graph.OutreachStatusLabel(graph.OutreachNew))
	assert.Equal(t, "met this week", graph.OutreachStatusLabel(graph.OutreachMetThisWeek))
	assert.Equal(t, "follow-up", graph.Factor{Name: "follow_up"}.Label())
	assert.Equal(t, "strongly opposes", graph.StrongOpposition.Label())
	assert.Equal(t, "unknown", graph.AlignmentUnknown.Label())
}

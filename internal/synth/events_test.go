package synth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

func TestDemoEvents(t *testing.T) {
	b := synth.Demo()
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	es, err := synth.DemoEvents(b, today)
	require.NoError(t, err)
	again, err := synth.DemoEvents(synth.Demo(), today)
	require.NoError(t, err)
	assert.Equal(t, es, again, "the same map and day give the same events")

	ents := map[string]graph.Entity{}
	for _, e := range b.Entities {
		ents[e.ID] = e
	}
	types := map[graph.EventType]int{}
	roles := map[graph.AttendeeRole]int{}
	clients := 0
	for _, e := range es {
		require.NoError(t, e.Validate())
		require.NoError(t, e.CheckRefs(func(id string) (graph.Entity, bool, error) { x, ok := ents[id]; return x, ok, nil }))
		assert.LessOrEqual(t, e.Date, today.Format(time.DateOnly))
		types[e.Type]++
		for _, a := range e.Attendees {
			roles[a.Role]++
			if x := ents[a.Entity]; x.HasLabel(graph.LabelClient) {
				clients++
			}
		}
		if e.Type == graph.EventDrive {
			assert.Positive(t, e.RegisteredTotal(), "%s registers voters", e.ID)
		}
	}
	for _, typ := range []graph.EventType{graph.EventLobbyDay, graph.EventCommunityMeeting, graph.EventTraining, graph.EventSpeaker, graph.EventDrive} {
		assert.Positive(t, types[typ], "the demo has a %s", typ)
	}
	assert.GreaterOrEqual(t, types[graph.EventTraining], 2)
	for _, r := range []graph.AttendeeRole{graph.RoleAttendee, graph.RoleSpeaker, graph.RoleLeader} {
		assert.Positive(t, roles[r], "someone is a %s", r)
	}
	assert.Positive(t, clients, "clients come to events, and are counted")

	_, err = synth.DemoEvents(&graph.Batch{}, today)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err), "an empty map has no events")
}

package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestParseConsentScope(t *testing.T) {
	for in, want := range map[string]graph.ConsentScope{
		"events and press": graph.ScopePublic, "Public": graph.ScopePublic, "press": graph.ScopePublic,
		"events only": graph.ScopeEvents, "events": graph.ScopeEvents, "Events-Only": graph.ScopeEvents,
		"internal only": graph.ScopeInternal, " internal ": graph.ScopeInternal,
	} {
		got, err := graph.ParseConsentScope(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := graph.ParseConsentScope("everywhere")
	require.Error(t, err)
	assert.Equal(t, "scope", graph.DetailsOf(err)[0].Field)
}

func TestConsentScopeAllows(t *testing.T) {
	assert.True(t, graph.ScopeEvents.AllowsEvent(graph.EventLobbyDay))
	assert.True(t, graph.ScopeInternal.AllowsEvent(graph.EventTraining))
	assert.False(t, graph.ScopeInternal.AllowsEvent(graph.EventCommunityMeeting))
	assert.False(t, graph.ScopeInternal.AllowsOfficials())
	assert.True(t, graph.ScopePublic.AllowsOfficials())
}

func TestConsentApply(t *testing.T) {
	e := graph.Entity{ID: "cleo", Kind: graph.KindPerson, Name: "Cleo", Labels: []string{"client"}, Props: map[string]string{"language": "es"}}
	c := graph.Consent{Scope: graph.ScopeEvents, Date: "2026-05-02", Topics: []string{"transit", "housing", "housing"}}
	c.Normalize()
	require.NoError(t, c.Validate())
	c.Apply(&e)
	assert.Equal(t, []string{"client", "speaker"}, e.Labels)
	assert.Equal(t, map[string]string{"language": "es", graph.PropConsentScope: "events", graph.PropConsentDate: "2026-05-02",
		graph.PropConsentTopics: "housing,transit"}, e.Props)
	got, ok := graph.ConsentOf(&e)
	require.True(t, ok)
	assert.Equal(t, c, got)

	c.Withdrawn = "2026-08-01"
	c.Apply(&e)
	assert.Equal(t, []string{"client"}, e.Labels, "a withdrawn consent removes the label")
	got, _ = graph.ConsentOf(&e)
	assert.Equal(t, "2026-08-01", got.Withdrawn)
	assert.False(t, got.InForce())

	bad := graph.Consent{Scope: "loud", Date: "2026-13-01", Withdrawn: "2026", Topics: []string{"a,b"}}
	var fields []string
	for _, d := range graph.DetailsOf(bad.Validate()) {
		fields = append(fields, d.Field)
	}
	assert.Equal(t, []string{"scope", "date", "withdrawn", "topics"}, fields)
}

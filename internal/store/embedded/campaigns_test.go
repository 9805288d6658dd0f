package embedded_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestCampaignsConformance(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.CampaignBackend {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestCampaignsSurviveReopen checks that campaigns, the log and outreach
// lists live in the database file, and that the consistency check accepts
// their buckets.
func TestCampaignsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir)
	require.NoError(t, err)
	ctx := t.Context()
	_, err = s.Apply(ctx, storetest.CampaignMap())
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, graph.Campaign{ID: "fy27", Name: "FY27", Issue: storetest.IssueFY27, Start: "2026-09-01",
		Targets: []graph.Target{{Entity: storetest.AaronOrtiz}}})
	require.NoError(t, err)
	ix, err := s.LogInteraction(ctx, graph.Interaction{Type: graph.Call, Date: "2026-10-01", Campaign: "fy27",
		Participants: []string{storetest.AnaReyes, storetest.DanaWhitfield}})
	require.NoError(t, err)
	require.NoError(t, s.SaveOutreach(ctx, graph.OutreachList{Campaign: "fy27", Week: "2026-W40", Entries: []graph.OutreachEntry{}}))
	require.NoError(t, s.Close())

	s, err = embedded.Open(dir)
	require.NoError(t, err)
	defer s.Close()
	c, err := s.Campaign(ctx, "fy27")
	require.NoError(t, err)
	assert.Equal(t, storetest.AaronOrtiz, c.Targets[0].Entity)
	_, err = s.Interaction(ctx, ix.ID)
	require.NoError(t, err)
	weeks, err := s.OutreachWeeks(ctx, "fy27")
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-W40"}, weeks)
	require.NoError(t, s.Check(ctx))
}

func TestEventsConformance(t *testing.T) {
	storetest.RunEvents(t, func(t *testing.T) storetest.EventBackend {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestQuestionsConformance(t *testing.T) {
	storetest.RunQuestions(t, func(t *testing.T) storetest.QuestionBackend {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestCampaignsConformance(t *testing.T) {
	storetest.RunCampaigns(t, func(t *testing.T) storetest.CampaignBackend {
		return neo4jtest.Open(t)
	})
}

func TestEventsConformance(t *testing.T) {
	storetest.RunEvents(t, func(t *testing.T) storetest.EventBackend {
		return neo4jtest.Open(t)
	})
}

func TestQuestionsConformance(t *testing.T) {
	storetest.RunQuestions(t, func(t *testing.T) storetest.QuestionBackend {
		return neo4jtest.Open(t)
	})
}

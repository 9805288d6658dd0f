package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) graph.AccountStore {
		return neo4jtest.Open(t)
	})
}

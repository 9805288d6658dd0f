package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	neo4jtest.Require(t)
	storetest.Run(t, func(t *testing.T) graph.Store { return neo4jtest.Open(t) })
}

package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestMergeConformance(t *testing.T) {
	storetest.RunMerges(t, func(t *testing.T) storetest.MergeBackend {
		return neo4jtest.Open(t)
	})
}

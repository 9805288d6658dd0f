package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestSmallMapIsValid(t *testing.T) {
	b := SmallMap()
	require.NoError(t, b.Prepare())
	ids := map[string]bool{}
	for _, e := range b.Entities {
		ids[e.ID] = true
	}
	for _, r := range b.Relationships {
		assert.True(t, ids[r.Source] && ids[r.Target], "tie %s joins entities of the map", r.ID)
	}
	found := graph.RankSearch("aaron ortiz", b.Entities, 0)
	require.Len(t, found, 1)
	assert.Equal(t, AaronOrtiz, found[0].ID)
	assert.NotSame(t, &SmallMap().Entities[0], &SmallMap().Entities[0], "each call returns a fresh batch")
}

func TestGeneratedIsDeterministicAndValid(t *testing.T) {
	a, b := Generated("x", 50, 200, 9), Generated("x", 50, 200, 9)
	assert.Equal(t, a, b)
	require.NoError(t, a.Prepare())
	assert.Len(t, a.Entities, 50)
	assert.Len(t, a.Relationships, 200)
	assert.NotEqual(t, a, Generated("x", 50, 200, 10))
}

package embedded

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/storetest"
)

// openTemp opens a store in a new temporary folder, checks its consistency
// when the test ends, and closes it.
func openTemp(t testing.TB, opts ...Option) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), opts...)
	require.NoError(t, err)
	t.Cleanup(func() {
		if !t.Failed() {
			require.NoError(t, s.Check(context.Background()), "consistency check after the test")
		}
		require.NoError(t, s.Close())
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return openTemp(t) })
}

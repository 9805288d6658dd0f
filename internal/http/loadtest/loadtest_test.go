package loadtest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/http/loadtest"
)

// TestLoadShort runs a moment of the mix on a small map, so that the load
// generator itself is tested on every run. The real load test is TestLoad
// in internal/http (make load).
func TestLoadShort(t *testing.T) {
	s, err := loadtest.Serve(t.Context(), t.TempDir(), 1000)
	require.NoError(t, err)
	defer s.Close()
	rep, err := loadtest.Run(t.Context(), loadtest.Config{URL: s.URL, Token: s.Token, Clients: 4, Duration: 2 * time.Second, MaxRequests: 400, Seed: 1})
	require.NoError(t, err)
	t.Log(rep)
	assert.Positive(t, rep.All.Requests)
	assert.LessOrEqual(t, rep.All.Requests, int64(400))
	assert.Zero(t, rep.All.Status5xx, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Failed, "%v", rep.FirstErrors)
	assert.Zero(t, rep.All.Status4xx, "%v", rep.FirstErrors)
	for _, k := range []string{loadtest.KindSearch, loadtest.KindNetwork, loadtest.KindPaths} {
		assert.Positive(t, rep.ByKind[k].Requests, k)
	}
}

//go:build linux

package embedded

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

// rssFile is this process's resident memory backed by files, in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "RssFile:" {
			kib, err := strconv.ParseInt(f[1], 10, 64)
			require.NoError(t, err)
			return kib << 10
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// Reading a store maps its file into memory; ReleasePages lets the pages
// go, and the store reads the same after.
func TestReleasePages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, WithoutSync())
	_, err := s.Apply(ctx, synth.Batch(synth.Config{Entities: 20_000, Seed: 1}))
	require.NoError(t, err)
	count := func() (n int) {
		_, err := s.Stream(ctx, graph.StreamFuncs{Relationship: func(*graph.Relationship) error { n++; return nil }})
		require.NoError(t, err)
		return n
	}
	var size int64
	require.NoError(t, s.db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }))
	require.Greater(t, size, int64(20<<20), "a store large enough to measure")

	want := count()
	read := rssFile(t)
	require.NoError(t, s.ReleasePages())
	released := rssFile(t)
	assert.Less(t, released, read-size/2, "at least half of the file's %d bytes let go", size)
	assert.Equal(t, want, count(), "the store reads the same")
	assert.Greater(t, rssFile(t), released+size/2, "and reading maps its pages again")
}

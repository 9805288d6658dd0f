package app_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/backup"
)

// TestBackupIsForAdmins: a backup holds every private record, so viewers
// and editors are refused and nothing is written for them.
func TestBackupIsForAdmins(t *testing.T) {
	a, _ := newApp(t)
	for _, role := range []graph.Role{graph.RoleViewer, graph.RoleEditor} {
		var buf bytes.Buffer
		_, err := a.Backup(t.Context(), app.Caller{Actor: "test", Role: role}, &buf)
		require.Error(t, err, role)
		assert.True(t, graph.Is(err, graph.Forbidden), "%s: %v", role, err)
		assert.Zero(t, buf.Len(), role)
	}
	var buf bytes.Buffer
	all, err := a.Backup(t.Context(), admin, &buf)
	counts := nonZero(all)
	require.NoError(t, err)
	assert.Equal(t, backup.Counts{graph.RecordEntity: 5, graph.RecordRelationship: 6}, counts)
	verified, err := backup.Verify(t.Context(), &buf)
	require.NoError(t, err)
	assert.Equal(t, counts, nonZero(verified))
}

func nonZero(c backup.Counts) backup.Counts {
	out := backup.Counts{}
	for k, n := range c {
		if n > 0 {
			out[k] = n
		}
	}
	return out
}

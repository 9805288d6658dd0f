package embedded_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) graph.AccountStore {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestAccountsSurviveReopen checks that tokens and the audit log live in the
// database file, and that the consistency check accepts their buckets.
func TestAccountsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir)
	require.NoError(t, err)
	secret, tok, err := graph.NewToken("keeper", graph.RoleAdmin, time.Now())
	require.NoError(t, err)
	require.NoError(t, s.CreateToken(t.Context(), tok))
	require.NoError(t, s.AppendAudit(t.Context(), graph.AuditEntry{Actor: "system", Action: "token.create", Target: tok.ID}))
	require.NoError(t, s.Close())

	s, err = embedded.Open(dir)
	require.NoError(t, err)
	defer s.Close()
	got, err := s.TokenByHash(t.Context(), graph.HashToken(secret))
	require.NoError(t, err)
	assert.Equal(t, tok.ID, got.ID)
	es, err := s.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	require.Len(t, es, 1)
	assert.Equal(t, tok.ID, es[0].Target)
	require.NoError(t, s.Check(t.Context()))
}

package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestRoleAllows(t *testing.T) {
	cases := []struct {
		have, need graph.Role
		want       bool
	}{
		{graph.RoleViewer, graph.RoleViewer, true},
		{graph.RoleViewer, graph.RoleEditor, false},
		{graph.RoleViewer, graph.RoleAdmin, false},
		{graph.RoleEditor, graph.RoleViewer, true},
		{graph.RoleEditor, graph.RoleEditor, true},
		{graph.RoleEditor, graph.RoleAdmin, false},
		{graph.RoleAdmin, graph.RoleViewer, true},
		{graph.RoleAdmin, graph.RoleAdmin, true},
		{graph.Role("root"), graph.RoleViewer, false},
		{graph.Role(""), graph.Role(""), false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.have.Allows(c.need), "%q allows %q", c.have, c.need)
	}
}

func TestParseRole(t *testing.T) {
	r, err := graph.ParseRole(" Editor ")
	require.NoError(t, err)
	assert.Equal(t, graph.RoleEditor, r)

	_, err = graph.ParseRole("superuser")
	require.Error(t, err)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	ds := graph.DetailsOf(err)
	require.Len(t, ds, 1)
	assert.Equal(t, "role", ds[0].Field)
	assert.Contains(t, ds[0].Reason, "viewer, editor, admin")
}

func TestNewToken(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	secret, tok, err := graph.NewToken(" alice ", graph.RoleEditor, now)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(secret, graph.TokenPrefix))
	assert.GreaterOrEqual(t, len(secret), 40)
	assert.Equal(t, "alice", tok.Name)
	assert.Equal(t, graph.RoleEditor, tok.Role)
	assert.Equal(t, graph.HashToken(secret), tok.Hash)
	assert.NotContains(t, tok.Hash, secret)
	assert.True(t, tok.Active())
	assert.Equal(t, now, tok.CreatedAt)
	require.NoError(t, tok.Validate())

	secret2, tok2, err := graph.NewToken("alice", graph.RoleEditor, now)
	require.NoError(t, err)
	assert.NotEqual(t, secret, secret2, "secrets must be random")
	assert.NotEqual(t, tok.ID, tok2.ID, "ids must be random")

	_, _, err = graph.NewToken("bob", "root", now)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	_, _, err = graph.NewToken("  ", graph.RoleViewer, now)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Equal(t, "name", graph.DetailsOf(err)[0].Field)
}

func TestTokenJSONHidesHash(t *testing.T) {
	_, tok, err := graph.NewToken("ci", graph.RoleViewer, time.Unix(0, 0))
	require.NoError(t, err)
	b, err := json.Marshal(tok)
	require.NoError(t, err)
	assert.NotContains(t, string(b), tok.Hash)
	assert.NotContains(t, string(b), "revoked_at", "an active token has no revoked_at")
}

func TestEqualHashes(t *testing.T) {
	h := graph.HashToken("pm_x")
	assert.True(t, graph.EqualHashes(h, graph.HashToken("pm_x")))
	assert.False(t, graph.EqualHashes(h, graph.HashToken("pm_y")))
}

func TestAuditIDsSortByTime(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := ""
	for i := 0; i < 50; i++ {
		id := graph.NewAuditID(t0.Add(time.Duration(i*i) * time.Millisecond))
		assert.Greater(t, id, prev)
		prev = id
	}
	// Before 2001 the nanosecond count has fewer digits; padding keeps order.
	assert.Less(t, graph.NewAuditID(time.Unix(1, 0)), graph.NewAuditID(time.Unix(2_000_000_000, 0)))
}

func TestAuditPrepare(t *testing.T) {
	now := time.Date(2025, 5, 5, 5, 5, 5, 0, time.FixedZone("x", 3600))
	e := graph.AuditEntry{Actor: "tok_1 (alice)", Action: "entity.create", Target: "p1", Details: map[string]string{}}
	require.NoError(t, e.Prepare(now))
	assert.Equal(t, now.UTC(), e.At)
	assert.NotEmpty(t, e.ID)
	assert.Nil(t, e.Details)

	bad := graph.AuditEntry{}
	err := bad.Prepare(now)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	fields := []string{}
	for _, d := range graph.DetailsOf(err) {
		fields = append(fields, d.Field)
	}
	assert.ElementsMatch(t, []string{"actor", "action"}, fields)
}

func ExampleRole_Allows() {
	fmt.Println(graph.RoleEditor.Allows(graph.RoleViewer))
	fmt.Println(graph.RoleEditor.Allows(graph.RoleAdmin))
	// Output:
	// true
	// false
}

func ExampleHashToken() {
	// Stores keep only the hash of a token's secret.
	fmt.Println(graph.HashToken("pm_example")[:16])
	// Output: de1602d0c128212f
}

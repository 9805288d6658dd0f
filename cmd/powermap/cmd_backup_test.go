package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupRestoreRoundTrip backs up the demo map with a token, restores
// it into a new folder, and backs that up: the same bytes, and the token,
// the question bank and the speakers' consents read the same.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	f1, f2 := filepath.Join(dir, "a.pmbackup"), filepath.Join(dir, "b.pmbackup")

	code, _, errOut := run(t, nil, "--data", a, "demo")
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = run(t, nil, "--data", a, "token", "create", "--role", "admin", "--name", "Maria")
	require.Equal(t, exitOK, code, errOut)

	code, _, errOut = run(t, nil, "--data", a, "backup", "--out", f1)
	require.Equal(t, exitOK, code, errOut)
	// The demo: its campaign's 19 log entries, 12 events, the forum's
	// question bank (saved, then two answers: 3 audit entries), and the
	// token's audit entry.
	assert.Regexp(t, `^backed up 2003 entities, 8975 relationships, 1 campaign, 19 interactions, 12 events, 1 question bank, `+
		`1 token, 4 audit entries from the store in .*a to .*a\.pmbackup\n$`, errOut)

	code, out, errOut := run(t, nil, "--data", b, "restore", f1)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "restored 2003 entities, ")

	code, _, errOut = run(t, nil, "--data", b, "backup", "--out", f2)
	require.Equal(t, exitOK, code, errOut)
	x, err := os.ReadFile(f1)
	require.NoError(t, err)
	y, err := os.ReadFile(f2)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(x, y), "backup → restore → backup gives the same bytes")

	code, out, _ = run(t, nil, "--data", b, "token", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Maria")

	official := bankOfficial(t, x)
	for _, c := range []struct {
		args []string
		has  string
	}{
		{[]string{"questions", "show", "--official", official, "--json"}, `"answer": "Yes. I will vote for it in committee and on the floor."`},
		{[]string{"speaker", "list", "--json"}, `"scope": "public"`},
	} {
		code, want, errOut := run(t, nil, append([]string{"--data", a}, c.args...)...)
		require.Equal(t, exitOK, code, errOut)
		code, got, errOut := run(t, nil, append([]string{"--data", b}, c.args...)...)
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, want, got, "%s reads the same after the restore", c.args[0])
		assert.Contains(t, got, c.has, c.args[0])
	}

	code, _, errOut = run(t, nil, "--data", b, "restore", f1)
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "the store is not empty")
}

// bankOfficial returns the official of the one question bank in a backup.
func bankOfficial(t *testing.T, backup []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(backup))
	require.NoError(t, err)
	text, err := io.ReadAll(zr)
	require.NoError(t, err)
	var officials []string
	for _, l := range strings.Split(string(text), "\n") {
		var rec struct {
			Kind   string `json:"kind"`
			Record struct {
				Official string `json:"official"`
			} `json:"record"`
		}
		if json.Unmarshal([]byte(l), &rec) == nil && rec.Kind == "question_bank" {
			officials = append(officials, rec.Record.Official)
		}
	}
	require.Len(t, officials, 1)
	return officials[0]
}

func TestRestoreNamesTheDamagedLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pmbackup")
	require.NoError(t, os.WriteFile(bad, []byte(`{"kind":"header","format":"powermap-backup","version":1}`+"\n"+
		`{"kind":"entity","record":{"id":"x","kind":"person","name":"X","ours":"yes"}}`+"\n"), 0o600))
	code, _, errOut := run(t, nil, "--data", filepath.Join(dir, "s"), "restore", bad)
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, `line 2: field "entity.ours": a bool cannot hold string`)

	code, _, errOut = run(t, nil, "--data", filepath.Join(dir, "s"), "--as", "editor", "restore", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "cannot be made --as editor")

	code, _, errOut = run(t, nil, "--data", filepath.Join(dir, "s"), "restore", filepath.Join(dir, "missing.pmbackup"))
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errOut, "missing.pmbackup")
}

func TestBackupToStandardOutput(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := run(t, nil, "--data", data, "token", "create", "--role", "viewer", "--name", "Ben")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut := run(t, nil, "--data", data, "backup", "--out", "-")
	require.Equal(t, exitOK, code, errOut)
	zr, err := gzip.NewReader(strings.NewReader(out))
	require.NoError(t, err)
	text, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Contains(t, string(text), `"name":"Ben","role":"viewer"`)
	assert.Contains(t, errOut, "backed up 1 token, 1 audit entry from")

	code, _, errOut = run(t, nil, "--data", data, "--as", "viewer", "backup", "--out", "-")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "cannot be made --as viewer")
}

package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestDedupeCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, nil, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)
	export := func() string {
		t.Helper()
		code, out, errOut := pm("export", "--format", "json", "--include-private")
		require.Equal(t, exitOK, code, errOut)
		return out
	}
	before := export()

	code, out, _ := pm("dedupe", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "dedupe unmerge MERGE-ID")
	code, _, errOut = pm("dedupe", "merge", "sen-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "takes 2 argument(s)")
	code, _, errOut = pm("dedupe", "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "auto, list, merge, merges, reject, show, unmerge")
	code, _, errOut = pm("--as", "viewer", "dedupe", "merge", "sen-01", "sen-02")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "editor")

	code, out, errOut = pm("dedupe", "merge", "sen-01", "sen-02")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "merged")
	id := regexp.MustCompile(`merge id: (mg_[0-9a-f]+)`).FindStringSubmatch(out)
	require.Len(t, id, 2, out)
	assert.NotEqual(t, before, export())

	code, out, errOut = pm("dedupe", "merges", "--json")
	require.Equal(t, exitOK, code, errOut)
	var ms []graph.Merge
	require.NoError(t, json.Unmarshal([]byte(out), &ms))
	require.Len(t, ms, 1)
	assert.Equal(t, id[1], ms[0].ID)
	assert.Equal(t, "sen-02", ms[0].Drop)

	code, _, errOut = pm("dedupe", "unmerge", id[1])
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, before, export(), "the unmerge gives back the map as it was")
	code, out, errOut = pm("dedupe", "merges")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "undone")
	code, _, errOut = pm("dedupe", "unmerge", id[1])
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "already undone")
}

func TestDedupeReviewCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, nil, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)

	code, out, errOut := pm("dedupe", "list", "--json")
	require.Equal(t, exitOK, code, errOut)
	var q struct {
		Items []struct{ A, B graph.Entity }
		Total int
	}
	require.NoError(t, json.Unmarshal([]byte(out), &q))
	require.NotEmpty(t, q.Items, "the demo map has suspects to review")
	a, b := q.Items[0].A.ID, q.Items[0].B.ID

	code, out, errOut = pm("dedupe", "show", b, a)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, q.Items[0].A.Name)
	assert.Contains(t, out, "score")

	code, _, errOut = pm("--as", "viewer", "dedupe", "list")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "editor")

	code, _, errOut = pm("dedupe", "reject", a, b, "--note", "siblings")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut = pm("dedupe", "list", "--json")
	require.Equal(t, exitOK, code, errOut)
	var after struct{ Total int }
	require.NoError(t, json.Unmarshal([]byte(out), &after))
	assert.Equal(t, q.Total-1, after.Total, "the rejected pair left the queue")
	code, _, errOut = pm("dedupe", "show", a, b)
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "not a pair in the review queue")
}

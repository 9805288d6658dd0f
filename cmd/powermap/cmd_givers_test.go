package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGiversCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, nil, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = pm("givers")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--to is required")
	code, out, errOut := pm("givers", "--to", "sen-01")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Our people and contacts who give to")
	code, out, errOut = pm("givers", "--to", "sen-01", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"confirmed"`)
	code, _, errOut = pm("givers", "--to", "nobody-at-all")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "nobody-at-all")
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/brief"
)

func TestBriefCommand(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := run(t, nil, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)

	code, out, errOut := run(t, nil, "--data", data, "brief", "--official", "sen-03", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	var b app.Brief
	require.NoError(t, json.Unmarshal([]byte(out), &b), out)
	assert.Equal(t, "sen-03", b.Official.ID)
	assert.NotEmpty(t, b.Funding.Cycles)
	assert.NotEmpty(t, b.Asks)

	page := filepath.Join(t.TempDir(), "brief.html")
	code, _, errOut = run(t, nil, "--data", data, "brief", "--official", b.Official.Name, "--out", page)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "wrote the brief of "+b.Official.Name)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	for _, h := range brief.Sections {
		assert.Contains(t, string(html), h)
	}

	// A viewer's brief counts no hidden person.
	code, out, errOut = run(t, nil, "--data", data, "--as", "viewer", "brief", "--official", "sen-03", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	var vb app.Brief
	require.NoError(t, json.Unmarshal([]byte(out), &vb))
	assert.Zero(t, vb.Constituents.Hidden)

	for _, c := range []struct {
		args []string
		env  map[string]string
		code int
		says string
	}{
		{[]string{"brief"}, nil, exitUsage, "--official is required"},
		{[]string{"brief", "--official", "sen-03", "--format", "docx"}, nil, exitUsage, "html, pdf or json"},
		{[]string{"brief", "--official", "sen-03", "--format", "pdf"}, nil, exitUsage, "--out FILE.pdf"},
		{[]string{"brief", "--official", "cstaff-01"}, nil, exitRuntime, "not an official"},
		{[]string{"brief", "--official", "sen-03", "--format", "pdf", "--out", filepath.Join(t.TempDir(), "b.pdf")},
			map[string]string{"CHROMIUM": "/nonexistent/chromium"}, exitRuntime, "CHROMIUM=/nonexistent/chromium"},
	} {
		code, _, errOut := run(t, c.env, append([]string{"--data", data}, c.args...)...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Contains(t, errOut, c.says, c.args)
	}
}

package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLeadersAndBallotCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, nil, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)

	code, _, errOut = pm("leaders")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--target is required")
	code, _, errOut = pm("leaders", "--target", "sen-03", "--limit", "0")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--limit")
	// The demo's tenants' leader knows the campaign's first target, lives
	// in their district and signed our letter: first of the list.
	code, out, errOut := pm("leaders", "--target", "sen-03", "--limit", "3")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Community leaders to engage for")
	assert.Contains(t, out, " 1. Rosalind Featherstone (President, 3A Tenants' Association) — civic leader, labelled civic")
	assert.Contains(t, out, "Directly tied: knows")
	code, out, errOut = pm("leaders", "--target", "sen-03", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"leader-demo-01"`)
	code, _, errOut = pm("leaders", "--target", "leader-demo-01")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "not an official")

	// Made a contact of the campaign, the leader is on its weekly list and
	// off the leaders list.
	code, out, errOut = pm("campaign", "contact", "add", "campaign-demo", "Rosalind Featherstone")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "added Rosalind Featherstone (leader-demo-01) to the contacts of")
	assert.Contains(t, out, "contacts (on the weekly outreach list):\n    Rosalind Featherstone (leader-demo-01)")
	code, out, errOut = pm("outreach", "--campaign", "campaign-demo", "--limit", "500", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"leader-demo-01"`)
	code, out, errOut = pm("leaders", "--target", "sen-03", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, `"leader-demo-01"`)
	code, _, errOut = pm("campaign", "contact", "remove", "campaign-demo", "leader-demo-01")
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = pm("campaign", "contact")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "add or remove")

	code, _, errOut = pm("ballot")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--district is required")
	code, out, errOut = pm("ballot", "--district", "3A")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Who represents district 3A")
	assert.Contains(t, out, "Priya Marchbank, Candidate for State Representative, district 3A (Harbor) — candidate")
	assert.Contains(t, out, "strongly supports  source: https://westmark.example/forums/district-3a")
	assert.Contains(t, out, "Tobias Wickerby")
	assert.Contains(t, out, "unknown  no recorded stance")
	assert.Contains(t, out, "nonpartisan")
	code, _, errOut = pm("ballot", "--district", "99Z")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "no officeholder or candidate in district 99Z")
}

package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/synth"
)

func TestSpeakerCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, nil, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)

	// The demo's speakers: every one consented, one withdrew since.
	var withdrawn, inForce graph.Entity
	for _, e := range synth.DemoSpeakers(synth.Demo(), time.Now()) {
		c, ok := graph.ConsentOf(&e)
		require.True(t, ok)
		if c.Withdrawn != "" {
			withdrawn = e
		} else if e.HasLabel(graph.LabelClient) && inForce.ID == "" {
			inForce = e
		}
	}
	require.NotEmpty(t, withdrawn.ID)
	require.NotEmpty(t, inForce.ID)

	code, out, errOut := pm("speaker", "list")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, inForce.Name)
	assert.NotContains(t, out, withdrawn.Name)
	code, out, _ = pm("speaker", "show", withdrawn.ID)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "withdrawn")

	// A viewer sees no client speaker.
	code, out, errOut = run(t, nil, "--data", data, "--as", "viewer", "speaker", "list", "--json")
	require.Equal(t, exitOK, code, errOut)
	var l app.SpeakerList
	require.NoError(t, json.Unmarshal([]byte(out), &l))
	assert.NotContains(t, out, inForce.Name)

	code, out, errOut = pm("speaker", "match", "--event", "ev-demo-010")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Speakers for Candidate forum on housing")

	// Withdraw, and the list follows.
	code, _, errOut = pm("speaker", "withdraw", inForce.ID)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "no longer a speaker")
	code, out, _ = pm("speaker", "list")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, inForce.Name)
	code, _, errOut = pm("speaker", "consent", inForce.ID, "--scope", "events only", "--topic", "Fair Housing Act")
	require.Equal(t, exitOK, code, errOut)
	code, out, _ = pm("speaker", "list", "--scope", "events")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, inForce.Name)

	// Bad input.
	code, _, errOut = pm("speaker", "consent", inForce.ID, "--scope", "everywhere", "--topic", "Fair Housing Act")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "scope")
	code, _, errOut = pm("speaker", "consent", inForce.ID, "--scope", "public")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--topic")
	code, _, errOut = pm("speaker", "match")
	assert.Equal(t, exitUsage, code)
	assert.True(t, strings.Contains(errOut, "--target"), errOut)
}

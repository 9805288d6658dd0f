package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/synth"
)

func TestCampaignCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	env := map[string]string{"POWERMAP_TIMEZONE": "America/Chicago"}
	pm := func(args ...string) (int, string, string) {
		t.Helper()
		return run(t, env, append([]string{"--data", data}, args...)...)
	}
	code, _, errOut := pm("demo")
	require.Equal(t, exitOK, code, errOut)

	// The demo loads its campaign, and loading again changes nothing.
	code, out, errOut := pm("campaign", "list")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, synth.DemoCampaignID)
	code, _, errOut = pm("demo")
	require.Equal(t, exitOK, code, errOut)
	code, out, _ = pm("campaign", "list", "--json")
	require.Equal(t, exitOK, code)
	var cs []graph.Campaign
	require.NoError(t, json.Unmarshal([]byte(out), &cs))
	require.Len(t, cs, 1)
	demo := cs[0]

	// Create a campaign on the demo's issue; a target that is not an
	// official is refused with the field named.
	code, _, errOut = pm("campaign", "create", "--name", "Fair Housing Now", "--issue", demo.Issue, "--ask", "Vote yes",
		"--target", "sen-01", "--target", "legstaff-005")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "targets[1].entity")
	assert.Contains(t, errOut, "not an official")
	code, out, errOut = pm("campaign", "create", "--name", "Fair Housing Now", "--issue", demo.Issue, "--ask", "Vote yes",
		"--target", "sen-01", "--start", "2026-09-01")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "created campaign fair-housing-now")
	assert.Contains(t, out, "not asked yet")

	code, out, errOut = pm("campaign", "target", "add", "Fair Housing Now", "rep-02a", "--priority", "secondary")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "secondary")
	code, out, errOut = pm("campaign", "target", "set-status", "fair-housing-now", "sen-01", "committed", "--commitment", "Will vote yes", "--date", "2026-11-20")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "committed on 2026-11-20: Will vote yes")
	code, _, errOut = pm("campaign", "target", "set-status", "fair-housing-now", "sen-01", "won")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "allowed: not_asked")
	code, _, errOut = pm("campaign", "show", "no such campaign")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "no campaign")

	// The organizing log: errors name their field.
	code, _, errOut = pm("log", "--type", "one_on_one", "--with", "cstaff-01", "--with", "nobody-at-all", "--date", "2026-11-20")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, `unknown participant "nobody-at-all"`)
	code, _, errOut = pm("log", "--type", "one_on_one", "--with", "cstaff-01", "--with", "rep-02a", "--date", "2026-11-20", "--follow-up", "2026-11-19")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "follow_up")
	code, _, errOut = pm("log", "--type", "picnic", "--with", "cstaff-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "one_on_one")
	code, out, errOut = pm("log", "--type", "one-on-one", "--with", "cstaff-01", "--with", "rep-02a", "--campaign", "fair-housing-now",
		"--date", "2026-11-20", "--outcome", "interested", "--follow-up", "2026-12-01", "--json")
	require.Equal(t, exitOK, code, errOut)
	var logged struct {
		Interaction graph.Interaction     `json:"interaction"`
		Refreshed   []outreach.TieRefresh `json:"refreshed"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &logged))
	assert.Equal(t, graph.OneOnOne, logged.Interaction.Type)
	require.Len(t, logged.Refreshed, 1, "the command says what it did to the tie")
	assert.GreaterOrEqual(t, logged.Refreshed[0].Effective, logged.Refreshed[0].Recorded)

	// The grid and the list, in every format.
	code, out, errOut = pm("grid", "--campaign", demo.ID)
	require.Equal(t, exitOK, code, errOut)
	for _, q := range []string{"Decision-makers", "Allies", "Opponents", "Unorganized"} {
		assert.Contains(t, out, q)
	}
	code, out, errOut = pm("grid", "--campaign", demo.Name, "--csv")
	require.Equal(t, exitOK, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, outreach.GridCSVHeader, rows[0])
	assert.Greater(t, len(rows), 20)

	code, out, errOut = pm("outreach", "--campaign", demo.ID)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, " 1. ")
	assert.Contains(t, out, "score: leverage")
	code, out, errOut = pm("outreach", "--campaign", demo.ID, "--json", "--save")
	require.Equal(t, exitOK, code, errOut)
	var l graph.OutreachList
	require.NoError(t, json.Unmarshal([]byte(out), &l))
	assert.Len(t, l.Entries, outreach.DefaultLimit)
	assert.Equal(t, demo.ID, l.Campaign)
	code, out, errOut = pm("outreach", "--campaign", demo.ID, "--week", l.Week, "--ics")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, len(l.Entries), strings.Count(out, "BEGIN:VTODO"))
	code, out, errOut = pm("outreach", "--campaign", demo.ID, "--csv", "--limit", "5")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, 6, strings.Count(out, "\n"))

	w, _ := graph.ParseWeek(l.Week)
	code, _, errOut = pm("outreach", "--campaign", demo.ID, "--week", w.Add(-5).String())
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "no outreach list was saved")
	code, _, errOut = pm("outreach", "--campaign", demo.ID, "--week", "week 3")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "ISO week")
	code, _, errOut = pm("outreach", "--campaign", demo.ID, "--tz", "Mars/Olympus")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "time zone")
}

// TestHumanOutputReadsForward runs every command's human output on the demo
// map: none shows an internal code, and a logged tie reads the way it
// points.
func TestHumanOutputReadsForward(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "d")
	env := map[string]string{"POWERMAP_TIMEZONE": "America/Chicago"}
	src := filepath.Join(dir, "map")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "entities.csv"), []byte("id,kind,name\nzz-1,person,Zed\n"), 0o644))
	var all strings.Builder
	pm := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, env, append([]string{"--data", data}, args...)...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
		all.WriteString(out + errOut)
		return out + errOut
	}
	pm("demo")
	pm("import", src)
	pm("campaign", "list")
	pm("campaign", "target", "set-status", synth.DemoCampaignID, "sen-03", "not-asked")
	pm("campaign", "show", synth.DemoCampaignID)
	pm("grid", "--campaign", synth.DemoCampaignID)
	pm("outreach", "--campaign", synth.DemoCampaignID, "--save")
	pm("outreach", "--all")
	pm("export", "--format", "json", "--out", filepath.Join(dir, "map.json"))
	pm("token", "create", "--role", "viewer", "--name", "me")
	pm("token", "list")
	out := pm("log", "--type", "one_on_one", "--with", "coalition-ours", "--with", "cstaff-01", "--campaign", synth.DemoCampaignID,
		"--date", time.Now().Format(time.DateOnly))
	assert.Contains(t, out, "logged: one-on-one on ")
	assert.Contains(t, out, "with Westmark Fair Futures Coalition, Emrys Emberlyn, for Win the Fair Housing Act")
	assert.Contains(t, out, "Emrys Emberlyn works for Westmark Fair Futures Coalition: strength ", "the tie reads the way it points")

	text := all.String()
	codes := []string{"(s)", "not_asked", "not_contacted", "met_this_week", "follow_up", "decision_makers"}
	for _, it := range graph.InteractionTypes() {
		if strings.Contains(string(it), "_") { // "call" is a word too
			codes = append(codes, string(it))
		}
	}
	codes = append(codes, graph.TypeNames()...)
	for _, c := range codes {
		if i := strings.Index(text, c); i >= 0 {
			t.Errorf("human output shows the internal code %q: …%s…", c, text[max(0, i-80):min(len(text), i+80)])
		}
	}
	assert.Contains(t, text, "not asked yet")
	assert.Contains(t, text, "not contacted yet")
}

// TestStartWeekly runs the serve-side wiring of the weekly job on a fresh
// store: a job that never ran catches up at once and saves the demo
// campaign's list, and the job stops with its context.
func TestStartWeekly(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	env := map[string]string{"POWERMAP_TIMEZONE": "UTC", "POWERMAP_WEEKLY": "Mon 07:00"}
	code, _, errOut := run(t, env, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }}
	m.Config = DefaultConfig()
	m.Config.Data = data
	s, err := m.openStore(t.Context())
	require.NoError(t, err)
	defer s.Close()
	a, err := m.newApp(s, "")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	wait, err := m.startWeekly(ctx, s, a, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	// The run saves the lists, then records that it ran: wait for both.
	deadline := time.Now().Add(60 * time.Second)
	var weeks []string
	var last time.Time
	for (len(weeks) == 0 || last.IsZero()) && time.Now().Before(deadline) {
		weeks, err = s.OutreachWeeks(t.Context(), synth.DemoCampaignID)
		require.NoError(t, err)
		last, err = s.LastRun(t.Context(), WeeklyJob)
		require.NoError(t, err)
		if len(weeks) == 0 || last.IsZero() {
			time.Sleep(50 * time.Millisecond) // waiting for the background run, not testing time
		}
	}
	require.Len(t, weeks, 1, "the catch-up run saved one week")
	assert.False(t, last.IsZero())
	cancel()
	wait()

	env["POWERMAP_WEEKLY"] = "someday"
	_, err = m.startWeekly(t.Context(), s, a, slog.New(slog.DiscardHandler))
	assert.Error(t, err)
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

func TestQuestionsCommand(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := run(t, nil, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)

	// The demo saves a bank for the senator at its candidate forum.
	code, out, errOut := run(t, nil, "--data", data, "questions", "show", "--official", "sen-02", "--json")
	require.Equal(t, exitOK, code, errOut)
	var b app.QuestionBankView
	require.NoError(t, json.Unmarshal([]byte(out), &b), out)
	require.True(t, b.Saved)
	require.NotNil(t, b.Forum)
	assert.Equal(t, "Candidate forum on housing", b.Forum.Name)
	require.GreaterOrEqual(t, len(b.Questions), 3)
	assert.True(t, b.Questions[0].Asked)
	assert.Equal(t, "Yes. I will vote for it in committee and on the floor.", b.Questions[0].Answer)
	assert.False(t, b.Questions[2].Asked)

	code, first, errOut := run(t, nil, "--data", data, "questions", "draft", "--official", "sen-02", "--json")
	require.Equal(t, exitOK, code, errOut)
	code, second, _ := run(t, nil, "--data", data, "questions", "draft", "--official", "sen-02", "--json")
	require.Equal(t, exitOK, code)
	assert.Equal(t, first, second, "drafting is deterministic")

	// Reorder through a file, then record an answer with a stance.
	b.Questions[0], b.Questions[1] = b.Questions[1], b.Questions[0]
	raw, err := json.Marshal(app.QuestionBankInput{Forum: b.Forum.ID, Questions: b.Questions})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "bank.json")
	require.NoError(t, os.WriteFile(file, raw, 0o600))
	code, _, errOut = run(t, nil, "--data", data, "questions", "save", "--official", "sen-02", "--file", file)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "saved ")
	q := b.Questions[1] // the campaign's question, now second
	require.NotEmpty(t, q.Issue)
	code, out, errOut = run(t, nil, "--data", data, "questions", "answer", "--official", "sen-02", "--question", q.ID,
		"--answer", "Yes, and I will co-sponsor it.", "--stance", "2", "--json")
	require.Equal(t, exitOK, code, errOut)
	var after app.QuestionBankView
	require.NoError(t, json.Unmarshal([]byte(out), &after))
	assert.Equal(t, q.ID, after.Questions[1].ID)
	require.NotNil(t, after.Questions[1].Stance)
	assert.Equal(t, graph.StrongSupport, *after.Questions[1].Stance)
	code, out, errOut = run(t, nil, "--data", data, "questions", "show", "--official", "sen-02")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "(stance: strongly supports)")

	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"questions"}, exitUsage, "draft, show, save or answer"},
		{[]string{"questions", "draft"}, exitUsage, "--official is required"},
		{[]string{"questions", "save", "--official", "sen-02"}, exitUsage, "--draft or --file"},
		{[]string{"questions", "answer", "--official", "sen-02"}, exitUsage, "--question ID"},
		{[]string{"questions", "answer", "--official", "sen-02", "--question", "q", "--stance", "9"}, exitUsage, "--stance must be"},
		{[]string{"questions", "draft", "--official", "cstaff-01"}, exitRuntime, "not an official"},
		{[]string{"questions", "save", "--official", "sen-02", "--draft", "--forum", "nope"}, exitRuntime, "no event"},
	} {
		code, _, errOut := run(t, nil, append([]string{"--data", data}, c.args...)...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Contains(t, errOut, c.says, "%v", c.args)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph/paths"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run runs powermap in-process with an environment that selects the embedded
// store, and returns the exit code and both outputs.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Getenv: func(k string) string { return env[k] }}
	code := m.Run(context.Background(), args)
	return code, stdout.String(), stderr.String()
}

func TestUsageAndHelp(t *testing.T) {
	code, out, _ := run(t, nil)
	assert.Equal(t, exitUsage, code, "no command is a usage error")
	assert.Contains(t, out, "Commands:")

	code, out, _ = run(t, nil, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "serve")

	for _, c := range NewMain().commands() {
		code, out, _ := run(t, nil, c.name, "--help")
		assert.Equal(t, exitOK, code, c.name)
		assert.Contains(t, out, "usage: powermap "+c.name, c.name)
		assert.Contains(t, out, "Example", "%s --help teaches with examples", c.name)
	}

	code, _, errOut := run(t, nil, "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)

	code, _, errOut = run(t, nil, "import", "--no-such-flag")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "no-such-flag")

	code, _, errOut = run(t, nil, "token", "create", "--role", "boss", "--name", "x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "allowed: viewer, editor, admin")
}

func TestDemoExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	exp1, exp2 := filepath.Join(dir, "exp1"), filepath.Join(dir, "exp2")

	code, out, errOut := run(t, nil, "--data", a, "demo")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "2000 entities")

	code, _, errOut = run(t, nil, "--data", a, "export", "--format", "csv", "--out", exp1, "--include-private")
	require.Equal(t, exitOK, code, errOut)

	// Flags may follow the path.
	code, out, errOut = run(t, nil, "import", exp1, "--data", b)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "2000 created")

	code, out, _ = run(t, nil, "import", "--data", b, exp1)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "0 created, 0 updated, 2000 unchanged", "re-importing changes nothing")

	code, _, errOut = run(t, nil, "--data", b, "export", "--format", "csv", "--out", exp2, "--include-private")
	require.Equal(t, exitOK, code, errOut)
	for _, f := range []string{"entities.csv", "relationships.csv"} {
		x, err := os.ReadFile(filepath.Join(exp1, f))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(exp2, f))
		require.NoError(t, err)
		assert.Equal(t, string(x), string(y), "%s round-trips exactly", f)
	}
}

func TestImportBadRowWritesNothing(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "map")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "entities.csv"), []byte("id,kind,name\nana,person,Ana\nben,person,Ben\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "relationships.csv"), []byte("source,target,type,strength\nana,ben,KNOWS,0.5\nana,ben,FRIEND_OF,1.7\n"), 0o644))
	data := filepath.Join(dir, "data")

	code, _, errOut := run(t, nil, "--data", data, "import", src)
	t.Log(errOut)
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "relationships.csv:3")
	assert.Contains(t, errOut, "strength")

	out := filepath.Join(dir, "out")
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "csv", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	got, err := os.ReadFile(filepath.Join(out, "entities.csv"))
	require.NoError(t, err)
	assert.NotContains(t, string(got), "Ana", "a failed import writes nothing")
}

func TestTokens(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := run(t, nil, "--data", data, "token", "create", "--role", "editor", "--name", "Maria")
	require.Equal(t, exitOK, code, errOut)
	secret := strings.TrimSpace(out)
	assert.True(t, strings.HasPrefix(secret, "pm_"), secret)

	code, out, _ = run(t, nil, "--data", data, "token", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Maria")
	assert.Contains(t, out, "active")
	assert.NotContains(t, out, secret, "a secret is shown once only")

	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	code, _, errOut = run(t, nil, "--data", data, "token", "revoke", id)
	require.Equal(t, exitOK, code, errOut)
	_, out, _ = run(t, nil, "--data", data, "token", "list")
	assert.Contains(t, out, "revoked")
}

func TestPathsAndRank(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := run(t, nil, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)

	code, out, errOut := run(t, nil, "--data", data, "paths", "--to", "fenna oakenshield", "-k", "3", "--json")
	require.Equal(t, exitOK, code, errOut)
	var res paths.Result
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, "sen-01", res.Target.ID, "a name resolves to its id, ignoring case")
	assert.Equal(t, "Fenna Oakenshield", res.Target.Name)
	require.Len(t, res.Paths, 3)
	for i, p := range res.Paths {
		assert.Equal(t, "sen-01", p.Nodes[len(p.Nodes)-1].ID)
		assert.Equal(t, "Fenna Oakenshield", p.Nodes[len(p.Nodes)-1].Name)
		assert.Len(t, p.Hops, len(p.Nodes)-1)
		product := 1.0
		for _, h := range p.Hops {
			product *= h.Strength
		}
		assert.InDelta(t, product, p.Strength, 1e-9)
		assert.InDelta(t, -math.Log(p.Strength), p.Cost, 1e-9)
		if i > 0 {
			assert.GreaterOrEqual(t, p.Cost, res.Paths[i-1].Cost, "paths come cheapest first")
		}
	}

	code, out, _ = run(t, nil, "--data", data, "paths", "--to", "sen-01")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, " Fenna Oakenshield, State Senator.\n", "a path reads as a sentence that ends at the target")
	assert.NotContains(t, out, "hop")

	code, _, errOut = run(t, nil, "--data", data, "paths", "--to", "Aarón")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "Aarón Puddingstone (rep-05b, official)", "an ambiguous name lists the candidates")

	code, out, errOut = run(t, nil, "--data", data, "rank", "--algo", "pagerank", "--top", "5", "--json")
	require.Equal(t, exitOK, code, errOut)
	var rk struct {
		Algorithm string `json:"algorithm"`
		Weighted  bool   `json:"weighted"`
		Exact     bool   `json:"exact"`
		Results   []struct {
			ID, Name, Kind string
			Score          float64
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rk), out)
	assert.Equal(t, "pagerank", rk.Algorithm)
	assert.True(t, rk.Weighted)
	assert.True(t, rk.Exact)
	require.Len(t, rk.Results, 5)
	for i := 1; i < len(rk.Results); i++ {
		assert.GreaterOrEqual(t, rk.Results[i-1].Score, rk.Results[i].Score, "sorted by score, descending")
	}

	// Donations exist only in the influence graph: pagerank ranks by them
	// alone (their recipients, officials, come first), betweenness refuses.
	code, out, errOut = run(t, nil, "--data", data, "rank", "--algo", "pagerank", "--types", "donated_to", "--top", "5", "--json")
	require.Equal(t, exitOK, code, errOut)
	overall := rk.Results[0].ID
	require.NoError(t, json.Unmarshal([]byte(out), &rk), out)
	require.Len(t, rk.Results, 5)
	assert.NotEqual(t, overall, rk.Results[0].ID, "--types reaches the ranking")
	for _, it := range rk.Results {
		assert.Equal(t, "official", it.Kind, "%s receives donations", it.ID)
	}
	code, _, errOut = run(t, nil, "--data", data, "rank", "--algo", "betweenness", "--types", "DONATED_TO")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "introduction graph")

	code, out, errOut = run(t, nil, "--data", data, "rank", "--algo", "ppr", "--seed", "sen-01", "--top", "3")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "sen-01", "the inner circle leaves the seed out")

	code, _, errOut = run(t, nil, "--data", data, "rank", "--algo", "fame")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "pagerank")

	// --kind lists part of the whole map's ranking: the senator's score is
	// the same with and without it. --within ranks the officials among
	// themselves, which changes it.
	score := func(args ...string) float64 {
		t.Helper()
		args = append([]string{"--data", data, "rank", "--algo", "betweenness", "--top", "5000", "--json"}, args...)
		code, out, errOut := run(t, nil, args...)
		require.Equal(t, exitOK, code, errOut)
		require.NoError(t, json.Unmarshal([]byte(out), &rk), out)
		for _, it := range rk.Results {
			if it.ID == "sen-01" {
				return it.Score
			}
		}
		t.Fatalf("sen-01 is not ranked by %v", args)
		return 0
	}
	whole := score()
	assert.Equal(t, whole, score("--kind", "official"), "--kind filters the ranking of the whole map")
	for _, it := range rk.Results {
		assert.Equal(t, "official", it.Kind)
	}
	assert.NotEqual(t, whole, score("--kind", "official", "--within"), "--within ranks the officials alone")
	code, _, errOut = run(t, nil, "--data", data, "rank", "--algo", "pagerank", "--within")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--within needs --kind or --label")
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph/paths"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/internal/store/embedded"
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
	assert.Contains(t, out, "2003 created", "the generated 2000 and the community's leader and candidates")

	code, out, _ = run(t, nil, "import", "--data", b, exp1)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "0 created, 0 updated, 2003 unchanged", "re-importing changes nothing")

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
		if i > 0 && len(res.Paths[i-1].Hops) > 1 {
			assert.GreaterOrEqual(t, p.Cost, res.Paths[i-1].Cost, "after the direct ties, paths come cheapest first")
		}
		if i > 0 && len(p.Hops) == 1 {
			assert.Len(t, res.Paths[i-1].Hops, 1, "direct ties come first")
		}
	}

	code, out, _ = run(t, nil, "--data", data, "paths", "--to", "sen-01")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, " Fenna Oakenshield, State Senator.\n", "a path reads as a sentence that ends at the target")
	assert.NotContains(t, out, "hop")

	code, _, errOut = run(t, nil, "--data", data, "paths", "--to", "Aarón")
	assert.Equal(t, exitUsage, code, "an ambiguous name is a usage error")
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
		args = append([]string{"--data", data, "rank", "--algo", "betweenness", "--top", "1000", "--json"}, args...)
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

// TestReadCommandsNeedAStore runs every command that only reads, or only
// changes what is already there, on a folder with no store: each says so and
// exits 1, and none creates the store.
func TestReadCommandsNeedAStore(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "powermap-data")
	for _, args := range [][]string{
		{"paths", "--to", "sen-01"},
		{"rank", "--algo", "pagerank"},
		{"export", "--format", "json"},
		{"campaign", "list"},
		{"campaign", "show", "campaign-demo"},
		{"campaign", "target", "add", "campaign-demo", "sen-01"},
		{"campaign", "target", "set-status", "campaign-demo", "sen-01", "asked"},
		{"grid", "--campaign", "campaign-demo"},
		{"outreach", "--campaign", "campaign-demo"},
		{"outreach", "--all"},
		{"token", "list"},
		{"token", "revoke", "tok_1"},
	} {
		code, out, errOut := run(t, nil, append([]string{"--data", data}, args...)...)
		assert.Equal(t, exitRuntime, code, "%v", args)
		assert.Empty(t, out, "%v", args)
		assert.Contains(t, errOut, "no powermap store at "+data, "%v", args)
		assert.Contains(t, errOut, `"powermap demo"`, "%v says how to make one", args)
		assert.NoDirExists(t, data, "%v creates no store", args)
	}

	// POWERMAP_DATA is checked the same way.
	code, _, errOut := run(t, map[string]string{"POWERMAP_DATA": data}, "rank")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "no powermap store at "+data)
	assert.NoDirExists(t, data)

	// The commands that write make the store.
	code, _, errOut = run(t, nil, "--data", data, "token", "create", "--role", "admin", "--name", "me")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut := run(t, nil, "--data", data, "token", "list")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "me")
}

// TestExportFormatAndOut checks export as the README gives it: --format is
// required, and --out names a file, or for csv a folder or a zip.
func TestExportFormatAndOut(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := filepath.Join(dir, "map")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "entities.csv"), []byte("id,kind,name\nana,person,Ana\nben,person,Ben\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "relationships.csv"), []byte("source,target,type\nana,ben,KNOWS\n"), 0o644))
	code, _, errOut := run(t, nil, "--data", data, "import", src)
	require.Equal(t, exitOK, code, errOut)

	code, out, errOut := run(t, nil, "--data", data, "export")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "--format is required: one of csv, gexf, graphml, json, kumu")

	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "csv", "--out", filepath.Join(dir, "map.csv"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "a folder or a .zip file")
	assert.NoFileExists(t, filepath.Join(dir, "map.csv"))
	assert.NoDirExists(t, filepath.Join(dir, "map.csv"), "--out map.csv never makes a folder")

	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--out DIR")

	// A zip holds the two files and imports back.
	zipped := filepath.Join(dir, "map.zip")
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "csv", "--out", zipped)
	require.Equal(t, exitOK, code, errOut)
	assert.FileExists(t, zipped)
	code, out, errOut = run(t, nil, "--data", filepath.Join(dir, "again"), "import", zipped)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "entities:      2 created")

	// Other formats write a file, and refuse a folder.
	gexf := filepath.Join(dir, "map.gexf")
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "gexf", "--out", gexf)
	require.Equal(t, exitOK, code, errOut)
	b, err := os.ReadFile(gexf)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<gexf")
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "json", "--out", src)
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "is a folder")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), "."), "no temporary file is left behind: %s", e.Name())
	}
}

// TestExportSaysWhatItLeftOut checks that an export without
// --include-private says how many private records it left out.
func TestExportSaysWhatItLeftOut(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := filepath.Join(dir, "map")
	require.NoError(t, os.MkdirAll(src, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "entities.csv"), []byte(
		"id,kind,name,private,labels\nana,person,Ana,,\nben,person,Ben,,\ncal,person,Cal,true,\ndee,person,Dee,,client\norg,organization,Org,,\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "relationships.csv"), []byte(
		"source,target,type\nana,ben,KNOWS\nana,cal,KNOWS\ncal,dee,FRIEND_OF\ndee,org,CLIENT_OF\nben,org,WORKS_FOR\n"), 0o644))
	code, _, errOut := run(t, nil, "--data", data, "import", src)
	require.Equal(t, exitOK, code, errOut)

	code, out, errOut := run(t, nil, "--data", data, "export", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "Cal")
	assert.Equal(t, "left out 2 private entities and 3 of their relationships; pass --include-private to export them\n", errOut)

	// The count follows the filters, and a csv export reads its source twice.
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "csv", "--out", filepath.Join(dir, "out"), "--types", "KNOWS")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "left out 2 private entities and 1 of their relationships; pass --include-private to export them\n", errOut)
	code, _, errOut = run(t, nil, "--data", data, "export", "--format", "json", "--kind", "organization")
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, errOut, "nothing private was left out")

	code, out, errOut = run(t, nil, "--data", data, "export", "--format", "json", "--include-private")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Cal")
	assert.Empty(t, errOut)
}

// TestHelpTeaches checks every command's --help: it opens with what the
// command is for in one or two sentences, gives one to three examples, and
// lists every flag as it is typed, with its default.
func TestHelpTeaches(t *testing.T) {
	sentenceEnd := regexp.MustCompile(`[.!?]("|\))?(\s|$)`)
	for _, c := range NewMain().commands() {
		code, out, _ := run(t, nil, c.name, "--help")
		require.Equal(t, exitOK, code, c.name)
		paragraphs := strings.Split(out, "\n\n")
		require.Greater(t, len(paragraphs), 2, c.name)
		assert.True(t, strings.HasPrefix(paragraphs[0], "usage: powermap "+c.name), c.name)
		purpose := paragraphs[1]
		n := len(sentenceEnd.FindAllString(purpose, -1))
		assert.True(t, n >= 1 && n <= 2, "%s --help opens with what it is for in one or two sentences, not %d: %q", c.name, n, purpose)

		_, examples, ok := strings.Cut(out, "Example")
		require.True(t, ok, "%s --help gives examples", c.name)
		examples, _, _ = strings.Cut(examples, "\n\n")
		count := 0
		for _, line := range strings.Split(examples, "\n")[1:] {
			if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
				count++ // a continued example is indented further
			}
		}
		assert.True(t, count >= 1 && count <= 3, "%s --help gives 1 to 3 examples, not %d", c.name, count)

		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		m := NewMain()
		m.Config.globalFlags(fs)
		if c.flags != nil {
			c.flags(fs, m)
		}
		fs.VisitAll(func(f *flag.Flag) {
			dashes := "--"
			if len(f.Name) == 1 {
				dashes = "-"
			}
			assert.True(t, strings.Contains(out, "\n  "+dashes+f.Name), "%s --help lists %s%s as it is typed", c.name, dashes, f.Name)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				given := strings.Contains(out, "(default "+f.DefValue+")") || strings.Contains(out, "(default "+strconv.Quote(f.DefValue)+")")
				assert.True(t, given, "%s --help gives the default of %s%s", c.name, dashes, f.Name)
			}
		})
	}
}

// TestReadCommandsShareTheStore runs read commands while another reader
// holds the embedded store: they open it read-only, so they share it.
func TestReadCommandsShareTheStore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d")
	code, _, errOut := run(t, nil, "--data", data, "demo")
	require.Equal(t, exitOK, code, errOut)
	other, err := embedded.Open(data, embedded.ReadOnly())
	require.NoError(t, err)
	defer other.Close()
	for _, args := range [][]string{
		{"rank", "--top", "3"},
		{"paths", "--to", "sen-01", "-k", "1"},
		{"export", "--format", "json", "--kind", "issue"},
		{"campaign", "list"},
		{"grid", "--campaign", "campaign-demo", "--csv"},
		{"outreach", "--campaign", "campaign-demo", "--limit", "1"},
		{"token", "list"},
	} {
		code, _, errOut := run(t, nil, append([]string{"--data", data}, args...)...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut)
	}

	// A writer, such as serve, holds the store alone: the error says so,
	// and sends nobody to check NEO4J_URI.
	require.NoError(t, other.Close())
	writer, err := embedded.Open(data)
	require.NoError(t, err)
	defer writer.Close()
	code, _, errOut = run(t, nil, "--data", data, "rank")
	assert.Equal(t, exitRuntime, code)
	assert.Contains(t, errOut, "in use by another process, such as a running powermap serve")
	assert.NotContains(t, errOut, "NEO4J")
}

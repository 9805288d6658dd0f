package neo4j_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// Docker cannot run in the test environment, so these tests check the
// structure of docker-compose.yml and the Dockerfile instead.

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string         `yaml:"image"`
	Build       any            `yaml:"build"`
	Command     []string       `yaml:"command"`
	Environment composeEnv     `yaml:"environment"`
	Volumes     []string       `yaml:"volumes"`
	Ports       []string       `yaml:"ports"`
	DependsOn   map[string]any `yaml:"depends_on"`
	Healthcheck *struct {
		Test     []string `yaml:"test"`
		Interval string   `yaml:"interval"`
		Retries  int      `yaml:"retries"`
	} `yaml:"healthcheck"`
}

// composeEnv reads either form compose allows: a map, or a list of
// NAME=value.
type composeEnv map[string]string

func (e *composeEnv) UnmarshalYAML(n *yaml.Node) error {
	*e = composeEnv{}
	if n.Kind == yaml.SequenceNode {
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		for _, kv := range list {
			k, v, _ := strings.Cut(kv, "=")
			(*e)[k] = v
		}
		return nil
	}
	var m map[string]string
	err := n.Decode(&m)
	for k, v := range m {
		(*e)[k] = v
	}
	return err
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("../../../docker-compose.yml")
	require.NoError(t, err)
	var c composeFile
	require.NoError(t, yaml.Unmarshal(b, &c))
	return c
}

// passwordVar matches ${NEO4J_PASSWORD:-default} and captures the default.
var passwordVar = regexp.MustCompile(`^\$\{NEO4J_PASSWORD:-([^}]+)\}$`)

func TestCompose(t *testing.T) {
	c := readCompose(t)
	require.Contains(t, c.Services, "neo4j")
	require.Contains(t, c.Services, "powermap")

	db := c.Services["neo4j"]
	assert.Equal(t, "neo4j:5.26-community", db.Image)

	// Auth from the environment, with a default Neo4j accepts.
	auth := db.Environment["NEO4J_AUTH"]
	user, pass, ok := strings.Cut(auth, "/")
	require.True(t, ok, "NEO4J_AUTH is user/password: %q", auth)
	assert.Equal(t, "neo4j", user)
	m := passwordVar.FindStringSubmatch(pass)
	require.NotNil(t, m, "NEO4J_AUTH's password comes from NEO4J_PASSWORD with a default: %q", pass)
	assert.GreaterOrEqual(t, len(m[1]), 8, "Neo4j refuses passwords under 8 characters")

	// The data lives in a named volume that the file declares.
	var named string
	for _, v := range db.Volumes {
		src, dst, _ := strings.Cut(v, ":")
		if strings.TrimSuffix(dst, ":rw") == "/data" {
			named = src
		}
	}
	require.NotEmpty(t, named, "a volume is mounted on /data")
	assert.NotContains(t, named, "/", "the /data volume is a named volume, not a bind mount")
	assert.Contains(t, c.Volumes, named, "the named volume is declared")

	// The healthcheck asks Neo4j itself.
	require.NotNil(t, db.Healthcheck, "neo4j has a healthcheck")
	require.NotEmpty(t, db.Healthcheck.Test)
	assert.Contains(t, []string{"CMD", "CMD-SHELL"}, db.Healthcheck.Test[0])
	probe := strings.Join(db.Healthcheck.Test[1:], " ")
	assert.True(t, strings.Contains(probe, "cypher-shell") || strings.Contains(probe, "7474"),
		"the healthcheck runs cypher-shell or fetches port 7474: %q", probe)
	assert.Positive(t, db.Healthcheck.Retries)

	app := c.Services["powermap"]
	assert.NotNil(t, app.Build, "powermap is built from the Dockerfile")
	assert.Equal(t, []string{"serve", "--addr", "0.0.0.0:8080", "--allow-remote"}, app.Command)
	assert.Equal(t, "bolt://neo4j:7687", app.Environment["NEO4J_URI"])
	assert.Equal(t, "neo4j", app.Environment["NEO4J_USER"])
	assert.Equal(t, pass, app.Environment["NEO4J_PASSWORD"], "powermap uses the password Neo4j was given")
	dep, ok := app.DependsOn["neo4j"].(map[string]any)
	require.True(t, ok, "powermap depends on neo4j, with a condition")
	assert.Equal(t, "service_healthy", dep["condition"])
	published := false
	for _, p := range app.Ports {
		if strings.HasSuffix(p, ":8080") || p == "8080" {
			published = true
		}
	}
	assert.True(t, published, "powermap's port 8080 is published: %v", app.Ports)
}

// dockerStage is one FROM ... stage of a Dockerfile.
type dockerStage struct {
	from, name string
	lines      []string // instructions after FROM, upper-cased keyword first
}

func readDockerfile(t *testing.T) []dockerStage {
	t.Helper()
	f, err := os.Open("../../../Dockerfile")
	require.NoError(t, err)
	defer f.Close()
	var stages []dockerStage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		word = strings.ToUpper(word)
		if word == "FROM" {
			fields := strings.Fields(rest)
			s := dockerStage{from: fields[0]}
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				s.name = fields[2]
			}
			stages = append(stages, s)
			continue
		}
		require.NotEmpty(t, stages, "instruction before FROM: %s", line)
		stages[len(stages)-1].lines = append(stages[len(stages)-1].lines, word+" "+strings.TrimSpace(rest))
	}
	require.NoError(t, sc.Err())
	return stages
}

func TestDockerfile(t *testing.T) {
	stages := readDockerfile(t)
	require.GreaterOrEqual(t, len(stages), 2, "a multi-stage build")
	assert.True(t, strings.HasPrefix(stages[0].from, "golang:1.26"), "built with Go 1.26: %s", stages[0].from)
	var build bool
	for _, l := range stages[0].lines {
		if strings.HasPrefix(l, "RUN ") && strings.Contains(l, "go build") && strings.Contains(l, "./cmd/powermap") {
			build = true
		}
	}
	assert.True(t, build, "the first stage builds ./cmd/powermap")

	final := stages[len(stages)-1]
	assert.True(t, strings.Contains(final.from, "distroless") || strings.Contains(final.from, "alpine"),
		"a small runtime image: %s", final.from)
	var user, expose, cmd, copied string
	for _, l := range final.lines {
		word, rest, _ := strings.Cut(l, " ")
		switch word {
		case "USER":
			user = rest
		case "EXPOSE":
			expose = rest
		case "CMD":
			cmd = rest
		case "COPY":
			if strings.HasPrefix(rest, "--from=") {
				copied = strings.TrimPrefix(strings.Fields(rest)[0], "--from=")
			}
		}
	}
	name, _, _ := strings.Cut(user, ":")
	require.NotEmpty(t, name, "the final stage sets USER")
	assert.NotContains(t, []string{"root", "0"}, name, "the final stage runs as non-root")
	assert.Contains(t, strings.Fields(expose), "8080")
	assert.Equal(t, `["serve", "--addr", "0.0.0.0:8080", "--allow-remote"]`, cmd)
	assert.Equal(t, stages[0].name, copied, "the binary comes from the build stage")
}

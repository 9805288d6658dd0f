package neo4j_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestComposeReplicas checks the replicas profile of docker-compose.yml:
// replicas of the powermap service over the same Neo4j, behind a load
// balancer whose configuration exists and names them.
func TestComposeReplicas(t *testing.T) {
	b, err := os.ReadFile("../../../docker-compose.yml")
	require.NoError(t, err)
	var c struct {
		Services map[string]struct {
			composeService `yaml:",inline"`
			Profiles       []string `yaml:"profiles"`
			Deploy         struct {
				Replicas int `yaml:"replicas"`
			} `yaml:"deploy"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(b, &c))
	app, replica, lb := c.Services["powermap"], c.Services["replica"], c.Services["lb"]
	assert.Empty(t, app.Profiles, "plain `docker compose up` still starts one powermap")

	assert.Equal(t, []string{"replicas"}, replica.Profiles)
	assert.Equal(t, app.Image, replica.Image, "the replicas run the powermap image")
	assert.Equal(t, app.Command, replica.Command)
	assert.Equal(t, "${NEO4J_URI:-bolt://neo4j:7687}", replica.Environment["NEO4J_URI"], "the compose Neo4j, or a cluster named by NEO4J_URI")
	assert.Equal(t, app.Environment["NEO4J_PASSWORD"], replica.Environment["NEO4J_PASSWORD"])
	assert.Greater(t, replica.Deploy.Replicas, 1)
	assert.Empty(t, replica.Ports, "replicas are reached through the load balancer only")
	dep, ok := replica.DependsOn["neo4j"].(map[string]any)
	require.True(t, ok, "the replicas wait for neo4j")
	assert.Equal(t, "service_healthy", dep["condition"])

	assert.Equal(t, []string{"replicas"}, lb.Profiles)
	assert.Contains(t, lb.DependsOn, "replica")
	require.Len(t, lb.Ports, 1)
	assert.True(t, strings.HasPrefix(lb.Ports[0], "127.0.0.1:"), "loopback only: %s", lb.Ports[0])
	var conf string
	for _, v := range lb.Volumes {
		src, dst, _ := strings.Cut(v, ":")
		if strings.HasPrefix(dst, "/etc/caddy/Caddyfile") {
			conf = src
		}
	}
	require.NotEmpty(t, conf, "the load balancer's Caddyfile is mounted")
	caddyfile, err := os.ReadFile("../../../" + strings.TrimPrefix(conf, "./"))
	require.NoError(t, err, "the mounted Caddyfile is in the repository")
	_, port, _ := strings.Cut(lb.Ports[0][len("127.0.0.1:"):], ":")
	assert.Contains(t, string(caddyfile), ":"+port+" {", "Caddy listens on the published port")
	assert.Contains(t, string(caddyfile), "dynamic a replica 8080", "Caddy spreads requests over every replica container")
}

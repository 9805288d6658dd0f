package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j"
)

// Config is powermap's configuration. Defaults come from DefaultConfig, then
// the environment (POWERMAP_*, NEO4J_*), then flags; it is validated once and
// passed down as a value.
type Config struct {
	// Data is the embedded store's folder.
	Data string
	// Neo4j selects the Neo4j store when its URI is set.
	Neo4j neo4j.Config
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// As is the role commands act in: admin unless --as says otherwise.
	As graph.Role
}

// DefaultConfig returns the defaults: the embedded store in ./powermap-data.
func DefaultConfig() Config {
	n := neo4j.DefaultConfig()
	n.URI = "" // Neo4j only when NEO4J_URI asks for it
	return Config{Data: "./powermap-data", Neo4j: n, LogLevel: "", LogFormat: "text"}
}

// FromEnv overlays the environment on c.
func (c *Config) FromEnv(getenv func(string) string) {
	set := func(dst *string, name string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	set(&c.Data, "POWERMAP_DATA")
	set(&c.LogLevel, "POWERMAP_LOG_LEVEL")
	set(&c.LogFormat, "POWERMAP_LOG_FORMAT")
	set(&c.Neo4j.URI, "NEO4J_URI")
	set(&c.Neo4j.User, "NEO4J_USER")
	set(&c.Neo4j.Password, "NEO4J_PASSWORD")
	set(&c.Neo4j.Database, "NEO4J_DATABASE")
}

func (c *Config) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Data, "data", c.Data, "the folder `DIR` of the embedded store (env POWERMAP_DATA); unused when NEO4J_URI is set")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log `LEVEL`: debug, info, warn or error (env POWERMAP_LOG_LEVEL; default info for serve, warn otherwise)")
	fs.Func("as", "answer as this `ROLE` would see it: viewer, editor or admin (default admin); --as viewer leaves out private and client records", func(s string) error {
		r, err := graph.ParseRole(s)
		if err != nil {
			return err
		}
		c.As = r
		return nil
	})
}

// Validate checks the configuration once.
func (c Config) Validate() error {
	switch c.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		return usagef("--log-level must be debug, info, warn or error, not %q", c.LogLevel)
	}
	if c.Neo4j.URI == "" && strings.TrimSpace(c.Data) == "" {
		return usagef("--data must name a folder")
	}
	return nil
}

// Backend names the store the configuration selects, for messages.
func (c Config) Backend() string {
	if c.Neo4j.URI != "" {
		return "neo4j " + c.Neo4j.URI
	}
	return "embedded " + c.Data
}

// Where names the store the configuration selects, for sentences: "the
// store in ./powermap-data", "Neo4j at bolt://localhost:7687".
func (c Config) Where() string {
	if c.Neo4j.URI != "" {
		return "Neo4j at " + c.Neo4j.URI
	}
	return "the store in " + c.Data
}

// Logger builds the structured logger for the configuration, writing to
// stderr.
func (m *Main) Logger() *slog.Logger {
	// Commands log warnings only unless asked; serve logs info.
	level := slog.LevelWarn
	if m.Config.LogLevel != "" {
		_ = level.UnmarshalText([]byte(m.Config.LogLevel))
	} else if m.serving {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if m.Config.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(m.Stderr, opts))
}

// backend is an open store: the graph, its accounts and its campaigns, kept
// by the same backend.
type backend interface {
	graph.Store
	graph.AccountStore
	graph.CampaignStore
	graph.BackupStore
}

var (
	_ backend = (*embedded.Store)(nil)
	_ backend = (*neo4j.Store)(nil)
)

// openStore opens the store the configuration selects, creating an embedded
// store that does not exist yet: for the commands that write.
func (m *Main) openStore(ctx context.Context) (backend, error) { return m.open(ctx, true, false) }

// openExisting opens the store for a command that changes only what is
// already there: an embedded store that does not exist yet is a NotFound
// error that says how to make one, and no folder is created.
func (m *Main) openExisting(ctx context.Context) (backend, error) { return m.open(ctx, false, false) }

// openReadOnly opens the store, which must exist, for a command that only
// reads. The embedded store is opened read-only: several such commands may
// read it at once, though not while serve or a writing command holds it.
func (m *Main) openReadOnly(ctx context.Context) (backend, error) { return m.open(ctx, false, true) }

func (m *Main) open(ctx context.Context, create, readOnly bool) (backend, error) {
	log := m.Logger()
	if m.Config.Neo4j.URI != "" {
		cfg := m.Config.Neo4j
		cfg.Logger = log
		s, err := neo4j.Open(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	if !create {
		_, err := os.Stat(filepath.Join(m.Config.Data, embedded.FileName))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, graph.Errorf("open store", graph.NotFound,
				`no powermap store at %s: run "powermap import PATH" or "powermap demo" first, or pass --data DIR`, m.Config.Data)
		}
	} else if err := os.MkdirAll(m.Config.Data, 0o750); err != nil {
		return nil, graph.E("open store", graph.Unavailable, fmt.Errorf("create data folder: %w", err))
	}
	opts := []embedded.Option{embedded.WithLogger(log)}
	if !m.serving {
		// Only a server's snapshots follow the change log: a bulk load
		// would hold its last batches in it.
		opts = append(opts, embedded.WithoutChangeLog())
	}
	if readOnly {
		opts = append(opts, embedded.ReadOnly())
	}
	s, err := embedded.Open(m.Config.Data, opts...)
	if err != nil {
		return nil, err
	}
	return s, nil
}

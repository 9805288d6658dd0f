// Package neo4jtest gives tests a powermap store on a real Neo4j, named by
// the NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE environment
// variables (cmd/neo4j-dev/neo4j.sh starts one on bolt://127.0.0.1:7687).
//
// Without NEO4J_URI the tests skip with a loud message, except under
// CI=true, where they fail. Several test packages share one Neo4j and go
// test runs packages in parallel, so Open holds a lock across processes
// until the test ends.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/internal/store/neo4j"
)

// Config returns the store configuration the environment names, and false
// when NEO4J_URI is unset.
func Config() (neo4j.Config, bool) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		return neo4j.Config{}, false
	}
	cfg := neo4j.DefaultConfig()
	cfg.URI = uri
	cfg.User = os.Getenv("NEO4J_USER")
	cfg.Password = os.Getenv("NEO4J_PASSWORD")
	cfg.Database = os.Getenv("NEO4J_DATABASE")
	return cfg, true
}

// Require returns the environment's configuration, or skips t loudly when
// NEO4J_URI is unset (fails it under CI=true).
func Require(t testing.TB) neo4j.Config {
	t.Helper()
	cfg, ok := Config()
	if !ok {
		const how = "start one with `make neo4j` (cmd/neo4j-dev/neo4j.sh start) and set NEO4J_URI=bolt://127.0.0.1:7687"
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_URI is not set and CI=true: the Neo4j tests must run in CI; " + how)
		}
		t.Skip("NEO4J TESTS SKIPPED: NEO4J_URI is not set; " + how)
	}
	return cfg
}

// Open returns a store on a database emptied of powermap's records: entities
// and relationships, tokens, audit entries, campaigns, interactions and
// outreach lists (the version node stays, so versions keep growing). It holds
// a lock shared by every process on this machine until the test ends, and
// closes the store then.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	cfg := Require(t)
	// One lock per database: tests on different servers do not wait.
	sum := sha256.Sum256([]byte(cfg.URI + "\x00" + cfg.Database))
	unlock, err := lock(filepath.Join(os.TempDir(), "powermap-neo4j-test-"+hex.EncodeToString(sum[:6])+".lock"))
	if err != nil {
		t.Fatalf("neo4jtest: lock: %v", err)
	}
	t.Cleanup(unlock)
	Reset(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("neo4jtest: open the store at %s: %v", cfg.URI, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("neo4jtest: close: %v", err)
		}
	})
	return s
}

// Reset empties the database of powermap's records, as Open does. A test or benchmark that calls it must hold the lock, by having
// called Open first.
func Reset(t testing.TB) {
	t.Helper()
	cfg := Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := clean(ctx, cfg); err != nil {
		t.Fatalf("neo4jtest: clean the database at %s: %v", cfg.URI, err)
	}
}

// clean deletes every node but the version node, with its relationships, in
// transactions of bounded size, and bumps the version so that no cache
// mistakes the empty database for what it held.
func clean(ctx context.Context, cfg neo4j.Config) error {
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		user := cfg.User
		if user == "" {
			user = "neo4j"
		}
		auth = driver.BasicAuth(user, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		return err
	}
	defer d.Close(context.WithoutCancel(ctx))
	sess := d.NewSession(ctx, driver.SessionConfig{DatabaseName: cfg.Database})
	defer sess.Close(context.WithoutCancel(ctx))
	// CALL { } IN TRANSACTIONS needs an auto-commit transaction.
	for _, q := range []string{
		"MATCH (n) WHERE NOT n:PowermapMeta CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
		"MATCH (m:PowermapMeta) SET m.version = m.version + 1",
	} {
		res, err := sess.Run(ctx, q, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		if _, err := res.Consume(ctx); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

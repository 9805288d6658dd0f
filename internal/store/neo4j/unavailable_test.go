package neo4j

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// fastConfig fails within a second or so when Neo4j is unreachable.
func fastConfig(uri string) Config {
	cfg := DefaultConfig()
	cfg.URI = uri
	cfg.RetryTime = time.Millisecond
	cfg.AcquireTimeout = time.Second
	cfg.ConnectTimeout = time.Second
	return cfg
}

func requireUnavailable(t *testing.T, what string, err error) {
	t.Helper()
	require.Error(t, err, what)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "%s: %v", what, err)
	assert.Equal(t, "store unavailable", graph.MessageOf(err), "%s: %v", what, err)
}

// TestUnavailable needs no Neo4j: it points the store at a closed port.
func TestUnavailable(t *testing.T) {
	uri := "bolt://" + closedAddr(t)
	ctx := t.Context()

	_, err := Open(ctx, fastConfig(uri))
	requireUnavailable(t, "Open", err)

	// A store whose server went away after Open: every call fails with
	// Unavailable, none hangs.
	cfg := fastConfig(uri)
	cfg.fill()
	d, err := driver.NewDriverWithContext(uri, driver.NoAuth(), func(c *config.Config) {
		c.MaxTransactionRetryTime = cfg.RetryTime
		c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
		c.SocketConnectTimeout = cfg.ConnectTimeout
	})
	require.NoError(t, err)
	s := &Store{driver: d, cfg: cfg, log: cfg.Logger}
	defer s.Close()
	calls := map[string]func() error{
		"Apply": func() error {
			_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "a", Kind: graph.KindPerson, Name: "A"}}})
			return err
		},
		"Entity":        func() error { _, err := s.Entity(ctx, "a"); return err },
		"Entities":      func() error { _, err := s.Entities(ctx, graph.EntityQuery{}); return err },
		"Relationship":  func() error { _, err := s.Relationship(ctx, "r"); return err },
		"Relationships": func() error { _, err := s.Relationships(ctx, graph.RelationshipQuery{}); return err },
		"Search":        func() error { _, err := s.Search(ctx, "a", 0); return err },
		"Neighbors":     func() error { _, err := s.Neighbors(ctx, "a", nil); return err },
		"Stream":        func() error { _, err := s.Stream(ctx, graph.StreamFuncs{}); return err },
		"Counts":        func() error { _, err := s.Counts(ctx); return err },
		"Version":       func() error { _, err := s.Version(ctx); return err },
		"Ping":          func() error { return s.Ping(ctx) },
	}
	// The driver sleeps about a second before its one retry; run the
	// calls side by side.
	errs := make(map[string]error, len(calls))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, call := range calls {
		wg.Go(func() {
			err := call()
			mu.Lock()
			errs[name] = err
			mu.Unlock()
		})
	}
	wg.Wait()
	for name := range calls {
		requireUnavailable(t, name, errs[name])
	}
}

func TestWrapContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := wrap(ctx, "neo4j.Test", &driver.ConnectivityError{Inner: context.Canceled})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err))

	// An error that already has a code keeps it, and gains the op.
	err = wrap(t.Context(), "neo4j.Test", &graph.Error{Code: graph.NotFound, Message: "entity \"x\" not found"})
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
	assert.Contains(t, err.Error(), "neo4j.Test: ")

	tests := []struct {
		err  error
		code graph.Code
	}{
		{&driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, graph.Conflict},
		{&driver.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, graph.Unavailable},
		{&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, graph.Unavailable},
		{&driver.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, graph.Internal},
		{&driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&driver.ConnectivityError{Inner: net.ErrClosed}}}, graph.Unavailable},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.code, graph.CodeOf(wrap(t.Context(), "neo4j.Test", tc.err)), "%v", tc.err)
	}
}

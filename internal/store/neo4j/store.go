package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/powermap/powermap/graph"
)

var _ graph.Store = (*Store)(nil)

// Config says how to reach Neo4j. The zero durations take the defaults of
// DefaultConfig.
type Config struct {
	// URI is the Bolt or Neo4j URI, e.g. bolt://127.0.0.1:7687.
	URI string
	// User and Password authenticate; both empty means no auth. An empty
	// User with a Password means "neo4j".
	User     string
	Password string
	// Database is the database name; empty means the server's default.
	Database string

	// RetryTime caps how long a managed transaction retries transient
	// errors, including a lost connection, before failing with Unavailable.
	RetryTime time.Duration
	// AcquireTimeout caps the wait for a pooled connection.
	AcquireTimeout time.Duration
	// ConnectTimeout caps the TCP connect.
	ConnectTimeout time.Duration
	// BatchRows is how many rows one UNWIND statement carries.
	BatchRows int

	// Logger receives the store's structured logs; nil means slog.Default().
	Logger *slog.Logger
}

// DefaultConfig returns a Config for a local Neo4j without auth. Its timeouts
// make calls fail with Unavailable about 3 s after Neo4j goes away (the
// driver retries after 1 s and 2 s), rather than after the driver's defaults
// of 30 s and a minute.
func DefaultConfig() Config {
	return Config{
		URI:            "bolt://127.0.0.1:7687",
		RetryTime:      2 * time.Second,
		AcquireTimeout: 5 * time.Second,
		ConnectTimeout: 2 * time.Second,
		BatchRows:      2000,
	}
}

func (c *Config) fill() {
	d := DefaultConfig()
	if c.RetryTime <= 0 {
		c.RetryTime = d.RetryTime
	}
	if c.AcquireTimeout <= 0 {
		c.AcquireTimeout = d.AcquireTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.BatchRows <= 0 {
		c.BatchRows = d.BatchRows
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.User == "" && c.Password != "" {
		c.User = "neo4j"
	}
}

// Store is a graph.Store on Neo4j. It is safe for concurrent use; one Store
// holds the process's one driver and its connection pool.
type Store struct {
	driver driver.DriverWithContext
	cfg    Config
	log    *slog.Logger

	// The change log's bounds (see changes.go) and Stream's page size;
	// tests lower them.
	keepChanges, keepRecords, maxChangeRecords, streamPage int
}

// Open connects to Neo4j, checks that it answers, and creates the schema the
// store needs (uniqueness constraints on entity and relationship ids, the
// full-text search index, the version node) if it is missing. It fails with
// Unavailable when Neo4j cannot be reached.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	const op = "neo4j.Open"
	cfg.fill()
	if strings.TrimSpace(cfg.URI) == "" {
		return nil, graph.Errorf(op, graph.Invalid, "no Neo4j URI given")
	}
	auth := driver.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = cfg.RetryTime
		c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
		c.SocketConnectTimeout = cfg.ConnectTimeout
	})
	if err != nil {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "bad Neo4j URI", Err: err}
	}
	s := &Store{driver: d, cfg: cfg, log: cfg.Logger,
		keepChanges: logChanges, keepRecords: logRecords, maxChangeRecords: graph.MaxChangeRecords, streamPage: streamPage}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(context.WithoutCancel(ctx))
		return nil, wrap(ctx, op, err)
	}
	if err := s.createSchema(ctx); err != nil {
		_ = d.Close(context.WithoutCancel(ctx))
		return nil, wrap(ctx, op, err)
	}
	s.log.Debug("neo4j store open", "uri", cfg.URI, "database", cfg.Database)
	return s, nil
}

// createSchema creates constraints and indexes, waits for them to come
// online, and creates the version node. Every statement is idempotent, and
// another process creating the same schema at the same time is no error.
func (s *Store) createSchema(ctx context.Context) error {
	for _, q := range cypher.schema {
		_, err := driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting())
		var dbErr *driver.Neo4jError
		if errors.As(err, &dbErr) && strings.HasPrefix(dbErr.Code, "Neo.ClientError.Schema.") && strings.Contains(dbErr.Code, "AlreadyExists") {
			continue
		}
		if err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	}
	for _, q := range []string{"CALL db.awaitIndexes(300)", cypher.lockMeta} {
		if _, err := driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	}
	if err := s.backfillIdentifiers(ctx); err != nil {
		return fmt.Errorf("index identifiers: %w", err)
	}
	return nil
}

// backfillIdentifiers gives the entities of a database written before the
// identifiers index (schema 1) their identifiers property, once: it reads
// every entity and writes the property of those with strong identifiers,
// Config.BatchRows at a time, then marks the schema done. A second process
// doing the same at the same time writes the same values.
func (s *Store) backfillIdentifiers(ctx context.Context) error {
	res, err := driver.ExecuteQuery(ctx, s.driver, cypher.idsPending, nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting())
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return nil
	}
	if pending, _ := res.Records[0].Get("pending"); pending != true {
		return nil
	}
	var rows []any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		_, err := driver.ExecuteQuery(ctx, s.driver, cypher.idsBackfill, map[string]any{"rows": rows}, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting())
		rows = rows[:0]
		return err
	}
	var pendingRows []any
	if _, err := s.Stream(ctx, graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		if v := identifierTokens(e); v != "" {
			pendingRows = append(pendingRows, map[string]any{"id": e.ID, "v": v})
		}
		return nil
	}}); err != nil {
		return err
	}
	for _, r := range pendingRows {
		if rows = append(rows, r); len(rows) >= s.cfg.BatchRows {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	_, err = driver.ExecuteQuery(ctx, s.driver, cypher.schemaDone, nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting())
	if err == nil && len(pendingRows) > 0 {
		s.log.Info("neo4j identifiers indexed", "entities", len(pendingRows))
	}
	return err
}

// Close closes the driver and its connections.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return wrap(ctx, "neo4j.Close", s.driver.Close(ctx))
}

// Ping checks that Neo4j answers a query on the store's database. It does not
// retry.
func (s *Store) Ping(ctx context.Context) error {
	const op = "neo4j.Ping"
	sess := s.session(ctx, driver.AccessModeRead)
	defer closeSession(ctx, sess)
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return wrap(ctx, op, err)
}

// session opens a session. Every session shares the driver's bookmark
// manager, so that on a Neo4j cluster (a neo4j:// URI) a read that follows
// a write in this process, or an earlier read, sees at least what that one
// saw, whichever member answers it; on a single server this costs nothing.
func (s *Store) session(ctx context.Context, mode driver.AccessMode) driver.SessionWithContext {
	return s.driver.NewSession(ctx, driver.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
}

// closeSession closes a session even when ctx is already cancelled, so that
// its connection goes back to the pool in a known state.
func closeSession(ctx context.Context, sess driver.SessionWithContext) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = sess.Close(cctx)
}

// readTx runs work in a managed read transaction, which the driver retries on
// transient errors; work must therefore have no side effects outside tx.
func readTx[T any](ctx context.Context, s *Store, op string, work func(tx driver.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, driver.AccessModeRead)
	defer closeSession(ctx, sess)
	v, err := sess.ExecuteRead(ctx, func(tx driver.ManagedTransaction) (any, error) { return work(tx) })
	if err != nil {
		var zero T
		return zero, wrap(ctx, op, err)
	}
	return v.(T), nil
}

// each runs q in tx and calls fn for every record as it arrives.
func each(ctx context.Context, tx driver.ManagedTransaction, q string, params map[string]any, fn func(*driver.Record) error) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// single runs q in tx and returns its one record, or nil when there is none.
func single(ctx context.Context, tx driver.ManagedTransaction, q string, params map[string]any) (*driver.Record, error) {
	var out *driver.Record
	err := each(ctx, tx, q, params, func(r *driver.Record) error {
		out = r
		return nil
	})
	return out, err
}

// value returns field k of rec as a T, or an error naming the field.
func value[T any](rec *driver.Record, k string) (T, error) {
	var zero T
	v, ok := rec.Get(k)
	if !ok {
		return zero, fmt.Errorf("record has no field %q", k)
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("field %q is %T, want %T", k, v, zero)
	}
	return t, nil
}

// Version returns the change version.
func (s *Store) Version(ctx context.Context) (uint64, error) {
	return readTx(ctx, s, "neo4j.Version", func(tx driver.ManagedTransaction) (uint64, error) {
		return readVersion(ctx, tx)
	})
}

func readVersion(ctx context.Context, tx driver.ManagedTransaction) (uint64, error) {
	rec, err := single(ctx, tx, cypher.version, nil)
	if err != nil {
		return 0, err
	}
	v, err := value[int64](rec, "v")
	return uint64(v), err
}

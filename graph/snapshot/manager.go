package snapshot

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/powermap/powermap/graph"
)

// Source is what a Manager needs of a store; every graph.Store is one.
type Source interface {
	Version(ctx context.Context) (uint64, error)
	Stream(ctx context.Context, fn graph.StreamFuncs) (uint64, error)
}

// Manager keeps the current snapshot of a store. Readers never see a
// half-built snapshot: a new one replaces the old atomically once complete.
// Only one build runs at a time. All methods are safe for concurrent use.
type Manager struct {
	src  Source
	opts Options
	log  *slog.Logger

	cur   atomic.Pointer[Snapshot]
	build chan struct{} // a one-slot semaphore held while building
	// Builds counts completed builds.
	builds atomic.Int64
}

// NewManager returns a Manager over src. Options.Now is ignored: each build
// judges ties current at its own start. A nil logger discards logs.
func NewManager(src Source, opts Options, log *slog.Logger) *Manager {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts.Now = time.Time{}
	return &Manager{src: src, opts: opts, log: log, build: make(chan struct{}, 1)}
}

// Current returns a snapshot at the store's current version, building one
// when the store has moved, or when the day has changed since the last
// build (a tie whose until date has passed stops being current). While a rebuild runs, other callers get the
// previous snapshot at once; the caller that started the rebuild waits for
// it, so that a request that follows its own write sees it. When there is no
// snapshot yet, every caller waits for the first build. If a rebuild fails
// and an older snapshot exists, Current logs the failure and returns the
// older snapshot.
func (m *Manager) Current(ctx context.Context) (*Snapshot, error) {
	const op = "snapshot.Manager.Current"
	v, err := m.src.Version(ctx)
	old := m.cur.Load()
	if err != nil {
		if old != nil {
			m.log.WarnContext(ctx, "snapshot: store version unavailable; serving the current snapshot", "err", err, "version", old.Version())
			return old, nil
		}
		return nil, graph.E(op, err)
	}
	if old != nil && old.Version() >= v && sameDay(old.Now(), time.Now()) {
		return old, nil
	}
	if old != nil {
		select {
		case m.build <- struct{}{}:
		default:
			return old, nil // someone is rebuilding
		}
	} else {
		select {
		case m.build <- struct{}{}:
		case <-ctx.Done():
			return nil, graph.E(op, graph.Unavailable, ctx.Err())
		}
	}
	defer func() { <-m.build }()
	if s := m.cur.Load(); s != nil && s.Version() >= v && sameDay(s.Now(), time.Now()) {
		return s, nil
	}
	start := time.Now()
	s, err := Build(ctx, m.src.Stream, m.opts)
	if err != nil {
		if old != nil && ctx.Err() == nil {
			m.log.ErrorContext(ctx, "snapshot: rebuild failed; serving the previous snapshot", "err", err, "version", old.Version())
			return old, nil
		}
		return nil, graph.E(op, err)
	}
	m.cur.Store(s)
	m.builds.Add(1)
	st := s.Stats()
	m.log.InfoContext(ctx, "snapshot: built", "version", s.Version(), "entities", st.Entities,
		"walk_ties", st.WalkTies, "took", time.Since(start))
	return s, nil
}

// AtLeast returns a snapshot at version min or later: Current, unless that
// answers with an older snapshot while another caller rebuilds; then it
// waits for that build, and builds itself if it is still behind. A store
// that cannot be read to min is Unavailable: an older snapshot is never
// returned.
func (m *Manager) AtLeast(ctx context.Context, min uint64) (*Snapshot, error) {
	const op = "snapshot.Manager.AtLeast"
	for try := 0; ; try++ {
		s, err := m.Current(ctx)
		if err != nil || s.Version() >= min {
			return s, err
		}
		if try == 2 {
			return nil, graph.Errorf(op, graph.Unavailable, "the snapshot is at version %d, short of %d", s.Version(), min)
		}
		// Wait for the build in progress to end.
		select {
		case m.build <- struct{}{}:
			<-m.build
		case <-ctx.Done():
			return nil, graph.E(op, graph.Unavailable, ctx.Err())
		}
	}
}

// Loaded returns the snapshot the Manager holds, without checking the
// store, or nil before the first build.
func (m *Manager) Loaded() *Snapshot { return m.cur.Load() }

// Builds returns how many snapshots the Manager has built.
func (m *Manager) Builds() int64 { return m.builds.Load() }

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}

package snapshot

import (
	"context"
	"log/slog"
	"sync"
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
//
// When the store keeps a change log (graph.ChangeLog), the Manager follows
// writes by replaying their changes onto its snapshot (Snapshot.Apply),
// which takes milliseconds where a build reads the whole store; it builds
// only the first snapshot, when the log does not reach back far enough, on
// a new day, and in the background once replays have left enough behind
// (Snapshot.Moved) to be worth compacting.
type Manager struct {
	src  Source
	log  graph.ChangeLog // nil when the store keeps none
	opts Options
	logs *slog.Logger

	// base and derive, when set, make this Manager's snapshots from base's
	// (NewDerived).
	base   *Manager
	derive func(context.Context, *Snapshot) (*Snapshot, error)

	cur   atomic.Pointer[Snapshot]
	build chan struct{} // a one-slot semaphore held while building
	// replay is held while changes are replayed or a snapshot is swapped.
	replay sync.Mutex
	// Builds counts completed builds; replays counts snapshots made by
	// replaying changes.
	builds, replays atomic.Int64
}

// MaxReplay is the most records a Manager replays at once: a larger burst
// of writes is read afresh.
const MaxReplay = 500_000

// NewManager returns a Manager over src. Options.Now is ignored: each build
// judges ties current at its own start. A nil logger discards logs.
func NewManager(src Source, opts Options, log *slog.Logger) *Manager {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts.Now = time.Time{}
	m := &Manager{src: src, opts: opts, logs: log, build: make(chan struct{}, 1)}
	m.log, _ = src.(graph.ChangeLog)
	return m
}

// NewDerived returns a Manager whose snapshots are made from base's by
// derive (Snapshot.Without, say) instead of read from src, so that they
// share base's memory; src's change log, which must describe what derive
// keeps, is replayed onto them as NewManager's Manager does. When base
// builds afresh, the derived Manager derives again.
func NewDerived(src Source, base *Manager, derive func(context.Context, *Snapshot) (*Snapshot, error), log *slog.Logger) *Manager {
	m := NewManager(src, Options{}, log)
	m.base, m.derive = base, derive
	return m
}

// sameLine reports whether s was made from the line of base's current
// snapshot, as a derived Manager's snapshot should be: a build of base's
// starts a new line, and the derived Manager derives again.
func (m *Manager) sameLine(s *Snapshot) bool {
	if m.base == nil {
		return true
	}
	b := m.base.Loaded()
	return b == nil || b.arena == s.from
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
			m.logs.WarnContext(ctx, "snapshot: store version unavailable; serving the current snapshot", "err", err, "version", old.Version())
			return old, nil
		}
		return nil, graph.E(op, err)
	}
	current := old != nil && sameDay(old.Now(), time.Now()) && m.sameLine(old)
	if current && old.Version() >= v {
		return old, nil
	}
	if current {
		if s, ok := m.follow(ctx, v); ok {
			return s, nil
		}
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
	if s := m.cur.Load(); s != nil && s.Version() >= v && sameDay(s.Now(), time.Now()) && m.sameLine(s) {
		return s, nil
	}
	s, err := m.rebuild(ctx)
	if err != nil {
		if old != nil && ctx.Err() == nil {
			m.logs.ErrorContext(ctx, "snapshot: rebuild failed; serving the previous snapshot", "err", err, "version", old.Version())
			return old, nil
		}
		return nil, graph.E(op, err)
	}
	return s, nil
}

// rebuild builds a snapshot from the whole store, the caller holding
// m.build, and makes it current unless replays have gone further
// meanwhile: then it replays their changes onto it first.
func (m *Manager) rebuild(ctx context.Context) (*Snapshot, error) {
	start := time.Now()
	var s *Snapshot
	var err error
	if m.base != nil {
		var b *Snapshot
		if b, err = m.base.Current(ctx); err == nil {
			s, err = m.derive(ctx, b)
		}
	} else {
		s, err = Build(ctx, m.src.Stream, m.opts)
	}
	if err != nil {
		return nil, err
	}
	m.builds.Add(1)
	m.replay.Lock()
	defer m.replay.Unlock()
	if cur := m.cur.Load(); cur != nil && cur.Version() > s.Version() && sameDay(cur.Now(), s.Now()) {
		next, err := m.catchUp(ctx, s, cur.Version())
		if err != nil {
			m.logs.WarnContext(ctx, "snapshot: a build fell behind the replayed snapshot; keeping that", "err", err, "built", s.Version(), "current", cur.Version())
			return cur, nil
		}
		s = next
	}
	m.cur.Store(s)
	st := s.Stats()
	m.logs.InfoContext(ctx, "snapshot: built", "version", s.Version(), "entities", st.Entities,
		"walk_ties", st.WalkTies, "took", time.Since(start))
	return s, nil
}

// catchUp replays the store's changes after s's version onto s, up to at
// least version min.
func (m *Manager) catchUp(ctx context.Context, s *Snapshot, min uint64) (*Snapshot, error) {
	changes, complete, err := m.log.Changes(ctx, s.Version())
	if err != nil {
		return nil, err
	}
	if !complete {
		return nil, graph.Errorf("snapshot.Manager", graph.Conflict, "the store's change log does not reach back to version %d", s.Version())
	}
	records := 0
	for i := range changes {
		records += changes[i].Records()
	}
	if records > MaxReplay {
		return nil, graph.Errorf("snapshot.Manager", graph.TooLarge, "%d records changed since version %d: cheaper to read afresh", records, s.Version())
	}
	next, err := s.Apply(ctx, changes)
	if err != nil {
		return nil, err
	}
	if next.Version() < min {
		return nil, graph.Errorf("snapshot.Manager", graph.Conflict, "the change log ends at version %d, short of %d", next.Version(), min)
	}
	return next, nil
}

// follow brings the current snapshot to version v by replaying the store's
// changes, and reports false when it cannot (no log, a gap, a change too
// large): the caller then builds.
func (m *Manager) follow(ctx context.Context, v uint64) (*Snapshot, bool) {
	if m.log == nil {
		return nil, false
	}
	m.replay.Lock()
	defer m.replay.Unlock()
	cur := m.cur.Load()
	if cur.Version() >= v {
		return cur, true
	}
	next, err := m.catchUp(ctx, cur, v)
	if err != nil {
		m.logs.InfoContext(ctx, "snapshot: cannot replay the store's changes; building afresh", "err", err, "version", cur.Version())
		return nil, false
	}
	m.cur.Store(next)
	m.replays.Add(1)
	// Compact what this line's replays left behind, or the arrays when
	// derived snapshots (viewers') made them grow past twice what is live.
	live := 2 * next.stats.WalkTies
	moved, overlays := next.Moved()
	if m.base == nil && (moved > max(1<<16, live/8) || overlays > 1<<15 || next.walk.Entries() > 2*live+1<<16) {
		m.compact(moved)
	}
	return next, true
}

// compact starts a build in the background, unless one runs already, to
// reclaim what replays have left behind.
func (m *Manager) compact(moved int) {
	select {
	case m.build <- struct{}{}:
	default:
		return
	}
	go func() {
		defer func() { <-m.build }()
		ctx := context.Background()
		m.logs.InfoContext(ctx, "snapshot: compacting", "moved", moved)
		if _, err := m.rebuild(ctx); err != nil {
			m.logs.ErrorContext(ctx, "snapshot: compacting failed", "err", err)
		}
	}()
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

// Replays returns how many snapshots the Manager has made by replaying a
// store's changes.
func (m *Manager) Replays() int64 { return m.replays.Load() }

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}

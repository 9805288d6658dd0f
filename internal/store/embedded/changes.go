package embedded

import (
	"context"
	"maps"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.ChangeLog = (*Store)(nil)

// Bounds of the change log, which lives in memory: a process that opens
// the store starts with an empty log (its snapshots are built afresh). The
// newest change always stays, up to graph.MaxChangeRecords records; older
// ones go once the log holds logRecords records, which is plenty for the
// snapshots that replay the log at their next question.
const (
	logChanges = 4096
	logRecords = 1 << 16
)

// changeLog keeps the recent writes' changes (graph.ChangeLog). Its mutex
// is held across every write transaction and the append of its change, so
// that Changes never misses a write that Version already shows.
type changeLog struct {
	off     bool // WithoutChangeLog
	mu      sync.Mutex
	rec     *recorder // the write in progress, under mu
	changes []graph.Change
	records int
}

// recorder collects what one write transaction does; the transaction's
// writer fills it.
type recorder struct {
	c graph.Change
	// version is the store's version once the write commits; 0 when the
	// write moved no version.
	version uint64
}

func (r *recorder) full() bool {
	if r.c.Overflow {
		return true
	}
	if r.c.Records() >= graph.MaxChangeRecords {
		r.c = graph.Change{Overflow: true}
		return true
	}
	return false
}

func (r *recorder) entityBefore(e *graph.Entity) {
	if r != nil && !r.full() {
		r.c.EntitiesBefore = append(r.c.EntitiesBefore, *e)
	}
}

// entityAfter records e, which belongs to the caller's batch: its
// slices and map are copied, as the caller may reuse them.
func (r *recorder) entityAfter(e *graph.Entity) {
	if r != nil && !r.full() {
		c := *e
		c.Labels, c.Aliases, c.Props = slices.Clone(c.Labels), slices.Clone(c.Aliases), maps.Clone(c.Props)
		r.c.EntitiesAfter = append(r.c.EntitiesAfter, c)
	}
}

func (r *recorder) relBefore(rel *graph.Relationship) {
	if r != nil && !r.full() {
		r.c.RelationshipsBefore = append(r.c.RelationshipsBefore, *rel)
	}
}

// relAfter records rel, which belongs to the caller's batch.
func (r *recorder) relAfter(rel *graph.Relationship) {
	if r != nil && !r.full() {
		c := *rel
		c.Props = maps.Clone(c.Props)
		r.c.RelationshipsAfter = append(r.c.RelationshipsAfter, c)
	}
}

// write runs fn in a write transaction and, once it commits, appends the
// change it recorded. fn's writers record into s.changes.rec.
func (s *Store) write(fn func(*bolt.Tx) error) error {
	l := &s.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.off {
		return s.db.Update(fn)
	}
	rec := &recorder{}
	l.rec = rec
	err := s.db.Update(fn)
	l.rec = nil
	if err != nil || rec.version == 0 {
		return err
	}
	rec.c.Version = rec.version
	l.changes = append(l.changes, rec.c)
	l.records += rec.c.Records()
	drop := 0
	for len(l.changes)-drop > logChanges || l.records > logRecords && len(l.changes)-drop > 1 {
		l.records -= l.changes[drop].Records()
		drop++
	}
	if drop > 0 {
		l.changes = slices.Delete(l.changes, 0, drop)
	}
	return nil
}

// Changes returns the changes after version since that this process
// recorded (graph.ChangeLog).
func (s *Store) Changes(ctx context.Context, since uint64) ([]graph.Change, bool, error) {
	const op = "embedded.Changes"
	if err := ctx.Err(); err != nil {
		return nil, false, cancelled(op, err)
	}
	l := &s.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	v, err := s.Version(ctx)
	if err != nil {
		return nil, false, err
	}
	switch {
	case since == v:
		return nil, true, nil
	case since > v || len(l.changes) == 0:
		return nil, false, nil
	}
	first := l.changes[0].Version
	if since+1 < first || l.changes[len(l.changes)-1].Version != v {
		return nil, false, nil
	}
	return slices.Clone(l.changes[since+1-first:]), true, nil
}

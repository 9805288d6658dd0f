package neo4j

import (
	"context"
	"errors"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

// streamPage is how many records one read of Stream returns.
const streamPage = 10_000

// streamRestarts caps how many times Stream starts again, before it has
// handed anything to its callbacks, because the change log cannot say what
// a write during it did.
const streamRestarts = 5

// errLogShort reports that the change log cannot say what the writes
// during a stream did: it was trimmed past them, one was an Overflow, or
// they were written by a powermap that kept no log.
var errLogShort = errors.New("the change log does not cover the writes made during the stream")

// Stream calls fn.Entity for every entity, by id, then fn.Relationship for
// every relationship, type by type in the order of graph.Types and by id
// within a type, as the graph was at the version it returns, whatever
// writes commit meanwhile.
//
// Neo4j reads are read-committed, not snapshots. Stream therefore reads
// the version, then reads pages of records in id order, each page in a
// read transaction of its own that reads the version again after the
// page; no transaction stays open while the callbacks run, and memory
// holds one page. When the version has moved, Stream reads what the writes
// did from the change log (Changes) and, for every record a write touched,
// hands over its image at the first version (the before-image of the
// first write that touched it, or nothing when that write created it)
// instead of what the page read. A record no write touched reads the same
// at every version, so the records handed over are exactly those of the
// first version, each once. When the log cannot say (it was trimmed past
// the stream, or a write was an Overflow), Stream starts again if it has
// handed nothing over yet, up to streamRestarts times, and otherwise
// fails with Conflict: the caller reads again.
func (s *Store) Stream(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
	const op = "neo4j.Stream"
	for attempt := 1; ; attempt++ {
		st := &streamer{s: s, fn: fn, page: s.streamPage}
		err := st.run(ctx)
		switch {
		case st.cbErr != nil:
			return 0, st.cbErr
		case errors.Is(err, errLogShort) && !st.delivered && attempt < streamRestarts:
			s.log.Debug("neo4j stream restarts", "at", st.at, "seen", st.seen, "attempt", attempt)
			continue
		case errors.Is(err, errLogShort):
			return 0, &graph.Error{Op: op, Code: graph.Conflict,
				Message: "store changed during stream and its change log does not say how; read again", Err: err}
		case err != nil:
			return 0, wrap(ctx, op, err)
		}
		return st.at, nil
	}
}

// streamer is one attempt of Stream.
type streamer struct {
	s    *Store
	fn   graph.StreamFuncs
	page int

	// at is the version the stream hands over; seen is the version up to
	// which the changes are folded into ents and rels.
	at, seen uint64
	// ents and rels hold the records that writes after at touched, as
	// they were at at: nil for a record that did not exist then.
	ents map[string]*graph.Entity
	rels map[string]*graph.Relationship

	delivered bool
	cbErr     error // an error from a callback, returned as is
}

func (st *streamer) run(ctx context.Context) error {
	v, err := st.s.Version(ctx)
	if err != nil {
		return err
	}
	st.at, st.seen = v, v
	st.ents, st.rels = map[string]*graph.Entity{}, map[string]*graph.Relationship{}
	if st.fn.Entity != nil {
		if err := st.entities(ctx); err != nil {
			return err
		}
	}
	if st.fn.Relationship != nil {
		for _, t := range graph.Types() {
			if err := st.relationships(ctx, t.Type); err != nil {
				return err
			}
		}
	}
	return nil
}

// catchUp folds the changes up to version v into ents and rels.
func (st *streamer) catchUp(ctx context.Context, v uint64) error {
	if v <= st.seen {
		return nil
	}
	chs, complete, err := st.s.Changes(ctx, st.seen)
	if err != nil {
		return err
	}
	if !complete {
		return errLogShort
	}
	for i := range chs {
		ch := &chs[i]
		if ch.Overflow {
			return errLogShort
		}
		// Before-images first: a record in both lists was updated.
		for j := range ch.EntitiesBefore {
			if e := &ch.EntitiesBefore[j]; !hasKey(st.ents, e.ID) {
				st.ents[e.ID] = e
			}
		}
		for j := range ch.EntitiesAfter {
			if id := ch.EntitiesAfter[j].ID; !hasKey(st.ents, id) {
				st.ents[id] = nil
			}
		}
		for j := range ch.RelationshipsBefore {
			if r := &ch.RelationshipsBefore[j]; !hasKey(st.rels, r.ID) {
				st.rels[r.ID] = r
			}
		}
		for j := range ch.RelationshipsAfter {
			if id := ch.RelationshipsAfter[j].ID; !hasKey(st.rels, id) {
				st.rels[id] = nil
			}
		}
		st.seen = ch.Version
	}
	if st.seen < v {
		return errLogShort
	}
	return nil
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// inPage reports whether id falls in the id range (after, last] of a page;
// last is "" for the final page, whose range has no end.
func inPage(id, after, last string) bool {
	return id > after && (last == "" || id <= last)
}

func (st *streamer) entities(ctx context.Context) error {
	read := func(after string) ([]graph.Entity, uint64, error) {
		return readPage(ctx, st.s, cypher.streamEntityPage, after, st.page, func(rec *driver.Record) (graph.Entity, error) {
			return entityField(rec, "p")
		})
	}
	return streamKind(ctx, st, read, func(e *graph.Entity) string { return e.ID }, st.ents,
		func(*graph.Entity) bool { return true }, st.fn.Entity)
}

func (st *streamer) relationships(ctx context.Context, t graph.RelType) error {
	read := func(after string) ([]graph.Relationship, uint64, error) {
		return readPage(ctx, st.s, cypher.relsByType[t], after, st.page, relRecord)
	}
	return streamKind(ctx, st, read, func(r *graph.Relationship) string { return r.ID }, st.rels,
		func(r *graph.Relationship) bool { return r.Type == t }, st.fn.Relationship)
}

// streamKind hands fn one kind of record, page by page in id order, each
// page corrected from the change log: a record that a write touched since
// the stream began (in fixes, by id) is handed over as it was then, and
// not at all when it did not exist then (nil); mine says which of fixes
// belong to this kind's stream.
func streamKind[T any](ctx context.Context, st *streamer, read func(after string) ([]T, uint64, error),
	id func(*T) string, fixes map[string]*T, mine func(*T) bool, fn func(*T) error) error {
	after := ""
	for {
		page, v, err := read(after)
		if err != nil {
			return err
		}
		if err := st.catchUp(ctx, v); err != nil {
			return err
		}
		last := ""
		if len(page) == st.page {
			last = id(&page[len(page)-1])
		}
		out := page[:0]
		for i := range page {
			if !hasKey(fixes, id(&page[i])) {
				out = append(out, page[i])
			}
		}
		fixed := false
		for k, x := range fixes {
			if x != nil && mine(x) && inPage(k, after, last) {
				out = append(out, *x)
				fixed = true
			}
		}
		if fixed {
			sort.Slice(out, func(i, j int) bool { return id(&out[i]) < id(&out[j]) })
		}
		for i := range out {
			st.delivered = true
			if err := fn(&out[i]); err != nil {
				st.cbErr = err
				return err
			}
		}
		if last == "" {
			return nil
		}
		after = last
	}
}

// readPage reads up to limit records of q after id after, in a read
// transaction that then reads the version: every write whose effect the
// page shows is at or below that version.
func readPage[T any](ctx context.Context, s *Store, q, after string, limit int, decode func(*driver.Record) (T, error)) ([]T, uint64, error) {
	type page struct {
		items []T
		v     uint64
	}
	p, err := readTx(ctx, s, "neo4j.Stream", func(tx driver.ManagedTransaction) (page, error) {
		var p page
		err := each(ctx, tx, q, map[string]any{"after": after, "limit": int64(limit)}, func(rec *driver.Record) error {
			x, err := decode(rec)
			p.items = append(p.items, x)
			return err
		})
		if err != nil {
			return p, err
		}
		p.v, err = readVersion(ctx, tx)
		return p, err
	})
	return p.items, p.v, err
}

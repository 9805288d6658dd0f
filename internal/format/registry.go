package format

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// Registry holds the formats a program offers. Build it with NewRegistry;
// there is no global registry.
type Registry struct {
	readers []Reader
	writers []Writer
	log     *slog.Logger
}

// NewRegistry returns a registry of the given readers and writers. Names
// must be unique within readers and within writers; a duplicate panics, as
// it is a programming error.
func NewRegistry(readers []Reader, writers []Writer) *Registry {
	seen := map[string]bool{}
	for _, r := range readers {
		if seen[r.Name()] {
			panic("format.NewRegistry: two readers named " + r.Name())
		}
		seen[r.Name()] = true
	}
	seen = map[string]bool{}
	for _, w := range writers {
		if seen[w.Name()] {
			panic("format.NewRegistry: two writers named " + w.Name())
		}
		seen[w.Name()] = true
	}
	return &Registry{readers: readers, writers: writers, log: slog.Default()}
}

// WithLogger returns a copy of the registry that logs imports to l.
func (g *Registry) WithLogger(l *slog.Logger) *Registry {
	c := *g
	c.log = l
	return &c
}

// ReaderNames lists the import formats, sorted.
func (g *Registry) ReaderNames() []string {
	out := make([]string, len(g.readers))
	for i, r := range g.readers {
		out[i] = r.Name()
	}
	sort.Strings(out)
	return out
}

// WriterNames lists the export formats, sorted.
func (g *Registry) WriterNames() []string {
	out := make([]string, len(g.writers))
	for i, w := range g.writers {
		out[i] = w.Name()
	}
	sort.Strings(out)
	return out
}

// Reader returns the named reader, or an Invalid error listing the formats.
func (g *Registry) Reader(name string) (Reader, error) {
	for _, r := range g.readers {
		if r.Name() == name {
			return r, nil
		}
	}
	return nil, unknownFormat("format.Reader", "import", name, g.ReaderNames())
}

// Writer returns the named writer, or an Invalid error listing the formats.
func (g *Registry) Writer(name string) (Writer, error) {
	for _, w := range g.writers {
		if w.Name() == name {
			return w, nil
		}
	}
	return nil, unknownFormat("format.Writer", "export", name, g.WriterNames())
}

func unknownFormat(op, what, name string, names []string) error {
	reason := "unknown " + what + " format " + quote(name) + "; known: " + strings.Join(names, ", ")
	return &graph.Error{Op: op, Code: graph.Invalid, Message: reason, Details: []graph.Detail{{Field: "format", Reason: reason}}}
}

func quote(s string) string { return "\"" + s + "\"" }

// claimants lists the readers whose Detect claims paths. When every reader
// fails to look at the paths, the first error is returned.
func (g *Registry) claimants(paths []string) ([]Reader, error) {
	var out []Reader
	var firstErr error
	failed := 0
	for _, r := range g.readers {
		ok, err := r.Detect(paths)
		if err != nil {
			failed++
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if ok {
			out = append(out, r)
		}
	}
	if len(out) == 0 && failed == len(g.readers) && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// Detect returns the one reader that claims paths. None, or more than one,
// is an Invalid error that lists the formats and asks for --format.
func (g *Registry) Detect(paths []string) (Reader, error) {
	const op = "format.Detect"
	if len(paths) == 0 {
		return nil, graph.Errorf(op, graph.Invalid, "no files to import")
	}
	rs, err := g.claimants(paths)
	if err != nil {
		return nil, wrap(op, err)
	}
	switch len(rs) {
	case 1:
		return rs[0], nil
	case 0:
		return nil, graph.Errorf(op, graph.Invalid, "cannot tell the format of %s; give one with --format (known: %s)",
			strings.Join(paths, ", "), strings.Join(g.ReaderNames(), ", "))
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name()
	}
	return nil, graph.Errorf(op, graph.Invalid, "%s could be any of %s; choose one with --format",
		strings.Join(paths, ", "), strings.Join(names, ", "))
}

// Import reads paths in the named format (detected when format is empty)
// and writes them to store in one Apply. A file of another format is refused
// before it is parsed. Every record is validated first, and relationship
// ends outside the batch are looked up in the store; on any error nothing is
// written and the Report lists every problem (the error is an Invalid
// *graph.Error with the same details). On success the Report carries the
// store's Stats. p may be nil.
//
// Records that share a strong identifier (graph.Identifier) with an entity
// of the store or of the import are merged into it rather than written
// anew; the Report lists the merges, and records not merged because their
// identifiers disagree among its Skipped (see identities).
//
// A StreamReader's records (FEC bulk files) are checked whole first, in the
// same way, and then applied in batches of one transaction each, so that
// memory stays flat; see importStream for what a stop part way leaves.
func (g *Registry) Import(ctx context.Context, store graph.Store, format string, paths []string, p Progress) (*Report, error) {
	const op = "format.Import"
	p = Or(p)
	var r Reader
	var err error
	if format == "" {
		if r, err = g.Detect(paths); err != nil {
			return nil, err
		}
	} else {
		if r, err = g.Reader(format); err != nil {
			return nil, err
		}
		if err := g.refuseOther(op, r, paths); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	if sr, ok := r.(StreamReader); ok {
		return g.importStream(ctx, store, sr, paths, p)
	}
	b, rep, err := r.Read(ctx, paths, p)
	if rep == nil {
		rep = NewReport(r.Name())
	}
	ix := newIdentities(store, rep)
	if err := settle(ctx, op, ix, rep, err); err != nil {
		return rep, err
	}
	if err := ix.resolve(ctx, b); err != nil {
		return rep, wrap(op, err)
	}
	stats, err := store.Apply(ctx, b)
	if err != nil {
		return rep, wrap(op, err)
	}
	rep.Stats = stats
	g.log.InfoContext(ctx, "import", "format", rep.Format, "files", rep.Files, "records", rep.Records,
		"skipped", len(rep.Skipped), "stats", stats, "took", time.Since(start).Round(time.Millisecond))
	return rep, nil
}

// importStream imports through a StreamReader: every record is checked
// before the first batch is written, and each batch is applied in its own
// transaction. If writing stops part way (the store becomes unreachable,
// the process is killed) the batches already applied stay; the same import
// run again finishes the job, because an import is idempotent: what is
// already there counts as unchanged.
func (g *Registry) importStream(ctx context.Context, store graph.Store, r StreamReader, paths []string, p Progress) (*Report, error) {
	const op = "format.Import"
	start := time.Now()
	pending, rep, err := r.Prepare(ctx, paths, p)
	if rep == nil {
		rep = NewReport(r.Name())
	}
	if err == nil {
		defer pending.Close()
	}
	ix := newIdentities(store, rep)
	if err := settle(ctx, op, ix, rep, err); err != nil {
		return rep, err
	}
	batches := 0
	err = pending.Write(ctx, func(b *graph.Batch) error {
		if err := ix.resolve(ctx, b); err != nil {
			return err
		}
		stats, err := store.Apply(ctx, b)
		if err != nil {
			return err
		}
		rep.Stats.Add(stats)
		batches++
		return nil
	}, p)
	if err != nil {
		if batches > 0 {
			s := rep.Stats
			written := s.EntitiesCreated + s.EntitiesUpdated + s.EntitiesUnchanged + s.RelationshipsCreated + s.RelationshipsUpdated + s.RelationshipsUnchanged
			return rep, &graph.Error{Op: op, Code: graph.CodeOf(err), Err: err,
				Message: fmt.Sprintf("import stopped after %d batches (%d records) were written: %s; run the same import again to finish it (what is already written counts as unchanged)",
					batches, written, graph.MessageOf(err))}
		}
		return rep, wrap(op, err)
	}
	g.log.InfoContext(ctx, "import", "format", rep.Format, "files", rep.Files, "records", rep.Records,
		"skipped", len(rep.Skipped), "batches", batches, "stats", rep.Stats, "took", time.Since(start).Round(time.Millisecond))
	return rep, nil
}

// refuseOther refuses paths that r does not claim, naming the format they
// seem to be instead.
func (g *Registry) refuseOther(op string, r Reader, paths []string) error {
	if len(paths) == 0 {
		return graph.Errorf(op, graph.Invalid, "no files to import")
	}
	ok, err := r.Detect(paths)
	if err != nil {
		return wrap(op, err)
	}
	if ok {
		return nil
	}
	msg := strings.Join(paths, ", ") + " is not in " + r.Name() + " format"
	if others, _ := g.claimants(paths); len(others) > 0 {
		names := make([]string, len(others))
		for i, o := range others {
			names[i] = o.Name()
		}
		msg += "; it looks like " + strings.Join(names, " or ")
	}
	return &graph.Error{Op: op, Code: graph.Invalid, Message: msg, Details: []graph.Detail{{Field: "format", Reason: msg}}}
}

// settle ends the checks of a read that returned readErr: a failure other
// than bad records is returned as it is; otherwise the references outside
// the import are looked up in the store (also when records are bad, so
// that one run reports every problem), and any problem fails the import.
func settle(ctx context.Context, op string, ix *identities, rep *Report, readErr error) error {
	if readErr != nil && !rep.Failed() {
		return wrap(op, readErr)
	}
	if err := resolve(ctx, ix, rep); err != nil {
		return wrap(op, err)
	}
	return rep.Err(op)
}

// resolve looks up in the store every entity that the batch refers to but
// does not hold, by id or else by identifier ("bioguide:S001217", see
// graph.ParseIdentifierRef; the relationship then ends at the entity that
// carries it), and records an error for each one missing.
func resolve(ctx context.Context, ix *identities, rep *Report) error {
	known := map[string]bool{}
	for _, ref := range rep.Unresolved {
		found, seen := known[ref.ID]
		if !seen {
			_, err := ix.store.Entity(ctx, ref.ID)
			switch {
			case err == nil:
				found = true
			case graph.Is(err, graph.NotFound):
				if _, found, err = ix.lookupRef(ctx, ref.ID); err != nil {
					return err
				}
			default:
				return err
			}
			known[ref.ID] = found
		}
		if !found {
			rep.Errorf(ref.File, ref.Line, ref.Field, "unknown entity id %q: it is neither in this import nor in the map", ref.ID)
		}
	}
	rep.Unresolved = nil
	return nil
}

// wrap names op in an error's trail; graph.CodeOf, MessageOf and DetailsOf
// still find the cause's code, message and details.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &graph.Error{Op: op, Err: err}
}

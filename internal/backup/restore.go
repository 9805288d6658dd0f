package backup

import (
	"context"
	"fmt"
	"io"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Verify reads a whole backup and checks every line: the header, each
// record (its JSON, its fields as the store would check them, its place in
// backup order) and the last line's counts. It writes nothing and returns
// the counts. Errors are Invalid and name the line and the field.
func Verify(ctx context.Context, r io.Reader) (Counts, error) {
	rd, err := newReader(r)
	if err != nil {
		return nil, err
	}
	for {
		if _, err := rd.next(ctx); err == io.EOF {
			return rd.counts, nil
		} else if err != nil {
			return nil, err
		}
	}
}

// Options tune a restore.
type Options struct {
	// BatchSize caps the entities or relationships written per
	// transaction; other records, which can be larger, go in batches of at
	// most a tenth of it. Zero means 5000.
	BatchSize int
	// Progress follows the load, in records; nil shows nothing.
	Progress format.Progress
}

// Restore loads the backup that open opens into dst, which must hold no
// record (else Conflict), and returns the counts it loaded. It opens the
// file twice: first it checks the whole file (Verify), so that a damaged
// file writes nothing; then it loads the records in batches, kind after
// kind, so that memory stays bounded. Records keep their ids, timestamps
// and token hashes. A restore that stops half-way (a failed write, a
// cancelled ctx, a killed process) leaves dst holding the batches written
// so far: empty the store and restore again.
func Restore(ctx context.Context, open func() (io.ReadCloser, error), dst graph.BackupStore, opt Options) (Counts, error) {
	const op = "backup.Restore"
	empty, err := dst.Empty(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, graph.Errorf(op, graph.Conflict,
			"the store is not empty: restore loads a backup into an empty store only (a new data folder, or an empty Neo4j database)")
	}
	want, err := readWith(open, func(r io.Reader) (Counts, error) { return Verify(ctx, r) })
	if err != nil {
		return nil, err
	}
	p := format.Or(opt.Progress)
	p.Start(want.Total(), "records")
	defer p.Finish()
	graphBatch := opt.BatchSize
	if graphBatch <= 0 {
		graphBatch = 5000
	}
	otherBatch := max(1, graphBatch/10)
	return readWith(open, func(r io.Reader) (Counts, error) {
		rd, err := newReader(r)
		if err != nil {
			return nil, err
		}
		var batch []graph.Record
		first := 0 // the line of batch[0]
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if err := dst.Load(ctx, batch); err != nil {
				return &graph.Error{Op: op, Code: graph.CodeOf(err), Details: graph.DetailsOf(err),
					Message: fmt.Sprintf("writing lines %d to %d (%s records): %s; the store holds the batches before them",
						first, first+len(batch)-1, batch[0].Kind, graph.MessageOf(err))}
			}
			p.Add(int64(len(batch)))
			batch = batch[:0]
			return nil
		}
		for {
			rec, err := rd.next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			size := otherBatch
			if rec.Kind.Graph() {
				size = graphBatch
			}
			if len(batch) > 0 && (batch[0].Kind != rec.Kind || len(batch) >= size) {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			if len(batch) == 0 {
				first = rd.n
			}
			batch = append(batch, rec)
		}
		if err := flush(); err != nil {
			return nil, err
		}
		for _, k := range graph.RecordKinds() {
			if rd.counts[k] != want[k] {
				return nil, graph.Errorf(op, graph.Conflict, "the file changed during the restore: it held %d %s records, then %d", want[k], k, rd.counts[k])
			}
		}
		return rd.counts, nil
	})
}

// readWith opens the file, reads it with read and closes it.
func readWith(open func() (io.ReadCloser, error), read func(io.Reader) (Counts, error)) (Counts, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	c, err := read(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		return nil, cerr
	}
	return c, err
}

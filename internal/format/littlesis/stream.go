package littlesis

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/spill"
)

// DefaultBatchSize is the number of records in each batch a LittleSis
// import applies.
const DefaultBatchSize = 40_000

// spillBytes is the memory of each of the two sorts that check ids.
const spillBytes = 16 << 20

var _ format.StreamReader = Reader{}

// Read implements format.Reader: every record in one batch.
func (r Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	return format.ReadPrepared(ctx, r, paths, p)
}

// Prepare implements format.StreamReader. It reads every file once and
// checks every record: it must parse and validate, no id may come twice
// with different content, and a relationship's ends must be entities of
// the import (or of the map, which format.Registry.Import looks up). The
// ids go through two external sorts, so memory does not grow with the
// files; Write then reads the files again, in batches. Entities are read
// from every file before relationships.
func (r Reader) Prepare(ctx context.Context, paths []string, p format.Progress) (format.Pending, *format.Report, error) {
	p = format.Or(p)
	p.Start(-1, "records")
	defer p.Finish()
	rep := format.NewReport(Name)
	dir, err := os.MkdirTemp(r.TempDir, "powermap-littlesis-")
	if err != nil {
		return nil, rep, graph.E(op, graph.Internal, err)
	}
	pd := &pending{dir: dir, size: r.BatchSize, paths: paths, files: map[string]fileStamp{}}
	if pd.size <= 0 {
		pd.size = DefaultBatchSize
	}
	for _, path := range paths {
		st, err := stamp(path)
		if err != nil {
			pd.Close()
			return nil, rep, graph.E(op, graph.Invalid, err, graph.Detail{File: path, Reason: "cannot read: " + err.Error()})
		}
		pd.files[path] = st
	}
	// ids holds every record's revision under its kind and id, to find ids
	// that come twice; ends holds each entity id, and each relationship end
	// with where it was read, to find ends outside the import.
	ids := spill.New(filepath.Join(dir, "ids"), spillBytes)
	ends := spill.New(filepath.Join(dir, "ends"), spillBytes)
	defer ids.Wait()
	defer ends.Wait()
	var sortErr error
	add := func(s *spill.Spill, key, value string) {
		if err := s.Add(key, []byte(value)); err != nil && sortErr == nil {
			sortErr = err
		}
	}
	pd.relFiles, err = scan(ctx, paths, rep, p.Add,
		func(_ string, e *graph.Entity) {
			add(ids, "e"+e.ID, e.Revision())
			add(ends, e.ID, "")
		},
		func(path string, x *graph.Relationship) {
			add(ids, "r"+x.ID, x.Revision())
			add(ends, x.Source, path+"\x00entity1_id")
			add(ends, x.Target, path+"\x00entity2_id")
		})
	if err == nil {
		err = sortErr
	}
	if err == nil {
		err = ids.Each(func(key []byte, revs [][]byte) error {
			for _, rev := range revs[1:] {
				if string(rev) != string(revs[0]) {
					kind := map[byte]string{'e': "entity", 'r': "relationship"}[key[0]]
					rep.Error(graph.Detail{Record: string(key[1:]), Field: "id", Reason: "duplicate " + kind + " id with different content"})
					break
				}
			}
			return nil
		})
	}
	if err == nil {
		err = ends.Each(func(id []byte, where [][]byte) error {
			for _, w := range where {
				if len(w) == 0 {
					return nil // an entity of the import
				}
			}
			file, field, _ := strings.Cut(string(where[0]), "\x00")
			rep.Refer(format.Reference{ID: string(id), File: file, Field: field})
			return nil
		})
	}
	if err != nil {
		pd.Close()
		return nil, rep, graph.E(op, graph.Internal, err)
	}
	if err := rep.Err(op); err != nil {
		pd.Close()
		return nil, rep, err
	}
	pd.records = int64(rep.Records)
	return pd, rep, nil
}

// fileStamp tells whether a file changed between Prepare and Write.
type fileStamp struct {
	size int64
	mod  time.Time
}

func stamp(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{fi.Size(), fi.ModTime()}, nil
}

// pending is the format.Pending of a LittleSis import: the checked files,
// read again by Write.
type pending struct {
	dir      string
	size     int
	paths    []string
	files    map[string]fileStamp
	relFiles []string
	records  int64
}

// Write implements format.Pending: the entities of every file, then the
// relationships, in batches of the Reader's BatchSize.
func (pd *pending) Write(ctx context.Context, apply func(*graph.Batch) error, p format.Progress) error {
	p = format.Or(p)
	p.Start(pd.records, "records")
	defer p.Finish()
	for path, st := range pd.files {
		if now, err := stamp(path); err != nil || now != st {
			return graph.Errorf(op, graph.Invalid, "%s changed after it was checked; import it again", path)
		}
	}
	b := &graph.Batch{}
	var n int64
	flush := func() error {
		if len(b.Entities)+len(b.Relationships) == 0 {
			return nil
		}
		if err := apply(b); err != nil {
			return err
		}
		p.Add(n)
		b, n = &graph.Batch{}, 0
		return nil
	}
	var err error
	full := func() {
		n++
		if err == nil && len(b.Entities)+len(b.Relationships) >= pd.size {
			err = flush()
		}
	}
	_, serr := scan(ctx, pd.paths, nil, nil,
		func(_ string, e *graph.Entity) { b.Entities = append(b.Entities, *e); full() },
		func(_ string, x *graph.Relationship) { b.Relationships = append(b.Relationships, *x); full() })
	if err != nil {
		return err
	}
	if serr != nil {
		return serr
	}
	return flush()
}

// Close implements format.Pending.
func (pd *pending) Close() error { return os.RemoveAll(pd.dir) }

// scan reads the entities of every file, then the relationships of the
// files that hold them (which it returns), each normalized and validated.
// A record that does not parse or validate is reported in rep and left
// out; without rep it stops the scan.
func scan(ctx context.Context, paths []string, rep *format.Report, progress func(int64),
	ent func(path string, e *graph.Entity), rel func(path string, r *graph.Relationship)) ([]string, error) {
	if progress == nil {
		progress = func(int64) {}
	}
	bad := func(d graph.Detail) error {
		if rep == nil {
			return &graph.Error{Op: op, Code: graph.Invalid, Message: d.String(), Details: []graph.Detail{d}}
		}
		rep.Error(d)
		return nil
	}
	var relFiles []string
	for _, path := range paths {
		isRel := false
		err := stream(ctx, path, func(i int, raw json.RawMessage) error {
			var probe map[string]json.RawMessage
			if json.Unmarshal(raw, &probe) == nil {
				if _, ok := probe["entity1_id"]; ok {
					isRel = true
					return errStop
				}
			}
			var a entityAttrs
			if err := json.Unmarshal(raw, &a); err != nil {
				return bad(graph.Detail{File: path, Record: "record " + strconv.Itoa(i), Reason: "not a LittleSis entity: " + err.Error()})
			}
			progress(1)
			if rep != nil {
				rep.Records++
			}
			e, reason := entity(a)
			if reason != "" {
				return bad(graph.Detail{File: path, Record: ID(a.ID), Field: "name", Reason: reason})
			}
			e.Normalize()
			if err := e.Validate(); err != nil {
				return badAll(bad, path, err)
			}
			ent(path, &e)
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			if err := bad(graph.Detail{File: path, Reason: graph.MessageOf(err)}); err != nil {
				return nil, err
			}
		}
		if rep != nil {
			rep.Files++
		}
		if isRel {
			relFiles = append(relFiles, path)
		}
	}
	for _, path := range relFiles {
		err := stream(ctx, path, func(i int, raw json.RawMessage) error {
			var a relAttrs
			if err := json.Unmarshal(raw, &a); err != nil {
				return bad(graph.Detail{File: path, Record: "record " + strconv.Itoa(i), Reason: "not a LittleSis relationship: " + err.Error()})
			}
			progress(1)
			if rep != nil {
				rep.Records++
			}
			r, field, reason := relationship(a)
			if reason != "" {
				return bad(graph.Detail{File: path, Record: "littlesis relationship " + strconv.FormatInt(a.ID, 10), Field: field, Reason: reason})
			}
			r.Normalize()
			if err := r.Validate(); err != nil {
				return badAll(bad, path, err)
			}
			rel(path, &r)
			return nil
		})
		if err != nil {
			if err := bad(graph.Detail{File: path, Reason: graph.MessageOf(err)}); err != nil {
				return nil, err
			}
		}
	}
	return relFiles, nil
}

// badAll reports each detail of a validation error, naming the file.
func badAll(bad func(graph.Detail) error, path string, err error) error {
	for _, d := range graph.DetailsOf(err) {
		d.File = path
		if err := bad(d); err != nil {
			return err
		}
	}
	return nil
}

// errStop ends the reading of a file early.
var errStop = errors.New("stop")

package fec

import (
	"context"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/congress"
)

// Reader is the format.Reader of FEC bulk data folders. A path may also be
// a congress-legislators folder: it is imported in the same batch, and its
// officials stand for their FEC candidates.
type Reader struct {
	// Officials, when set, supplies more FEC candidate id → official
	// mappings, typically OfficialsFromStore over the target store.
	Officials func(ctx context.Context) (map[string]string, error)
}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return Name }

// Detect implements format.Reader: at least one path is an FEC folder and
// the others are FEC or congress-legislators folders.
func (Reader) Detect(paths []string) (bool, error) {
	fec := false
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return false, graph.E("fec.Detect", graph.Invalid, err, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
		}
		fsys := os.DirFS(p)
		switch {
		case Detect(fsys):
			fec = true
		case congress.Detect(fsys):
		default:
			return false, nil
		}
	}
	return fec, nil
}

// Read implements format.Reader.
func (r Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	p = format.Or(p)
	rep := format.NewReport(Name)
	b := &graph.Batch{}
	officials := map[string]string{}
	if r.Officials != nil {
		m, err := r.Officials(ctx)
		if err != nil {
			return nil, rep, err
		}
		for k, v := range m {
			officials[k] = v
		}
	}
	var fecDirs []string
	for _, dir := range paths {
		if !congress.Detect(os.DirFS(dir)) || Detect(os.DirFS(dir)) {
			fecDirs = append(fecDirs, dir)
			continue
		}
		res, err := congress.Read(ctx, os.DirFS(dir))
		if err != nil {
			addErrors(rep, dir, err)
			continue
		}
		rep.Files++
		b.Entities = append(b.Entities, res.Batch.Entities...)
		b.Relationships = append(b.Relationships, res.Batch.Relationships...)
		for k, v := range OfficialsFrom(res.Batch.Entities) {
			officials[k] = v
		}
	}
	// Progress counts bytes of the data files, the only total known before
	// reading: the bar shows their rate and the time left.
	var total int64
	for _, dir := range fecDirs {
		if files, err := dataFiles(os.DirFS(dir)); err == nil {
			for _, f := range files {
				if fi, err := os.Stat(filepath.Join(dir, f.name)); err == nil {
					total += fi.Size()
				}
			}
		}
	}
	p.Start(total, "bytes")
	defer p.Finish()
	for _, dir := range fecDirs {
		res, err := Read(ctx, os.DirFS(dir), Options{Officials: officials, Progress: p.Add})
		if err != nil {
			if graph.CodeOf(err) != graph.Invalid {
				return nil, rep, err
			}
			addErrors(rep, dir, err)
			continue
		}
		for _, n := range res.Rows {
			rep.Records += n
		}
		rep.Files += len(res.Rows)
		for _, s := range res.Skipped {
			file := dir
			if s.File != "" {
				file = filepath.Join(dir, s.File)
			}
			rep.Skip(file, s.Line, "SUB_ID "+s.Record+": "+s.Reason)
		}
		b.Entities = append(b.Entities, res.Batch.Entities...)
		b.Relationships = append(b.Relationships, res.Batch.Relationships...)
	}
	if err := rep.Err("fec.Read"); err != nil {
		return nil, rep, err
	}
	// Officials named by id but imported earlier are looked up in the
	// store by format.Registry.Import.
	have := make(map[string]bool, len(b.Entities))
	for i := range b.Entities {
		have[b.Entities[i].ID] = true
	}
	for i := range b.Relationships {
		rel := &b.Relationships[i]
		for field, id := range map[string]string{"source": rel.Source, "target": rel.Target} {
			if !have[id] {
				have[id] = true
				rep.Refer(format.Reference{ID: id, Field: field})
			}
		}
	}
	return b, rep, nil
}

func addErrors(rep *format.Report, dir string, err error) {
	ds := graph.DetailsOf(err)
	if len(ds) == 0 {
		ds = []graph.Detail{{Reason: graph.MessageOf(err)}}
	}
	for _, d := range ds {
		d.File = filepath.Join(dir, d.File)
		rep.Error(d)
	}
}

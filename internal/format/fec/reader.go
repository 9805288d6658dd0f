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
	// TempDir is where transactions are spilled while they are sorted;
	// empty means os.TempDir().
	TempDir string
	// BatchSize caps the records of each batch applied; 0 means
	// DefaultBatchSize.
	BatchSize int
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

// Read implements format.Reader: every record in one batch.
func (r Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	return format.ReadPrepared(ctx, r, paths, p)
}

var _ format.StreamReader = Reader{}

// Prepare implements format.StreamReader. It reads the congress-legislators
// folders into memory, then parses and checks each FEC folder, spilling
// its transactions to disk; nothing is handed over until every folder has
// passed.
func (r Reader) Prepare(ctx context.Context, paths []string, p format.Progress) (format.Pending, *format.Report, error) {
	p = format.Or(p)
	rep := format.NewReport(Name)
	pd := &pending{congress: &graph.Batch{}}
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
		pd.congress.Entities = append(pd.congress.Entities, res.Batch.Entities...)
		pd.congress.Relationships = append(pd.congress.Relationships, res.Batch.Relationships...)
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
	fail := func(err error) (format.Pending, *format.Report, error) {
		pd.Close()
		return nil, rep, err
	}
	for _, dir := range fecDirs {
		parsed, err := Parse(ctx, os.DirFS(dir), Options{Officials: officials, Progress: p.Add, TempDir: r.TempDir, BatchSize: r.BatchSize})
		if err != nil {
			if graph.CodeOf(err) != graph.Invalid {
				return fail(err)
			}
			addErrors(rep, dir, err)
			continue
		}
		pd.dirs = append(pd.dirs, dir)
		pd.parsed = append(pd.parsed, parsed)
		for _, n := range parsed.Rows() {
			rep.Records += n
		}
		rep.Files += len(parsed.Rows())
		pd.skip(rep, len(pd.parsed)-1)
	}
	if err := rep.Err("fec.Read"); err != nil {
		return fail(err)
	}
	// Officials named by id but imported earlier are looked up in the
	// store by format.Registry.Import.
	have := make(map[string]bool, len(pd.congress.Entities))
	for i := range pd.congress.Entities {
		have[pd.congress.Entities[i].ID] = true
	}
	for _, parsed := range pd.parsed {
		for _, id := range parsed.Officials() {
			if !have[id] {
				have[id] = true
				rep.Refer(format.Reference{ID: id, Field: "target"})
			}
		}
	}
	pd.rep = rep
	return pd, rep, nil
}

// pending is the format.Pending of an FEC import.
type pending struct {
	congress *graph.Batch
	dirs     []string
	parsed   []*Parsed
	rep      *format.Report
	skipped  []int // how many of each folder's skipped rows are in rep
}

// skip adds the skipped rows of folder i not yet in the report.
func (pd *pending) skip(rep *format.Report, i int) {
	for len(pd.skipped) <= i {
		pd.skipped = append(pd.skipped, 0)
	}
	all := pd.parsed[i].Skipped()
	for _, s := range all[pd.skipped[i]:] {
		file := pd.dirs[i]
		if s.File != "" {
			file = filepath.Join(pd.dirs[i], s.File)
		}
		rep.Skip(file, s.Line, "SUB_ID "+s.Record+": "+s.Reason)
	}
	pd.skipped[i] = len(all)
}

// Write implements format.Pending: the congress-legislators records first,
// then each FEC folder's batches. The progress bar counts rows and records
// written.
func (pd *pending) Write(ctx context.Context, apply func(*graph.Batch) error, p format.Progress) error {
	p = format.Or(p)
	var total int64
	for _, parsed := range pd.parsed {
		total += parsed.Work()
	}
	p.Start(total, "rows")
	defer p.Finish()
	if len(pd.congress.Entities)+len(pd.congress.Relationships) > 0 {
		if err := apply(pd.congress); err != nil {
			return err
		}
	}
	for i, parsed := range pd.parsed {
		if err := parsed.Write(ctx, apply, p.Add); err != nil {
			return err
		}
		if pd.rep != nil {
			pd.skip(pd.rep, i)
		}
	}
	return nil
}

// Close implements format.Pending.
func (pd *pending) Close() error {
	var first error
	for _, parsed := range pd.parsed {
		if err := parsed.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
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

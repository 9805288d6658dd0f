package congress

import (
	"context"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Reader is the format.Reader of congress-legislators folders.
type Reader struct{}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return Name }

// Detect implements format.Reader: every path is a folder holding
// legislators-current.yaml.
func (Reader) Detect(paths []string) (bool, error) {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return false, graph.E("congress.Detect", graph.Invalid, err, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
		}
		if !Detect(os.DirFS(p)) {
			return false, nil
		}
	}
	return len(paths) > 0, nil
}

// Read implements format.Reader.
func (Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	p = format.Or(p)
	rep := format.NewReport(Name)
	b := &graph.Batch{}
	p.Start(int64(len(paths)), "folders")
	defer p.Finish()
	for _, dir := range paths {
		res, err := Read(ctx, os.DirFS(dir))
		p.Add(1)
		if err != nil {
			if graph.CodeOf(err) != graph.Invalid {
				return nil, rep, err
			}
			ds := graph.DetailsOf(err)
			if len(ds) == 0 {
				ds = []graph.Detail{{Reason: graph.MessageOf(err)}}
			}
			for _, d := range ds {
				d.File = filepath.Join(dir, d.File)
				rep.Error(d)
			}
			continue
		}
		rep.Files++
		for _, s := range res.Skipped {
			rep.Skip(filepath.Join(dir, s.File), s.Line, s.Reason)
		}
		b.Entities = append(b.Entities, res.Batch.Entities...)
		b.Relationships = append(b.Relationships, res.Batch.Relationships...)
	}
	if err := rep.Err("congress.Read"); err != nil {
		return nil, rep, err
	}
	rep.Records = len(b.Entities) + len(b.Relationships)
	return b, rep, nil
}

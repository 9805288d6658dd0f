package openstates

import (
	"context"
	"os"
	"path/filepath"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Reader is the format.Reader of Open States folders: each path is a folder
// such as data/il of openstates/people.
type Reader struct {
	Options Options
}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return Name }

// Detect implements format.Reader: every path is a folder holding Open
// States YAML.
func (Reader) Detect(paths []string) (bool, error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return false, graph.E("openstates.Detect", graph.Invalid, err, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
		}
		if !st.IsDir() || !Detect(os.DirFS(p)) {
			return false, nil
		}
	}
	return len(paths) > 0, nil
}

// Read implements format.Reader.
func (r Reader) Read(ctx context.Context, paths []string, p format.Progress) (*graph.Batch, *format.Report, error) {
	p = format.Or(p)
	rep := format.NewReport(Name)
	b := &graph.Batch{}
	p.Start(int64(len(paths)), "folders")
	defer p.Finish()
	for _, dir := range paths {
		res, err := Read(ctx, os.DirFS(dir), r.Options)
		p.Add(1)
		if err != nil {
			if graph.CodeOf(err) != graph.Invalid {
				return nil, rep, err
			}
			for _, d := range graph.DetailsOf(err) {
				if d.File != "" {
					d.File = filepath.Join(dir, d.File)
				} else {
					d.File = dir
				}
				rep.Error(d)
			}
			if len(graph.DetailsOf(err)) == 0 {
				rep.Error(graph.Detail{File: dir, Reason: graph.MessageOf(err)})
			}
			continue
		}
		rep.Files += res.People + res.Committees
		for _, s := range res.Skipped {
			rep.Skip(filepath.Join(dir, s.File), s.Line, s.Field+": "+s.Reason)
		}
		b.Entities = append(b.Entities, res.Batch.Entities...)
		b.Relationships = append(b.Relationships, res.Batch.Relationships...)
	}
	if err := rep.Err("openstates.Read"); err != nil {
		return nil, rep, err
	}
	rep.Records = len(b.Entities) + len(b.Relationships)
	return b, rep, nil
}

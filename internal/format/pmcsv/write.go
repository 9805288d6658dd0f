package pmcsv

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/csvsafe"
)

// Writer writes the powermap CSV format as a zip holding entities.csv and
// relationships.csv, for an HTTP download. WriteDir writes the two files to
// a folder instead.
type Writer struct{}

var _ format.Writer = Writer{}

// Name implements format.Writer.
func (Writer) Name() string { return "csv" }

// ContentType implements format.Writer.
func (Writer) ContentType() string { return "application/zip" }

// Write implements format.Writer. It calls src twice: once to learn the
// property names, which become columns, and once to write.
func (Writer) Write(ctx context.Context, w io.Writer, src format.Source) error {
	zw := zip.NewWriter(w)
	open := func(name string) func() (io.Writer, error) {
		return func() (io.Writer, error) {
			return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		}
	}
	if err := write(ctx, src, open(EntitiesFile), open(RelationshipsFile)); err != nil {
		return err
	}
	return zw.Close()
}

// WriteDir writes entities.csv and relationships.csv into dir, creating it
// if needed. Each file is written under a temporary name and renamed when
// complete, so a failed export leaves no half-written file behind.
func WriteDir(ctx context.Context, dir string, src format.Source) error {
	const op = "pmcsv.WriteDir"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &graph.Error{Op: op, Code: graph.Invalid, Message: "cannot create folder " + dir, Err: err}
	}
	var created []*os.File
	defer func() {
		for _, f := range created {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	open := func(name string) func() (io.Writer, error) {
		return func() (io.Writer, error) {
			f, err := os.CreateTemp(dir, "."+name+".*")
			if err != nil {
				return nil, err
			}
			created = append(created, f)
			return f, nil
		}
	}
	if err := write(ctx, src, open(EntitiesFile), open(RelationshipsFile)); err != nil {
		return &graph.Error{Op: op, Err: err}
	}
	for i, name := range []string{EntitiesFile, RelationshipsFile} {
		f := created[i]
		if err := f.Sync(); err != nil {
			return &graph.Error{Op: op, Code: graph.Internal, Message: "cannot write " + name, Err: err}
		}
		if err := f.Close(); err != nil {
			return &graph.Error{Op: op, Code: graph.Internal, Message: "cannot write " + name, Err: err}
		}
		if err := os.Rename(f.Name(), filepath.Join(dir, name)); err != nil {
			return &graph.Error{Op: op, Code: graph.Internal, Message: "cannot write " + name, Err: err}
		}
	}
	created = nil
	return nil
}

// zipTime is the fixed modification time of exported zip entries, so that
// the same map always gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// write makes the two passes over src. openEnts and openRels are called once
// each, in that order, when their file begins.
func write(ctx context.Context, src format.Source, openEnts, openRels func() (io.Writer, error)) error {
	entProps, relProps, err := propKeys(ctx, src)
	if err != nil {
		return err
	}
	entHeader := append(append([]string(nil), entityColumns...), headers(entProps, entityColumns)...)
	relHeader := append(append([]string(nil), relationshipColumns...), headers(relProps, relationshipColumns)...)

	w, err := openEnts()
	if err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(entHeader); err != nil {
		return err
	}
	row := make([]string, len(entHeader))
	relsStarted := false
	startRels := func() error {
		if relsStarted {
			return nil
		}
		relsStarted = true
		if cw.Flush(); cw.Error() != nil {
			return cw.Error()
		}
		w, err := openRels()
		if err != nil {
			return err
		}
		cw = csvsafe.NewWriter(w)
		row = make([]string, len(relHeader))
		return cw.Write(relHeader)
	}
	n := 0
	err = src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := entityRow(row, e, entProps); err != nil {
				return err
			}
			return cw.Write(row)
		},
		Relationship: func(r *graph.Relationship) error {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := startRels(); err != nil {
				return err
			}
			if err := relationshipRow(row, r, relProps); err != nil {
				return err
			}
			return cw.Write(row)
		},
	})
	if err != nil {
		return err
	}
	if err := startRels(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// propKeys collects the property names of every record, sorted.
func propKeys(ctx context.Context, src format.Source) (ents, rels []string, err error) {
	es, rs := map[string]bool{}, map[string]bool{}
	err = src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			for k := range e.Props {
				es[k] = true
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			for k := range r.Props {
				rs[k] = true
			}
			return nil
		},
	})
	return sortedKeys(es), sortedKeys(rs), err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func headers(props, known []string) []string {
	out := make([]string, len(props))
	for i, k := range props {
		out[i] = propColumn(k, known)
	}
	return out
}

func changed(id string) error {
	return graph.Errorf("pmcsv.Write", graph.Conflict, "the map changed during the export (record %q has a new property); export again", id)
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func entityRow(row []string, e *graph.Entity, props []string) error {
	copy(row, []string{e.ID, string(e.Kind), e.Name, joinMulti(e.Labels), boolText(e.Ours), "", e.Title, e.Party,
		e.Chamber, e.District, e.OrgType, e.Email, e.Phone, e.Notes, e.SourceURL, joinMulti(e.Aliases)})
	if e.Private {
		row[5] = "true"
	}
	return fillProps(row[len(entityColumns):], e.ID, e.Props, props)
}

func relationshipRow(row []string, r *graph.Relationship, props []string) error {
	amount := ""
	if r.Amount != 0 {
		amount = formatNumber(r.Amount)
	}
	copy(row, []string{r.ID, r.Source, r.Target, string(r.Type), formatNumber(r.Strength), r.Since, r.Until,
		amount, r.Date, r.SourceURL, r.Notes})
	return fillProps(row[len(relationshipColumns):], r.ID, r.Props, props)
}

// fillProps writes a record's properties under their columns. A property
// the first pass did not see means the source changed between passes.
func fillProps(cells []string, id string, values map[string]string, keys []string) error {
	found := 0
	for i, k := range keys {
		v, ok := values[k]
		cells[i] = v
		if ok {
			found++
		}
	}
	if found != len(values) {
		return changed(id)
	}
	return nil
}

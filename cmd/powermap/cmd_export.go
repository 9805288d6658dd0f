package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
)

func exportCommand() *command {
	var (
		formatName     string
		out            string
		kinds, labels  string
		types          string
		includePrivate bool
	)
	names := strings.Join(formats(nil).WriterNames(), ", ")
	return &command{
		name:    "export",
		summary: "write the map (or part of it) as JSON, CSV, GraphML, GEXF or Kumu",
		usage:   "export --format NAME [--out PATH] [--kind K,...] [--label L,...] [--types T,...] [--include-private]",
		help: `Export writes the map, or the part of it the filters keep, in one format
(` + names + `), to --out or to standard output.

The csv format is two files, entities.csv and relationships.csv, in the
format import reads back exactly: --out DIR writes them into a folder, and
--out FILE.zip into one zip, as the API's export downloads it.

Private records (clients, and entities marked private) and their
relationships are left out, and the command says how many, unless
--include-private is given.

Examples:
  powermap export --format csv --out ./backup
  powermap export --format gexf --out map.gexf     # for Gephi
  powermap export --format json --kind official,donor --types DONATED_TO > money.json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&formatName, "format", "", "output format `NAME` (required): "+names)
			fs.StringVar(&out, "out", "", "the output `PATH`: a file, or for csv a folder or a .zip file (default: standard output, except for csv)")
			fs.StringVar(&kinds, "kind", "", "keep only these entity `KINDS` (comma-separated)")
			fs.StringVar(&labels, "label", "", "keep only entities with one of these `LABELS` (comma-separated)")
			fs.StringVar(&types, "types", "", "keep only these relationship `TYPES` (comma-separated)")
			fs.BoolVar(&includePrivate, "include-private", false, "include clients and other private records (default: leave them out and say how many)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (use --out PATH)", args[0])
			}
			if formatName == "" {
				return usagef("--format is required: one of %s", names)
			}
			w, err := formats(nil).Writer(formatName)
			if err != nil {
				return usagef("%s", errorText(err))
			}
			csvDir := false
			if w.Name() == "csv" {
				switch ext := strings.ToLower(filepath.Ext(out)); {
				case out == "":
					return usagef("--format csv writes two files: give --out DIR for a folder, or --out FILE.zip")
				case ext == ".csv":
					return usagef("--format csv writes two files, entities.csv and relationships.csv: give --out a folder or a .zip file, not %s", out)
				case ext != ".zip":
					csvDir = true
				}
			}
			filter := format.Filter{Labels: splitList(labels), IncludePrivate: includePrivate}
			for _, k := range splitList(kinds) {
				kind, err := graph.ParseKind(k)
				if err != nil {
					return usagef("--kind: %s", errorText(err))
				}
				filter.Kinds = append(filter.Kinds, kind)
			}
			if filter.Types, err = graph.ParseRelTypes(types); err != nil {
				return usagef("--types: %s", errorText(err))
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				ex, err := a.Export(ctx, m.caller(), app.ExportQuery{Format: w.Name(), Filter: filter})
				if err != nil {
					return err
				}
				switch {
				case csvDir:
					err = pmcsv.WriteDir(ctx, out, ex.Source())
				case out == "":
					err = writeBuffered(m.Stdout, func(dst io.Writer) error { return ex.Write(ctx, dst) })
				default:
					err = writeFile(out, func(dst io.Writer) error { return ex.Write(ctx, dst) })
				}
				if left := ex.LeftOut(); err == nil && left.Entities > 0 {
					fmt.Fprintf(m.Stderr, "left out %s", plural(left.Entities, "private entity", "private entities"))
					if left.Relationships > 0 {
						fmt.Fprintf(m.Stderr, " and %d of their relationships", left.Relationships)
					}
					fmt.Fprintln(m.Stderr, "; pass --include-private to export them")
				}
				return err
			})
		},
	}
}

// plural writes n with the singular or the plural noun: "1 hop", "2 hops".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// writeBuffered runs write on a buffer over dst and flushes it.
func writeBuffered(dst io.Writer, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(dst, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// writeFile writes the file path through write, under a temporary name that
// is renamed when complete: a failed export leaves no half-written file.
func writeFile(path string, write func(io.Writer) error) (err error) {
	const op = "export"
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return graph.Errorf(op, graph.Invalid, "%s is a folder: give --out a file name", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return &graph.Error{Op: op, Code: graph.Invalid, Message: "cannot write " + path, Err: err}
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := writeBuffered(f, write); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return &graph.Error{Op: op, Code: graph.Internal, Message: "cannot write " + path, Err: err}
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return &graph.Error{Op: op, Code: graph.Internal, Message: "cannot write " + path, Err: err}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

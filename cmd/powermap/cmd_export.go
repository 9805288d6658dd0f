package main

import (
	"bufio"
	"context"
	"flag"
	"os"
	"strings"

	"github.com/powermap/powermap/graph"
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
	return &command{
		name:    "export",
		summary: "write the map (or part of it) as JSON, CSV, GraphML, GEXF or Kumu",
		usage:   "export --format NAME [--out PATH] [--kind K,...] [--label L,...] [--types T,...]",
		help: `Export writes the map to --out, or to standard output. The csv format writes
a folder holding entities.csv and relationships.csv (--out is required), and
re-imports exactly. Private records (clients, and entities marked private)
are left out unless --include-private is given.

Examples:
  powermap export --format csv --out ./backup
  powermap export --format json > map.json
  powermap export --format json --kind official,donor --types DONATED_TO`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&formatName, "format", "json", "output format: "+strings.Join(formats(nil).WriterNames(), ", "))
			fs.StringVar(&out, "out", "", "output file (a folder for csv); default standard output")
			fs.StringVar(&kinds, "kind", "", "keep only these entity kinds (comma-separated)")
			fs.StringVar(&labels, "label", "", "keep only entities with one of these labels (comma-separated)")
			fs.StringVar(&types, "types", "", "keep only these relationship types (comma-separated)")
			fs.BoolVar(&includePrivate, "include-private", false, "include clients and other private records")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (use --out PATH)", args[0])
			}
			w, err := formats(nil).Writer(formatName)
			if err != nil {
				return usagef("%s", errorText(err))
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
			s, err := m.openExisting(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			src := format.StoreSource(s, filter)
			if formatName == "csv" {
				if out == "" {
					return usagef("--format csv writes a folder: give --out DIR")
				}
				return pmcsv.WriteDir(ctx, out, src)
			}
			dst := m.Stdout
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				dst = f
			}
			bw := bufio.NewWriterSize(dst, 1<<16)
			if err := w.Write(ctx, bw, src); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
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

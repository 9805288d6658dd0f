package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/format"
)

func importCommand() *command {
	var (
		formatName string
		asJSON     bool
	)
	return &command{
		name:    "import",
		summary: "load a map from files (CSV, Open States, congress, FEC, LittleSis, Kumu)",
		usage:   "import [--format NAME] [--json] PATH...",
		help: `Import loads a map from files into the store. Importing the same files
again changes nothing: ids are the keys.

Formats: csv (entities.csv and relationships.csv, or the zip of a csv
export), json, openstates (Open States YAML), congress
(congress-legislators YAML), fec (FEC bulk files), littlesis (bulk JSON)
and kumu. Without --format the format is detected from the files.

Records that share a strong identifier (Bioguide, FEC, OpenSecrets,
Vote Smart, Wikidata, GovTrack, ICPSR, LittleSis, Open States ids...) with
an entity already in the map, or earlier in the import, are merged into that
one entity whatever their source; their ties follow. Records whose ids
point at two entities are not merged, and the report says why.

Import reads every file first and checks every row. If any row is bad it
prints each problem with its file, line and field, and writes nothing. If all
rows are good it writes them in one transaction.

FEC and LittleSis bulk files can hold millions of records: they are checked
in full with the help of sorted files in the temporary folder (set TMPDIR to
move it), then written in batches of 40,000 records, one transaction each,
so memory stays flat. If such an import stops part way, run the same
command again to finish it.

Examples:
  powermap import ./my-map/                      # entities.csv + relationships.csv
  powermap import --format openstates ./openstates/data/il
  powermap import ./congress-legislators/ ./fec-2016/  # who funds whom`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&formatName, "format", "", "input format `NAME`: "+strings.Join(formats(nil).ReaderNames(), ", ")+" (default: detect)")
			fs.BoolVar(&asJSON, "json", false, "print the import report as JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give at least one PATH to import")
			}
			if formatName != "" {
				if _, err := formats(nil).Reader(formatName); err != nil {
					return usagef("%s", errorText(err))
				}
			}
			return m.withApp(ctx, m.openStore, "", func(a *app.App) error {
				progress := format.NewTerminal(os.Stderr, "importing")
				report, err := a.Import(ctx, m.caller(), app.ImportQuery{Format: formatName, Paths: args, Progress: progress})
				if asJSON && report != nil {
					enc := json.NewEncoder(m.Stdout)
					enc.SetIndent("", "  ")
					if encErr := enc.Encode(report); encErr != nil {
						return encErr
					}
				}
				if err != nil {
					return err
				}
				if !asJSON {
					printReport(m, report)
				}
				return nil
			})
		},
	}
}

func printReport(m *Main, r *format.Report) {
	st := r.Stats
	fmt.Fprintf(m.Stdout, "imported %s (format %s) into %s\n", plural(r.Records, "record", "records"), r.Format, m.Config.Where())
	fmt.Fprintf(m.Stdout, "  entities:      %d created, %d updated, %d unchanged\n", st.EntitiesCreated, st.EntitiesUpdated, st.EntitiesUnchanged)
	fmt.Fprintf(m.Stdout, "  relationships: %d created, %d updated, %d unchanged\n", st.RelationshipsCreated, st.RelationshipsUpdated, st.RelationshipsUnchanged)
	if r.MergeCount > 0 {
		fmt.Fprintf(m.Stdout, "  merged:        %d records into entities sharing an identifier (see --json)\n", r.MergeCount)
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(m.Stdout, "  skipped:       %d\n", len(r.Skipped))
		for i, sk := range r.Skipped {
			if i == 20 {
				fmt.Fprintf(m.Stdout, "    ... and %d more (see --json)\n", len(r.Skipped)-20)
				break
			}
			switch {
			case sk.File != "":
				fmt.Fprintf(m.Stdout, "    %s:%d: %s\n", sk.File, sk.Line, sk.Reason)
			default:
				fmt.Fprintf(m.Stdout, "    %s %s: %s\n", sk.Record, sk.Field, sk.Reason)
			}
		}
	}
}

// errorText is the user-facing text of err.
func errorText(err error) string {
	if msg := graph.MessageOf(err); msg != "" {
		return msg
	}
	return err.Error()
}

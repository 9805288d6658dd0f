package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/backup"
	"github.com/powermap/powermap/internal/format"
)

func backupCommand() *command {
	var out string
	return &command{
		name:    "backup",
		summary: "write every record of the store to one backup file",
		usage:   "backup --out FILE",
		help: `Backup writes everything the store keeps to one file: entities and ties,
campaigns with their targets, the organizing log, outreach lists, events,
forum question banks, merges, review decisions, API tokens (as hashes) and
the audit log.

The file is gzip'd JSON Lines (powermap-backup, version 1), read back by
"powermap restore" into an empty store of either kind: that is how a map
moves from the embedded store to Neo4j and back. The same records always
give the same bytes. Browser sessions are not kept: after a restore,
people sign in again with their tokens, which still work.

The embedded store is read as it is while no server holds it; against a
running server, download GET /api/v1/backup with an admin token instead.
The file holds every private record and the token hashes: keep it as safe
as the store itself.

Examples:
  powermap backup --out map.pmbackup
  NEO4J_URI=bolt://db:7687 powermap backup --out neo4j.pmbackup`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&out, "out", "", "the backup `FILE` to write (written under a temporary name, then renamed); - for standard output")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (use --out FILE)", args[0])
			}
			if out == "" {
				return usagef("give --out FILE (or --out - for standard output)")
			}
			if m.Config.As != "" && m.Config.As != graph.RoleAdmin {
				return usagef("a backup holds every record: it cannot be made --as %s", m.Config.As)
			}
			if f, ok := m.Stdout.(*os.File); out == "-" && ok && term.IsTerminal(int(f.Fd())) {
				return usagef("a backup is binary: redirect standard output to a file, or give --out FILE")
			}
			s, err := m.openReadOnly(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			var counts backup.Counts
			write := func(w io.Writer) error {
				counts, err = backup.Write(ctx, w, s)
				return err
			}
			if out == "-" {
				err = write(m.Stdout)
			} else {
				err = writeFile(out, write)
			}
			if err != nil {
				return err
			}
			where := out
			if out == "-" {
				where = "standard output"
			}
			fmt.Fprintf(m.Stderr, "backed up %s from %s to %s\n", countsText(counts), m.Config.Where(), where)
			return nil
		},
	}
}

func restoreCommand() *command {
	var batch int
	return &command{
		name:    "restore",
		summary: "load a backup file into an empty store",
		usage:   "restore [--batch N] FILE",
		help: `Restore loads a file written by "powermap backup" into an empty store,
embedded (--data DIR) or Neo4j (NEO4J_URI), keeping every id, timestamp,
revision and token hash, so that tokens still sign in.

It reads the file twice. First it checks every line; a damaged file is
refused with the line and the field at fault, and nothing is written. Then
it loads the records in batches (one transaction each), with a progress bar
on a terminal. A store that holds any record is refused.

If a restore stops part way (a crash, Ctrl-C, a lost connection), the
store holds the batches written so far: empty it (a new --data folder, or
MATCH (n) WHERE NOT n:PowermapMeta DETACH DELETE n in Neo4j)
and run restore again.

Examples:
  powermap restore --data ./new-data map.pmbackup
  NEO4J_URI=bolt://db:7687 powermap restore map.pmbackup   # move to Neo4j`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.IntVar(&batch, "batch", 5000, "write at most `N` entities or relationships per transaction (other records: N/10)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) != 1 {
				return usagef("give one backup FILE to restore")
			}
			if batch < 1 {
				return usagef("--batch must be at least 1")
			}
			if m.Config.As != "" && m.Config.As != graph.RoleAdmin {
				return usagef("a restore writes every record: it cannot be made --as %s", m.Config.As)
			}
			path := args[0]
			if _, err := os.Stat(path); err != nil {
				return graph.Errorf("restore", graph.NotFound, "cannot read %s: %v", path, err)
			}
			s, err := m.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			open := func() (io.ReadCloser, error) {
				f, err := os.Open(path)
				if err != nil {
					return nil, graph.Errorf("restore", graph.NotFound, "cannot read %s: %v", path, err)
				}
				return f, nil
			}
			counts, err := backup.Restore(ctx, open, s, backup.Options{BatchSize: batch, Progress: format.NewTerminal(os.Stderr, "restoring")})
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			fmt.Fprintf(m.Stdout, "restored %s from %s into %s\n", countsText(counts), path, m.Config.Where())
			return nil
		},
	}
}

// countsText says how many records of each kind a backup holds, leaving
// out the kinds it holds none of: "2009 entities, 9120 relationships, 1
// campaign".
func countsText(c backup.Counts) string {
	names := map[graph.RecordKind][2]string{
		graph.RecordEntity: {"entity", "entities"}, graph.RecordRelationship: {"relationship", "relationships"},
		graph.RecordRedirect: {"merge redirect", "merge redirects"}, graph.RecordCampaign: {"campaign", "campaigns"},
		graph.RecordInteraction: {"interaction", "interactions"}, graph.RecordOutreach: {"outreach list", "outreach lists"},
		graph.RecordEvent: {"event", "events"}, graph.RecordQuestionBank: {"question bank", "question banks"},
		graph.RecordMerge:   {"merge", "merges"},
		graph.RecordNotSame: {"review decision", "review decisions"}, graph.RecordJob: {"job run", "job runs"},
		graph.RecordToken: {"token", "tokens"}, graph.RecordAudit: {"audit entry", "audit entries"},
	}
	var parts []string
	for _, k := range graph.RecordKinds() {
		if n := c[k]; n > 0 {
			parts = append(parts, plural(int(n), names[k][0], names[k][1]))
		}
	}
	if len(parts) == 0 {
		return "no records"
	}
	return strings.Join(parts, ", ")
}

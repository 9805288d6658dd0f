package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// dedupeSub is one subcommand of dedupe: how many arguments it takes, how
// it opens the store, and what it does.
type dedupeSub struct {
	args int
	read bool // only reads: the store is opened read-only
	run  func(ctx context.Context, m *Main, a *app.App, args []string) error
}

func dedupeCommand() *command {
	var (
		asJSON bool
		limit  int
	)
	subs := map[string]dedupeSub{
		"merge": {args: 2, run: func(ctx context.Context, m *Main, a *app.App, args []string) error {
			mg, err := a.Merge(ctx, m.caller(), args[0], args[1])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, mg.Summary())
			}
			fmt.Fprintf(m.Stderr, "merged %s (%s) into %s (%s)\n", mg.DropName, mg.Drop, mg.KeepName, mg.Keep)
			writeMoved(m.Stdout, mg)
			fmt.Fprintf(m.Stdout, "merge id: %s\nundo with: powermap dedupe unmerge %s\n", mg.ID, mg.ID)
			return nil
		}},
		"unmerge": {args: 1, run: func(ctx context.Context, m *Main, a *app.App, args []string) error {
			mg, err := a.Unmerge(ctx, m.caller(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, mg)
			}
			fmt.Fprintf(m.Stderr, "undid merge %s: %s (%s) and %s (%s) are apart again\n", mg.ID, mg.KeepName, mg.Keep, mg.DropName, mg.Drop)
			return nil
		}},
		"merges": {args: 0, read: true, run: func(ctx context.Context, m *Main, a *app.App, _ []string) error {
			ms, err := a.Merges(ctx, m.caller(), limit)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, ms)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MERGE\tWHEN\tKEPT\tMERGED AWAY\tMOVED\tSTATE")
			for _, mg := range ms {
				state := "in effect"
				if mg.Undone() {
					state = "undone " + mg.UndoneAt.Format("2006-01-02")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s (%s)\t%s (%s)\t%s\t%s\n", mg.ID, mg.At.Format("2006-01-02 15:04"),
					mg.KeepName, mg.Keep, mg.DropName, mg.Drop, movedSummary(mg.Moved), state)
			}
			return tw.Flush()
		}},
	}
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	return &command{
		name:    "dedupe",
		summary: "merge duplicate entities, list merges and undo them",
		usage:   "dedupe merge KEEP DROP | dedupe unmerge MERGE-ID | dedupe merges",
		help: `Dedupe merges two records of the same person or organization into one, and
undoes such merges.

  dedupe merge KEEP DROP     merge DROP into KEEP
  dedupe unmerge MERGE-ID    undo a merge
  dedupe merges              list merges, newest first

KEEP and DROP are entity ids or unique names. A merge keeps KEEP and, in one
step: adds DROP's name as an alias of KEEP, fills the fields and props KEEP
lacks from DROP, moves DROP's ties, stances, campaign targets and log
entries to KEEP (a tie between the two is dropped), and deletes DROP. DROP's
id keeps working: lookups, paths and later imports that name it land on
KEEP. Every merge is written to the audit log.

Unmerge puts both records, and everything the merge touched, back exactly
as they were. It refuses, naming each record, when something the merge
wrote has changed since (an edit of KEEP, a later merge into it): undo the
later change first.

Merging and unmerging need an editor or admin role (--as).

Examples:
  powermap dedupe merge sen-12 "Sen. Ron Ortiz"
  powermap dedupe merges
  powermap dedupe unmerge mg_1a2b3c4d5e6f7a8b`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.IntVar(&limit, "limit", 0, "merges: list at most `N` (default all)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give a subcommand: %s", strings.Join(names, ", "))
			}
			name, args := args[0], args[1:]
			sub, ok := subs[name]
			if !ok {
				return usagef("unknown subcommand %q: want %s", name, strings.Join(names, ", "))
			}
			if len(args) != sub.args {
				return usagef("dedupe %s takes %d argument(s), got %d", name, sub.args, len(args))
			}
			if limit < 0 {
				return usagef("--limit must not be negative")
			}
			open := m.openExisting
			if sub.read {
				open = m.openReadOnly
			}
			return m.withApp(ctx, open, "", func(a *app.App) error { return sub.run(ctx, m, a, args) })
		},
	}
}

// writeMoved says what a merge moved, one line per kind of record.
func writeMoved(w io.Writer, mg graph.Merge) {
	mv := mg.Moved
	for _, l := range []struct {
		n    int
		what string
	}{
		{mv.Ties, "tie(s) moved"}, {mv.Stances, "stance(s) moved"}, {mv.SelfLoops, "tie(s) between the two dropped"},
		{mv.StancesSuperseded, "stance(s) dropped: the kept entity has its own on that issue"},
		{mv.Targets, "campaign target(s) moved"}, {mv.Campaigns, "campaign issue/owner reference(s) moved"},
		{mv.Interactions, "log entr(ies) moved"}, {mv.Redirects, "earlier merge alias(es) re-pointed"},
	} {
		if l.n > 0 {
			fmt.Fprintf(w, "  %d %s\n", l.n, l.what)
		}
	}
}

func movedSummary(mv graph.MergeCounts) string {
	return fmt.Sprintf("%d ties, %d stances, %d targets, %d log", mv.Ties, mv.Stances, mv.Targets, mv.Interactions)
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
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
		note   string
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
		"list": {args: 0, read: true, run: func(ctx context.Context, m *Main, a *app.App, _ []string) error {
			q, err := a.ReviewQueue(ctx, m.caller(), limit)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, q)
			}
			fmt.Fprintf(m.Stderr, "%d pair(s) wait for review (%d sure enough to merge), %d marked not the same\n", q.Total, q.Auto, q.NotSame)
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SCORE\tDECISION\tA\tB\tWHY")
			for _, p := range q.Items {
				fmt.Fprintf(tw, "%.2f\t%s\t%s (%s)\t%s (%s)\t%s\n", p.Score, p.Decision, p.A.Name, p.A.ID, p.B.Name, p.B.ID, topEvidence(p.Evidence, 3))
			}
			return tw.Flush()
		}},
		"show": {args: 2, read: true, run: func(ctx context.Context, m *Main, a *app.App, args []string) error {
			q, err := a.ReviewQueue(ctx, m.caller(), app.MaxPageSize)
			if err != nil {
				return err
			}
			for _, p := range q.Items {
				if (p.A.ID == args[0] && p.B.ID == args[1]) || (p.A.ID == args[1] && p.B.ID == args[0]) {
					if asJSON {
						return writeJSONLine(m.Stdout, p)
					}
					writePair(m.Stdout, p)
					return nil
				}
			}
			return graph.Errorf("dedupe show", graph.NotFound, "%s and %s are not a pair in the review queue (see powermap dedupe list)", args[0], args[1])
		}},
		"auto": {args: 0, run: func(ctx context.Context, m *Main, a *app.App, _ []string) error {
			res, err := a.MergeAuto(ctx, m.caller())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, res)
			}
			for _, mg := range res.Merges {
				fmt.Fprintf(m.Stdout, "merged %s (%s) into %s (%s): undo with powermap dedupe unmerge %s\n", mg.DropName, mg.Drop, mg.KeepName, mg.Keep, mg.ID)
			}
			for _, d := range res.Skipped {
				fmt.Fprintf(m.Stdout, "skipped %s: %s\n", d.Record, d.Reason)
			}
			fmt.Fprintf(m.Stderr, "%d merged, %d skipped\n", len(res.Merges), len(res.Skipped))
			return nil
		}},
		"reject": {args: 2, run: func(ctx context.Context, m *Main, a *app.App, args []string) error {
			n, err := a.MarkNotSame(ctx, m.caller(), args[0], args[1], note)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(m.Stdout, n)
			}
			fmt.Fprintf(m.Stdout, "%s and %s are marked not the same; the queue will not offer them again\n", n.A, n.B)
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
		summary: "review likely duplicates, merge them, list merges and undo them",
		usage:   "dedupe list | dedupe show A B | dedupe reject A B | dedupe auto | dedupe merge KEEP DROP | dedupe unmerge MERGE-ID | dedupe merges",
		help: `Dedupe finds records that are probably one person, merges two records of
the same person or organization into one, and undoes such merges.

  dedupe list                the review queue: likely duplicates, best first
  dedupe show A B            one pair side by side, with the evidence
  dedupe reject A B          mark A and B not the same (--note why)
  dedupe auto                merge every pair sure enough ("auto" in the list)
  dedupe merge KEEP DROP     merge DROP into KEEP
  dedupe unmerge MERGE-ID    undo a merge
  dedupe merges              list merges, newest first

The review queue pairs people whose names, places (state, ZIP, district),
employers, shared ties and identifiers make them probably one: "auto" pairs
are sure enough to merge, "review" pairs need a look. A pair marked not the
same never comes back (the decision is kept in the store and audited).

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
  powermap dedupe list --limit 20
  powermap dedupe reject board-jane fec-donor-88412 --note "another Jane Smith"
  powermap dedupe merge sen-12 "Sen. Ron Ortiz"`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.IntVar(&limit, "limit", 0, "list, merges: at most `N` (default: list 50, merges all)")
			fs.StringVar(&note, "note", "", "reject: why the two are not the same")
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

// topEvidence names the n features that raised the score most.
func topEvidence(fs []dedupe.Feature, n int) string {
	var out []string
	for _, f := range fs {
		if f.Contribution > 0 && f.Name != "bias" && len(out) < n {
			out = append(out, strings.ReplaceAll(f.Name, "_", " "))
		}
	}
	return strings.Join(out, ", ")
}

// writePair shows a pair of the review queue side by side.
func writePair(w io.Writer, p app.ReviewPair) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, a, b string) {
		if a != "" || b != "" {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k, a, b)
		}
	}
	row("", "A", "B")
	row("id", p.A.ID, p.B.ID)
	row("name", p.A.Name, p.B.Name)
	row("kind", string(p.A.Kind), string(p.B.Kind))
	row("title", p.A.Title, p.B.Title)
	row("party", p.A.Party, p.B.Party)
	row("district", p.A.District, p.B.District)
	keys := map[string]bool{}
	for k := range p.A.Props {
		keys[k] = true
	}
	for k := range p.B.Props {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		row(k, p.A.Props[k], p.B.Props[k])
	}
	row("ties", strconv.Itoa(p.ATies), strconv.Itoa(p.BTies))
	tw.Flush()
	fmt.Fprintf(w, "\nscore %.2f (%s)\n", p.Score, p.Decision)
	for _, f := range p.Evidence {
		fmt.Fprintf(w, "  %+.2f  %s\n", f.Contribution, strings.ReplaceAll(f.Name, "_", " "))
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/powermap/powermap/internal/app"
)

func giversCommand() *command {
	var (
		to     string
		asJSON bool
	)
	return &command{
		name:    "givers",
		summary: "which of our people and contacts give to an official?",
		usage:   "givers --to REF [--json]",
		help: `Givers answers "which of our people and contacts give to Senator X?": the
gifts to the official and to the committees they lead, from our people and
the people tied to them.

Confirmed givers are people of the map who gave. Suggestions are FEC donor
records (imported with "powermap import --format fec") that are probably one
of our people or contacts, by name, place, employer and ties: they stay
suggestions until you confirm one by merging the donor record into the
person (powermap dedupe merge PERSON DONOR), which makes the person a
confirmed giver.

FEC rules (52 U.S.C. 30111(a)(4)) forbid using contributor names from FEC
reports to solicit contributions or for commercial purposes. Use this to
know who has the official's ear, never to raise money.

Examples:
  powermap givers --to "Sen. Ada Brook"
  powermap givers --to sen-12 --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&to, "to", "", "the official (`REF`: an id or unique name)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if to == "" {
				return usagef("--to is required")
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				g, err := a.OurGivers(ctx, m.caller(), to)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, g)
				}
				fmt.Fprintf(m.Stdout, "Our people and contacts who give to %s", g.Official.Name)
				if len(g.Committees) > 0 {
					fmt.Fprintf(m.Stdout, " and %d committee(s) they lead", len(g.Committees))
				}
				fmt.Fprintln(m.Stdout, ":")
				if len(g.Confirmed) == 0 {
					fmt.Fprintln(m.Stdout, "  none confirmed")
				}
				tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
				for _, x := range g.Confirmed {
					fmt.Fprintf(tw, "  %s\t$%.0f\t%d gift(s)\t%s\n", x.Entity.Name, x.Total, x.Gifts, x.Latest)
				}
				tw.Flush()
				if len(g.Suggestions) > 0 {
					fmt.Fprintln(m.Stdout, "\nProbably ours, to confirm (powermap dedupe merge PERSON DONOR):")
					for _, s := range g.Suggestions {
						who := "contact"
						if s.Ours {
							who = "ours"
						}
						fmt.Fprintf(tw, "  %s (%s)\tis probably %s (%s)\t$%.0f\t%.0f%%\t%s\n", s.Donor.Entity.Name, s.Donor.Entity.ID, s.Person.Name, s.Person.ID, s.Donor.Total, 100*s.Score, who)
					}
					tw.Flush()
				}
				return nil
			})
		},
	}
}

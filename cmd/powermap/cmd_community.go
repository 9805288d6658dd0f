package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/synth"
)

func leadersCommand() *command {
	var (
		target, campaign string
		limit            int
		asJSON           bool
	)
	return &command{
		name:    "leaders",
		summary: "community leaders to engage for a target: business, religious and civic",
		usage:   "leaders --target REF [--campaign REF] [--limit N] [--json]",
		help: `Leaders lists the business, religious and civic leaders to engage for a
target official, best first: people who can speak for our issue at our
events and in the official's office.

A leader is a person labelled business, clergy (or religious, faith), or
civic (or community, labor), or who leads, sits on the board of or is a
member of an organization of such a type (business, chamber; congregation,
church; civic, community, neighborhood, association, union). They are
listed when all of these hold:

  - they live in the target's district (senate district 7 holds house
    districts 7A and 7B) or have a direct tie to the target;
  - on each issue at stake they support it or have no recorded stance (a
    neutral or opposed stance leaves them out). The issues are those of
    --campaign, else of the campaigns that target the official, else of
    every campaign;
  - we have not engaged them yet: they are not ours, not in our coalition
    (member, board, staff, volunteer or leader of an organization of ours),
    not in any entry of the organizing log, and no campaign's target.

Each is ranked by access × constituent × alignment: access is the strength
of their best introduction path to the target (0.05 when there is none),
constituent 1.5 when they live in the target's district, alignment 1.2 or
1.1 for strong or plain support. Each line says why (district, tie,
stance, path) and which of our people can introduce us.

To put a leader on a campaign's weekly outreach list, make them a contact
of the campaign: "powermap campaign contact add CAMPAIGN LEADER". They are
engaged from then on, and leave this list.

A REF is an id or a name that matches exactly one record.

Examples:
  powermap leaders --target "Sen. Ada Brook"
  powermap leaders --target sen-03 --campaign campaign-demo --limit 5
  powermap --as viewer leaders --target sen-03 --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&target, "target", "", "the official (`REF`: an id or unique name; required)")
			fs.StringVar(&campaign, "campaign", "", "count only this campaign's issue (`REF`: an id or name)")
			fs.IntVar(&limit, "limit", app.DefaultLeaders, "list at most `N` leaders (1 to 200)")
			fs.BoolVar(&asJSON, "json", false, "print JSON, as GET /api/v1/entities/{id}/leaders answers")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (name the official with --target)", args[0])
			}
			if target == "" {
				return usagef("--target is required")
			}
			if limit < 1 || limit > app.MaxLeaders {
				return usagef("--limit must be between 1 and %d", app.MaxLeaders)
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				res, err := a.Leaders(ctx, m.caller(), app.LeadersQuery{Target: target, Campaign: campaign, Limit: limit})
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, res)
				}
				fmt.Fprintf(m.Stdout, "Community leaders to engage for %s", res.Target.Name)
				if len(res.Districts) > 0 {
					fmt.Fprintf(m.Stdout, " (district %s)", strings.Join(res.Districts, ", "))
				}
				fmt.Fprintln(m.Stdout)
				if len(res.Issues) > 0 {
					var ns []string
					for _, is := range res.Issues {
						ns = append(ns, is.Name)
					}
					fmt.Fprintf(m.Stdout, "On: %s\n", strings.Join(ns, ", "))
				}
				fmt.Fprintf(m.Stdout, "Left out as engaged: %s.\n\n", res.Engaged)
				if len(res.Leaders) == 0 {
					fmt.Fprintln(m.Stdout, "No leader to engage: none is in the district or tied to the official, supportive or undecided, and not engaged yet.")
					return nil
				}
				for _, l := range res.Leaders {
					name := l.Person.Name
					if l.Person.Title != "" {
						name += " (" + l.Person.Title + ")"
					}
					fmt.Fprintf(m.Stdout, "%2d. %s — %s leader, %s (score %.3g)\n", l.Rank, name, l.Sort, l.Basis, l.Score)
					for _, w := range l.Why {
						fmt.Fprintf(m.Stdout, "    %s\n", w)
					}
					fmt.Fprintf(m.Stdout, "    Next: %s\n", l.Action.Text)
				}
				return nil
			})
		},
	}
}

func ballotCommand() *command {
	var (
		district string
		asJSON   bool
	)
	return &command{
		name:    "ballot",
		summary: "the nonpartisan ballot overview of a district, to hand out at a registration drive",
		usage:   "ballot --district D [--json]",
		help: `Ballot writes the ballot overview of a district: a plain-language,
nonpartisan page that a voter-registration drive hands out. It lists the
officeholders of the district and the candidates we know of (people
labelled candidate, as "powermap import --format fec" labels them), each
with their recorded stance on the issues of our campaigns.

Every stance cites its source: the source_url, date (or since) and notes
of the SUPPORTS or OPPOSES relationship that records it. A stance nobody
recorded is shown as unknown. Everyone is listed in the same order
whatever their party or stance: officeholders first, then candidates.

District D is as the map writes it: 7 is a senate district, which holds
the house districts 7A and 7B, so the page of 7A lists the senator of 7
and the representative of 7A. The web UI prints the page (Ballot view).

Examples:
  powermap ballot --district 7A
  powermap --as viewer ballot --district 12 --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&district, "district", "", "the district (`D`, such as 7 or 7A; required)")
			fs.BoolVar(&asJSON, "json", false, "print JSON, as GET /api/v1/ballots/{district} answers")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (name the district with --district)", args[0])
			}
			if district == "" {
				return usagef("--district is required")
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				b, err := a.Ballot(ctx, m.caller(), district)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, b)
				}
				fmt.Fprintf(m.Stdout, "Who represents district %s, and where they stand (as of %s)\n\n", b.District, b.AsOf)
				tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
				for _, p := range b.People {
					head := p.Person.Name + ", " + p.Office
					if p.Party != "" {
						head += " (" + p.Party + ")"
					}
					fmt.Fprintf(m.Stdout, "%s — %s\n", head, p.Role)
					for _, s := range p.Stances {
						fmt.Fprintf(tw, "  %s:\t%s\t%s\n", s.Issue.Name, s.Label, citation(s.Source))
					}
					tw.Flush()
				}
				if len(b.Issues) == 0 {
					fmt.Fprintln(m.Stdout, "(No campaign yet: no issue to show stances on.)")
				}
				fmt.Fprintf(m.Stdout, "\n%s\n", b.Notice)
				return nil
			})
		},
	}
}

// citation says where a stance comes from, for print.
func citation(s *app.StanceSource) string {
	if s == nil {
		return "no recorded stance"
	}
	var parts []string
	for _, p := range []string{s.URL, s.Date, s.Notes} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "source: our map (" + s.Relationship + ")"
	}
	return "source: " + strings.Join(parts, ", ")
}

// loadDemoCommunity adds the demo's community leader and candidates
// (synth.DemoCommunity) to a store that holds the demo map. Loading twice
// changes nothing.
func loadDemoCommunity(ctx context.Context, s graph.Store, b *graph.Batch, today time.Time) error {
	c, err := synth.DemoCommunity(b, today)
	if graph.Is(err, graph.Invalid) {
		return nil // a map too small for a campaign
	}
	if err != nil {
		return err
	}
	_, err = s.Apply(ctx, c)
	return err
}

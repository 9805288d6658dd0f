package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/synth"
	"github.com/powermap/powermap/internal/weekly"
)

// timeZone reads the organizers' time zone: tz, else POWERMAP_TIMEZONE,
// else the machine's.
func (m *Main) timeZone(tz string) (*time.Location, error) {
	if tz == "" {
		tz = m.Getenv("POWERMAP_TIMEZONE")
	}
	if tz == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, usagef("unknown time zone %q (use an IANA name such as America/Chicago)", tz)
	}
	return loc, nil
}

// slug makes a campaign id from a name: lower-case words joined by dashes.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range graph.Fold(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func campaignCommand() *command {
	var (
		id, name, issue, ask, start, end, owner string
		priority, commitment, date              string
		targets                                 refs
		asJSON                                  bool
	)
	return &command{
		name:    "campaign",
		summary: "create, list and show campaigns; add targets and record where the ask stands",
		usage:   "campaign create|list|show|target add|target set-status|contact add|contact remove ...",
		help: `Campaign creates, lists and shows campaigns, and records where the ask to
each target stands.

A campaign asks officials (its targets) to commit to something on an issue.
The issue is an entity of kind issue; a target must be an official. Each
target has a priority (primary or secondary) and a status: not-asked,
asked, committed (with what and when) or declined.

  campaign create --name NAME --issue REF --ask TEXT [--start DATE] [--end DATE]
                  [--owner REF] [--target REF]... [--id ID]
  campaign list
  campaign show CAMPAIGN
  campaign target add CAMPAIGN OFFICIAL [--priority primary|secondary]
  campaign target set-status CAMPAIGN OFFICIAL STATUS [--commitment TEXT] [--date DATE]
  campaign contact add CAMPAIGN PERSON
  campaign contact remove CAMPAIGN PERSON

A contact is a person the weekly outreach list always weighs besides the
targets' inner circles: a community leader that "powermap leaders" found,
say. Once a contact, they are engaged and leave the leaders list.

CAMPAIGN is a campaign id or name; REF and OFFICIAL are entity ids or
unique names. Dates are YYYY-MM-DD; --start defaults to today.

Examples:
  powermap campaign create --name "Fair Housing Now" --issue "Fair Housing Act" \
      --ask "Vote yes in committee" --target sen-01 --target sen-02 --owner cstaff-01
  powermap campaign target set-status campaign-demo sen-03 committed \
      --commitment "Will co-sponsor" --date 2026-11-20
  powermap campaign contact add campaign-demo "Rosalind Featherstone"`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&id, "id", "", "create: the new campaign's id (default: made from the name)")
			fs.StringVar(&name, "name", "", "create: the campaign's name")
			fs.StringVar(&issue, "issue", "", "create: the issue, an entity of kind issue (`REF`: an id or unique name)")
			fs.StringVar(&ask, "ask", "", "create: what the targets are asked to commit to")
			fs.StringVar(&start, "start", "", "create: the first `DATE` (YYYY-MM-DD; default today)")
			fs.StringVar(&end, "end", "", "create: the last `DATE` (YYYY-MM-DD; default open-ended)")
			fs.StringVar(&owner, "owner", "", "create: the organizer who owns it (`REF`: an id or unique name)")
			fs.Var(&targets, "target", "create: a target official (`REF`: an id or unique name; repeatable; primary)")
			fs.StringVar(&priority, "priority", "primary", "target add: the target's `PRIORITY`, primary or secondary")
			fs.StringVar(&commitment, "commitment", "", "target set-status committed: what the target committed to")
			fs.StringVar(&date, "date", "", "target set-status committed: the `DATE` of the commitment (YYYY-MM-DD; default today)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give a subcommand: create, list, show or target")
			}
			sub, args := args[0], args[1:]
			if sub == "target" || sub == "contact" {
				if len(args) == 0 {
					return usagef("give a %s subcommand: %s", sub, map[string]string{"target": "add or set-status", "contact": "add or remove"}[sub])
				}
				sub, args = sub+" "+args[0], args[1:]
			}
			want := map[string]int{"create": 0, "list": 0, "show": 1, "target add": 2, "target set-status": 3, "contact add": 2, "contact remove": 2}
			n, ok := want[sub]
			if !ok {
				return usagef("unknown subcommand %q: want create, list, show, target add, target set-status, contact add or contact remove", sub)
			}
			if len(args) != n {
				return usagef("campaign %s takes %d argument(s), got %d", sub, n, len(args))
			}
			if sub == "create" && (name == "" || issue == "") {
				return usagef("campaign create needs --name and --issue")
			}
			open := m.openExisting // target add and set-status change a campaign
			switch sub {
			case "create":
				open = m.openStore
			case "list", "show":
				open = m.openReadOnly
			}
			return m.withApp(ctx, open, "", func(a *app.App) error {
				caller := m.caller()
				show := func(c graph.Campaign) error {
					if asJSON {
						return outreach.WriteJSON(m.Stdout, c)
					}
					return writeCampaign(ctx, m.Stdout, a, caller, c)
				}
				switch sub {
				case "create":
					c := graph.Campaign{ID: id, Name: name, Ask: ask, Start: start, End: end, Issue: issue, Owner: owner}
					if c.ID == "" {
						c.ID = slug(name)
					}
					if c.Start == "" {
						c.Start = a.Today()
					}
					for _, t := range targets {
						c.Targets = append(c.Targets, graph.Target{Entity: t, Priority: graph.PriorityPrimary})
					}
					c, err := a.CreateCampaign(ctx, caller, c)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "created campaign %s\n", c.ID)
					return show(c)
				case "list":
					cs, err := a.Campaigns(ctx, caller)
					if err != nil {
						return err
					}
					if asJSON {
						return outreach.WriteJSON(m.Stdout, cs)
					}
					tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "ID\tNAME\tDATES\tTARGETS\tCOMMITTED")
					for _, c := range cs {
						won := 0
						for _, t := range c.Targets {
							if t.Status == graph.StatusCommitted {
								won++
							}
						}
						fmt.Fprintf(tw, "%s\t%s\t%s – %s\t%d\t%d\n", c.ID, c.Name, c.Start, orOpen(c.End), len(c.Targets), won)
					}
					return tw.Flush()
				case "show":
					c, err := a.Campaign(ctx, caller, args[0])
					if err != nil {
						return err
					}
					return show(c)
				case "target add":
					o, err := a.Entity(ctx, caller, args[1])
					if err != nil {
						return err
					}
					c, err := a.AddTarget(ctx, caller, args[0], "", graph.Target{Entity: o.ID, Priority: graph.Priority(strings.ToLower(priority))})
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "added %s (%s) to %s as a %s target\n", o.Name, o.ID, c.Name, strings.ToLower(priority))
					return show(c)
				case "contact add", "contact remove":
					o, err := a.Entity(ctx, caller, args[1])
					if err != nil {
						return err
					}
					change, did := a.AddContact, "added %s (%s) to the contacts of %s: the weekly outreach list weighs them\n"
					if sub == "contact remove" {
						change, did = a.DeleteContact, "removed %s (%s) from the contacts of %s\n"
					}
					c, err := change(ctx, caller, args[0], "", o.ID)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, did, o.Name, o.ID, c.Name)
					return show(c)
				case "target set-status":
					o, err := a.Entity(ctx, caller, args[1])
					if err != nil {
						return err
					}
					st, err := graph.ParseTargetStatus(args[2])
					if err != nil {
						return usagef("%s", errorText(err))
					}
					p := app.TargetPatch{Status: &st}
					if st == graph.StatusCommitted {
						p.Commitment = &commitment
						if date != "" {
							p.CommittedOn = &date
						}
					}
					c, err := a.PatchTarget(ctx, caller, args[0], "", o.ID, p)
					if graph.Is(err, graph.NotFound) && strings.Contains(graph.MessageOf(err), "is not a target") {
						return graph.Errorf("campaign target set-status", graph.NotFound, "%s (%s) is not a target of %s; add it with 'powermap campaign target add'", o.Name, o.ID, args[0])
					}
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "%s (%s) in %s: now %s\n", o.Name, o.ID, c.Name, st.Label())
					return show(c)
				}
				return nil
			})
		},
	}
}

func orOpen(end string) string {
	if end == "" {
		return "open"
	}
	return end
}

// nameOf is the name of entity id as the caller sees it, or id when it has
// none or is not there.
func nameOf(ctx context.Context, a *app.App, c app.Caller, id string) string {
	if e, err := a.Entity(ctx, c, id); err == nil && e.Name != "" {
		return e.Name
	}
	return id
}

// writeCampaign prints a campaign for a person.
func writeCampaign(ctx context.Context, w io.Writer, a *app.App, caller app.Caller, c graph.Campaign) error {
	name := func(id string) string {
		if n := nameOf(ctx, a, caller, id); n != id {
			return n + " (" + id + ")"
		}
		return id
	}
	fmt.Fprintf(w, "%s  [%s]\n", c.Name, c.ID)
	fmt.Fprintf(w, "  issue:  %s\n", name(c.Issue))
	if c.Ask != "" {
		fmt.Fprintf(w, "  ask:    %s\n", c.Ask)
	}
	fmt.Fprintf(w, "  dates:  %s – %s\n", c.Start, orOpen(c.End))
	if c.Owner != "" {
		fmt.Fprintf(w, "  owner:  %s\n", name(c.Owner))
	}
	fmt.Fprintln(w, "  targets:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, t := range c.Targets {
		st := t.Status.Label()
		if t.Status == graph.StatusCommitted {
			st += " on " + t.CommittedOn
			if t.Commitment != "" {
				st += ": " + t.Commitment
			}
		}
		fmt.Fprintf(tw, "    %s\t%s\t%s\n", name(t.Entity), t.Priority, st)
	}
	if len(c.Targets) == 0 {
		fmt.Fprintln(tw, "    (none yet: add one with 'powermap campaign target add')")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(c.Contacts) > 0 {
		fmt.Fprintln(w, "  contacts (on the weekly outreach list):")
		for _, id := range c.Contacts {
			fmt.Fprintf(w, "    %s\n", name(id))
		}
	}
	return nil
}

func logCommand() *command {
	var (
		kind, date, campaign, notes, outcome, followUp, tz string
		with                                               refs
		count                                              int
		asJSON                                             bool
	)
	return &command{
		name:    "log",
		summary: "record an interaction in the organizing log",
		usage:   "log --type TYPE --with REF [--with REF]... [--date DATE] [--campaign CAMPAIGN] [--follow-up DATE] ...",
		help: `Log records one contact in the organizing log: who met (--with, our people
and theirs), when, what it was, what came of it, and when to follow up.

Types: one_on_one, official_meeting, site_visit, public_meeting_question,
candidate_forum, community_meeting, lobby_day, voter_registration_drive,
training, call, email.

Logging never rewrites a relationship. The outreach list reads the ties
between the people who met with a refreshed strength, 1 - (1-s)(1-b), where
the lift b of a one-on-one is 0.35 and halves every 180 days; the command
prints what it did to each tie.

Examples:
  powermap log --type one_on_one --with "Emrys Emberlyn" --with "Magnus Rookwhistle" \
      --campaign campaign-demo --outcome "will brief the senator" --follow-up 2026-12-08
  powermap log --type voter_registration_drive --with cstaff-01 --count 143 --date 2026-10-10`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&kind, "type", "", "the interaction `TYPE` (required; see above)")
			fs.Var(&with, "with", "a participant (`REF`: an id or unique name; repeatable; at least one)")
			fs.StringVar(&date, "date", "", "the `DATE` it happened (YYYY-MM-DD; default today)")
			fs.StringVar(&campaign, "campaign", "", "the `CAMPAIGN` it served, id or name")
			fs.StringVar(&notes, "notes", "", "notes")
			fs.StringVar(&outcome, "outcome", "", "what came of it, in a few words")
			fs.StringVar(&followUp, "follow-up", "", "the `DATE` to follow up (YYYY-MM-DD, on or after --date)")
			fs.IntVar(&count, "count", 0, "how many people registered or came, for drives and meetings")
			fs.StringVar(&tz, "tz", "", "time `ZONE` for today's date and weeks (default POWERMAP_TIMEZONE or the machine's)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			t, err := graph.ParseInteractionType(kind)
			if err != nil {
				return usagef("--type: %s", errorText(err))
			}
			if len(with) == 0 {
				return usagef("give the participants with --with")
			}
			return m.withApp(ctx, m.openStore, tz, func(a *app.App) error {
				caller := m.caller()
				ix := graph.Interaction{Type: t, Date: date, Campaign: campaign, Participants: with,
					Notes: notes, Outcome: outcome, FollowUp: followUp, Count: count}
				logged, err := a.LogInteraction(ctx, caller, ix)
				if err != nil {
					return err
				}
				if asJSON {
					return outreach.WriteJSON(m.Stdout, logged)
				}
				var name string
				if logged.Interaction.Campaign != "" {
					if c, err := a.Campaign(ctx, caller, logged.Interaction.Campaign); err == nil {
						name = c.Name
					}
				}
				return writeLogged(ctx, m.Stdout, a, caller, &logged.Interaction, name, logged.Refreshed)
			})
		},
	}
}

// writeLogged prints what log did: the interaction, for the campaign named
// campaign if any, and what it does to each tie between the participants,
// read the way the tie points.
func writeLogged(ctx context.Context, w io.Writer, a *app.App, caller app.Caller, ix *graph.Interaction, campaign string, refreshed []outreach.TieRefresh) error {
	names := make([]string, len(ix.Participants))
	for i, id := range ix.Participants {
		names[i] = nameOf(ctx, a, caller, id)
	}
	fmt.Fprintf(w, "logged: %s on %s with %s", ix.Type.Label(), ix.Date, strings.Join(names, ", "))
	if campaign != "" {
		fmt.Fprintf(w, ", for %s", campaign)
	}
	fmt.Fprintf(w, " (%s)\n", ix.ID)
	if ix.FollowUp != "" {
		fmt.Fprintf(w, "follow-up due %s\n", ix.FollowUp)
	}
	for _, r := range refreshed {
		since := fmt.Sprintf("%s, the last on %s", plural(r.Interactions, "interaction", "interactions"), r.Last)
		if r.Recorded == 0 {
			fmt.Fprintf(w, "%s and %s had no tie: the outreach list now reads them as knowing each other, with strength %.2f (%s)\n",
				nameOf(ctx, a, caller, r.A), nameOf(ctx, a, caller, r.B), r.Effective, since)
			continue
		}
		tie := nameOf(ctx, a, caller, r.A) + " " + r.Type.Phrase(false) + " " + nameOf(ctx, a, caller, r.B)
		if rel, err := a.Relationship(ctx, caller, r.Relationship); err == nil {
			tie = nameOf(ctx, a, caller, rel.Source) + " " + rel.Type.Phrase(false) + " " + nameOf(ctx, a, caller, rel.Target)
		}
		fmt.Fprintf(w, "%s: strength %.2f as recorded, now read as %.2f (%s)\n", tie, r.Recorded, r.Effective, since)
	}
	return nil
}

func gridCommand() *command {
	var (
		campaign, tz string
		asJSON       bool
		asCSV        bool
	)
	return &command{
		name:    "grid",
		summary: "the power grid of a campaign: influence against alignment",
		usage:   "grid --campaign CAMPAIGN [--json|--csv]",
		help: `Grid shows who matters to a campaign in four quadrants, by their influence
on its targets and their stance on its issue.

Influence is the percentile of an entity's personalized-PageRank
contribution to the targets; alignment is its stance on the issue (-2 to
+2, or unknown). The quadrants: decision-makers (the targets, and the
influential undecided), allies, opponents, and the unorganized or
persuadable.

Examples:
  powermap grid --campaign campaign-demo
  powermap grid --campaign "Win the Fair Housing Act" --csv > grid.csv`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&campaign, "campaign", "", "the `CAMPAIGN`, id or name (required)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&asCSV, "csv", false, "print CSV")
			fs.StringVar(&tz, "tz", "", "time `ZONE` for weeks (default POWERMAP_TIMEZONE or the machine's)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if asJSON && asCSV {
				return usagef("choose one of --json and --csv")
			}
			return m.withApp(ctx, m.openReadOnly, tz, func(a *app.App) error {
				caller := m.caller()
				c, err := a.Campaign(ctx, caller, campaign)
				if err != nil {
					return err
				}
				g, err := a.Grid(ctx, caller, c.ID)
				if err != nil {
					return err
				}
				switch {
				case asJSON:
					return outreach.WriteJSON(m.Stdout, g)
				case asCSV:
					return outreach.WriteGridCSV(m.Stdout, g)
				}
				return writeGrid(m.Stdout, &c, g)
			})
		},
	}
}

var quadrantTitles = map[string]string{
	outreach.QuadrantDecisionMakers: "Decision-makers",
	outreach.QuadrantAllies:         "Allies",
	outreach.QuadrantOpponents:      "Opponents",
	outreach.QuadrantUnorganized:    "Unorganized or persuadable",
}

func writeGrid(w io.Writer, c *graph.Campaign, g *outreach.Grid) error {
	fmt.Fprintf(w, "Power grid of %s on %s\n", c.Name, g.Issue.Name)
	for _, q := range outreach.Quadrants() {
		fmt.Fprintf(w, "\n%s (%d)\n", quadrantTitles[q], g.Counts[q])
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		shown := 0
		for _, p := range g.Points {
			if p.Quadrant != q {
				continue
			}
			if shown == 15 {
				fmt.Fprintf(tw, "  … and %d more (--json or --csv for all)\n", g.Counts[q]-shown)
				break
			}
			tag := ""
			if p.Target {
				tag = "target"
			} else if p.Ours {
				tag = "ours"
			}
			stance := "stance unknown"
			if p.Alignment.Known() {
				stance = p.Alignment.Label() + " (" + p.Alignment.String() + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\tinfluence %.0f\t%s\t%s\n", p.Entity.Name, p.Entity.ID, p.Influence, stance, tag)
			shown++
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func outreachCommand() *command {
	var (
		campaign, week, tz   string
		asJSON, asCSV, asICS bool
		save, all            bool
		limit                int
	)
	return &command{
		name:    "outreach",
		summary: "the weekly ranked outreach list: who to meet next, who makes the ask, and why",
		usage:   "outreach --campaign CAMPAIGN | --all [--week 2026-W49] [--json|--csv|--ics] [--save]",
		help: `Outreach lists who to meet this week for a campaign, which of our people
should reach out, and why.

Each entry says who the person is, which targets they lead to and how,
which of our people should reach out and through whom, the suggested
action and when it is due, the last contact, the follow-up, and why: every
factor of the score with its value.

The current week (and later ones) is computed now, from the graph and the
organizing log; an earlier week is shown as it was saved. Entries are
compared with the previous week's saved list (new, up, down, dropped). The
service saves each active campaign's list every Monday at 07:00 in the
organizers' time zone; --save saves this week's list now. --all merges
the lists of every active campaign: each person once, with their best
score and the targets they lead to in every campaign.

Examples:
  powermap outreach --campaign campaign-demo
  powermap outreach --all
  powermap outreach --campaign campaign-demo --ics > this-week.ics`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&campaign, "campaign", "", "the `CAMPAIGN`, id or name (required unless --all)")
			fs.BoolVar(&all, "all", false, "merge the lists of every active campaign")
			fs.StringVar(&week, "week", "", "ISO `WEEK`, such as 2026-W49 (default: this week)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&asCSV, "csv", false, "print CSV")
			fs.BoolVar(&asICS, "ics", false, "print an iCalendar file: one to-do per suggested meeting")
			fs.BoolVar(&save, "save", false, "save this week's list as the week's snapshot")
			fs.IntVar(&limit, "limit", outreach.DefaultLimit, "how many entries")
			fs.StringVar(&tz, "tz", "", "time `ZONE` for weeks (default POWERMAP_TIMEZONE or the machine's)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			formats := 0
			for _, f := range []bool{asJSON, asCSV, asICS} {
				if f {
					formats++
				}
			}
			if formats > 1 {
				return usagef("choose one of --json, --csv and --ics")
			}
			if limit < 1 || limit > app.MaxOutreachLimit {
				return usagef("--limit must be between 1 and %d", app.MaxOutreachLimit)
			}
			var w graph.Week
			if week != "" {
				var err error
				if w, err = graph.ParseWeek(week); err != nil {
					return usagef("--week: %s", errorText(err))
				}
			}
			if all && (campaign != "" || save) {
				return usagef("--all merges every campaign: give no --campaign, and no --save")
			}
			open := m.openReadOnly
			if save {
				open = m.openExisting
			}
			return m.withApp(ctx, open, tz, func(a *app.App) error {
				caller := m.caller()
				if save {
					if !w.IsZero() && w != a.Week() {
						return usagef("--save saves this week's list only")
					}
					l, err := a.SaveOutreach(ctx, caller, campaign)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "saved the list of %s for %s\n", l.Campaign, l.Week)
				}
				var c graph.Campaign
				var l *graph.OutreachList
				var err error
				if all {
					c.Name = "every active campaign"
					l, err = a.OutreachAll(ctx, caller, w, limit)
				} else {
					l, c, err = a.Outreach(ctx, caller, app.OutreachQuery{Campaign: campaign, Week: w, Limit: limit})
				}
				if err != nil {
					return err
				}
				switch {
				case asJSON:
					return outreach.WriteJSON(m.Stdout, l)
				case asCSV:
					return outreach.WriteCSV(m.Stdout, l)
				case asICS:
					return outreach.WriteICS(m.Stdout, l, c.Name)
				}
				return writeOutreach(m.Stdout, &c, l)
			})
		},
	}
}

// changeText says how an entry moved since the previous week's list.
func changeText(e *graph.OutreachEntry) string {
	switch e.Change {
	case graph.ChangeNew:
		return ", new this week"
	case graph.ChangeUp:
		return fmt.Sprintf(", ▲ up from %d", e.PreviousRank)
	case graph.ChangeDown:
		return fmt.Sprintf(", ▼ down from %d", e.PreviousRank)
	case graph.ChangeSame:
		return ", same place as last week"
	}
	return ""
}

// leadText says how an entry leads to one target, and where the ask to
// that target stands.
func leadText(l graph.TargetLead) string {
	var s string
	if l.Campaign != "" {
		s = "[" + l.Campaign + "] "
	}
	if l.How == "is the target" {
		return s + fmt.Sprintf("is a %s target, %s", l.Priority, l.Status.Label())
	}
	return s + fmt.Sprintf("%s (a %s target, %s; closeness %.2f)", l.How, l.Priority, l.Status.Label(), l.Closeness)
}

func writeOutreach(w io.Writer, c *graph.Campaign, l *graph.OutreachList) error {
	wk, _ := graph.ParseWeek(l.Week)
	mon, sun := wk.Days()
	fmt.Fprintf(w, "Outreach for %s, week %s (%s to %s)", c.Name, l.Week, mon, sun)
	if l.ComparedTo != "" {
		fmt.Fprintf(w, ", compared with %s", l.ComparedTo)
	}
	fmt.Fprintln(w)
	if len(l.Entries) == 0 {
		fmt.Fprintln(w, "\nNobody to meet: the campaign has no target that still pulls (every target committed?).")
	}
	for i := range l.Entries {
		e := &l.Entries[i]
		fmt.Fprintf(w, "\n%2d. %s — %s   score %.3g%s\n", e.Rank, e.Person.Name, e.Role, e.Score, changeText(e))
		fmt.Fprintf(w, "    do:   %s (%s, due %s)\n", e.Action.Text, e.Action.Type.Label(), e.Action.Due)
		for i, lead := range e.Leads {
			tag := "why: "
			if i > 0 {
				tag = "     "
			}
			fmt.Fprintf(w, "    %s %s\n", tag, leadText(lead))
		}
		switch m := e.Messenger; {
		case m == nil:
			fmt.Fprintln(w, "    ask:  none of our people can reach them: reach out cold")
		case len(m.Path.Hops) == 0:
			fmt.Fprintf(w, "    ask:  %s, one of ours\n", m.Person.Name)
		default:
			who := m.Person.Name
			if m.Constituent {
				who += " (a constituent)"
			}
			fmt.Fprintf(w, "    ask:  %s, who %s\n", who, outreach.HopsText(m.Path))
		}
		status := graph.OutreachStatusLabel(e.Status)
		if e.LastContact != "" {
			status += ", last contact " + e.LastContact
		}
		if e.FollowUp != "" {
			status += ", follow-up on " + e.FollowUp
		}
		fmt.Fprintf(w, "    now:  %s\n", status)
		fmt.Fprintf(w, "    score: %s\n", outreach.FactorsText(e.Factors))
	}
	if len(l.Dropped) > 0 {
		fmt.Fprintf(w, "\nDropped since %s:", l.ComparedTo)
		for _, e := range l.Dropped {
			fmt.Fprintf(w, " %s (was %d);", e.Person.Name, e.PreviousRank)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// loadDemoCampaign adds the demo campaign and its organizing log to a store
// that holds the demo map. Records already there are left alone, so loading
// twice changes nothing.
func loadDemoCampaign(ctx context.Context, s graph.Store, b *graph.Batch, today time.Time) error {
	cs, ok := s.(graph.CampaignStore)
	if !ok {
		return nil
	}
	d, err := synth.DemoCampaign(b, today)
	if graph.Is(err, graph.Invalid) {
		return nil // a map too small for a campaign
	}
	if err != nil {
		return err
	}
	if _, err := cs.CreateCampaign(ctx, d.Campaign); err != nil && !graph.Is(err, graph.Conflict) {
		return err
	}
	for _, ix := range d.Log {
		if _, err := cs.LogInteraction(ctx, ix); err != nil && !graph.Is(err, graph.Conflict) {
			return err
		}
	}
	return nil
}

// WeeklyJob is the name under which the weekly outreach job keeps its last
// run.
const WeeklyJob = "weekly-outreach"

// startWeekly starts the weekly outreach job for a serving store: every
// active campaign's list is computed and saved on Mondays at 07:00 in loc
// (POWERMAP_WEEKLY, e.g. "Mon 07:00", overrides the time), and a run missed
// while the service was down is caught up at once. It returns when ctx is
// done.
func (m *Main) startWeekly(ctx context.Context, s backend, a *app.App, log *slog.Logger) (wait func(), err error) {
	loc, err := m.timeZone("")
	if err != nil {
		return nil, err
	}
	sched := weekly.Default(loc)
	if spec := m.Getenv("POWERMAP_WEEKLY"); spec != "" {
		if sched, err = weekly.ParseSchedule(spec, loc); err != nil {
			return nil, usagef("POWERMAP_WEEKLY: %s", errorText(err))
		}
	}
	job := &weekly.Scheduler{Name: WeeklyJob, Schedule: sched, Job: a.RunWeekly, State: s, Logger: log}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := job.Run(ctx); err != nil {
			log.Error("weekly outreach job stopped", "err", err)
		}
	}()
	return func() { <-done }, nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/synth"
)

// districtCounts is a repeatable DISTRICT=N flag.
type districtCounts []graph.DistrictCount

func (d *districtCounts) String() string {
	var s []string
	for _, c := range *d {
		s = append(s, c.District+"="+strconv.Itoa(c.Count))
	}
	return strings.Join(s, ",")
}

func (d *districtCounts) Set(v string) error {
	district, n, ok := strings.Cut(v, "=")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || count < 0 {
		return fmt.Errorf("want DISTRICT=N with N a whole number, e.g. 7A=12; got %q", v)
	}
	*d = append(*d, graph.DistrictCount{District: strings.TrimSpace(district), Count: count})
	return nil
}

// attendees is a repeatable REF[:ROLE[:DISTRICT]] flag.
type attendees []graph.Attendee

func (a *attendees) String() string { return strconv.Itoa(len(*a)) + " attendees" }

func (a *attendees) Set(v string) error {
	parts := strings.SplitN(v, ":", 3)
	at := graph.Attendee{Entity: strings.TrimSpace(parts[0])}
	if at.Entity == "" {
		return fmt.Errorf("want REF[:ROLE[:DISTRICT]], e.g. ana-ruiz:speaker or \"Ana Ruiz:attendee:7A\"; got %q", v)
	}
	if len(parts) > 1 {
		at.Role = graph.AttendeeRole(strings.ToLower(strings.TrimSpace(parts[1])))
		if at.Role != "" && !at.Role.Valid() {
			return fmt.Errorf("unknown role %q in %q: want attendee, speaker or leader", parts[1], v)
		}
	}
	if len(parts) > 2 {
		at.District = strings.TrimSpace(parts[2])
	}
	*a = append(*a, at)
	return nil
}

func eventCommand() *command {
	var (
		typ, name, date, place, notes, entity, since, until string
		officials                                           refs
		people                                              attendees
		unnamed                                             districtCounts
		asJSON                                              bool
	)
	return &command{
		name:    "event",
		summary: "record the events we bring people to, and list and show them",
		usage:   "event add|list|show ...",
		help: `Event records the events we organize or bring people to: community
meetings, lobby days at the capitol, site visits, candidate forums,
trainings and speaker events.

An event counts heads: the officials present,
the people of the map who came (each with a role: attendee, speaker or
leader), and how many came unnamed, by district. Turnout reports count them
per official (see 'powermap turnout').

  event add --type TYPE --name NAME [--date DATE] [--place PLACE]
            [--official REF]... [--attendee REF[:ROLE[:DISTRICT]]]...
            [--unnamed DISTRICT=N]... [--notes TEXT]
  event list [--type TYPE] [--entity REF] [--since DATE] [--until DATE]
  event show ID

TYPE is community_meeting, lobby_day, site_visit, candidate_forum, training
or speaker_event (spaces or dashes work too). REF is an entity id or unique
name. An attendee's district is their entity's, unless given after a
second colon. Dates are YYYY-MM-DD; --date defaults to today. Record a
voter-registration drive with 'powermap drive add'.

Examples:
  powermap event add --type "lobby day" --name "Lobby day for fair housing" \
      --place "State Capitol, Springfield" --official sen-03 \
      --attendee "Ana Ruiz:leader" --attendee vol-0012:speaker --unnamed 7A=25 --unnamed 7B=15
  powermap event list --type training --since 2026-01-01
  powermap event show ev_1a2b3c4d5e6f`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&typ, "type", "", "add, list: the event `TYPE`")
			fs.StringVar(&name, "name", "", "add: what the event was")
			fs.StringVar(&date, "date", "", "add: the `DATE` it happened (YYYY-MM-DD; default today)")
			fs.StringVar(&place, "place", "", "add: where")
			fs.StringVar(&notes, "notes", "", "add: notes")
			fs.Var(&officials, "official", "add: an official present (`REF`; repeatable)")
			fs.Var(&people, "attendee", "add: a person who came (`REF[:ROLE[:DISTRICT]]`; repeatable)")
			fs.Var(&unnamed, "unnamed", "add: people who came unnamed from a district (`DISTRICT=N`; repeatable)")
			fs.StringVar(&entity, "entity", "", "list: only events this entity came to (`REF`)")
			fs.StringVar(&since, "since", "", "list: from this `DATE`")
			fs.StringVar(&until, "until", "", "list: up to this `DATE`")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give a subcommand: add, list or show")
			}
			sub, args := args[0], args[1:]
			want := map[string]int{"add": 0, "list": 0, "show": 1}
			n, ok := want[sub]
			if !ok {
				return usagef("unknown subcommand %q: want add, list or show", sub)
			}
			if len(args) != n {
				return usagef("event %s takes %d argument(s), got %d", sub, n, len(args))
			}
			if sub == "add" && (typ == "" || name == "") {
				return usagef("event add needs --type and --name")
			}
			var et graph.EventType
			if typ != "" {
				t, err := graph.ParseEventType(typ)
				if err != nil {
					return usagef("--type: %s", graph.DetailsOf(err)[0].Reason)
				}
				et = t
			}
			open := m.openReadOnly
			if sub == "add" {
				open = m.openStore
			}
			return m.withApp(ctx, open, "", func(a *app.App) error {
				caller := m.caller()
				switch sub {
				case "add":
					if date == "" {
						date = a.Today()
					}
					e := graph.Event{Type: et, Name: name, Date: date, Place: place, Notes: notes,
						Officials: officials, Attendees: people, Unnamed: unnamed}
					out, err := a.CreateEvent(ctx, caller, e)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "recorded event %s\n", out.ID)
					return showEvent(m, out, asJSON)
				case "list":
					l, err := a.Events(ctx, caller, app.EventsQuery{Type: et, Entity: entity, Since: since, Until: until})
					if err != nil {
						return err
					}
					return listEvents(m, l, asJSON)
				default:
					e, err := a.Event(ctx, caller, args[0])
					if err != nil {
						return err
					}
					return showEvent(m, e, asJSON)
				}
			})
		},
	}
}

func driveCommand() *command {
	var (
		name, date, place, notes, entity, since, until string
		leaders                                        refs
		registered                                     districtCounts
		asJSON                                         bool
	)
	return &command{
		name:    "drive",
		summary: "record voter-registration drives: how many people each registered, by district",
		usage:   "drive add|list ...",
		help: `Drive records voter-registration drives: how many people each registered
in each district, and nothing about any voter (no name, no address).

The turnout report of each official adds up the registrations in
their district ('powermap turnout'). The people who ran the drive count as
its leaders on their leadership ladder.

  drive add --name NAME --registered DISTRICT=N... [--date DATE] [--place PLACE]
            [--leader REF]... [--notes TEXT]
  drive list [--entity REF] [--since DATE] [--until DATE]

Examples:
  powermap drive add --name "Fourth of July drive" --place "Riverside market" \
      --leader "Ana Ruiz" --registered 7A=30 --registered 7B=12
  powermap drive list --since 2026-01-01`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&name, "name", "", "add: what the drive was")
			fs.StringVar(&date, "date", "", "add: the `DATE` (YYYY-MM-DD; default today)")
			fs.StringVar(&place, "place", "", "add: where")
			fs.StringVar(&notes, "notes", "", "add: notes")
			fs.Var(&leaders, "leader", "add: a person who ran the drive (`REF`; repeatable)")
			fs.Var(&registered, "registered", "add: people registered in a district (`DISTRICT=N`; repeatable)")
			fs.StringVar(&entity, "entity", "", "list: only drives this person ran (`REF`)")
			fs.StringVar(&since, "since", "", "list: from this `DATE`")
			fs.StringVar(&until, "until", "", "list: up to this `DATE`")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) != 1 || (args[0] != "add" && args[0] != "list") {
				return usagef("give one subcommand: add or list")
			}
			if args[0] == "add" && (name == "" || len(registered) == 0) {
				return usagef("drive add needs --name and at least one --registered DISTRICT=N")
			}
			open := m.openReadOnly
			if args[0] == "add" {
				open = m.openStore
			}
			return m.withApp(ctx, open, "", func(a *app.App) error {
				caller := m.caller()
				if args[0] == "list" {
					l, err := a.Drives(ctx, caller, app.EventsQuery{Entity: entity, Since: since, Until: until})
					if err != nil {
						return err
					}
					return listEvents(m, l, asJSON)
				}
				if date == "" {
					date = a.Today()
				}
				e := graph.Event{Name: name, Date: date, Place: place, Notes: notes, Registered: registered}
				for _, l := range leaders {
					e.Attendees = append(e.Attendees, graph.Attendee{Entity: l, Role: graph.RoleLeader})
				}
				out, err := a.CreateDrive(ctx, caller, e)
				if err != nil {
					return err
				}
				fmt.Fprintf(m.Stderr, "recorded drive %s\n", out.ID)
				return showEvent(m, out, asJSON)
			})
		},
	}
}

func turnoutCommand() *command {
	var (
		official, since, until string
		year                   int
		asJSON                 bool
	)
	return &command{
		name:    "turnout",
		summary: "how many of an official's constituents we brought to our events",
		usage:   "turnout [--official REF] [--year YYYY | --since DATE --until DATE]",
		help: `Turnout says how many of an official's constituents came to our events
over a year (this year by default) or a period: the sentence to say in a
meeting, "we brought 40 of your constituents to our events this year: 25 to
the lobby day…".

A constituent is an attendee whose district is the
official's, or a house district within their senate district (7A and 7B
are in senate district 7). Counts are attendances, named and unnamed; the
report also adds up the voters our drives registered in the district and
lists the events the official came to.

Without --official, it lists every official with a district, with their
totals. Viewers (--as viewer) see clients and private people counted but
never named.

Examples:
  powermap turnout --official "Sen. Vega"
  powermap turnout --official sen-03 --year 2025
  powermap turnout --since 2026-01-01 --until 2026-06-30`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&official, "official", "", "the official (`REF`: an id or unique name); none lists every official")
			fs.IntVar(&year, "year", 0, "the calendar `YEAR` (default this year)")
			fs.StringVar(&since, "since", "", "from this `DATE` (YYYY-MM-DD), instead of a year")
			fs.StringVar(&until, "until", "", "up to this `DATE` (YYYY-MM-DD), instead of a year")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (name the official with --official)", args[0])
			}
			q := app.TurnoutQuery{Official: official, Year: year, Since: since, Until: until}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				if official == "" {
					all, err := a.TurnoutAll(ctx, m.caller(), q)
					if err != nil {
						return err
					}
					if asJSON {
						return writeJSON(m, all)
					}
					tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
					fmt.Fprintf(tw, "OFFICIAL\tDISTRICT\tCONSTITUENTS (%s)\tREGISTERED\tCAME TO\n", all.Period)
					for _, r := range all.Officials {
						if r.Constituents+r.Registered+len(r.Attended) == 0 {
							continue
						}
						fmt.Fprintf(tw, "%s (%s)\t%s\t%d\t%d\t%d\n", r.Official.Name, r.Official.ID, r.District, r.Constituents, r.Registered, len(r.Attended))
					}
					return tw.Flush()
				}
				r, err := a.Turnout(ctx, m.caller(), q)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, r)
				}
				return writeTurnout(m.Stdout, r)
			})
		},
	}
}

func writeTurnout(w io.Writer, r *app.Turnout) error {
	fmt.Fprintf(w, "%s, district %s, %s\n\n%s\n", r.Official.Name, r.District, r.Period, r.Summary)
	for _, s := range r.More {
		fmt.Fprintln(w, s)
	}
	if len(r.Events) > 0 {
		fmt.Fprintln(w, "\nEvents:")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, e := range r.Events {
			var names []string
			for _, p := range e.People {
				names = append(names, p.Name)
			}
			who := strings.Join(names, ", ")
			if e.Unnamed > 0 {
				who = strings.TrimPrefix(who+fmt.Sprintf(" and %d more", e.Unnamed), " and ")
			}
			fmt.Fprintf(w, "")
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s\n", e.Event.Date, e.Event.Label, e.Event.Name, e.Constituents, who)
		}
		tw.Flush()
	}
	return nil
}

// listEvents prints events as a table.
func listEvents(m *Main, l *app.EventList, asJSON bool) error {
	if asJSON {
		return writeJSON(m, l)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tTYPE\tNAME\tPLACE\tCAME\tREGISTERED")
	for _, e := range l.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\n", e.ID, e.Date, e.Type.Label(), e.Name, e.Place, e.Headcount(), e.RegisteredTotal())
	}
	return tw.Flush()
}

// showEvent prints one event for a person: names with roles, never raw
// ids alone.
func showEvent(m *Main, e app.NamedEvent, asJSON bool) error {
	if asJSON {
		return writeJSON(m, e)
	}
	w := m.Stdout
	name := func(id string) string {
		if r, ok := e.Entities[id]; ok {
			if r.Title != "" {
				return r.Name + ", " + r.Title
			}
			return r.Name
		}
		return "(deleted entity " + id + ")"
	}
	fmt.Fprintf(w, "%s  [%s]\n  %s on %s", e.Name, e.ID, e.Type.Label(), e.Date)
	if e.Place != "" {
		fmt.Fprintf(w, " at %s", e.Place)
	}
	fmt.Fprintf(w, "\n  %d came", e.Headcount())
	if n := e.RegisteredTotal(); n > 0 {
		fmt.Fprintf(w, "; %d people registered to vote", n)
	}
	fmt.Fprintln(w)
	if len(e.Officials) > 0 {
		fmt.Fprintln(w, "  officials present:")
		for _, id := range e.Officials {
			fmt.Fprintf(w, "    %s\n", name(id))
		}
	}
	if len(e.Attendees) > 0 {
		fmt.Fprintln(w, "  people:")
		for _, at := range e.Attendees {
			d := ""
			if at.District != "" {
				d = ", from district " + at.District
			}
			fmt.Fprintf(w, "    %s (%s%s)\n", name(at.Entity), at.Role, d)
		}
	}
	for _, u := range e.Unnamed {
		d := u.District
		if d == "" {
			d = "unknown"
		}
		fmt.Fprintf(w, "  %d unnamed from district %s\n", u.Count, d)
	}
	for _, r := range e.Registered {
		fmt.Fprintf(w, "  %d registered in district %s\n", r.Count, r.District)
	}
	return nil
}

// loadDemoEvents adds the demo's events (synth.DemoEvents) to a store that
// holds the demo map. Events already there are left alone, so loading
// twice changes nothing.
func loadDemoEvents(ctx context.Context, s graph.Store, b *graph.Batch, today time.Time) error {
	es, ok := s.(graph.EventStore)
	if !ok {
		return nil
	}
	events, err := synth.DemoEvents(b, today)
	if graph.Is(err, graph.Invalid) {
		return nil // a map too small for events
	}
	if err != nil {
		return err
	}
	for _, e := range events {
		if _, err := es.CreateEvent(ctx, e); err != nil && !graph.Is(err, graph.Conflict) {
			return err
		}
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

func speakerCommand() *command {
	var (
		scope, date, issue, target, event string
		topics                            refs
		asJSON                            bool
	)
	return &command{
		name:    "speaker",
		summary: "record clients' consent to speak in public, and find speakers for an event or a target",
		usage:   "speaker list|show|consent|withdraw|match ...",
		help: `Speaker keeps the consent of the clients and members who agreed to tell in
public how the agency helped them, and matches them to events and targets.

A consent has a scope, a date and the issues the story is about. Recording
it makes the person a speaker (label speaker) in the same write;
withdrawing it removes them at once from every list: the speakers, the
matches, the outreach list's messengers and the legislator brief. The
record of what was given, and when it was withdrawn, is kept.

  speaker list [--issue REF] [--scope SCOPE]
  speaker show PERSON
  speaker consent PERSON --scope SCOPE --topic ISSUE... [--date DATE]
  speaker withdraw PERSON [--date DATE]
  speaker match --target REF | --event ID

SCOPE is public ("events and press"), events ("events only") or internal
("internal only": trainings, never officials or the press). PERSON, REF
and ISSUE are ids or unique names. Dates are YYYY-MM-DD, today by default.
match lists the speakers whose scope allows it and whose story is about an
issue the target (or an official at the event) cares about: their stances
and the issues of the campaigns that target them; constituents too.

Speakers are private by default: run as a viewer (--as viewer), the
commands show no client, by name or by count.

Examples:
  powermap speaker consent "Rosa Diaz" --scope "events and press" --topic "Fair Housing Act"
  powermap speaker match --target "Sen. Ada Brook"
  powermap speaker withdraw "Rosa Diaz" --date 2026-11-30`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&scope, "scope", "", "consent: where they agreed to speak (`SCOPE`); list: only this scope")
			fs.StringVar(&date, "date", "", "consent, withdraw: the `DATE` it was given or withdrawn (default today)")
			fs.Var(&topics, "topic", "consent: an issue the story is about (`ISSUE`; repeatable)")
			fs.StringVar(&issue, "issue", "", "list: only stories about this issue (`REF`)")
			fs.StringVar(&target, "target", "", "match: the official to match speakers to (`REF`)")
			fs.StringVar(&event, "event", "", "match: the event to match speakers to (event `ID`)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give a subcommand: list, show, consent, withdraw or match")
			}
			sub, args := args[0], args[1:]
			want := map[string]int{"list": 0, "show": 1, "consent": 1, "withdraw": 1, "match": 0}
			n, ok := want[sub]
			if !ok {
				return usagef("unknown subcommand %q: want list, show, consent, withdraw or match", sub)
			}
			if len(args) != n {
				return usagef("speaker %s takes %d argument(s), got %d", sub, n, len(args))
			}
			switch {
			case sub == "consent" && scope == "":
				return usagef("speaker consent needs --scope: public, events or internal")
			case sub == "consent" && len(topics) == 0:
				return usagef("speaker consent needs --topic: an issue the story is about")
			case sub == "match" && (target == "") == (event == ""):
				return usagef("speaker match needs one of --target or --event")
			}
			open := m.openReadOnly
			if sub == "consent" || sub == "withdraw" {
				open = m.openStore
			}
			return m.withApp(ctx, open, "", func(a *app.App) error {
				caller := m.caller()
				switch sub {
				case "list":
					l, err := a.Speakers(ctx, caller, app.SpeakersQuery{Issue: issue, Scope: scope})
					if err != nil {
						return err
					}
					return listSpeakers(m, l, asJSON)
				case "show":
					s, err := a.Consent(ctx, caller, args[0])
					if err != nil {
						return err
					}
					return showSpeaker(m, s, asJSON)
				case "consent":
					s, err := a.RecordConsent(ctx, caller, args[0], app.ConsentInput{Scope: scope, Date: date, Topics: topics})
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "recorded the consent of %s\n", s.Person.Name)
					return showSpeaker(m, s, asJSON)
				case "withdraw":
					s, err := a.WithdrawConsent(ctx, caller, args[0], app.WithdrawInput{Date: date})
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "withdrew the consent of %s: no longer a speaker\n", s.Person.Name)
					return showSpeaker(m, s, asJSON)
				default:
					var res *app.SpeakerMatches
					var err error
					if target != "" {
						res, err = a.SpeakersForTarget(ctx, caller, target)
					} else {
						res, err = a.SpeakersForEvent(ctx, caller, event)
					}
					if err != nil {
						return err
					}
					return showMatches(m, res, asJSON)
				}
			})
		},
	}
}

func topicNames(ts []graph.EntityRef) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

func listSpeakers(m *Main, l *app.SpeakerList, asJSON bool) error {
	if asJSON {
		return writeJSON(m, l)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDISTRICT\tCONSENT\tSINCE\tTOPICS")
	for _, s := range l.Items {
		consent, since := s.ScopeLabel, s.Consent.Date
		if !s.Recorded {
			consent, since = "not recorded", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Person.Name, s.District, consent, since, topicNames(s.Topics))
	}
	return tw.Flush()
}

func showSpeaker(m *Main, s *app.Speaker, asJSON bool) error {
	if asJSON {
		return writeJSON(m, s)
	}
	w := m.Stdout
	fmt.Fprintf(w, "%s  [%s]\n", s.Person.Name, s.Person.ID)
	switch {
	case !s.Recorded && s.Person.ID != "" && s.Consent.Date == "":
		fmt.Fprintln(w, "  no consent to speak on record")
	case s.Consent.Withdrawn != "":
		fmt.Fprintf(w, "  consent to speak (%s) given %s, withdrawn %s\n", s.ScopeLabel, s.Consent.Date, s.Consent.Withdrawn)
	default:
		fmt.Fprintf(w, "  consents to speak: %s, since %s\n", s.ScopeLabel, s.Consent.Date)
	}
	if len(s.Topics) > 0 {
		fmt.Fprintf(w, "  story about: %s\n", topicNames(s.Topics))
	}
	return nil
}

func showMatches(m *Main, res *app.SpeakerMatches, asJSON bool) error {
	if asJSON {
		return writeJSON(m, res)
	}
	w := m.Stdout
	if res.Target != nil {
		fmt.Fprintf(w, "Speakers for %s", res.Target.Name)
	} else {
		fmt.Fprintf(w, "Speakers for %s (%s, %s)", res.Event.Name, res.Event.Type.Label(), res.Event.Date)
	}
	if len(res.Issues) > 0 {
		fmt.Fprintf(w, ", who cares about %s", topicNames(res.Issues))
	}
	fmt.Fprintln(w)
	if len(res.Items) == 0 {
		fmt.Fprintln(w, "  no speaker matches")
	}
	for i, s := range res.Items {
		fmt.Fprintf(w, "%3d. %s: %s\n", i+1, s.Person.Name, s.Why)
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

func questionsCommand() *command {
	var (
		official, forum, file, question, answer, stance, issue, on string
		fromDraft, notAsked, asJSON                                bool
	)
	return &command{
		name:    "questions",
		summary: "the forum question bank: draft questions for an official from the map, save them, record answers",
		usage:   "questions draft|show|save|answer --official REF ...",
		help: `Questions keeps the list of questions organizers ask an official or a
candidate at a candidate forum.

  questions draft  --official REF
      drafts questions from templates over the map: the official's stance
      (or lack of one) on the issues of our active campaigns, their other
      stances, their committee seats, the organizations that gave them the
      most, their commitments to our campaigns, and what they told us in
      logged meetings. Each question lists its sources (the ties, entities,
      campaigns and log entries it came from). The same map drafts the
      same questions in the same order.
  questions save   --official REF (--draft | --file FILE) [--forum EVENT]
      saves the bank: --draft saves the draft as it is; --file reads the
      questions, edited and in the order to ask them, as JSON
      ({"forum": "...", "questions": [...]}, the shape 'show --json'
      prints). --forum names the candidate forum (an event id) they are for.
  questions show   --official REF
      prints the saved bank, with what was asked and answered.
  questions answer --official REF --question ID [--answer TEXT]
                   [--stance N [--issue REF]] [--forum EVENT] [--on DATE] [--not-asked]
      after the forum: marks the question asked and records the answer.
      --stance (-2 strong opposition .. +2 strong support) also records the
      official's stance on the question's issue (or --issue) in the map,
      citing the forum, so that the power grid shows it. --on defaults to
      the forum's date; --not-asked clears the question's record.

A REF is an entity id or a name that matches exactly one official. Draft
and show print text, or JSON with --json. As --as viewer, a question that
cites a client or a private record is left out.

Examples:
  powermap questions save --official "Zoë Gingerhook" --draft --forum ev_1a2b3c4d5e6f
  powermap questions show --official sen-03 --json > bank.json   # edit and reorder, then save --file bank.json
  powermap questions answer --official sen-03 --question q_0f3a9c2b7d1e \
      --answer "Yes, I will vote for it in committee" --stance 2`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&official, "official", "", "the official or candidate (`REF`: an id or unique name; required)")
			fs.BoolVar(&fromDraft, "draft", false, "save: save the draft as it is")
			fs.StringVar(&file, "file", "", "save: read the bank from this JSON `FILE` (- for standard input)")
			fs.StringVar(&forum, "forum", "", "save, answer: the candidate forum (`EVENT` id)")
			fs.StringVar(&question, "question", "", "answer: the question's `ID`")
			fs.StringVar(&answer, "answer", "", "answer: what the official answered")
			fs.StringVar(&stance, "stance", "", "answer: the stance the answer takes (`N`: -2..2)")
			fs.StringVar(&issue, "issue", "", "answer: the issue of the stance (`REF`; default the question's)")
			fs.StringVar(&on, "on", "", "answer: the `DATE` asked (YYYY-MM-DD; default the forum's)")
			fs.BoolVar(&notAsked, "not-asked", false, "answer: mark the question not asked")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) != 1 {
				return usagef("give one subcommand: draft, show, save or answer")
			}
			sub := args[0]
			if official == "" {
				return usagef("--official is required")
			}
			var in app.QuestionBankInput
			var ans app.AnswerInput
			switch sub {
			case "draft", "show":
			case "save":
				if fromDraft == (file != "") {
					return usagef("questions save needs one of --draft or --file FILE")
				}
				if file != "" {
					raw, err := readFileOrStdin(m, file)
					if err != nil {
						return err
					}
					if err := app.DecodeJSON(raw, &in); err != nil {
						return err
					}
				}
			case "answer":
				if question == "" {
					return usagef("questions answer needs --question ID")
				}
				asked := !notAsked
				ans = app.AnswerInput{Asked: &asked, AskedOn: on, Answer: answer, Issue: issue, Forum: forum}
				if stance != "" {
					al, err := graph.ParseAlignment(stance)
					if err != nil || !al.Known() {
						return usagef("--stance must be an integer from -2 (strong opposition) to +2 (strong support), not %q", stance)
					}
					ans.Stance = &al
				}
			default:
				return usagef("unknown subcommand %q: want draft, show, save or answer", sub)
			}
			open := m.openReadOnly
			if sub == "save" || sub == "answer" {
				open = m.openStore
			}
			return m.withApp(ctx, open, "", func(a *app.App) error {
				caller := m.caller()
				switch sub {
				case "draft":
					d, err := a.DraftQuestions(ctx, caller, official)
					if err != nil {
						return err
					}
					if asJSON {
						return writeJSON(m, d)
					}
					fmt.Fprintf(m.Stdout, "Questions for %s, drafted %s\n\n", d.Official.Name, d.AsOf)
					printQuestions(m, d.Questions)
					return nil
				case "save":
					if fromDraft {
						d, err := a.DraftQuestions(ctx, caller, official)
						if err != nil {
							return err
						}
						in.Questions = d.Questions
					}
					if forum != "" {
						in.Forum = forum
					}
					b, err := a.SaveQuestionBank(ctx, caller, official, in)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "saved %d questions for %s\n", len(b.Questions), b.Official.Name)
					return showBank(m, b, asJSON)
				case "answer":
					b, err := a.AnswerQuestion(ctx, caller, official, question, ans)
					if err != nil {
						return err
					}
					fmt.Fprintf(m.Stderr, "recorded the answer to %s\n", question)
					return showBank(m, b, asJSON)
				default:
					b, err := a.QuestionBank(ctx, caller, official)
					if err != nil {
						return err
					}
					return showBank(m, b, asJSON)
				}
			})
		},
	}
}

func readFileOrStdin(m *Main, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(m.Stdin)
	}
	return os.ReadFile(name)
}

func showBank(m *Main, b *app.QuestionBankView, asJSON bool) error {
	if asJSON {
		return writeJSON(m, b)
	}
	if !b.Saved {
		fmt.Fprintf(m.Stdout, "No question bank is saved for %s: draft one with 'powermap questions draft --official %s'.\n", b.Official.Name, b.Official.ID)
		return nil
	}
	fmt.Fprintf(m.Stdout, "Questions for %s", b.Official.Name)
	if b.Forum != nil {
		fmt.Fprintf(m.Stdout, " at %s (%s)", b.Forum.Name, b.Forum.Date)
	}
	fmt.Fprint(m.Stdout, "\n\n")
	printQuestions(m, b.Questions)
	return nil
}

func printQuestions(m *Main, qs []graph.Question) {
	if len(qs) == 0 {
		fmt.Fprintln(m.Stdout, "(no questions)")
		return
	}
	for i, q := range qs {
		fmt.Fprintf(m.Stdout, "%d. %s\n   [%s]\n", i+1, q.Text, q.ID)
		for _, s := range q.Sources {
			fmt.Fprintf(m.Stdout, "   source: %s %s (%s)\n", s.Kind, s.ID, s.Name)
		}
		if q.Asked {
			fmt.Fprintf(m.Stdout, "   asked on %s", q.AskedOn)
			if q.Answer != "" {
				fmt.Fprintf(m.Stdout, ": %q", q.Answer)
			}
			if q.Stance != nil {
				fmt.Fprintf(m.Stdout, " (stance: %s)", q.Stance.Label())
			}
			fmt.Fprintln(m.Stdout)
		}
	}
}

// loadDemoQuestions saves a question bank for the first official at the
// demo's candidate forum, drafted from the map, with the first two
// questions asked and answered (no stance recorded, so that the demo's
// stances stay those of the map). A bank already saved is left alone.
func loadDemoQuestions(ctx context.Context, s graph.Store) error {
	es, ok := s.(graph.EventStore)
	if !ok {
		return nil
	}
	qs, ok := s.(graph.QuestionStore)
	if !ok {
		return nil
	}
	forums, err := es.Events(ctx, graph.EventQuery{Type: graph.EventCandidateForum, Limit: 1})
	if err != nil || len(forums) == 0 || len(forums[0].Officials) == 0 {
		return err
	}
	forum := forums[0]
	official := forum.Officials[0]
	if _, err := qs.QuestionBank(ctx, official); err == nil || !graph.Is(err, graph.NotFound) {
		return err
	}
	a, err := app.New(app.Deps{Store: s})
	if err != nil {
		return err
	}
	d, err := a.DraftQuestions(ctx, app.Admin, official)
	if err != nil {
		return err
	}
	if _, err := a.SaveQuestionBank(ctx, app.Admin, official, app.QuestionBankInput{Forum: forum.ID, Questions: d.Questions}); err != nil {
		return err
	}
	answers := []string{
		"Yes. I will vote for it in committee and on the floor.",
		"I will ask the chair for a hearing this session.",
	}
	for i, q := range d.Questions[:min(len(d.Questions), len(answers))] {
		if _, err := a.AnswerQuestion(ctx, app.Admin, official, q.ID, app.AnswerInput{Answer: answers[i]}); err != nil {
			return err
		}
	}
	return nil
}

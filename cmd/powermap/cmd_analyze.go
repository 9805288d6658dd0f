package main

import (
	"context"
	"encoding/json"
	"flag"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/internal/app"
)

// refs collects a repeatable flag: --from A --from B.
type refs []string

func (r *refs) String() string     { return strings.Join(*r, ",") }
func (r *refs) Set(v string) error { *r = append(*r, v); return nil }

func pathsCommand() *command {
	var (
		to      string
		from    refs
		avoid   refs
		k, hops int
		types   string
		exclude string
		asJSON  bool
	)
	return &command{
		name:    "paths",
		summary: "who knows X? the best introduction paths from our people to a target",
		usage:   "paths --to REF [--from REF]... [-k 5] [--max-hops 6] [--types T,...] [--json]",
		help: `Paths answers "who knows X?": it finds the k best introduction paths from
our people to a target, strongest first.

A path is a chain of ties that can carry an introduction (KNOWS, WORKS_FOR,
BOARD_OF...; not DONATED_TO), from our people (every entity marked ours, or
the --from people) to the target. A path's strength is the product of its ties' strengths: a path of
two 0.8 ties (0.64) beats one 0.5 tie. Ties that ended are left out.

A REF is an id or a name; a name must match exactly one entity (case and
accents do not matter).

Examples:
  powermap paths --to "Fenna Oakenshield"
  powermap paths --to sen-01 --from "Westmark Fair Futures Coalition" -k 3
  powermap paths --to sen-01 --types KNOWS,FRIEND_OF,FAMILY_OF --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&to, "to", "", "the target (`REF`: an id or unique name; required)")
			fs.Var(&from, "from", "a source (`REF`: an id or unique name; repeatable; default: all of ours)")
			fs.Var(&avoid, "avoid", "an entity no path may pass through (`REF`; repeatable)")
			fs.IntVar(&k, "k", app.DefaultK, "how many paths")
			fs.IntVar(&hops, "max-hops", app.DefaultMaxHops, "the most ties on a path (at most 12)")
			fs.StringVar(&types, "types", "", "only these relationship `TYPES` (comma-separated)")
			fs.StringVar(&exclude, "exclude-types", "", "never these relationship `TYPES` (comma-separated)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if to == "" {
				return usagef("--to is required")
			}
			q := app.PathsQuery{To: to, From: from, Avoid: avoid, K: k, MaxHops: hops}
			var err error
			if q.Types, err = graph.ParseRelTypes(types); err != nil {
				return usagef("--types: %s", errorText(err))
			}
			if q.ExcludeTypes, err = graph.ParseRelTypes(exclude); err != nil {
				return usagef("--exclude-types: %s", errorText(err))
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				res, err := a.Paths(ctx, m.caller(), q)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, res)
				}
				return paths.WriteText(m.Stdout, res)
			})
		},
	}
}

func rankCommand() *command {
	var (
		algo       string
		top        int
		unweighted bool
		seeds      refs
		kind       string
		label      string
		within     bool
		types      string
		asJSON     bool
	)
	return &command{
		name:    "rank",
		summary: "who holds influence? rank entities by PageRank, betweenness and more",
		usage:   "rank --algo A [--top N] [--unweighted] [--seed REF]... [--kind K] [--label L] [--within] [--types T,...] [--json]",
		help: `Rank answers "who holds influence?": it scores every entity by one
measure and prints the top ones.

Algorithms:
  pagerank     overall influence: who the influential are tied to (alpha 0.85)
  ppr          personalized PageRank from --seed: the inner circle of a person
  betweenness  brokers: who sits on the shortest paths between others
  closeness    who is close to everyone (Wasserman-Faust, for split graphs)
  harmonic     closeness that copes with unreachable entities
  eigenvector  influence from influential neighbours
  hits         authority: who the hubs point at
  degree       how many ties
  communities  clusters of densely tied entities (Louvain)

Strengths weigh the ties unless --unweighted. Large maps get estimated
betweenness; the output says whether a ranking is exact.

--kind and --label list only the entities of that kind or with that label,
with the scores they have in the ranking of the whole map. With --within
they are ranked among themselves instead: the algorithm runs on the
subgraph of those entities alone, as if the rest of the map did not exist.

--types keeps only ties of those types. pagerank, ppr and hits follow every
tie, so they also rank by DONATED_TO or REPRESENTS; the other algorithms run
on the introduction graph, which has no such ties, and refuse them.

Examples:
  powermap rank --algo betweenness --kind official          # brokers of the map who are officials
  powermap rank --algo ppr --seed "Fenna Oakenshield" --top 10   # her inner circle
  powermap rank --algo pagerank --types DONATED_TO               # who the money flows to`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&algo, "algo", "pagerank", "the algorithm (`ALGO`, see above)")
			fs.IntVar(&top, "top", app.DefaultTop, "how many results (at most 1000)")
			fs.BoolVar(&unweighted, "unweighted", false, "count every tie as 1, ignoring strengths")
			fs.Var(&seeds, "seed", "a seed for ppr (`REF`: an id or unique name; repeatable)")
			fs.StringVar(&kind, "kind", "", "list only entities of this `KIND` (scores from the whole map)")
			fs.StringVar(&label, "label", "", "list only entities with this `LABEL` (scores from the whole map)")
			fs.BoolVar(&within, "within", false, "rank the entities of --kind and --label among themselves, as a subgraph")
			fs.StringVar(&types, "types", "", "use only these relationship `TYPES` (comma-separated)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			a, err := rank.ParseAlgo(algo)
			if err != nil {
				return usagef("--algo: %s", errorText(err))
			}
			if within && kind == "" && label == "" {
				return usagef("--within needs --kind or --label")
			}
			q := rank.Query{Algo: a, Top: top, Weighted: !unweighted, Label: label, Within: within}
			if kind != "" {
				if q.Kind, err = graph.ParseKind(kind); err != nil {
					return usagef("--kind: %s", errorText(err))
				}
			}
			if q.Types, err = graph.ParseRelTypes(types); err != nil {
				return usagef("--types: %s", errorText(err))
			}
			if a == rank.AlgoPPR && len(seeds) == 0 {
				return usagef("--algo ppr needs at least one --seed")
			}
			q.Seeds, q.ExcludeSeeds = seeds, len(seeds) > 0
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				res, err := a.Rankings(ctx, m.caller(), q)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(m, res)
				}
				return rank.WriteText(m.Stdout, res)
			})
		},
	}
}

func writeJSON(m *Main, v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
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
		help: `Paths finds the k best introduction paths to a target: chains of ties that
can carry an introduction (KNOWS, WORKS_FOR, BOARD_OF...; not DONATED_TO),
from our people (every entity marked ours, or the --from people) to the
target. A path's strength is the product of its ties' strengths: a path of
two 0.8 ties (0.64) beats one 0.5 tie. Ties that ended are left out.

A REF is an id or a name; a name must match exactly one entity (case and
accents do not matter).

Examples:
  powermap paths --to "Fenna Oakenshield"
  powermap paths --to sen-01 --from "Westmark Fair Futures Coalition" -k 3
  powermap paths --to sen-01 --types KNOWS,FRIEND_OF,FAMILY_OF --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&to, "to", "", "the target: an id or a unique name (required)")
			fs.Var(&from, "from", "a source, id or unique name (repeatable; default: all of ours)")
			fs.Var(&avoid, "avoid", "an entity no path may pass through (repeatable)")
			fs.IntVar(&k, "k", paths.DefaultK, "how many paths")
			fs.IntVar(&hops, "max-hops", paths.DefaultMaxHops, "the most ties on a path")
			fs.StringVar(&types, "types", "", "only these relationship types (comma-separated)")
			fs.StringVar(&exclude, "exclude-types", "", "never these relationship types (comma-separated)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if to == "" {
				return usagef("--to is required")
			}
			if k < 1 || k > paths.MaxK {
				return usagef("-k must be between 1 and %d", paths.MaxK)
			}
			if hops < 1 {
				return usagef("--max-hops must be at least 1")
			}
			q := paths.Query{K: k, MaxHops: hops}
			var err error
			if q.Types, err = graph.ParseRelTypes(types); err != nil {
				return usagef("--types: %s", errorText(err))
			}
			if q.ExcludeTypes, err = graph.ParseRelTypes(exclude); err != nil {
				return usagef("--exclude-types: %s", errorText(err))
			}
			return m.analyze(ctx, func(s graph.Store, snap *snapshot.Snapshot) error {
				target, err := graph.Resolve(ctx, s, to)
				if err != nil {
					return err
				}
				q.To = target.ID
				if q.From, err = resolveAll(ctx, s, from); err != nil {
					return err
				}
				if q.Avoid, err = resolveAll(ctx, s, avoid); err != nil {
					return err
				}
				res, err := paths.Find(ctx, snap, q)
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
		help: `Rank scores every entity by one influence measure and prints the top ones.

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
  powermap rank --algo pagerank --top 20
  powermap rank --algo betweenness --kind official          # brokers of the map who are officials
  powermap rank --algo pagerank --label clergy --within     # influence among the clergy alone
  powermap rank --algo ppr --seed "Fenna Oakenshield" --top 10   # her inner circle
  powermap rank --algo pagerank --types DONATED_TO               # who the money flows to
  powermap rank --algo degree --unweighted --json`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&algo, "algo", "pagerank", "the algorithm (see above)")
			fs.IntVar(&top, "top", rank.DefaultTop, "how many results")
			fs.BoolVar(&unweighted, "unweighted", false, "count every tie as 1, ignoring strengths")
			fs.Var(&seeds, "seed", "a seed for ppr: an id or unique name (repeatable)")
			fs.StringVar(&kind, "kind", "", "list only entities of this kind (scores from the whole map)")
			fs.StringVar(&label, "label", "", "list only entities with this label (scores from the whole map)")
			fs.BoolVar(&within, "within", false, "rank the entities of --kind and --label among themselves, as a subgraph")
			fs.StringVar(&types, "types", "", "use only these relationship types (comma-separated)")
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
			if top < 1 {
				return usagef("--top must be at least 1")
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
			return m.analyze(ctx, func(s graph.Store, snap *snapshot.Snapshot) error {
				if q.Seeds, err = resolveAll(ctx, s, seeds); err != nil {
					return err
				}
				q.ExcludeSeeds = len(q.Seeds) > 0
				res, err := rank.Run(ctx, snap, q)
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

// analyze opens the store, builds an analysis snapshot of it, and runs fn.
func (m *Main) analyze(ctx context.Context, fn func(graph.Store, *snapshot.Snapshot) error) error {
	s, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	snap, err := snapshot.Build(ctx, s.Stream, snapshot.Options{})
	if err != nil {
		return err
	}
	return fn(s, snap)
}

func resolveAll(ctx context.Context, s graph.Store, refs []string) ([]string, error) {
	var ids []string
	for _, r := range refs {
		e, err := graph.Resolve(ctx, s, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
}

func writeJSON(m *Main, v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

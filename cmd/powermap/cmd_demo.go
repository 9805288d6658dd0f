package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/synth"
)

// demoProgressFrom is the smallest map whose loading shows a progress bar.
const demoProgressFrom = 50_000

func demoCommand() *command {
	var (
		size int
		seed int64
	)
	return &command{
		name:    "demo",
		summary: "load the demo map: the fictional State of Westmark",
		usage:   "demo [--entities N] [--seed S]",
		help: `Demo loads an invented map to try powermap on: the State of Westmark, with
about 2,000 people, officials, donors and organizations, and one campaign.

It holds a legislature with committees and staff, agencies, a coalition
with staff, board, members and clients, congregations, businesses and
unions, donors, and a web of personal ties. Every name is invented. Loading
it twice changes nothing.

A larger map is written in batches of 20,000 records (one transaction
each), with a progress bar on a terminal, so that memory stays flat: a
million entities and 4.5 million ties load in under 2 GB. A load stopped
part way leaves the batches written so far; run it again to finish it.

Examples:
  powermap demo
  powermap demo --entities 100000 --seed 7   # a larger map for trying things at scale`,
		flags: func(fs *flag.FlagSet, m *Main) {
			d := synth.DemoConfig()
			fs.IntVar(&size, "entities", d.Entities, "how many entities to generate")
			fs.Int64Var(&seed, "seed", d.Seed, "random seed; the same seed gives the same map")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if size < synth.MinEntities {
				return usagef("--entities must be at least %d", synth.MinEntities)
			}
			s, err := m.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			cfg := synth.DemoConfig()
			cfg.Entities, cfg.Seed = size, seed
			var p format.Progress = format.Nop{}
			if f, ok := m.Stderr.(*os.File); ok && size >= demoProgressFrom {
				p = format.NewTerminal(f, "loading the demo")
			}
			st, err := loadDemo(ctx, s, demoLoad{Config: cfg, Today: time.Now(), Progress: p})
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "loaded the demo map into %s: %d entities and %d relationships created, %d entities and %d relationships already there\n",
				m.Config.Where(), st.EntitiesCreated, st.RelationshipsCreated, st.EntitiesUnchanged, st.RelationshipsUnchanged)
			return nil
		},
	}
}

// demoLoad says which demo map loadDemo writes, and how.
type demoLoad struct {
	Config synth.Config
	// Today dates the campaign, events and consents.
	Today time.Time
	// Batch caps the records written per transaction; zero means
	// graph.DefaultBatchSize.
	Batch int
	// Progress follows the writing of the map, in records; nil shows
	// nothing.
	Progress format.Progress
}

// loadDemo writes the demo map into s, its speakers' consents recorded
// (synth.DemoSpeakers), then its campaign, events, community records and
// question bank, and returns the Stats of the map's records. It generates
// the map twice: first to keep what the extras read (synth.DemoIndex) and
// to count the records, then to write it in batches, so that memory grows
// with that index, never with the map's relationships. Loading twice
// changes nothing.
func loadDemo(ctx context.Context, s graph.Store, d demoLoad) (graph.Stats, error) {
	cfg, today := d.Config, d.Today
	var ix synth.DemoIndex
	var total int64
	err := synth.Generate(cfg, graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { total++; return ix.Entity(e) },
		Relationship: func(r *graph.Relationship) error { total++; return ix.Relationship(r) },
	})
	if err != nil {
		return graph.Stats{}, err
	}
	demo := ix.Batch()
	speakers := map[string]graph.Entity{}
	for _, e := range synth.DemoSpeakers(demo, today) {
		speakers[e.ID] = e
	}

	p := format.Or(d.Progress)
	p.Start(total, "records")
	var st graph.Stats
	w := &graph.Batcher{Size: d.Batch, Flush: func(b *graph.Batch) error {
		n := len(b.Entities) + len(b.Relationships)
		bs, err := s.Apply(ctx, b)
		if err != nil {
			return err
		}
		st.Add(bs)
		p.Add(int64(n))
		return nil
	}}
	err = synth.Generate(cfg, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if sp, ok := speakers[e.ID]; ok {
				e = &sp
			}
			return w.Entity(e)
		},
		Relationship: w.Relationship,
	})
	if err == nil {
		err = w.Close()
	}
	p.Finish()
	if err != nil {
		return st, err
	}

	if err := loadDemoCampaign(ctx, s, demo, today); err != nil {
		return st, err
	}
	if err := loadDemoEvents(ctx, s, demo, today); err != nil {
		return st, err
	}
	if err := loadDemoCommunity(ctx, s, demo, today); err != nil {
		return st, err
	}
	return st, loadDemoQuestions(ctx, s)
}

// loadDemoIfEmpty loads the demo map into an empty store, for `serve --demo`.
func loadDemoIfEmpty(ctx context.Context, s graph.Store) (bool, error) {
	c, err := s.Counts(ctx)
	if err != nil {
		return false, err
	}
	if c.Entities > 0 {
		return false, nil
	}
	_, err = loadDemo(ctx, s, demoLoad{Config: synth.DemoConfig(), Today: time.Now()})
	return true, err
}

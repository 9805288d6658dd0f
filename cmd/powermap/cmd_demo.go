package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

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
			b := synth.Batch(cfg)
			st, err := s.Apply(ctx, withDemoSpeakers(b, time.Now()))
			if err != nil {
				return err
			}
			if err := loadDemoCampaign(ctx, s, b, time.Now()); err != nil {
				return err
			}
			if err := loadDemoEvents(ctx, s, b, time.Now()); err != nil {
				return err
			}
			if err := loadDemoCommunity(ctx, s, b, time.Now()); err != nil {
				return err
			}
			if err := loadDemoQuestions(ctx, s); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "loaded the demo map into %s: %d entities and %d relationships created, %d entities and %d relationships already there\n",
				m.Config.Where(), st.EntitiesCreated, st.RelationshipsCreated, st.EntitiesUnchanged, st.RelationshipsUnchanged)
			return nil
		},
	}
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
	b := synth.Demo()
	if _, err = s.Apply(ctx, withDemoSpeakers(b, time.Now())); err != nil {
		return false, err
	}
	if err := loadDemoCampaign(ctx, s, b, time.Now()); err != nil {
		return true, err
	}
	if err := loadDemoEvents(ctx, s, b, time.Now()); err != nil {
		return true, err
	}
	if err := loadDemoCommunity(ctx, s, b, time.Now()); err != nil {
		return true, err
	}
	return true, loadDemoQuestions(ctx, s)
}

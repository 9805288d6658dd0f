package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/spill"
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

The map is generated once and sorted by id in a temporary folder ($TMPDIR;
about 800 MB for a million entities), then written in batches of 20,000
records, one transaction each, with a progress bar on a terminal from
50,000 entities. Memory stays flat: a million entities and 4.5 million ties
load in under 2 GB. A load stopped part way leaves the batches written so
far; run it again to finish it.

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

// pageReleaser is a store that can let go of the pages of its file mapped
// into memory while writing (embedded.Store.ReleasePages).
type pageReleaser interface{ ReleasePages() error }

// demoSortBytes is the memory of each of the two buffers in which loadDemo
// sorts the map's records.
const demoSortBytes = 32 << 20

// loadDemo writes the demo map into s, its speakers' consents recorded
// (synth.DemoSpeakers), then its campaign, events, community records and
// question bank, and returns the Stats of the map's records. Loading twice
// changes nothing.
//
// Memory stays flat whatever the map's size. The map is generated once:
// what the extras read is kept (synth.DemoIndex), and every record is
// sorted by id in a temporary folder (spill), entities first. Then the
// records are written in batches, in that order, so that a store's indexes
// grow at their ends rather than all over: the embedded store then reads
// and rewrites fewer pages per batch, and lets go of those it read after
// each one (pageReleaser).
func loadDemo(ctx context.Context, s graph.Store, d demoLoad) (graph.Stats, error) {
	dir, err := os.MkdirTemp("", "powermap-demo-")
	if err != nil {
		return graph.Stats{}, err
	}
	defer os.RemoveAll(dir)
	sorted := spill.New(dir, demoSortBytes)
	defer sorted.Wait()
	p := format.Or(d.Progress)
	defer p.Finish()

	var ix synth.DemoIndex
	var total int64
	add := func(kind byte, id string, v any) error {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		total++
		return sorted.Add(string(kind)+id, raw)
	}
	p.Start(0, "records generated")
	err = synth.Generate(d.Config, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			_ = ix.Entity(e)
			p.Add(1)
			return add('e', e.ID, e)
		},
		Relationship: func(r *graph.Relationship) error {
			_ = ix.Relationship(r)
			p.Add(1)
			return add('r', r.ID, r)
		},
	})
	if err != nil {
		return graph.Stats{}, err
	}
	demo := ix.Batch()
	speakers := map[string]graph.Entity{}
	for _, e := range synth.DemoSpeakers(demo, d.Today) {
		speakers[e.ID] = e
	}

	p.Start(total, "records written")
	var st graph.Stats
	release, _ := s.(pageReleaser)
	w := &graph.Batcher{Size: d.Batch, Flush: func(b *graph.Batch) error {
		n := len(b.Entities) + len(b.Relationships)
		bs, err := s.Apply(ctx, b)
		if err != nil {
			return err
		}
		st.Add(bs)
		p.Add(int64(n))
		if release != nil {
			return release.ReleasePages()
		}
		return nil
	}}
	err = sorted.Each(func(key []byte, values [][]byte) error {
		for _, raw := range values {
			if key[0] == 'e' {
				var e graph.Entity
				if err := json.Unmarshal(raw, &e); err != nil {
					return err
				}
				if sp, ok := speakers[e.ID]; ok {
					e = sp
				}
				if err := w.Entity(&e); err != nil {
					return err
				}
				continue
			}
			var r graph.Relationship
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
			if err := w.Relationship(&r); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return st, err
	}
	p.Finish()

	if err := loadDemoCampaign(ctx, s, demo, d.Today); err != nil {
		return st, err
	}
	if err := loadDemoEvents(ctx, s, demo, d.Today); err != nil {
		return st, err
	}
	if err := loadDemoCommunity(ctx, s, demo, d.Today); err != nil {
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

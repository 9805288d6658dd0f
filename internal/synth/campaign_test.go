package synth_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

func TestDemoCampaignIsValid(t *testing.T) {
	b := synth.Demo()
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	d, err := synth.DemoCampaign(b, today)
	if err != nil {
		t.Fatal(err)
	}
	ents := map[string]graph.Entity{}
	for _, e := range b.Entities {
		e.Normalize()
		ents[e.ID] = e
	}
	lookup := func(id string) (graph.Entity, bool, error) { e, ok := ents[id]; return e, ok, nil }

	c := d.Campaign
	c.Normalize()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckRefs(lookup); err != nil {
		t.Fatal(err)
	}
	if !c.Active(today) {
		t.Error("the demo campaign is not active today")
	}
	statuses := map[graph.TargetStatus]int{}
	priorities := map[graph.Priority]int{}
	for _, tg := range c.Targets {
		statuses[tg.Status]++
		priorities[tg.Priority]++
	}
	for _, s := range graph.TargetStatuses() {
		if statuses[s] == 0 {
			t.Errorf("no target is %s", s)
		}
	}
	if priorities[graph.PriorityPrimary] == 0 || priorities[graph.PrioritySecondary] == 0 {
		t.Errorf("priorities %v", priorities)
	}

	if len(d.Log) < 15 {
		t.Fatalf("only %d interactions", len(d.Log))
	}
	seen := map[string]bool{}
	types := map[graph.InteractionType]bool{}
	followUps := 0
	for i, ix := range d.Log {
		ix.Normalize()
		if err := ix.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := ix.CheckRefs(lookup); err != nil {
			t.Fatal(err)
		}
		if seen[ix.ID] {
			t.Fatalf("duplicate id %s", ix.ID)
		}
		seen[ix.ID] = true
		if ix.Date > today.Format(time.DateOnly) || ix.Date < c.Start {
			t.Errorf("%s is dated %s, outside the campaign so far", ix.ID, ix.Date)
		}
		if i > 0 && ix.Date < d.Log[i-1].Date {
			t.Errorf("the log is not oldest first at %s", ix.ID)
		}
		types[ix.Type] = true
		if ix.FollowUp != "" {
			followUps++
		}
	}
	if len(types) < 8 || followUps < 3 {
		t.Errorf("%d interaction types and %d follow-ups: the log should show more of the organizing", len(types), followUps)
	}
	if again, _ := synth.DemoCampaign(synth.Demo(), today); !reflect.DeepEqual(d, again) {
		t.Error("the demo campaign is not deterministic")
	}
}

func TestDemoCampaignOnSmallMaps(t *testing.T) {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{synth.MinEntities, 500, 5000} {
		d, err := synth.DemoCampaign(synth.Batch(synth.Config{Entities: n, Seed: 7}), today)
		if err != nil {
			if graph.CodeOf(err) != graph.Invalid {
				t.Fatalf("%d entities: %v", n, err)
			}
			t.Logf("%d entities: no campaign (%v)", n, err)
			continue
		}
		if len(d.Campaign.Targets) != 5 {
			t.Errorf("%d entities: %d targets", n, len(d.Campaign.Targets))
		}
	}
}

package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/synth"
)

// benchEvents writes n events of 2026 into the app's store, drawn with a
// fixed seed from the synthetic map of size entities (seed 42, as
// benchApp loads it): each with 2 officials present, 20 named attendees,
// unnamed attendees from 3 districts, and every tenth a drive that
// registered voters in 4 districts.
func benchEvents(b *testing.B, a *app.App, size, n int) {
	b.Helper()
	var people, officials, districts []string
	seen := map[string]bool{}
	err := synth.Generate(synth.Config{Entities: size, Seed: 42}, graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		switch {
		case e.Kind == graph.KindOfficial:
			officials = append(officials, e.ID)
		case e.Kind == graph.KindPerson && e.District != "":
			people = append(people, e.ID)
			if !seen[e.District] {
				seen[e.District] = true
				districts = append(districts, e.District)
			}
		}
		return nil
	}})
	if err != nil {
		b.Fatal(err)
	}
	es := a.Store().(graph.EventStore)
	r := rand.New(rand.NewPCG(42, 13))
	types := graph.EventTypes()
	ctx := context.Background()
	for i := range n {
		e := graph.Event{ID: fmt.Sprintf("ev-%05d", i), Type: types[r.IntN(len(types)-1)], Name: fmt.Sprintf("Event %d", i),
			Date:      time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365)).Format(time.DateOnly),
			Officials: []string{officials[r.IntN(len(officials))], officials[r.IntN(len(officials))]}}
		if e.Officials[0] == e.Officials[1] {
			e.Officials = e.Officials[:1]
		}
		picked := map[string]bool{}
		for len(e.Attendees) < 20 {
			p := people[r.IntN(len(people))]
			if !picked[p] {
				picked[p] = true
				e.Attendees = append(e.Attendees, graph.Attendee{Entity: p})
			}
		}
		for range 3 {
			e.Unnamed = append(e.Unnamed, graph.DistrictCount{District: districts[r.IntN(len(districts))], Count: 1 + r.IntN(30)})
		}
		if i%10 == 0 {
			e.Type = graph.EventDrive
			for range 4 {
				e.Registered = append(e.Registered, graph.DistrictCount{District: districts[r.IntN(len(districts))], Count: 1 + r.IntN(100)})
			}
		}
		if _, err := es.CreateEvent(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTurnoutAll1M: the turnout report on every official at 1M
// entities with 10k events, through the app, as an editor and as a viewer.
// first-s is the first answer, which builds the snapshot.
func BenchmarkTurnoutAll1M(b *testing.B) { benchTurnoutAll(b, 1_000_000, 10_000) }

// BenchmarkTurnoutAll10k is the same on a 10k map with 1k events.
func BenchmarkTurnoutAll10k(b *testing.B) { benchTurnoutAll(b, 10_000, 1_000) }

func benchTurnoutAll(b *testing.B, size, n int) {
	a, _ := benchApp(b, b.TempDir(), size)
	benchEvents(b, a, size, n)
	for _, who := range []struct {
		name   string
		caller app.Caller
	}{{"editor", app.Caller{Actor: "bench", Role: graph.RoleEditor}}, {"viewer", app.Caller{Actor: "bench", Role: graph.RoleViewer}}} {
		b.Run(who.name, func(b *testing.B) {
			ctx := context.Background()
			q := app.TurnoutQuery{Year: 2026}
			t0 := time.Now()
			res, err := a.TurnoutAll(ctx, who.caller, q)
			if err != nil {
				b.Fatal(err)
			}
			first := time.Since(t0)
			total := 0
			for _, o := range res.Officials {
				total += o.Constituents
			}
			if total == 0 {
				b.Fatal("no official has constituents at any event")
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := a.TurnoutAll(ctx, who.caller, q); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(first.Seconds(), "first-s")
			b.ReportMetric(float64(len(res.Officials)), "officials")
			b.ReportMetric(float64(total), "attendances")
		})
	}
}

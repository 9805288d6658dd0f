package outreach_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/synth"
)

const benchSeed = 42

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchCache sync.Map // entities → *outreach.Input

// benchInput builds (once per test binary) the input of one campaign with
// five senators as targets (two primary) on a generated map of n entities
// with about ten ties each, a stance for every tenth person, and an
// organizing log of n/50 interactions between our people and others over
// the three months before the week.
func benchInput(tb testing.TB, n int) *outreach.Input {
	if in, ok := benchCache.Load(n); ok {
		return in.(*outreach.Input)
	}
	cfg := synth.Config{Entities: n, Seed: benchSeed}
	var ours, others []string
	stances := map[string]graph.Alignment{}
	r := rand.New(rand.NewPCG(benchSeed, 5))
	err := synth.Generate(cfg, graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		if e.Kind == graph.KindOrganization {
			return nil
		}
		if e.Ours {
			ours = append(ours, e.ID)
		} else {
			others = append(others, e.ID)
		}
		if r.IntN(10) == 0 {
			stances[e.ID] = graph.Alignment(r.IntN(5) - 2)
		}
		return nil
	}})
	if err != nil {
		tb.Fatal(err)
	}
	monday := week49.Start(time.UTC)
	types := []graph.InteractionType{graph.OneOnOne, graph.Call, graph.OfficialMeeting, graph.Email, graph.CommunityMeeting}
	log := make([]graph.Interaction, n/50)
	for i := range log {
		d := monday.AddDate(0, 0, -r.IntN(90))
		ix := graph.Interaction{ID: fmt.Sprintf("ix-%06d", i), Type: types[r.IntN(len(types))], Date: d.Format(time.DateOnly),
			Participants: []string{ours[r.IntN(len(ours))], others[r.IntN(len(others))]}}
		if r.IntN(4) == 0 {
			ix.FollowUp = d.AddDate(0, 0, 7+r.IntN(21)).Format(time.DateOnly)
		}
		log[i] = ix
	}
	stream := func(_ context.Context, fn graph.StreamFuncs) (uint64, error) { return 1, synth.Generate(cfg, fn) }
	snap, _, err := outreach.BuildSnapshot(context.Background(), stream, log, monday)
	if err != nil {
		tb.Fatal(err)
	}
	c := graph.Campaign{ID: "bench", Name: "Bench", Issue: "issue-bench", Ask: "Vote yes", Start: "2026-09-01"}
	cons := map[string]outreach.Constituency{}
	for k := 1; k <= 5; k++ {
		id := fmt.Sprintf("sen-%02d", k)
		t := graph.Target{Entity: id, Priority: graph.PrioritySecondary, Status: graph.StatusNotAsked}
		if k <= 2 {
			t.Priority = graph.PriorityPrimary
		}
		if k == 5 {
			t.Status = graph.StatusAsked
		}
		c.Targets = append(c.Targets, t)
		i, ok := snap.Index(id)
		if !ok {
			tb.Fatalf("no %s in the generated map", id)
		}
		cons[id] = outreach.Constituency{Districts: []string{snap.Node(i).District}}
	}
	in := &outreach.Input{Campaign: c, IssueName: "the bench issue", Week: week49, Snapshot: snap, Log: log,
		Stances: stances, Constituencies: cons}
	benchCache.Store(n, in)
	return in
}

func benchRank(b *testing.B, n int) {
	in := benchInput(b, n)
	// The influence graph is built on first use and then kept by the
	// snapshot, as in a server.
	in.Snapshot.Influence()
	b.ResetTimer()
	var l *graph.OutreachList
	cpu := processCPU()
	for b.Loop() {
		var err error
		if l, err = outreach.Rank(b.Context(), in, outreach.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	// Rank runs on one goroutine, so the process's CPU time is its own:
	// on a loaded machine it is the fairer figure beside wall time.
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/list")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/list")
	b.ReportMetric(float64(len(l.Entries)), "entries")
}

// BenchmarkOutreach10k computes one campaign's list (5 targets) on the
// 10k-entity map. Target: ≤ 200 ms.
func BenchmarkOutreach10k(b *testing.B) { benchRank(b, 10_000) }

// BenchmarkOutreach1M computes one campaign's list (5 targets) on the
// 1M-entity map. Target: ≤ 5 s.
func BenchmarkOutreach1M(b *testing.B) { benchRank(b, 1_000_000) }

func benchGrid(b *testing.B, n int) {
	in := benchInput(b, n)
	in.Snapshot.Influence()
	issue := graph.EntityRef{ID: in.Campaign.Issue, Name: "bench"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := outreach.GridOf(b.Context(), in.Snapshot, &in.Campaign, issue, in.Stances); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGrid10k computes one campaign's power grid on the 10k-entity
// map.
func BenchmarkGrid10k(b *testing.B) { benchGrid(b, 10_000) }

// BenchmarkGrid1M computes one campaign's power grid on the 1M-entity map.
func BenchmarkGrid1M(b *testing.B) { benchGrid(b, 1_000_000) }

// BenchmarkRefreshedSnapshot10k builds the week's snapshot with the tie
// refresh applied, from a generated 10k-entity map.
func BenchmarkRefreshedSnapshot10k(b *testing.B) {
	in := benchInput(b, 10_000)
	cfg := synth.Config{Entities: 10_000, Seed: benchSeed}
	stream := func(_ context.Context, fn graph.StreamFuncs) (uint64, error) { return 1, synth.Generate(cfg, fn) }
	for b.Loop() {
		if _, _, err := outreach.BuildSnapshot(b.Context(), stream, in.Log, week49.Start(time.UTC)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchInputIsDeterministic guards the benchmark's fixture and checks
// stability on a generated map: the same input gives the same list.
func TestBenchInputIsDeterministic(t *testing.T) {
	in := benchInput(t, 2000)
	a, err := outreach.Rank(t.Context(), in, outreach.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := outreach.Rank(t.Context(), in, outreach.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if canonical(t, a) != canonical(t, b) {
		t.Fatal("two runs on the same input differ")
	}
	if len(a.Entries) != outreach.DefaultLimit {
		t.Fatalf("want a full list of %d, got %d", outreach.DefaultLimit, len(a.Entries))
	}
	// Shuffling the log changes nothing.
	shuffled := *in
	shuffled.Log = slices.Clone(in.Log)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Log), func(i, j int) { shuffled.Log[i], shuffled.Log[j] = shuffled.Log[j], shuffled.Log[i] })
	c, err := outreach.Rank(t.Context(), &shuffled, outreach.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if canonical(t, a) != canonical(t, c) {
		t.Fatal("the order of the log changed the list")
	}
}

// BenchmarkOutreach100k computes one campaign's list (5 targets) on the
// 100k-entity map.
func BenchmarkOutreach100k(b *testing.B) { benchRank(b, 100_000) }

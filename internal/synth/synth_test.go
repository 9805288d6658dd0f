package synth_test

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/synth"
)

// fingerprint hashes every record in order, so two runs can be compared.
func fingerprint(t *testing.T, cfg synth.Config) (ents, rels int, sum string) {
	t.Helper()
	var b strings.Builder
	err := synth.Generate(cfg, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			ents++
			b.WriteString(e.Revision())
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			if ents == 0 {
				return errors.New("relationship before entities")
			}
			rels++
			b.WriteString(r.Revision())
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := graph.Entity{ID: "x", Kind: graph.KindPerson, Name: b.String()}
	return ents, rels, e.Revision()
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := synth.Config{Entities: 1500, Seed: 7, TiesPerEntity: 6}
	e1, r1, s1 := fingerprint(t, cfg)
	e2, r2, s2 := fingerprint(t, cfg)
	if e1 != e2 || r1 != r2 || s1 != s2 {
		t.Fatalf("two runs differ: %d/%d/%s vs %d/%d/%s", e1, r1, s1, e2, r2, s2)
	}
	cfg.Seed = 8
	if _, _, s3 := fingerprint(t, cfg); s3 == s1 {
		t.Fatal("another seed gave the same map")
	}
}

func TestGenerateExactEntityCount(t *testing.T) {
	for _, n := range []int{synth.MinEntities, 333, 2000, 12345} {
		ents, _, _ := fingerprint(t, synth.Config{Entities: n, Seed: 1, TiesPerEntity: 3})
		if ents != n {
			t.Errorf("Entities %d: got %d", n, ents)
		}
	}
}

func TestGenerateRejectsBadConfig(t *testing.T) {
	for _, cfg := range []synth.Config{
		{Entities: synth.MinEntities - 1},
		{Entities: 1000, TiesPerEntity: -1},
	} {
		err := synth.Generate(cfg, graph.StreamFuncs{})
		if !graph.Is(err, graph.Invalid) {
			t.Errorf("%+v: got %v, want an Invalid error", cfg, err)
		}
	}
}

func TestGenerateStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := synth.Generate(synth.Config{Entities: 500, Seed: 1}, graph.StreamFuncs{
		Relationship: func(*graph.Relationship) error {
			n++
			if n == 10 {
				return stop
			}
			return nil
		},
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Fatalf("got %v after %d relationships, want stop after 10", err, n)
	}
}

// checkValid asserts what every store needs of a batch.
func checkValid(t *testing.T, b *graph.Batch) {
	t.Helper()
	if err := b.Prepare(); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	ids := map[string]bool{}
	for _, e := range b.Entities {
		if ids[e.ID] {
			t.Fatalf("entity id %q twice", e.ID)
		}
		ids[e.ID] = true
	}
	rids := map[string]bool{}
	for _, r := range b.Relationships {
		if rids[r.ID] {
			t.Fatalf("relationship id %q twice", r.ID)
		}
		rids[r.ID] = true
		if !ids[r.Source] || !ids[r.Target] {
			t.Fatalf("relationship %q has a missing endpoint", r.ID)
		}
	}
}

func TestDemoIsValid(t *testing.T) {
	b := synth.Demo()
	if len(b.Entities) != synth.DemoConfig().Entities {
		t.Fatalf("demo has %d entities", len(b.Entities))
	}
	checkValid(t, b)
}

func TestLargerMapsAreValid(t *testing.T) {
	for _, cfg := range []synth.Config{
		{Entities: synth.MinEntities, Seed: 3, TiesPerEntity: 1},
		{Entities: 5000, Seed: 4, TiesPerEntity: 10},
		{Entities: 3000, Seed: 5, TiesPerEntity: 30},
	} {
		t.Run(fmt.Sprint(cfg.Entities, "x", cfg.TiesPerEntity), func(t *testing.T) { checkValid(t, synth.Batch(cfg)) })
	}
}

func TestTiesPerEntity(t *testing.T) {
	for _, cfg := range []synth.Config{
		synth.DemoConfig(),
		{Entities: 5000, Seed: 9}, // the default density
		{Entities: 4000, Seed: 9, TiesPerEntity: 20},
	} {
		b := synth.Batch(cfg)
		want := cfg.TiesPerEntity
		if want == 0 {
			want = synth.DefaultTiesPerEntity
		}
		got := float64(len(b.Relationships)) / float64(len(b.Entities))
		t.Logf("%+v: %.2f ties per entity", cfg, got)
		if got < want*0.9 || got > want*1.1 {
			t.Errorf("%+v: %.2f ties per entity, want about %.1f", cfg, got, want)
		}
	}
}

func TestDemoHasEveryPart(t *testing.T) {
	b := synth.Demo()
	kinds := map[graph.Kind]int{}
	labels := map[string]int{}
	orgTypes := map[string]int{}
	var ours, accented, aliased, private, withDistrict int
	for _, e := range b.Entities {
		kinds[e.Kind]++
		for _, l := range e.Labels {
			labels[l]++
		}
		orgTypes[e.OrgType]++
		if e.Ours {
			ours++
		}
		if strings.ContainsFunc(e.Name, func(r rune) bool { return r > 127 }) {
			accented++
		}
		if len(e.Aliases) > 0 {
			aliased++
		}
		if e.IsPrivate() {
			private++
		}
		if e.Kind == graph.KindPerson && e.District != "" {
			withDistrict++
		}
	}
	for _, k := range graph.Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no entity of kind %s", k)
		}
	}
	for _, l := range []string{graph.LabelClient, graph.LabelSpeaker, graph.LabelStaff, graph.LabelBoard, "clergy", "business", "journalist", "lobbyist"} {
		if labels[l] == 0 {
			t.Errorf("no entity labelled %s", l)
		}
	}
	for _, o := range []string{"committee", "coalition", "agency", "congregation", "business", "union", "government", "pac"} {
		if orgTypes[o] == 0 {
			t.Errorf("no organization of type %s", o)
		}
	}
	if ours < 100 || accented < 20 || aliased < 10 || private < 20 || withDistrict < 1000 {
		t.Errorf("ours %d, accented %d, aliased %d, private %d, people with a district %d: too few", ours, accented, aliased, private, withDistrict)
	}

	types := map[graph.RelType]int{}
	var ended, current int
	var gifts []float64
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range b.Relationships {
		types[r.Type]++
		if graph.Current(r.Until, now) {
			current++
		} else {
			ended++
		}
		if r.Type == graph.DonatedTo {
			if r.Amount <= 0 || r.Date == "" {
				t.Fatalf("gift without amount or date: %+v", r)
			}
			gifts = append(gifts, r.Amount)
		}
	}
	for _, ty := range []graph.RelType{graph.Knows, graph.FriendOf, graph.FamilyOf, graph.ColleagueOf, graph.WorksFor,
		graph.Advises, graph.MemberOf, graph.BoardOf, graph.Leads, graph.ClientOf, graph.VolunteersFor,
		graph.DonatedTo, graph.ServesOn, graph.Represents, graph.Lobbies, graph.Supports, graph.Opposes} {
		if types[ty] == 0 {
			t.Errorf("no %s relationship", ty)
		}
	}
	if ended < len(b.Relationships)/50 || ended > len(b.Relationships)/5 {
		t.Errorf("%d ended ties out of %d", ended, len(b.Relationships))
	}
	sort.Float64s(gifts)
	median, top := gifts[len(gifts)/2], gifts[len(gifts)-1]
	t.Logf("ours %d, accented %d, aliased %d, private %d; ended ties %d of %d; gifts median %.0f, largest %.0f",
		ours, accented, aliased, private, ended, len(b.Relationships), median, top)
	if top < 30*median {
		t.Errorf("gifts are not heavy-tailed: median %.0f, largest %.0f", median, top)
	}
}

// TestDemoDistrictsMatch checks the nested district plan: every person's
// house district has a representative, and its senate district a senator.
func TestDemoDistrictsMatch(t *testing.T) {
	b := synth.Demo()
	reps, sens := map[string]bool{}, map[string]bool{}
	for _, e := range b.Entities {
		switch e.Chamber {
		case "house":
			if e.Kind == graph.KindOfficial {
				reps[e.District] = true
			}
		case "senate":
			if e.Kind == graph.KindOfficial {
				sens[e.District] = true
			}
		}
	}
	for _, e := range b.Entities {
		if e.Kind != graph.KindPerson || e.District == "" {
			continue
		}
		if !reps[e.District] || !sens[strings.TrimRight(e.District, "AB")] {
			t.Fatalf("%s lives in district %q, which has no representative or senator", e.ID, e.District)
		}
	}
}

// TestOursReachOfficials checks that every one of our people can be
// introduced to every legislator through current ties that carry
// introductions.
func TestOursReachOfficials(t *testing.T) {
	b := synth.Demo()
	now := time.Now()
	adj := map[string][]string{}
	for _, r := range b.Relationships {
		info, _ := r.Type.Info()
		if !info.Introduces || !graph.Current(r.Until, now) {
			continue
		}
		adj[r.Source] = append(adj[r.Source], r.Target)
		adj[r.Target] = append(adj[r.Target], r.Source)
	}
	start := synth.OursCoalitionID
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range adj[x] {
			if !seen[y] {
				seen[y] = true
				queue = append(queue, y)
			}
		}
	}
	var ours, legislators int
	for _, e := range b.Entities {
		if e.Ours && !seen[e.ID] {
			t.Errorf("our %s %q is cut off from the coalition", e.Kind, e.ID)
		}
		if e.Chamber == "senate" || e.Chamber == "house" {
			if e.Kind == graph.KindOfficial {
				legislators++
				if !seen[e.ID] {
					t.Errorf("legislator %q cannot be reached", e.ID)
				}
			}
		}
		if e.Ours {
			ours++
		}
	}
	if legislators != 60 || ours == 0 {
		t.Fatalf("%d legislators, %d of ours", legislators, ours)
	}
}

// TestSmallWorld checks the personal web: heavy-tailed degrees and
// clustering well above a random graph's.
func TestSmallWorld(t *testing.T) {
	b := synth.Batch(synth.Config{Entities: 5000, Seed: 11, TiesPerEntity: 10})
	adj := map[string]map[string]bool{}
	link := func(a, c string) {
		if adj[a] == nil {
			adj[a] = map[string]bool{}
		}
		adj[a][c] = true
	}
	for _, r := range b.Relationships {
		switch r.Type {
		case graph.Knows, graph.FriendOf, graph.FamilyOf, graph.ColleagueOf:
			link(r.Source, r.Target)
			link(r.Target, r.Source)
		}
	}
	var degrees []int
	var cc float64
	var counted int
	for _, nb := range adj {
		degrees = append(degrees, len(nb))
		if len(nb) < 2 {
			continue
		}
		var links int
		for x := range nb {
			for y := range nb {
				if x < y && adj[x][y] {
					links++
				}
			}
		}
		cc += float64(links) / float64(len(nb)*(len(nb)-1)/2)
		counted++
	}
	slices.Sort(degrees)
	mean := 0.0
	for _, d := range degrees {
		mean += float64(d)
	}
	mean /= float64(len(degrees))
	cc /= float64(counted)
	if top := degrees[len(degrees)-1]; float64(top) < 8*mean {
		t.Errorf("largest degree %d, mean %.1f: not heavy-tailed", top, mean)
	}
	random := mean / float64(len(degrees))
	t.Logf("personal web: mean degree %.1f, largest %d, clustering %.3f (random %.4f)", mean, degrees[len(degrees)-1], cc, random)
	if cc < 10*random || cc < 0.1 {
		t.Errorf("clustering %.3f, a random graph's %.4f", cc, random)
	}
}

func BenchmarkGenerate1M(b *testing.B) {
	cfg := synth.Config{Entities: 1_000_000, Seed: 1, TiesPerEntity: synth.DefaultTiesPerEntity}
	var records int
	count := func() error { records++; return nil }
	for b.Loop() {
		err := synth.Generate(cfg, graph.StreamFuncs{
			Entity:       func(*graph.Entity) error { return count() },
			Relationship: func(*graph.Relationship) error { return count() },
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)/float64(b.N), "records/op")
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkDemo(b *testing.B) {
	for b.Loop() {
		synth.Demo()
	}
}

func ExampleDemo() {
	b := synth.Demo()
	fmt.Println(len(b.Entities), "entities")
	for _, e := range b.Entities[:2] {
		fmt.Println(e.ID, e.Kind, e.Title)
	}
	// Output:
	// 2000 entities
	// exec-governor official Governor
	// exec-lt-governor official Lieutenant Governor
}

package format_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/format/pmjson"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

func registry() *format.Registry {
	return format.NewRegistry(
		[]format.Reader{pmcsv.Reader{}, pmjson.Reader{}},
		[]format.Writer{pmcsv.Writer{}, pmjson.Writer{}},
	).WithLogger(slog.New(slog.DiscardHandler))
}

func openStore(t testing.TB) graph.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// exportDemo writes the demo map as a powermap CSV folder.
func exportDemo(t *testing.T) (*graph.Batch, string) {
	t.Helper()
	demo := synth.Demo()
	dir := t.TempDir()
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(demo, format.Everything)); err != nil {
		t.Fatal(err)
	}
	return demo, dir
}

func counts(t *testing.T, s graph.Store) (int64, int64, uint64) {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Entities, c.Relationships, c.Version
}

func TestImportIsIdempotent(t *testing.T) {
	ctx := context.Background()
	demo, dir := exportDemo(t)
	s := openStore(t)
	g := registry()
	rep, err := g.Import(ctx, s, "", []string{dir}, nil) // detected
	if err != nil {
		t.Fatal(err)
	}
	st := rep.Stats
	if rep.Format != "csv" || st.EntitiesCreated != len(demo.Entities) || st.RelationshipsCreated != len(demo.Relationships) {
		t.Fatalf("first import: %+v", rep)
	}
	_, _, v1 := counts(t, s)
	rep, err = g.Import(ctx, s, "csv", []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stats.Changed() || rep.Stats.EntitiesUnchanged != len(demo.Entities) || rep.Stats.RelationshipsUnchanged != len(demo.Relationships) {
		t.Fatalf("second import changed something: %+v", rep.Stats)
	}
	if _, _, v2 := counts(t, s); v2 != v1 {
		t.Fatalf("version moved from %d to %d on a no-op import", v1, v2)
	}
}

// TestImportAllOrNothing appends bad rows at the very end of a good export:
// the import fails, names every bad row, and writes nothing.
func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	_, dir := exportDemo(t)
	rels := filepath.Join(dir, pmcsv.RelationshipsFile)
	data, _ := os.ReadFile(rels)
	lines := strings.Count(string(data), "\n")
	header := strings.Split(strings.SplitN(string(data), "\n", 2)[0], ",")
	row := func(cells map[string]string) string {
		out := make([]string, len(header))
		for i, h := range header {
			out[i] = cells[h]
		}
		return strings.Join(out, ",") + "\n"
	}
	f, _ := os.OpenFile(rels, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(row(map[string]string{"source": "exec-governor", "target": "sen-01", "type": "BEFRIENDS"}))
	f.WriteString(row(map[string]string{"source": "exec-governor", "target": "no-such-person", "type": "KNOWS"}))
	f.Close()

	s := openStore(t)
	_, _, v0 := counts(t, s)
	rep, err := registry().Import(ctx, s, "csv", []string{dir}, nil)
	if !graph.Is(err, graph.Invalid) {
		t.Fatalf("got %v, want an Invalid error", err)
	}
	if rep == nil || rep.ErrorCount != 2 {
		t.Fatalf("report: %+v", rep)
	}
	want := []graph.Detail{
		{File: "relationships.csv", Line: lines + 1, Field: "type"},
		{File: "relationships.csv", Line: lines + 2, Field: "target"},
	}
	for i, w := range want {
		d := rep.Errors[i]
		if d.File != w.File || d.Line != w.Line || d.Field != w.Field {
			t.Errorf("error %d: got %s, want %s:%d: %s", i, d, w.File, w.Line, w.Field)
		}
	}
	if !strings.Contains(rep.Errors[1].Reason, `unknown entity id "no-such-person"`) {
		t.Errorf("reason: %s", rep.Errors[1].Reason)
	}
	if len(graph.DetailsOf(err)) != 2 || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("error: %v", err)
	}
	if e, r, v := counts(t, s); e != 0 || r != 0 || v != v0 {
		t.Fatalf("a failed import wrote %d entities and %d relationships (version %d to %d)", e, r, v0, v)
	}
}

// TestImportResolvesEndsInTheStore imports relationships alone, between
// entities an earlier import wrote.
func TestImportResolvesEndsInTheStore(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	g := registry()
	people := writeFiles(t, map[string]string{"entities.csv": "id,kind,name\na,person,Ada Quill\nb,official,Bo Fern\n"})
	if _, err := g.Import(ctx, s, "csv", []string{people}, nil); err != nil {
		t.Fatal(err)
	}
	ties := writeFiles(t, map[string]string{"ties.csv": "source,target,type\na,b,KNOWS\n"})
	rep, err := g.Import(ctx, s, "", []string{filepath.Join(ties, "ties.csv")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stats.RelationshipsCreated != 1 {
		t.Fatalf("stats %+v", rep.Stats)
	}
	if _, err := s.Relationship(ctx, "KNOWS:a~b"); err != nil {
		t.Fatal(err)
	}
}

func TestImportRefusesTheWrongFormat(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	g := registry()
	_, csvDir := exportDemo(t)
	jsonFile := filepath.Join(t.TempDir(), "map.json")
	os.WriteFile(jsonFile, []byte(`{"entities": [{"id": "a", "kind": "person", "name": "Ada"}], "relationships": []}`), 0o644)
	yaml := writeFiles(t, map[string]string{"person.yml": "name: Ada Quill\n"})

	for _, tc := range []struct {
		format string
		paths  []string
		reason string
	}{
		{"json", []string{csvDir}, "is not in json format; it looks like csv"},
		{"csv", []string{jsonFile}, "is not in csv format; it looks like json"},
		{"csv", []string{yaml}, "is not in csv format"},
		{"", []string{yaml}, "cannot tell the format"},
		{"gexf", []string{csvDir}, `unknown import format "gexf"; known: csv, json`},
	} {
		_, err := g.Import(ctx, s, tc.format, tc.paths, nil)
		if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("import --format %q: got %v, want ...%s...", tc.format, err, tc.reason)
		}
	}
	if e, r, _ := counts(t, s); e != 0 || r != 0 {
		t.Fatal("a refused import wrote something")
	}
	if _, err := g.Import(ctx, s, "", []string{filepath.Join(yaml, "missing")}, nil); !graph.Is(err, graph.NotFound) {
		t.Errorf("missing path: %v", err)
	}
}

func TestRegistryNames(t *testing.T) {
	g := registry()
	if got := strings.Join(g.ReaderNames(), ","); got != "csv,json" {
		t.Errorf("readers %s", got)
	}
	if w, err := g.Writer("json"); err != nil || w.ContentType() != "application/json" {
		t.Errorf("writer json: %v %v", w, err)
	}
	if _, err := g.Writer("pdf"); !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), "known: csv, json") {
		t.Errorf("unknown writer: %v", err)
	}
}

// TestStoreRoundTrip exports the demo from a real store in each of our
// formats and imports it into a fresh store: both stores then hold exactly
// the same records.
func TestStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	if _, err := src.Apply(ctx, synth.Demo()); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, src)
	for _, name := range []string{"csv", "json"} {
		t.Run(name, func(t *testing.T) {
			g := registry()
			dir := t.TempDir()
			var path string
			source := format.StoreSource(src, format.Everything)
			if name == "csv" {
				if err := pmcsv.WriteDir(ctx, dir, source); err != nil {
					t.Fatal(err)
				}
				path = dir
			} else {
				path = filepath.Join(dir, "map.json")
				f, _ := os.Create(path)
				w, _ := g.Writer("json")
				if err := w.Write(ctx, f, source); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
			dst := openStore(t)
			if _, err := g.Import(ctx, dst, "", []string{path}, nil); err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, dst)
			if len(got) != len(want) {
				t.Fatalf("%d records, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("record %d differs:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
		})
	}
}

// snapshot lists a store's records as id and revision, in stream order.
func snapshot(t *testing.T, s graph.Store) []string {
	t.Helper()
	var out []string
	_, err := s.Stream(context.Background(), graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { out = append(out, "e "+e.ID+" "+e.Revision()); return nil },
		Relationship: func(r *graph.Relationship) error { out = append(out, "r "+r.ID+" "+r.Revision()); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFilterLeavesOutPrivateAndDanglingTies(t *testing.T) {
	demo := synth.Demo()
	var ents, rels int
	private := map[string]bool{}
	for _, e := range demo.Entities {
		if e.IsPrivate() {
			private[e.ID] = true
		}
	}
	err := format.BatchSource(demo, format.Filter{})(context.Background(), graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			ents++
			if e.IsPrivate() {
				t.Fatalf("private entity %q exported", e.ID)
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			rels++
			if private[r.Source] || private[r.Target] {
				t.Fatalf("relationship %q to a private entity exported", r.ID)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(private) == 0 || ents != len(demo.Entities)-len(private) || rels == 0 || rels >= len(demo.Relationships) {
		t.Fatalf("%d private; exported %d entities, %d relationships", len(private), ents, rels)
	}
	f := format.Filter{Labels: []string{"clergy"}, IncludePrivate: true}
	for _, e := range demo.Entities {
		if f.Entity(&e) != e.HasLabel("clergy") {
			t.Fatalf("label filter on %+v", e)
		}
	}
}

func BenchmarkImportCSV100k(b *testing.B) {
	ctx := context.Background()
	demo := synth.Batch(synth.Config{Entities: 10_000, Seed: 1, TiesPerEntity: 10})
	dir := b.TempDir()
	if err := pmcsv.WriteDir(ctx, dir, format.BatchSource(demo, format.Everything)); err != nil {
		b.Fatal(err)
	}
	records := len(demo.Entities) + len(demo.Relationships)
	g := registry()
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		b.StartTimer()
		if _, err := g.Import(ctx, s, "csv", []string{dir}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
}

func collectIDs(t *testing.T, src format.Source) (ents, rels []string) {
	t.Helper()
	err := src(context.Background(), graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { ents = append(ents, e.ID); return nil },
		Relationship: func(r *graph.Relationship) error { rels = append(rels, r.ID); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return ents, rels
}

func TestEgoNetwork(t *testing.T) {
	ctx := context.Background()
	demo := synth.Demo()
	s := openStore(t)
	if _, err := s.Apply(ctx, demo); err != nil {
		t.Fatal(err)
	}
	const center = "sen-01"
	private := map[string]bool{}
	for _, e := range demo.Entities {
		if e.IsPrivate() {
			private[e.ID] = true
		}
	}
	want := map[string]bool{center: true}
	for _, r := range demo.Relationships {
		if r.Type != graph.Knows && r.Type != graph.WorksFor {
			continue
		}
		if r.Source == center && !private[r.Target] {
			want[r.Target] = true
		}
		if r.Target == center && !private[r.Source] {
			want[r.Source] = true
		}
	}
	f := format.Filter{Around: center, Types: []graph.RelType{graph.Knows, graph.WorksFor}}
	ents, rels := collectIDs(t, format.BatchSource(demo, f))
	if len(ents) != len(want) || len(want) < 5 {
		t.Fatalf("depth 1: %d entities, want %d", len(ents), len(want))
	}
	for _, id := range ents {
		if !want[id] {
			t.Fatalf("%q is not a neighbour of %s", id, center)
		}
	}
	if len(rels) < len(want)-1 {
		t.Fatalf("%d relationships for %d entities", len(rels), len(ents))
	}

	// The store and the batch agree, two hops out, and the ego network
	// grows with depth.
	f.Depth = 2
	be, br := collectIDs(t, format.BatchSource(demo, f))
	se, sr := collectIDs(t, format.StoreSource(s, f))
	slices.Sort(be)
	slices.Sort(se)
	if !slices.Equal(be, se) || len(br) != len(sr) {
		t.Fatalf("batch %d/%d and store %d/%d differ", len(be), len(br), len(se), len(sr))
	}
	if len(be) <= len(ents) {
		t.Fatalf("depth 2 has %d entities, depth 1 %d", len(be), len(ents))
	}
	f.Around = "nobody"
	if err := format.StoreSource(s, f)(ctx, graph.StreamFuncs{}); !graph.Is(err, graph.NotFound) {
		t.Fatalf("missing center: %v", err)
	}
	if err := format.BatchSource(demo, f)(ctx, graph.StreamFuncs{}); !graph.Is(err, graph.NotFound) {
		t.Fatalf("missing center: %v", err)
	}
}

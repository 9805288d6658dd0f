package pmjson_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmjson"
	"github.com/powermap/powermap/internal/synth"
)

func readText(t *testing.T, text string) (*graph.Batch, *format.Report, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "map.json")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return pmjson.Reader{}.Read(context.Background(), []string{path}, nil)
}

func TestReadFixture(t *testing.T) {
	b, rep, err := pmjson.Reader{}.Read(context.Background(), []string{"testdata/small.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 3 || len(b.Relationships) != 3 || rep.Records != 6 || rep.Files != 1 {
		t.Fatalf("%d entities, %d relationships, %+v", len(b.Entities), len(b.Relationships), rep)
	}
	if e := b.Entities[1]; strings.Join(e.Labels, ",") != "member,speaker" || e.Props["languages"] != "English|Spanish" || !e.Ours {
		t.Errorf("p-001: %+v", e)
	}
	if r := b.Relationships[0]; r.ID != "MEMBER_OF:p-001>coalition-ours" || r.Strength != 0.4 {
		t.Errorf("default id or strength: %+v", r)
	}
	if r := b.Relationships[1]; r.ID != "gift-1" || r.Amount != 2500 || r.Props["count"] != "3" {
		t.Errorf("gift: %+v", r)
	}
}

func TestRoundTripDemo(t *testing.T) {
	demo := synth.Demo()
	var buf bytes.Buffer
	if err := (pmjson.Writer{}).Write(context.Background(), &buf, format.BatchSource(demo, format.Everything)); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte{'\n'}); n != len(demo.Entities)+len(demo.Relationships)+4 {
		t.Errorf("%d lines: not one record per line", n)
	}
	got, _, err := readText(t, buf.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != len(demo.Entities) || len(got.Relationships) != len(demo.Relationships) {
		t.Fatalf("%d/%d records back", len(got.Entities), len(got.Relationships))
	}
	for i := range demo.Entities {
		w := demo.Entities[i]
		w.Normalize()
		if w.Revision() != got.Entities[i].Revision() {
			t.Fatalf("entity %d: want %+v, got %+v", i, w, got.Entities[i])
		}
	}
	for i := range demo.Relationships {
		w := demo.Relationships[i]
		w.Normalize()
		if w.Revision() != got.Relationships[i].Revision() {
			t.Fatalf("relationship %d: want %+v, got %+v", i, w, got.Relationships[i])
		}
	}
	var again bytes.Buffer
	(pmjson.Writer{}).Write(context.Background(), &again, format.BatchSource(got, format.Everything))
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("a second export differs from the first")
	}
}

func TestWriteEmptyMap(t *testing.T) {
	var buf bytes.Buffer
	if err := (pmjson.Writer{}).Write(context.Background(), &buf, format.BatchSource(&graph.Batch{}, format.Everything)); err != nil {
		t.Fatal(err)
	}
	b, _, err := readText(t, buf.String())
	if err != nil || len(b.Entities) != 0 {
		t.Fatalf("%q: %v", buf.String(), err)
	}
}

var badDocs = []struct {
	name, doc string
	line      int
	record    string
	field     string
	reason    string
}{
	{"not an object", `[1, 2]`, 1, "", "", "a powermap map is an object"},
	{"unknown key", "{\"entities\": [],\n \"nodes\": []}", 2, "", "", `unknown key "nodes"`},
	{"entities not an array", `{"entities": {"id": "a"}}`, 1, "", "", "entities must be an array"},
	{"syntax error", "{\"entities\": [\n{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ada\"},\n{\"id\": \"b\" \"kind\": \"person\"}\n]}", 3, "", "", "not valid JSON"},
	{"cut short", "{\"entities\": [\n{\"id\": \"a\", \"kind\": \"person\"", 2, "", "", "ends too early"},
	{"trailing data", `{"entities": []} {"entities": []}`, 1, "", "", "unexpected data after the map"},
	{"unknown kind", "{\"entities\": [\n{\"id\": \"a\", \"kind\": \"alien\", \"name\": \"Ada\"}]}", 2, "a", "kind", `unknown kind "alien"`},
	{"unknown field", "{\"entities\": [\n\n{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ada\", \"nickname\": \"A\"}]}", 3, "a", "nickname", "unknown field"},
	{"wrong type", "{\"relationships\": [{\"source\": \"a\", \"target\": \"b\", \"type\": \"KNOWS\", \"strength\": \"high\"}]}", 1, "", "strength", "want float64, got JSON string"},
	{"strength out of range", "{\"relationships\": [{\"source\": \"a\", \"target\": \"b\", \"type\": \"KNOWS\", \"strength\": 3}]}", 1, "KNOWS:a~b", "strength", "must be in (0,1]"},
	{"unknown type", "{\"relationships\": [{\"source\": \"a\", \"target\": \"b\", \"type\": \"LIKES\"}]}", 1, "LIKES:a>b", "type", `unknown relationship type "LIKES"; allowed: ADVISES`},
	{"conflicting kinds", "{\"entities\": [\n{\"id\": \"a\", \"kind\": \"person\", \"name\": \"Ada\"},\n{\"id\": \"a\", \"kind\": \"donor\", \"name\": \"Ada\"}]}", 3, "", "kind", "conflicting kinds: donor here, person at map.json:2"},
}

func TestReadReportsBadDocuments(t *testing.T) {
	for _, tc := range badDocs {
		t.Run(tc.name, func(t *testing.T) {
			b, rep, err := readText(t, tc.doc)
			if !graph.Is(err, graph.Invalid) || b != nil {
				t.Fatalf("got %v, batch %v", err, b)
			}
			d := rep.Errors[0]
			if d.File != "map.json" || d.Line != tc.line || d.Record != tc.record || d.Field != tc.field || !strings.Contains(d.Reason, tc.reason) {
				t.Errorf("got %s\nwant map.json:%d: record %q: %s: ...%s...", d, tc.line, tc.record, tc.field, tc.reason)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"testdata/small.json", true},
		{"testdata", true},
		{write("rels.json", "\xef\xbb\xbf  {\"relationships\": []}"), true},
		{write("kumu.json", `{"elements": [], "connections": []}`), false},
		{write("littlesis.json", `[{"id": 1}]`), false},
		{write("entities.csv", "id,kind,name\n"), false},
	} {
		got, err := pmjson.Reader{}.Detect([]string{tc.path})
		if err != nil || got != tc.want {
			t.Errorf("Detect(%s) = %v, %v; want %v", tc.path, got, err, tc.want)
		}
	}
}

func BenchmarkWrite100k(b *testing.B) {
	demo := synth.Batch(synth.Config{Entities: 10_000, Seed: 1, TiesPerEntity: 10})
	records := len(demo.Entities) + len(demo.Relationships)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := (pmjson.Writer{}).Write(context.Background(), &buf, format.BatchSource(demo, format.Everything)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkRead100k(b *testing.B) {
	demo := synth.Batch(synth.Config{Entities: 10_000, Seed: 1, TiesPerEntity: 10})
	path := filepath.Join(b.TempDir(), "map.json")
	f, _ := os.Create(path)
	(pmjson.Writer{}).Write(context.Background(), f, format.BatchSource(demo, format.Everything))
	f.Close()
	records := len(demo.Entities) + len(demo.Relationships)
	for b.Loop() {
		if _, _, err := (pmjson.Reader{}).Read(context.Background(), []string{path}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
}

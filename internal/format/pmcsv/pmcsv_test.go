package pmcsv_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/synth"
)

// writeFiles puts the given file contents in a fresh folder; an empty
// content leaves the file out.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if text == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, paths ...string) (*graph.Batch, *format.Report, error) {
	t.Helper()
	return pmcsv.Reader{}.Read(context.Background(), paths, nil)
}

func entityByID(b *graph.Batch, id string) *graph.Entity {
	for i := range b.Entities {
		if b.Entities[i].ID == id {
			return &b.Entities[i]
		}
	}
	return nil
}

func TestReadSmallFixture(t *testing.T) {
	b, rep, err := read(t, "testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 6 || len(b.Relationships) != 6 || rep.Files != 2 || rep.Records != 12 {
		t.Fatalf("got %d entities, %d relationships, report %+v", len(b.Entities), len(b.Relationships), rep)
	}
	sen := entityByID(b, "sen-07")
	if sen.Kind != graph.KindOfficial || sen.Name != "Aarón Valdémoss" || sen.District != "7" ||
		strings.Join(sen.Aliases, ";") != "Senator Valdémoss;Ron Valdémoss" || sen.Ours || sen.Props != nil {
		t.Errorf("sen-07: %+v", sen)
	}
	zoe := entityByID(b, "p-001")
	if !zoe.Ours || strings.Join(zoe.Labels, ",") != "member,speaker" || zoe.Props["languages"] != "English|Spanish" ||
		zoe.Notes != `Hosts the "kitchen table" meetings, 2nd Tuesdays` {
		t.Errorf("p-001: %+v", zoe)
	}
	if c := entityByID(b, "coalition-ours"); !c.Ours || c.OrgType != "coalition" {
		t.Errorf("coalition: %+v", c)
	}
	if c := entityByID(b, "client-01"); !c.Ours || !c.IsPrivate() {
		t.Errorf("client: %+v", c)
	}
	want := map[string]graph.Relationship{
		"WORKS_FOR:legstaff-01>sen-07":       {Strength: 0.95, Since: "2019"},
		"MEMBER_OF:p-001>coalition-ours":     {Strength: 0.4, Since: "2014"}, // the type's default
		"KNOWS:legstaff-01~p-001":            {Strength: 0.6, Since: "2010", Until: "2016", Notes: "Met at the ferry strike"},
		"DONATED_TO:pac-1>sen-07":            {Strength: 0.2, Amount: 2500, Date: "2024-10-17"},
		"CLIENT_OF:client-01>coalition-ours": {Strength: 0.5, Since: "2021-03"},
		"FRIEND_OF:p-001~sen-07":             {Strength: 0.8},
	}
	for _, r := range b.Relationships {
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected relationship %q", r.ID)
			continue
		}
		if r.Strength != w.Strength || r.Since != w.Since || r.Until != w.Until || r.Amount != w.Amount ||
			r.Date != w.Date || r.Notes != w.Notes || r.Props != nil {
			t.Errorf("%s: got %+v, want %+v", r.ID, r, w)
		}
	}
	if len(rep.Unresolved) != 0 {
		t.Errorf("unresolved references: %+v", rep.Unresolved)
	}
}

// TestReadExcelFixture reads files saved by a spreadsheet: a byte order
// mark, CRLF line ends, and only the required columns.
func TestReadExcelFixture(t *testing.T) {
	for _, paths := range [][]string{
		{"testdata/excel"},
		{"testdata/excel/relationships.csv", "testdata/excel/entities.csv"}, // the files, in any order
	} {
		b, _, err := read(t, paths...)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Entities) != 2 || b.Entities[0].ID != "wm-1" || b.Entities[0].Name != "Åsa Brönnerwick" || !b.Entities[0].Ours ||
			b.Entities[1].Name != "Quill & Fern Builders" || b.Entities[1].Ours {
			t.Fatalf("%v: entities %+v", paths, b.Entities)
		}
		if len(b.Relationships) != 1 || b.Relationships[0].ID != "WORKS_FOR:wm-1>wm-2" || b.Relationships[0].Strength != 0.7 {
			t.Fatalf("%v: relationships %+v", paths, b.Relationships)
		}
	}
}

const goodEntities = "id,kind,name\na,person,Ada Quillfeather\nb,official,Bram Thistlewood\nc,organization,Fern Hall\n"

// badRows lists one bad row per case, with the detail the reader must give.
// Line numbers count the header as line 1.
var badRows = []struct {
	name       string
	ents, rels string
	file       string
	line       int
	field      string
	reason     string
}{
	{"empty entities file", "\n", "", "entities.csv", 1, "", "the header row is required"},
	{"missing kind column", "id,name\na,Ada\n", "", "entities.csv", 1, "kind", "missing required column kind"},
	{"missing columns", "id\na\n", "", "entities.csv", 1, "kind", "missing required columns kind, name"},
	{"header missing", "a,person,Ada\n", "", "entities.csv", 1, "id", "the first row must be the header"},
	{"column twice", "id,kind,name,Name\na,person,Ada,Ada\n", "", "entities.csv", 1, "name", `column "name" appears twice`},
	{"unknown kind", "id,kind,name\na,senator,Ada\n", "", "entities.csv", 2, "kind", `unknown kind "senator"; allowed: person, official, donor, organization`},
	{"empty kind", "id,kind,name\na,,Ada\n", "", "entities.csv", 2, "kind", "unknown kind"},
	{"empty id", "id,kind,name\n,person,Ada\n", "", "entities.csv", 2, "id", "must not be empty"},
	{"blank name", "id,kind,name\na,person,  \n", "", "entities.csv", 2, "name", "must not be empty"},
	{"bad ours", "id,kind,name,ours\na,person,Ada,maybe\n", "", "entities.csv", 2, "ours", `"maybe" is not true or false`},
	{"bad private", "id,kind,name,private\na,person,Ada,sometimes\n", "", "entities.csv", 2, "private", "is not true or false"},
	{"conflicting kinds", "id,kind,name\na,person,Ada\nb,person,Bo\na,official,Ada\n", "", "entities.csv", 4, "kind",
		`duplicate id "a" with conflicting kinds: official here, person at entities.csv:2`},
	{"duplicate id, other content", "id,kind,name\na,person,Ada\na,person,Ada Q.\n", "", "entities.csv", 3, "id",
		`duplicate id "a" with different content from entities.csv:2`},
	{"too few fields", "id,kind,name\na,person\n", "", "entities.csv", 2, "", "the row has 2 fields, the header has 3"},
	{"too many fields", "id,kind,name\na,person,Ada,extra\n", "", "entities.csv", 2, "", "the row has 4 fields, the header has 3"},
	{"bare quote", "id,kind,name\na,person,Ada \"Q\" Fern\n", "", "entities.csv", 2, "", `bare " in non-quoted-field`},
	{"unclosed quote", "id,kind,name\na,person,\"Ada\n", "", "entities.csv", 2, "", `extraneous or missing " in quoted-field`},
	{"invalid UTF-8", "id,kind,name\na,person,Ad\xe1 Quill\n", "", "entities.csv", 2, "name", "not valid UTF-8"},
	{"value under no column", "id,kind,name,\na,person,Ada,x\n", "", "entities.csv", 2, "", "column 4 has a value but no name"},

	{"missing type column", goodEntities, "source,target\na,b\n", "relationships.csv", 1, "type", "missing required column type"},
	{"unknown type", goodEntities, "source,target,type\na,b,LIKES\n", "relationships.csv", 2, "type",
		`unknown relationship type "LIKES"; allowed: ADVISES, BOARD_OF, CLIENT_OF, COLLEAGUE_OF, DONATED_TO, FAMILY_OF, FRIEND_OF, KNOWS,`},
	{"empty type", goodEntities, "source,target,type\na,b,\n", "relationships.csv", 2, "type", "unknown relationship type"},
	{"strength not a number", goodEntities, "source,target,type,strength\na,b,KNOWS,strong\n", "relationships.csv", 2, "strength", `"strong" is not a number`},
	{"strength above 1", goodEntities, "source,target,type,strength\na,b,KNOWS,1.5\n", "relationships.csv", 2, "strength", "must be in (0,1], got 1.5"},
	{"strength zero", goodEntities, "source,target,type,strength\na,b,KNOWS,0\n", "relationships.csv", 2, "strength", "must be in (0,1], got 0"},
	{"strength negative", goodEntities, "source,target,type,strength\na,b,KNOWS,-0.2\n", "relationships.csv", 2, "strength", "must be in (0,1]"},
	{"strength NaN", goodEntities, "source,target,type,strength\na,b,KNOWS,NaN\n", "relationships.csv", 2, "strength", "is not a number"},
	{"strength with a comma", goodEntities, "source,target,type,strength\na,b,KNOWS,\"0,5\"\n", "relationships.csv", 2, "strength", `"0,5" is not a number`},
	{"bad since", goodEntities, "source,target,type,since\na,b,KNOWS,last year\n", "relationships.csv", 2, "since", "is not a date"},
	{"bad until", goodEntities, "source,target,type,until\na,b,KNOWS,2020-13-01\n", "relationships.csv", 2, "until", "is not a date"},
	{"bad date", goodEntities, "source,target,type,date\na,b,DONATED_TO,17/10/2024\n", "relationships.csv", 2, "date", "is not a date"},
	{"until before since", goodEntities, "source,target,type,since,until\na,b,KNOWS,2019,2015-06\n", "relationships.csv", 2, "until", "must not be before since (2019)"},
	{"self-loop", goodEntities, "source,target,type\na,a,KNOWS\n", "relationships.csv", 2, "target", "cannot join an entity to itself"},
	{"empty source", goodEntities, "source,target,type\n,b,KNOWS\n", "relationships.csv", 2, "source", "must not be empty"},
	{"amount not a number", goodEntities, "source,target,type,amount\na,b,DONATED_TO,$1000\n", "relationships.csv", 2, "amount", `"$1000" is not a number`},
	{"amount with separators", goodEntities, "source,target,type,amount\na,b,DONATED_TO,\"1,000\"\n", "relationships.csv", 2, "amount", "is not a number"},
	{"amount negative", goodEntities, "source,target,type,amount\na,b,DONATED_TO,-5\n", "relationships.csv", 2, "amount", "must not be negative"},
	{"relationship id twice", goodEntities, "id,source,target,type\nr1,a,b,KNOWS\nr1,a,c,KNOWS\n", "relationships.csv", 3, "id",
		`duplicate relationship "r1" with different content from relationships.csv:2`},
	{"same tie twice, other strength", goodEntities, "source,target,type,strength\na,b,KNOWS,0.5\nb,a,KNOWS,0.9\n", "relationships.csv", 3, "id",
		`duplicate relationship "KNOWS:a~b" with different content`},
}

func TestReadReportsEveryBadRow(t *testing.T) {
	for _, tc := range badRows {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"entities.csv": tc.ents, "relationships.csv": tc.rels})
			b, rep, err := read(t, dir)
			if err == nil {
				t.Fatalf("no error; batch %+v", b)
			}
			if b != nil {
				t.Error("a batch came back with the error")
			}
			if !graph.Is(err, graph.Invalid) {
				t.Errorf("code %s, want invalid: %v", graph.CodeOf(err), err)
			}
			if rep == nil || len(rep.Errors) == 0 {
				t.Fatalf("report without errors: %+v", rep)
			}
			if len(graph.DetailsOf(err)) != len(rep.Errors) {
				t.Errorf("the error has %d details, the report %d", len(graph.DetailsOf(err)), len(rep.Errors))
			}
			d := rep.Errors[0]
			if d.File != tc.file || d.Line != tc.line || d.Field != tc.field || !strings.Contains(d.Reason, tc.reason) {
				t.Errorf("got %s\nwant %s:%d: %s: ...%s...", d, tc.file, tc.line, tc.field, tc.reason)
			}
			if len(rep.Errors) != 1 {
				t.Errorf("one bad row gave %d errors: %v", len(rep.Errors), rep.Errors)
			}
		})
	}
}

// TestReadCollectsEveryError puts many bad rows in one import: each is
// reported, in file order, and the good rows around them do not hide them.
func TestReadCollectsEveryError(t *testing.T) {
	var ents, rels strings.Builder
	ents.WriteString("id,kind,name\n")
	rels.WriteString("source,target,type,strength\n")
	for i := range 50 {
		kind := "person"
		if i%5 == 0 {
			kind = "alien"
		}
		ents.WriteString("e" + itoa(i) + "," + kind + ",Someone Quill\n")
		strength := "0.5"
		if i%7 == 0 {
			strength = "2"
		}
		rels.WriteString("e" + itoa(i) + ",e" + itoa(i+1) + ",KNOWS," + strength + "\n")
	}
	rels.WriteString("e0,e99,KNOWS,0.5\n") // e0 was refused: only e99 is unknown
	dir := writeFiles(t, map[string]string{"entities.csv": ents.String(), "relationships.csv": rels.String()})
	_, rep, err := read(t, dir)
	if err == nil {
		t.Fatal("no error")
	}
	var kinds, strengths int
	last := map[string]int{}
	for _, d := range rep.Errors {
		if d.Line < last[d.File] {
			t.Errorf("errors out of order: %v", rep.Errors)
		}
		last[d.File] = d.Line
		switch d.Field {
		case "kind":
			kinds++
		case "strength":
			strengths++
		}
	}
	if kinds != 10 || strengths != 8 || rep.ErrorCount != 18 {
		t.Errorf("got %d kind errors, %d strength errors, %d in all: %v", kinds, strengths, rep.ErrorCount, rep.Errors)
	}
	// The last row names e99, which the file does not define: the store
	// decides, so the reader only records the reference. (The row naming
	// e50 has a bad strength, so it refers to nothing.)
	if len(rep.Unresolved) != 1 || rep.Unresolved[0].ID != "e99" || rep.Unresolved[0].Line != 52 {
		t.Errorf("unresolved: %+v", rep.Unresolved)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestReadSkipsBlankRowsAndExactDuplicates(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"entities.csv":      "id,kind,name\na,person,Ada\n,,\na,person,Ada\nb,person,Bo\n",
		"relationships.csv": "source,target,type\na,b,KNOWS\nb,a,knows\n",
	})
	b, rep, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 2 || len(b.Relationships) != 1 || len(rep.Skipped) != 3 {
		t.Fatalf("entities %d, relationships %d, skipped %+v", len(b.Entities), len(b.Relationships), rep.Skipped)
	}
	if s := rep.Skipped[1]; s.File != "entities.csv" || s.Line != 4 || s.Reason != "duplicate of entities.csv:2" {
		t.Errorf("skip: %+v", s)
	}
}

func TestReadPathErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		paths []string
		code  graph.Code
	}{
		{[]string{filepath.Join(empty, "nope")}, graph.NotFound},
		{[]string{empty}, graph.Invalid},
	} {
		_, _, err := read(t, tc.paths...)
		if !graph.Is(err, tc.code) {
			t.Errorf("%v: got %v, want %s", tc.paths, err, tc.code)
		}
	}
}

func TestDetect(t *testing.T) {
	other := writeFiles(t, map[string]string{"people.yml": "name: Ada\n", "elements.csv": "Label,Type\nAda,Person\n", "other.zip": "PK not really"})
	for _, tc := range []struct {
		paths []string
		want  bool
	}{
		{[]string{"testdata/small"}, true},
		{[]string{"testdata/excel/entities.csv"}, true},
		{[]string{"testdata/excel/relationships.csv", "testdata/excel/entities.csv"}, true},
		{[]string{other}, false},
		{[]string{filepath.Join(other, "elements.csv")}, false},
		{[]string{filepath.Join(other, "people.yml")}, false},
		{[]string{filepath.Join(other, "other.zip")}, false},
		{[]string{"testdata/small", filepath.Join(other, "people.yml")}, false},
		{nil, false},
	} {
		got, err := pmcsv.Reader{}.Detect(tc.paths)
		if err != nil || got != tc.want {
			t.Errorf("Detect(%v) = %v, %v; want %v", tc.paths, got, err, tc.want)
		}
	}
	if _, err := (pmcsv.Reader{}).Detect([]string{filepath.Join(other, "missing")}); !graph.Is(err, graph.NotFound) {
		t.Errorf("missing path: %v", err)
	}
}

// sameBatch compares two batches record by record, in order.
func sameBatch(t *testing.T, want, got *graph.Batch) {
	t.Helper()
	if len(want.Entities) != len(got.Entities) || len(want.Relationships) != len(got.Relationships) {
		t.Fatalf("got %d entities and %d relationships, want %d and %d",
			len(got.Entities), len(got.Relationships), len(want.Entities), len(want.Relationships))
	}
	for i := range want.Entities {
		w, g := want.Entities[i], got.Entities[i]
		w.Normalize()
		if w.Revision() != g.Revision() {
			t.Fatalf("entity %d differs:\nwant %+v\n got %+v", i, w, g)
		}
	}
	for i := range want.Relationships {
		w, g := want.Relationships[i], got.Relationships[i]
		w.Normalize()
		if w.Revision() != g.Revision() {
			t.Fatalf("relationship %d differs:\nwant %+v\n got %+v", i, w, g)
		}
	}
}

func TestRoundTripDemoThroughFolder(t *testing.T) {
	demo := synth.Demo()
	dir := t.TempDir()
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(demo, format.Everything)); err != nil {
		t.Fatal(err)
	}
	got, rep, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, demo, got)
	if len(rep.Skipped) != 0 || len(rep.Unresolved) != 0 || rep.Records != len(demo.Entities)+len(demo.Relationships) {
		t.Errorf("report: %d records, %d skipped, %d unresolved", rep.Records, len(rep.Skipped), len(rep.Unresolved))
	}
	// Writing the re-read map gives the same bytes.
	again := t.TempDir()
	if err := pmcsv.WriteDir(context.Background(), again, format.BatchSource(got, format.Everything)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{pmcsv.EntitiesFile, pmcsv.RelationshipsFile} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(again, f))
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s differs after a round trip", f)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestRoundTripThroughZip(t *testing.T) {
	demo := synth.Batch(synth.Config{Entities: 400, Seed: 3, TiesPerEntity: 3})
	var buf bytes.Buffer
	w := pmcsv.Writer{}
	if w.Name() != "csv" || w.ContentType() != "application/zip" {
		t.Fatalf("writer %q %q", w.Name(), w.ContentType())
	}
	if err := w.Write(context.Background(), &buf, format.BatchSource(demo, format.Everything)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		os.WriteFile(filepath.Join(dir, f.Name), data, 0o644)
	}
	if strings.Join(names, ",") != "entities.csv,relationships.csv" {
		t.Fatalf("zip holds %v", names)
	}
	got, _, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, demo, got)

	// The zip itself reads back, and is recognised.
	zipPath := filepath.Join(t.TempDir(), "map.zip")
	os.WriteFile(zipPath, buf.Bytes(), 0o644)
	if ok, err := (pmcsv.Reader{}).Detect([]string{zipPath}); !ok || err != nil {
		t.Fatalf("Detect(zip) = %v, %v", ok, err)
	}
	got, rep, err := read(t, zipPath)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, demo, got)
	if rep.Files != 2 {
		t.Errorf("read %d files from the zip", rep.Files)
	}
}

// TestRoundTripAwkwardValues covers what the demo does not: properties named
// like columns, separators and quotes inside values, private entities,
// relationship properties and ids, and an entity without relationships.
func TestRoundTripAwkwardValues(t *testing.T) {
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "a,1", Kind: graph.KindPerson, Name: `Ada "the Quill" Fern`, Labels: []string{"speaker", "x|y", `back\slash`},
				Aliases: []string{"A|B", `C\`, "Ada\u00a0Fern"}, Private: true, Notes: "  padded, with\nnewline  ",
				Props: map[string]string{"name": "prop called name", "prop:x": "prefixed", " padded ": "spaces", "Kind": "case", "zeta": "=1+1"}},
			{ID: "b", Kind: graph.KindDonor, Name: "Bo Brambleton", OrgType: "pac", Ours: true},
			{ID: "c", Kind: graph.KindOrganization, Name: "Lonely Org"},
		},
		Relationships: []graph.Relationship{
			{ID: "gift-1", Source: "b", Target: "a,1", Type: graph.DonatedTo, Strength: 0.123456789, Amount: 1234567.89, Date: "2024",
				Props: map[string]string{"count": "3", "type": "prop called type", "Strength": "case"}},
			{Source: "a,1", Target: "b", Type: graph.Knows, Amount: 0.000001},
		},
	}
	dir := t.TempDir()
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(b, format.Everything)); err != nil {
		t.Fatal(err)
	}
	got, _, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameBatch(t, b, got)
}

func TestWriteFilters(t *testing.T) {
	demo := synth.Demo()
	dir := t.TempDir()
	f := format.Filter{Kinds: []graph.Kind{graph.KindOfficial, graph.KindPerson}, Types: []graph.RelType{graph.Knows, graph.WorksFor}}
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(demo, f)); err != nil {
		t.Fatal(err)
	}
	got, rep, err := read(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range got.Entities {
		if e.IsPrivate() || (e.Kind != graph.KindOfficial && e.Kind != graph.KindPerson) {
			t.Fatalf("exported %+v", e)
		}
		ids[e.ID] = true
	}
	for _, r := range got.Relationships {
		if (r.Type != graph.Knows && r.Type != graph.WorksFor) || !ids[r.Source] || !ids[r.Target] {
			t.Fatalf("exported %+v", r)
		}
	}
	if len(rep.Unresolved) != 0 || len(got.Relationships) == 0 {
		t.Fatalf("%d relationships, unresolved %v", len(got.Relationships), rep.Unresolved)
	}
}

func TestReadProgress(t *testing.T) {
	var out bytes.Buffer
	bar := format.NewBar(&out, "importing")
	_, _, err := pmcsv.Reader{}.Read(context.Background(), []string{"testdata/small"}, bar)
	if err != nil {
		t.Fatal(err)
	}
	if bar.Count() != 12 || !strings.Contains(out.String(), "records") {
		t.Errorf("counted %d; drew %q", bar.Count(), out.String())
	}
}

func TestReadHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := pmcsv.Reader{}.Read(ctx, []string{"testdata/small"}, nil)
	if err == nil {
		t.Fatal("a cancelled read succeeded")
	}
}

func BenchmarkRead100k(b *testing.B) {
	demo := synth.Batch(synth.Config{Entities: 10_000, Seed: 1, TiesPerEntity: 10})
	dir := b.TempDir()
	if err := pmcsv.WriteDir(context.Background(), dir, format.BatchSource(demo, format.Everything)); err != nil {
		b.Fatal(err)
	}
	records := len(demo.Entities) + len(demo.Relationships)
	for b.Loop() {
		if _, _, err := (pmcsv.Reader{}).Read(context.Background(), []string{dir}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkWrite100k(b *testing.B) {
	demo := synth.Batch(synth.Config{Entities: 10_000, Seed: 1, TiesPerEntity: 10})
	records := len(demo.Entities) + len(demo.Relationships)
	for b.Loop() {
		if err := (pmcsv.Writer{}).Write(context.Background(), io.Discard, format.BatchSource(demo, format.Everything)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records*b.N)/b.Elapsed().Seconds(), "records/s")
}

package openstates

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
)

const corpus = "testdata/openstates-il"

// now is fixed so that which terms have ended does not depend on the day
// the test runs.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func readIL(t *testing.T) *Result {
	t.Helper()
	res, err := Read(context.Background(), os.DirFS(corpus), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestIllinoisCounts(t *testing.T) {
	res := readIL(t)
	b := res.Batch
	byTitle := map[string]int{}
	byChamber := map[string]int{}
	var committees, retired int
	ents := map[string]graph.Entity{}
	for _, e := range b.Entities {
		ents[e.ID] = e
		switch e.Kind {
		case graph.KindOfficial:
			byTitle[e.Title]++
			byChamber[e.Chamber]++
			if e.HasLabel("retired") {
				retired++
			}
		case graph.KindOrganization:
			committees++
		default:
			t.Errorf("unexpected kind %q for %s", e.Kind, e.ID)
		}
	}
	if byChamber["House"] != 118 || byChamber["Senate"] != 58 {
		t.Errorf("chambers = %v, want 118 House and 58 Senate", byChamber)
	}
	if byTitle["State Representative"]+byTitle["State Senator"] != 176 {
		t.Errorf("legislators = %d, want 176", byTitle["State Representative"]+byTitle["State Senator"])
	}
	for _, title := range []string{"Governor", "Lieutenant Governor", "Attorney General", "Chief Election Officer"} {
		if byTitle[title] != 1 {
			t.Errorf("%d officials titled %q, want 1", byTitle[title], title)
		}
	}
	if committees != 81 || res.Committees != 81 {
		t.Errorf("committees = %d (files %d), want 81", committees, res.Committees)
	}
	if res.People != 220 {
		t.Errorf("people files = %d, want 220 (176 legislators, 4 executives, 40 municipal)", res.People)
	}
	members := 0
	roles := map[string]int{}
	for _, r := range b.Relationships {
		if r.Type == graph.ServesOn {
			members++
			roles[r.Props["role"]]++
			if ents[r.Source].Kind != graph.KindOfficial || ents[r.Target].Kind != graph.KindOrganization {
				t.Errorf("SERVES_ON %s does not join an official to a committee", r.ID)
			}
		}
	}
	if members != 1050 {
		t.Errorf("memberships = %d, want 1050", members)
	}
	if roles["chair"] != 78 || roles["vice chair"] != 78 || roles["republican spokesperson"] != 71 || roles["member"] != 817 {
		t.Errorf("membership roles = %v", roles)
	}
	if len(res.Skipped) != 0 {
		t.Errorf("skipped %v", res.Skipped)
	}
	// On 2026-01-01 the chief election officer (term ended 2025-06-30) and
	// the 28 mayors whose recorded terms ended by 2025-12-31 are retired; the
	// legislators are not.
	watson := ents["ocd-person/ddd1688a-cbb6-4d94-a7e3-d865896507df"]
	if !watson.HasLabel("retired") || watson.Props["term_end"] != "2025-06-30" {
		t.Errorf("Casandra Watson: labels %v props %v, want retired with term_end", watson.Labels, watson.Props["term_end"])
	}
	gov := ents["ocd-person/db3adc7a-d2f8-4e61-a017-bf5d3804ba33"]
	if gov.HasLabel("retired") || gov.Title != "Governor" || gov.Party != "Democratic" || gov.Props["id.twitter"] != "govpritzker" {
		t.Errorf("governor = %+v", gov)
	}
	if retired != 29 {
		t.Errorf("retired = %d, want 29 (the chief election officer and 28 mayors)", retired)
	}
}

func TestOrtizFields(t *testing.T) {
	res := readIL(t)
	var e graph.Entity
	for _, x := range res.Batch.Entities {
		if x.ID == "ocd-person/a76e0c0e-81d3-4f3b-8cc8-b8360d3cecb4" {
			e = x
		}
	}
	if e.Name != "Aarón Ortíz" {
		t.Fatalf("name = %q, want Aarón Ortíz (YAML \\x escapes decoded)", e.Name)
	}
	want := graph.Entity{Title: "State Representative", Chamber: "House", District: "1", Party: "Democratic",
		Email: "district@repaaronortiz.com", Phone: "217-782-1117", SourceURL: "https://ilga.gov/house/Rep.asp?GA=103&MemberID=3148"}
	if e.Title != want.Title || e.Chamber != want.Chamber || e.District != want.District || e.Party != want.Party ||
		e.Email != want.Email || e.Phone != want.Phone || e.SourceURL != want.SourceURL {
		t.Errorf("got %+v", e)
	}
	if len(e.Aliases) != 5 || e.Aliases[4] != "Ortíz, Aarón" {
		t.Errorf("aliases = %q", e.Aliases)
	}
	if !strings.Contains(e.Props["offices"], "4374 S. Archer Ave., Chicago, IL 60632") || e.Props["level"] != "state" || e.Props["state"] != "IL" {
		t.Errorf("props = %v", e.Props)
	}
}

func TestIllinoisIntoStore(t *testing.T) {
	ctx := context.Background()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res := readIL(t)
	stats, err := st.Apply(ctx, res.Batch)
	if err != nil {
		t.Fatal(err)
	}
	if stats.EntitiesCreated != 301 || stats.RelationshipsCreated != 1050 {
		t.Errorf("first import: %+v, want 301 entities and 1050 relationships created", stats)
	}
	found, err := st.Search(ctx, "aaron ortiz", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 || found[0].Name != "Aarón Ortíz" {
		t.Fatalf("search aaron ortiz = %v", found)
	}
	// Re-importing the same files changes nothing.
	again, err := st.Apply(ctx, readIL(t).Batch)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed() || again.EntitiesUnchanged != 301 || again.RelationshipsUnchanged != 1050 {
		t.Errorf("second import: %+v, want everything unchanged", again)
	}
}

func TestRefusesOtherFormats(t *testing.T) {
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		field string
		want  string
	}{
		{"no yaml", fstest.MapFS{"cn.txt": {Data: []byte("H0AK00097|COX, JOHN R.|REP\n")}}, "", "not an Open States folder"},
		{"other yaml", fstest.MapFS{"x.yml": {Data: []byte("id: 42\nname: x\n")}}, "id", "not an Open States person or committee"},
		{"congress yaml", fstest.MapFS{"legislators-current.yaml": {Data: []byte("- id:\n    bioguide: C000127\n")}}, "", "not valid YAML"},
		{"bad yaml", fstest.MapFS{"legislature/a.yml": {Data: []byte("id: ocd-person/1\nname: [unclosed\n")}}, "", "not valid YAML"},
		{"missing name", fstest.MapFS{"legislature/a.yml": {Data: []byte("id: ocd-person/1\nroles:\n- type: lower\n")}}, "name", "is required"},
		{"bad date", fstest.MapFS{"legislature/a.yml": {Data: []byte("id: ocd-person/1\nname: A\nroles:\n- type: lower\n  end_date: soon\n")}}, "roles[0].end_date", "not a date"},
		{"committee without name", fstest.MapFS{"committees/c.yml": {Data: []byte("id: ocd-organization/1\nmembers:\n- name: X\n")}}, "name", "is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(context.Background(), c.fsys, Options{Now: now})
			if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want Invalid containing %q", err, c.want)
			}
			ds := graph.DetailsOf(err)
			if c.field != "" && (len(ds) == 0 || ds[0].Field != c.field || ds[0].File == "") {
				t.Errorf("details = %+v, want field %q with a file", ds, c.field)
			}
		})
	}
	if Detect(fstest.MapFS{"cn.txt": {Data: []byte("x|y\n")}}) {
		t.Error("Detect accepted an FEC file")
	}
	if !Detect(os.DirFS(corpus)) {
		t.Error("Detect refused the Illinois folder")
	}
}

func TestErrorNamesLine(t *testing.T) {
	fsys := fstest.MapFS{"legislature/a.yml": {Data: []byte("id: ocd-person/1\nname: A\nroles:\n- type: lower\n  district: [1\n")}}
	_, err := Read(context.Background(), fsys, Options{Now: now})
	ds := graph.DetailsOf(err)
	if len(ds) != 1 || ds[0].File != "legislature/a.yml" || ds[0].Line == 0 {
		t.Fatalf("details = %+v, want file and line", ds)
	}
}

func TestMemberByNameAndSkip(t *testing.T) {
	fsys := fstest.MapFS{
		"legislature/a.yml": {Data: []byte("id: ocd-person/1\nname: \"Jos\\xE9 P\\xE9rez\"\nroles:\n- type: upper\n  district: '3'\n")},
		"committees/c.yml": {Data: []byte("id: ocd-organization/9\nname: Rules\nchamber: upper\nclassification: committee\nmembers:\n" +
			"- name: Jose Perez\n  role: Chair\n- name: Nobody Known\n")},
	}
	res, err := Read(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Batch.Relationships) != 1 {
		t.Fatalf("relationships = %+v", res.Batch.Relationships)
	}
	r := res.Batch.Relationships[0]
	if r.Source != "ocd-person/1" || r.Props["role"] != "chair" || r.Strength != 0.7 {
		t.Errorf("membership = %+v", r)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "Nobody Known") || res.Skipped[0].File != "committees/c.yml" {
		t.Errorf("skipped = %+v", res.Skipped)
	}
}

func FuzzPerson(f *testing.F) {
	for _, p := range []string{"legislature/Aaron-M-Ortiz-a76e0c0e-81d3-4f3b-8cc8-b8360d3cecb4.yml", "executive/J-B-Pritzker-db3adc7a-d2f8-4e61-a017-bf5d3804ba33.yml"} {
		b, err := os.ReadFile(corpus + "/" + p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id: ocd-person/1\nname: \"A\\xF3\"\nroles: [{type: lower, end_date: 2020}]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, ds := parsePerson("f.yml", b)
		if (p == nil) == (len(ds) == 0) {
			t.Fatalf("person %v with %d problems: want exactly one of them", p != nil, len(ds))
		}
		if p == nil {
			for _, d := range ds {
				if d.File != "f.yml" || d.Reason == "" {
					t.Fatalf("problem without file or reason: %+v", d)
				}
			}
			return
		}
		e := p.entity(nil, now)
		e.Normalize()
		if e.ID == "" || e.Name == "" {
			t.Fatalf("entity without id or name from accepted input: %+v", e)
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("accepted person gives an invalid entity: %v", err)
		}
	})
}

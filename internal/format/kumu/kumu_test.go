package kumu

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/store/embedded"
)

func TestBlueprintFixture(t *testing.T) {
	b, rep, err := Reader{}.Read(context.Background(), []string{"testdata/blueprint.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 3 || len(b.Relationships) != 2 || rep.Records != 5 {
		t.Fatalf("batch = %+v", b)
	}
	lee := b.Entities[1]
	if lee.ID != "lee" || lee.Kind != graph.KindOfficial || lee.Party != "Democratic" || lee.District != "7" {
		t.Errorf("lee = %+v", lee)
	}
	if org := b.Entities[2]; org.Kind != graph.KindOrganization || org.Props["website"] != "https://example.org" {
		t.Errorf("org = %+v", org)
	}
	r := b.Relationships[0]
	if r.Type != graph.FriendOf || r.Source != "Ana Díaz" || r.Target != "lee" || r.Strength != 0.8 {
		t.Errorf("friend = %+v", r)
	}
}

func TestCSVFixture(t *testing.T) {
	ctx := context.Background()
	paths := []string{"testdata/connections.csv", "testdata/elements.csv"}
	if ok, err := (Reader{}).Detect(paths); !ok || err != nil {
		t.Fatalf("Detect = %v, %v", ok, err)
	}
	b, _, err := Reader{}.Read(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	ents := map[string]graph.Entity{}
	for _, e := range b.Entities {
		ents[e.ID] = e
	}
	if a := ents["Ana Díaz"]; !reflect.DeepEqual(a.Labels, []string{"speaker", "staff"}) || a.Email != "ana@example.org" || a.Notes != "Tenant organizer" {
		t.Errorf("Ana = %+v", a)
	}
	if c := ents["Acme Corp"]; c.Kind != graph.KindOrganization || !c.HasLabel("company") {
		t.Errorf("Acme = %+v", c)
	}
	types := map[graph.RelType]string{}
	for _, r := range b.Relationships {
		types[r.Type] = r.Props["kumu_type"]
	}
	if _, ok := types[graph.FriendOf]; !ok || types[graph.Knows] != "Donor" {
		t.Errorf("types = %v", types)
	}
	// Into a real store, twice: the second import changes nothing.
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reg := format.NewRegistry([]format.Reader{Reader{}}, nil)
	for i := 0; i < 2; i++ {
		rep, err := reg.Import(ctx, st, "", paths, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && rep.Stats.Changed() {
			t.Errorf("second import: %+v", rep.Stats)
		}
	}
}

func roundTripBatch() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "p1", Kind: graph.KindPerson, Name: "Ana Díaz", Labels: []string{"staff", "speaker"}, Ours: true, Email: "a@x.org",
				Phone: "555", Notes: "line one\nline two", Aliases: []string{"Ana D.", "A. Díaz"}, Props: map[string]string{"ward": "12", "empty": ""}},
			{ID: "o1", Kind: graph.KindOfficial, Name: "Rep. Lee", Title: "State Representative", Party: "Democratic", Chamber: "House",
				District: "7", SourceURL: "https://ilga.gov/x"},
			{ID: "d1", Kind: graph.KindDonor, Name: "DOE, JANE", OrgType: "", Private: true, Props: map[string]string{"not_for_solicitation": "true"}},
			{ID: "c1", Kind: graph.KindOrganization, Name: "Acme", OrgType: "company"},
		},
		Relationships: []graph.Relationship{
			{Source: "p1", Target: "o1", Type: graph.Knows, Strength: 0.75, Since: "2019", Until: "2024-05", Notes: "church"},
			{ID: "gift-1", Source: "d1", Target: "o1", Type: graph.DonatedTo, Amount: 1234.5, Date: "2016-03-01", Props: map[string]string{"cycle": "2016"}},
			{Source: "c1", Target: "o1", Type: graph.Lobbies, SourceURL: "https://example.org"},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	want := roundTripBatch()
	var buf bytes.Buffer
	if err := (Writer{}).Write(ctx, &buf, format.BatchSource(want, format.Everything)); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "map.json")
	if err := os.WriteFile(f, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _, err := Reader{}.Read(ctx, []string{f}, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	for i := range want.Entities {
		e := want.Entities[i]
		e.Normalize()
		if !reflect.DeepEqual(e, got.Entities[i]) {
			t.Errorf("entity %d:\n got %+v\nwant %+v", i, got.Entities[i], e)
		}
	}
	for i := range want.Relationships {
		r := want.Relationships[i]
		r.Normalize()
		if !reflect.DeepEqual(r, got.Relationships[i]) {
			t.Errorf("relationship %d:\n got %+v\nwant %+v", i, got.Relationships[i], r)
		}
	}
	if len(got.Entities) != 4 || len(got.Relationships) != 3 {
		t.Errorf("got %d entities, %d relationships", len(got.Entities), len(got.Relationships))
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, file, data, field, want string
		line                          int
	}{
		{"syntax", "a.json", "{\"elements\": [\n{\"label\": \"A\",,}]}", "", "not a Kumu blueprint", 2},
		{"no label", "b.json", `{"elements": [{"type": "Person"}]}`, "label", "needs a label", 0},
		{"dangling", "c.json", `{"elements": [{"label": "A"}], "connections": [{"from": "A", "to": "Z"}]}`, "to", "no element", 0},
		{"strength", "d.json", `{"elements": [{"label": "A"},{"label": "B"}], "connections": [{"from": "A", "to": "B", "strength": 3}]}`, "strength", "must be in (0,1]", 0},
		{"csv ends", "e.csv", "From,To\nA,B\n", "from", "no element", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Reader{}.Read(context.Background(), []string{write(c.file, c.data)}, nil)
			if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			d := graph.DetailsOf(err)[0]
			if d.File == "" || d.Field != c.field || d.Line != c.line {
				t.Errorf("detail = %+v, want field %q line %d", d, c.field, c.line)
			}
		})
	}
	if ok, _ := (Reader{}).Detect([]string{write("x.json", `[1,2]`)}); ok {
		t.Error("Detect accepted a JSON list")
	}
}

func FuzzBlueprint(f *testing.F) {
	b, err := os.ReadFile("testdata/blueprint.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"elements":[{"label":"A","tags":"x|y","ours":"yes"}],"connections":[{"from":"A","to":"A"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		elems, conns, d := parseBlueprint("f.json", data)
		if d != nil {
			if d.Reason == "" || d.File != "f.json" {
				t.Fatalf("problem without file or reason: %+v", d)
			}
			return
		}
		rep := format.NewReport(Name)
		batch := build(rep, elems, conns, format.Nop{})
		if rep.Failed() {
			for _, e := range rep.Errors {
				if e.Reason == "" {
					t.Fatalf("error without a reason: %+v", e)
				}
			}
			return
		}
		if err := batch.Prepare(); err != nil {
			t.Fatalf("accepted blueprint gives an invalid batch: %v", err)
		}
	})
}

func TestLongCSVRowIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "elements.csv")
	long := "Label,Type,Description\nAna,Person,short\nBo,Person," + strings.Repeat("x", format.MaxRecordBytes+64<<10) + "\nCy,Person,\n"
	if err := os.WriteFile(p, []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Reader{}.Read(context.Background(), []string{p}, nil)
	if !graph.Is(err, graph.Invalid) {
		t.Fatalf("err = %v, want Invalid", err)
	}
	d := graph.DetailsOf(err)[0]
	if d.File != p || d.Line != 3 || !strings.Contains(d.Reason, "longer than") {
		t.Errorf("detail = %+v, want line 3, longer than", d)
	}
	if len(err.Error()) > 1000 {
		t.Error("the error echoes the row")
	}
}

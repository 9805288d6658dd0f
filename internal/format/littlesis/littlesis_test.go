package littlesis

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/store/embedded"
)

var paths = []string{"testdata/relationships.json", "testdata/entities.json"}

func TestEveryCategoryMaps(t *testing.T) {
	f, err := os.Open("testdata/relationship_categories.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 12 {
		t.Fatalf("%d categories, want 12", len(rows))
	}
	for _, r := range rows {
		id, _ := strconv.Atoi(r[0])
		if Categories[id] != r[1] {
			t.Errorf("category %d = %q, want %q", id, Categories[id], r[1])
		}
		if typ, ok := TypeOf(id); !ok || !typ.Valid() {
			t.Errorf("category %d maps to %q", id, typ)
		}
	}
}

func TestFixtures(t *testing.T) {
	ctx := context.Background()
	if ok, err := (Reader{}).Detect(paths); !ok || err != nil {
		t.Fatalf("Detect = %v %v", ok, err)
	}
	b, rep, err := Reader{}.Read(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 4 || len(b.Relationships) != 13 || rep.Records != 17 {
		t.Fatalf("%d entities, %d relationships, report %+v", len(b.Entities), len(b.Relationships), rep)
	}
	if e := b.Entities[0]; e.Kind != graph.KindOfficial || e.Aliases[0] != "J. Roe" {
		t.Errorf("entity 1 = %+v", e)
	}
	if e := b.Entities[1]; e.Kind != graph.KindOrganization || e.OrgType != "business" || e.Props["website"] != "https://acme.example" {
		t.Errorf("entity 2 = %+v", e)
	}
	want := []graph.RelType{graph.Leads, graph.MemberOf, graph.MemberOf, graph.FamilyOf, graph.DonatedTo, graph.ClientOf,
		graph.Lobbies, graph.FriendOf, graph.ColleagueOf, graph.Leads, graph.MemberOf, graph.Knows, graph.BoardOf}
	for i, r := range b.Relationships {
		if r.Type != want[i] {
			t.Errorf("relationship %s (%s) = %s, want %s", r.ID, r.Props["category"], r.Type, want[i])
		}
	}
	gift := b.Relationships[4]
	if gift.Amount != 2500 || gift.Since != "2018-03-01" || gift.Props["currency"] != "usd" || gift.Source != "littlesis:3" {
		t.Errorf("donation = %+v", gift)
	}
	if ceo := b.Relationships[0]; ceo.Since != "2010" || ceo.Until != "2020-01-15" || ceo.Props["is_current"] != "false" {
		t.Errorf("ended position = %+v", ceo)
	}
	if school := b.Relationships[1]; school.Until != "1994" {
		t.Errorf("education = %+v", school)
	}
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
		if i == 1 && (rep.Stats.Changed() || rep.Stats.RelationshipsUnchanged != 13) {
			t.Errorf("second import: %+v", rep.Stats)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "relationships.json")
	os.WriteFile(p, []byte(`[{"id": 1, "entity1_id": 1, "entity2_id": 2, "category_id": 13}]`), 0o600)
	_, _, err := Reader{}.Read(context.Background(), []string{p}, nil)
	if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), "unknown category 13") {
		t.Errorf("err = %v", err)
	}
	q := filepath.Join(dir, "x.json")
	os.WriteFile(q, []byte(`{"elements": []}`), 0o600)
	if ok, _ := (Reader{}).Detect([]string{q}); ok {
		t.Error("Detect accepted a Kumu blueprint")
	}
}

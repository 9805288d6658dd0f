package congress

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
)

const corpus = "testdata/congress-legislators"

func TestCurrentCongress(t *testing.T) {
	res, err := Read(context.Background(), os.DirFS(corpus))
	if err != nil {
		t.Fatal(err)
	}
	chambers := map[string]int{}
	orgs := map[string]int{}
	ents := map[string]graph.Entity{}
	for _, e := range res.Batch.Entities {
		ents[e.ID] = e
		if e.Kind == graph.KindOfficial {
			chambers[e.Chamber]++
		} else {
			orgs[e.OrgType]++
		}
	}
	if chambers["House"] != 437 || chambers["Senate"] != 100 {
		t.Errorf("chambers = %v, want 437 House and 100 Senate", chambers)
	}
	if orgs["committee"] != 49 || orgs["subcommittee"] != 181 {
		t.Errorf("organizations = %v, want 49 committees and 181 subcommittees", orgs)
	}
	types := map[graph.RelType]int{}
	roles := map[string]int{}
	for _, r := range res.Batch.Relationships {
		types[r.Type]++
		if r.Type == graph.ServesOn {
			roles[r.Props["role"]]++
		}
		if _, ok := ents[r.Source]; !ok {
			t.Errorf("%s: source missing", r.ID)
		}
		if _, ok := ents[r.Target]; !ok {
			t.Errorf("%s: target missing", r.ID)
		}
	}
	if types[graph.ServesOn] != 3879 || types[graph.MemberOf] != 181 {
		t.Errorf("relationships = %v, want 3879 SERVES_ON and 181 MEMBER_OF", types)
	}
	if roles["chairman"] != 143 || roles["ranking member"] != 217 || roles["member"] != 3268 {
		t.Errorf("roles = %v", roles)
	}
	c := ents["bioguide:C000127"]
	if c.Name != "Maria Cantwell" || c.Title != "U.S. Senator" || c.Props["id.fec"] != "S8WA00194|H2WA01054" ||
		c.Props["id.bioguide"] != "C000127" || c.Props["state"] != "WA" || c.Props["id.opensecrets"] != "N00007836" {
		t.Errorf("Cantwell = %+v", c)
	}
	if len(res.Skipped) != 0 {
		t.Errorf("skipped = %v", res.Skipped)
	}
}

func TestIntoStoreTwice(t *testing.T) {
	ctx := context.Background()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < 2; i++ {
		res, err := Read(ctx, os.DirFS(corpus))
		if err != nil {
			t.Fatal(err)
		}
		stats, err := st.Apply(ctx, res.Batch)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && stats.EntitiesCreated != 537+230 {
			t.Errorf("first import: %+v", stats)
		}
		if i == 1 && (stats.Changed() || stats.EntitiesUnchanged != 767 || stats.RelationshipsUnchanged != 3879+181) {
			t.Errorf("second import: %+v, want all unchanged", stats)
		}
	}
	found, err := st.Search(ctx, "dick durbin", 3)
	if err != nil || len(found) == 0 || found[0].ID != "bioguide:D000563" {
		t.Errorf("search dick durbin = %v, %v", found, err)
	}
}

func TestRefuses(t *testing.T) {
	_, err := Read(context.Background(), fstest.MapFS{"cn.txt": {Data: []byte("x")}})
	if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), "not a congress-legislators folder") {
		t.Errorf("err = %v", err)
	}
	_, err = Read(context.Background(), fstest.MapFS{FileLegislators: {Data: []byte("- id:\n    bioguide: X1\n  name: {first: A, last: B}\n  terms: []\n- id: {govtrack: 3}\n")}})
	ds := graph.DetailsOf(err)
	if len(ds) != 2 || ds[0].Field != "terms" || ds[0].Line != 1 || ds[1].Field != "id.bioguide" || ds[1].Line != 5 {
		t.Errorf("details = %+v", ds)
	}
	if Detect(fstest.MapFS{"x.yml": {Data: []byte("id: ocd-person/1")}}) || !Detect(os.DirFS(corpus)) {
		t.Error("Detect is wrong")
	}
}

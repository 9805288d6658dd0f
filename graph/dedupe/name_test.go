package dedupe

import (
	"reflect"
	"testing"

	"github.com/powermap/powermap/graph"
)

func TestParseName(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Name
	}{
		{"COX, JOHN R.", Name{First: "john", Middle: []string{"r"}, Last: "cox"}},
		{`CRAMER, ROBERT E "BUD" JR`, Name{First: "robert", Middle: []string{"e"}, Last: "cramer", Suffix: "jr", Nick: "bud"}},
		{"GUSKA, WILLIAM MR. GUSKA", Name{First: "william", Last: "guska"}},
		{"SMITH JR, JOHN", Name{First: "john", Last: "smith", Suffix: "jr"}},
		{"VAN HOLLEN, CHRISTOPHER", Name{First: "christopher", Last: "van hollen"}},
		{"Chris Van Hollen", Name{First: "chris", Last: "van hollen"}},
		{"Catherine Cortez Masto", Name{First: "catherine", Middle: []string{"cortez"}, Last: "masto"}},
		{"CORTEZ MASTO, CATHERINE", Name{First: "catherine", Last: "cortez masto"}},
		{"Dr. Ada Dewberry-Hale III", Name{First: "ada", Last: "dewberry-hale", Suffix: "iii"}},
		{"J. French Hill", Name{First: "j", Middle: []string{"french"}, Last: "hill"}},
		{"Ben Ray Luján", Name{First: "ben", Middle: []string{"ray"}, Last: "lujan"}},
		{"Al Green", Name{First: "al", Last: "green"}},
		{"MADONNA", Name{Last: "madonna"}},
		{"", Name{}},
		{"Hon. Rosa L. DeLauro, Esq.", Name{First: "rosa", Middle: []string{"l"}, Last: "delauro"}},
	} {
		if got := ParseName(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseName(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestNicknames(t *testing.T) {
	n := DefaultNicknames()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"bill", "william", true}, {"william", "bill", true}, {"bob", "rob", true}, {"peggy", "margaret", true},
		{"john", "john", true}, {"john", "james", false}, {"bernie", "bernard", true}, {"zzz", "zzz", true}, {"zzz", "yyy", false},
	} {
		if got := n.Compatible(c.a, c.b); got != c.want {
			t.Errorf("Compatible(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if _, err := ParseNicknames("name1,relationship,name2\nbill,has_nickname\n"); err == nil {
		t.Error("a row with two fields was accepted")
	}
	if _, err := ParseNicknames("name1,relationship,name2\nbill,has_nickname,\n"); err == nil {
		t.Error("a row with an empty name was accepted")
	}
}

func TestIdentifiers(t *testing.T) {
	ix := func(es ...graph.Entity) *Index {
		b := NewBuilder(Config{})
		for i := range es {
			if err := b.Add(&es[i], nil); err != nil {
				t.Fatal(err)
			}
		}
		return b.Build()
	}
	m := ix(graph.Entity{ID: "bioguide:B000944", Kind: graph.KindOfficial, Name: "Sherrod Brown", Props: map[string]string{"state": "OH", "fec_ids": "S6OH00163,H2OH13033"}})
	cand := graph.Entity{ID: "fec:S6OH00163", Kind: graph.KindPerson, Name: "BROWN, SHERROD", Props: map[string]string{"state": "OH", "fec_id": "S6OH00163"}}
	cs := m.Candidates(&cand, nil)
	if len(cs) != 1 || cs[0].Decision != Auto || cs[0].Evidence[0].Name != "shared_id" {
		t.Fatalf("shared FEC id: got %+v", cs)
	}
	other := graph.Entity{ID: "x", Kind: graph.KindPerson, Name: "Sherrod Brown", Props: map[string]string{"state": "OH", "bioguide": "B999999"}}
	cs = m.Candidates(&other, nil)
	if len(cs) != 0 && cs[0].Decision != None {
		t.Fatalf("conflicting bioguide ids: got %+v", cs)
	}
}

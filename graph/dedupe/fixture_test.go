package dedupe

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format/fec"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata (the donor fixture, weights.go)")

// Files of the donor fixture.
const (
	donorMapFile    = "testdata/donors/map.jsonl"
	donorLabelsFile = "testdata/donors/labels.tsv"
	fixtureSeed     = 2026
)

// mapPerson is one line of the donor fixture's map.
type mapPerson struct {
	Entity    graph.Entity `json:"entity"`
	Neighbors []string     `json:"neighbors,omitempty"`
	// Why says how the record was made: "match" (a perturbed copy of a
	// donor), "same-last-zip" or "same-name-other-state" (hard negatives).
	Why string `json:"why"`
}

// donorLabel is one line of labels.tsv: an incoming FEC donor, its split,
// and the map person it is (empty when none).
type donorLabel struct {
	Donor, Split, Match string
}

// incomingDonors imports the Illinois contributions with the FEC importer:
// the donors (people only) sorted by id, and each donor's recipients.
func incomingDonors(t testing.TB) ([]graph.Entity, map[string][]string) {
	t.Helper()
	res, err := fec.Read(context.Background(), os.DirFS("testdata/fec-il"), fec.Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var donors []graph.Entity
	for _, e := range res.Batch.Entities {
		if e.Kind == graph.KindDonor && e.OrgType == "" {
			donors = append(donors, e)
		}
	}
	slices.SortFunc(donors, func(a, b graph.Entity) int { return strings.Compare(a.ID, b.ID) })
	nb := map[string][]string{}
	for _, r := range res.Batch.Relationships {
		if r.Type == graph.DonatedTo {
			nb[r.Source] = append(nb[r.Source], r.Target)
		}
	}
	for k := range nb {
		slices.Sort(nb[k])
		nb[k] = slices.Compact(nb[k])
	}
	return donors, nb
}

// generateDonorFixture builds the map people and labels from the donors.
// Donors with the same FEC last name, first name and ZIP5 are taken as one
// person (the importer splits a person whose employer changed); each person
// goes to the train or test split, and with probability 0.7 gets a
// perturbed copy in the map. Hard negatives are added beside: a different
// first name with the same surname and ZIP (15% of people), and the same
// name in another state (10%).
func generateDonorFixture(donors []graph.Entity, nb map[string][]string) ([]mapPerson, []donorLabel) {
	r := rand.New(rand.NewPCG(fixtureSeed, 15))
	nick := DefaultNicknames()
	type person struct {
		key    string
		donors []int
	}
	var people []*person
	byKey := map[string]*person{}
	for i, d := range donors {
		k := fec.NormalizeName(d.Name) + "|" + d.Props["zip5"]
		p := byKey[k]
		if p == nil {
			p = &person{key: k}
			byKey[k] = p
			people = append(people, p)
		}
		p.donors = append(p.donors, i)
	}
	var firsts, employers []string
	for _, d := range donors {
		if n := ParseName(d.Name); len(n.First) > 1 {
			firsts = append(firsts, n.First)
		}
		if e := d.Props["employer"]; NormalizeEmployer(e) != "" {
			employers = append(employers, e)
		}
	}
	var out []mapPerson
	var labels []donorLabel
	for pi, p := range people {
		d := donors[p.donors[0]]
		split := "train"
		if r.IntN(2) == 1 {
			split = "test"
		}
		n := ParseName(d.Name)
		match := ""
		if r.Float64() < 0.7 {
			match = fmt.Sprintf("map:p%04d", pi)
			out = append(out, perturb(r, nick, match, d, n, nb[d.ID], employers))
		}
		for _, i := range p.donors {
			labels = append(labels, donorLabel{Donor: donors[i].ID, Split: split, Match: match})
		}
		if r.Float64() < 0.15 && len(n.First) > 1 {
			other := n.First
			for tries := 0; tries < 50 && (other == n.First || nick.Compatible(other, n.First)); tries++ {
				other = firsts[r.IntN(len(firsts))]
			}
			if other != n.First && !nick.Compatible(other, n.First) {
				e := graph.Entity{ID: fmt.Sprintf("map:n%04d", pi), Kind: graph.KindPerson, Name: title(other) + " " + title(n.Last),
					Props: map[string]string{"state": "IL", "zip5": d.Props["zip5"]}}
				if r.Float64() < 0.3 {
					e.Props["employer"] = d.Props["employer"] // a spouse at the same firm
				} else if r.Float64() < 0.5 {
					e.Props["employer"] = employers[r.IntN(len(employers))]
				}
				out = append(out, mapPerson{Entity: e, Why: "same-last-zip"})
			}
		}
		if r.Float64() < 0.10 {
			states := []string{"CA", "NY", "TX", "FL", "WA", "MA", "GA", "OH", "PA", "AZ"}
			e := graph.Entity{ID: fmt.Sprintf("map:s%04d", pi), Kind: graph.KindPerson, Name: naturalName(n),
				Props: map[string]string{"state": states[r.IntN(len(states))], "zip5": fmt.Sprintf("%05d", 10000+r.IntN(50000))}}
			if r.Float64() < 0.5 {
				e.Props["employer"] = employers[r.IntN(len(employers))]
			}
			out = append(out, mapPerson{Entity: e, Why: "same-name-other-state"})
		}
	}
	return out, labels
}

// perturb writes a donor as a map person would read: the name in natural
// order with a nickname, an initial or a typo, middle names dropped or
// added, and the ZIP, employer and occupation sometimes changed or missing.
func perturb(r *rand.Rand, nick *Nicknames, id string, d graph.Entity, n Name, recipients []string, employers []string) mapPerson {
	switch x := r.Float64(); {
	case x < 0.25 && len(n.First) > 1:
		if roots := nick.Roots(n.First); len(roots) > 1 {
			for {
				if o := roots[r.IntN(len(roots))]; o != n.First {
					n.First = o
					break
				}
			}
		}
	case x < 0.35 && len(n.First) > 1:
		n.First = n.First[:1]
	}
	if r.Float64() < 0.15 {
		if r.IntN(2) == 0 && len(n.First) > 3 {
			n.First = typo(r, n.First)
		} else if len(n.Last) > 3 {
			n.Last = typo(r, n.Last)
		}
	}
	if len(n.Middle) > 0 && r.Float64() < 0.5 {
		n.Middle = nil
	} else if len(n.Middle) == 0 && r.Float64() < 0.1 {
		n.Middle = []string{string(rune('a' + r.IntN(26)))}
	}
	if r.Float64() < 0.5 {
		n.Suffix = ""
	}
	e := graph.Entity{ID: id, Kind: graph.KindPerson, Name: naturalName(n), Props: map[string]string{}}
	if r.Float64() < 0.95 {
		e.Props["state"] = d.Props["state"]
	}
	zip := d.Props["zip5"]
	switch x := r.Float64(); {
	case x < 0.65:
	case x < 0.80 && len(zip) == 5:
		zip = fmt.Sprintf("%s%02d", zip[:3], r.IntN(100))
	case x < 0.90:
		zip = fmt.Sprintf("6%04d", r.IntN(3000))
	default:
		zip = ""
	}
	if zip != "" {
		e.Props["zip5"] = zip
	}
	emp := d.Props["employer"]
	switch x := r.Float64(); {
	case x < 0.55:
	case x < 0.70:
		emp = title(strings.ToLower(emp)) + " Inc."
	case x < 0.85:
		emp = employers[r.IntN(len(employers))]
	default:
		emp = ""
	}
	if emp != "" {
		e.Props["employer"] = emp
	}
	if o := d.Props["occupation"]; o != "" && r.Float64() < 0.7 {
		e.Props["occupation"] = o
	}
	var nbs []string
	if len(recipients) > 0 && r.Float64() < 0.5 {
		nbs = append(nbs, recipients[r.IntN(len(recipients))])
	}
	return mapPerson{Entity: e, Neighbors: nbs, Why: "match"}
}

// typo makes one edit past the first letter: a substitution, a deletion,
// a transposition or an insertion.
func typo(r *rand.Rand, s string) string {
	b := []byte(s)
	i := 1 + r.IntN(len(b)-1)
	c := byte('a' + r.IntN(26))
	switch r.IntN(4) {
	case 0:
		b[i] = c
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		} else {
			b[i-1], b[i] = b[i], b[i-1]
		}
	default:
		b = append(b[:i], append([]byte{c}, b[i:]...)...)
	}
	return string(b)
}

func title(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if p != "" {
				parts[j] = strings.ToUpper(p[:1]) + p[1:]
			}
		}
		ws[i] = strings.Join(parts, "-")
	}
	return strings.Join(ws, " ")
}

func naturalName(n Name) string {
	ws := []string{}
	if n.First != "" {
		f := title(n.First)
		if len(n.First) == 1 {
			f += "."
		}
		ws = append(ws, f)
	}
	for _, m := range n.Middle {
		m = title(m)
		if len(m) == 1 {
			m += "."
		}
		ws = append(ws, m)
	}
	ws = append(ws, title(n.Last))
	if n.Suffix != "" {
		ws = append(ws, map[string]string{"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}[n.Suffix])
	}
	return strings.Join(ws, " ")
}

func encodeFixture(people []mapPerson, labels []donorLabel) (mapJSONL, labelsTSV []byte) {
	var m bytes.Buffer
	enc := json.NewEncoder(&m)
	enc.SetEscapeHTML(false)
	for _, p := range people {
		if err := enc.Encode(p); err != nil {
			panic(err)
		}
	}
	var l bytes.Buffer
	l.WriteString("donor\tsplit\tmatch\n")
	for _, x := range labels {
		fmt.Fprintf(&l, "%s\t%s\t%s\n", x.Donor, x.Split, x.Match)
	}
	return m.Bytes(), l.Bytes()
}

// TestDonorFixture checks that the committed fixture is what the generator
// makes from the Illinois donors; with -update it rewrites it.
func TestDonorFixture(t *testing.T) {
	donors, nb := incomingDonors(t)
	people, labels := generateDonorFixture(donors, nb)
	m, l := encodeFixture(people, labels)
	if *update {
		if err := os.MkdirAll(filepath.Dir(donorMapFile), 0o755); err != nil {
			t.Fatal(err)
		}
		for f, b := range map[string][]byte{donorMapFile: m, donorLabelsFile: l} {
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for f, want := range map[string][]byte{donorMapFile: m, donorLabelsFile: l} {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the generator makes; rerun with -update if the change is meant", f)
		}
	}
}

// loadDonorFixture reads the committed fixture.
func loadDonorFixture(t testing.TB) ([]mapPerson, []donorLabel) {
	t.Helper()
	f, err := os.Open(donorMapFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var people []mapPerson
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var p mapPerson
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s:%d: %v", donorMapFile, line, err)
		}
		people = append(people, p)
	}
	b, err := os.ReadFile(donorLabelsFile)
	if err != nil {
		t.Fatal(err)
	}
	var labels []donorLabel
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("%s:%d: want 3 fields", donorLabelsFile, i+1)
		}
		labels = append(labels, donorLabel{f[0], f[1], f[2]})
	}
	return people, labels
}

package dedupe_test

import (
	"fmt"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
)

// Index the map's people, then ask for the candidates of an incoming FEC
// donor record.
func Example() {
	b := dedupe.NewBuilder(dedupe.Config{})
	for _, e := range []graph.Entity{
		{ID: "p1", Kind: graph.KindPerson, Name: "William J. Guska", Props: map[string]string{"state": "IL", "zip5": "60606", "employer": "Ernst & Young LLP"}},
		{ID: "p2", Kind: graph.KindPerson, Name: "Margaret Guska", Props: map[string]string{"state": "IL", "zip5": "60606"}},
		{ID: "p3", Kind: graph.KindPerson, Name: "Bill Guska", Props: map[string]string{"state": "TX", "zip5": "75201"}},
	} {
		if err := b.Add(&e, nil); err != nil {
			panic(err)
		}
	}
	ix := b.Build()

	donor := graph.Entity{ID: "fec:ind:1", Kind: graph.KindDonor, Name: "GUSKA, BILL MR.",
		Props: map[string]string{"state": "IL", "zip5": "60606", "employer": "ERNST & YOUNG", "occupation": "PARTNER"}}
	for _, c := range ix.Candidates(&donor, nil) {
		fmt.Printf("%s %s %.3f %s\n", c.A, c.B, c.Score, c.Decision)
		for _, f := range c.Evidence[:3] {
			fmt.Printf("  %s %+.2f\n", f.Name, f.Contribution)
		}
	}
	// Output:
	// fec:ind:1 p1 0.989 auto
	//   last_exact +3.86
	//   first_nick +2.29
	//   zip_match +1.36
}

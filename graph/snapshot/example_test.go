package snapshot_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/graph/path"

	"github.com/powermap/powermap/graph/snapshot"
)

func ExampleFromBatch() {
	s, err := snapshot.FromBatch(context.Background(), smallMap(), 1, snapshot.Options{Now: testNow})
	if err != nil {
		panic(err)
	}
	lee, _ := s.Index("lee")
	adj, ws := s.Walk().Row(lee)
	for j, v := range adj {
		e := int(s.Walk().Off[lee]) + j
		fmt.Printf("%s –%s %.1f– %s\n", s.Name(lee), s.WalkType(e), ws[j], s.Name(v))
	}
	// Output:
	// Pastor Lee –LEADS 0.8– First Church
	// Pastor Lee –KNOWS 0.8– Maria Ortiz
	// Pastor Lee –FAMILY_OF 0.7– Sen. Diaz
}

// Gonum's algorithms run on the snapshot directly.
func ExampleSnapshot_Gonum() {
	s, _ := snapshot.FromBatch(context.Background(), smallMap(), 1, snapshot.Options{Now: testNow})
	maria, _ := s.Index("maria")
	diaz, _ := s.Index("sen-diaz")
	p, cost := path.DijkstraFrom(s.Gonum().Node(int64(maria)), s.Gonum()).To(int64(diaz))
	for _, n := range p {
		fmt.Print(s.ID(int32(n.ID())), " ")
	}
	fmt.Printf("cost %.3f\n", cost)
	// Output:
	// maria lee sen-diaz cost 0.580
}

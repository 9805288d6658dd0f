package paths_test

import (
	"context"
	"fmt"
	"os"

	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/snapshot"
)

func ExampleFind() {
	ctx := context.Background()
	s, err := snapshot.FromBatch(ctx, civicMap(), 1, snapshot.Options{Now: testNow})
	if err != nil {
		panic(err)
	}
	res, err := paths.Find(ctx, s, paths.Query{To: "diaz", K: 3})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Paths {
		fmt.Printf("%.3f %v\n", p.Strength, p.IDs())
	}
	// Output:
	// 0.560 [maria lee diaz]
	// 0.450 [ana bob diaz]
	// 0.353 [ana bob church lee diaz]
}

func ExampleWriteText() {
	ctx := context.Background()
	s, _ := snapshot.FromBatch(ctx, civicMap(), 1, snapshot.Options{Now: testNow})
	res, _ := paths.Find(ctx, s, paths.Query{To: "diaz", From: []string{"maria"}, K: 2})
	paths.WriteText(os.Stdout, res)
	// Output:
	// Paths to Sen. Diaz:
	//   1. Maria Ortiz (our board) → Pastor Lee: knows, 0.8 → Sen. Diaz: family of, 0.7
	//      strength 0.560, 2 hops
	//   2. Maria Ortiz (our board) → First Church: member of, 0.5 → Pastor Lee: led by, 0.8 → Sen. Diaz: family of, 0.7
	//      strength 0.280, 3 hops
}

func ExampleConnections() {
	ctx := context.Background()
	s, _ := snapshot.FromBatch(ctx, civicMap(), 1, snapshot.Options{Now: testNow})
	c, _ := paths.Connections(ctx, s, "maria", "bob")
	paths.WriteConnectionText(os.Stdout, s, c)
	// Output:
	// Connections between Maria Ortiz (our board) and Bob Kim
	// Direct ties: none
	// Common neighbours: 1
	//   First Church: member of 0.5, then employs 0.7 (strength 0.350)
	// Paths to Bob Kim:
	//   1. Maria Ortiz (our board) → Pastor Lee: knows, 0.8 → First Church: leads, 0.8 → Bob Kim: employs, 0.7
	//      strength 0.448, 3 hops
	//   2. Maria Ortiz (our board) → First Church: member of, 0.5 → Bob Kim: employs, 0.7
	//      strength 0.350, 2 hops
	//   3. Maria Ortiz (our board) → Pastor Lee: knows, 0.8 → Sen. Diaz: family of, 0.7 → Bob Kim: colleague of, 0.5
	//      strength 0.280, 3 hops
	//   4. Maria Ortiz (our board) → First Church: member of, 0.5 → Pastor Lee: led by, 0.8 → Sen. Diaz: family of, 0.7 → Bob Kim: colleague of, 0.5
	//      strength 0.140, 4 hops
}

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
	// Paths to Sen. Diaz, State Senator:
	//   1. Maria Ortiz (our board) knows Pastor Lee, who is family of Sen. Diaz, State Senator.
	//      strength 0.560 (0.8 × 0.7)
	//   2. Maria Ortiz (our board) is a member of First Church, which is led by Pastor Lee, who is family of Sen. Diaz, State Senator.
	//      strength 0.280 (0.5 × 0.8 × 0.7)
}

func ExampleConnections() {
	ctx := context.Background()
	s, _ := snapshot.FromBatch(ctx, civicMap(), 1, snapshot.Options{Now: testNow})
	c, _ := paths.Connections(ctx, s, "maria", "bob")
	paths.WriteConnectionText(os.Stdout, c)
	// Output:
	// Connections between Maria Ortiz (our board) and Bob Kim, Facilities Manager
	// Direct ties: none
	// Common neighbours: 1
	//   Maria Ortiz (our board) is a member of First Church, which employs Bob Kim, Facilities Manager.
	//     strength 0.350 (0.5 × 0.7)
	// Paths to Bob Kim, Facilities Manager:
	//   1. Maria Ortiz (our board) knows Pastor Lee, who leads First Church, which employs Bob Kim, Facilities Manager.
	//      strength 0.448 (0.8 × 0.8 × 0.7)
	//   2. Maria Ortiz (our board) is a member of First Church, which employs Bob Kim, Facilities Manager.
	//      strength 0.350 (0.5 × 0.7)
	//   3. Maria Ortiz (our board) knows Pastor Lee, who is family of Sen. Diaz, State Senator, who is a colleague of Bob Kim, Facilities Manager.
	//      strength 0.280 (0.8 × 0.7 × 0.5)
	//   4. Maria Ortiz (our board) is a member of First Church, which is led by Pastor Lee, who is family of Sen. Diaz, State Senator, who is a colleague of Bob Kim, Facilities Manager.
	//      strength 0.140 (0.5 × 0.8 × 0.7 × 0.5)
}

package graph_test

import (
	"fmt"

	"github.com/powermap/powermap/graph"
)

func ExampleRelationship_Validate() {
	r := graph.Relationship{Source: "maria", Target: "sen-diaz", Type: "FRIEND_OF", Strength: 1.2}
	r.Normalize()
	err := r.Validate()
	fmt.Println(graph.CodeOf(err))
	for _, d := range graph.DetailsOf(err) {
		fmt.Println(d.Field+":", d.Reason)
	}
	// Output:
	// invalid
	// strength: must be in (0,1], got 1.2
}

func ExampleFold() {
	fmt.Println(graph.Fold("Aarón Ortíz"))
	// Output: aaron ortiz
}

func ExampleParseRelType() {
	t, _ := graph.ParseRelType("works for")
	info, _ := t.Info()
	fmt.Println(t, info.Symmetric, info.DefaultStrength, info.Introduces)
	// Output: WORKS_FOR false 0.7 true
}

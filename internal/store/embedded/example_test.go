package embedded_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/storetest"
)

func Example() {
	dir, err := os.MkdirTemp("", "powermap-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	s, err := embedded.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	st, err := s.Apply(ctx, storetest.SmallMap())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", st.EntitiesCreated, "entities,", st.RelationshipsCreated, "relationships")

	found, err := s.Search(ctx, "aaron ortiz", 5)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("search:", found[0].Name)

	nbs, err := s.Neighbors(ctx, found[0].ID, []graph.RelType{graph.WorksFor})
	if err != nil {
		log.Fatal(err)
	}
	for _, nb := range nbs {
		fmt.Println("works for him:", nb.Entity.Name)
	}

	_, err = s.Apply(ctx, &graph.Batch{Relationships: []graph.Relationship{
		{Source: storetest.AnaReyes, Target: "nobody", Type: graph.Knows},
	}})
	fmt.Println("code:", graph.CodeOf(err))
	fmt.Println("consistent:", s.Check(ctx) == nil)
	// Output:
	// created: 7 entities, 8 relationships
	// search: Aarón Ortíz
	// works for him: Dana Whitfield
	// code: invalid
	// consistent: true
}

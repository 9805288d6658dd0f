package neo4j_test

import (
	"context"
	"fmt"
	"log"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j"
)

// Open a store on a local Neo4j (started by `make neo4j`) and write a batch.
// The example has no output to check: it needs a running Neo4j.
func Example() {
	ctx := context.Background()
	cfg := neo4j.DefaultConfig()
	cfg.URI = "bolt://127.0.0.1:7687"
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err) // code graph.Unavailable when Neo4j does not answer
	}
	defer s.Close()
	st, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Reyes", Ours: true},
			{ID: "ortiz", Kind: graph.KindOfficial, Name: "Aarón Ortíz"},
		},
		Relationships: []graph.Relationship{{Source: "ana", Target: "ortiz", Type: graph.Knows}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.EntitiesCreated, st.RelationshipsCreated)
}

package rank_test

import (
	"context"
	"fmt"
	"os"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// smallMap is a four-person power map: Maria knows everyone, Lee and Diaz
// are family friends, Ann knows only Maria.
func smallMap() *snapshot.Snapshot {
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "maria", Name: "Maria Ortiz", Kind: graph.KindPerson, Ours: true},
			{ID: "lee", Name: "Pastor Lee", Kind: graph.KindPerson},
			{ID: "diaz", Name: "Sen. Diaz", Kind: graph.KindOfficial},
			{ID: "ann", Name: "Ann Park", Kind: graph.KindPerson},
		},
		Relationships: []graph.Relationship{
			{Source: "maria", Target: "lee", Type: graph.Knows, Strength: 0.8},
			{Source: "maria", Target: "diaz", Type: graph.Knows, Strength: 0.3},
			{Source: "maria", Target: "ann", Type: graph.Knows, Strength: 0.5},
			{Source: "lee", Target: "diaz", Type: graph.FriendOf, Strength: 0.7},
		},
	}
	snap, err := snapshot.FromBatch(context.Background(), b, 1, snapshot.Options{})
	if err != nil {
		panic(err)
	}
	return snap
}

func ExampleRun() {
	res, err := rank.Run(context.Background(), smallMap(), rank.Query{Algo: rank.AlgoBetweenness, Weighted: true, Top: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := rank.WriteText(os.Stdout, res); err != nil {
		fmt.Println(err)
	}
	// The strongest chain to Sen. Diaz runs through Pastor Lee (0.8 x 0.7
	// beats the direct 0.3), so Lee and Maria each sit on the shortest paths
	// of two of the six pairs; the tie is broken by id.

	// Output:
	// betweenness (weighted, exact): 3 results
	// #  SCORE     NAME         KIND    ID
	// 1  0.666667  Pastor Lee   person  lee
	// 2  0.666667  Maria Ortiz  person  maria
	// 3  0         Ann Park     person  ann
}

func ExampleInnerCircle() {
	res, err := rank.InnerCircle(context.Background(), smallMap(), "diaz", 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Results {
		fmt.Printf("%s %.3f\n", it.Name, it.Score)
	}
	// Output:
	// Pastor Lee 0.314
	// Maria Ortiz 0.289
}

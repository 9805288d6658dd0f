package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/powermap/powermap/graph"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Aarón Ortíz":        "aaron ortiz",
		"ZOË  O'Brien":       "zoe obrien",
		"Sen. Diaz-Ruiz":     "sen diaz ruiz",
		"Søren Łukasz":       "soren lukasz",
		"  ":                 "",
		"Ñúñez, François":    "nunez francois",
		"Straße 12":          "strase 12",
		"Dr. MARÍA-JOSÉ Gil": "dr maria jose gil",
	}
	for in, want := range cases {
		assert.Equal(t, want, graph.Fold(in), in)
	}
}

func TestMatchScore(t *testing.T) {
	e := graph.Entity{Name: "Aarón Ortíz", Aliases: []string{"Tony Ortiz"}}
	assert.Equal(t, 4, e.MatchScore("aaron ortiz"))
	assert.Equal(t, 3, e.MatchScore("AAR"))
	assert.Equal(t, 2, e.MatchScore("ort"))
	assert.Equal(t, 2, e.MatchScore("ortiz aaron"))
	assert.Equal(t, 2, e.MatchScore("tony"), "an alias scores one below the same match on the name")
	assert.Equal(t, 0, e.MatchScore("maria"))
	assert.Equal(t, 0, e.MatchScore(""))
}

func TestRankSearch(t *testing.T) {
	es := []graph.Entity{
		{ID: "3", Name: "Ann Ortiz"},
		{ID: "1", Name: "Ortiz Ann"},
		{ID: "2", Name: "Ortiz"},
		{ID: "4", Name: "Bob"},
	}
	got := graph.RankSearch("ortiz", es, 0)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []string{"2", "1", "3"}, ids)
	assert.Len(t, graph.RankSearch("ortiz", es, 1), 1)
}

func BenchmarkRankSearch(b *testing.B) {
	es := make([]graph.Entity, 1000)
	for i := range es {
		es[i] = graph.Entity{ID: string(rune('a' + i%26)), Name: "Aarón Ortíz Bumblethorn", Aliases: []string{"Ron"}}
	}
	b.ReportAllocs()
	for b.Loop() {
		graph.RankSearch("aar", es, 10)
	}
}

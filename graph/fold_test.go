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
	assert.Equal(t, 5, e.MatchScore("aaron ortiz"))
	assert.Equal(t, 4, e.MatchScore("Ortíz"), "a last name")
	assert.Equal(t, 3, e.MatchScore("AAR"))
	assert.Equal(t, 3, e.MatchScore("aaron"), "a first name starts the name")
	assert.Equal(t, 3, e.MatchScore("aaron ort"))
	assert.Equal(t, 2, e.MatchScore("ort"))
	assert.Equal(t, 2, e.MatchScore("ortiz aaron"))
	assert.Equal(t, 2, e.MatchScore("tony"), "an alias scores one below the same match on the name")
	assert.Equal(t, 4, e.MatchScore("tony ortiz"), "an exact alias scores one below an exact name")
	m := graph.Entity{Name: "Emrys F. Gingerhook"}
	assert.Equal(t, 4, m.MatchScore("emrys gingerhook"), "whole words ending with the last name")
	assert.Equal(t, 2, m.MatchScore("emr gingerhook"), "a prefix is not a whole word")
	assert.Equal(t, 2, m.MatchScore("gingerhook emrys"))
	a := graph.Entity{Name: "Robert Smith", Aliases: []string{"Bob Ortiz"}}
	assert.Equal(t, 3, a.MatchScore("ortiz"), "a last name on an alias scores one less")
	assert.Equal(t, 0, e.MatchScore("maria"))
	assert.Equal(t, 0, e.MatchScore(""))
}

func TestRankSearch(t *testing.T) {
	es := []graph.Entity{
		{ID: "3", Name: "Ann Ortiz"},
		{ID: "1", Name: "Ortiz Ann"},
		{ID: "2", Name: "Ortiz"},
		{ID: "4", Name: "Bob"},
		{ID: "5", Name: "Abel Bortiz"},
	}
	ids := func(got []graph.Entity) []string {
		var out []string
		for _, e := range got {
			out = append(out, e.ID)
		}
		return out
	}
	assert.Equal(t, []string{"2", "3", "1"}, ids(graph.RankSearch("ortiz", es, 0)), "exact, last name, prefix")
	assert.Len(t, graph.RankSearch("ortiz", es, 1), 1)

	// Officials, then our own people, break ties; then folded names.
	gs := []graph.Entity{
		{ID: "p-1", Kind: graph.KindPerson, Name: "Amos Gingerhook"},
		{ID: "m-1", Kind: graph.KindPerson, Name: "Åsa Gingerhook", Ours: true},
		{ID: "m-2", Kind: graph.KindPerson, Name: "Esme Gingerhook", Ours: true},
		{ID: "sen-3", Kind: graph.KindOfficial, Name: "Zoë Gingerhook"},
		{ID: "org", Kind: graph.KindOrganization, Name: "Gingerhook Trust"},
		{ID: "p-2", Kind: graph.KindPerson, Name: "Bea Gingerhookson"},
	}
	assert.Equal(t, []string{"sen-3", "m-1", "m-2", "p-1", "org", "p-2"}, ids(graph.RankSearch("gingerhook", gs, 0)))
	assert.Equal(t, []string{"sen-3"}, ids(graph.RankSearch("zoe gingerhook", gs, 0)))
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

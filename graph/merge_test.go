package graph_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestRepointTie(t *testing.T) {
	taken := map[string]bool{"KNOWS:ana~keep": true, "KNOWS:ana~keep/drop": true}
	isTaken := func(id string) bool { return taken[id] }
	for _, tc := range []struct {
		name string
		in   graph.Relationship
		want string
	}{
		{"derived id", graph.Relationship{ID: "WORKS_FOR:aide>drop", Source: "aide", Target: "drop", Type: graph.WorksFor}, "WORKS_FOR:aide>keep"},
		{"symmetric, reordered", graph.Relationship{ID: "KNOWS:drop~zed", Source: "drop", Target: "zed", Type: graph.Knows}, "KNOWS:keep~zed"},
		{"qualified", graph.Relationship{ID: "DONATED_TO:pac>drop/2024", Source: "pac", Target: "drop", Type: graph.DonatedTo}, "DONATED_TO:pac>keep/2024"},
		{"own id kept", graph.Relationship{ID: "r-17", Source: "drop", Target: "zed", Type: graph.Knows}, "r-17"},
		{"parallel tie", graph.Relationship{ID: "KNOWS:ana~drop", Source: "ana", Target: "drop", Type: graph.Knows}, "KNOWS:ana~keep/drop-2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := graph.RepointTie(tc.in, "drop", "keep", isTaken)
			assert.Equal(t, tc.want, got.ID)
			assert.NotEqual(t, "drop", got.Source)
			assert.NotEqual(t, "drop", got.Target)
			got.Normalize()
			require.NoError(t, got.Validate(), "a re-pointed tie stays valid")
		})
	}
}

func TestAbsorbEntity(t *testing.T) {
	keep := graph.Entity{ID: "k", Kind: graph.KindOfficial, Name: "Ada Brook", Aliases: []string{"A. Brook"}, Party: "D",
		Props: map[string]string{"seat": "12"}}
	drop := graph.Entity{ID: "d", Kind: graph.KindPerson, Name: "Sen. Ada Brook", Aliases: []string{"Ada Brook", "Adie"}, Party: "R",
		Email: "ada@example.org", Labels: []string{"client"}, Props: map[string]string{"seat": "13", "twitter": "@ada"}}
	got := graph.AbsorbEntity(keep, drop)
	assert.Equal(t, "k", got.ID)
	assert.Equal(t, graph.KindOfficial, got.Kind)
	assert.Equal(t, []string{"A. Brook", "Sen. Ada Brook", "Adie"}, got.Aliases, "keep's own name is no alias")
	assert.Equal(t, "D", got.Party)
	assert.Equal(t, "ada@example.org", got.Email)
	assert.True(t, got.IsPrivate(), "a client's privacy carries over")
	assert.Equal(t, map[string]string{"seat": "12", "twitter": "@ada"}, got.Props)
	assert.Equal(t, map[string]string{"seat": "12"}, keep.Props, "the input is not changed")
}

func TestBatchRedirect(t *testing.T) {
	stored := map[string]graph.Entity{"k": {ID: "k", Kind: graph.KindOfficial, Name: "Ada Brook"}}
	lookup := func(id string) (string, bool) {
		if id == "d" {
			return "k", true
		}
		return "", false
	}
	base := func(id string) (graph.Entity, bool, error) { e, ok := stored[id]; return e, ok, nil }
	b := &graph.Batch{
		Entities: []graph.Entity{{ID: "d", Kind: graph.KindOfficial, Name: "Sen. Brook", Phone: "555"}, {ID: "x", Kind: graph.KindPerson, Name: "X"}},
		Relationships: []graph.Relationship{
			{Source: "x", Target: "d", Type: graph.Knows},
			{Source: "d", Target: "k", Type: graph.Knows},
		},
	}
	require.NoError(t, b.Prepare())
	changed, err := b.Redirect(lookup, base)
	require.NoError(t, err)
	assert.True(t, changed)
	require.Len(t, b.Entities, 2)
	assert.Equal(t, "x", b.Entities[0].ID)
	assert.Equal(t, "k", b.Entities[1].ID)
	assert.Equal(t, "Ada Brook", b.Entities[1].Name)
	assert.Equal(t, []string{"Sen. Brook"}, b.Entities[1].Aliases)
	assert.Equal(t, "555", b.Entities[1].Phone)
	require.Len(t, b.Relationships, 1, "the tie that would join k to itself is dropped")
	assert.Equal(t, "KNOWS:k~x", b.Relationships[0].ID)

	plain := &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}}}
	changed, err = plain.Redirect(lookup, base)
	require.NoError(t, err)
	assert.False(t, changed)
}

func TestPlanMergeAndUndoConflicts(t *testing.T) {
	keep := graph.Entity{ID: "k", Kind: graph.KindOfficial, Name: "Ada Brook"}
	drop := graph.Entity{ID: "d", Kind: graph.KindOfficial, Name: "Sen. Brook"}
	ties := []graph.Relationship{
		{ID: "KNOWS:d~k", Source: "d", Target: "k", Type: graph.Knows, Strength: 0.5},
		{ID: "KNOWS:a~d", Source: "a", Target: "d", Type: graph.Knows, Strength: 0.5},
	}
	m, err := graph.PlanMerge(graph.MergeRequest{ID: "mg_1", By: "t"}, graph.MergeInput{Keep: keep, Drop: drop, Ties: ties,
		Redirects: []graph.Redirect{{From: "old", To: "d"}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"KNOWS:d~k"}, m.DroppedTies)
	fw := m.Forward()
	assert.Equal(t, []string{"d"}, fw.Batch.DeleteEntities)
	assert.Empty(t, fw.Batch.DeleteRelationships, "the dropped entity's delete removes its ties")
	assert.Equal(t, []graph.Redirect{{From: "old", To: "k"}, {From: "d", To: "k"}}, fw.PutRedirects)
	bw := m.Backward()
	assert.Equal(t, []string{"KNOWS:a~k"}, bw.Batch.DeleteRelationships)
	assert.Equal(t, []string{"d"}, bw.DeleteRedirects)

	assert.Empty(t, m.UndoConflicts(m.After))
	cur := m.After
	cur.Entities = []graph.Entity{{ID: "k", Kind: graph.KindOfficial, Name: "Ada Brook", Notes: "edited"}}
	cur.Redirects = cur.Redirects[:1]
	ds := m.UndoConflicts(cur)
	require.Len(t, ds, 2)
	assert.Equal(t, graph.Detail{Record: "k", Field: "entity", Reason: "changed since the merge"}, ds[0])
	assert.Equal(t, graph.Detail{Record: "d", Field: "redirect", Reason: "deleted since the merge"}, ds[1])
}

// ExamplePlanMerge shows what a merge moves and what it drops.
func ExamplePlanMerge() {
	m, _ := graph.PlanMerge(graph.MergeRequest{ID: "mg_example"}, graph.MergeInput{
		Keep: graph.Entity{ID: "sen-12", Kind: graph.KindOfficial, Name: "Aarón Ortíz"},
		Drop: graph.Entity{ID: "ortiz-dup", Kind: graph.KindOfficial, Name: "Sen. Ron Ortiz", Email: "ron@senate.example"},
		Ties: []graph.Relationship{
			{ID: "WORKS_FOR:aide>ortiz-dup", Source: "aide", Target: "ortiz-dup", Type: graph.WorksFor, Strength: 0.7},
			{ID: "KNOWS:ortiz-dup~sen-12", Source: "ortiz-dup", Target: "sen-12", Type: graph.Knows, Strength: 0.2},
		},
	})
	k := m.After.Entities[0]
	fmt.Println(k.ID, k.Aliases, k.Email)
	fmt.Println(m.After.Relationships[0].ID)
	fmt.Println("dropped:", m.DroppedTies)
	// Output:
	// sen-12 [Sen. Ron Ortiz] ron@senate.example
	// WORKS_FOR:aide>sen-12
	// dropped: [KNOWS:ortiz-dup~sen-12]
}

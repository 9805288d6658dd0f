package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
	"github.com/powermap/powermap/internal/app"
)

// TestOurGivers: which of our people give to the senator? Ana gave to her
// directly; an FEC donor record is probably our board member Jane, and
// stays a suggestion until merged into her; a client's donor record is
// never shown to a viewer.
func TestOurGivers(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	place := func(zip, employer string) map[string]string {
		return map[string]string{dedupe.PropState: "IL", dedupe.PropZIP5: zip, dedupe.PropEmployer: employer}
	}
	_, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "cmte", Kind: graph.KindOrganization, OrgType: "campaign committee", Name: "Friends of Ada Brook"},
			{ID: "jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Ours: true, Labels: []string{"board"}, Props: place("60614", "Lakeview Clinic")},
			{ID: "fec-jane", Kind: graph.KindDonor, Name: "SMITH, JANE A", Labels: []string{"fec-donor"}, Props: place("60614", "LAKEVIEW CLINIC")},
			{ID: "fec-john", Kind: graph.KindDonor, Name: "DOE, JOHN", Props: place("62701", "STATE OF ILLINOIS")},
			{ID: "fec-zeb", Kind: graph.KindDonor, Name: "QXCLIENT, ZEBULON", Props: place("60614", "")},
		},
		Relationships: []graph.Relationship{
			{Source: "sen-1", Target: "cmte", Type: graph.Leads},
			{Source: "ana", Target: "sen-1", Type: graph.DonatedTo, Amount: 250, Date: "2024-03-01"},
			{Source: "fec-jane", Target: "cmte", Type: graph.DonatedTo, Amount: 500, Date: "2024-05-02"},
			{Source: "fec-john", Target: "cmte", Type: graph.DonatedTo, Amount: 100},
			{Source: "fec-zeb", Target: "cmte", Type: graph.DonatedTo, Amount: 75},
		},
	})
	require.NoError(t, err)

	g, err := a.OurGivers(ctx, editor, "Sen. Ada Brook")
	require.NoError(t, err)
	require.Len(t, g.Committees, 1)
	require.Len(t, g.Confirmed, 1)
	assert.Equal(t, "ana", g.Confirmed[0].Entity.ID)
	assert.Equal(t, 250.0, g.Confirmed[0].Total)
	var suggested []string
	for _, sg := range g.Suggestions {
		suggested = append(suggested, sg.Donor.Entity.ID+">"+sg.Person.ID)
	}
	assert.Contains(t, suggested, "fec-jane>jane")
	assert.Contains(t, suggested, "fec-zeb>zeb", "editors see the client's likely gift")
	for _, sg := range g.Suggestions {
		assert.NotEqual(t, "fec-john", sg.Donor.Entity.ID, "a donor who is none of ours is no suggestion")
	}

	gv, err := a.OurGivers(ctx, viewer, "sen-1")
	require.NoError(t, err)
	assert.NotContains(t, jsonOf(t, gv), "zeb", "a viewer never sees the client, not even as a suggestion")
	assert.NotContains(t, jsonOf(t, gv), "Qxclient")

	// Confirming the suggestion is merging the donor record into Jane.
	_, err = a.Merge(ctx, editor, "jane", "fec-jane")
	require.NoError(t, err)
	g, err = a.OurGivers(ctx, editor, "sen-1")
	require.NoError(t, err)
	require.Len(t, g.Confirmed, 2)
	assert.Equal(t, "jane", g.Confirmed[0].Entity.ID, "largest gift first")
	assert.Equal(t, 500.0, g.Confirmed[0].Total)

	b, err := a.Brief(ctx, editor, "sen-1")
	require.NoError(t, err)
	require.Len(t, b.Funding.Ours, 2, "the brief names our givers")
	assert.Equal(t, "jane", b.Funding.Ours[0].Entity.ID)
	assert.Equal(t, 1, b.Funding.Probable, "and counts the client's donor record still to confirm")
	bv, err := a.Brief(ctx, viewer, "sen-1")
	require.NoError(t, err)
	assert.Zero(t, bv.Funding.Probable, "a viewer's brief counts no hidden match")
}

// TestOurGiversFollowsWrites: the index of our people that OurGivers keeps
// is rebuilt after a write, so a person hidden since the last answer is no
// viewer's suggestion, and a contact added since is an editor's.
func TestOurGiversFollowsWrites(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	place := map[string]string{dedupe.PropState: "IL", dedupe.PropZIP5: "60614", dedupe.PropEmployer: "Lakeview Clinic"}
	_, err := s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Ours: true, Props: place},
			{ID: "fec-jane", Kind: graph.KindDonor, Name: "SMITH, JANE A", Labels: []string{"fec-donor"}, Props: place},
			{ID: "fec-omar", Kind: graph.KindDonor, Name: "HADDAD, OMAR", Labels: []string{"fec-donor"}, Props: place},
		},
		Relationships: []graph.Relationship{
			{Source: "fec-jane", Target: "sen-1", Type: graph.DonatedTo, Amount: 500},
			{Source: "fec-omar", Target: "sen-1", Type: graph.DonatedTo, Amount: 300},
		},
	})
	require.NoError(t, err)
	pairs := func(c app.Caller) []string {
		g, err := a.OurGivers(ctx, c, "sen-1")
		require.NoError(t, err)
		var out []string
		for _, sg := range g.Suggestions {
			out = append(out, sg.Donor.Entity.ID+">"+sg.Person.ID)
		}
		return out
	}
	assert.Equal(t, []string{"fec-jane>jane"}, pairs(viewer))
	assert.Equal(t, []string{"fec-jane>jane"}, pairs(editor))

	// Jane becomes a private contact; Omar, a contact of hers, is added.
	_, err = s.Apply(ctx, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "jane", Kind: graph.KindPerson, Name: "Jane A. Smith", Ours: true, Private: true, Props: place},
			{ID: "omar", Kind: graph.KindPerson, Name: "Omar Haddad", Props: place},
		},
		Relationships: []graph.Relationship{{Source: "jane", Target: "omar", Type: graph.Knows, Strength: 0.8}},
	})
	require.NoError(t, err)
	assert.Empty(t, pairs(viewer), "a viewer's index no longer holds Jane, nor her contact")
	assert.ElementsMatch(t, []string{"fec-jane>jane", "fec-omar>omar"}, pairs(editor), "an editor's index holds the new contact")
}

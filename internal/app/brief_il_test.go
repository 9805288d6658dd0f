package app_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/format/fec"
	"github.com/powermap/powermap/internal/format/openstates"
	"github.com/powermap/powermap/internal/store/embedded"
)

// The real data the importers' tests keep (each folder with its
// SOURCE.txt): Open States' Illinois, the current Congress, and the FEC's
// 2015-2016 bulk files, individual gifts from Illinois only.
const (
	openStatesIL   = "../format/openstates/testdata/openstates-il"
	congressCorpus = "../format/congress/testdata/congress-legislators"
	fecSample      = "../format/fec/testdata/fec-2016-sample"
)

// illinoisApp imports Open States Illinois, congress-legislators and then
// the FEC sample, which links FEC candidates to the officials that carry
// their FEC ids, as `powermap import` does in that order.
func illinoisApp(t *testing.T) *app.App {
	t.Helper()
	ctx := context.Background()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.UTC)
	il, err := openstates.Read(ctx, os.DirFS(openStatesIL), openstates.Options{Now: now})
	require.NoError(t, err)
	_, err = s.Apply(ctx, il.Batch)
	require.NoError(t, err)
	cg, err := congress.Read(ctx, os.DirFS(congressCorpus))
	require.NoError(t, err)
	_, err = s.Apply(ctx, cg.Batch)
	require.NoError(t, err)
	officials, err := fec.OfficialsFromStore(ctx, s)
	require.NoError(t, err)
	res, err := fec.Read(ctx, os.DirFS(fecSample), fec.Options{Officials: officials})
	require.NoError(t, err)
	_, err = s.Apply(ctx, res.Batch)
	require.NoError(t, err)
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	return a
}

// TestBriefOfARealIllinoisLegislatorListsFunders makes briefs from real
// Illinois data. No Illinois senator, state or federal, has money in the
// FEC sample (it was published early in the 2016 cycle, and state
// senators raise no federal money), so the funders are checked on a real
// Illinois member of Congress who has: Mike Bost, given 10,000 by three
// PACs. A real Illinois state senator's brief still answers from Open
// States: their committee seats and their district.
func TestBriefOfARealIllinoisLegislatorListsFunders(t *testing.T) {
	a := illinoisApp(t)
	ctx := t.Context()

	bost, err := a.Brief(ctx, admin, congress.ID("B001295"))
	require.NoError(t, err)
	assert.Equal(t, "Mike Bost", bost.Official.Name)
	require.Len(t, bost.Funding.Cycles, 1)
	cy := bost.Funding.Cycles[0]
	assert.Equal(t, "2016", cy.Cycle)
	assert.Equal(t, 10000.0, cy.Total)
	assert.Equal(t, 10000.0, bost.Funding.Total)
	require.Len(t, cy.TopPACs, 3)
	assert.Equal(t, []float64{5000, 2500, 2500}, []float64{cy.TopPACs[0].Amount, cy.TopPACs[1].Amount, cy.TopPACs[2].Amount})
	for _, f := range cy.TopPACs {
		assert.NotEmpty(t, f.Giver.Name)
		assert.NotEqual(t, f.Giver.ID, f.Giver.Name, "funders are named")
	}
	assert.Equal(t, fec.CommitteeID("C00110338"), cy.TopPACs[0].Giver.ID)
	assert.ElementsMatch(t, []string{fec.CommitteeID("C00030718"), fec.CommitteeID("C00005249")},
		[]string{cy.TopPACs[1].Giver.ID, cy.TopPACs[2].Giver.ID})
	require.NotEmpty(t, bost.Funding.Via, "his campaign committee")
	require.NotEmpty(t, bost.Agenda.Committees, "his House committee seats")
	assert.Equal(t, []string{"12"}, bost.Constituents.Districts)

	// Both of Illinois's U.S. senators are in the map, without money in
	// the sample.
	page, err := a.Entities(ctx, admin, graph.EntityQuery{Kind: graph.KindOfficial})
	require.NoError(t, err)
	var stateSenator string
	usSenators := 0
	for _, e := range page.Items {
		switch {
		case e.Props["state"] == "IL" && e.Title == "U.S. Senator":
			usSenators++
			b, err := a.Brief(ctx, admin, e.ID)
			require.NoError(t, err)
			assert.Zero(t, b.Funding.Total, e.Name)
		case stateSenator == "" && e.Props["source"] == openstates.Name && e.Chamber == "Senate" && e.Props["state"] == "IL":
			stateSenator = e.ID
		}
	}
	assert.Equal(t, 2, usSenators)
	require.NotEmpty(t, stateSenator, "an Illinois state senator from Open States")
	sb, err := a.Brief(ctx, admin, stateSenator)
	require.NoError(t, err)
	assert.NotEmpty(t, sb.Agenda.Committees, "%s sits on committees", sb.Official.Name)
	assert.NotEmpty(t, sb.Constituents.Districts)
	assert.Empty(t, sb.Funding.Cycles, "no federal money to a state senator")
}

package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

func TestBallotEmbedded(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	checkBallot(t, communityApp(t, s))
}

// TestBallotNeo4j runs the same fixture on a real Neo4j.
func TestBallotNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	checkBallot(t, communityApp(t, neo4jtest.Open(t)))
}

func checkBallot(t *testing.T, a *app.App) {
	ctx := t.Context()
	ed := app.Caller{Actor: "ed", Role: graph.RoleEditor}
	viewer := app.Caller{Actor: "v", Role: graph.RoleViewer}

	// District 7A's ballot: the senator of 7 (which holds 7A), the
	// representative of 7A, and the candidates of 7 and 7A; not Sen. Kim
	// (9), nor the director of health, who lives in 7A but holds no seat.
	// The issues are both campaigns', by name. Sen. Vega's vote on housing
	// has a source and a date; Dana Cole's stance has a since date and
	// notes; everything else is unknown.
	type stance struct {
		Issue, Label, Source, Date, Notes string
	}
	type person struct {
		ID, Role, Office, Party string
		Stances                 []stance
	}
	flat := func(b *app.Ballot) []person {
		var out []person
		for _, p := range b.People {
			pp := person{ID: p.Person.ID, Role: p.Role, Office: p.Office, Party: p.Party}
			for _, s := range p.Stances {
				st := stance{Issue: s.Issue.ID, Label: s.Label}
				if s.Source != nil {
					st.Source, st.Date, st.Notes = s.Source.URL, s.Source.Date, s.Source.Notes
				}
				pp.Stances = append(pp.Stances, st)
			}
			out = append(out, pp)
		}
		return out
	}
	unknown := func(issue string) stance { return stance{Issue: issue, Label: "unknown"} }
	b, err := a.Ballot(ctx, ed, "7A")
	require.NoError(t, err)
	assert.Equal(t, "7A", b.District)
	assert.Equal(t, "2026-09-01", b.AsOf)
	assert.Equal(t, []string{"Child Care Bill", "Fair Housing Act"}, []string{b.Issues[0].Name, b.Issues[1].Name})
	vega := person{"sen-7", "officeholder", "State Senator, district 7", "Blue", []stance{unknown("childcare"),
		{"housing", "strongly supports", "https://example.org/roll-call-42", "2026-03-01", ""}}}
	ortiz := person{"rep-7a", "officeholder", "House, district 7A", "Green", []stance{unknown("childcare"), unknown("housing")}}
	cole := person{"cand-7", "candidate", "Candidate, district 7", "Independent", []stance{unknown("childcare"),
		{"housing", "opposes", "", "2026-02", "said so at the candidate forum"}}}
	xan := person{"cand-x", "candidate", "Candidate, district 7A", "", []stance{unknown("childcare"), unknown("housing")}}
	assert.Equal(t, []person{vega, ortiz, cole, xan}, flat(b))
	assert.Nil(t, b.People[1].Stances[1].Source, "an unknown stance cites nothing")
	assert.Equal(t, app.BallotNotice, b.Notice)

	// A viewer's ballot leaves the private candidate out.
	pub, err := a.Ballot(ctx, viewer, "7a")
	require.NoError(t, err)
	assert.Equal(t, []person{vega, ortiz, cole}, flat(pub))
	assert.NotContains(t, jsonOf(t, pub), "Qxprivate")

	// District 7 holds 7A: the senator, then the representative, then the
	// candidates.
	b7, err := a.Ballot(ctx, ed, "7")
	require.NoError(t, err)
	var ids []string
	for _, p := range b7.People {
		ids = append(ids, p.Person.ID)
	}
	assert.Equal(t, []string{"sen-7", "rep-7a", "cand-7", "cand-x"}, ids)

	for _, tc := range []struct {
		d    string
		code graph.Code
	}{{"", graph.Invalid}, {"  ", graph.Invalid}, {"12", graph.NotFound}} {
		_, err := a.Ballot(ctx, ed, tc.d)
		assert.Equal(t, tc.code, graph.CodeOf(err), "%q", tc.d)
		require.NotEmpty(t, graph.DetailsOf(err))
		assert.Equal(t, "district", graph.DetailsOf(err)[0].Field)
	}
}

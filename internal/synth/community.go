package synth

import (
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// Ids of the demo's community records.
const (
	DemoLeaderID     = "leader-demo-01"
	DemoCandidateFor = "cand-demo-01"
	DemoCandidateNew = "cand-demo-02"
)

// DemoCommunity builds the demo's community records on a map made by
// Generate (usually Demo()), dated back from today: a tenants' leader in
// the district of the campaign's first target who knows the senator, signed
// our letter and knows the campaign's owner (a community leader to engage,
// with a messenger), and two candidates
// for the house seat of that district, one who answered our question at
// the candidate forum (a sourced stance) and one who has said nothing yet
// (unknown), so that the leaders view and the district's ballot overview
// show real content. It is a pure function of the map and today's date,
// and fails with Invalid when the map has no demo campaign (see
// DemoCampaign) or its first target no house district.
func DemoCommunity(b *graph.Batch, today time.Time) (*graph.Batch, error) {
	const op = "synth.DemoCommunity"
	d, err := DemoCampaign(b, today)
	if err != nil {
		return nil, err
	}
	target, issue := d.Campaign.Targets[0].Entity, d.Campaign.Issue
	var district string
	var houses []string
	for i := range b.Entities {
		if b.Entities[i].ID == target {
			district = b.Entities[i].District
		}
	}
	for i := range b.Entities {
		e := &b.Entities[i]
		if strings.HasPrefix(e.ID, rolePrefix[rRep]+"-") && district != "" && e.District != district &&
			strings.HasPrefix(e.District, district) && !slices.Contains(houses, e.District) {
			houses = append(houses, e.District)
		}
	}
	slices.Sort(houses)
	if len(houses) == 0 {
		return nil, graph.Errorf(op, graph.Invalid, "the campaign's first target has no house district")
	}
	house := houses[0]
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: DemoLeaderID, Kind: graph.KindPerson, Name: "Rosalind Featherstone", Labels: []string{"civic"}, District: house,
				Title: "President, " + house + " Tenants' Association", Notes: "Leads the tenants of the river flats; spoke at the council."},
			{ID: DemoCandidateFor, Kind: graph.KindPerson, Name: "Priya Marchbank", Labels: []string{"candidate"}, District: house,
				Title: "Candidate for State Representative", Party: "Harbor"},
			{ID: DemoCandidateNew, Kind: graph.KindPerson, Name: "Tobias Wickerby", Labels: []string{"candidate"}, District: house,
				Title: "Candidate for State Representative", Party: "Summit"},
		},
		Relationships: []graph.Relationship{
			{Source: DemoLeaderID, Target: target, Type: graph.Knows, Strength: 0.6, Notes: "Neighbours on the river flats."},
			{Source: d.Campaign.Owner, Target: DemoLeaderID, Type: graph.Knows, Strength: 0.5, Notes: "Met at a tenants' meeting."},
			{Source: DemoLeaderID, Target: issue, Type: graph.Supports, Strength: 1, Date: day(-30),
				SourceURL: "https://westmark.example/letters/fair-housing", Notes: "signed the coalition's letter"},
			{Source: DemoCandidateFor, Target: issue, Type: graph.Supports, Strength: 1, Date: day(-34),
				SourceURL: "https://westmark.example/forums/district-" + strings.ToLower(house), Notes: "answered yes at our candidate forum"},
		},
	}, nil
}

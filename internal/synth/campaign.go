package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// CampaignDemo is the demo's campaign: one of our coalition's issues, five
// legislators as targets at every stage of the ask, and a few months of
// organizing log, so that the power grid and the weekly outreach list have
// something to say.
type CampaignDemo struct {
	Campaign graph.Campaign
	// Log is the organizing log, oldest first, every entry dated on or
	// before today.
	Log []graph.Interaction
}

// DemoCampaignID is the id of the demo campaign.
const DemoCampaignID = "campaign-demo"

// DemoCampaign builds the demo campaign on a map made by Generate (usually
// Demo()), with dates counted back from today. It is a pure function of the
// map and today's date. It fails with Invalid when the map lacks what a
// campaign needs (an issue we support, undecided senators, representatives
// for and against, their staff, our organizers and speakers), as small
// generated maps may.
func DemoCampaign(b *graph.Batch, today time.Time) (CampaignDemo, error) {
	const op = "synth.DemoCampaign"
	ents := map[string]*graph.Entity{}
	for i := range b.Entities {
		ents[b.Entities[i].ID] = &b.Entities[i]
	}
	stance := map[string]graph.RelType{} // legislator → stance on the issue
	staff := map[string][]string{}       // official → legislative staff, by title order
	var issues []string
	for _, r := range b.Relationships {
		if r.Source == OursCoalitionID && r.Type == graph.Supports {
			issues = append(issues, r.Target)
		}
	}
	slices.Sort(issues)
	if len(issues) == 0 {
		return CampaignDemo{}, graph.Errorf(op, graph.Invalid, "the map has no issue our coalition supports")
	}
	issue := issues[0]
	advisers := map[string][]string{} // official → advisers and lobbyists
	for _, r := range b.Relationships {
		switch {
		case r.Target == issue && (r.Type == graph.Supports || r.Type == graph.Opposes):
			stance[r.Source] = r.Type
		case r.Type == graph.WorksFor && strings.HasPrefix(r.Source, rolePrefix[rLegStaff]+"-"):
			staff[r.Target] = append(staff[r.Target], r.Source)
		case r.Type == graph.Advises || r.Type == graph.Lobbies:
			if e := ents[r.Target]; e != nil && e.Kind == graph.KindOfficial {
				advisers[r.Target] = append(advisers[r.Target], r.Source)
			}
		}
	}
	for _, l := range staff {
		slices.Sort(l)
	}
	for _, l := range advisers {
		slices.Sort(l)
	}
	var senators, reps []string
	for _, e := range b.Entities {
		switch {
		case strings.HasPrefix(e.ID, rolePrefix[rSenator]+"-"):
			senators = append(senators, e.ID)
		case strings.HasPrefix(e.ID, rolePrefix[rRep]+"-"):
			reps = append(reps, e.ID)
		}
	}
	slices.Sort(senators)
	slices.Sort(reps)
	pick := func(from []string, want func(graph.RelType, bool) bool, n int, skip ...string) []string {
		var out []string
		for _, id := range from {
			t, ok := stance[id]
			if len(out) < n && want(t, ok) && !slices.Contains(skip, id) && len(staff[id]) > 0 {
				out = append(out, id)
			}
		}
		return out
	}
	undecided := func(_ graph.RelType, ok bool) bool { return !ok }
	supports := func(t graph.RelType, ok bool) bool { return ok && t == graph.Supports }
	opposes := func(t graph.RelType, ok bool) bool { return ok && t == graph.Opposes }
	sens := pick(senators, undecided, 3)
	won := pick(reps, supports, 1)
	lost := pick(reps, opposes, 1)
	if len(sens) < 3 || len(won) < 1 || len(lost) < 1 {
		return CampaignDemo{}, graph.Errorf(op, graph.Invalid, "the map has too few legislators to target")
	}

	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	c := graph.Campaign{
		ID:    DemoCampaignID,
		Name:  "Win the " + ents[issue].Name,
		Issue: issue,
		Ask:   "Vote yes on " + ents[issue].Name + " in committee and on the floor",
		Start: day(-100),
		End:   day(150),
		Targets: []graph.Target{
			{Entity: sens[0], Priority: graph.PriorityPrimary, Status: graph.StatusNotAsked, Notes: "Chairs the committee that hears the bill first."},
			{Entity: sens[1], Priority: graph.PriorityPrimary, Status: graph.StatusAsked, Notes: "Asked at the lobby day; no answer yet."},
			{Entity: sens[2], Priority: graph.PrioritySecondary, Status: graph.StatusNotAsked},
			{Entity: won[0], Priority: graph.PrioritySecondary, Status: graph.StatusCommitted,
				Commitment: "Will co-sponsor and speak for the bill on the floor.", CommittedOn: day(-18)},
			{Entity: lost[0], Priority: graph.PrioritySecondary, Status: graph.StatusDeclined, Notes: "Declined after the town hall; worth a site visit."},
		},
	}

	// Our people: coalition organizers, and speakers from the districts.
	var organizers, speakers []string
	for _, e := range b.Entities {
		if !e.Ours || e.Kind != graph.KindPerson {
			continue
		}
		if strings.HasPrefix(e.ID, rolePrefix[rCoalitionStaff]+"-") && len(organizers) < 4 {
			organizers = append(organizers, e.ID)
		}
		if e.HasLabel(graph.LabelSpeaker) && len(speakers) < 12 {
			speakers = append(speakers, e.ID)
		}
	}
	if len(organizers) == 0 || len(speakers) < 10 {
		return CampaignDemo{}, graph.Errorf(op, graph.Invalid, "the map has too few organizers or speakers")
	}
	c.Owner = organizers[0]

	r := rand.New(rand.NewPCG(2026, 5))
	var log []graph.Interaction
	add := func(d int, t graph.InteractionType, people []string, outcome, notes string, followUp int, count int) {
		ix := graph.Interaction{Type: t, Date: day(d), Campaign: DemoCampaignID, Participants: people,
			Outcome: outcome, Notes: notes, Count: count, By: "demo"}
		if followUp != 0 {
			ix.FollowUp = day(d + followUp)
		}
		log = append(log, ix)
	}
	org := func(k int) string { return organizers[k%len(organizers)] }
	spk := func(k int) string { return speakers[k%len(speakers)] }

	add(-96, graph.Training, append([]string{org(0), org(1)}, speakers[:6]...), "30 leaders trained to tell their story", "", 0, 30)
	add(-88, graph.VoterRegistrationDrive, []string{org(1), spk(0), spk(1)}, "143 new voters registered", "Outside the Riverside library.", 0, 143)
	for k, t := range c.Targets[:3] {
		cos := staff[t.Entity][0]
		add(-80+3*k, graph.OneOnOne, []string{org(k), cos}, "open to a meeting with constituents", "Met the chief of staff.", 21, 0)
	}
	add(-62, graph.CommunityMeeting, []string{org(0), org(2), spk(2), spk(3), spk(4)}, "85 people; three testimonies recorded", "", 0, 85)
	add(-55, graph.Call, []string{org(1), staff[sens[1]][len(staff[sens[1]])-1]}, "district director will pass the stories on", "", 0, 0)
	add(-48, graph.PublicMeetingQuestion, []string{spk(5), sens[2]}, "the senator said she would read the bill", "Asked at the town hall.", 0, 0)
	add(-41, graph.OfficialMeeting, []string{org(0), spk(0), spk(6), won[0]}, "warm; asked for co-sponsor language", "", 20, 0)
	add(-34, graph.CandidateForum, []string{org(2), spk(7), lost[0], sens[2]}, "both candidates were asked about the bill", "", 0, 120)
	add(-27, graph.LobbyDay, append([]string{org(0), org(1), org(2), sens[1]}, speakers[:8]...), "made the ask to the senator", "Forty members at the capitol.", 0, 40)
	add(-25, graph.SiteVisit, []string{org(1), spk(8), lost[0]}, "declined, but moved by the visit", "", 0, 0)
	add(-21, graph.Email, []string{org(0), staff[won[0]][0]}, "co-sponsor language sent", "", 0, 0)
	// Advisers and lobbyists around the primary targets: one met two
	// months ago, one met last week, one owed a follow-up this week.
	for k, t := range c.Targets[:2] {
		ads := advisers[t.Entity]
		if len(ads) == 0 {
			continue
		}
		a := ads[r.IntN(len(ads))]
		switch k {
		case 0:
			add(-60, graph.OneOnOne, []string{org(3), a}, "agrees the numbers are bad", "", 0, 0)
			add(-9, graph.Call, []string{org(3), a}, "will raise it with the senator", "", 11, 0)
		case 1:
			add(-5, graph.OneOnOne, []string{org(2), a}, "skeptical; wants the fiscal note", "", 30, 0)
		}
	}
	add(-12, graph.OfficialMeeting, []string{org(1), spk(9), sens[1]}, "no answer yet; asked again", "", 9, 0)
	add(-7, graph.OneOnOne, []string{org(0), staff[sens[0]][0]}, "the chief of staff wants constituents in the room", "", 4, 0)
	add(-3, graph.Call, []string{org(2), staff[sens[2]][len(staff[sens[2]])-1]}, "left a message", "", 0, 0)

	slices.SortStableFunc(log, func(a, b graph.Interaction) int { return strings.Compare(a.Date, b.Date) })
	for i := range log {
		log[i].ID = fmt.Sprintf("ix-demo-%03d", i+1)
	}
	return CampaignDemo{Campaign: c, Log: log}, nil
}

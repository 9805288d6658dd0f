package app

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/graph/snapshot"
)

// The ballot overview: a plain-language, nonpartisan page per district
// that a voter-registration drive hands out. It lists the officeholders of
// the district and the candidates we know of, each with their recorded
// stance on the issues of our campaigns, every stance citing its source.
//
// Who is on it. Officials (kind official) elected by a district — whose
// chamber is a legislature's: senate, house, assembly, council, upper or
// lower — and candidates (people labelled
// candidate, as the FEC importer labels them) whose district is the one
// asked, holds it or lies in it: for district 7A, the representative of 7A
// and the senator of 7; for district 7, the senator of 7 and the
// representatives of 7A and 7B (outreach.DistrictMatch both ways).
//
// The issues are those of the campaigns the caller sees, by name. A stance
// is the current SUPPORTS or OPPOSES tie to the issue (graph.AlignmentOf);
// its source is the tie's source_url, its date (date, else since) and its
// notes. With no tie the stance is unknown, and the page says so.
//
// Everyone on the page is listed in the same order whatever their stance
// or party: officeholders before candidates, then by district and name.

// BallotCandidateLabel is the label that marks a candidate.
const BallotCandidateLabel = "candidate"

// Ballot is the overview of one district.
type Ballot struct {
	District string `json:"district"`
	// AsOf is the day it was made (YYYY-MM-DD).
	AsOf   string            `json:"as_of"`
	Issues []graph.EntityRef `json:"issues"`
	People []BallotPerson    `json:"people"`
	// Notice is the nonpartisan statement printed at the foot of the page.
	Notice string `json:"notice"`
}

// BallotNotice is Ballot.Notice.
const BallotNotice = "This page is nonpartisan: it does not endorse any candidate or party. " +
	"It shows the positions recorded in our map, with their sources. \"Unknown\" means no position was recorded."

// BallotPerson is an officeholder or candidate with their stances.
type BallotPerson struct {
	Person graph.EntityRef `json:"person"`
	// Role is "officeholder" or "candidate".
	Role     string `json:"role"`
	Office   string `json:"office"`
	Party    string `json:"party,omitempty"`
	District string `json:"district,omitempty"`
	// Stances has one entry per issue, in the order of Ballot.Issues.
	Stances []BallotStance `json:"stances"`
}

// BallotStance is a person's recorded stance on an issue, or unknown.
type BallotStance struct {
	Issue     graph.EntityRef `json:"issue"`
	Alignment graph.Alignment `json:"alignment"`
	// Label says it in plain words: "supports", "opposes", "unknown".
	Label  string        `json:"label"`
	Source *StanceSource `json:"source"`
}

// StanceSource is where a recorded stance comes from: the tie's fields.
type StanceSource struct {
	Relationship string `json:"relationship"`
	URL          string `json:"url,omitempty"`
	Date         string `json:"date,omitempty"`
	Notes        string `json:"notes,omitempty"`
}

// Ballot roles.
const (
	RoleOfficeholder = "officeholder"
	RoleCandidate    = "candidate"
)

// Ballot builds the overview of a district as the caller sees the map. An
// empty district is Invalid, and a district with nobody on its ballot is
// NotFound, both on field "district".
func (a *App) Ballot(ctx context.Context, c Caller, district string) (*Ballot, error) {
	const op = "app.Ballot"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	district = trim(district)
	if district == "" {
		return nil, fieldError(op, "district", "must name a district, such as 7 or 7A")
	}
	v := a.viewOf(c)
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return nil, graph.E(op, err)
	}
	b := &Ballot{District: district, AsOf: a.Today(), Issues: []graph.EntityRef{}, People: []BallotPerson{}, Notice: BallotNotice}
	if cs := v.campaigns; cs != nil {
		camps, err := cs.Campaigns(ctx)
		if err != nil {
			return nil, graph.E(op, err)
		}
		seen := map[string]bool{}
		for _, cp := range camps {
			if seen[cp.Issue] {
				continue
			}
			seen[cp.Issue] = true
			e, err := v.store.Entity(ctx, cp.Issue)
			if graph.Is(err, graph.NotFound) {
				continue // an issue deleted since
			}
			if err != nil {
				return nil, graph.E(op, err)
			}
			b.Issues = append(b.Issues, graph.RefOf(&e))
		}
	}
	slices.SortFunc(b.Issues, func(x, y graph.EntityRef) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	for i := range int32(snap.Len()) {
		if !snap.Live(i) {
			continue
		}
		if i&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, graph.E(op, graph.Unavailable, err)
			}
		}
		n := snap.Node(i)
		role := ""
		switch {
		case n.Kind == graph.KindOfficial && elected(n.Chamber):
			role = RoleOfficeholder
		case n.Kind == graph.KindPerson && n.HasLabel(BallotCandidateLabel):
			role = RoleCandidate
		}
		if role == "" || !(outreach.DistrictMatch(district, n.District) || outreach.DistrictMatch(n.District, district)) {
			continue
		}
		p := BallotPerson{Person: snap.Ref(i), Role: role, Office: office(&n, role), Party: n.Party, District: n.District}
		if p.Stances, err = ballotStances(ctx, v, n.ID, b.Issues, a.now()); err != nil {
			return nil, graph.E(op, err)
		}
		b.People = append(b.People, p)
	}
	if len(b.People) == 0 {
		reason := "no officeholder or candidate in district " + district + " is in the map"
		return nil, &graph.Error{Op: op, Code: graph.NotFound, Message: reason, Details: []graph.Detail{{Field: "district", Reason: reason}}}
	}
	slices.SortFunc(b.People, func(x, y BallotPerson) int {
		return cmp.Or(cmp.Compare(roleOrder(x.Role), roleOrder(y.Role)), cmp.Compare(len(x.District), len(y.District)),
			strings.Compare(x.District, y.District), strings.Compare(x.Person.Name, y.Person.Name), strings.Compare(x.Person.ID, y.Person.ID))
	})
	return b, nil
}

// elected reports whether a chamber is one whose members a district elects.
func elected(chamber string) bool {
	c := strings.ToLower(chamber)
	for _, w := range []string{"senate", "house", "assembly", "council", "upper", "lower"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

func roleOrder(r string) int {
	if r == RoleOfficeholder {
		return 0
	}
	return 1
}

// office says the seat in plain words: the title (else the chamber, or
// "Candidate") and the district: "State Senator, district 7".
func office(nd *snapshot.Node, role string) string {
	s := nd.Chamber
	switch {
	case nd.Title != "":
		s = nd.Title
	case role == RoleCandidate:
		s = strings.TrimSpace("Candidate " + strings.ToLower(nd.Chamber))
	}
	if s == "" {
		s = "Officeholder"
	}
	if nd.District != "" {
		s += ", district " + nd.District
	}
	return s
}

// ballotStances reads id's stances on each issue with their sources.
func ballotStances(ctx context.Context, v *view, id string, issues []graph.EntityRef, now time.Time) ([]BallotStance, error) {
	out := make([]BallotStance, 0, len(issues))
	if len(issues) == 0 {
		return out, nil
	}
	ties, err := v.neighbors(ctx, id, []graph.RelType{graph.Supports, graph.Opposes})
	if err != nil {
		return nil, err
	}
	for _, is := range issues {
		var sup, opp float64
		var has bool
		var src *graph.Relationship
		for k := range ties {
			r := &ties[k].Relationship
			if r.Source != id || r.Target != is.ID || !graph.Current(r.Until, now) {
				continue
			}
			has = true
			if r.Type == graph.Supports {
				sup = max(sup, r.Strength)
			} else {
				opp = max(opp, r.Strength)
			}
			if src == nil || r.Strength > src.Strength || r.Strength == src.Strength && r.ID < src.ID {
				src = r
			}
		}
		al := graph.AlignmentOf(sup, opp, has)
		s := BallotStance{Issue: is, Alignment: al, Label: al.Label()}
		if src != nil {
			s.Source = &StanceSource{Relationship: src.ID, URL: src.SourceURL, Date: cmp.Or(src.Date, src.Since), Notes: src.Notes}
		}
		out = append(out, s)
	}
	return out, nil
}

package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/snapshot"
)

// Community leaders to engage for a target: the business, religious and
// civic leaders who live in the target's district (outreach.DistrictMatch
// against T's district and the districts T REPRESENTS) or are tied to the
// target (a current tie that can carry an introduction: knows, works for,
// advises...), who support the issues at stake or have not said, and whom
// we have not engaged yet, ranked by their access to the target.
//
// Who is a leader. A person (or a donor who is a person), not an official,
// of one of three sorts:
//   - business: labelled business, or who LEADS, is on the BOARD_OF or is a
//     MEMBER_OF an organization of type business or chamber;
//   - religious: labelled clergy, religious or faith, or tied so to an
//     organization of type congregation, church, religious or faith;
//   - civic: labelled civic, community or labor, or tied so to an
//     organization of type civic, community, neighborhood, association or
//     union.
//
// Labels are read first, then the organizations, in the order above.
//
// Engaged. A leader is engaged, and left out, when any of these holds:
// they are ours (Entity.Ours); they belong to our coalition (a current
// MEMBER_OF, BOARD_OF, LEADS, WORKS_FOR or VOLUNTEERS_FOR tie to an
// organization of ours); they take part in any interaction of the
// organizing log, whatever its date or campaign; or they are a target or
// a contact of any campaign (graph.Campaign.Contacts: AddContact puts a
// leader on a campaign's weekly outreach list, and so off this one).
//
// Stance. The issues are the campaign's when one is named, else those of
// the campaigns that target T, else those of every campaign. A leader is
// kept when, on each issue, their recorded stance is support (+1, +2) or
// unknown: a neutral or opposed stance leaves them out.
//
// Score. access × constituent × alignment, rounded like outreach scores:
//   - access: the strength of the leader's best introduction path to T in
//     the caller's snapshot (graph/paths, at most outreach.MaxIntroHops
//     ties), or outreach.ColdAccess when there is none as strong;
//   - constituent: outreach.ConstituentBonus when they live in T's district
//     (outreach.DistrictMatch against T's district and the districts T
//     REPRESENTS), else 1;
//   - alignment: outreach.AlignmentFactor of their strongest support, 1
//     when every stance is unknown.
//
// Ties of score break by id. Each leader carries the messenger who can
// reach them (the best path from one of our people, clients only when
// labelled speaker, never through T, as in the outreach list) and the
// reasons in words.
//
// Privacy: everything is computed from the caller's view and snapshot, so
// a viewer's answer holds no private person, not as a leader, a messenger,
// a hop of a path or an engagement.

// Leader limits.
const (
	DefaultLeaders = 20
	MaxLeaders     = 200
)

// Leader sorts.
const (
	LeaderBusiness  = "business"
	LeaderReligious = "religious"
	LeaderCivic     = "civic"
)

// leaderSorts maps the labels and organization types of each sort, in the
// order they are read.
var leaderSorts = []struct {
	sort     string
	labels   []string
	orgTypes []string
}{
	{LeaderBusiness, []string{"business"}, []string{"business", "chamber"}},
	{LeaderReligious, []string{"clergy", "religious", "faith"}, []string{"congregation", "church", "religious", "faith"}},
	{LeaderCivic, []string{"civic", "community", "labor"}, []string{"civic", "community", "neighborhood", "association", "union"}},
}

// leadsTypes are the ties by which someone leads or belongs to an
// organization; coalitionTypes those by which they belong to ours.
var (
	leadsTypes     = []graph.RelType{graph.Leads, graph.BoardOf, graph.MemberOf}
	coalitionTypes = []graph.RelType{graph.MemberOf, graph.BoardOf, graph.Leads, graph.WorksFor, graph.VolunteersFor}
)

// LeadersQuery asks for the leaders to engage for a target.
type LeadersQuery struct {
	// Target is the official, by id or unique name.
	Target string
	// Campaign, when set, names the campaign whose issue counts.
	Campaign string
	// Limit caps the leaders (DefaultLeaders when 0, at most MaxLeaders).
	Limit int
}

// Leaders is the answer: the target, where their constituents live, the
// issues that count, and the leaders, best first.
type Leaders struct {
	Target    graph.EntityRef   `json:"target"`
	Districts []string          `json:"districts"`
	Issues    []graph.EntityRef `json:"issues"`
	Leaders   []Leader          `json:"leaders"`
	// Engaged says in words who was left out as already engaged.
	Engaged string `json:"engaged"`
}

// EngagedRule is Leaders.Engaged.
const EngagedRule = "ours or in our coalition, in the organizing log, or a campaign's target or contact"

// Leader is one community leader to engage, explained like an outreach
// entry.
type Leader struct {
	Rank   int             `json:"rank"`
	Person graph.EntityRef `json:"person"`
	// Sort is business, religious or civic; Basis says why: "labelled
	// clergy" or "leads Grace Church (congregation)".
	Sort  string `json:"sort"`
	Basis string `json:"basis"`
	// District is where they live; InDistrict reports that it is T's.
	District   string `json:"district,omitempty"`
	InDistrict bool   `json:"in_district"`
	// Tie says how they are tied to T directly ("knows Sen. Vega"); empty
	// when they are not.
	Tie     string         `json:"tie,omitempty"`
	Stances []LeaderStance `json:"stances"`
	// Access is their best introduction path to T, nil when none is as
	// strong as cold outreach.
	Access *graph.Path `json:"access"`
	// Messenger is which of our people reaches them, nil when none does.
	Messenger *graph.Messenger `json:"messenger"`
	Action    graph.Action     `json:"action"`
	Score     float64          `json:"score"`
	Factors   []graph.Factor   `json:"factors"`
	// Why gives the reasons in words: district, tie, stance and path.
	Why []string `json:"why"`
}

// LeaderStance is a leader's stance on one issue.
type LeaderStance struct {
	Issue     graph.EntityRef `json:"issue"`
	Alignment graph.Alignment `json:"alignment"`
	Label     string          `json:"label"`
}

// Leaders answers "leaders to engage for target T" as the caller sees the
// map. A target that is not an official is Invalid on field "target"; an
// unknown campaign is NotFound on field "campaign".
func (a *App) Leaders(ctx context.Context, c Caller, q LeadersQuery) (*Leaders, error) {
	const op = "app.Leaders"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	switch {
	case trim(q.Target) == "":
		return nil, fieldError(op, "target", "must name an official by id or name")
	case q.Limit < 0 || q.Limit > MaxLeaders:
		return nil, fieldError(op, "limit", "must be between 0 and "+strconv.Itoa(MaxLeaders)+", got "+strconv.Itoa(q.Limit))
	case q.Limit == 0:
		q.Limit = DefaultLeaders
	}
	v := a.viewOf(c)
	tgt, err := a.resolve(ctx, v, "target", q.Target)
	if err != nil {
		return nil, err
	}
	if tgt.Kind != graph.KindOfficial {
		return nil, fieldError(op, "target", strconv.Quote(tgt.Name)+" is "+article(tgt.Kind)+", not an official; leaders are found for an official")
	}
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return nil, graph.E(op, err)
	}
	ti, ok := snap.Index(tgt.ID)
	if !ok {
		return nil, noEntity("target", q.Target)
	}
	cons, err := outreach.Constituencies(ctx, v.store, &graph.Campaign{Targets: []graph.Target{{Entity: tgt.ID}}})
	if err != nil {
		return nil, graph.E(op, err)
	}
	out := &Leaders{Target: graph.RefOf(&tgt), Districts: cons[tgt.ID].Districts, Issues: []graph.EntityRef{},
		Leaders: []Leader{}, Engaged: EngagedRule}
	if out.Districts == nil {
		out.Districts = []string{}
	}

	// The issues, and who is engaged through the log and the campaigns.
	engaged := map[string]bool{}
	var issueIDs []string
	if cs := v.campaigns; cs != nil {
		camps, err := cs.Campaigns(ctx)
		if err != nil {
			return nil, graph.E(op, err)
		}
		var named *graph.Campaign
		if q.Campaign != "" {
			cp, err := a.campaign(ctx, cs, q.Campaign)
			if err != nil {
				return nil, withField(err, "campaign")
			}
			named = &cp
		}
		var targeting, all []string
		for i := range camps {
			cp := &camps[i]
			all = append(all, cp.Issue)
			for _, id := range cp.Contacts {
				engaged[id] = true
			}
			for _, t := range cp.Targets {
				engaged[t.Entity] = true
				if t.Entity == tgt.ID {
					targeting = append(targeting, cp.Issue)
				}
			}
		}
		switch {
		case named != nil:
			issueIDs = []string{named.Issue}
		case len(targeting) > 0:
			issueIDs = targeting
		default:
			issueIDs = all
		}
		log, err := cs.Interactions(ctx, graph.InteractionQuery{})
		if err != nil {
			return nil, graph.E(op, err)
		}
		for i := range log {
			for _, p := range log[i].Participants {
				engaged[p] = true
			}
		}
	}
	slices.Sort(issueIDs)
	issueIDs = slices.Compact(issueIDs)
	now := a.now()
	type issueStances struct {
		ref graph.EntityRef
		by  map[string]graph.Alignment
	}
	var issues []issueStances
	for _, id := range issueIDs {
		by, ref, err := outreach.Stances(ctx, v.store, id, now)
		if err != nil {
			return nil, graph.E(op, err)
		}
		issues = append(issues, issueStances{ref, by})
	}
	slices.SortFunc(issues, func(x, y issueStances) int {
		return cmp.Or(strings.Compare(x.ref.Name, y.ref.Name), strings.Compare(x.ref.ID, y.ref.ID))
	})
	for _, is := range issues {
		out.Issues = append(out.Issues, is.ref)
	}

	// The pool: people in T's district and people tied to T.
	inDistrict := func(home string) bool {
		for _, d := range out.Districts {
			if outreach.DistrictMatch(home, d) {
				return true
			}
		}
		return false
	}
	g := snap.Walk()
	pool := map[int32]bool{}
	row, _ := g.Row(ti)
	for _, x := range row {
		pool[x] = true
	}
	for i := range int32(snap.Len()) {
		if !snap.Live(i) {
			continue
		}
		if i&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, graph.E(op, graph.Unavailable, err)
			}
		}
		if d := snap.Node(i).District; d != "" && inDistrict(d) {
			pool[i] = true
		}
	}
	var messengers []string
	for _, m := range snap.OursNodes() {
		if leaderMessenger(snap, m) {
			messengers = append(messengers, snap.ID(m))
		}
	}

	friday := a.Week().Start(a.loc).AddDate(0, 0, 4).Format(time.DateOnly)
	var found []Leader
	for _, i := range slices.Sorted(maps.Keys(pool)) {
		n := snap.Node(i)
		if i == ti || n.Ours || engaged[n.ID] || n.Kind == graph.KindOfficial || n.Kind == graph.KindIssue ||
			n.Kind == graph.KindOrganization || (n.Kind == graph.KindDonor && n.OrgType != "") {
			continue
		}
		sort, basis, coalition := leaderSort(snap, i)
		if sort == "" || coalition {
			continue
		}
		l := Leader{Person: snap.Ref(i), Sort: sort, Basis: basis, District: n.District, InDistrict: inDistrict(n.District),
			Stances: []LeaderStance{}}
		best := graph.AlignmentUnknown
		opposed := false
		for _, is := range issues {
			al, ok := is.by[n.ID]
			if !ok {
				al = graph.AlignmentUnknown
			}
			if al.Known() && al <= graph.Neutral {
				opposed = true
			}
			if al.Known() && (!best.Known() || al > best) {
				best = al
			}
			l.Stances = append(l.Stances, LeaderStance{Issue: is.ref, Alignment: al, Label: al.Label()})
		}
		if opposed {
			continue
		}
		if ties := snap.Ties(i, ti); len(ties) > 0 {
			l.Tie = ties[0].Type.Phrase(ties[0].Source != i) + " " + tgt.Name
		}
		res, err := paths.Find(ctx, snap, paths.Query{To: tgt.ID, From: []string{n.ID}, K: 1, MaxHops: outreach.MaxIntroHops})
		if err != nil {
			return nil, graph.E(op, err)
		}
		access := outreach.ColdAccess
		if len(res.Paths) > 0 && res.Paths[0].Strength >= outreach.ColdAccess {
			p := res.Paths[0]
			p.Strength = roundScore(p.Strength)
			l.Access, access = &p, p.Strength
		}
		if len(messengers) > 0 {
			res, err := paths.Find(ctx, snap, paths.Query{To: n.ID, From: messengers, K: 1, MaxHops: outreach.MaxIntroHops, Avoid: []string{tgt.ID}})
			if err != nil {
				return nil, graph.E(op, err)
			}
			if len(res.Paths) > 0 {
				p := res.Paths[0]
				p.Strength = roundScore(p.Strength)
				m, _ := snap.Index(p.Nodes[0].ID)
				mn := snap.Node(m)
				l.Messenger = &graph.Messenger{Person: p.Nodes[0], Constituent: inDistrict(mn.District),
					Speaker: mn.HasLabel(graph.LabelSpeaker), Path: p}
			}
		}
		l.explain(&tgt, access, best, issues2names(out.Issues))
		l.Action.Due = friday
		found = append(found, l)
	}
	slices.SortFunc(found, func(x, y Leader) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.Person.ID, y.Person.ID))
	})
	found = found[:min(len(found), q.Limit)]
	for k := range found {
		found[k].Rank = k + 1
	}
	out.Leaders = append(out.Leaders, found...)
	return out, nil
}

// explain fills l's score, factors, reasons and suggested action.
func (l *Leader) explain(tgt *graph.Entity, access float64, best graph.Alignment, issue string) {
	name := l.Person.Name
	accessNote := "no introduction path to " + tgt.Name + " in the map: cold outreach"
	pathWhy := "No introduction path to " + tgt.Name + " in the map."
	if l.Access != nil {
		hops := len(l.Access.Hops)
		accessNote = fmt.Sprintf("reaches %s in %s with strength %.2f", tgt.Name, plural(hops, "hop", "hops"), l.Access.Strength)
		var via []string
		for _, n := range l.Access.Nodes[1 : len(l.Access.Nodes)-1] {
			via = append(via, n.Name)
		}
		pathWhy = "Reaches " + tgt.Name + " directly"
		if len(via) > 0 {
			pathWhy = "Reaches " + tgt.Name + " through " + strings.Join(via, ", ")
		}
		pathWhy += fmt.Sprintf(" (%s, strength %.2f).", plural(hops, "hop", "hops"), l.Access.Strength)
	}
	cons, consNote := 1.0, "lives outside "+tgt.Name+"'s district"
	distWhy := "Lives outside " + tgt.Name + "'s district"
	switch {
	case l.InDistrict:
		cons = outreach.ConstituentBonus
		consNote = "a constituent of " + tgt.Name + " (district " + l.District + ")"
		distWhy = "Lives in district " + l.District + ", a constituent of " + tgt.Name + "."
	case l.District != "":
		distWhy += " (district " + l.District + ")."
	default:
		distWhy += " (no district recorded)."
	}
	tieWhy := "No direct tie to " + tgt.Name + "."
	if l.Tie != "" {
		tieWhy = "Directly tied: " + l.Tie + "."
	}
	af := outreach.AlignmentFactor(best)
	alignNote := "stance unknown"
	var said []string
	for _, s := range l.Stances {
		if s.Alignment.Known() {
			said = append(said, s.Label+" "+s.Issue.Name)
		} else {
			said = append(said, "stance on "+s.Issue.Name+" unknown")
		}
	}
	if best.Known() {
		alignNote = "strongest stance " + best.String()
	}
	stanceWhy := "No campaign issue to weigh."
	if len(said) > 0 {
		stanceWhy = capitalize(strings.Join(said, "; ")) + "."
	}
	l.Factors = []graph.Factor{
		{Name: "access", Value: access, Note: accessNote},
		{Name: "constituent", Value: cons, Note: consNote},
		{Name: "alignment", Value: af, Note: alignNote},
	}
	l.Score = roundScore(access * cons * af)
	l.Why = []string{distWhy, tieWhy, stanceWhy, pathWhy}
	if l.Messenger != nil {
		m := l.Messenger
		if len(m.Path.Hops) == 0 {
			l.Why = append(l.Why, m.Person.Name+" is one of ours.")
		} else {
			l.Why = append(l.Why, fmt.Sprintf("%s can reach them (%s, strength %.2f).", m.Person.Name, plural(len(m.Path.Hops), "hop", "hops"), m.Path.Strength))
		}
	}
	if issue == "" {
		issue = "our issue"
	}
	l.Action = graph.Action{Type: graph.OneOnOne, Text: "Hold a one-on-one with " + name + " and ask them to speak for " + issue + " to " + tgt.Name + "."}
	if l.Messenger != nil && len(l.Messenger.Path.Hops) > 0 {
		l.Action.Text += " Ask " + l.Messenger.Person.Name + " to make the introduction."
	}
}

// leaderSort says which sort of leader node i is and why, and whether
// they belong to our coalition.
func leaderSort(snap *snapshot.Snapshot, i int32) (sort, basis string, coalition bool) {
	n := snap.Node(i)
	for _, s := range leaderSorts {
		for _, l := range s.labels {
			if n.HasLabel(l) && sort == "" {
				sort, basis = s.sort, "labelled "+l
			}
		}
	}
	g := snap.Walk()
	type org struct {
		rank int
		name string
		text string
	}
	var best *org
	lo, hi := g.Span(i)
	for e := lo; e < hi; e++ {
		o := g.Adj[e]
		on := snap.Node(o)
		if on.Kind != graph.KindOrganization && !(on.Kind == graph.KindDonor && on.OrgType != "") {
			continue
		}
		for _, t := range snap.Ties(i, o) {
			if t.Source != i {
				continue
			}
			if on.Ours && slices.Contains(coalitionTypes, t.Type) {
				coalition = true
			}
			if !slices.Contains(leadsTypes, t.Type) {
				continue
			}
			for k, s := range leaderSorts {
				if !slices.Contains(s.orgTypes, strings.ToLower(on.OrgType)) {
					continue
				}
				c := org{k*len(leadsTypes) + slices.Index(leadsTypes, t.Type), on.Name, t.Type.Phrase(false) + " " + on.Name + " (" + on.OrgType + ")"}
				if best == nil || c.rank < best.rank || c.rank == best.rank && c.name < best.name {
					best = &c
				}
			}
		}
	}
	if sort == "" && best != nil {
		sort, basis = leaderSorts[best.rank/len(leadsTypes)].sort, best.text
	}
	return sort, basis, coalition
}

// leaderMessenger reports whether node m may carry an introduction to a
// leader: one of our people, a client only when labelled speaker.
func leaderMessenger(snap *snapshot.Snapshot, m int32) bool {
	n := snap.Node(m)
	if n.Kind == graph.KindIssue || n.Kind == graph.KindOrganization || (n.Kind == graph.KindDonor && n.OrgType != "") {
		return false
	}
	return !n.HasLabel(graph.LabelClient) || n.HasLabel(graph.LabelSpeaker)
}

// withField names the request field of a NotFound or Invalid error.
func withField(err error, field string) error {
	var ge *graph.Error
	if !errors.As(err, &ge) || (ge.Code != graph.NotFound && ge.Code != graph.Invalid) {
		return err
	}
	cp := *ge
	cp.Details = []graph.Detail{{Field: field, Reason: ge.Message}}
	return &cp
}

func issues2names(refs []graph.EntityRef) string {
	var ns []string
	for _, r := range refs {
		ns = append(ns, r.Name)
	}
	return strings.Join(ns, " and ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// roundScore rounds to 12 significant digits, as outreach scores are.
func roundScore(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return r
}

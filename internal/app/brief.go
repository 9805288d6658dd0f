package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

// The legislator brief: one printable page per official that answers the
// organizing method's questions in order. Every section is built from the
// caller's view of the stores and the caller's snapshot, through the same
// methods the other questions use, so a viewer's brief holds no hidden
// record, not by name, count or total.

// Brief limits: how much of each section a page holds.
const (
	briefTopFunders  = 5  // per cycle, of PACs and of individuals
	briefCycles      = 3  // the latest cycles
	briefInnerCircle = 8  // people
	briefPaths       = 5  // introduction paths
	briefHistory     = 12 // organizing-log entries, newest first
	briefNamed       = 10 // our people named in the district
)

// Brief is what an organizer carries into a meeting with an official.
type Brief struct {
	Official BriefOfficial `json:"official"`
	// AsOf is the day the brief was made (YYYY-MM-DD), in the organizers'
	// time zone.
	AsOf string `json:"as_of"`
	// 1. Their agenda: stances on issues and committee seats.
	Agenda BriefAgenda `json:"agenda"`
	// 2. Who funds them: FEC gifts to them and to the committees they lead.
	Funding BriefFunding `json:"funding"`
	// 3. Their inner circle, closest first.
	InnerCircle []BriefMember `json:"inner_circle"`
	// 4. Who we know in it: our best introduction paths, direct ties first.
	Introductions []graph.Path `json:"introductions"`
	// 5. Our history with them.
	History BriefHistory `json:"history"`
	// 6. Our constituents in their district.
	Constituents BriefConstituents `json:"constituents"`
	// Turnout is what our events brought out in their district this year
	// (see Turnout). It is nil when no event of ours brought a constituent
	// and no drive registered anyone there; TurnoutNote then says so.
	Turnout     *BriefTurnout `json:"turnout"`
	TurnoutNote string        `json:"turnout_note,omitempty"`
	// 7. The open asks: active campaigns that target them.
	Asks []BriefAsk `json:"asks"`
}

// NoTurnoutYet is the TurnoutNote of a brief without turnout.
const NoTurnoutYet = "none of our events this year brought their constituents yet"

// BriefOfficial names the official and their seat.
type BriefOfficial struct {
	graph.EntityRef
	Party    string `json:"party,omitempty"`
	Chamber  string `json:"chamber,omitempty"`
	District string `json:"district,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

// BriefAgenda is what the official has said and where they sit.
type BriefAgenda struct {
	// Stances are their recorded stances, strongest support first.
	Stances    []BriefStance    `json:"stances"`
	Committees []BriefCommittee `json:"committees"`
}

// BriefStance is a stance on an issue.
type BriefStance struct {
	Issue     graph.EntityRef `json:"issue"`
	Alignment graph.Alignment `json:"alignment"`
	// Label says it in words: "strongly supports".
	Label string `json:"label"`
}

// BriefCommittee is a committee or body the official serves on or is a
// member of, with their role on it ("chair", "member").
type BriefCommittee struct {
	Committee graph.EntityRef `json:"committee"`
	Role      string          `json:"role"`
}

// BriefFunding is the money given to the official and to the committees
// they lead (DONATED_TO ties, as the FEC importer records them), by
// election cycle, newest first.
type BriefFunding struct {
	Total float64 `json:"total"`
	// Cycles holds the latest cycles; CyclesLeft counts the older ones
	// left out (they are in Total).
	Cycles     []BriefCycle `json:"cycles"`
	CyclesLeft int          `json:"cycles_left,omitempty"`
	// Via names the committees they lead whose receipts are counted.
	Via []graph.EntityRef `json:"via"`
	// Notice is set when individual contributors come from FEC reports,
	// whose names may not be used to solicit contributions.
	Notice string `json:"notice,omitempty"`
	// Ours lists our people and contacts who gave (see OurGivers), and
	// Probable counts the FEC donor records that are probably one of them,
	// not yet confirmed.
	Ours     []Giver `json:"ours"`
	Probable int     `json:"probable"`
}

// BriefCycle is one two-year election cycle's money.
type BriefCycle struct {
	// Cycle is the cycle's year ("2016"), or "undated".
	Cycle       string  `json:"cycle"`
	Total       float64 `json:"total"`
	PACs        float64 `json:"pacs"`
	Individuals float64 `json:"individuals"`
	Givers      int     `json:"givers"`
	// TopPACs and TopIndividuals are the largest givers of each sort,
	// largest first.
	TopPACs        []BriefFunder `json:"top_pacs"`
	TopIndividuals []BriefFunder `json:"top_individuals"`
}

// BriefFunder is one giver's money in a cycle.
type BriefFunder struct {
	Giver  graph.EntityRef `json:"giver"`
	Amount float64         `json:"amount"`
}

// BriefMember is one person of the inner circle, with their role and how
// they are tied to the official.
type BriefMember struct {
	Person graph.EntityRef `json:"person"`
	// Role is their title or role ("Chief of Staff"), or their kind.
	Role string `json:"role"`
	// Tie says how they are tied to the official ("works for Sen. Vega"),
	// when they are directly.
	Tie string `json:"tie,omitempty"`
}

// BriefHistory is our organizing log with the official and their staff.
type BriefHistory struct {
	// Interactions are the newest entries with the official or someone
	// who works for or advises them, newest first; Total counts them all.
	Interactions []BriefInteraction `json:"interactions"`
	Total        int                `json:"total"`
	// Commitments are what they committed to in our campaigns.
	Commitments []BriefCommitment `json:"commitments"`
	// FollowUps are the follow-ups owed: those with no later entry.
	FollowUps []BriefFollowUp `json:"follow_ups"`
}

// BriefInteraction is one entry of the organizing log, with names.
type BriefInteraction struct {
	ID       string                `json:"id"`
	Date     string                `json:"date"`
	Type     graph.InteractionType `json:"type"`
	Label    string                `json:"label"`
	Campaign string                `json:"campaign,omitempty"`
	With     []graph.EntityRef     `json:"with"`
	Outcome  string                `json:"outcome,omitempty"`
	Notes    string                `json:"notes,omitempty"`
	FollowUp string                `json:"follow_up,omitempty"`
}

// BriefCommitment is a commitment made in a campaign.
type BriefCommitment struct {
	Campaign    string `json:"campaign"`
	Commitment  string `json:"commitment"`
	CommittedOn string `json:"committed_on,omitempty"`
}

// BriefFollowUp is a follow-up owed since an entry of the log.
type BriefFollowUp struct {
	Due     string            `json:"due"`
	Overdue bool              `json:"overdue"`
	From    string            `json:"from"` // the entry's date
	Label   string            `json:"label"`
	With    []graph.EntityRef `json:"with"`
	Outcome string            `json:"outcome,omitempty"`
}

// BriefConstituents counts the people of the map who live in the
// official's district.
type BriefConstituents struct {
	// Districts are the official's district and those they REPRESENT.
	Districts []string `json:"districts"`
	// People counts every person living there; Ours those of our
	// coalition, of whom Named are the first (speakers first).
	People int               `json:"people"`
	Ours   int               `json:"ours"`
	Named  []graph.EntityRef `json:"named"`
	// Hidden counts the clients and private contacts living there, who
	// are never named in a brief, except to editors a speaker whose
	// consent in force allows speaking to officials (see speakers.go). Only editors and admins get it; a
	// viewer's brief counts no hidden person anywhere.
	Hidden int `json:"hidden,omitempty"`
}

// BriefTurnout is what our events brought out in the official's district:
// the seam for the events feature, which fills it.
type BriefTurnout struct {
	Events   int    `json:"events"`
	Turnout  int    `json:"turnout"`
	LastDate string `json:"last_date,omitempty"`
	// Registered counts the voters our drives registered in the district.
	Registered int `json:"registered,omitempty"`
	// Summary is the sentence to say in the meeting, from the turnout
	// report ("We brought 40 of your constituents to our events in 2026:
	// …").
	Summary string `json:"summary"`
}

// BriefAsk is an active campaign that targets the official.
type BriefAsk struct {
	Campaign    string             `json:"campaign"` // its id
	Name        string             `json:"name"`
	Ask         string             `json:"ask"`
	Issue       *graph.EntityRef   `json:"issue,omitempty"`
	Priority    graph.Priority     `json:"priority"`
	Status      graph.TargetStatus `json:"status"`
	StatusLabel string             `json:"status_label"`
	Commitment  string             `json:"commitment,omitempty"`
	Notes       string             `json:"notes,omitempty"`
	// Stance is the official's recorded stance on the campaign's issue.
	Stance      graph.Alignment `json:"stance"`
	StanceLabel string          `json:"stance_label"`
}

// Brief builds the brief of an official (ref: an id or a unique name) as
// the caller sees the map. An entity that is not an official is Invalid.
func (a *App) Brief(ctx context.Context, c Caller, ref string) (*Brief, error) {
	const op = "app.Brief"
	if trim(ref) == "" {
		return nil, fieldError(op, "id", "must name an official by id or name")
	}
	v := a.viewOf(c)
	off, err := a.resolve(ctx, v, "id", ref)
	if err != nil {
		return nil, err
	}
	if off.Kind != graph.KindOfficial {
		return nil, fieldError(op, "id", strconv.Quote(off.Name)+" is "+article(off.Kind)+", not an official; a brief is made for an official")
	}
	now := a.now()
	b := &Brief{
		Official: BriefOfficial{EntityRef: graph.RefOf(&off), Party: off.Party, Chamber: off.Chamber, District: off.District,
			Email: off.Email, Phone: off.Phone},
		AsOf:        a.Today(),
		TurnoutNote: NoTurnoutYet,
	}
	ties, err := v.neighbors(ctx, off.ID, nil)
	if err != nil {
		return nil, graph.E(op, notFoundAs(err, func() error { return noEntity("id", ref) }))
	}
	stances := b.agenda(off.ID, ties, now)
	if err := b.funding(ctx, v, off.ID, ties); err != nil {
		return nil, graph.E(op, err)
	}
	if err := a.briefCircle(ctx, c, b, &off, ties); err != nil {
		return nil, err
	}
	paths, err := a.Paths(ctx, c, PathsQuery{To: off.ID, K: briefPaths})
	if err != nil {
		return nil, err
	}
	b.Introductions = paths.Paths
	campaigns, err := a.briefCampaigns(ctx, c, off.ID)
	if err != nil {
		return nil, err
	}
	if err := a.briefHistory(ctx, c, b, off.ID, ties, campaigns); err != nil {
		return nil, err
	}
	if err := a.briefConstituents(ctx, c, b, &off, ties); err != nil {
		return nil, err
	}
	givers, err := a.OurGivers(ctx, c, off.ID)
	if err != nil {
		return nil, err
	}
	b.Funding.Ours, b.Funding.Probable = givers.Confirmed, len(givers.Suggestions)
	if err := a.briefTurnout(ctx, c, b, off.ID); err != nil {
		return nil, err
	}
	b.asks(ctx, v, off.ID, campaigns, stances, now)
	return b, nil
}

func article(k graph.Kind) string {
	if k == graph.KindOrganization || k == graph.KindIssue || k == graph.KindOfficial {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// agenda fills the stances and committees from the official's ties, and
// returns the stances by issue id.
func (b *Brief) agenda(id string, ties []graph.Neighbor, now time.Time) map[string]graph.Alignment {
	type sides struct {
		issue    graph.EntityRef
		sup, opp float64
	}
	by := map[string]*sides{}
	b.Agenda = BriefAgenda{Stances: []BriefStance{}, Committees: []BriefCommittee{}}
	seen := map[string]int{}
	for i := range ties {
		r, e := &ties[i].Relationship, &ties[i].Entity
		if r.Source != id || !graph.Current(r.Until, now) {
			continue
		}
		switch {
		case (r.Type == graph.Supports || r.Type == graph.Opposes) && e.Kind == graph.KindIssue:
			sd := by[e.ID]
			if sd == nil {
				sd = &sides{issue: graph.RefOf(e)}
				by[e.ID] = sd
			}
			if r.Type == graph.Supports {
				sd.sup = max(sd.sup, r.Strength)
			} else {
				sd.opp = max(sd.opp, r.Strength)
			}
		case (r.Type == graph.ServesOn || r.Type == graph.MemberOf) && e.IsOrganization():
			role := r.Props["role"]
			if role == "" {
				role = "member"
			}
			if k, dup := seen[e.ID]; dup {
				if role != "member" {
					b.Agenda.Committees[k].Role = role
				}
				continue
			}
			seen[e.ID] = len(b.Agenda.Committees)
			b.Agenda.Committees = append(b.Agenda.Committees, BriefCommittee{Committee: graph.RefOf(e), Role: role})
		}
	}
	out := map[string]graph.Alignment{}
	for issue, sd := range by {
		al := graph.AlignmentOf(sd.sup, sd.opp, true)
		out[issue] = al
		b.Agenda.Stances = append(b.Agenda.Stances, BriefStance{Issue: sd.issue, Alignment: al, Label: al.Label()})
	}
	slices.SortFunc(b.Agenda.Stances, func(x, y BriefStance) int {
		return cmp.Or(cmp.Compare(y.Alignment, x.Alignment), strings.Compare(x.Issue.Name, y.Issue.Name), strings.Compare(x.Issue.ID, y.Issue.ID))
	})
	// Chairs first, then by name.
	rank := func(role string) int {
		switch strings.ToLower(role) {
		case "chair", "chairman", "chairwoman", "chairperson":
			return 0
		case "member":
			return 2
		}
		return 1
	}
	slices.SortFunc(b.Agenda.Committees, func(x, y BriefCommittee) int {
		return cmp.Or(cmp.Compare(rank(x.Role), rank(y.Role)), strings.Compare(x.Committee.Name, y.Committee.Name), strings.Compare(x.Committee.ID, y.Committee.ID))
	})
	return out
}

// fecDonorLabel is the label the FEC importer gives individual donors.
const fecDonorLabel = "fec-donor"

// funding adds up the gifts to the official and to the committees they
// lead, as v shows them.
func (b *Brief) funding(ctx context.Context, v *view, id string, ties []graph.Neighbor) error {
	b.Funding = BriefFunding{Cycles: []BriefCycle{}, Via: []graph.EntityRef{}}
	own := map[string]bool{id: true}
	var recipients []string
	for i := range ties {
		r, e := &ties[i].Relationship, &ties[i].Entity
		if r.Type == graph.Leads && r.Source == id && e.IsOrganization() && !own[e.ID] {
			own[e.ID] = true
			recipients = append(recipients, e.ID)
			b.Funding.Via = append(b.Funding.Via, graph.RefOf(e))
		}
	}
	type giver struct {
		ref    graph.EntityRef
		org    bool
		amount float64
	}
	cycles := map[string]map[string]*giver{}
	fec := false
	add := func(n *graph.Neighbor, to string) {
		r, e := &n.Relationship, &n.Entity
		if r.Type != graph.DonatedTo || r.Target != to || own[r.Source] || r.Amount <= 0 {
			return
		}
		cy := giftCycle(r)
		m := cycles[cy]
		if m == nil {
			m = map[string]*giver{}
			cycles[cy] = m
		}
		g := m[e.ID]
		if g == nil {
			g = &giver{ref: graph.RefOf(e), org: e.IsOrganization()}
			m[e.ID] = g
		}
		g.amount += r.Amount
		if !g.org && e.HasLabel(fecDonorLabel) {
			fec = true
		}
	}
	for i := range ties {
		add(&ties[i], id)
	}
	for _, rc := range recipients {
		ns, err := v.neighbors(ctx, rc, []graph.RelType{graph.DonatedTo})
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		for i := range ns {
			add(&ns[i], rc)
		}
	}
	keys := slices.Collect(func(yield func(string) bool) {
		for k := range cycles {
			if !yield(k) {
				return
			}
		}
	})
	// Newest first; undated last.
	slices.SortFunc(keys, func(x, y string) int {
		if x == undatedCycle || y == undatedCycle {
			return cmp.Compare(boolInt(x == undatedCycle), boolInt(y == undatedCycle))
		}
		return strings.Compare(y, x)
	})
	for k, cy := range keys {
		out := BriefCycle{Cycle: cy, TopPACs: []BriefFunder{}, TopIndividuals: []BriefFunder{}}
		var pacs, inds []BriefFunder
		for _, g := range cycles[cy] {
			out.Givers++
			out.Total += g.amount
			f := BriefFunder{Giver: g.ref, Amount: round2(g.amount)}
			if g.org {
				out.PACs += g.amount
				pacs = append(pacs, f)
			} else {
				out.Individuals += g.amount
				inds = append(inds, f)
			}
		}
		b.Funding.Total += out.Total
		if k >= briefCycles {
			b.Funding.CyclesLeft++
			continue
		}
		out.Total, out.PACs, out.Individuals = round2(out.Total), round2(out.PACs), round2(out.Individuals)
		out.TopPACs = topFunders(pacs)
		out.TopIndividuals = topFunders(inds)
		b.Funding.Cycles = append(b.Funding.Cycles, out)
	}
	b.Funding.Total = round2(b.Funding.Total)
	if fec {
		b.Funding.Notice = "Individual contributors are named from FEC reports: federal law (52 U.S.C. 30111(a)(4)) forbids using their names to solicit contributions or for commercial purposes."
	}
	return nil
}

const undatedCycle = "undated"

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func round2(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}

// giftCycle is the two-year election cycle of a gift: its cycle property,
// or the year of its date rounded up to even.
func giftCycle(r *graph.Relationship) string {
	if c := r.Props["cycle"]; c != "" {
		return c
	}
	for _, d := range []string{r.Date, r.Since} {
		if len(d) >= 4 {
			if y, err := strconv.Atoi(d[:4]); err == nil {
				return strconv.Itoa(y + y%2)
			}
		}
	}
	return undatedCycle
}

func topFunders(fs []BriefFunder) []BriefFunder {
	slices.SortFunc(fs, func(x, y BriefFunder) int {
		return cmp.Or(cmp.Compare(y.Amount, x.Amount), strings.Compare(x.Giver.Name, y.Giver.Name), strings.Compare(x.Giver.ID, y.Giver.ID))
	})
	if len(fs) > briefTopFunders {
		fs = fs[:briefTopFunders]
	}
	if fs == nil {
		fs = []BriefFunder{}
	}
	return fs
}

// briefCircle fills the inner circle: the people InnerCircle ranks
// closest, with their role and their direct tie to the official.
func (a *App) briefCircle(ctx context.Context, c Caller, b *Brief, off *graph.Entity, ties []graph.Neighbor) error {
	res, err := a.InnerCircle(ctx, c, off.ID, 4*briefInnerCircle)
	if err != nil {
		return err
	}
	tie := map[string]string{}
	for i := range ties {
		r := &ties[i].Relationship
		if r.Type == graph.DonatedTo || r.Type == graph.Supports || r.Type == graph.Opposes {
			continue
		}
		other := r.Other(off.ID)
		if _, done := tie[other]; done {
			continue
		}
		tie[other] = r.Type.Phrase(r.Source == off.ID) + " " + off.Name
	}
	b.InnerCircle = []BriefMember{}
	for _, it := range res.Results {
		if len(b.InnerCircle) == briefInnerCircle {
			break
		}
		if it.Kind != graph.KindPerson && it.Kind != graph.KindOfficial && it.Kind != graph.KindDonor {
			continue
		}
		ref := graph.EntityRef{ID: it.ID, Name: it.Name, Kind: it.Kind, Title: it.Title, Ours: it.Ours}
		role := it.Title
		if role == "" {
			role = string(it.Kind)
		}
		if it.Party != "" && it.Kind == graph.KindOfficial {
			role += " (" + it.Party + ")"
		}
		b.InnerCircle = append(b.InnerCircle, BriefMember{Person: ref, Role: role, Tie: tie[it.ID]})
	}
	return nil
}

// briefCampaigns lists the campaigns the caller sees that target id.
func (a *App) briefCampaigns(ctx context.Context, c Caller, id string) ([]graph.Campaign, error) {
	if a.viewOf(c).campaigns == nil {
		return nil, nil
	}
	all, err := a.Campaigns(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []graph.Campaign
	for _, cp := range all {
		if _, ok := cp.Target(id); ok {
			out = append(out, cp)
		}
	}
	return out, nil
}

// briefHistory fills our history: the log with the official and the
// people who work for or advise them, their commitments, and the
// follow-ups owed.
func (a *App) briefHistory(ctx context.Context, c Caller, b *Brief, id string, ties []graph.Neighbor, campaigns []graph.Campaign) error {
	const op = "app.Brief"
	b.History = BriefHistory{Interactions: []BriefInteraction{}, Commitments: []BriefCommitment{}, FollowUps: []BriefFollowUp{}}
	for _, cp := range campaigns {
		t, _ := cp.Target(id)
		if t.Commitment != "" || t.Status == graph.StatusCommitted {
			b.History.Commitments = append(b.History.Commitments, BriefCommitment{Campaign: cp.Name, Commitment: t.Commitment, CommittedOn: t.CommittedOn})
		}
	}
	v := a.viewOf(c)
	if v.campaigns == nil {
		return nil
	}
	who := []string{id}
	for i := range ties {
		r := &ties[i].Relationship
		if r.Target == id && (r.Type == graph.WorksFor || r.Type == graph.Advises) && !slices.Contains(who, r.Source) {
			who = append(who, r.Source)
		}
	}
	var log []graph.Interaction
	seen := map[string]bool{}
	for _, w := range who {
		ixs, err := v.campaigns.Interactions(ctx, graph.InteractionQuery{Entity: w})
		if err != nil {
			return graph.E(op, err)
		}
		for _, ix := range ixs {
			if !seen[ix.ID] {
				seen[ix.ID] = true
				log = append(log, ix)
			}
		}
	}
	slices.SortFunc(log, func(x, y graph.Interaction) int { return graph.NewestFirst(&x, &y) })
	b.History.Total = len(log)
	var ids []string
	for _, ix := range log {
		ids = append(ids, ix.Participants...)
	}
	refs, err := names(ctx, v, ids)
	if err != nil {
		return graph.E(op, err)
	}
	cpNames := map[string]string{}
	for _, cp := range campaigns {
		cpNames[cp.ID] = cp.Name
	}
	with := func(ix *graph.Interaction) []graph.EntityRef {
		out := []graph.EntityRef{}
		for _, p := range ix.Participants {
			if r, ok := refs[p]; ok {
				out = append(out, r)
			}
		}
		return out
	}
	today := a.Today()
	for i := range log {
		ix := &log[i]
		if i < briefHistory {
			cpName := cpNames[ix.Campaign]
			if cpName == "" && ix.Campaign != "" {
				if cp, err := a.Campaign(ctx, c, ix.Campaign); err == nil {
					cpName = cp.Name
					cpNames[ix.Campaign] = cp.Name
				}
			}
			b.History.Interactions = append(b.History.Interactions, BriefInteraction{ID: ix.ID, Date: ix.Date, Type: ix.Type,
				Label: ix.Type.Label(), Campaign: cpName, With: with(ix), Outcome: ix.Outcome, Notes: ix.Notes, FollowUp: ix.FollowUp})
		}
		// A follow-up is owed until a later entry is logged.
		if ix.FollowUp != "" && ix.Date >= log[0].Date {
			b.History.FollowUps = append(b.History.FollowUps, BriefFollowUp{Due: ix.FollowUp, Overdue: ix.FollowUp < today,
				From: ix.Date, Label: ix.Type.Label(), With: with(ix), Outcome: ix.Outcome})
		}
	}
	slices.SortFunc(b.History.FollowUps, func(x, y BriefFollowUp) int { return strings.Compare(x.Due, y.Due) })
	return nil
}

// briefConstituents counts the people of the caller's snapshot who live in
// the official's districts.
func (a *App) briefConstituents(ctx context.Context, c Caller, b *Brief, off *graph.Entity, ties []graph.Neighbor) error {
	const op = "app.Brief"
	cs := BriefConstituents{Districts: []string{}, Named: []graph.EntityRef{}}
	if off.District != "" {
		cs.Districts = append(cs.Districts, off.District)
	}
	for i := range ties {
		r, e := &ties[i].Relationship, &ties[i].Entity
		if r.Type == graph.Represents && r.Source == off.ID && e.District != "" && !slices.Contains(cs.Districts, e.District) {
			cs.Districts = append(cs.Districts, e.District)
		}
	}
	b.Constituents = cs
	if len(cs.Districts) == 0 {
		return nil
	}
	snap, err := a.snapshot(ctx, c)
	if err != nil {
		return graph.E(op, err)
	}
	var named []int32
	speaker := map[int32]bool{}
	for i := range int32(snap.Len()) {
		if !snap.Live(i) {
			continue
		}
		if i%65536 == 0 && ctx.Err() != nil {
			return graph.E(op, ctx.Err())
		}
		if snap.Kind(i) != graph.KindPerson {
			continue
		}
		n := snap.Node(i)
		if n.District == "" || !slices.ContainsFunc(cs.Districts, func(d string) bool { return outreach.DistrictMatch(n.District, d) }) {
			continue
		}
		if (n.Private || n.HasLabel(graph.LabelClient)) && !a.speaksToOfficials(ctx, &n) {
			cs.Hidden++ // only in an editor's snapshot
			continue
		}
		cs.People++
		if n.Ours {
			cs.Ours++
			named = append(named, i)
			speaker[i] = n.HasLabel(graph.LabelSpeaker)
		}
	}
	slices.SortStableFunc(named, func(x, y int32) int {
		return cmp.Or(cmp.Compare(boolInt(speaker[y]), boolInt(speaker[x])), strings.Compare(snap.Name(x), snap.Name(y)))
	})
	for _, i := range named[:min(len(named), briefNamed)] {
		cs.Named = append(cs.Named, snap.Ref(i))
	}
	b.Constituents = cs
	return nil
}

// asks lists the active campaigns that target id, with the official's
// stance on each campaign's issue.
func (b *Brief) asks(ctx context.Context, v *view, id string, campaigns []graph.Campaign, stances map[string]graph.Alignment, now time.Time) {
	b.Asks = []BriefAsk{}
	for _, cp := range campaigns {
		if !cp.Active(now) {
			continue
		}
		t, _ := cp.Target(id)
		ask := BriefAsk{Campaign: cp.ID, Name: cp.Name, Ask: cp.Ask, Priority: t.Priority, Status: t.Status, StatusLabel: t.Status.Label(),
			Commitment: t.Commitment, Notes: t.Notes, Stance: graph.AlignmentUnknown}
		if cp.Issue != "" {
			if e, err := v.store.Entity(ctx, cp.Issue); err == nil {
				ref := graph.RefOf(&e)
				ask.Issue = &ref
			}
			if al, ok := stances[cp.Issue]; ok {
				ask.Stance = al
			}
		}
		ask.StanceLabel = ask.Stance.Label()
		b.Asks = append(b.Asks, ask)
	}
	slices.SortStableFunc(b.Asks, func(x, y BriefAsk) int {
		return cmp.Or(strings.Compare(string(x.Priority), string(y.Priority)), strings.Compare(x.Name, y.Name))
	})
}

// briefTurnout fills the turnout line from this year's turnout report.
func (a *App) briefTurnout(ctx context.Context, c Caller, b *Brief, official string) error {
	rep, err := a.Turnout(ctx, c, TurnoutQuery{Official: official, Year: a.now().In(a.loc).Year()})
	if err != nil {
		if graph.Is(err, graph.Unavailable) {
			return nil // a store without events: the note stands
		}
		return err
	}
	if rep.Constituents == 0 && rep.Registered == 0 {
		return nil
	}
	t := &BriefTurnout{Events: len(rep.Events), Turnout: rep.Constituents, Registered: rep.Registered, Summary: rep.Summary}
	for _, e := range rep.Events {
		if e.Event.Date > t.LastDate {
			t.LastDate = e.Event.Date
		}
	}
	b.Turnout, b.TurnoutNote = t, ""
	return nil
}

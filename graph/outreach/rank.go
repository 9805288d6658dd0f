package outreach

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Defaults and constants of the score (see the package documentation).
const (
	// DefaultLimit is how many entries a list holds when Options.Limit is 0.
	DefaultLimit = 20
	// DefaultInnerCircle is how many of each target's closest people are
	// candidates when Options.InnerCircle is 0.
	DefaultInnerCircle = 25
	// ColdAccess is the access of a candidate no messenger reaches.
	ColdAccess = 0.05
	// ConstituentBonus multiplies the access of a messenger who lives in the
	// district of a target the candidate leads to.
	ConstituentBonus = 1.5
	// FollowUpLift multiplies the score of someone whose follow-up is due.
	FollowUpLift = 1.5
	// FreshDays is how many days after a contact freshness is back to 1.
	FreshDays = 30
	// LeadMin is the closeness from which a candidate is said to lead to a
	// target.
	LeadMin = 0.05
	// ContactLeverage is the least leverage of a campaign's contact while
	// any target pulls.
	ContactLeverage = 0.05
	// MaxIntroHops bounds introduction paths.
	MaxIntroHops = 6
	// HowHops bounds the paths that explain how a candidate reaches a
	// target, and howCost their weakness: strength at least 1/1000.
	HowHops = 3
	howCost = 6.907755278982137 // -ln(0.001)
)

// Weight is how hard a target pulls candidates towards itself: its
// priority's weight (primary 1, secondary 0.5) times its status's (0 once
// committed, 0.5 once declined, else 1).
func Weight(t graph.Target) float64 {
	w := 1.0
	if t.Priority == graph.PrioritySecondary {
		w = 0.5
	}
	switch t.Status {
	case graph.StatusCommitted:
		return 0
	case graph.StatusDeclined:
		w *= 0.5
	}
	return w
}

// AlignmentFactor is the score factor of a candidate's stance on the issue.
func AlignmentFactor(a graph.Alignment) float64 {
	switch a {
	case graph.StrongSupport:
		return 1.2
	case graph.Support:
		return 1.1
	case graph.Opposition:
		return 0.8
	case graph.StrongOpposition:
		return 0.6
	}
	return 1
}

// Freshness is the score factor of a candidate last met days ago; never met
// is a negative days value.
func Freshness(days int) float64 {
	if days < 0 {
		return 1
	}
	return math.Min(1, 0.25+0.75*float64(days)/FreshDays)
}

// Options tune Rank.
type Options struct {
	// Limit caps the entries (DefaultLimit when 0).
	Limit int
	// InnerCircle is how many of each target's closest people are
	// candidates (DefaultInnerCircle when 0).
	InnerCircle int
}

// Constituency says who lives in a target's district: people whose
// District matches one of Districts, and people tied to one of Entities
// (the districts the target REPRESENTS).
type Constituency struct {
	Districts []string `json:"districts"`
	Entities  []string `json:"entities"`
}

// Input is everything a list is computed from.
type Input struct {
	Campaign graph.Campaign
	// IssueName names the campaign's issue in suggested actions.
	IssueName string
	Week      graph.Week
	// Location is the organizers' time zone; nil means UTC.
	Location *time.Location
	// Snapshot is the week's analysis snapshot (BuildSnapshot).
	Snapshot *snapshot.Snapshot
	// Log is the organizing log up to the end of the week, in any order.
	Log []graph.Interaction
	// Stances maps entity ids to their alignment on the issue; a missing
	// entity is unknown.
	Stances map[string]graph.Alignment
	// Constituencies maps target ids to their constituencies.
	Constituencies map[string]Constituency
}

// DistrictMatch reports whether someone living in district home lives in
// district d: the same name, or d is a senate district holding home ("7"
// holds "7A" and "7B").
func DistrictMatch(home, d string) bool {
	if home == "" || d == "" {
		return false
	}
	if strings.EqualFold(home, d) {
		return true
	}
	rest, ok := strings.CutPrefix(home, d)
	if !ok || rest == "" || !isDigit(d[len(d)-1]) {
		return false
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// eligible caches eligiblePerson by node.
type eligible struct {
	snap *snapshot.Snapshot
	memo []int8 // 0 unknown, 1 yes, 2 no
}

func newEligible(s *snapshot.Snapshot) *eligible {
	return &eligible{snap: s, memo: make([]int8, s.Len())}
}

func (e *eligible) ok(i int32) bool {
	if e.memo[i] == 0 {
		e.memo[i] = 2
		if eligiblePerson(e.snap, i) {
			e.memo[i] = 1
		}
	}
	return e.memo[i] == 1
}

// eligiblePerson reports whether node i can be met: a person, official or
// person donor, not ours.
func eligiblePerson(s *snapshot.Snapshot, i int32) bool {
	n := s.Node(i)
	if n.Ours || n.Kind == graph.KindIssue || n.Kind == graph.KindOrganization {
		return false
	}
	return !(n.Kind == graph.KindDonor && n.OrgType != "")
}

// messengerOK reports whether node i may carry an introduction: one of our
// people, a client only when labelled speaker.
func messengerOK(s *snapshot.Snapshot, i int32) bool {
	n := s.Node(i)
	if !n.Ours || n.Kind == graph.KindIssue || n.Kind == graph.KindOrganization || (n.Kind == graph.KindDonor && n.OrgType != "") {
		return false
	}
	return !n.HasLabel(graph.LabelClient) || n.HasLabel(graph.LabelSpeaker)
}

type target struct {
	t      graph.Target
	idx    int32
	weight float64
	// close holds the normalized closeness of eligible people, in
	// thousandths, by node; circle the InnerCircle closest, closest first.
	close  []uint16
	circle []int32
	cons   Constituency
	consI  []int32 // Constituency.Entities in the snapshot
}

type candidate struct {
	idx      int32
	leverage float64
	floored  bool // a contact whose leverage was raised to ContactLeverage
	leads    []lead
	msg      *graph.Messenger
	access   float64
	hops     int
	cons     bool
	consOf   string
	last     *graph.Interaction
	days     int // since the last contact at the start of the week; -1 never
	due      bool
	overdue  bool
	align    graph.Alignment
	factors  []graph.Factor
	score    float64
}

type lead struct {
	t *target
	c float64
}

const opRank = "outreach.Rank"

// Rank computes a campaign's ranked outreach list for the input's week. The
// result's ComputedAt is left zero for the caller to set; everything else
// is a pure function of the input.
func Rank(ctx context.Context, in *Input, o Options) (*graph.OutreachList, error) {
	if in.Snapshot == nil {
		return nil, graph.Errorf(opRank, graph.Invalid, "no snapshot")
	}
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	if o.InnerCircle <= 0 {
		o.InnerCircle = DefaultInnerCircle
	}
	snap := in.Snapshot
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	monday, sunday := in.Week.Days()
	start := in.Week.Start(loc)
	friday := start.AddDate(0, 0, 4).Format(time.DateOnly)

	// The latest interaction of each participant.
	log := slices.Clone(in.Log)
	slices.SortFunc(log, func(a, b graph.Interaction) int { return graph.NewestFirst(&a, &b) })
	latest := map[string]*graph.Interaction{}
	for i := range log {
		if log[i].Date > sunday {
			continue
		}
		for _, p := range log[i].Participants {
			if _, ok := latest[p]; !ok {
				latest[p] = &log[i]
			}
		}
	}

	// Pulling targets and their closeness.
	var targets []*target
	byIdx := map[int32]*target{}
	// Closeness is measured without our own people, so that how well we
	// know someone does not change how close they are to a target.
	ps := newPusher(snap, snap.Ours)
	elig := newEligible(snap)
	for _, t := range in.Campaign.Targets {
		w := Weight(t)
		i, ok := snap.Index(t.Entity)
		if w == 0 || !ok {
			continue
		}
		tg := &target{t: t, idx: i, weight: w, close: make([]uint16, snap.Len()), cons: in.Constituencies[t.Entity]}
		for _, id := range tg.cons.Entities {
			if j, ok := snap.Index(id); ok {
				tg.consI = append(tg.consI, j)
			}
		}
		if err := ps.run(ctx, i); err != nil {
			return nil, err
		}
		best := 0.0
		for _, v := range ps.touched {
			if p := ps.p[v]; p > best && v != i && elig.ok(v) {
				best = p
			}
		}
		for _, v := range ps.touched {
			if v == i || !elig.ok(v) {
				continue
			}
			// Three decimals absorb the push's approximation error, so
			// that people placed alike get equal closeness; less than
			// 0.001 counts as no closeness at all.
			c := uint16(math.Round(ps.p[v] / best * 1e3))
			if c == 0 {
				continue
			}
			tg.close[v] = c
			tg.circle = keepTop(tg.circle, v, tg.close, o.InnerCircle)
		}
		targets = append(targets, tg)
		byIdx[i] = tg
	}

	// Candidates: each target's inner circle, and the targets.
	pool := map[int32]bool{}
	for _, tg := range targets {
		pool[tg.idx] = true
		for _, v := range tg.circle {
			pool[v] = true
		}
	}
	// The campaign's contacts, while a target pulls.
	contacts := map[int32]bool{}
	for _, id := range in.Campaign.Contacts {
		if i, ok := snap.Index(id); ok && len(targets) > 0 && elig.ok(i) {
			pool[i], contacts[i] = true, true
		}
	}
	order := make([]int32, 0, len(pool))
	for v := range pool {
		order = append(order, v)
	}
	slices.Sort(order)

	w := newWalker(snap)
	var cands []*candidate
	for k, v := range order {
		if k&63 == 63 {
			if err := ctx.Err(); err != nil {
				return nil, graph.E(opRank, graph.Unavailable, err)
			}
		}
		c := &candidate{idx: v, days: -1, align: graph.AlignmentUnknown}
		for _, tg := range targets {
			cl := float64(tg.close[v]) / 1e3
			if tg.idx == v {
				cl = 1
			}
			if cl <= 0 {
				continue
			}
			c.leverage += tg.weight * cl
			if cl >= LeadMin {
				c.leads = append(c.leads, lead{tg, cl})
			}
		}
		if contacts[v] && c.leverage < ContactLeverage {
			c.leverage, c.floored = ContactLeverage, true
		}
		if c.leverage <= 0 {
			continue // done is done: only committed targets pulled it
		}
		slices.SortStableFunc(c.leads, func(a, b lead) int {
			return cmp.Or(cmp.Compare(b.t.weight*b.c, a.t.weight*a.c), cmp.Compare(a.t.idx, b.t.idx))
		})
		chooseMessenger(w, snap, c, byIdx)
		id := snap.ID(v)
		if a, ok := in.Stances[id]; ok {
			c.align = a
		}
		if ix, ok := latest[id]; ok {
			c.last = ix
			d, err := time.ParseInLocation(time.DateOnly, ix.Date, loc)
			if err == nil {
				c.days = max(0, int(math.Round(start.Sub(d).Hours()/24)))
			}
			if ix.FollowUp != "" && ix.FollowUp <= sunday {
				c.due = true
				c.overdue = ix.FollowUp < monday
			}
		}
		c.explain(snap, in)
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(a, b *candidate) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(snap.ID(a.idx), snap.ID(b.idx)))
	})
	cands = cands[:min(len(cands), o.Limit)]

	out := &graph.OutreachList{Campaign: in.Campaign.ID, Week: in.Week.String(), GraphVersion: snap.Version(),
		Entries: make([]graph.OutreachEntry, 0, len(cands))}
	for k, c := range cands {
		e := graph.OutreachEntry{
			Rank:      k + 1,
			Person:    snap.Ref(c.idx),
			Role:      role(snap, c.idx, byIdx),
			Leads:     make([]graph.TargetLead, 0, len(c.leads)),
			Messenger: c.msg,
			Score:     c.score,
			Factors:   c.factors,
		}
		for _, l := range c.leads {
			e.Leads = append(e.Leads, graph.TargetLead{Target: snap.Ref(l.t.idx), Priority: l.t.t.Priority, Status: l.t.t.Status,
				Closeness: round(l.c), How: how(w, snap, c.idx, l.t.idx)})
		}
		e.Status = graph.OutreachNew
		if c.last != nil {
			e.LastContact, e.FollowUp = c.last.Date, c.last.FollowUp
			switch {
			case c.overdue:
				e.Status = graph.OutreachFollowUpOverdue
			case c.due:
				e.Status = graph.OutreachFollowUpDue
			case c.last.Date >= monday:
				e.Status = graph.OutreachMetThisWeek
			default:
				e.Status = graph.OutreachContacted
			}
		}
		e.Action = action(snap, in, c, byIdx[c.idx], friday, monday)
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// keepTop inserts v into top, the k nodes of highest closeness so far
// (ties by lower index), highest first.
func keepTop(top []int32, v int32, close []uint16, k int) []int32 {
	better := func(a, b int32) bool { return close[a] > close[b] || close[a] == close[b] && a < b }
	if len(top) == k && !better(v, top[k-1]) {
		return top
	}
	i := len(top)
	if i < k {
		top = append(top, v)
	} else {
		i = k - 1
	}
	for ; i > 0 && better(v, top[i-1]); i-- {
		top[i] = top[i-1]
	}
	top[i] = v
	return top
}

// chooseMessenger finds the best messenger for c: the strongest path from
// one of our people, or a constituent's when its strength times
// ConstituentBonus is at least as high.
func chooseMessenger(w *walker, snap *snapshot.Snapshot, c *candidate, isTarget map[int32]*target) {
	constituent := func(m int32) (string, bool) {
		home := snap.Node(m).District
		for _, l := range c.leads {
			tg := l.t
			for _, d := range tg.cons.Districts {
				if DistrictMatch(home, d) {
					return tg.t.Entity, true
				}
			}
			for _, e := range tg.consI {
				if _, ok := snap.Walk().Find(m, e); ok {
					return tg.t.Entity, true
				}
			}
		}
		return "", false
	}
	// Costs and strengths disagree by at most the cost floor per tie
	// (-ln(s) <= cost <= -ln(s) + hops·CostFloor), so the bounds below,
	// which reason in strengths, allow that much slack.
	slack := MaxIntroHops * snapshot.CostFloor
	bound := -math.Log(ColdAccess/ConstituentBonus) + slack
	gen, con := int32(-1), int32(-1)
	var genCost float64
	var conOf string
	var genIntro, conIntro graph.Path
	// An introduction never passes through a target: whoever reaches a
	// target would meet the target.
	notTarget := func(v int32) bool { _, t := isTarget[v]; return !t }
	w.run(c.idx, bound, MaxIntroHops, notTarget, func(v int32, cost float64) bool {
		if gen >= 0 && cost > genCost+math.Log(ConstituentBonus)+slack+1e-12 {
			return false // no constituent can beat the best path any more
		}
		if v == c.idx || !messengerOK(snap, v) {
			return true
		}
		if gen < 0 {
			gen, genCost, genIntro = v, cost, w.intro(v)
		}
		if of, ok := constituent(v); ok {
			con, conOf, conIntro = v, of, w.intro(v)
			return false
		}
		return true
	})
	c.access = ColdAccess
	switch {
	case con >= 0 && round(conIntro.Strength*ConstituentBonus) >= round(genIntro.Strength) && conIntro.Strength*ConstituentBonus >= ColdAccess:
		c.msg = messenger(snap, con, conIntro, true)
		c.access, c.cons, c.consOf, c.hops = conIntro.Strength, true, conOf, len(conIntro.Hops)
	case gen >= 0 && genIntro.Strength >= ColdAccess:
		c.msg = messenger(snap, gen, genIntro, false)
		c.access, c.hops = genIntro.Strength, len(genIntro.Hops)
	}
}

func messenger(snap *snapshot.Snapshot, m int32, in graph.Path, constituent bool) *graph.Messenger {
	n := snap.Node(m)
	in.Strength = round(in.Strength)
	return &graph.Messenger{Person: snap.Ref(m), Constituent: constituent, Speaker: n.HasLabel(graph.LabelSpeaker), Path: in}
}

// explain computes c's factors and score.
func (c *candidate) explain(snap *snapshot.Snapshot, in *Input) {
	var parts []string
	listed := 0.0
	for _, l := range c.leads {
		parts = append(parts, fmt.Sprintf("%s target %s: closeness %.3g × weight %.2g", l.t.t.Priority, snap.Name(l.t.idx), l.c, l.t.weight))
		listed += l.c * l.t.weight
	}
	if rest := c.leverage - listed; rest >= 0.0005 && !c.floored {
		parts = append(parts, fmt.Sprintf("%.3f from distant ties to other targets", rest))
	}
	lev := strings.Join(parts, "; ")
	switch {
	case c.floored:
		lev = fmt.Sprintf("a contact of the campaign: leverage at least %.2g", ContactLeverage)
	case lev == "":
		lev = "only distant ties to the targets"
	}
	var access string
	switch {
	case c.msg == nil:
		access = "no introduction path from our people: cold outreach"
	case c.hops == 0:
		access = "one of our people"
	default:
		access = fmt.Sprintf("%s reaches them in %s with strength %.2f", c.msg.Person.Name, count(c.hops, "hop", "hops"), c.access)
	}
	cons := 1.0
	consNote := "the messenger lives outside the targets' districts"
	switch {
	case c.msg == nil:
		consNote = "no messenger"
	case c.cons:
		cons = ConstituentBonus
		consNote = c.msg.Person.Name + " is a constituent of " + nameOf(snap, c.consOf)
	}
	fresh := Freshness(c.days)
	freshNote := "never met"
	if c.last != nil {
		freshNote = fmt.Sprintf("last met %s (%s), %s before the week", c.last.Date, c.last.Type.Label(), count(c.days, "day", "days"))
	}
	lift, liftNote := 1.0, "no follow-up due this week"
	if c.due {
		fresh, lift = 1, FollowUpLift
		freshNote += "; a follow-up is due, so recency does not hold them back"
		liftNote = "follow-up due " + c.last.FollowUp
		if c.overdue {
			liftNote = "follow-up overdue since " + c.last.FollowUp
		}
	}
	alignNote := "stance on the issue unknown"
	if c.align.Known() {
		alignNote = "stance " + c.align.String() + " on the issue"
	}
	af := AlignmentFactor(c.align)
	c.factors = []graph.Factor{
		{Name: "leverage", Value: round(c.leverage), Note: lev},
		{Name: "access", Value: round(c.access), Note: access},
		{Name: "constituent", Value: cons, Note: consNote},
		{Name: "freshness", Value: round(fresh), Note: freshNote},
		{Name: "follow_up", Value: lift, Note: liftNote},
		{Name: "alignment", Value: af, Note: alignNote},
	}
	c.score = round(c.leverage * c.access * cons * fresh * lift * af)
}

// count writes n with its noun: "1 hop", "2 hops".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func nameOf(snap *snapshot.Snapshot, id string) string {
	if i, ok := snap.Index(id); ok {
		return snap.Name(i)
	}
	return id
}

// roleTypes are the ties that say what someone does, best first.
var roleTypes = []graph.RelType{graph.WorksFor, graph.Advises, graph.Leads, graph.BoardOf, graph.ServesOn, graph.Lobbies, graph.MemberOf}

// role describes node i: its title and whom it works for, advises or
// leads, preferring a target: "Chief of Staff to Sen. Diaz".
func role(snap *snapshot.Snapshot, i int32, targets map[int32]*target) string {
	n := snap.Node(i)
	type cand struct {
		t    snapshot.Tie
		rank int
	}
	var best *cand
	g := snap.Walk()
	lo, hi := g.Span(i)
	for e := lo; e < hi; e++ {
		for _, t := range snap.Ties(i, g.Adj[e]) {
			if t.Source != i {
				continue
			}
			r := slices.Index(roleTypes, t.Type)
			if r < 0 {
				continue
			}
			if _, ok := targets[t.Target]; ok {
				r -= len(roleTypes) // a tie to a target comes first
			}
			c := cand{t, r}
			if best == nil || c.rank < best.rank || c.rank == best.rank && c.t.Strength > best.t.Strength {
				best = &c
			}
		}
	}
	if best == nil {
		if n.Title != "" {
			return n.Title
		}
		return string(n.Kind)
	}
	other := snap.Node(best.t.Target)
	info, _ := best.t.Type.Info()
	switch {
	case n.Title != "" && other.Kind == graph.KindOfficial && (best.t.Type == graph.WorksFor || best.t.Type == graph.Advises):
		return n.Title + " to " + other.Name
	case n.Title != "":
		return n.Title + ", " + other.Name
	}
	return info.Label + " " + other.Name
}

// how says in words how candidate v reaches target t.
func how(w *walker, snap *snapshot.Snapshot, v, t int32) string {
	if v == t {
		return "is the target"
	}
	var nodes []int32
	var entries []int
	// As closeness, the explanation leaves our own people out.
	notOurs := func(x int32) bool { return !snap.Ours(x) }
	w.run(v, howCost, HowHops, notOurs, func(x int32, _ float64) bool {
		if x == t {
			nodes, entries = w.path(t)
			return false
		}
		return true
	})
	if nodes == nil {
		if _, ok := snap.Influence().Find(v, t); ok {
			return "has a direct tie towards " + snap.Name(t) + " (a donation or representation)"
		}
		return "influences " + snap.Name(t) + " through a longer chain of ties"
	}
	var b strings.Builder
	for k, e := range entries {
		from, to := nodes[k], nodes[k+1]
		tie := snap.WalkTie(from, e)
		label := tie.Type.Phrase(tie.Source != from)
		if k > 0 {
			b.WriteString(", who ")
		}
		b.WriteString(label + " " + snap.Name(to))
	}
	return b.String()
}

// action suggests the next step with candidate c, due by friday or, for a
// follow-up, on its date (monday when overdue).
func action(snap *snapshot.Snapshot, in *Input, c *candidate, tg *target, friday, monday string) graph.Action {
	name := snap.Name(c.idx)
	issue := in.IssueName
	if issue == "" {
		issue = "the issue"
	}
	via := ""
	if c.msg != nil && len(c.msg.Path.Hops) > 0 {
		via = " Ask " + c.msg.Person.Name + " to make the introduction."
	}
	a := graph.Action{Due: friday}
	switch {
	case c.due:
		t := c.last.Type
		if t.Gathering() || t == graph.Email {
			t = graph.Call
		}
		a.Type, a.Due = t, c.last.FollowUp
		if c.overdue {
			a.Due = monday
		}
		a.Text = fmt.Sprintf("Follow up with %s after the %s on %s", name, c.last.Type.Label(), c.last.Date)
		if c.last.Outcome != "" {
			a.Text += " (" + c.last.Outcome + ")"
		}
		a.Text += "."
	case tg != nil && tg.t.Status == graph.StatusNotAsked:
		a.Type = graph.OfficialMeeting
		a.Text = fmt.Sprintf("Meet %s and make the ask: %s.", name, orDefault(in.Campaign.Ask, "commit to the campaign"))
	case tg != nil && tg.t.Status == graph.StatusAsked:
		a.Type = graph.OfficialMeeting
		a.Text = fmt.Sprintf("Go back to %s for an answer on the ask.", name)
	case tg != nil:
		a.Type = graph.SiteVisit
		a.Text = fmt.Sprintf("Invite %s to a site visit to see what %s means for the people it serves.", name, issue)
	case snap.Kind(c.idx) == graph.KindOfficial:
		a.Type = graph.OfficialMeeting
		a.Text = fmt.Sprintf("Meet %s about %s.%s", name, issue, via)
	case c.last == nil:
		a.Type = graph.OneOnOne
		a.Text = fmt.Sprintf("Hold a one-on-one with %s.%s", name, via)
	case c.align >= graph.Support && c.align.Known():
		a.Type = graph.CommunityMeeting
		a.Text = fmt.Sprintf("Ask %s to speak at a community meeting on %s.", name, issue)
	default:
		a.Type = graph.SiteVisit
		a.Text = fmt.Sprintf("Invite %s to a site visit on %s.", name, issue)
	}
	return a
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return strings.TrimSuffix(s, ".")
}

// round rounds to 12 significant digits, so that scores equal up to
// floating-point noise compare equal and break ties by id.
func round(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := strconv.FormatFloat(x, 'g', 12, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}

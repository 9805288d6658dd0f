package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// The forum question bank: the questions organizers ask an official or a
// candidate at a candidate forum. DraftQuestions drafts them from
// templates over the map as the caller sees it; SaveQuestionBank keeps an
// edited, ordered list; AnswerQuestion records, after the forum, that a
// question was asked and what the official answered, and may record their
// stance on the question's issue, citing the forum.
//
// Privacy: a viewer's draft is made from the public view, so it cites no
// hidden record. A saved bank was made by an editor and may cite one: a
// viewer is shown the bank without every question that cites a source
// they may not see (an entity, a tie with a hidden end, an interaction
// with a hidden participant, a campaign on a hidden issue), so that no
// hidden record reaches them by name or by count.

// Question templates, in the order a draft lists them.
const (
	TemplateCommitteeNoStance = "committee_no_stance"
	TemplateNoStance          = "no_stance"
	TemplateSupportsAsk       = "supports_ask"
	TemplateOpposesAsk        = "opposes_ask"
	TemplateSupports          = "supports"
	TemplateOpposes           = "opposes"
	TemplateCommitteeSeat     = "committee_seat"
	TemplateTopFunder         = "top_funder"
	TemplateCommitment        = "commitment"
	TemplateMeeting           = "meeting"
)

// Draft limits.
const (
	questionFunders  = 3 // the largest organizations that gave
	questionMeetings = 3 // the newest logged meetings with an outcome
)

// QuestionDraft is the questions drafted for an official from the map.
type QuestionDraft struct {
	Official graph.EntityRef `json:"official"`
	AsOf     string          `json:"as_of"`
	// Questions are in template order (see the Template constants), each
	// group in a fixed order: the same map drafts the same questions.
	Questions []graph.Question `json:"questions"`
	// Issues names the issues the questions are about, by id.
	Issues map[string]graph.EntityRef `json:"issues"`
}

// QuestionBankView is an official's saved bank as the caller sees it.
type QuestionBankView struct {
	Official graph.EntityRef `json:"official"`
	// Saved is false when no bank is saved yet: Questions is then empty.
	Saved bool `json:"saved"`
	// Forum is the candidate forum the bank is for, if chosen.
	Forum     *ForumRef                  `json:"forum"`
	Questions []graph.Question           `json:"questions"`
	Issues    map[string]graph.EntityRef `json:"issues"`
	// Revision is the saved bank's revision, to make a save conditional;
	// empty for a viewer (it would depend on what they do not see).
	Revision  string    `json:"revision,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	By        string    `json:"by,omitempty"`
}

// ForumRef names a candidate forum.
type ForumRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Date  string `json:"date"`
	Place string `json:"place,omitempty"`
}

// questionStore returns the store's question banks, or Unavailable.
func (a *App) questionStore(op string) (graph.QuestionStore, error) {
	qs, ok := a.store.(graph.QuestionStore)
	if !ok {
		return nil, graph.Errorf(op, graph.Unavailable, "this store keeps no question banks")
	}
	return qs, nil
}

// official resolves ref (an id or a unique name) to an official the
// caller sees; another kind is Invalid on field.
func (a *App) official(ctx context.Context, v *view, op, field, ref, what string) (graph.Entity, error) {
	if trim(ref) == "" {
		return graph.Entity{}, fieldError(op, field, "must name an official by id or name")
	}
	off, err := a.resolve(ctx, v, field, ref)
	if err != nil {
		return off, err
	}
	if off.Kind != graph.KindOfficial {
		return off, fieldError(op, field, strconv.Quote(off.Name)+" is "+article(off.Kind)+", not an official; "+what)
	}
	return off, nil
}

// theIssue names an issue in a sentence: "the Fair Housing Act", but
// "Housing and Hearths".
func theIssue(name string) string {
	if strings.HasSuffix(name, " Act") || strings.Contains(name, "Bill of Rights") {
		return "the " + name
	}
	return name
}

func sentence(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".!? ")
	if s == "" {
		return s
	}
	return s + "."
}

func money(x float64) string {
	n := int64(x + 0.5)
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "$" + s
}

// draftID derives a drafted question's id from its template and sources.
func draftID(template string, sources []graph.QuestionSource) string {
	h := sha256.New()
	h.Write([]byte(template))
	for _, s := range sources {
		h.Write([]byte{0})
		h.Write([]byte(string(s.Kind) + ":" + s.ID))
	}
	return "q_" + hex.EncodeToString(h.Sum(nil)[:6])
}

// drafter collects the questions of a draft.
type drafter struct {
	qs []graph.Question
}

func (d *drafter) add(template, issue, text string, sources ...graph.QuestionSource) {
	d.qs = append(d.qs, graph.Question{ID: draftID(template, sources), Text: text, Template: template, Issue: issue, Sources: sources})
}

func entitySource(e graph.EntityRef) graph.QuestionSource {
	return graph.QuestionSource{Kind: graph.SourceEntity, ID: e.ID, Name: e.Name}
}

func tieSource(r *graph.Relationship, off string, other graph.EntityRef) graph.QuestionSource {
	name := r.Type.Phrase(r.Source != off) + " " + other.Name
	if r.Type == graph.DonatedTo && r.Amount > 0 {
		name = other.Name + " gave " + money(r.Amount)
		if r.Date != "" {
			name += " (" + r.Date + ")"
		}
	}
	return graph.QuestionSource{Kind: graph.SourceRelationship, ID: r.ID, Name: name}
}

// DraftQuestions drafts forum questions for an official (ref: an id or a
// unique name) from the map the caller sees: their stances on the issues
// of our active campaigns and on other issues, their committee seats,
// their largest funders, their commitments to our campaigns, and what
// they told us in logged meetings. Each question cites its sources.
func (a *App) DraftQuestions(ctx context.Context, c Caller, ref string) (*QuestionDraft, error) {
	const op = "app.DraftQuestions"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	v := a.viewOf(c)
	off, err := a.official(ctx, v, op, "id", ref, "forum questions are drafted for an official or candidate")
	if err != nil {
		return nil, err
	}
	now := a.now()
	ties, err := v.neighbors(ctx, off.ID, nil)
	if err != nil {
		return nil, graph.E(op, notFoundAs(err, func() error { return noEntity("id", ref) }))
	}
	ties = slices.Clone(ties)
	slices.SortFunc(ties, func(x, y graph.Neighbor) int { return strings.Compare(x.Relationship.ID, y.Relationship.ID) })
	offRef := graph.RefOf(&off)
	out := &QuestionDraft{Official: offRef, AsOf: a.Today(), Issues: map[string]graph.EntityRef{}}

	// Their stances (the strongest tie of each side) and committee seats.
	type stance struct {
		issue    graph.EntityRef
		sup, opp *graph.Relationship
	}
	stances := map[string]*stance{}
	type seat struct {
		org  graph.EntityRef
		tie  *graph.Relationship
		role string
	}
	var seats []seat
	for i := range ties {
		r, e := &ties[i].Relationship, &ties[i].Entity
		if r.Source != off.ID || !graph.Current(r.Until, now) {
			continue
		}
		switch {
		case (r.Type == graph.Supports || r.Type == graph.Opposes) && e.Kind == graph.KindIssue:
			st := stances[e.ID]
			if st == nil {
				st = &stance{issue: graph.RefOf(e)}
				stances[e.ID] = st
			}
			side := &st.sup
			if r.Type == graph.Opposes {
				side = &st.opp
			}
			if *side == nil || r.Strength > (*side).Strength {
				*side = r
			}
		case (r.Type == graph.ServesOn || r.Type == graph.MemberOf) && e.IsOrganization():
			role := r.Props["role"]
			if role == "" {
				role = "member"
			}
			if k := slices.IndexFunc(seats, func(s seat) bool { return s.org.ID == e.ID }); k >= 0 {
				if role != "member" {
					seats[k].role, seats[k].tie = role, r
				}
				continue
			}
			seats = append(seats, seat{org: graph.RefOf(e), tie: r, role: role})
		}
	}
	seatRank := func(role string) int {
		switch strings.ToLower(role) {
		case "chair", "chairman", "chairwoman", "chairperson":
			return 0
		case "member":
			return 2
		}
		return 1
	}
	slices.SortFunc(seats, func(x, y seat) int {
		return cmp.Or(cmp.Compare(seatRank(x.role), seatRank(y.role)), strings.Compare(x.org.Name, y.org.Name), strings.Compare(x.org.ID, y.org.ID))
	})
	alignmentOf := func(st *stance) (graph.Alignment, []graph.QuestionSource) {
		if st == nil {
			return graph.AlignmentUnknown, nil
		}
		var sup, opp float64
		var src []graph.QuestionSource
		for _, r := range []*graph.Relationship{st.sup, st.opp} {
			if r == nil {
				continue
			}
			if r.Type == graph.Supports {
				sup = r.Strength
			} else {
				opp = r.Strength
			}
			src = append(src, tieSource(r, off.ID, st.issue))
		}
		return graph.AlignmentOf(sup, opp, true), src
	}

	// Our active campaigns, by name, one per issue.
	var campaigns []graph.Campaign
	if v.campaigns != nil {
		all, err := a.Campaigns(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, cp := range all {
			if cp.Active(now) && cp.Issue != "" {
				campaigns = append(campaigns, cp)
			}
		}
		slices.SortFunc(campaigns, func(x, y graph.Campaign) int {
			return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
		})
	}
	d := &drafter{}
	usedIssue, usedSeat := map[string]bool{}, map[string]bool{}
	for _, cp := range campaigns {
		if usedIssue[cp.Issue] {
			continue
		}
		is, err := v.store.Entity(ctx, cp.Issue)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return nil, graph.E(op, err)
		}
		usedIssue[cp.Issue] = true
		issue := graph.RefOf(&is)
		out.Issues[issue.ID] = issue
		cpSrc := graph.QuestionSource{Kind: graph.SourceCampaign, ID: cp.ID, Name: cp.Name}
		al, stSrc := alignmentOf(stances[cp.Issue])
		name := theIssue(issue.Name)
		switch {
		case (!al.Known() || al == graph.Neutral) && len(seats) > 0:
			s := seats[0]
			usedSeat[s.org.ID] = true
			verb, ask := "sit on", "Will you vote yes in committee?"
			if seatRank(s.role) == 0 {
				verb, ask = "chair", "Will you bring it to a vote in committee, and vote yes?"
			}
			d.add(TemplateCommitteeNoStance, issue.ID, "You "+verb+" the "+s.org.Name+" and have not taken a position on "+name+". "+ask,
				append([]graph.QuestionSource{tieSource(s.tie, off.ID, s.org), entitySource(issue), cpSrc}, stSrc...)...)
		case !al.Known() || al == graph.Neutral:
			d.add(TemplateNoStance, issue.ID, "You have not taken a position on "+name+". Our campaign asks: "+sentence(cp.Ask)+" Will you?",
				append([]graph.QuestionSource{entitySource(issue), cpSrc}, stSrc...)...)
		case al > 0:
			d.add(TemplateSupportsAsk, issue.ID, "You support "+name+". Our campaign asks: "+sentence(cp.Ask)+" Will you commit to that tonight?",
				append(stSrc, entitySource(issue), cpSrc)...)
		default:
			d.add(TemplateOpposesAsk, issue.ID, "You have opposed "+name+". What would it take for you to support it?",
				append(stSrc, entitySource(issue), cpSrc)...)
		}
	}
	// Their other stances, by issue name.
	var others []*stance
	for id, st := range stances {
		if !usedIssue[id] {
			others = append(others, st)
		}
	}
	slices.SortFunc(others, func(x, y *stance) int {
		return cmp.Or(strings.Compare(x.issue.Name, y.issue.Name), strings.Compare(x.issue.ID, y.issue.ID))
	})
	for _, st := range others {
		al, src := alignmentOf(st)
		name := theIssue(st.issue.Name)
		switch {
		case al > 0:
			out.Issues[st.issue.ID] = st.issue
			d.add(TemplateSupports, st.issue.ID, "You support "+name+". What will you do this session to move it forward?", append(src, entitySource(st.issue))...)
		case al < 0:
			out.Issues[st.issue.ID] = st.issue
			d.add(TemplateOpposes, st.issue.ID, "You oppose "+name+". What would change your mind?", append(src, entitySource(st.issue))...)
		}
	}
	// Their other committee seats.
	for _, s := range seats {
		if usedSeat[s.org.ID] {
			continue
		}
		role := "a member"
		if s.role != "member" {
			role = strings.ToLower(s.role)
		}
		d.add(TemplateCommitteeSeat, "", "You serve as "+role+" of the "+s.org.Name+
			". What will you do there this session for the people who rely on health and human services?", tieSource(s.tie, off.ID, s.org))
	}
	if err := a.draftFunders(ctx, v, d, &off, ties); err != nil {
		return nil, graph.E(op, err)
	}
	if err := a.draftHistory(ctx, c, v, d, &off, out); err != nil {
		return nil, graph.E(op, err)
	}
	out.Questions = d.qs
	if out.Questions == nil {
		out.Questions = []graph.Question{}
	}
	return out, nil
}

// draftFunders asks about the organizations that gave the most to the
// official and to the committees they lead (as the brief's funding adds
// them up), all cycles together.
func (a *App) draftFunders(ctx context.Context, v *view, d *drafter, off *graph.Entity, ties []graph.Neighbor) error {
	own := map[string]bool{off.ID: true}
	recipients := []string{off.ID}
	for i := range ties {
		r, e := &ties[i].Relationship, &ties[i].Entity
		if r.Type == graph.Leads && r.Source == off.ID && e.IsOrganization() && !own[e.ID] {
			own[e.ID] = true
			recipients = append(recipients, e.ID)
		}
	}
	type giver struct {
		ref    graph.EntityRef
		amount float64
		gifts  []*graph.Relationship
	}
	by := map[string]*giver{}
	for k, rc := range recipients {
		ns := ties
		if k > 0 {
			var err error
			ns, err = v.neighbors(ctx, rc, []graph.RelType{graph.DonatedTo})
			if graph.Is(err, graph.NotFound) {
				continue
			}
			if err != nil {
				return err
			}
		}
		for i := range ns {
			r, e := &ns[i].Relationship, &ns[i].Entity
			if r.Type != graph.DonatedTo || r.Target != rc || own[r.Source] || r.Amount <= 0 || !e.IsOrganization() {
				continue
			}
			g := by[e.ID]
			if g == nil {
				g = &giver{ref: graph.RefOf(e)}
				by[e.ID] = g
			}
			g.amount += r.Amount
			g.gifts = append(g.gifts, r)
		}
	}
	var gs []*giver
	for _, g := range by {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(x, y *giver) int {
		return cmp.Or(cmp.Compare(round2(y.amount), round2(x.amount)), strings.Compare(x.ref.Name, y.ref.Name), strings.Compare(x.ref.ID, y.ref.ID))
	})
	for _, g := range gs[:min(len(gs), questionFunders)] {
		slices.SortFunc(g.gifts, func(x, y *graph.Relationship) int {
			return cmp.Or(cmp.Compare(y.Amount, x.Amount), strings.Compare(x.ID, y.ID))
		})
		src := []graph.QuestionSource{entitySource(g.ref)}
		for _, r := range g.gifts[:min(len(g.gifts), 3)] {
			src = append(src, tieSource(r, off.ID, g.ref))
		}
		d.add(TemplateTopFunder, "", g.ref.Name+" has given "+money(g.amount)+
			" to your campaigns. When its interests and your constituents' differ, whose come first?", src...)
	}
	return nil
}

// draftHistory asks about what the official committed to in our
// campaigns and what they told us in logged meetings.
func (a *App) draftHistory(ctx context.Context, c Caller, v *view, d *drafter, off *graph.Entity, out *QuestionDraft) error {
	if v.campaigns == nil {
		return nil
	}
	campaigns, err := a.briefCampaigns(ctx, c, off.ID)
	if err != nil {
		return err
	}
	slices.SortFunc(campaigns, func(x, y graph.Campaign) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	offSrc := entitySource(graph.RefOf(off))
	for _, cp := range campaigns {
		t, _ := cp.Target(off.ID)
		if t.Commitment == "" {
			continue
		}
		when := ""
		if t.CommittedOn != "" {
			when = " on " + t.CommittedOn
		}
		issue := ""
		if ref, err := names(ctx, v, []string{cp.Issue}); err == nil {
			if r, ok := ref[cp.Issue]; ok {
				issue = r.ID
				out.Issues[r.ID] = r
			}
		} else {
			return err
		}
		d.add(TemplateCommitment, issue, "You committed"+when+" to our campaign "+cp.Name+": \""+strings.TrimSpace(t.Commitment)+
			"\". Will you keep that commitment, and when?", graph.QuestionSource{Kind: graph.SourceCampaign, ID: cp.ID, Name: cp.Name}, offSrc)
	}
	ixs, err := v.campaigns.Interactions(ctx, graph.InteractionQuery{Entity: off.ID})
	if err != nil {
		return err
	}
	ixs = slices.Clone(ixs)
	slices.SortFunc(ixs, func(x, y graph.Interaction) int { return graph.NewestFirst(&x, &y) })
	n := 0
	for _, ix := range ixs {
		if n == questionMeetings {
			break
		}
		if strings.TrimSpace(ix.Outcome) == "" {
			continue
		}
		n++
		d.add(TemplateMeeting, "", "When we met on "+ix.Date+", you told us: \""+strings.TrimRight(strings.TrimSpace(ix.Outcome), ".")+
			"\". Will you say so here, in public?", graph.QuestionSource{Kind: graph.SourceInteraction, ID: ix.ID, Name: ix.Type.Label() + " on " + ix.Date}, offSrc)
	}
	return nil
}

// sourceShown reports whether the caller's view holds the source s. An
// event is shown when it exists: events are not hidden.
func (a *App) sourceShown(ctx context.Context, v *view, s graph.QuestionSource) (bool, error) {
	var err error
	switch s.Kind {
	case graph.SourceEntity:
		_, err = v.store.Entity(ctx, s.ID)
	case graph.SourceRelationship:
		_, err = v.store.Relationship(ctx, s.ID)
	case graph.SourceInteraction, graph.SourceCampaign:
		if v.campaigns == nil {
			return false, nil
		}
		if s.Kind == graph.SourceInteraction {
			_, err = v.campaigns.Interaction(ctx, s.ID)
		} else {
			_, err = v.campaigns.Campaign(ctx, s.ID)
		}
	case graph.SourceEvent:
		es, ok := a.store.(graph.EventStore)
		if !ok {
			return false, nil
		}
		_, err = es.Event(ctx, s.ID)
	default:
		return false, nil
	}
	if graph.Is(err, graph.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// bankView returns bank b of off as the caller sees it.
func (a *App) bankView(ctx context.Context, c Caller, off *graph.Entity, b *graph.QuestionBank, saved bool) (*QuestionBankView, error) {
	v := a.viewOf(c)
	out := &QuestionBankView{Official: graph.RefOf(off), Saved: saved, Questions: []graph.Question{}, Issues: map[string]graph.EntityRef{}}
	if !saved {
		return out, nil
	}
	out.UpdatedAt, out.By = b.UpdatedAt, b.By
	if c.seesAll() {
		out.Revision = b.Revision()
	}
	var issues []string
	for _, q := range b.Questions {
		if !c.seesAll() {
			keep := true
			srcs := q.Sources
			if q.Issue != "" {
				srcs = append(slices.Clone(srcs), graph.QuestionSource{Kind: graph.SourceEntity, ID: q.Issue})
			}
			for _, s := range srcs {
				ok, err := a.sourceShown(ctx, v, s)
				if err != nil {
					return nil, err
				}
				keep = keep && ok
			}
			if !keep {
				continue
			}
		}
		out.Questions = append(out.Questions, q)
		if q.Issue != "" {
			issues = append(issues, q.Issue)
		}
	}
	refs, err := names(ctx, v, issues)
	if err != nil {
		return nil, err
	}
	out.Issues = refs
	if b.Forum != "" {
		if es, ok := a.store.(graph.EventStore); ok {
			e, err := es.Event(ctx, b.Forum)
			switch {
			case err == nil:
				out.Forum = &ForumRef{ID: e.ID, Name: e.Name, Date: e.Date, Place: e.Place}
			case !graph.Is(err, graph.NotFound):
				return nil, err
			}
		}
	}
	return out, nil
}

// QuestionBank returns the saved question bank of an official (ref: an id
// or a unique name) as the caller sees it; with none saved, an empty bank
// with Saved false.
func (a *App) QuestionBank(ctx context.Context, c Caller, ref string) (*QuestionBankView, error) {
	const op = "app.QuestionBank"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	qs, err := a.questionStore(op)
	if err != nil {
		return nil, err
	}
	off, err := a.official(ctx, a.viewOf(c), op, "id", ref, "question banks are kept for officials and candidates")
	if err != nil {
		return nil, err
	}
	b, err := qs.QuestionBank(ctx, off.ID)
	switch {
	case graph.Is(err, graph.NotFound):
		return a.bankView(ctx, c, &off, nil, false)
	case err != nil:
		return nil, graph.E(op, err)
	}
	return a.bankView(ctx, c, &off, &b, true)
}

// QuestionBankInput is what an organizer saves: the forum, and the
// questions in the order they will be asked. A question without an id is
// new and gets one. Revision, when set, makes the save conditional on the
// stored bank's revision.
type QuestionBankInput struct {
	Forum     string           `json:"forum"`
	Questions []graph.Question `json:"questions"`
	Revision  string           `json:"revision,omitempty"`
}

// forum checks that id names a candidate forum; field names the request
// field.
func (a *App) forum(ctx context.Context, op, field, id string) (graph.Event, error) {
	es, err := a.eventStore(op)
	if err != nil {
		return graph.Event{}, err
	}
	e, err := es.Event(ctx, id)
	if graph.Is(err, graph.NotFound) {
		return e, fieldError(op, field, "no event "+strconv.Quote(id))
	}
	if err != nil {
		return e, graph.E(op, err)
	}
	if e.Type != graph.EventCandidateForum {
		return e, fieldError(op, field, strconv.Quote(e.Name)+" is a "+e.Type.Label()+", not a candidate forum")
	}
	return e, nil
}

// SaveQuestionBank saves an official's question bank, replacing the one
// saved: its forum must be a candidate forum, and every question's
// sources must exist (Invalid, naming "questions[i].sources[j].id").
// Editors only.
func (a *App) SaveQuestionBank(ctx context.Context, c Caller, ref string, in QuestionBankInput) (*QuestionBankView, error) {
	const op = "app.SaveQuestionBank"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	qs, err := a.questionStore(op)
	if err != nil {
		return nil, err
	}
	off, err := a.official(ctx, a.all, op, "id", ref, "question banks are kept for officials and candidates")
	if err != nil {
		return nil, err
	}
	b := graph.QuestionBank{Official: off.ID, Forum: trim(in.Forum), Questions: slices.Clone(in.Questions), By: c.Actor}
	if b.Forum != "" {
		if _, err := a.forum(ctx, op, "forum", b.Forum); err != nil {
			return nil, err
		}
	}
	for i := range b.Questions {
		q := &b.Questions[i]
		if trim(q.ID) == "" {
			q.ID = graph.NewQuestionID()
		}
		field := "questions[" + strconv.Itoa(i) + "]"
		if q.Issue != "" {
			if _, err := a.issue(ctx, a.all, field+".issue", q.Issue); err != nil {
				return nil, fieldError(op, field+".issue", "no issue "+strconv.Quote(q.Issue))
			}
		}
		for j, s := range q.Sources {
			ok, err := a.sourceShown(ctx, a.all, graph.QuestionSource{Kind: graph.SourceKind(strings.ToLower(trim(string(s.Kind)))), ID: trim(s.ID)})
			if err != nil {
				return nil, graph.E(op, err)
			}
			if !ok && graph.SourceKind(strings.ToLower(trim(string(s.Kind)))).Valid() {
				return nil, fieldError(op, field+".sources["+strconv.Itoa(j)+"].id", "no "+string(s.Kind)+" "+strconv.Quote(s.ID))
			}
		}
	}
	saved, err := qs.SaveQuestionBank(ctx, b, in.Revision, a.entry(c, "questions.save", off.ID, map[string]string{"questions": strconv.Itoa(len(b.Questions))}))
	if err != nil {
		return nil, graph.E(op, err)
	}
	return a.bankView(ctx, c, &off, &saved, true)
}

// AnswerInput records a question's outcome at the forum. Stance, when
// set, records the official's stance on Issue (the question's issue
// unless given) as a SUPPORTS or OPPOSES tie that cites Forum (the bank's
// forum unless given). AskedOn defaults to the forum's date.
type AnswerInput struct {
	Asked    *bool            `json:"asked"`
	AskedOn  string           `json:"asked_on"`
	Answer   string           `json:"answer"`
	Stance   *graph.Alignment `json:"stance"`
	Issue    string           `json:"issue"`
	Forum    string           `json:"forum"`
	Revision string           `json:"revision,omitempty"`
}

// AnswerQuestion marks question id of an official's saved bank asked (or
// not, with Asked false, which clears its answer but leaves in the map any
// stance it recorded) and records the answer; with a stance, it also
// sets the official's stance on the issue in the graph, citing the forum,
// so that the power grid and every stance reader show it. Editors only.
func (a *App) AnswerQuestion(ctx context.Context, c Caller, ref, id string, in AnswerInput) (*QuestionBankView, error) {
	const op = "app.AnswerQuestion"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	qs, err := a.questionStore(op)
	if err != nil {
		return nil, err
	}
	off, err := a.official(ctx, a.all, op, "id", ref, "question banks are kept for officials and candidates")
	if err != nil {
		return nil, err
	}
	b, err := qs.QuestionBank(ctx, off.ID)
	if graph.Is(err, graph.NotFound) {
		return nil, &graph.Error{Op: op, Code: graph.NotFound, Message: "no question bank is saved for " + off.Name + "; save one first"}
	}
	if err != nil {
		return nil, graph.E(op, err)
	}
	rev := b.Revision()
	if in.Revision != "" && in.Revision != rev {
		return nil, graph.QuestionBankMismatch(op, off.ID, in.Revision, rev)
	}
	q := b.Question(trim(id))
	if q == nil {
		reason := "no question " + strconv.Quote(id) + " in the bank of " + off.Name
		return nil, &graph.Error{Op: op, Code: graph.NotFound, Message: reason, Details: []graph.Detail{{Field: "question", Reason: reason}}}
	}
	forumID := cmp.Or(trim(in.Forum), b.Forum)
	var forum graph.Event
	if forumID != "" {
		if forum, err = a.forum(ctx, op, "forum", forumID); err != nil {
			return nil, err
		}
		if b.Forum == "" {
			b.Forum = forum.ID
		}
	}
	q.Asked = in.Asked == nil || *in.Asked
	q.Answer = trim(in.Answer)
	q.AskedOn = cmp.Or(trim(in.AskedOn), forum.Date)
	if !q.Asked {
		q.AskedOn, q.Answer, q.Stance = "", "", nil
	}
	if q.AskedOn == "" {
		q.AskedOn = a.Today()
	}
	if in.Stance != nil {
		if !q.Asked {
			return nil, fieldError(op, "stance", "a question not asked records no stance")
		}
		if !in.Stance.Known() || !in.Stance.Valid() {
			return nil, fieldError(op, "stance", "must be an integer from -2 (strong opposition) to +2 (strong support); got "+in.Stance.String())
		}
		if forumID == "" {
			return nil, fieldError(op, "forum", "a stance from a forum answer cites the forum: choose the candidate forum")
		}
		issueRef := cmp.Or(trim(in.Issue), q.Issue)
		if issueRef == "" {
			return nil, fieldError(op, "issue", "this question is about no issue: name the issue the stance is on")
		}
		is, err := a.issue(ctx, a.all, "issue", issueRef)
		if err != nil {
			return nil, err
		}
		q.Issue = is.ID
		al := *in.Stance
		q.Stance = &al
		cite := func(r *graph.Relationship) {
			r.Date = forum.Date
			r.Notes = "Said at " + forum.Name + " (" + forum.Date + ")"
			r.Props = map[string]string{"source": string(graph.EventCandidateForum), "event": forum.ID}
		}
		if err := a.writeStance(ctx, c, off.ID, is.ID, al, cite, map[string]string{"forum": forum.ID, "question": q.ID}); err != nil {
			return nil, graph.E(op, err)
		}
		// The question now cites the stance it recorded and the forum, in
		// place of the stance tie it was drafted from (deleted if the
		// stance changed sides).
		old := graph.StanceIDs(off.ID, is.ID)
		q.Sources = slices.DeleteFunc(q.Sources, func(s graph.QuestionSource) bool {
			return (s.Kind == graph.SourceRelationship && slices.Contains(old, s.ID)) || (s.Kind == graph.SourceEvent && s.ID == forum.ID)
		})
		tie, _ := graph.StanceTie(off.ID, is.ID, al)
		q.Sources = append(q.Sources,
			graph.QuestionSource{Kind: graph.SourceRelationship, ID: tie.ID, Name: al.Label() + " " + is.Name + " (said at the forum)"},
			graph.QuestionSource{Kind: graph.SourceEvent, ID: forum.ID, Name: forum.Name + " (" + forum.Date + ")"})
	}
	b.By = c.Actor
	saved, err := qs.SaveQuestionBank(ctx, b, rev, a.entry(c, "questions.answer", off.ID, map[string]string{"question": q.ID}))
	if err != nil {
		return nil, graph.E(op, err)
	}
	return a.bankView(ctx, c, &off, &saved, true)
}

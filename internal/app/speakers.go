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

// Client speakers: people who agreed to tell in public how the agency
// helped them, what their story is about, and where they may tell it.
//
// The contract of a consent write. RecordConsent and WithdrawConsent each
// make ONE graph.Batch holding one entity: the person, with the consent's
// properties and the label speaker set (consent in force) or removed
// (withdrawn), conditional on the revision read, with its audit entry in
// the same transaction (see graph.Consent). Every answer that knows a
// speaker reads that one entity, so after a withdrawal returns no answer
// asked afterwards holds the speaker as one: Speakers, the matches
// (SpeakersForEvent, SpeakersForTarget), the outreach list, which takes a
// client as a messenger only when labelled speaker, and the legislator
// brief, which names a consenting client speaker of the district to
// editors and names nobody hidden otherwise.
//
// Privacy. Speakers are private by default: most are clients, and a client
// is a private record. Every answer here is computed from the caller's
// view, so a viewer gets only speakers whose entity is public (a member of
// ours who is not a client), never a client, and no count or error that
// depends on one. A hidden person's consent is not found exactly as a
// missing person's is.

// Speaker is a person's consent to speak, as the caller sees it.
type Speaker struct {
	Person   graph.EntityRef `json:"person"`
	District string          `json:"district,omitempty"`
	// Recorded is false for a person labelled speaker by hand or by an
	// import, with no consent on record; Consent is then empty.
	Recorded bool          `json:"recorded"`
	Consent  graph.Consent `json:"consent"`
	// ScopeLabel reads the scope in words: "events and press".
	ScopeLabel string `json:"scope_label,omitempty"`
	// Topics are the issues of the story that the caller may see.
	Topics []graph.EntityRef `json:"topics"`
}

// SpeakerList is the speakers whose consent is in force, by name.
type SpeakerList struct {
	Items []Speaker `json:"items"`
}

// SpeakersQuery filters the speaker list: Issue (an id or a name) keeps
// those whose story is about it, Scope those of that scope.
type SpeakersQuery struct {
	Issue string
	Scope string
}

// ConsentInput records a consent: its scope (see graph.ParseConsentScope),
// the day it was given (today when empty) and the issues of the story (ids
// or names, at least one).
type ConsentInput struct {
	Scope  string   `json:"scope"`
	Date   string   `json:"date,omitempty"`
	Topics []string `json:"topics"`
}

// WithdrawInput withdraws a consent on a day (today when empty).
type WithdrawInput struct {
	Date string `json:"date,omitempty"`
}

// speakerOf describes entity e's consent with the topics v shows.
func speakerOf(ctx context.Context, v *view, e *graph.Entity, memo map[string]*graph.EntityRef) (Speaker, error) {
	con, ok := graph.ConsentOf(e)
	s := Speaker{Person: graph.RefOf(e), District: e.District, Recorded: ok, Consent: con, Topics: []graph.EntityRef{}}
	if ok {
		s.ScopeLabel = con.Scope.Label()
	}
	for _, id := range con.Topics {
		ref, seen := memo[id]
		if !seen {
			x, err := v.store.Entity(ctx, id)
			switch {
			case err == nil && x.Kind == graph.KindIssue:
				r := graph.RefOf(&x)
				ref = &r
			case err != nil && !graph.Is(err, graph.NotFound):
				return s, err
			}
			memo[id] = ref
		}
		if ref != nil {
			s.Topics = append(s.Topics, *ref)
		}
	}
	// The ids too: a topic the caller may not see is not there.
	s.Consent.Topics = make([]string, len(s.Topics))
	for i, t := range s.Topics {
		s.Consent.Topics[i] = t.ID
	}
	slices.Sort(s.Consent.Topics)
	return s, nil
}

// speakers lists the people v shows labelled speaker, by name.
func (a *App) speakers(ctx context.Context, v *view) ([]Speaker, error) {
	es, err := v.store.Entities(ctx, graph.EntityQuery{Label: graph.LabelSpeaker})
	if err != nil {
		return nil, err
	}
	memo := map[string]*graph.EntityRef{}
	out := make([]Speaker, 0, len(es))
	for i := range es {
		if es[i].Kind != graph.KindPerson {
			continue
		}
		s, err := speakerOf(ctx, v, &es[i], memo)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y Speaker) int {
		return cmp.Or(strings.Compare(x.Person.Name, y.Person.Name), strings.Compare(x.Person.ID, y.Person.ID))
	})
	return out, nil
}

// Speakers lists the people whose consent to speak is in force (labelled
// speaker), by name, with their scope, consent date and story topics, as
// the caller may see them.
func (a *App) Speakers(ctx context.Context, c Caller, q SpeakersQuery) (*SpeakerList, error) {
	const op = "app.Speakers"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	v := a.viewOf(c)
	var issue, scope string
	if trim(q.Issue) != "" {
		e, err := a.issue(ctx, v, "issue", q.Issue)
		if err != nil {
			return nil, graph.E(op, err)
		}
		issue = e.ID
	}
	if trim(q.Scope) != "" {
		s, err := graph.ParseConsentScope(q.Scope)
		if err != nil {
			return nil, graph.E(op, err)
		}
		scope = string(s)
	}
	all, err := a.speakers(ctx, v)
	if err != nil {
		return nil, graph.E(op, err)
	}
	out := all[:0]
	for _, s := range all {
		if (issue == "" || slices.ContainsFunc(s.Topics, func(r graph.EntityRef) bool { return r.ID == issue })) &&
			(scope == "" || string(s.Consent.Scope) == scope) {
			out = append(out, s)
		}
	}
	return &SpeakerList{Items: out}, nil
}

// Consent returns one person's consent record, in force, withdrawn or not
// recorded (Recorded false). A hidden person is not found.
func (a *App) Consent(ctx context.Context, c Caller, person string) (*Speaker, error) {
	const op = "app.Consent"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	v := a.viewOf(c)
	e, err := a.resolve(ctx, v, "person", person)
	if err != nil {
		return nil, graph.E(op, err)
	}
	s, err := speakerOf(ctx, v, &e, map[string]*graph.EntityRef{})
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &s, nil
}

// day parses a YYYY-MM-DD day for field, today when empty, and refuses a
// day after today.
func (a *App) day(op, field, s string) (string, error) {
	s = trim(s)
	today := a.Today()
	if s == "" {
		return today, nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fieldError(op, field, "must be a day (YYYY-MM-DD), got "+clipQuote(s))
	}
	if s > today {
		return "", fieldError(op, field, "must not be after today ("+today+")")
	}
	return s, nil
}

func clipQuote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + s + `"`
}

// consentPerson reads the person a consent write is about, as an editor.
func (a *App) consentPerson(ctx context.Context, op, person string) (graph.Entity, error) {
	e, err := a.resolve(ctx, a.all, "person", person)
	if err != nil {
		return e, graph.E(op, err)
	}
	if e.Kind != graph.KindPerson {
		return e, fieldError(op, "person", "must be a person, got "+string(e.Kind)+" "+clipQuote(e.Name))
	}
	return e, nil
}

// writeConsent writes consent con on e in one batch, conditional on e's
// revision as read (Conflict if it changed since), with its audit entry.
func (a *App) writeConsent(ctx context.Context, c Caller, op, action string, e graph.Entity, con graph.Consent) (*Speaker, error) {
	rev := e.Revision()
	con.Apply(&e)
	if err := e.Validate(); err != nil {
		return nil, graph.E(op, err)
	}
	b := &graph.Batch{
		Entities: []graph.Entity{e},
		Expect:   []graph.Expectation{{Entity: e.ID, Revision: rev}},
		Audit: a.auditBatch(c, e.ID, func(graph.Stats) (string, map[string]string) {
			d := map[string]string{"scope": string(con.Scope), "date": con.Date}
			if con.Withdrawn != "" {
				d["withdrawn"] = con.Withdrawn
			}
			return action, d
		}),
	}
	if _, err := a.apply(ctx, op, b, false); err != nil {
		return nil, err
	}
	// The label moved: viewers' analysis (the outreach list's messengers)
	// must not answer from before the write.
	a.raiseFence(ctx)
	s, err := speakerOf(ctx, a.all, &e, map[string]*graph.EntityRef{})
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &s, nil
}

// RecordConsent records a person's consent to speak, and makes them a
// speaker (label speaker), in one write (see the contract at the top of
// this file). A consent recorded again replaces the former one, and a
// withdrawn consent given again is in force again. Bad input is Invalid
// naming the field: person (not a person), scope, date (not a day, or
// after today), topics (none, or one that is not an issue).
func (a *App) RecordConsent(ctx context.Context, c Caller, person string, in ConsentInput) (*Speaker, error) {
	const op = "app.RecordConsent"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	e, err := a.consentPerson(ctx, op, person)
	if err != nil {
		return nil, err
	}
	scope, err := graph.ParseConsentScope(in.Scope)
	if err != nil {
		return nil, graph.E(op, err)
	}
	date, err := a.day(op, "date", in.Date)
	if err != nil {
		return nil, err
	}
	con := graph.Consent{Scope: scope, Date: date}
	for _, ref := range in.Topics {
		if trim(ref) == "" {
			continue
		}
		x, err := a.resolve(ctx, a.all, "topics", ref)
		if err != nil {
			return nil, graph.E(op, err)
		}
		if x.Kind != graph.KindIssue {
			return nil, fieldError(op, "topics", clipQuote(ref)+" is "+string(x.Kind)+", not an issue")
		}
		con.Topics = append(con.Topics, x.ID)
	}
	if len(con.Topics) == 0 {
		return nil, fieldError(op, "topics", "must name at least one issue the story is about")
	}
	con.Normalize()
	if err := con.Validate(); err != nil {
		return nil, graph.E(op, err)
	}
	return a.writeConsent(ctx, c, op, "speaker.consent", e, con)
}

// WithdrawConsent withdraws a person's consent on a day, in ONE write that
// also removes the label speaker: from the moment it returns, the person
// is in no speaker list, no match, no outreach list as a client messenger
// and no brief as a speaker. The record of what was given is kept, with
// the day it was withdrawn. A person who is neither labelled speaker nor
// has a consent in force is Invalid on field person.
func (a *App) WithdrawConsent(ctx context.Context, c Caller, person string, in WithdrawInput) (*Speaker, error) {
	const op = "app.WithdrawConsent"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	e, err := a.consentPerson(ctx, op, person)
	if err != nil {
		return nil, err
	}
	con, ok := graph.ConsentOf(&e)
	if !e.HasLabel(graph.LabelSpeaker) && !(ok && con.InForce()) {
		return nil, fieldError(op, "person", clipQuote(e.Name)+" has no consent to speak in force")
	}
	date, err := a.day(op, "date", in.Date)
	if err != nil {
		return nil, err
	}
	if !ok {
		// Labelled by hand: keep what is known, that it was withdrawn.
		con = graph.Consent{Scope: graph.ScopeInternal, Date: date}
	}
	if date < con.Date {
		return nil, fieldError(op, "date", "must not be before the consent's date "+con.Date)
	}
	con.Withdrawn = date
	return a.writeConsent(ctx, c, op, "speaker.withdraw", e, con)
}

// SpeakerMatch is a speaker matched to an event or a target.
type SpeakerMatch struct {
	Speaker
	// Shared are the speaker's topics among the event's or target's
	// issues.
	Shared []graph.EntityRef `json:"shared"`
	// Constituent reports that the speaker lives in the district of the
	// target, or of an official at the event.
	Constituent bool `json:"constituent"`
	// Why says it in words.
	Why string `json:"why"`
}

// SpeakerMatches are the speakers to ask for an event or a target, best
// first: most shared topics, then constituents, then by name.
type SpeakerMatches struct {
	// Target is the official matched to; Event the event.
	Target *graph.EntityRef `json:"target,omitempty"`
	Event  *MatchedEvent    `json:"event,omitempty"`
	// Issues are the issues the target cares about (or the officials at
	// the event): their stances and the issues of the active campaigns
	// that target them.
	Issues []graph.EntityRef `json:"issues"`
	Items  []SpeakerMatch    `json:"items"`
}

// MatchedEvent names the event of a match.
type MatchedEvent struct {
	ID   string          `json:"id"`
	Name string          `json:"name"`
	Type graph.EventType `json:"type"`
	Date string          `json:"date"`
}

// issuesOf adds to issues the issues official id cares about, as v shows
// them: the issues they SUPPORT or OPPOSE and those of the active
// campaigns that target them.
func (a *App) issuesOf(ctx context.Context, v *view, id string, campaigns []graph.Campaign, issues map[string]graph.EntityRef) error {
	ns, err := v.store.Neighbors(ctx, id, []graph.RelType{graph.Supports, graph.Opposes})
	if err != nil && !graph.Is(err, graph.NotFound) {
		return err
	}
	for _, n := range ns {
		if n.Entity.Kind == graph.KindIssue && n.Relationship.Source == id {
			issues[n.Entity.ID] = graph.RefOf(&n.Entity)
		}
	}
	now := a.now().In(a.loc)
	for _, cp := range campaigns {
		if _, ok := cp.Target(id); !ok || !cp.Active(now) || cp.Issue == "" {
			continue
		}
		if _, seen := issues[cp.Issue]; seen {
			continue
		}
		x, err := v.store.Entity(ctx, cp.Issue)
		switch {
		case err == nil:
			issues[x.ID] = graph.RefOf(&x)
		case !graph.Is(err, graph.NotFound):
			return err
		}
	}
	return nil
}

// match ranks the speakers of v whose consent in force allows (allow) for
// issues and the officials' districts: a speaker matches by sharing a
// topic or living in a district; when there are no issues, every allowed
// speaker matches.
func (a *App) match(ctx context.Context, v *view, allow func(graph.ConsentScope) bool, issues map[string]graph.EntityRef, districts []string) ([]SpeakerMatch, error) {
	all, err := a.speakers(ctx, v)
	if err != nil {
		return nil, err
	}
	out := []SpeakerMatch{}
	for _, s := range all {
		if !s.Recorded || !s.Consent.InForce() || !allow(s.Consent.Scope) {
			continue
		}
		m := SpeakerMatch{Speaker: s, Shared: []graph.EntityRef{}}
		for _, t := range s.Topics {
			if _, ok := issues[t.ID]; ok {
				m.Shared = append(m.Shared, t)
			}
		}
		m.Constituent = slices.ContainsFunc(districts, func(d string) bool { return outreach.DistrictMatch(s.District, d) })
		if len(issues) > 0 && len(m.Shared) == 0 && !m.Constituent {
			continue
		}
		m.Why = whyMatch(&m)
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(x, y SpeakerMatch) int {
		return cmp.Or(cmp.Compare(len(y.Shared), len(x.Shared)), cmp.Compare(boolInt(y.Constituent), boolInt(x.Constituent)))
	})
	return out, nil
}

func whyMatch(m *SpeakerMatch) string {
	var parts []string
	if len(m.Shared) > 0 {
		names := make([]string, len(m.Shared))
		for i, t := range m.Shared {
			names[i] = t.Name
		}
		parts = append(parts, "tells a story about "+strings.Join(names, " and "))
	}
	if m.Constituent {
		parts = append(parts, "lives in district "+m.District)
	}
	if len(parts) == 0 {
		parts = append(parts, "may speak here")
	}
	return strings.Join(parts, "; ") + " (consent: " + m.ScopeLabel + ", since " + m.Consent.Date + ")"
}

func refsOf(issues map[string]graph.EntityRef) []graph.EntityRef {
	out := make([]graph.EntityRef, 0, len(issues))
	for _, r := range issues {
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y graph.EntityRef) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	return out
}

// campaignsOf lists the campaigns v shows (none when it keeps none).
func campaignsOf(ctx context.Context, v *view) ([]graph.Campaign, error) {
	if v.campaigns == nil {
		return nil, nil
	}
	return v.campaigns.Campaigns(ctx)
}

// SpeakersForTarget matches speakers to a target: those whose consent
// allows speaking to officials (scope public or events) and whose story
// is about an issue the target cares about, or who live in the target's
// district. target is an id or a name (field "target").
func (a *App) SpeakersForTarget(ctx context.Context, c Caller, target string) (*SpeakerMatches, error) {
	const op = "app.SpeakersForTarget"
	if err := need(c, graph.RoleViewer, op); err != nil {
		return nil, err
	}
	v := a.viewOf(c)
	t, err := a.resolve(ctx, v, "target", target)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if t.Kind == graph.KindIssue {
		return nil, fieldError(op, "target", "must be an official or another person or organization, not an issue")
	}
	campaigns, err := campaignsOf(ctx, v)
	if err != nil {
		return nil, graph.E(op, err)
	}
	issues := map[string]graph.EntityRef{}
	if err := a.issuesOf(ctx, v, t.ID, campaigns, issues); err != nil {
		return nil, graph.E(op, err)
	}
	var districts []string
	if t.District != "" {
		districts = []string{t.District}
	}
	items, err := a.match(ctx, v, graph.ConsentScope.AllowsOfficials, issues, districts)
	if err != nil {
		return nil, graph.E(op, err)
	}
	ref := graph.RefOf(&t)
	return &SpeakerMatches{Target: &ref, Issues: refsOf(issues), Items: items}, nil
}

// SpeakersForEvent matches speakers to an event: those whose consent
// allows its type (an internal-only speaker speaks at trainings only) and
// whose story is about an issue one of the officials present cares about,
// or who live in one of their districts; at an event without officials,
// every speaker it allows.
func (a *App) SpeakersForEvent(ctx context.Context, c Caller, event string) (*SpeakerMatches, error) {
	const op = "app.SpeakersForEvent"
	ev, err := a.Event(ctx, c, event)
	if err != nil {
		return nil, graph.E(op, err)
	}
	v := a.viewOf(c)
	campaigns, err := campaignsOf(ctx, v)
	if err != nil {
		return nil, graph.E(op, err)
	}
	issues := map[string]graph.EntityRef{}
	var districts []string
	for _, id := range ev.Officials {
		if err := a.issuesOf(ctx, v, id, campaigns, issues); err != nil {
			return nil, graph.E(op, err)
		}
		o, err := v.store.Entity(ctx, id)
		if err == nil && o.District != "" {
			districts = append(districts, o.District)
		}
	}
	items, err := a.match(ctx, v, func(s graph.ConsentScope) bool { return s.AllowsEvent(ev.Type) }, issues, districts)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &SpeakerMatches{Event: &MatchedEvent{ID: ev.ID, Name: ev.Name, Type: ev.Type, Date: ev.Date},
		Issues: refsOf(issues), Items: items}, nil
}

// speaksToOfficials reports whether node n is a speaker whose recorded
// consent in force allows telling their story to officials: the one
// hidden person a brief names, to editors (whose snapshot alone holds
// hidden people). A consent withdrawn removed the label, and with it the
// name.
func (a *App) speaksToOfficials(ctx context.Context, n *snapshot.Node) bool {
	if !n.HasLabel(graph.LabelSpeaker) {
		return false
	}
	e, err := a.all.store.Entity(ctx, n.ID)
	if err != nil {
		return false
	}
	con, ok := graph.ConsentOf(&e)
	return ok && e.HasLabel(graph.LabelSpeaker) && con.InForce() && con.Scope.AllowsOfficials()
}

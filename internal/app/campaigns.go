package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

// campaigns returns the campaign store the caller sees, or Unavailable.
func (v *view) campaignStore(op string) (graph.CampaignStore, error) {
	if v.campaigns == nil {
		return nil, graph.Errorf(op, graph.Unavailable, "this store keeps no campaigns")
	}
	return v.campaigns, nil
}

// CampaignRevision is a campaign's revision (its ETag): a hash of the
// campaign as the caller sees it, so that it depends on nothing hidden.
func CampaignRevision(c *graph.Campaign) string {
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Issues lists the entities of kind issue.
func (a *App) Issues(ctx context.Context, c Caller, after string, limit int) (Page[graph.Entity], error) {
	return a.Entities(ctx, c, graph.EntityQuery{Kind: graph.KindIssue, After: after, Limit: limit})
}

// issue resolves an issue entity; another kind is NotFound.
func (a *App) issue(ctx context.Context, v *view, field, ref string) (graph.Entity, error) {
	e, err := a.resolve(ctx, v, field, ref)
	if err != nil {
		return e, err
	}
	if e.Kind != graph.KindIssue {
		return e, graph.Errorf("app.issue", graph.NotFound, "%q is %s, not an issue", ref, e.Kind)
	}
	return e, nil
}

// Stance is one entity's position on an issue.
type Stance struct {
	Entity    graph.EntityRef `json:"entity"`
	Alignment graph.Alignment `json:"alignment"`
}

// Stances is every current stance on an issue.
type Stances struct {
	Issue   graph.EntityRef `json:"issue"`
	Stances []Stance        `json:"stances"`
}

// names returns a ref for each of ids that v shows, by id; an id that v
// hides or that names nothing is left out, exactly alike.
func names(ctx context.Context, v *view, ids []string) (map[string]graph.EntityRef, error) {
	out := make(map[string]graph.EntityRef, len(ids))
	for _, id := range ids {
		if _, done := out[id]; done || id == "" {
			continue
		}
		e, err := v.store.Entity(ctx, id)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = graph.RefOf(&e)
	}
	return out, nil
}

// Stances lists the current stances on an issue that the caller may see,
// strongest support first, then by id.
func (a *App) Stances(ctx context.Context, c Caller, issueRef string) (*Stances, error) {
	const op = "app.Stances"
	v := a.viewOf(c)
	is, err := a.issue(ctx, v, "id", issueRef)
	if err != nil {
		return nil, err
	}
	al, _, err := outreach.Stances(ctx, v.store, is.ID, a.now())
	if err != nil {
		return nil, graph.E(op, err)
	}
	out := &Stances{Issue: graph.RefOf(&is), Stances: []Stance{}}
	for id, x := range al {
		e, err := v.store.Entity(ctx, id)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return nil, graph.E(op, err)
		}
		out.Stances = append(out.Stances, Stance{Entity: graph.RefOf(&e), Alignment: x})
	}
	slices.SortFunc(out.Stances, func(x, y Stance) int {
		if x.Alignment != y.Alignment {
			return int(y.Alignment) - int(x.Alignment)
		}
		return strings.Compare(x.Entity.ID, y.Entity.ID)
	})
	return out, nil
}

// SetStance records an entity's stance on an issue as one SUPPORTS or
// OPPOSES tie (graph.StanceTie), replacing any other, or deletes both for
// AlignmentUnknown.
func (a *App) SetStance(ctx context.Context, c Caller, issueRef, entityRef string, al graph.Alignment) (Stance, error) {
	const op = "app.SetStance"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return Stance{}, err
	}
	if !al.Valid() {
		reason := "must be an integer from -2 (strong opposition) to +2 (strong support), or null for unknown; got " + al.String()
		return Stance{}, &graph.Error{Op: op, Code: graph.Invalid, Message: reason, Details: []graph.Detail{{Field: "alignment", Reason: reason}}}
	}
	v := a.viewOf(c)
	is, err := a.issue(ctx, v, "id", issueRef)
	if err != nil {
		return Stance{}, err
	}
	who, err := a.resolve(ctx, v, "entity", entityRef)
	if err != nil {
		return Stance{}, err
	}
	if who.Kind == graph.KindIssue {
		return Stance{}, &graph.Error{Op: op, Code: graph.Invalid, Message: "an issue takes no stance on an issue",
			Details: []graph.Detail{{Field: "entity", Reason: "an issue takes no stance on an issue"}}}
	}
	if err := a.writeStance(ctx, c, who.ID, is.ID, al, nil, nil); err != nil {
		return Stance{}, graph.E(op, err)
	}
	return Stance{Entity: graph.RefOf(&who), Alignment: al}, nil
}

// writeStance records who's stance on issue as one tie (graph.StanceTie),
// replacing any other, or deletes both for AlignmentUnknown. cite, when
// set, fills the tie's provenance (date, notes, properties); details add
// to the audit entry's.
func (a *App) writeStance(ctx context.Context, c Caller, who, issue string, al graph.Alignment, cite func(*graph.Relationship), details map[string]string) error {
	b := &graph.Batch{}
	r, ok := graph.StanceTie(who, issue, al)
	for _, id := range graph.StanceIDs(who, issue) {
		if ok && id == r.ID {
			continue
		}
		if _, err := a.store.Relationship(ctx, id); err == nil {
			b.DeleteRelationships = append(b.DeleteRelationships, id)
		} else if !graph.Is(err, graph.NotFound) {
			return err
		}
	}
	if ok {
		if cite != nil {
			cite(&r)
		}
		b.Relationships = append(b.Relationships, r)
	}
	b.Audit = a.auditBatch(c, who, func(graph.Stats) (string, map[string]string) {
		d := map[string]string{"issue": issue, "alignment": al.String()}
		for k, v := range details {
			d[k] = v
		}
		return "stance.set", d
	})
	_, err := a.store.Apply(ctx, b)
	return err
}

// Campaigns lists every campaign as the caller sees it.
func (a *App) Campaigns(ctx context.Context, c Caller) ([]graph.Campaign, error) {
	const op = "app.Campaigns"
	cs, err := a.viewOf(c).campaignStore(op)
	if err != nil {
		return nil, err
	}
	all, err := cs.Campaigns(ctx)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if all == nil {
		all = []graph.Campaign{}
	}
	return all, nil
}

// Campaign returns one campaign as the caller sees it, named by id or by
// a name that matches one campaign (ignoring case and accents).
func (a *App) Campaign(ctx context.Context, c Caller, ref string) (graph.Campaign, error) {
	const op = "app.Campaign"
	cs, err := a.viewOf(c).campaignStore(op)
	if err != nil {
		return graph.Campaign{}, err
	}
	return a.campaign(ctx, cs, ref)
}

// NamedCampaign is a campaign with the entities it names (its issue, owner
// and targets) as the caller sees them, by id, so that a reader can show
// names and roles without asking for each entity.
type NamedCampaign struct {
	graph.Campaign
	Entities map[string]graph.EntityRef `json:"entities"`
}

// NamedCampaign returns one campaign as Campaign does, with its entities.
func (a *App) NamedCampaign(ctx context.Context, c Caller, ref string) (NamedCampaign, error) {
	const op = "app.NamedCampaign"
	cp, err := a.Campaign(ctx, c, ref)
	if err != nil {
		return NamedCampaign{Campaign: cp}, err
	}
	ids := []string{cp.Issue, cp.Owner}
	for _, t := range cp.Targets {
		ids = append(ids, t.Entity)
	}
	refs, err := names(ctx, a.viewOf(c), ids)
	if err != nil {
		return NamedCampaign{Campaign: cp}, graph.E(op, err)
	}
	return NamedCampaign{Campaign: cp, Entities: refs}, nil
}

// campaign resolves a campaign reference in cs.
func (a *App) campaign(ctx context.Context, cs graph.CampaignStore, ref string) (graph.Campaign, error) {
	const op = "app.campaign"
	ref = trim(ref)
	if ref == "" {
		return graph.Campaign{}, fieldError(op, "campaign", "must name a campaign by id or name")
	}
	cp, err := cs.Campaign(ctx, ref)
	if err == nil {
		return cp, nil
	}
	if !graph.Is(err, graph.NotFound) {
		return cp, graph.E(op, err)
	}
	all, err := cs.Campaigns(ctx)
	if err != nil {
		return graph.Campaign{}, graph.E(op, err)
	}
	var hits []graph.Campaign
	for _, x := range all {
		if graph.Fold(x.Name) == graph.Fold(ref) {
			hits = append(hits, x)
		}
	}
	switch len(hits) {
	case 0:
		return graph.Campaign{}, noCampaign(ref)
	case 1:
		return hits[0], nil
	}
	ids := make([]string, len(hits))
	for i := range hits {
		ids[i] = hits[i].ID
	}
	msg := strconv.Quote(ref) + " names " + strconv.Itoa(len(hits)) + " campaigns; use one of their ids: " + strings.Join(ids, ", ")
	return graph.Campaign{}, &graph.Error{Op: op, Code: graph.Invalid, Message: msg,
		Details: []graph.Detail{{Field: "campaign", Reason: msg}}, Err: ErrAmbiguous}
}

// refs resolves the entities a campaign names (issue, owner, targets,
// contacts) to ids; a name that matches nothing is Invalid, naming the
// field.
func (a *App) refs(ctx context.Context, cp *graph.Campaign) error {
	one := func(field string, ref *string) error {
		if *ref == "" {
			return nil
		}
		e, err := a.resolve(ctx, a.all, field, *ref)
		if graph.Is(err, graph.NotFound) {
			return &graph.Error{Op: "app.refs", Code: graph.Invalid, Message: graph.MessageOf(err), Details: graph.DetailsOf(err)}
		}
		if err != nil {
			return err
		}
		*ref = e.ID
		return nil
	}
	if err := one("issue", &cp.Issue); err != nil {
		return err
	}
	if err := one("owner", &cp.Owner); err != nil {
		return err
	}
	for i := range cp.Targets {
		if err := one("targets", &cp.Targets[i].Entity); err != nil {
			return err
		}
	}
	for i := range cp.Contacts {
		if err := one("contacts", &cp.Contacts[i]); err != nil {
			return err
		}
	}
	return nil
}

// CreateCampaign stores a new campaign; an id is made when none is given.
func (a *App) CreateCampaign(ctx context.Context, c Caller, cp graph.Campaign) (graph.Campaign, error) {
	const op = "app.CreateCampaign"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return cp, err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return cp, err
	}
	if trim(cp.ID) == "" {
		cp.ID = "campaign-" + graph.RandomID(6)
	}
	if err := a.refs(ctx, &cp); err != nil {
		return cp, err
	}
	cp.Normalize()
	cp, err = cs.CreateCampaign(ctx, cp, a.entry(c, "campaign.create", cp.ID, nil))
	if err != nil {
		return cp, graph.E(op, err)
	}
	return cp, nil
}

// CampaignChange changes a campaign read at a revision.
type CampaignChange func(cp *graph.Campaign) error

// UpdateCampaign reads a campaign (by id or name), checks it is at
// revision ifMatch (when not empty or "*"; Conflict marked as a failed
// precondition otherwise), applies change and stores it, audited as
// action. Entities the changed campaign names may be names too.
func (a *App) UpdateCampaign(ctx context.Context, c Caller, ref, ifMatch, action string, details map[string]string, change CampaignChange) (graph.Campaign, error) {
	const op = "app.UpdateCampaign"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return graph.Campaign{}, err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return graph.Campaign{}, err
	}
	cp, err := a.matchingCampaign(ctx, cs, ref, ifMatch)
	if err != nil {
		return cp, err
	}
	id := cp.ID
	if err := change(&cp); err != nil {
		return cp, err
	}
	cp.ID = id
	if err := a.refs(ctx, &cp); err != nil {
		return cp, err
	}
	cp, err = cs.UpdateCampaign(ctx, cp, a.entry(c, action, cp.ID, details))
	if err != nil {
		return cp, graph.E(op, err)
	}
	return cp, nil
}

func (a *App) matchingCampaign(ctx context.Context, cs graph.CampaignStore, ref, ifMatch string) (graph.Campaign, error) {
	cp, err := a.campaign(ctx, cs, ref)
	if err != nil {
		return cp, err
	}
	if ifMatch != "" && ifMatch != "*" && ifMatch != CampaignRevision(&cp) {
		return cp, PreconditionFailed("app.campaign", "campaign", cp.ID)
	}
	return cp, nil
}

// DeleteCampaign deletes a campaign and its saved lists.
func (a *App) DeleteCampaign(ctx context.Context, c Caller, ref, ifMatch string) error {
	const op = "app.DeleteCampaign"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return err
	}
	cp, err := a.matchingCampaign(ctx, cs, ref, ifMatch)
	if err != nil {
		return err
	}
	if err := cs.DeleteCampaign(ctx, cp.ID, a.entry(c, "campaign.delete", cp.ID, nil)); err != nil {
		return graph.E(op, err)
	}
	return nil
}

// TargetPatch changes some fields of a campaign target.
type TargetPatch struct {
	Priority    *graph.Priority     `json:"priority"`
	Status      *graph.TargetStatus `json:"status"`
	Commitment  *string             `json:"commitment"`
	CommittedOn *string             `json:"committed_on"`
	Notes       *string             `json:"notes"`
}

// AddTarget adds a target to a campaign. t.Entity may be a name.
func (a *App) AddTarget(ctx context.Context, c Caller, campaign, ifMatch string, t graph.Target) (graph.Campaign, error) {
	if e, err := a.resolve(ctx, a.all, "entity", t.Entity); err == nil {
		t.Entity = e.ID
	}
	return a.UpdateCampaign(ctx, c, campaign, ifMatch, "campaign.target.add", map[string]string{"target": t.Entity}, func(cp *graph.Campaign) error {
		cp.Targets = append(cp.Targets, t)
		return nil
	})
}

// PatchTarget changes a campaign target. Moving away from committed clears
// the commitment; committing dates it today unless told otherwise.
func (a *App) PatchTarget(ctx context.Context, c Caller, campaign, ifMatch, entity string, p TargetPatch) (graph.Campaign, error) {
	const op = "app.PatchTarget"
	if e, err := a.resolve(ctx, a.all, "entity", entity); err == nil {
		entity = e.ID
	}
	return a.UpdateCampaign(ctx, c, campaign, ifMatch, "campaign.target.update", map[string]string{"target": entity}, func(cp *graph.Campaign) error {
		t, ok := cp.Target(entity)
		if !ok {
			return graph.Errorf(op, graph.NotFound, "%q is not a target of campaign %q", entity, cp.ID)
		}
		if p.Priority != nil {
			t.Priority = *p.Priority
		}
		if p.Status != nil {
			st, err := graph.ParseTargetStatus(string(*p.Status))
			if err != nil {
				return graph.E(op, err)
			}
			t.Status = st
			if st != graph.StatusCommitted {
				t.Commitment, t.CommittedOn = "", ""
			} else if t.CommittedOn == "" && p.CommittedOn == nil {
				t.CommittedOn = a.now().In(a.loc).Format(time.DateOnly)
			}
		}
		if p.Commitment != nil {
			t.Commitment = *p.Commitment
		}
		if p.CommittedOn != nil {
			t.CommittedOn = *p.CommittedOn
		}
		if p.Notes != nil {
			t.Notes = *p.Notes
		}
		return nil
	})
}

// DeleteTarget removes a target from a campaign.
func (a *App) DeleteTarget(ctx context.Context, c Caller, campaign, ifMatch, entity string) (graph.Campaign, error) {
	const op = "app.DeleteTarget"
	if e, err := a.resolve(ctx, a.all, "entity", entity); err == nil {
		entity = e.ID
	}
	return a.UpdateCampaign(ctx, c, campaign, ifMatch, "campaign.target.delete", map[string]string{"target": entity}, func(cp *graph.Campaign) error {
		if _, ok := cp.Target(entity); !ok {
			return graph.Errorf(op, graph.NotFound, "%q is not a target of campaign %q", entity, cp.ID)
		}
		cp.Targets = slices.DeleteFunc(cp.Targets, func(t graph.Target) bool { return t.Entity == entity })
		return nil
	})
}

// AddContact adds a person to a campaign's contacts, so that the weekly
// outreach list weighs them (a community leader, say). entity may be a
// name. Adding a contact twice changes nothing.
func (a *App) AddContact(ctx context.Context, c Caller, campaign, ifMatch, entity string) (graph.Campaign, error) {
	if e, err := a.resolve(ctx, a.all, "entity", entity); err == nil {
		entity = e.ID
	}
	return a.UpdateCampaign(ctx, c, campaign, ifMatch, "campaign.contact.add", map[string]string{"contact": entity}, func(cp *graph.Campaign) error {
		if !slices.Contains(cp.Contacts, entity) {
			cp.Contacts = append(cp.Contacts, entity)
		}
		return nil
	})
}

// DeleteContact removes a person from a campaign's contacts.
func (a *App) DeleteContact(ctx context.Context, c Caller, campaign, ifMatch, entity string) (graph.Campaign, error) {
	const op = "app.DeleteContact"
	if e, err := a.resolve(ctx, a.all, "entity", entity); err == nil {
		entity = e.ID
	}
	return a.UpdateCampaign(ctx, c, campaign, ifMatch, "campaign.contact.delete", map[string]string{"contact": entity}, func(cp *graph.Campaign) error {
		if !slices.Contains(cp.Contacts, entity) {
			return graph.Errorf(op, graph.NotFound, "%q is not a contact of campaign %q", entity, cp.ID)
		}
		cp.Contacts = slices.DeleteFunc(cp.Contacts, func(id string) bool { return id == entity })
		return nil
	})
}

// Today is today's date (YYYY-MM-DD) in the organizers' time zone.
func (a *App) Today() string { return a.now().In(a.loc).Format(time.DateOnly) }

// Week returns the current ISO week in the organizers' time zone.
func (a *App) Week() graph.Week { return graph.WeekOf(a.now().In(a.loc)) }

// Grid computes a campaign's power grid on the current week, over the map
// the caller sees.
func (a *App) Grid(ctx context.Context, c Caller, campaign string) (*outreach.Grid, error) {
	const op = "app.Grid"
	v := a.viewOf(c)
	cs, err := v.campaignStore(op)
	if err != nil {
		return nil, err
	}
	cp, err := a.campaign(ctx, cs, campaign)
	if err != nil {
		return nil, err
	}
	g, err := v.outreach.Grid(ctx, cp.ID)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if !c.seesAll() {
		g.GraphVersion = 0 // it counts writes to hidden records too
	}
	return g, nil
}

// OutreachQuery asks for a campaign's outreach list (by id or name) for a
// week (zero: the current week), at most Limit entries (zero: the
// default, outreach.DefaultLimit; at most MaxOutreachLimit).
type OutreachQuery struct {
	Campaign string
	Week     graph.Week
	Limit    int
}

// MaxOutreachLimit caps an outreach list.
const MaxOutreachLimit = 500

// service returns the view's outreach service, or one that keeps limit
// entries.
func (v *view) service(limit int) *outreach.Service {
	if limit == 0 || limit == v.outreach.Options.Limit || limit == outreach.DefaultLimit && v.outreach.Options.Limit == 0 {
		return v.outreach
	}
	o := v.outreach
	return &outreach.Service{Graph: o.Graph, Campaigns: o.Campaigns, Now: o.Now, Location: o.Location, Logger: o.Logger,
		Options: outreach.Options{Limit: limit}}
}

// Outreach returns a campaign's outreach list for a week, compared with the
// previous week's saved list, and the campaign. A viewer's list is computed
// over the map they see and compared with nothing saved.
func (a *App) Outreach(ctx context.Context, c Caller, q OutreachQuery) (*graph.OutreachList, graph.Campaign, error) {
	const op = "app.Outreach"
	if q.Limit < 0 || q.Limit > MaxOutreachLimit {
		return nil, graph.Campaign{}, fieldError(op, "limit", "must be between 1 and "+strconv.Itoa(MaxOutreachLimit))
	}
	v := a.viewOf(c)
	cs, err := v.campaignStore(op)
	if err != nil {
		return nil, graph.Campaign{}, err
	}
	cp, err := a.campaign(ctx, cs, q.Campaign)
	if err != nil {
		return nil, cp, err
	}
	l, err := v.service(q.Limit).List(ctx, cp.ID, q.Week)
	if err != nil {
		return nil, cp, graph.E(op, err)
	}
	if l, err = withContacts(ctx, v, l); err != nil {
		return nil, cp, graph.E(op, err)
	}
	return forCaller(c, l), cp, nil
}

// withContacts returns a copy of l in which each messenger of ours carries
// the phone and email that v shows for them, so that the organizer who
// reads the list can reach them. l itself, which may be cached, is left
// alone.
func withContacts(ctx context.Context, v *view, l *graph.OutreachList) (*graph.OutreachList, error) {
	out := *l
	out.Entries = slices.Clone(l.Entries)
	for i, e := range out.Entries {
		if e.Messenger == nil || !e.Messenger.Person.Ours {
			continue
		}
		who, err := v.store.Entity(ctx, e.Messenger.Person.ID)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		m := *e.Messenger
		m.Phone, m.Email = who.Phone, who.Email
		out.Entries[i].Messenger = &m
	}
	return &out, nil
}

// forCaller drops from a viewer's list the store version it was computed
// at: it counts writes to hidden records too.
func forCaller(c Caller, l *graph.OutreachList) *graph.OutreachList {
	if !c.seesAll() {
		l.GraphVersion = 0
	}
	return l
}

// OutreachAll merges the lists of every active campaign for a week.
func (a *App) OutreachAll(ctx context.Context, c Caller, w graph.Week, limit int) (*graph.OutreachList, error) {
	const op = "app.OutreachAll"
	if limit < 0 || limit > MaxOutreachLimit {
		return nil, fieldError(op, "limit", "must be between 1 and "+strconv.Itoa(MaxOutreachLimit))
	}
	v := a.viewOf(c)
	if _, err := v.campaignStore(op); err != nil {
		return nil, err
	}
	l, err := v.service(limit).ListAll(ctx, w)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if l, err = withContacts(ctx, v, l); err != nil {
		return nil, graph.E(op, err)
	}
	return forCaller(c, l), nil
}

// Weeks lists the weeks with a saved list of a campaign, oldest first, and
// the current week.
type Weeks struct {
	Campaign string   `json:"campaign"`
	Weeks    []string `json:"weeks"`
	Current  string   `json:"current"`
}

// OutreachWeeks returns the weeks with a saved list that the caller may read.
func (a *App) OutreachWeeks(ctx context.Context, c Caller, campaign string) (*Weeks, error) {
	const op = "app.OutreachWeeks"
	cs, err := a.viewOf(c).campaignStore(op)
	if err != nil {
		return nil, err
	}
	cp, err := a.campaign(ctx, cs, campaign)
	if err != nil {
		return nil, err
	}
	ws, err := cs.OutreachWeeks(ctx, cp.ID)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if ws == nil {
		ws = []string{}
	}
	return &Weeks{Campaign: cp.ID, Weeks: ws, Current: a.Week().String()}, nil
}

// SaveOutreach computes and saves a campaign's list for the current week
// now, as the weekly job does.
func (a *App) SaveOutreach(ctx context.Context, c Caller, campaign string) (*graph.OutreachList, error) {
	const op = "app.SaveOutreach"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return nil, err
	}
	cp, err := a.campaign(ctx, cs, campaign)
	if err != nil {
		return nil, err
	}
	l, err := a.all.outreach.Compute(ctx, cp.ID, a.Week())
	if err != nil {
		return nil, graph.E(op, err)
	}
	if err := cs.SaveOutreach(ctx, *l, a.entry(c, "outreach.save", cp.ID, map[string]string{"week": l.Week})); err != nil {
		return nil, graph.E(op, err)
	}
	return l, nil
}

// RunWeekly computes and saves every active campaign's list for at's week:
// the weekly job.
func (a *App) RunWeekly(ctx context.Context, at time.Time) error {
	if a.all.outreach == nil {
		return nil
	}
	return a.all.outreach.RunWeekly(ctx, at)
}

// Interactions lists the organizing log's entries that match q, newest
// first, of those the caller may see. q.Entity may be a name.
func (a *App) Interactions(ctx context.Context, c Caller, q graph.InteractionQuery) ([]graph.Interaction, error) {
	const op = "app.Interactions"
	v := a.viewOf(c)
	cs, err := v.campaignStore(op)
	if err != nil {
		return nil, err
	}
	if q.Entity != "" {
		e, err := a.resolve(ctx, v, "entity", q.Entity)
		if err != nil {
			return nil, err
		}
		q.Entity = e.ID
	}
	ixs, err := cs.Interactions(ctx, q)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if ixs == nil {
		ixs = []graph.Interaction{}
	}
	return ixs, nil
}

// InteractionLog is a page of the organizing log with the entities its
// entries name (their participants), by id.
type InteractionLog struct {
	Items    []graph.Interaction        `json:"items"`
	Entities map[string]graph.EntityRef `json:"entities"`
}

// InteractionLog lists entries as Interactions does, with their
// participants' names and roles as the caller sees them.
func (a *App) InteractionLog(ctx context.Context, c Caller, q graph.InteractionQuery) (*InteractionLog, error) {
	const op = "app.InteractionLog"
	ixs, err := a.Interactions(ctx, c, q)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, ix := range ixs {
		ids = append(ids, ix.Participants...)
	}
	refs, err := names(ctx, a.viewOf(c), ids)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &InteractionLog{Items: ixs, Entities: refs}, nil
}

// Interaction returns one entry of the log the caller may see.
func (a *App) Interaction(ctx context.Context, c Caller, id string) (graph.Interaction, error) {
	const op = "app.Interaction"
	cs, err := a.viewOf(c).campaignStore(op)
	if err != nil {
		return graph.Interaction{}, err
	}
	ix, err := cs.Interaction(ctx, id)
	if err != nil {
		return ix, notFoundAs(err, func() error { return noInteraction(id) })
	}
	return ix, nil
}

// LoggedInteraction is a logged entry and what it did to the ties between
// its participants.
type LoggedInteraction struct {
	Interaction graph.Interaction     `json:"interaction"`
	Refreshed   []outreach.TieRefresh `json:"refreshed"`
}

// LogInteraction adds an entry to the organizing log; the date defaults to
// today, By to the caller. Participants may be named by id or name.
func (a *App) LogInteraction(ctx context.Context, c Caller, ix graph.Interaction) (*LoggedInteraction, error) {
	const op = "app.LogInteraction"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return nil, err
	}
	for i, p := range ix.Participants {
		e, err := a.resolve(ctx, a.all, "participants", p)
		if graph.Is(err, graph.NotFound) {
			continue // the store names every unknown participant at once
		}
		if err != nil {
			return nil, err
		}
		ix.Participants[i] = e.ID
	}
	if ix.Campaign != "" {
		cp, err := a.campaign(ctx, cs, ix.Campaign)
		if graph.Is(err, graph.NotFound) {
			return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: graph.MessageOf(err),
				Details: []graph.Detail{{Field: "campaign", Reason: graph.MessageOf(err)}}}
		}
		if err != nil {
			return nil, err
		}
		ix.Campaign = cp.ID
	}
	if trim(ix.Date) == "" {
		ix.Date = a.now().In(a.loc).Format(time.DateOnly)
	}
	ix.CreatedAt = a.now().UTC().Truncate(time.Millisecond)
	ix.By = c.Actor
	if ix.ID == "" {
		ix.ID = graph.NewInteractionID()
	}
	ix.Normalize()
	ix, err = cs.LogInteraction(ctx, ix, a.entry(c, "interaction.create", ix.ID, map[string]string{"campaign": ix.Campaign, "type": string(ix.Type)}))
	if err != nil {
		return nil, graph.E(op, err)
	}
	refreshed, err := a.all.outreach.Refreshes(ctx, &ix)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return &LoggedInteraction{Interaction: ix, Refreshed: refreshed}, nil
}

// DeleteInteraction deletes one entry of the log.
func (a *App) DeleteInteraction(ctx context.Context, c Caller, id string) error {
	const op = "app.DeleteInteraction"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return err
	}
	cs, err := a.all.campaignStore(op)
	if err != nil {
		return err
	}
	if err := cs.DeleteInteraction(ctx, id, a.entry(c, "interaction.delete", id, nil)); err != nil {
		return notFoundAs(err, func() error { return noInteraction(id) })
	}
	return nil
}

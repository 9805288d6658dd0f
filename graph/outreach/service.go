package outreach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Service computes grids and lists from the stores: it gathers a week's
// inputs (the campaign, the log, stances, constituencies), keeps the last
// refreshed snapshot while neither the graph, the log nor the week changes,
// and reads and saves weekly lists. It is safe for concurrent use; set its
// fields before the first call.
type Service struct {
	Graph     graph.Store
	Campaigns graph.CampaignStore
	// Location is the organizers' time zone, which decides where weeks
	// start; nil means UTC.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives the weekly job's logs; nil discards them.
	Logger  *slog.Logger
	Options Options

	mu    sync.Mutex
	cache *built
}

type built struct {
	key      string
	snap     *snapshot.Snapshot
	contacts *Contacts
}

func (s *Service) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().In(s.loc())
	}
	return s.Now().In(s.loc())
}

func (s *Service) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// CurrentWeek returns the ISO week of now in the service's time zone.
func (s *Service) CurrentWeek() graph.Week { return graph.WeekOf(s.now()) }

// logKey fingerprints an organizing log.
func logKey(log []graph.Interaction) string {
	h := sha256.New()
	for i := range log {
		ix := &log[i]
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x01", ix.ID, ix.Type, ix.Date, strings.Join(ix.Participants, "\x00"), len(ix.Participants))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Snapshot returns the refreshed analysis snapshot of a week, with the
// contacts that refreshed it, building it unless the cached one is still
// good. log is the organizing log up to the week's end.
func (s *Service) Snapshot(ctx context.Context, week graph.Week, log []graph.Interaction) (*snapshot.Snapshot, *Contacts, error) {
	v, err := s.Graph.Version(ctx)
	if err != nil {
		return nil, nil, err
	}
	key := fmt.Sprintf("%d/%s/%s", v, week, logKey(log))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache != nil && s.cache.key == key {
		return s.cache.snap, s.cache.contacts, nil
	}
	snap, c, err := BuildSnapshot(ctx, s.Graph.Stream, log, week.Start(s.loc()))
	if err != nil {
		return nil, nil, err
	}
	s.cache = &built{key: key, snap: snap, contacts: c}
	return snap, c, nil
}

// Input gathers what a campaign's list for a week is computed from.
func (s *Service) Input(ctx context.Context, campaign string, week graph.Week) (*Input, error) {
	const op = "outreach.Input"
	in, _, err := s.basis(ctx, campaign, week)
	if err != nil {
		return nil, graph.E(op, err)
	}
	if in.Constituencies, err = Constituencies(ctx, s.Graph, &in.Campaign); err != nil {
		return nil, graph.E(op, err)
	}
	return in, nil
}

// basis is what both a week's list and the power grid read: the campaign,
// the organizing log up to the week's end, the week's snapshot and the
// stances on the campaign's issue, whose reference it returns too. It
// leaves Constituencies empty.
func (s *Service) basis(ctx context.Context, campaign string, week graph.Week) (*Input, graph.EntityRef, error) {
	var issue graph.EntityRef
	c, err := s.Campaigns.Campaign(ctx, campaign)
	if err != nil {
		return nil, issue, err
	}
	_, sunday := week.Days()
	log, err := s.Campaigns.Interactions(ctx, graph.InteractionQuery{Until: sunday})
	if err != nil {
		return nil, issue, err
	}
	snap, _, err := s.Snapshot(ctx, week, log)
	if err != nil {
		return nil, issue, err
	}
	stances, issue, err := Stances(ctx, s.Graph, c.Issue, week.Start(s.loc()))
	if err != nil {
		return nil, issue, err
	}
	return &Input{Campaign: c, IssueName: issue.Name, Week: week, Location: s.loc(), Snapshot: snap, Log: log,
		Stances: stances}, issue, nil
}

// Stances reads every current stance on an issue: the alignment of each
// entity with a SUPPORTS or OPPOSES tie to it. A missing issue has none.
func Stances(ctx context.Context, g graph.Store, issue string, asOf time.Time) (map[string]graph.Alignment, graph.EntityRef, error) {
	out := map[string]graph.Alignment{}
	ref := graph.EntityRef{ID: issue, Name: issue, Kind: graph.KindIssue}
	e, err := g.Entity(ctx, issue)
	if graph.Is(err, graph.NotFound) {
		return out, ref, nil
	}
	if err != nil {
		return nil, ref, err
	}
	ref.Name = e.Name
	ns, err := g.Neighbors(ctx, issue, []graph.RelType{graph.Supports, graph.Opposes})
	if err != nil {
		return nil, ref, err
	}
	type sides struct{ sup, opp float64 }
	by := map[string]*sides{}
	for _, n := range ns {
		r := n.Relationship
		if r.Target != issue || !graph.Current(r.Until, asOf) {
			continue
		}
		sd := by[r.Source]
		if sd == nil {
			sd = &sides{}
			by[r.Source] = sd
		}
		if r.Type == graph.Supports {
			sd.sup = max(sd.sup, r.Strength)
		} else {
			sd.opp = max(sd.opp, r.Strength)
		}
	}
	for id, sd := range by {
		out[id] = graph.AlignmentOf(sd.sup, sd.opp, true)
	}
	return out, ref, nil
}

// Constituencies reads each target's district and the districts it
// REPRESENTS.
func Constituencies(ctx context.Context, g graph.Store, c *graph.Campaign) (map[string]Constituency, error) {
	out := map[string]Constituency{}
	for _, t := range c.Targets {
		e, err := g.Entity(ctx, t.Entity)
		if graph.Is(err, graph.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var cs Constituency
		if e.District != "" {
			cs.Districts = append(cs.Districts, e.District)
		}
		ns, err := g.Neighbors(ctx, t.Entity, []graph.RelType{graph.Represents})
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if n.Relationship.Source != t.Entity {
				continue
			}
			cs.Entities = append(cs.Entities, n.Entity.ID)
			if n.Entity.District != "" && !slices.Contains(cs.Districts, n.Entity.District) {
				cs.Districts = append(cs.Districts, n.Entity.District)
			}
		}
		out[t.Entity] = cs
	}
	return out, nil
}

// Compute computes a campaign's list for a week from the stores as they
// are now, stamped with the current time.
func (s *Service) Compute(ctx context.Context, campaign string, week graph.Week) (*graph.OutreachList, error) {
	in, err := s.Input(ctx, campaign, week)
	if err != nil {
		return nil, err
	}
	l, err := Rank(ctx, in, s.Options)
	if err != nil {
		return nil, err
	}
	l.ComputedAt = s.now().UTC().Truncate(time.Millisecond)
	return l, nil
}

// List returns a campaign's list for a week (the current week when w is
// zero), compared with the previous week's stored list. Past weeks are read
// as they were saved (NotFound when none was); the current and later weeks
// are computed live, so that what was just logged shows.
func (s *Service) List(ctx context.Context, campaign string, w graph.Week) (*graph.OutreachList, error) {
	const op = "outreach.List"
	cur := s.CurrentWeek()
	if w.IsZero() {
		w = cur
	}
	if _, err := s.Campaigns.Campaign(ctx, campaign); err != nil {
		return nil, graph.E(op, err)
	}
	var l *graph.OutreachList
	if w.Start(nil).Before(cur.Start(nil)) {
		stored, err := s.Campaigns.Outreach(ctx, campaign, w.String())
		if graph.Is(err, graph.NotFound) {
			return nil, graph.Errorf(op, graph.NotFound, "no outreach list was saved for week %s; lists are saved each week by the weekly job", w)
		}
		if err != nil {
			return nil, graph.E(op, err)
		}
		l = &stored
	} else {
		var err error
		if l, err = s.Compute(ctx, campaign, w); err != nil {
			return nil, err
		}
	}
	prev, err := s.Campaigns.Outreach(ctx, campaign, w.Add(-1).String())
	switch {
	case graph.Is(err, graph.NotFound):
		return Compare(l, nil), nil
	case err != nil:
		return nil, graph.E(op, err)
	}
	return Compare(l, &prev), nil
}

// Grid computes a campaign's power grid on the current week's snapshot.
func (s *Service) Grid(ctx context.Context, campaign string) (*Grid, error) {
	const op = "outreach.Grid"
	in, issue, err := s.basis(ctx, campaign, s.CurrentWeek())
	if err != nil {
		return nil, graph.E(op, err)
	}
	g, err := GridOf(ctx, in.Snapshot, &in.Campaign, issue, in.Stances)
	if err != nil {
		return nil, err
	}
	g.ComputedAt = s.now().UTC().Truncate(time.Millisecond)
	return g, nil
}

// RunWeekly computes and saves the list of every campaign active at at, for
// at's week: the weekly job. A campaign that fails is logged and skipped;
// the errors are returned together.
func (s *Service) RunWeekly(ctx context.Context, at time.Time) error {
	at = at.In(s.loc())
	week := graph.WeekOf(at)
	cs, err := s.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	var errs []error
	saved := 0
	for _, c := range cs {
		if !c.Active(at) {
			continue
		}
		l, err := s.Compute(ctx, c.ID, week)
		if err == nil {
			err = s.Campaigns.SaveOutreach(ctx, *l)
		}
		if err != nil {
			s.log().ErrorContext(ctx, "weekly outreach: campaign failed", "campaign", c.ID, "week", week.String(), "err", err)
			errs = append(errs, fmt.Errorf("campaign %s: %w", c.ID, err))
			continue
		}
		saved++
	}
	s.log().InfoContext(ctx, "weekly outreach lists saved", "week", week.String(), "campaigns", saved, "failed", len(errs))
	return errors.Join(errs...)
}

// TieRefresh reports what the organizing log does to the tie between two
// participants: its recorded strength (0 when there is no introducing tie,
// and the snapshot gets a KNOWS tie of strength Boost) and the strength
// the analysis uses.
type TieRefresh struct {
	A            string        `json:"a"`
	B            string        `json:"b"`
	Relationship string        `json:"relationship,omitempty"`
	Type         graph.RelType `json:"type"`
	Recorded     float64       `json:"recorded"`
	Effective    float64       `json:"effective"`
	Boost        float64       `json:"boost"`
	Interactions int           `json:"interactions"`
	Last         string        `json:"last"`
}

// Refreshes explains what the log, as of the current week, does to the ties
// between the participants of one interaction.
func (s *Service) Refreshes(ctx context.Context, ix *graph.Interaction) ([]TieRefresh, error) {
	out := []TieRefresh{}
	if RefreshWeight(ix.Type) == 0 || ix.Type.Gathering() || len(ix.Participants) > MaxPairwise {
		return out, nil
	}
	week := s.CurrentWeek()
	_, sunday := week.Days()
	log, err := s.Campaigns.Interactions(ctx, graph.InteractionQuery{Until: max(sunday, ix.Date)})
	if err != nil {
		return nil, err
	}
	asOf := week.Start(s.loc())
	contacts := NewContacts(log, asOf)
	ps := ix.Participants
	for x := 0; x < len(ps); x++ {
		ns, err := s.Graph.Neighbors(ctx, ps[x], nil)
		if err != nil {
			return nil, err
		}
		for y := x + 1; y < len(ps); y++ {
			ct, ok := contacts.Between(ps[x], ps[y])
			if !ok {
				continue
			}
			tr := TieRefresh{A: ct.A, B: ct.B, Type: graph.Knows, Effective: round(ct.Boost), Boost: round(ct.Boost),
				Interactions: ct.Count, Last: ct.Last, Relationship: ContactTieID(ct.A, ct.B)}
			for _, n := range ns {
				r := n.Relationship
				info, _ := r.Type.Info()
				if n.Entity.ID != ps[y] || !info.Introduces || !graph.Current(r.Until, asOf) || r.Strength <= tr.Recorded {
					continue
				}
				tr.Relationship, tr.Type, tr.Recorded = r.ID, r.Type, r.Strength
				tr.Effective = round(Refreshed(r.Strength, ct.Boost))
			}
			out = append(out, tr)
		}
	}
	return out, nil
}

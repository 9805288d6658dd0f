package outreach

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// Merge combines the lists of several campaigns for one week into one list
// (Campaign graph.AllCampaigns): a person on several lists appears once,
// with the entry of their best score, and with their leads from every list,
// each marked with its campaign; entries are ranked by score, then by id,
// and at most limit are kept (DefaultLimit when 0). The inputs are not
// modified.
func Merge(week string, lists []*graph.OutreachList, limit int) *graph.OutreachList {
	if limit <= 0 {
		limit = DefaultLimit
	}
	out := &graph.OutreachList{Campaign: graph.AllCampaigns, Week: week, Entries: []graph.OutreachEntry{}}
	best := map[string]*graph.OutreachEntry{}
	from := map[string]string{} // the campaign of each person's best entry
	leads := map[string][]graph.TargetLead{}
	for _, l := range lists {
		if l == nil {
			continue
		}
		if l.ComputedAt.After(out.ComputedAt) {
			out.ComputedAt = l.ComputedAt
		}
		out.GraphVersion = max(out.GraphVersion, l.GraphVersion)
		for _, e := range l.StripComparison().Entries {
			id := e.Person.ID
			for _, ld := range e.Leads {
				ld.Campaign = l.Campaign
				leads[id] = append(leads[id], ld)
			}
			// Ties in score go to the campaign with the lower id, so the
			// order of the lists does not matter.
			if b, ok := best[id]; !ok || e.Score > b.Score || e.Score == b.Score && l.Campaign < from[id] {
				cp := e
				best[id], from[id] = &cp, l.Campaign
			}
		}
	}
	for id, e := range best {
		e.Leads = leads[id]
		slices.SortStableFunc(e.Leads, func(a, b graph.TargetLead) int { return strings.Compare(a.Campaign, b.Campaign) })
		if e.Leads == nil {
			e.Leads = []graph.TargetLead{}
		}
		out.Entries = append(out.Entries, *e)
	}
	slices.SortFunc(out.Entries, func(a, b graph.OutreachEntry) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.Person.ID, b.Person.ID))
	})
	out.Entries = out.Entries[:min(len(out.Entries), limit)]
	for i := range out.Entries {
		out.Entries[i].Rank = i + 1
	}
	return out
}

// ListAll returns the merged list of every campaign active during a week
// (the current week when w is zero), compared with the previous week's
// merged saved lists. Past weeks merge the saved lists; a campaign without
// one is left out.
func (s *Service) ListAll(ctx context.Context, w graph.Week) (*graph.OutreachList, error) {
	const op = "outreach.ListAll"
	cur := s.CurrentWeek()
	if w.IsZero() {
		w = cur
	}
	cs, err := s.Campaigns.Campaigns(ctx)
	if err != nil {
		return nil, graph.E(op, err)
	}
	start := w.Start(s.loc())
	var lists, prevs []*graph.OutreachList
	for _, c := range cs {
		if !c.Active(start) && !c.Active(start.AddDate(0, 0, 6)) {
			continue
		}
		var l *graph.OutreachList
		if start.Before(cur.Start(s.loc())) {
			stored, err := s.Campaigns.Outreach(ctx, c.ID, w.String())
			if graph.Is(err, graph.NotFound) {
				continue
			}
			if err != nil {
				return nil, graph.E(op, err)
			}
			l = &stored
		} else if l, err = s.Compute(ctx, c.ID, w); err != nil {
			return nil, err
		}
		lists = append(lists, l)
		prev, err := s.Campaigns.Outreach(ctx, c.ID, w.Add(-1).String())
		switch {
		case err == nil:
			prevs = append(prevs, &prev)
		case !graph.Is(err, graph.NotFound):
			return nil, graph.E(op, err)
		}
	}
	merged := Merge(w.String(), lists, s.Options.Limit)
	if merged.ComputedAt.IsZero() {
		merged.ComputedAt = s.now().UTC().Truncate(time.Millisecond)
	}
	if len(prevs) == 0 {
		return Compare(merged, nil), nil
	}
	return Compare(merged, Merge(w.Add(-1).String(), prevs, s.Options.Limit)), nil
}

package app

import (
	"context"
	"sort"
	"sync"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/dedupe"
)

// OurGivers answers "which of our people and contacts give to Senator X?".
// Confirmed givers are our people and their direct contacts (people of the
// map, not bare FEC donor records) who gave to the official or to a
// committee the official leads. Suggestions
// are FEC donor records that graph/dedupe matches to one of our people or
// their direct contacts: they stay suggestions until an editor confirms
// one by merging the donor record into the person (POST /merges), which
// makes the person a confirmed giver.
//
// FEC rules (52 U.S.C. 30111(a)(4)) forbid using contributor names from FEC
// reports to solicit contributions: this answer is for knowing who has the
// official's ear, and every donor record keeps its not_for_solicitation mark.
type OurGivers struct {
	Official graph.EntityRef `json:"official"`
	// Committees are the official's committees whose receipts count.
	Committees []graph.EntityRef `json:"committees"`
	Confirmed  []Giver           `json:"confirmed"`
	// Suggestions pair a donor record with the person it probably is.
	Suggestions []GiverSuggestion `json:"suggestions"`
}

// Giver is one giver with what they gave to the official and committees.
type Giver struct {
	Entity graph.EntityRef `json:"entity"`
	Total  float64         `json:"total"`
	Gifts  int             `json:"gifts"`
	Latest string          `json:"latest,omitempty"`
}

// GiverSuggestion is an FEC donor record that is probably Person.
type GiverSuggestion struct {
	Donor    Giver            `json:"donor"`
	Person   graph.EntityRef  `json:"person"`
	Ours     bool             `json:"ours"` // Person is one of ours, not a contact
	Score    float64          `json:"score"`
	Decision dedupe.Decision  `json:"decision"`
	Evidence []dedupe.Feature `json:"evidence"`
}

// OurGivers answers the question for the official named by ref, as the
// caller may see the map.
func (a *App) OurGivers(ctx context.Context, c Caller, ref string) (OurGivers, error) {
	const op = "app.OurGivers"
	v := a.viewOf(c)
	off, err := a.resolve(ctx, v, "official", ref)
	if err != nil {
		return OurGivers{}, err
	}
	out := OurGivers{Official: graph.RefOf(&off), Committees: []graph.EntityRef{}, Confirmed: []Giver{}, Suggestions: []GiverSuggestion{}}

	// The official's committees.
	recipients := []string{off.ID}
	led, err := v.store.Neighbors(ctx, off.ID, []graph.RelType{graph.Leads})
	if err != nil {
		return OurGivers{}, graph.E(op, err)
	}
	for _, n := range led {
		if n.Relationship.Source == off.ID && n.Entity.IsOrganization() {
			recipients = append(recipients, n.Entity.ID)
			out.Committees = append(out.Committees, graph.RefOf(&n.Entity))
		}
	}

	// Everyone who gave to them.
	givers := map[string]*Giver{}
	entities := map[string]graph.Entity{}
	for _, rid := range recipients {
		gifts, err := v.store.Neighbors(ctx, rid, []graph.RelType{graph.DonatedTo})
		if err != nil {
			return OurGivers{}, graph.E(op, err)
		}
		for _, n := range gifts {
			if n.Relationship.Target != rid || n.Entity.IsOrganization() {
				continue
			}
			g := givers[n.Entity.ID]
			if g == nil {
				g = &Giver{Entity: graph.RefOf(&n.Entity)}
				givers[n.Entity.ID] = g
				entities[n.Entity.ID] = n.Entity
			}
			g.Total += n.Relationship.Amount
			g.Gifts++
			if n.Relationship.Date > g.Latest {
				g.Latest = n.Relationship.Date
			}
		}
	}

	// Our people and their direct contacts, indexed for matching.
	pix, err := v.givers.get(ctx, v.store)
	if err != nil {
		return OurGivers{}, graph.E(op, err)
	}
	people, oursID, ix := pix.people, pix.ours, pix.ix

	for id, g := range givers {
		e := entities[id]
		if e.Kind != graph.KindDonor {
			if _, ok := people[id]; ok {
				out.Confirmed = append(out.Confirmed, *g)
			}
			continue
		}
		for _, cand := range ix.Candidates(&e, nil) {
			if cand.Decision != dedupe.Auto && cand.Decision != dedupe.Review {
				continue
			}
			p := people[cand.B]
			out.Suggestions = append(out.Suggestions, GiverSuggestion{
				Donor: *g, Person: graph.RefOf(&p), Ours: oursID[p.ID],
				Score: cand.Score, Decision: cand.Decision, Evidence: cand.Evidence,
			})
		}
	}
	sort.Slice(out.Confirmed, func(i, j int) bool {
		x, y := out.Confirmed[i], out.Confirmed[j]
		if x.Total != y.Total {
			return x.Total > y.Total
		}
		return x.Entity.ID < y.Entity.ID
	})
	sort.Slice(out.Suggestions, func(i, j int) bool {
		x, y := out.Suggestions[i], out.Suggestions[j]
		if x.Ours != y.Ours {
			return x.Ours
		}
		if x.Score != y.Score {
			return x.Score > y.Score
		}
		if x.Donor.Entity.ID != y.Donor.Entity.ID {
			return x.Donor.Entity.ID < y.Donor.Entity.ID
		}
		return x.Person.ID < y.Person.ID
	})
	return out, nil
}

// peopleIndex is our people and their direct contacts, as one view sees
// them, indexed for matching donor records: building it reads every one of
// our people's ties, so a view keeps the one of the store's current
// version (see giversCache).
type peopleIndex struct {
	version uint64
	people  map[string]graph.Entity
	ours    map[string]bool
	ix      *dedupe.Index
}

// giversCache keeps a view's peopleIndex until the store's version moves
// on. Callers that find it stale wait for one of them to rebuild it.
type giversCache struct {
	mu  sync.Mutex
	cur *peopleIndex
}

// get returns the index of the store's current version. The version is
// read before the store, so a write made during the build makes the next
// call build again: the index is never older than its version.
func (gc *giversCache) get(ctx context.Context, s graph.Store) (*peopleIndex, error) {
	ver, err := s.Version(ctx)
	if err != nil {
		return nil, err
	}
	gc.mu.Lock()
	defer gc.mu.Unlock()
	if gc.cur != nil && gc.cur.version == ver {
		return gc.cur, nil
	}
	pix, err := buildPeopleIndex(ctx, s, ver)
	if err != nil {
		return nil, err
	}
	gc.cur = pix
	return pix, nil
}

func buildPeopleIndex(ctx context.Context, s graph.Store, ver uint64) (*peopleIndex, error) {
	yes := true
	ours, err := s.Entities(ctx, graph.EntityQuery{Ours: &yes})
	if err != nil {
		return nil, err
	}
	b := dedupe.NewBuilder(dedupe.Config{})
	pix := &peopleIndex{version: ver, people: map[string]graph.Entity{}, ours: map[string]bool{}}
	add := func(e graph.Entity) error {
		if e.Kind != graph.KindPerson || pix.people[e.ID].ID != "" {
			return nil
		}
		pix.people[e.ID] = e
		return b.Add(&e, nil)
	}
	for _, e := range ours {
		if e.Kind != graph.KindPerson {
			continue
		}
		pix.ours[e.ID] = true
		if err := add(e); err != nil {
			return nil, err
		}
		ns, err := s.Neighbors(ctx, e.ID, nil)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if err := add(n.Entity); err != nil {
				return nil, err
			}
		}
	}
	pix.ix = b.Build()
	return pix, nil
}

package outreach

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// The tie-refresh rule (see the package documentation).
const (
	// RefreshHalfLife is how long it takes an interaction's lift to halve.
	RefreshHalfLife = 180 * 24 * time.Hour
	// MaxPairwise is the most participants an interaction may have and
	// still pair them up.
	MaxPairwise = 8
)

// RefreshWeight is the lift a fresh interaction of type t gives a tie
// between two of its participants; 0 for types that pair nobody.
func RefreshWeight(t graph.InteractionType) float64 {
	switch t {
	case graph.OneOnOne:
		return 0.35
	case graph.OfficialMeeting, graph.SiteVisit:
		return 0.30
	case graph.Call:
		return 0.20
	case graph.Email:
		return 0.10
	}
	return 0
}

// Refreshed returns the effective strength of a tie of recorded strength s
// lifted by b: 1 − (1 − s)(1 − b). It is never below s.
func Refreshed(s, b float64) float64 {
	if b <= 0 {
		return s
	}
	return 1 - (1-s)*(1-b)
}

// Contact is what the organizing log says about one pair of entities.
type Contact struct {
	// A and B are the two entity ids, A < B.
	A, B string
	// Count is the number of interactions both took part in, Last the date
	// of the latest.
	Count int
	Last  string
	// Boost is the lift b of the pair's tie at the reference time.
	Boost float64
}

type pair struct{ a, b string }

func pairOf(x, y string) pair {
	if y < x {
		x, y = y, x
	}
	return pair{x, y}
}

// Contacts holds the refreshed pairs of an organizing log at a reference
// time.
type Contacts struct {
	asOf  time.Time
	pairs map[pair]*Contact
	ids   map[string]bool
}

// NewContacts pairs up the participants of each interaction of log, with
// lifts measured at asOf (an interaction dated after asOf counts as fresh).
// Gatherings, interactions with more than MaxPairwise participants and types
// whose RefreshWeight is 0 pair nobody.
func NewContacts(log []graph.Interaction, asOf time.Time) *Contacts {
	c := &Contacts{asOf: asOf, pairs: map[pair]*Contact{}, ids: map[string]bool{}}
	keep := map[pair]float64{} // running product of (1 - lift)
	for i := range log {
		ix := &log[i]
		w := RefreshWeight(ix.Type)
		if w == 0 || ix.Type.Gathering() || len(ix.Participants) < 2 || len(ix.Participants) > MaxPairwise {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, ix.Date, asOf.Location())
		if err != nil {
			continue
		}
		age := max(asOf.Sub(d), 0)
		lift := w * math.Exp2(-float64(age)/float64(RefreshHalfLife))
		ps := ix.Participants
		for x := 0; x < len(ps); x++ {
			for y := x + 1; y < len(ps); y++ {
				if ps[x] == ps[y] {
					continue
				}
				k := pairOf(ps[x], ps[y])
				ct := c.pairs[k]
				if ct == nil {
					ct = &Contact{A: k.a, B: k.b}
					c.pairs[k] = ct
					keep[k] = 1
				}
				ct.Count++
				if ix.Date > ct.Last {
					ct.Last = ix.Date
				}
				keep[k] *= 1 - lift
				c.ids[k.a], c.ids[k.b] = true, true
			}
		}
	}
	for k, ct := range c.pairs {
		ct.Boost = 1 - keep[k]
	}
	return c
}

// Len returns the number of refreshed pairs.
func (c *Contacts) Len() int { return len(c.pairs) }

// Between returns the contact between two entities, if they met.
func (c *Contacts) Between(x, y string) (Contact, bool) {
	ct, ok := c.pairs[pairOf(x, y)]
	if !ok {
		return Contact{}, false
	}
	return *ct, true
}

// All returns every contact, ordered by A then B.
func (c *Contacts) All() []Contact {
	out := make([]Contact, 0, len(c.pairs))
	for _, ct := range c.pairs {
		out = append(out, *ct)
	}
	slices.SortFunc(out, func(x, y Contact) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return out
}

// ContactTieID is the id of the KNOWS tie a contact adds to the snapshot
// between two people who met but have no introducing tie.
func ContactTieID(a, b string) string {
	k := pairOf(a, b)
	return "CONTACT:" + k.a + "~" + k.b
}

// RefreshedStream wraps a store's Stream (or any snapshot.StreamFunc) so
// that the snapshot built from it applies the tie-refresh rule: every
// current introducing tie between two entities that met is passed on as a
// copy with its refreshed strength, and pairs that met without such a tie
// get a KNOWS tie of strength Boost, with id ContactTieID, after the
// store's relationships. Entities and every other relationship pass
// unchanged; the store is never written.
func RefreshedStream(stream snapshot.StreamFunc, c *Contacts) snapshot.StreamFunc {
	return func(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
		if c == nil || len(c.pairs) == 0 {
			return stream(ctx, fn)
		}
		tied := map[pair]bool{}
		entities := map[string]bool{}
		onEntity := fn.Entity
		wrapped := graph.StreamFuncs{
			Entity: func(e *graph.Entity) error {
				if c.ids[e.ID] {
					entities[e.ID] = true
				}
				if onEntity == nil {
					return nil
				}
				return onEntity(e)
			},
			Relationship: func(r *graph.Relationship) error {
				if !c.ids[r.Source] || !c.ids[r.Target] {
					return fn.Relationship(r)
				}
				k := pairOf(r.Source, r.Target)
				ct, ok := c.pairs[k]
				info, known := r.Type.Info()
				if !ok || !known || !info.Introduces || !graph.Current(r.Until, c.asOf) {
					return fn.Relationship(r)
				}
				tied[k] = true
				cp := *r
				s := cp.Strength
				if !(s > 0) {
					s = info.DefaultStrength
				}
				cp.Strength = Refreshed(min(s, 1), ct.Boost)
				return fn.Relationship(&cp)
			},
		}
		if fn.Relationship == nil {
			wrapped.Relationship = nil
		}
		v, err := stream(ctx, wrapped)
		if err != nil || fn.Relationship == nil {
			return v, err
		}
		for _, ct := range c.All() {
			k := pair{ct.A, ct.B}
			if tied[k] || !entities[ct.A] || !entities[ct.B] || !(ct.Boost > 0) {
				continue
			}
			r := &graph.Relationship{ID: ContactTieID(ct.A, ct.B), Source: ct.A, Target: ct.B, Type: graph.Knows,
				Strength: ct.Boost, Notes: fmt.Sprintf("met through the organizing log: %d interaction(s), last on %s", ct.Count, ct.Last)}
			if err := fn.Relationship(r); err != nil {
				return v, err
			}
		}
		return v, nil
	}
}

// BuildSnapshot builds the analysis snapshot of a week: ties judged current
// at asOf (the start of the week), refreshed by the organizing log.
func BuildSnapshot(ctx context.Context, stream snapshot.StreamFunc, log []graph.Interaction, asOf time.Time) (*snapshot.Snapshot, *Contacts, error) {
	c := NewContacts(log, asOf)
	s, err := snapshot.Build(ctx, RefreshedStream(stream, c), snapshot.Options{Now: asOf})
	if err != nil {
		return nil, nil, err
	}
	return s, c, nil
}

package paths

import (
	"cmp"
	"context"
	"slices"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// MaxCommon caps the common neighbours Connections lists.
const MaxCommon = 100

// Common is an entity tied to both ends of a connection: an interlock.
type Common struct {
	Entity graph.EntityRef `json:"entity"`
	// ViaA is the tie from A to the common neighbour, ViaB the tie from it
	// to B.
	ViaA graph.Hop `json:"via_a"`
	ViaB graph.Hop `json:"via_b"`
	// Strength is the product of the two ties' strengths.
	Strength float64 `json:"strength"`
}

// Connection describes how two entities are connected over the Walk graph.
type Connection struct {
	A graph.EntityRef `json:"a"`
	B graph.EntityRef `json:"b"`
	// Direct lists every current introducing tie between A and B,
	// strongest first.
	Direct []graph.Hop `json:"direct"`
	// Common lists the strongest common neighbours (at most MaxCommon),
	// by strength and then id; CommonTotal counts them all.
	Common      []Common `json:"common"`
	CommonTotal int      `json:"common_total"`
	// Paths are the DefaultK best paths from A to B with at most
	// DefaultMaxHops ties.
	Paths []graph.Path `json:"paths"`
}

const opConnections = "paths.Connections"

// Connections finds the direct ties, the common neighbours and the best
// paths between entities a and b. A missing id is NotFound; a == b is
// Invalid.
func Connections(ctx context.Context, snap *snapshot.Snapshot, a, b string) (*Connection, error) {
	ia, ok := snap.Index(a)
	if !ok {
		return nil, graph.Errorf(opConnections, graph.NotFound, "no entity %q", a)
	}
	ib, ok := snap.Index(b)
	if !ok {
		return nil, graph.Errorf(opConnections, graph.NotFound, "no entity %q", b)
	}
	if ia == ib {
		return nil, graph.Errorf(opConnections, graph.Invalid, "an entity is not connected to itself")
	}
	c := &Connection{A: snap.Ref(ia), B: snap.Ref(ib), Direct: []graph.Hop{}, Common: []Common{}}
	for _, t := range snap.Ties(ia, ib) {
		c.Direct = append(c.Direct, snap.Hop(ia, t))
	}
	w := snap.Walk()
	ra, _ := w.Row(ia)
	rb, _ := w.Row(ib)
	for i, j := 0, 0; i < len(ra) && j < len(rb); {
		switch {
		case ra[i] < rb[j]:
			i++
		case ra[i] > rb[j]:
			j++
		default:
			x := ra[i]
			lo, _ := w.Span(ia)
			ta := snap.WalkTie(ia, int(lo)+i)
			tb := snap.WalkTie(x, mustFind(w, x, ib))
			c.Common = append(c.Common, Common{
				Entity: snap.Ref(x), ViaA: snap.Hop(ia, ta), ViaB: snap.Hop(x, tb),
				Strength: ta.Strength * tb.Strength,
			})
			i++
			j++
		}
		if i&1023 == 0 && ctx.Err() != nil {
			return nil, graph.E(opConnections, graph.Unavailable, ctx.Err())
		}
	}
	c.CommonTotal = len(c.Common)
	slices.SortFunc(c.Common, func(x, y Common) int {
		if o := cmp.Compare(y.Strength, x.Strength); o != 0 {
			return o
		}
		return cmp.Compare(x.Entity.ID, y.Entity.ID)
	})
	if len(c.Common) > MaxCommon {
		c.Common = c.Common[:MaxCommon]
	}
	res, err := Find(ctx, snap, Query{From: []string{a}, To: b})
	if err != nil {
		return nil, err
	}
	c.Paths = res.Paths
	return c, nil
}

func mustFind(w *snapshot.CSR, u, v int32) int {
	e, ok := w.Find(u, v)
	if !ok {
		panic("paths: Walk is not symmetric")
	}
	return e
}

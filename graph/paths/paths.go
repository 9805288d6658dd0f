package paths

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Defaults and limits of a Query.
const (
	DefaultK       = 5
	DefaultMaxHops = 6
	MaxK           = 100
	// MaxHopsLimit caps MaxHops; no loopless path is longer than the
	// snapshot has nodes anyway.
	MaxHopsLimit = 1 << 20
)

// Query asks for the k best introduction paths to an entity.
type Query struct {
	// To is the target entity id.
	To string `json:"to"`
	// From lists the source entity ids; empty means every entity marked
	// ours. The target itself is never a source.
	From []string `json:"from,omitempty"`
	// K is how many paths to return (default 5, at most MaxK).
	K int `json:"k,omitempty"`
	// MaxHops bounds the number of ties on a path (default 6).
	MaxHops int `json:"max_hops,omitempty"`
	// Types, when not empty, lists the only relationship types a path may
	// use; ExcludeTypes lists types it may not use.
	Types        []graph.RelType `json:"types,omitempty"`
	ExcludeTypes []graph.RelType `json:"exclude_types,omitempty"`
	// Avoid lists entity ids no path may pass through.
	Avoid []string `json:"avoid,omitempty"`
}

// Result holds the paths to a target, best first. Every path runs from a
// source to the target.
type Result struct {
	Target graph.EntityRef `json:"target"`
	// K and MaxHops are the limits the paths were found within, defaults
	// applied.
	K       int          `json:"k"`
	MaxHops int          `json:"max_hops"`
	Paths   []graph.Path `json:"paths"`
}

const opFind = "paths.Find"

// Find returns the k best loopless paths of q over snap's Walk graph. A
// missing target or source is NotFound; a bad K, MaxHops or type, or an
// avoided target, is Invalid. When no path exists, Paths is empty. Find
// honours ctx and allocates O(V) at most beyond the snapshot, from pooled
// buffers.
func Find(ctx context.Context, snap *snapshot.Snapshot, q Query) (*Result, error) {
	p, err := prepare(snap, q)
	if err != nil {
		return nil, err
	}
	res := &Result{Target: snap.Ref(p.target), K: p.k, MaxHops: p.maxHops, Paths: []graph.Path{}}
	if len(p.sources) == 0 {
		return res, nil
	}
	sc := getScratch(snap.Len())
	defer putScratch(sc)
	found, err := sc.search(ctx, snap, p)
	if err != nil {
		return nil, err
	}
	for _, fp := range found {
		res.Paths = append(res.Paths, snap.Path(fp.nodes, fp.ties))
	}
	return res, nil
}

// plan is a validated query in node indices.
type plan struct {
	target int32
	// sources are sorted and unique; they may include the target and
	// avoided nodes, which the search skips.
	sources []int32
	avoid   []int32
	k       int
	maxHops int
	// mask has bit c set when type code c may be used.
	mask uint32
}

func prepare(snap *snapshot.Snapshot, q Query) (*plan, error) {
	var ds []graph.Detail
	p := &plan{k: q.K, maxHops: q.MaxHops}
	if p.k == 0 {
		p.k = DefaultK
	}
	if p.k < 0 || p.k > MaxK {
		ds = append(ds, graph.Detail{Field: "k", Reason: "must be between 1 and " + strconv.Itoa(MaxK)})
	}
	if p.maxHops == 0 {
		p.maxHops = DefaultMaxHops
	}
	if p.maxHops < 0 || p.maxHops > MaxHopsLimit {
		ds = append(ds, graph.Detail{Field: "max_hops", Reason: "must be between 1 and " + strconv.Itoa(MaxHopsLimit)})
	}
	mask, tds := typeMask(q.Types, q.ExcludeTypes)
	ds = append(ds, tds...)
	p.mask = mask
	if len(ds) > 0 {
		return nil, &graph.Error{Op: opFind, Code: graph.Invalid, Message: "invalid path query: " + ds[0].Field + " " + ds[0].Reason, Details: ds}
	}
	t, ok := snap.Index(q.To)
	if !ok {
		return nil, graph.Errorf(opFind, graph.NotFound, "no entity %q", q.To)
	}
	p.target = t
	for _, id := range q.Avoid {
		i, ok := snap.Index(id)
		if !ok {
			continue // avoiding someone unknown is no constraint
		}
		if i == t {
			return nil, graph.Errorf(opFind, graph.Invalid, "the target %q cannot be avoided", id)
		}
		p.avoid = append(p.avoid, i)
	}
	if len(q.From) == 0 {
		// Shared with the snapshot: sorted, unique, never modified.
		p.sources = snap.OursNodes()
	} else {
		for _, id := range q.From {
			i, ok := snap.Index(id)
			if !ok {
				return nil, graph.Errorf(opFind, graph.NotFound, "no source entity %q", id)
			}
			p.sources = append(p.sources, i)
		}
		slices.Sort(p.sources)
		p.sources = slices.Compact(p.sources)
	}
	return p, nil
}

// typeMask returns the allowed type codes: the introducing types, narrowed
// to include and without exclude.
func typeMask(include, exclude []graph.RelType) (uint32, []graph.Detail) {
	var ds []graph.Detail
	code := func(field string, t graph.RelType) (uint8, bool) {
		c, ok := snapshot.TypeCode(t)
		if !ok {
			ds = append(ds, graph.Detail{Field: field, Reason: "unknown relationship type " + strconv.Quote(string(t))})
		}
		return c, ok
	}
	var mask uint32
	if len(include) == 0 {
		for _, info := range graph.Types() {
			if info.Introduces {
				c, _ := snapshot.TypeCode(info.Type)
				mask |= 1 << c
			}
		}
	}
	for _, t := range include {
		if c, ok := code("types", t); ok {
			mask |= 1 << c
		}
	}
	for _, t := range exclude {
		if c, ok := code("exclude_types", t); ok {
			mask &^= 1 << c
		}
	}
	return mask, ds
}

// found is one path in node indices, with the tie used for each hop.
type found struct {
	nodes []int32
	ties  []snapshot.Tie
}

// Direct returns the one-hop paths of q: every source tied directly to the
// target by a tie q allows, through no avoided entity, strongest first (then
// by source id), at most q.K of them. It reads only the target's ties, so it
// costs the target's degree, where Find with MaxHops 1 would walk out from
// every source. Errors are Find's.
func Direct(ctx context.Context, snap *snapshot.Snapshot, q Query) (*Result, error) {
	q.MaxHops = 1
	p, err := prepare(snap, q)
	if err != nil {
		return nil, err
	}
	res := &Result{Target: snap.Ref(p.target), K: p.k, MaxHops: 1, Paths: []graph.Path{}}
	type direct struct {
		from int32
		tie  snapshot.Tie
	}
	var ds []direct
	adj, _ := snap.Walk().Row(p.target)
	for _, v := range adj {
		if _, ok := slices.BinarySearch(p.sources, v); !ok || slices.Contains(p.avoid, v) {
			continue
		}
		for _, t := range snap.Ties(v, p.target) { // strongest first
			if c, ok := snapshot.TypeCode(t.Type); ok && p.mask&(1<<c) != 0 {
				ds = append(ds, direct{from: v, tie: t})
				break
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, graph.E(opFind, graph.Unavailable, err)
	}
	slices.SortFunc(ds, func(x, y direct) int {
		if c := cmp.Compare(y.tie.Strength, x.tie.Strength); c != 0 {
			return c
		}
		return strings.Compare(snap.ID(x.from), snap.ID(y.from))
	})
	for _, d := range ds[:min(len(ds), p.k)] {
		res.Paths = append(res.Paths, snap.Path([]int32{d.from, p.target}, []snapshot.Tie{d.tie}))
	}
	return res, nil
}

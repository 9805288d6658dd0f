package rank

import (
	"cmp"
	"math"
	"slices"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// view is the graph a query runs on: the whole snapshot, or with Within the
// subgraph induced by its kind and label, with only the ties of its types.
// View nodes keep the snapshot's order, so comparing view indices compares
// ids.
type view struct {
	snap   *snapshot.Snapshot
	n      int
	toSnap []int32 // view index -> snapshot index; nil when every node is kept
	keep   []int32 // snapshot index -> view index or -1; nil when every node is kept
	// listed reports whether an entity (by snapshot index) is listed in
	// the results: nil lists everyone.
	listed func(int32) bool
	types  map[graph.RelType]bool
	walk   *CSR    // nil for the algorithms that follow the influence graph
	seeds  []int32 // view indices

	typeList []graph.RelType
	inf      *Digraph
	// deadKept says the view holds the snapshot's deleted nodes, unlisted:
	// PageRank must start from and teleport to live nodes only (live).
	deadKept bool
}

func newView(snap *snapshot.Snapshot, q Query) (*view, error) {
	v := &view{snap: snap, n: snap.Len()}
	matches := func(i int32) bool {
		if q.Kind != "" && snap.Kind(i) != q.Kind {
			return false
		}
		if q.Label != "" {
			node := snap.Node(i)
			return node.HasLabel(q.Label)
		}
		return true
	}
	// Entities deleted since the snapshot's build stay as nodes that are
	// not live: leave them out as a filter would, so that scores equal
	// those over a snapshot built afresh. PageRank keeps them unlisted
	// instead (deadKept), which spares a copy of the influence graph: a
	// deleted node has no ties, and PageRank starts from and teleports to
	// live nodes only, so it scores 0 and moves no other score.
	dead := snap.Dead() > 0
	v.deadKept = dead && (q.Algo == AlgoPageRank || q.Algo == AlgoPPR) && !q.Within
	switch {
	case q.Kind == "" && q.Label == "" && !dead:
	case q.Within || dead && !v.deadKept:
		kept := snap.Live
		if q.Within {
			kept = func(i int32) bool { return snap.Live(i) && matches(i) }
		} else if q.Kind != "" || q.Label != "" {
			v.listed = matches
		}
		v.keep = make([]int32, snap.Len())
		for i := range v.keep {
			v.keep[i] = -1
			if kept(int32(i)) {
				v.keep[i] = int32(len(v.toSnap))
				v.toSnap = append(v.toSnap, int32(i))
			}
		}
		v.n = len(v.toSnap)
	case !dead:
		v.listed = matches
	case q.Kind == "" && q.Label == "":
		v.listed = snap.Live
	default:
		v.listed = func(i int32) bool { return snap.Live(i) && matches(i) }
	}
	if len(q.Types) > 0 {
		v.typeList = q.Types
		v.types = make(map[graph.RelType]bool, len(q.Types))
		for _, t := range q.Types {
			v.types[t] = true
		}
	}
	for _, id := range q.Seeds {
		i, ok := snap.Index(id)
		if !ok {
			return nil, &graph.Error{Code: graph.NotFound, Message: "no entity " + quote(id), Details: []graph.Detail{{Field: "seed", Record: id, Reason: "not found"}}}
		}
		if v.keep != nil {
			if i = v.keep[i]; i < 0 {
				return nil, invalidField("seed", quote(id)+" is not among the entities ranked within the kind or label")
			}
		}
		v.seeds = append(v.seeds, i)
	}
	switch {
	case q.Algo.followsInfluence():
		// Left nil: the influence graph is built on demand (influence).
	case v.keep == nil && v.types == nil:
		v.walk, _ = snap.Walk().Compact(nil)
	default:
		v.walk = v.filterWalk()
	}
	return v, nil
}

// live returns PageRank's teleport and start weights when the view holds
// deleted nodes: 1 on the live ones, 0 on the others. It returns nil
// otherwise.
func (v *view) live() []float64 {
	if !v.deadKept {
		return nil
	}
	p := make([]float64, v.n)
	for i := range p {
		if v.snap.Live(int32(i)) {
			p[i] = 1
		}
	}
	return p
}

// index maps a snapshot index to the view, -1 when it is left out.
func (v *view) index(i int32) int32 {
	if v.keep == nil {
		return i
	}
	return v.keep[i]
}

// snapIndex maps a view index to the snapshot.
func (v *view) snapIndex(i int32) int32 {
	if v.toSnap == nil {
		return i
	}
	return v.toSnap[i]
}

// filterWalk builds the Walk graph of the view. A pair whose strongest tie
// has a type left out still joins when one of its parallel ties has a type
// kept; the strongest of those counts.
func (v *view) filterWalk() *CSR {
	w := v.snap.Walk()
	out := &CSR{Off: make([]int32, v.n+1)}
	for i := 0; i < v.n; i++ {
		u := v.snapIndex(int32(i))
		lo, hi := w.Span(u)
		for e := lo; e < hi; e++ {
			j := v.index(w.Adj[e])
			if j < 0 {
				continue
			}
			s, ok := w.W[e], true
			if v.types != nil && !v.types[v.snap.WalkType(int(e))] {
				ok = false
				if v.snap.HasParallel(int(e)) {
					for _, t := range v.snap.Parallel(u, w.Adj[e]) {
						if v.types[t.Type] {
							s, ok = t.Strength, true
							break
						}
					}
				}
			}
			if ok {
				out.Adj = append(out.Adj, j)
				out.W = append(out.W, s)
			}
		}
		out.Off[i+1] = int32(len(out.Adj))
	}
	return out
}

// influence returns the directed influence graph of the view: the
// snapshot's own when nothing is filtered, otherwise one built for the
// query.
func (v *view) influence() *Digraph {
	if v.inf != nil {
		return v.inf
	}
	switch {
	case v.keep == nil && v.types == nil:
		v.inf = v.snap.Influence()
	case v.types == nil:
		v.inf = snapshot.NewDigraph(v.induced(v.snap.Influence()))
	default:
		v.inf = snapshot.NewDigraph(v.typedInfluence())
	}
	return v.inf
}

// induced keeps the arcs of g between kept nodes.
func (v *view) induced(g *Digraph) *CSR {
	out := &CSR{Off: make([]int32, v.n+1)}
	for i := 0; i < v.n; i++ {
		for x, w := range g.Out(v.snapIndex(int32(i))) {
			if j := v.index(x); j >= 0 {
				out.Adj = append(out.Adj, j)
				out.W = append(out.W, w)
			}
		}
		out.Off[i+1] = int32(len(out.Adj))
	}
	return out
}

// typedInfluence builds the influence graph from the ties of the kept types
// between kept nodes, whether they can introduce or not (snapshot.Links):
// symmetric types both ways, directed ones from source to target, the
// strongest tie per ordered pair.
func (v *view) typedInfluence() *CSR {
	var arcs []arc
	for l := range v.snap.Links(v.typeList...) {
		a, b := v.index(l.Source), v.index(l.Target)
		if a < 0 || b < 0 {
			continue
		}
		arcs = append(arcs, arc{a, b, l.Strength})
		if info, _ := l.Type.Info(); info.Symmetric {
			arcs = append(arcs, arc{b, a, l.Strength})
		}
	}
	return strongestCSR(v.n, arcs)
}

// arc is one arc u->v of strength w.
type arc struct {
	u, v int32
	w    float64
}

// strongestCSR lays arcs out as a CSR with rows sorted by head, keeping the
// strongest arc of each ordered pair. It buckets the arcs by tail and then
// sorts each row, which is much faster than one sort of millions of arcs.
func strongestCSR(n int, arcs []arc) *CSR {
	off := make([]int32, n+1)
	for _, a := range arcs {
		off[a.u+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	byTail := make([]arc, len(arcs))
	next := slices.Clone(off[:n])
	for _, a := range arcs {
		byTail[next[a.u]] = a
		next[a.u]++
	}
	g := &CSR{Off: make([]int32, n+1)}
	for u := 0; u < n; u++ {
		row := byTail[off[u]:off[u+1]]
		slices.SortFunc(row, func(a, b arc) int {
			if a.v != b.v {
				return int(a.v - b.v)
			}
			return cmp.Compare(b.w, a.w) // the strongest first
		})
		for i, a := range row {
			if i == 0 || row[i-1].v != a.v {
				g.Adj = append(g.Adj, a.v)
				g.W = append(g.W, a.w)
			}
		}
		g.Off[u+1] = int32(len(g.Adj))
	}
	return g
}

// items turns scores over the view into the ranked, trimmed result list:
// by rounded score (or by community), ties by view index.
func (v *view) items(scores []float64, community []int, q Query) []Item {
	var seed []bool
	if q.ExcludeSeeds && len(v.seeds) > 0 {
		seed = make([]bool, v.n)
		for _, s := range v.seeds {
			seed[s] = true
		}
	}
	listed := func(i int32) bool {
		return (seed == nil || !seed[i]) && (v.listed == nil || v.listed(v.snapIndex(i)))
	}
	top := q.Top
	if top == 0 {
		top = DefaultTop
	}
	// Rounding every score costs more than the rest of the ranking: when
	// only the top are wanted, round only the nodes that can be among them.
	var cands []int32
	all := true
	if community == nil && top >= 0 {
		cands, all = nearTop(scores, top, listed)
	}
	rounded := map[int32]float64{}
	var roundedAll []float64
	if all {
		roundedAll = make([]float64, len(scores))
		for i, s := range scores {
			roundedAll[i] = roundScore(s)
		}
		for i := int32(0); int(i) < v.n; i++ {
			if listed(i) {
				cands = append(cands, i)
			}
		}
	} else {
		for _, i := range cands {
			rounded[i] = roundScore(scores[i])
		}
	}
	round := func(i int32) float64 {
		if roundedAll != nil {
			return roundedAll[i]
		}
		return rounded[i]
	}
	better := func(a, b int32) bool {
		if community != nil && community[a] != community[b] {
			return community[a] < community[b]
		}
		if ra, rb := round(a), round(b); community == nil && ra != rb {
			return ra > rb
		}
		return a < b
	}
	// best is a heap with the worst kept candidate at its root.
	var best []int32
	worse := func(i, j int) bool { return better(best[j], best[i]) }
	for _, i := range cands {
		if top < 0 || len(best) < top {
			best = append(best, i)
			if top >= 0 {
				siftUp(best, len(best)-1, worse)
			}
			continue
		}
		if better(i, best[0]) {
			best[0] = i
			siftDown(best, 0, worse)
		}
	}
	slices.SortFunc(best, func(a, b int32) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	out := make([]Item, len(best))
	for k, i := range best {
		si := v.snapIndex(i)
		ref := v.snap.Ref(si)
		out[k] = Item{ID: ref.ID, Name: ref.Name, Kind: ref.Kind, Title: ref.Title, Party: v.snap.Node(si).Party, Ours: ref.Ours, Score: round(i)}
		if community != nil {
			c := community[i]
			out[k].Community = &c
		}
	}
	return out
}

// nearTop returns, in ascending order, the listed nodes whose scores may
// round (roundScore) to one of the top best rounded scores: every node
// whose score is at least the top-th highest score less a margin that
// covers rounding. It returns all true instead when every listed node must
// be looked at: when a score is NaN or no more than top nodes are listed.
func nearTop(scores []float64, top int, listed func(int32) bool) (cands []int32, all bool) {
	if top == 0 {
		return nil, false
	}
	// low is a min-heap of the top highest scores seen so far.
	low := make([]float64, 0, top)
	less := func(i, j int) bool { return low[i] < low[j] }
	for i, s := range scores {
		if math.IsNaN(s) {
			return nil, true
		}
		if len(low) == top && s <= low[0] || !listed(int32(i)) {
			continue
		}
		if len(low) < top {
			low = append(low, s)
			siftUp(low, len(low)-1, less)
			continue
		}
		low[0] = s
		siftDown(low, 0, less)
	}
	if len(low) < top {
		return nil, true
	}
	// roundScore moves a score by at most 5e-12 of itself; the margin is
	// far wider.
	cut := low[0] - math.Abs(low[0])*1e-9
	for i, s := range scores {
		if s >= cut && listed(int32(i)) {
			cands = append(cands, int32(i))
		}
	}
	return cands, false
}

func siftUp[T any](h []T, i int, less func(i, j int) bool) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(i, p) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func siftDown[T any](h []T, i int, less func(i, j int) bool) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && less(c+1, c) {
			c++
		}
		if !less(c, i) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

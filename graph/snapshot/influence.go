package snapshot

import (
	"iter"
	"slices"
	"sync"
)

// Digraph is a directed graph over node indices with at most one arc per
// ordered pair, each with a strength in (0,1]. Out(u) lists the arcs out of
// u and In(v) the arcs into v, in ascending order of the other end. A
// Digraph is read-only and safe for concurrent use.
//
// The snapshot's Influence is a Digraph laid over Walk, so that it costs
// little memory of its own: a Walk entry u→v stands for the arc u→v when
// its tie is symmetric or points from u to v, and for the arc v→u when it is
// symmetric or points from v to u (its entry code says which). The arcs Walk
// cannot give, those of weaker parallel ties and of ties that cannot
// introduce, sit in two small CSRs of their own, by tail and by head; where
// such an arc and a Walk arc join the same ordered pair, the stronger
// counts. Walk's rows are read where they sit (CSR.Span), so that a
// snapshot that Apply made needs no copy of them.
type Digraph struct {
	n int
	// base, when not nil, is an undirected CSR whose entries stand for arcs
	// as entryArcs[code[e]] says.
	base *CSR
	code []uint8
	// out and in hold the other arcs, by tail and by head.
	out, in CSR
	// work holds the prefix sums of base's row sizes when its rows are not
	// laid out in order (Offsets).
	work []int32
	// arcs is counted on first use.
	arcsOnce sync.Once
	arcs     int
}

// What a Walk entry u→v stands for in Influence.
const (
	arcOut = 1 << iota // the arc u→v
	arcIn              // the arc v→u
)

// entryArcs maps a Walk entry code to the arcs it stands for.
var entryArcs = func() (t [256]uint8) {
	for c := range t {
		code := c & codeMask
		switch {
		case code >= len(typeInfos):
		case typeInfos[code].Symmetric:
			t[c] = arcOut | arcIn
		case c&bitReversed != 0:
			t[c] = arcIn
		default:
			t[c] = arcOut
		}
	}
	return t
}()

// NewDigraph returns the Digraph whose arcs out of u are g's row u. It keeps
// g (which must not be modified afterwards) and builds its transpose.
func NewDigraph(g *CSR) *Digraph {
	d := &Digraph{n: g.Nodes(), out: *g}
	d.in = transpose(g)
	d.arcsOnce.Do(func() { d.arcs = g.Entries() })
	return d
}

// Nodes returns the number of nodes.
func (g *Digraph) Nodes() int { return g.n }

// Arcs returns the number of arcs.
func (g *Digraph) Arcs() int {
	g.arcsOnce.Do(g.countArcs)
	return g.arcs
}

// countArcs counts the base entries that stand for an arc out of their
// row, and the extra arcs that no such entry gives.
func (g *Digraph) countArcs() {
	n := 0
	if b := g.base; b != nil {
		for u := range int32(g.n) {
			lo, hi := b.Span(u)
			for _, c := range g.code[lo:hi] {
				if entryArcs[c]&arcOut != 0 {
					n++
				}
			}
		}
	}
	for u := range int32(g.n) {
		for e := g.out.Off[u]; e < g.out.Off[u+1]; e++ {
			if !g.baseHas(u, g.out.Adj[e]) {
				n++
			}
		}
	}
	g.arcs = n
}

// baseHas reports whether base holds the arc u→v.
func (g *Digraph) baseHas(u, v int32) bool {
	if g.base == nil {
		return false
	}
	e, ok := g.base.Find(u, v)
	return ok && entryArcs[g.code[e]]&arcOut != 0
}

// Out returns the arcs out of u: their heads, ascending, and strengths.
func (g *Digraph) Out(u int32) iter.Seq2[int32, float64] { return g.row(u, &g.out, arcOut) }

// In returns the arcs into v: their tails, ascending, and strengths.
func (g *Digraph) In(v int32) iter.Seq2[int32, float64] { return g.row(v, &g.in, arcIn) }

// row returns u's arcs in direction dir, whose extra arcs are in extra.
// The common row, base entries only, is a loop that the compiler can
// inline into a caller's range loop, with no call per arc.
func (g *Digraph) row(u int32, extra *CSR, dir uint8) iter.Seq2[int32, float64] {
	return func(yield func(int32, float64) bool) {
		b := g.base
		if b == nil || extra.Off[u] != extra.Off[u+1] {
			g.merge(u, extra, dir, yield)
			return
		}
		lo, hi := b.Span(u)
		for e := lo; e < hi; e++ {
			if entryArcs[g.code[e]]&dir != 0 && !yield(b.Adj[e], b.W[e]) {
				return
			}
		}
	}
}

// merge yields u's base entries that stand for an arc in direction dir
// merged with u's row of extra, both sorted by neighbour, keeping the
// stronger arc of a neighbour found in both.
func (g *Digraph) merge(u int32, extra *CSR, dir uint8, yield func(int32, float64) bool) {
	x, xEnd := extra.Off[u], extra.Off[u+1]
	if b := g.base; b != nil {
		lo, hi := b.Span(u)
		for e := lo; e < hi; e++ {
			if entryArcs[g.code[e]]&dir == 0 {
				continue
			}
			v, w := b.Adj[e], b.W[e]
			for ; x < xEnd && extra.Adj[x] < v; x++ {
				if !yield(extra.Adj[x], extra.W[x]) {
					return
				}
			}
			if x < xEnd && extra.Adj[x] == v {
				w = max(w, extra.W[x])
				x++
			}
			if !yield(v, w) {
				return
			}
		}
	}
	for ; x < xEnd; x++ {
		if !yield(extra.Adj[x], extra.W[x]) {
			return
		}
	}
}

// Find returns the strength of the arc u→v, and false when there is none.
func (g *Digraph) Find(u, v int32) (float64, bool) {
	if u < 0 || int(u) >= g.n {
		return 0, false
	}
	w, ok := 0.0, false
	if e, found := g.out.Find(u, v); found {
		w, ok = g.out.W[e], true
	}
	if g.base != nil {
		if e, found := g.base.Find(u, v); found && entryArcs[g.code[e]]&arcOut != 0 {
			w, ok = max(w, g.base.W[e]), true
		}
	}
	return w, ok
}

// PullIn returns the sum, over the arcs u→v into v, of the arc's strength
// (1 when unweighted) times x[u]: one row of a pull-based power iteration.
func (g *Digraph) PullIn(v int32, x []float64, unweighted bool) float64 {
	return g.pull(v, &g.in, arcIn, x, unweighted)
}

// PullOut returns the sum, over the arcs u→v out of u, of the arc's
// strength (1 when unweighted) times x[v].
func (g *Digraph) PullOut(u int32, x []float64, unweighted bool) float64 {
	return g.pull(u, &g.out, arcOut, x, unweighted)
}

// pull sums u's row in direction dir. Rows with both base entries and
// extra arcs, which are rare, go through merge; the others are plain loops
// that add their terms into four partial sums, in turn, so that the adds
// need not wait for each other: a fixed order, so the same sum every time.
func (g *Digraph) pull(u int32, extra *CSR, dir uint8, x []float64, unweighted bool) float64 {
	xa, xb := extra.Off[u], extra.Off[u+1]
	if b := g.base; b != nil {
		lo, hi := b.Span(u)
		if lo < hi {
			if xa < xb {
				return g.pullMerged(u, extra, dir, x, unweighted)
			}
			return pullBase(b.Adj[lo:hi], b.W[lo:hi], g.code[lo:hi], dir, x, unweighted)
		}
	}
	return pullRow(extra.Adj[xa:xb], extra.W[xa:xb], x, unweighted)
}

// pullRow sums ws[k]·x[adj[k]] (x[adj[k]] when unweighted).
func pullRow(adj []int32, ws []float64, x []float64, unweighted bool) float64 {
	var s0, s1, s2, s3 float64
	k := 0
	if unweighted {
		for ; k+3 < len(adj); k += 4 {
			s0 += x[adj[k]]
			s1 += x[adj[k+1]]
			s2 += x[adj[k+2]]
			s3 += x[adj[k+3]]
		}
		for ; k < len(adj); k++ {
			s0 += x[adj[k]]
		}
		return (s0 + s1) + (s2 + s3)
	}
	ws = ws[:len(adj)]
	for ; k+3 < len(adj); k += 4 {
		s0 += ws[k] * x[adj[k]]
		s1 += ws[k+1] * x[adj[k+1]]
		s2 += ws[k+2] * x[adj[k+2]]
		s3 += ws[k+3] * x[adj[k+3]]
	}
	for ; k < len(adj); k++ {
		s0 += ws[k] * x[adj[k]]
	}
	return (s0 + s1) + (s2 + s3)
}

// pullBase sums one row of base entries that stand for an arc in
// direction dir, as pullRow does.
func pullBase(adj []int32, ws []float64, code []uint8, dir uint8, x []float64, unweighted bool) float64 {
	var s0, s1, s2, s3 float64
	ws, code = ws[:len(adj)], code[:len(adj)]
	k := 0
	if unweighted {
		for ; k+3 < len(adj); k += 4 {
			if entryArcs[code[k]]&dir != 0 {
				s0 += x[adj[k]]
			}
			if entryArcs[code[k+1]]&dir != 0 {
				s1 += x[adj[k+1]]
			}
			if entryArcs[code[k+2]]&dir != 0 {
				s2 += x[adj[k+2]]
			}
			if entryArcs[code[k+3]]&dir != 0 {
				s3 += x[adj[k+3]]
			}
		}
		for ; k < len(adj); k++ {
			if entryArcs[code[k]]&dir != 0 {
				s0 += x[adj[k]]
			}
		}
		return (s0 + s1) + (s2 + s3)
	}
	for ; k+3 < len(adj); k += 4 {
		if entryArcs[code[k]]&dir != 0 {
			s0 += ws[k] * x[adj[k]]
		}
		if entryArcs[code[k+1]]&dir != 0 {
			s1 += ws[k+1] * x[adj[k+1]]
		}
		if entryArcs[code[k+2]]&dir != 0 {
			s2 += ws[k+2] * x[adj[k+2]]
		}
		if entryArcs[code[k+3]]&dir != 0 {
			s3 += ws[k+3] * x[adj[k+3]]
		}
	}
	for ; k < len(adj); k++ {
		if entryArcs[code[k]]&dir != 0 {
			s0 += ws[k] * x[adj[k]]
		}
	}
	return (s0 + s1) + (s2 + s3)
}

// OutWeight returns the sum of the strengths of the arcs out of u (their
// number when unweighted), added in ascending order of head.
func (g *Digraph) OutWeight(u int32, unweighted bool) float64 {
	if b := g.base; b != nil && g.out.Off[u] == g.out.Off[u+1] {
		lo, hi := b.Span(u)
		adj, ws, code := b.Adj[lo:hi], b.W[lo:hi], g.code[lo:hi]
		s := 0.0
		for k := range adj {
			if entryArcs[code[k]]&arcOut != 0 {
				if unweighted {
					s++
				} else {
					s += ws[k]
				}
			}
		}
		return s
	}
	s := 0.0
	for _, w := range g.Out(u) {
		if unweighted {
			w = 1
		}
		s += w
	}
	return s
}

// pullMerged is pull through merge. It is a function of its own so that
// the closure's sum does not keep pull's sum in memory instead of a
// register, which made every row twice as slow.
func (g *Digraph) pullMerged(u int32, extra *CSR, dir uint8, x []float64, unweighted bool) float64 {
	s := 0.0
	g.merge(u, extra, dir, func(v int32, w float64) bool {
		if unweighted {
			w = 1
		}
		s += w * x[v]
		return true
	})
	return s
}

// Offsets returns row offsets, len Nodes()+1, of the storage behind the In
// rows (in) or the Out rows: node v's row takes about off[v+1]-off[v]
// steps. They serve to split the nodes into ranges of equal work.
func (g *Digraph) Offsets(in bool) []int32 {
	switch {
	case g.work != nil:
		return g.work
	case g.base != nil:
		return g.base.Off
	case in:
		return g.in.Off
	}
	return g.out.Off
}

// bytes is the memory the Digraph holds beyond its base.
func (g *Digraph) bytes() int64 { return g.out.bytes() + g.in.bytes() + int64(cap(g.work))*4 }

// Influence returns the directed influence graph used by PageRank and HITS:
// every current tie that is not a stance; symmetric types both ways,
// directed types from source to target; one arc per ordered pair, the
// strongest. It is built on first use (safe for concurrent callers) and
// shares Walk's arrays; only the arcs that Walk cannot give take memory of
// their own. Building it costs about the number of those arcs, plus a pass
// over the nodes: it reads no Walk row but those the arcs join.
func (s *Snapshot) Influence() *Digraph {
	s.infOnce.Do(s.buildInfluence)
	return &s.influence
}

func (s *Snapshot) buildInfluence() {
	n := s.Len()
	walk := &s.walk
	var from, to []int32
	var w []float64
	// add keeps an arc u→v unless Walk gives one at least as strong.
	add := func(u, v int32, x float64) {
		if e, ok := walk.Find(u, v); ok && entryArcs[s.walkCode[e]]&arcOut != 0 && walk.W[e] >= x {
			return
		}
		from = append(from, u)
		to = append(to, v)
		w = append(w, x)
	}
	tie := func(src, dst int32, x float64, code uint8) {
		add(src, dst, x)
		if typeInfos[code].Symmetric {
			add(dst, src, x)
		}
	}
	// The weaker parallel ties of Walk's pairs, as Parallel gives them
	// (Apply's overrides first), in any order: fromEdges keeps the
	// strongest arc of a pair whatever the order.
	for k, ts := range s.parallel {
		if _, ok := s.xparallel[k]; ok {
			continue
		}
		for _, t := range ts {
			tie(t.Source, t.Target, t.Strength, typeCodes[t.Type])
		}
	}
	for _, ts := range s.xparallel {
		for _, t := range ts {
			tie(t.Source, t.Target, t.Strength, typeCodes[t.Type])
		}
	}
	// The ties that cannot introduce.
	for i, code := range s.infCode {
		tie(s.infSrc[i], s.infDst[i], s.infW[i], code)
	}
	g := &s.influence
	g.n, g.base, g.code = n, walk, s.walkCode
	g.out = fromEdges(n, from, to, w)
	g.in = transpose(&g.out)
	if walk.Hi != nil {
		// Apply moved some rows: count the work of each where it sits.
		g.work = make([]int32, n+1)
		for u := range int32(n) {
			lo, hi := walk.Span(u)
			g.work[u+1] = g.work[u] + hi - lo
		}
	}
}

// fromEdges builds a CSR from directed edges, keeping the strongest edge of
// each ordered pair.
func fromEdges(n int, from, to []int32, w []float64) CSR {
	off := make([]int32, n+1)
	for _, u := range from {
		off[u+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	keys := make([]uint64, len(from))
	pos := slices.Clone(off[:n])
	for e, u := range from {
		keys[pos[u]] = uint64(to[e])<<32 | uint64(e)
		pos[u]++
	}
	kept := 0
	for i := 0; i < n; i++ {
		row := keys[off[i]:off[i+1]]
		slices.Sort(row)
		for j := range row {
			if j == 0 || row[j]>>32 != row[j-1]>>32 {
				kept++
			}
		}
	}
	c := CSR{Off: make([]int32, n+1), Adj: make([]int32, kept), W: make([]float64, kept)}
	k := -1
	for i := 0; i < n; i++ {
		row := keys[off[i]:off[i+1]]
		for j, key := range row {
			x := w[uint32(key)]
			if j == 0 || key>>32 != row[j-1]>>32 {
				k++
				c.Adj[k] = int32(key >> 32)
				c.W[k] = x
			} else if x > c.W[k] {
				c.W[k] = x
			}
		}
		c.Off[i+1] = int32(k + 1)
	}
	return c
}

// transpose returns the CSR of the reversed edges, rows sorted.
func transpose(c *CSR) CSR {
	n := c.Nodes()
	t := CSR{Off: make([]int32, n+1), Adj: make([]int32, len(c.Adj)), W: make([]float64, len(c.W))}
	for _, v := range c.Adj {
		t.Off[v+1]++
	}
	for i := 0; i < n; i++ {
		t.Off[i+1] += t.Off[i]
	}
	pos := slices.Clone(t.Off[:n])
	// Visiting sources in ascending order fills each row sorted.
	for u := int32(0); int(u) < n; u++ {
		for e := c.Off[u]; e < c.Off[u+1]; e++ {
			v := c.Adj[e]
			t.Adj[pos[v]] = u
			t.W[pos[v]] = c.W[e]
			pos[v]++
		}
	}
	return t
}

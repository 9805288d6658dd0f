package snapshot

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/powermap/powermap/graph"
)

// arena is the backing of the walk arrays of every snapshot made from one
// build by Apply and Without. They append the rows they rewrite at the
// arena's end, whichever snapshot they start from: a snapshot only reads
// the entries that were written when it was made, each written once, so
// appending never disturbs one. When the arrays must grow, the new backing
// holds a copy of everything written so far, and older snapshots keep the
// old one.
type arena struct {
	mu   sync.Mutex
	adj  []int32
	w    []float64
	code []uint8
}

// errReplay says that a change does not fit the snapshot: the caller
// builds afresh.
func errReplay(format string, args ...any) error {
	return graph.Errorf("snapshot.Apply", graph.Conflict, format, args...)
}

// Apply returns the snapshot of the graph after changes, which must follow
// on from s's version with no gap: the first at s.Version()+1, each one
// version after the one before. s is not modified and stays valid.
//
// A change that overflowed, or that does not fit s (a tie it deletes that
// s does not hold), is a Conflict: the caller must build afresh. Ties are
// judged current at s.Now(), as when s was built.
//
// The result shares most of its memory with s. Rewritten rows are moved to
// the end of the walk's arrays (Walk's CSR then has Hi set), added nodes
// take the next indices whatever their id, and deleted ones stay as nodes
// that are not Live. Moved reports how much of that a build would reclaim.
func (s *Snapshot) Apply(ctx context.Context, changes []graph.Change) (*Snapshot, error) {
	if len(changes) == 0 {
		return s, nil
	}
	a := newApplier(s)
	for i := range changes {
		c := &changes[i]
		if want := s.version + uint64(i) + 1; c.Version != want {
			return nil, errReplay("change at version %d does not follow version %d", c.Version, want-1)
		}
		if c.Overflow {
			return nil, errReplay("the change at version %d is too large to replay", c.Version)
		}
		if err := ctx.Err(); err != nil {
			return nil, graph.E("snapshot.Apply", graph.Unavailable, err)
		}
		if err := a.change(c); err != nil {
			return nil, err
		}
	}
	if err := a.finish(); err != nil {
		return nil, err
	}
	a.t.version = changes[len(changes)-1].Version
	return a.t, nil
}

// Without returns the snapshot with the nodes for which hide reports true
// left out, as if they had been deleted with their ties: they are not
// Live, have no index entry and no ties, and count nowhere in Stats but
// Relationships' skipped kinds (stances and past ties, which the snapshot
// does not hold). s is not modified.
//
// It shares s's memory, its walk's arrays included: a row whose hidden
// neighbours come last in it is kept where it is, cut short; the others
// are copied to the end of the walk's arrays, less the hidden entries.
// Build numbers private entities last, so that when hide hides them, as
// viewers' snapshot does, only the rows that Apply has changed since need
// copying.
func (s *Snapshot) Without(ctx context.Context, hide func(i int32) bool) (*Snapshot, error) {
	a := newApplier(s)
	t := a.t
	t.from = s.arena
	gone := 0
	for i := range int32(s.Len()) {
		if !s.Live(i) || !hide(i) {
			continue
		}
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, graph.E("snapshot.Without", graph.Unavailable, err)
			}
		}
		lo, hi := s.walk.Span(i)
		for e := lo; e < hi; e++ {
			p := a.pair(i, s.walk.Adj[e])
			t.stats.Relationships -= len(p.ties)
			p.ties = nil
		}
		a.hideNode(i)
		gone++
	}
	if gone == 0 {
		return s, nil
	}
	for k := range t.infSrc {
		if u, v := t.infSrc[k], t.infDst[k]; !t.Live(u) || !t.Live(v) {
			a.infDel[infKey{u: u, v: v, code: t.infCode[k], w: t.infW[k]}]++
			t.stats.Relationships--
			t.stats.Influential--
		}
	}
	if err := a.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// Moved returns how many walk entries Apply has left behind since the
// snapshot's line was built, and how many records its overlays hold (which
// each Apply copies): what a build would reclaim.
func (s *Snapshot) Moved() (entries, overlays int) {
	return s.moved, len(s.renamed) + len(s.xindex) + len(s.xparallel) + len(s.xtexts)
}

func (s *Snapshot) deltaBytes() int64 {
	n := int64(len(s.xids)+len(s.xnames)) * 16
	for i := range s.xids {
		n += int64(len(s.xids[i]) + len(s.xnames[i]))
	}
	n += int64(len(s.renamed)+len(s.xindex)) * 48
	n += int64(cap(s.dead)) * 8
	n += int64(len(s.xparallel)) * 48
	n += int64(len(s.xtexts)) * 48
	return n
}

// pairEdit is the introducing ties between u < v as the changes leave
// them; init counts the ties s held.
type pairEdit struct {
	u, v int32
	ties []Tie
	init int
}

type infKey struct {
	u, v int32
	code uint8
	w    float64
}

type applier struct {
	s, t *Snapshot

	pairs  map[uint64]*pairEdit
	infDel map[infKey]int
	infAdd []infKey
	// oursDirty says the ours list must be made again.
	oursDirty  bool
	profCopied bool
	deadCopied bool
	mapsCopied bool
}

func newApplier(s *Snapshot) *applier {
	t := &Snapshot{
		version: s.version, now: s.now,
		idData: s.idData, nameData: s.nameData, idOff: s.idOff, nameOff: s.nameOff,
		shown: s.shown, prof: s.prof, profiles: s.profiles, ours: s.ours,
		walk: s.walk, walkCode: s.walkCode, textKeys: s.textKeys, texts: s.texts, parallel: s.parallel,
		infSrc: s.infSrc, infDst: s.infDst, infW: s.infW, infCode: s.infCode,
		stats: s.stats,
		base:  s.base, xids: s.xids, xnames: s.xnames, renamed: s.renamed, xindex: s.xindex,
		dead: s.dead, xparallel: s.xparallel, xtexts: s.xtexts, arena: s.arena, moved: s.moved, from: s.from,
	}
	return &applier{s: s, t: t, pairs: map[uint64]*pairEdit{}, infDel: map[infKey]int{}}
}

// copyMaps gives t its own overlay maps, once.
func (a *applier) copyMaps() {
	if a.mapsCopied {
		return
	}
	a.mapsCopied = true
	t := a.t
	t.renamed = cloneMap(t.renamed)
	t.xindex = cloneMap(t.xindex)
	t.xparallel = cloneMap(t.xparallel)
	t.xtexts = cloneMap(t.xtexts)
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (a *applier) change(c *graph.Change) error {
	after := make(map[string]bool, len(c.EntitiesAfter))
	for i := range c.EntitiesAfter {
		after[c.EntitiesAfter[i].ID] = true
	}
	for i := range c.RelationshipsBefore {
		if err := a.rel(&c.RelationshipsBefore[i], -1); err != nil {
			return err
		}
	}
	for i := range c.EntitiesBefore {
		if id := c.EntitiesBefore[i].ID; !after[id] {
			if err := a.deleteNode(id); err != nil {
				return err
			}
		}
	}
	for i := range c.EntitiesAfter {
		a.putNode(&c.EntitiesAfter[i])
	}
	for i := range c.RelationshipsAfter {
		if err := a.rel(&c.RelationshipsAfter[i], +1); err != nil {
			return err
		}
	}
	return nil
}

// rel adds (d = +1) or removes (d = -1) relationship r, classified as
// Build classifies it.
func (a *applier) rel(r *graph.Relationship, d int) error {
	t := a.t
	st := &t.stats
	st.Relationships += d
	code, ok := typeCodes[r.Type]
	if !ok {
		st.Unknown += d
		return nil
	}
	info := &typeInfos[code]
	if info.Stance {
		st.Stance += d
		return nil
	}
	if r.Until != "" && !graph.Current(r.Until, t.now) {
		st.Past += d
		return nil
	}
	u, ok1 := t.Index(r.Source)
	v, ok2 := t.Index(r.Target)
	if !ok1 || !ok2 || u == v {
		st.Dangling += d
		return nil
	}
	w := validStrength(r.Strength, code)
	if !info.Introduces {
		st.Influential += d
		k := infKey{u: u, v: v, code: code, w: w}
		if d > 0 {
			a.infAdd = append(a.infAdd, k)
		} else if i := slices.Index(a.infAdd, k); i >= 0 {
			a.infAdd = slices.Delete(a.infAdd, i, i+1)
		} else {
			a.infDel[k]++
		}
		return nil
	}
	p := a.pair(u, v)
	if d > 0 {
		p.ties = append(p.ties, Tie{ID: r.ID, Type: r.Type, Strength: w, Notes: r.Notes, Source: u, Target: v})
		return nil
	}
	i := slices.IndexFunc(p.ties, func(x Tie) bool { return x.ID == r.ID })
	if i < 0 {
		return errReplay("relationship %q is not in the snapshot", r.ID)
	}
	p.ties = slices.Delete(p.ties, i, i+1)
	return nil
}

// pair returns the pending ties between u and v, starting from s's.
func (a *applier) pair(u, v int32) *pairEdit {
	if u > v {
		u, v = v, u
	}
	k := pairKey(u, v)
	p := a.pairs[k]
	if p == nil {
		p = &pairEdit{u: u, v: v}
		if int(v) < a.s.Len() && a.s.Live(u) && a.s.Live(v) {
			p.ties = a.s.Ties(u, v)
		}
		p.init = len(p.ties)
		a.pairs[k] = p
	}
	return p
}

func (a *applier) deleteNode(id string) error {
	t := a.t
	i, ok := t.Index(id)
	if !ok {
		return errReplay("entity %q is not in the snapshot", id)
	}
	// The change deleted the entity's ties before it: none may be left
	// (ties added by this Apply are checked in finish).
	if int(i) < a.s.Len() {
		lo, hi := a.s.walk.Span(i)
		for e := lo; e < hi; e++ {
			if p := a.pair(i, a.s.walk.Adj[e]); len(p.ties) > 0 {
				return errReplay("entity %q is deleted but keeps tie %q", id, p.ties[0].ID)
			}
		}
	}
	a.hideNode(i)
	return nil
}

// hideNode makes node i not live.
func (a *applier) hideNode(i int32) {
	t := a.t
	if !a.deadCopied {
		a.deadCopied = true
		t.dead = slices.Clone(t.dead)
	}
	for len(t.dead) <= int(i>>6) {
		t.dead = append(t.dead, 0)
	}
	t.dead[i>>6] |= 1 << (i & 63)
	p := &t.profiles[t.prof[i]]
	t.stats.Entities--
	if p.private {
		t.stats.Private--
	}
	if p.ours {
		a.oursDirty = true
	}
}

func newProfile(e *graph.Entity) profile {
	return profile{
		kind: e.Kind, ours: e.Ours, private: e.IsPrivate(), labels: slices.Clone(e.Labels),
		title: e.Title, party: e.Party, chamber: e.Chamber, district: e.District, orgType: e.OrgType,
	}
}

func (p *profile) equal(q *profile) bool {
	return p.kind == q.kind && p.ours == q.ours && p.private == q.private && slices.Equal(p.labels, q.labels) &&
		p.title == q.title && p.party == q.party && p.chamber == q.chamber && p.district == q.district && p.orgType == q.orgType
}

func (a *applier) putNode(e *graph.Entity) {
	t := a.t
	np := newProfile(e)
	if !a.profCopied {
		a.profCopied = true
		t.prof = slices.Clone(t.prof)
	}
	i, ok := t.Index(e.ID)
	if !ok {
		i = int32(t.Len())
		a.copyMaps()
		t.xindex[e.ID] = i
		t.xids = append(t.xids[:len(t.xids):len(t.xids)], e.ID)
		t.xnames = append(t.xnames[:len(t.xnames):len(t.xnames)], e.Name)
		t.prof = append(t.prof, a.profile(&np))
		t.stats.Entities++
		if np.private {
			t.stats.Private++
		}
		if np.ours {
			a.oursDirty = true
		}
		return
	}
	if e.Name != t.Name(i) {
		if i >= t.base {
			t.xnames = slices.Clone(t.xnames)
			t.xnames[i-t.base] = e.Name
		} else {
			a.copyMaps()
			t.renamed[i] = e.Name
		}
	}
	old := &t.profiles[t.prof[i]]
	if old.equal(&np) {
		return
	}
	if old.private != np.private {
		if np.private {
			t.stats.Private++
		} else {
			t.stats.Private--
		}
	}
	if old.ours != np.ours {
		a.oursDirty = true
	}
	t.prof[i] = a.profile(&np)
}

// profile adds p to t's profiles and returns its number.
func (a *applier) profile(p *profile) uint32 {
	t := a.t
	t.profiles = append(t.profiles[:len(t.profiles):len(t.profiles)], *p)
	return uint32(len(t.profiles) - 1)
}

// setParallel records the parallel ties of pair k, keeping no overlay
// entry where the snapshot's own says the same (none), so that the
// overlays, which every Apply copies, stay small.
func (a *applier) setParallel(k uint64, ts []Tie) {
	t := a.t
	_, inOverlay := t.xparallel[k]
	if ts == nil && !inOverlay && t.parallel[k] == nil {
		return
	}
	a.copyMaps()
	t.xparallel[k] = ts
}

// slot is a walk entry as a row edit leaves it.
type slot struct {
	v    int32
	w    float64
	code uint8
	gone bool
}

func (a *applier) finish() error {
	s, t := a.s, a.t
	n := t.Len()
	if n > math.MaxInt32 {
		return graph.Errorf("snapshot.Apply", graph.TooLarge, "%d nodes exceed the snapshot's int32 layout", n)
	}
	rows := map[int32][]slot{}
	for k, p := range a.pairs {
		slices.SortFunc(p.ties, tieOrder)
		had := p.init > 0
		if had {
			t.stats.Parallel -= p.init - 1
		}
		if len(p.ties) == 0 {
			if had {
				a.setParallel(k, nil)
				t.stats.WalkTies--
				rows[p.u] = append(rows[p.u], slot{v: p.v, gone: true})
				rows[p.v] = append(rows[p.v], slot{v: p.u, gone: true})
			}
			continue
		}
		if !t.Live(p.u) || !t.Live(p.v) {
			return errReplay("tie %q joins an entity that is deleted", p.ties[0].ID)
		}
		if !had {
			t.stats.WalkTies++
		}
		best := p.ties[0]
		rest := slices.Clone(p.ties[1:])
		t.stats.Parallel += len(rest)
		if len(rest) == 0 {
			rest = nil
		}
		a.setParallel(k, rest)
		code := typeCodes[best.Type]
		info := &typeInfos[code]
		if best.Notes != "" || !isDefaultID(best.ID, t.ID(best.Source), t.ID(best.Target), best.Type, info.Symmetric) {
			code |= bitText
			a.copyMaps()
			t.xtexts[k] = tieText{id: best.ID, notes: best.Notes}
		}
		if rest != nil {
			code |= bitParallel
		}
		cu, cv := code, code
		if best.Source != p.u {
			cu |= bitReversed
		} else {
			cv |= bitReversed
		}
		rows[p.u] = append(rows[p.u], slot{v: p.v, w: best.Strength, code: cu})
		rows[p.v] = append(rows[p.v], slot{v: p.u, w: best.Strength, code: cv})
	}
	if len(rows) > 0 || n > s.Len() {
		if err := a.rewrite(rows, n); err != nil {
			return err
		}
	}
	if len(a.infDel) > 0 || len(a.infAdd) > 0 {
		if err := a.influenceArcs(); err != nil {
			return err
		}
	}
	if a.oursDirty {
		ours := make([]int32, 0, len(t.ours)+1)
		for i := range int32(n) {
			if t.Live(i) && t.Ours(i) {
				ours = append(ours, i)
			}
		}
		t.ours = ours
	}
	return nil
}

// cutShort reports whether edits, sorted by neighbour, remove the last
// entries of row and nothing else, and if so how many entries are left:
// the row can then stay where it is, with a new end.
func cutShort(row []int32, edits []slot) (int32, bool) {
	k := len(row) - len(edits)
	if k < 0 {
		return 0, false
	}
	for j, x := range edits {
		if !x.gone || row[k+j] != x.v {
			return 0, false
		}
	}
	return int32(k), true
}

// rewrite lays out the rows with edits at the end of the walk's arrays and
// gives t its own row bounds for n nodes.
func (a *applier) rewrite(rows map[int32][]slot, n int) error {
	s, t := a.s, a.t
	old := &s.walk
	oldN := old.Nodes()
	off := make([]int32, n+1)
	hi := make([]int32, n)
	copy(off, old.Off[:oldN])
	if old.Hi != nil {
		copy(hi, old.Hi)
	} else {
		copy(hi, old.Off[1:oldN+1])
	}
	ar := s.arena
	ar.mu.Lock()
	defer ar.mu.Unlock()
	adj, w, code := ar.adj, ar.w, ar.code
	// Rows that only lose their last entries stay where they are; the
	// others are laid out again at the end.
	order := make([]int32, 0, len(rows))
	need := 0
	for u, edits := range rows {
		slices.SortFunc(edits, func(x, y slot) int { return cmp.Compare(x.v, y.v) })
		if int(u) < oldN {
			if cut, ok := cutShort(adj[off[u]:hi[u]], edits); ok {
				hi[u] = off[u] + cut
				continue
			}
			need += int(hi[u] - off[u])
		}
		order = append(order, u)
		need += len(edits)
	}
	slices.Sort(order)
	if size := len(adj) + need; size > math.MaxInt32 {
		return errReplay("the walk's arrays would outgrow int32 offsets: build afresh")
	} else if size > cap(adj) {
		// Grow once, by what is needed and a little room, rather than by
		// append's quarter of arrays that may hold a million rows.
		size += size / 32
		adj, w, code = slices.Grow(adj, size-len(adj)), slices.Grow(w, size-len(w)), slices.Grow(code, size-len(code))
	}
	for _, u := range order {
		edits := rows[u]
		start := int32(len(adj))
		lo, end := off[u], hi[u]
		if int(u) >= oldN {
			lo, end = 0, 0
		}
		t.moved += int(end - lo)
		j := 0
		for e := lo; e < end || j < len(edits); {
			switch {
			case j == len(edits) || e < end && adj[e] < edits[j].v:
				adj, w, code = append(adj, adj[e]), append(w, w[e]), append(code, code[e])
				e++
			case e < end && adj[e] == edits[j].v:
				e++
				fallthrough
			default:
				if x := edits[j]; !x.gone {
					adj, w, code = append(adj, x.v), append(w, x.w), append(code, x.code)
				}
				j++
			}
		}
		off[u], hi[u] = start, int32(len(adj))
	}
	off[n] = int32(len(adj))
	ar.adj, ar.w, ar.code = adj, w, code
	t.arena = ar
	t.walk = CSR{Off: off, Hi: hi, Adj: adj, W: w}
	t.walkCode = code
	return nil
}

// influenceArcs gives t the arcs of ties that cannot introduce, less those
// removed and with those added.
func (a *applier) influenceArcs() error {
	t := a.t
	m := len(t.infSrc) + len(a.infAdd)
	src, dst := make([]int32, 0, m), make([]int32, 0, m)
	ws, codes := make([]float64, 0, m), make([]uint8, 0, m)
	for i := range t.infSrc {
		k := infKey{u: t.infSrc[i], v: t.infDst[i], code: t.infCode[i], w: t.infW[i]}
		if a.infDel[k] > 0 {
			a.infDel[k]--
			continue
		}
		src, dst, ws, codes = append(src, k.u), append(dst, k.v), append(ws, k.w), append(codes, k.code)
	}
	for k, left := range a.infDel {
		if left > 0 {
			return errReplay("a %s tie from %q to %q is not in the snapshot", TypeOf(k.code), t.ID(k.u), t.ID(k.v))
		}
	}
	for _, k := range a.infAdd {
		src, dst, ws, codes = append(src, k.u), append(dst, k.v), append(ws, k.w), append(codes, k.code)
	}
	t.infSrc, t.infDst, t.infW, t.infCode = src, dst, ws, codes
	return nil
}

// String describes the snapshot for logs.
func (s *Snapshot) String() string {
	moved, overlays := s.Moved()
	return fmt.Sprintf("snapshot v%d: %d entities, %d walk ties, %d entries moved, %d overlay records", s.version, s.stats.Entities, s.stats.WalkTies, moved, overlays)
}

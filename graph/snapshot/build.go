package snapshot

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// StreamFunc is the shape of graph.Store.Stream: it calls fn for every
// entity and then every relationship, and returns the version it read.
type StreamFunc func(context.Context, graph.StreamFuncs) (uint64, error)

// Build reads a store's stream once and builds a Snapshot. store.Stream
// fits as stream. Relationships whose endpoints are missing, stances, ties
// that are no longer current and unknown types are counted in Stats and
// left out. Build honours ctx.
func Build(ctx context.Context, stream func(context.Context, graph.StreamFuncs) (uint64, error), opts Options) (*Snapshot, error) {
	const op = "snapshot.Build"
	b := newBuilder(ctx, opts)
	version, err := stream(ctx, graph.StreamFuncs{Entity: b.entity, Relationship: b.relationship})
	if err != nil {
		if ctx.Err() != nil {
			return nil, graph.E(op, graph.Unavailable, ctx.Err())
		}
		return nil, graph.E(op, err)
	}
	if !b.nodesDone {
		b.finishNodes()
	}
	if err := b.finishWalk(); err != nil {
		return nil, graph.E(op, err)
	}
	b.s.version = version
	return b.s, nil
}

// FromBatch builds a Snapshot from the records of a batch, as if they were a
// store's content at the given version. Records are normalized copies; the
// batch is not modified. Its deletes and expectations are ignored.
func FromBatch(ctx context.Context, b *graph.Batch, version uint64, opts Options) (*Snapshot, error) {
	return Build(ctx, func(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
		for i := range b.Entities {
			e := b.Entities[i]
			e.Normalize()
			if err := fn.Entity(&e); err != nil {
				return 0, err
			}
		}
		for i := range b.Relationships {
			r := b.Relationships[i]
			r.Normalize()
			if err := fn.Relationship(&r); err != nil {
				return 0, err
			}
		}
		return version, nil
	}, opts)
}

type builder struct {
	ctx context.Context
	s   *Snapshot

	ids, names     []byte
	idOff, nameOff []uint32
	sorted         bool
	profIndex      map[string]uint32
	// index finds a node by id while the build runs; the snapshot then
	// searches its sorted ids instead (Snapshot.Index), which takes no
	// memory of its own.
	index     map[string]int32
	keyBuf    []byte
	nodesDone bool
	records   int

	// Streams tend to list an entity's ties together: remember the last
	// endpoint looked up on each side.
	lastSrc, lastDst memo

	// Introducing ties, in stream order.
	src, dst []int32
	w        []float64
	code     []uint8
	text     []int32
	texts    []tieText
}

func newBuilder(ctx context.Context, opts Options) *builder {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	return &builder{
		ctx:       ctx,
		s:         &Snapshot{now: now},
		idOff:     []uint32{0},
		nameOff:   []uint32{0},
		sorted:    true,
		profIndex: map[string]uint32{},
	}
}

func (b *builder) tick() error {
	b.records++
	if b.records&0xffff == 0 {
		return b.ctx.Err()
	}
	return nil
}

func (b *builder) entity(e *graph.Entity) error {
	if b.nodesDone {
		return graph.Errorf("snapshot.Build", graph.Internal, "stream sent entity %q after relationships", e.ID)
	}
	if err := b.tick(); err != nil {
		return err
	}
	n := len(b.idOff) - 1
	if b.sorted && n > 0 && string(b.ids[b.idOff[n-1]:]) >= e.ID {
		b.sorted = false
	}
	b.ids = append(b.ids, e.ID...)
	b.names = append(b.names, e.Name...)
	if len(b.ids) > math.MaxUint32 || len(b.names) > math.MaxUint32 {
		return graph.Errorf("snapshot.Build", graph.TooLarge, "entity ids or names exceed 4 GiB")
	}
	b.idOff = append(b.idOff, uint32(len(b.ids)))
	b.nameOff = append(b.nameOff, uint32(len(b.names)))
	b.s.prof = append(b.s.prof, b.profileOf(e))
	return nil
}

func (b *builder) profileOf(e *graph.Entity) uint32 {
	k := append(b.keyBuf[:0], e.Kind...)
	flags := byte('0')
	if e.Ours {
		flags |= 1
	}
	if e.IsPrivate() {
		flags |= 2
	}
	k = append(k, 0, flags)
	for _, f := range []string{e.Title, e.Party, e.Chamber, e.District, e.OrgType} {
		k = append(k, 0)
		k = append(k, f...)
	}
	for _, l := range e.Labels {
		k = append(k, 1)
		k = append(k, l...)
	}
	b.keyBuf = k
	if i, ok := b.profIndex[string(k)]; ok {
		return i
	}
	i := uint32(len(b.s.profiles))
	b.profIndex[string(k)] = i
	b.s.profiles = append(b.s.profiles, profile{
		kind: e.Kind, ours: e.Ours, private: e.IsPrivate(), labels: slices.Clone(e.Labels),
		title: e.Title, party: e.Party, chamber: e.Chamber, district: e.District, orgType: e.OrgType,
	})
	return i
}

// hiddenLast moves the private entities, which viewers do not see, after
// the others, each part still in id order. Rows of the walk are sorted by
// neighbour, so a row then ends with the entries that viewers do not see,
// and viewers' snapshot (Without) keeps the rest of the row where it is.
func (b *builder) hiddenLast() {
	s := b.s
	n := len(s.prof)
	private := func(i int) bool { return s.profiles[s.prof[i]].private }
	shown := 0
	for i := range n {
		if !private(i) {
			shown++
		}
	}
	s.shown = int32(shown)
	if shown == n || shown == 0 {
		return
	}
	order := make([]int32, 0, n)
	for _, last := range []bool{false, true} {
		for i := range n {
			if private(i) == last {
				order = append(order, int32(i))
			}
		}
	}
	b.reorder(order)
}

// reorder lays the nodes read so far out again: those of order, in its
// order.
func (b *builder) reorder(order []int32) {
	s := b.s
	ids := make([]byte, 0, len(b.ids))
	names := make([]byte, 0, len(b.names))
	idOff := make([]uint32, 1, len(order)+1)
	nameOff := make([]uint32, 1, len(order)+1)
	prof := make([]uint32, 0, len(order))
	for _, i := range order {
		ids = append(ids, b.ids[b.idOff[i]:b.idOff[i+1]]...)
		names = append(names, b.names[b.nameOff[i]:b.nameOff[i+1]]...)
		idOff = append(idOff, uint32(len(ids)))
		nameOff = append(nameOff, uint32(len(names)))
		prof = append(prof, s.prof[i])
	}
	b.ids, b.names, b.idOff, b.nameOff, s.prof = ids, names, idOff, nameOff, prof
}

// finishNodes lays the nodes out in id order, private ones last
// (hiddenLast), and builds the build's index.
func (b *builder) finishNodes() {
	b.nodesDone = true
	s := b.s
	n := len(b.idOff) - 1
	idAt := func(i int32) string { return string(b.ids[b.idOff[i]:b.idOff[i+1]]) }
	if !b.sorted {
		perm := make([]int32, n)
		for i := range perm {
			perm[i] = int32(i)
		}
		slices.SortStableFunc(perm, func(x, y int32) int {
			return strings.Compare(idAt(x), idAt(y))
		})
		order := make([]int32, 0, n)
		for k, i := range perm {
			if k > 0 && idAt(i) == idAt(perm[k-1]) {
				s.stats.DuplicateEntities++
				continue
			}
			order = append(order, i)
		}
		b.reorder(order)
		n = len(order)
	}
	b.hiddenLast()
	s.idData, s.nameData = string(b.ids), string(b.names)
	s.base = int32(n)
	b.ids, b.names = nil, nil
	s.idOff, s.nameOff = slices.Clip(b.idOff), slices.Clip(b.nameOff)
	s.prof = slices.Clip(s.prof)
	b.index = make(map[string]int32, n)
	for i := int32(0); int(i) < n; i++ {
		b.index[s.ID(i)] = i
		if s.profiles[s.prof[i]].ours {
			s.ours = append(s.ours, i)
		}
		if s.profiles[s.prof[i]].private {
			s.stats.Private++
		}
	}
	s.ours = slices.Clip(s.ours)
	s.stats.Entities = n
	b.profIndex = nil
}

func (b *builder) relationship(r *graph.Relationship) error {
	if !b.nodesDone {
		b.finishNodes()
	}
	if err := b.tick(); err != nil {
		return err
	}
	s := b.s
	s.stats.Relationships++
	code, ok := typeCodes[r.Type]
	if !ok {
		s.stats.Unknown++
		return nil
	}
	info := &typeInfos[code]
	if info.Stance {
		s.stats.Stance++
		return nil
	}
	if r.Until != "" && !graph.Current(r.Until, s.now) {
		s.stats.Past++
		return nil
	}
	u, ok1 := b.lookup(r.Source, &b.lastSrc)
	v, ok2 := b.lookup(r.Target, &b.lastDst)
	if !ok1 || !ok2 || u == v {
		s.stats.Dangling++
		return nil
	}
	w := validStrength(r.Strength, code)
	if !info.Introduces {
		s.stats.Influential++
		s.infSrc = append(s.infSrc, u)
		s.infDst = append(s.infDst, v)
		s.infW = append(s.infW, w)
		s.infCode = append(s.infCode, code)
		return nil
	}
	t := int32(-1)
	if r.Notes != "" || !isDefaultID(r.ID, r.Source, r.Target, r.Type, info.Symmetric) {
		t = int32(len(b.texts))
		b.texts = append(b.texts, tieText{id: r.ID, notes: r.Notes})
	}
	b.src = append(b.src, u)
	b.dst = append(b.dst, v)
	b.w = append(b.w, w)
	b.code = append(b.code, code)
	b.text = append(b.text, t)
	return nil
}

// finishWalk lays out the Walk CSR: every introducing tie both ways, rows
// sorted by neighbour, the strongest tie of each pair kept (among equally
// strong ties, the one with the least id) and the others set aside as
// parallel ties.
func (b *builder) finishWalk() error {
	s := b.s
	n := s.Len()
	m := len(b.src)
	if m >= math.MaxUint32/2 || int64(2*m) > math.MaxInt32 {
		return graph.Errorf("snapshot.Build", graph.TooLarge, "%d introducing ties exceed the snapshot's int32 layout", m)
	}
	off := make([]int32, n+1)
	for e := 0; e < m; e++ {
		off[b.src[e]+1]++
		off[b.dst[e]+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	// Each slot packs neighbour<<32 | tie number, so sorting a row sorts by
	// neighbour and then by stream order.
	keys := make([]uint64, 2*m)
	pos := slices.Clone(off[:n])
	for e := 0; e < m; e++ {
		u, v := b.src[e], b.dst[e]
		keys[pos[u]] = uint64(v)<<32 | uint64(e)
		pos[u]++
		keys[pos[v]] = uint64(u)<<32 | uint64(e)
		pos[v]++
	}
	pos = nil
	kept := 0
	for i := 0; i < n; i++ {
		if err := b.tick(); err != nil {
			return err
		}
		row := keys[off[i]:off[i+1]]
		if len(row) > 1 {
			slices.Sort(row)
		}
		for j := range row {
			if j == 0 || row[j]>>32 != row[j-1]>>32 {
				kept++
			}
		}
	}
	// Room for the rows that the first replays rewrite (Apply), so that
	// the first write after a build does not copy the whole walk.
	room := kept + kept/32 + 1024
	walk := CSR{Off: make([]int32, n+1), Adj: make([]int32, kept, room), W: make([]float64, kept, room)}
	codes := make([]uint8, kept, room)
	var parallel map[uint64][]Tie
	k := 0
	for i := 0; i < n; i++ {
		u := int32(i)
		row := keys[off[i]:off[i+1]]
		for j := 0; j < len(row); {
			v := int32(row[j] >> 32)
			end := j + 1
			best := int(uint32(row[j]))
			for end < len(row) && int32(row[end]>>32) == v {
				if e := int(uint32(row[end])); b.w[e] > b.w[best] || b.w[e] == b.w[best] && b.tieID(e) < b.tieID(best) {
					best = e
				}
				end++
			}
			c := b.code[best]
			if b.src[best] != u {
				c |= bitReversed
			}
			if b.text[best] >= 0 {
				c |= bitText
				if u < v {
					s.textKeys = append(s.textKeys, pairKey(u, v))
					s.texts = append(s.texts, b.texts[b.text[best]])
				}
			}
			if end-j > 1 {
				c |= bitParallel
				if u < v {
					if parallel == nil {
						parallel = map[uint64][]Tie{}
					}
					var ts []Tie
					for _, key := range row[j:end] {
						if e := int(uint32(key)); e != best {
							ts = append(ts, b.tieOf(e))
						}
					}
					slices.SortFunc(ts, tieOrder)
					parallel[pairKey(u, v)] = ts
					s.stats.Parallel += len(ts)
				}
			}
			walk.Adj[k] = v
			walk.W[k] = b.w[best]
			codes[k] = c
			k++
			j = end
		}
		walk.Off[i+1] = int32(k)
	}
	s.walk, s.walkCode, s.parallel = walk, codes, parallel
	s.arena = &arena{adj: walk.Adj, w: walk.W, code: codes}
	s.stats.WalkTies = kept / 2
	s.textKeys, s.texts = slices.Clip(s.textKeys), slices.Clip(s.texts)
	s.infSrc, s.infDst, s.infW, s.infCode = slices.Clip(s.infSrc), slices.Clip(s.infDst), slices.Clip(s.infW), slices.Clip(s.infCode)
	b.src, b.dst, b.w, b.code, b.text, b.texts = nil, nil, nil, nil, nil, nil
	return nil
}

// tieID returns the id of introducing tie e.
func (b *builder) tieID(e int) string {
	if x := b.text[e]; x >= 0 && b.texts[x].id != "" {
		return b.texts[x].id
	}
	return graph.DefaultRelationshipID(b.s.ID(b.src[e]), b.s.ID(b.dst[e]), typeInfos[b.code[e]].Type)
}

// tieOrder orders the ties of a pair: strongest first, then by id, so that
// the order does not depend on the order a store streams them in.
func tieOrder(x, y Tie) int {
	if c := cmp.Compare(y.Strength, x.Strength); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

func (b *builder) tieOf(e int) Tie {
	s := b.s
	t := Tie{Type: typeInfos[b.code[e]].Type, Strength: b.w[e], Source: b.src[e], Target: b.dst[e]}
	if x := b.text[e]; x >= 0 {
		t.ID, t.Notes = b.texts[x].id, b.texts[x].notes
	}
	if t.ID == "" {
		t.ID = graph.DefaultRelationshipID(s.ID(t.Source), s.ID(t.Target), t.Type)
	}
	return t
}

type memo struct {
	id string
	i  int32
	ok bool
}

func (b *builder) lookup(id string, m *memo) (int32, bool) {
	if m.ok && m.id == id {
		return m.i, true
	}
	i, ok := b.index[id]
	if ok {
		*m = memo{id: id, i: i, ok: true}
	}
	return i, ok
}

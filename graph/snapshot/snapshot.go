package snapshot

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/powermap/powermap/graph"
)

// CSR is a compressed sparse row adjacency: the neighbours of node i are
// Adj[Off[i]:Off[i+1]] with strengths W[...] in (0,1]. Each row is sorted by
// neighbour index and holds a neighbour at most once. len(Off) is the number
// of nodes plus one. A CSR taken from a Snapshot is shared and must not be
// modified.
//
// When Hi is set, rows are not laid out in order: row u is
// Adj[Off[u]:Hi[u]], wherever it sits (Snapshot.Apply moves the rows it
// rewrites to the end of Adj). Read rows through Span or Row, which serve
// both layouts; Compact gives the ordered layout back.
type CSR struct {
	Off []int32
	Adj []int32
	W   []float64
	Hi  []int32
}

// Nodes returns the number of nodes.
func (c *CSR) Nodes() int {
	if len(c.Off) == 0 {
		return 0
	}
	return len(c.Off) - 1
}

// Entries returns the number of directed entries (len(Adj)).
func (c *CSR) Entries() int { return len(c.Adj) }

// Span returns where u's row sits: entries lo up to hi (exclusive).
func (c *CSR) Span(u int32) (lo, hi int32) {
	if c.Hi != nil {
		return c.Off[u], c.Hi[u]
	}
	return c.Off[u], c.Off[u+1]
}

// Row returns the neighbours of u and their strengths.
func (c *CSR) Row(u int32) ([]int32, []float64) {
	a, b := c.Span(u)
	return c.Adj[a:b:b], c.W[a:b:b]
}

// Compact returns c with its rows laid out in order (Hi nil), and code, an
// array in step with Adj, reordered the same way. It returns c itself when
// it is already in order.
func (c *CSR) Compact(code []uint8) (*CSR, []uint8) {
	if c.Hi == nil {
		return c, code
	}
	n := c.Nodes()
	size := 0
	for u := range int32(n) {
		lo, hi := c.Span(u)
		size += int(hi - lo)
	}
	out := &CSR{Off: make([]int32, n+1), Adj: make([]int32, 0, size), W: make([]float64, 0, size)}
	var outCode []uint8
	if code != nil {
		outCode = make([]uint8, 0, size)
	}
	for u := range int32(n) {
		lo, hi := c.Span(u)
		out.Adj = append(out.Adj, c.Adj[lo:hi]...)
		out.W = append(out.W, c.W[lo:hi]...)
		if code != nil {
			outCode = append(outCode, code[lo:hi]...)
		}
		out.Off[u+1] = int32(len(out.Adj))
	}
	return out, outCode
}

// Find returns the position in Adj of the entry u→v, and false when there is
// none. It is a binary search over u's sorted row.
func (c *CSR) Find(u, v int32) (int, bool) {
	if u < 0 || int(u) >= c.Nodes() {
		return 0, false
	}
	a, b := c.Span(u)
	lo, hi := int(a), int(b)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.Adj[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < int(b) && c.Adj[lo] == v {
		return lo, true
	}
	return 0, false
}

func (c *CSR) bytes() int64 {
	return int64(cap(c.Off)+cap(c.Hi))*4 + int64(cap(c.Adj))*4 + int64(cap(c.W))*8
}

// Options tune Build.
type Options struct {
	// Now is the time at which ties are judged current (graph.Current). The
	// zero value means time.Now() when the build starts.
	Now time.Time
}

// Node is the compact description of an entity that a Snapshot keeps.
type Node struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Kind     graph.Kind `json:"kind"`
	Ours     bool       `json:"ours"`
	Private  bool       `json:"private,omitempty"`
	Labels   []string   `json:"labels,omitempty"`
	Title    string     `json:"title,omitempty"`
	Party    string     `json:"party,omitempty"`
	Chamber  string     `json:"chamber,omitempty"`
	District string     `json:"district,omitempty"`
	OrgType  string     `json:"org_type,omitempty"`
}

// HasLabel reports whether the node carries label l.
func (n *Node) HasLabel(l string) bool { return slices.Contains(n.Labels, l) }

// profile is the part of a Node shared by many entities; the snapshot keeps
// each distinct profile once.
type profile struct {
	kind                                     graph.Kind
	ours, private                            bool
	labels                                   []string
	title, party, chamber, district, orgType string
}

// Tie is one relationship behind an edge of the snapshot, as recorded:
// Source → Target.
type Tie struct {
	ID       string        `json:"id"`
	Type     graph.RelType `json:"type"`
	Strength float64       `json:"strength"`
	Notes    string        `json:"notes,omitempty"`
	Source   int32         `json:"source"`
	Target   int32         `json:"target"`
}

// Stats counts what a Build saw and kept.
type Stats struct {
	Entities      int `json:"entities"`
	Relationships int `json:"relationships"`
	// Private counts the entities hidden from viewers
	// (graph.Entity.IsPrivate).
	Private int `json:"private"`
	// WalkTies counts the pairs joined in Walk; each is two entries.
	WalkTies int `json:"walk_ties"`
	// Parallel counts introducing ties kept aside because a stronger tie
	// joins the same pair (see Snapshot.Ties).
	Parallel int `json:"parallel"`
	// Influential counts current non-stance ties that cannot introduce.
	Influential int `json:"influential"`
	Stance      int `json:"skipped_stance"`
	Past        int `json:"skipped_past"`
	Dangling    int `json:"skipped_dangling"`
	Unknown     int `json:"skipped_unknown"`
	// DuplicateEntities counts repeated entity ids; the first one is kept.
	DuplicateEntities int `json:"duplicate_entities,omitempty"`
}

// Entry-code bits: the low five bits are the type code.
const (
	codeMask     = 0x1f
	bitReversed  = 0x20 // the entry runs Target→Source of its tie
	bitParallel  = 0x40 // the pair has parallel ties (Snapshot.Ties)
	bitText      = 0x80 // the tie has notes or an id that is not the default
	maxTypeCodes = codeMask + 1
)

var (
	typeInfos = graph.Types()
	typeCodes = func() map[graph.RelType]uint8 {
		m := make(map[graph.RelType]uint8, len(typeInfos))
		for i, t := range typeInfos {
			m[t.Type] = uint8(i)
		}
		return m
	}()
)

// TypeCode returns the small integer the snapshot uses for t, and false when
// t is not in the vocabulary.
func TypeCode(t graph.RelType) (uint8, bool) { c, ok := typeCodes[t]; return c, ok }

// TypeOf returns the relationship type of a type code.
func TypeOf(code uint8) graph.RelType { return typeInfos[code&codeMask].Type }

type tieText struct{ id, notes string }

// Snapshot is a read-only analysis projection of a store. All methods are
// safe for concurrent use.
type Snapshot struct {
	version uint64
	now     time.Time

	idData, nameData string
	idOff, nameOff   []uint32
	// shown is how many of the nodes below base are not private: nodes
	// 0..shown-1 and shown..base-1 are each in id order (hiddenLast).
	shown    int32
	prof     []uint32
	profiles []profile
	ours     []int32

	walk     CSR
	walkCode []uint8
	// textKeys (sorted pair keys) and texts hold the id and notes of walk
	// ties that have notes or a non-default id.
	textKeys []uint64
	texts    []tieText
	parallel map[uint64][]Tie

	// Current non-stance ties that cannot introduce; with walk and
	// parallel they make Influence.
	infSrc, infDst []int32
	infW           []float64
	infCode        []uint8

	infOnce   sync.Once
	influence Digraph

	stats Stats

	// What Apply changed since the build (apply.go). Nodes from base on
	// were added, with their ids and names in xids and xnames; renamed
	// holds new names of nodes below base; xindex finds the nodes added
	// (the latest node of an id deleted and added again); dead marks
	// deleted nodes, which Index does not find; xparallel and xtexts
	// override parallel and the texts of textKeys.
	base         int32
	xids, xnames []string
	renamed      map[int32]string
	xindex       map[string]int32
	dead         []uint64
	xparallel    map[uint64][]Tie
	xtexts       map[uint64]tieText
	// arena holds the walk's arrays as the latest snapshot of this line
	// sees them, so that Apply may append to them in place; moved counts
	// the entries that moved rows left behind.
	arena *arena
	moved int
	// from is, for a snapshot made by Without and the replays after it,
	// the arena of the snapshot it was made from.
	from *arena
}

// Len returns the number of nodes.
func (s *Snapshot) Len() int { return len(s.prof) }

// Version returns the store's change version that the snapshot reflects.
func (s *Snapshot) Version() uint64 { return s.version }

// Now returns the time at which ties were judged current.
func (s *Snapshot) Now() time.Time { return s.now }

// Stats returns counts of what the build saw and kept.
func (s *Snapshot) Stats() Stats { return s.stats }

// Index returns the node index of an entity id. A deleted entity has
// none.
func (s *Snapshot) Index(id string) (int32, bool) {
	if s.xindex != nil {
		if i, ok := s.xindex[id]; ok {
			return i, s.Live(i)
		}
	}
	i, ok := s.search(id, 0, s.shown)
	if !ok {
		i, ok = s.search(id, s.shown, s.base)
	}
	return i, ok && s.Live(i)
}

// search finds id among nodes lo..hi-1, which are in id order.
func (s *Snapshot) search(id string, lo, hi int32) (int32, bool) {
	end := hi
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		if s.idData[s.idOff[m]:s.idOff[m+1]] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < end && s.idData[s.idOff[lo]:s.idOff[lo+1]] == id
}

// Live reports whether node i is an entity of the graph. Nodes deleted by
// Apply keep their index but are not live: they have no ties, no index
// entry, and every scan over 0..Len()-1 must skip them.
func (s *Snapshot) Live(i int32) bool {
	w := int(i >> 6)
	return w >= len(s.dead) || s.dead[w]&(1<<(i&63)) == 0
}

// Dead returns how many nodes are not Live.
func (s *Snapshot) Dead() int { return s.Len() - s.stats.Entities }

// ID returns the entity id of node i. It panics when i is out of range.
func (s *Snapshot) ID(i int32) string {
	if i >= s.base {
		return s.xids[i-s.base]
	}
	return s.idData[s.idOff[i]:s.idOff[i+1]]
}

// Name returns the name of node i.
func (s *Snapshot) Name(i int32) string {
	if i >= s.base {
		return s.xnames[i-s.base]
	}
	if s.renamed != nil {
		if n, ok := s.renamed[i]; ok {
			return n
		}
	}
	return s.nameData[s.nameOff[i]:s.nameOff[i+1]]
}

// Kind returns the kind of node i.
func (s *Snapshot) Kind(i int32) graph.Kind { return s.profiles[s.prof[i]].kind }

// Ours reports whether node i belongs to our coalition.
func (s *Snapshot) Ours(i int32) bool { return s.profiles[s.prof[i]].ours }

// Node returns the description of node i. Its Labels slice is shared and
// must not be modified.
func (s *Snapshot) Node(i int32) Node {
	p := &s.profiles[s.prof[i]]
	return Node{
		ID: s.ID(i), Name: s.Name(i), Kind: p.kind, Ours: p.ours, Private: p.private,
		Labels: p.labels, Title: p.title, Party: p.party, Chamber: p.chamber,
		District: p.district, OrgType: p.orgType,
	}
}

// OursNodes returns the indices of every entity marked ours, ascending.
// The slice is shared and must not be modified.
func (s *Snapshot) OursNodes() []int32 { return s.ours }

// Walk returns the undirected introduction graph: current ties whose type
// introduces, each stored both ways, one tie (the strongest) per pair.
func (s *Snapshot) Walk() *CSR { return &s.walk }

// WalkCode returns the type code of Walk entry e (see TypeOf).
func (s *Snapshot) WalkCode(e int) uint8 { return s.walkCode[e] & codeMask }

// WalkType returns the relationship type of Walk entry e.
func (s *Snapshot) WalkType(e int) graph.RelType { return TypeOf(s.walkCode[e]) }

// HasParallel reports whether the pair of Walk entry e is joined by more
// than one introducing tie.
func (s *Snapshot) HasParallel(e int) bool { return s.walkCode[e]&bitParallel != 0 }

// WalkTie explains Walk entry e, which runs from node u: the relationship it
// came from, as recorded.
func (s *Snapshot) WalkTie(u int32, e int) Tie {
	v := s.walk.Adj[e]
	c := s.walkCode[e]
	t := Tie{Type: TypeOf(c), Strength: s.walk.W[e], Source: u, Target: v}
	if c&bitReversed != 0 {
		t.Source, t.Target = v, u
	}
	if c&bitText != 0 {
		k := pairKey(u, v)
		if x, ok := s.xtexts[k]; ok {
			t.ID, t.Notes = x.id, x.notes
		} else if j, ok := slices.BinarySearch(s.textKeys, k); ok {
			t.ID, t.Notes = s.texts[j].id, s.texts[j].notes
		}
	}
	if t.ID == "" {
		t.ID = graph.DefaultRelationshipID(s.ID(t.Source), s.ID(t.Target), t.Type)
	}
	return t
}

// Ties returns every current introducing tie between u and v, strongest
// first (the first one is the Walk entry), or nil when they are not joined.
func (s *Snapshot) Ties(u, v int32) []Tie {
	e, ok := s.walk.Find(u, v)
	if !ok {
		return nil
	}
	out := []Tie{s.WalkTie(u, e)}
	if s.walkCode[e]&bitParallel != 0 {
		out = append(out, s.Parallel(u, v)...)
	}
	return out
}

// Parallel returns the introducing ties between u and v other than the
// strongest, strongest first. The slice is shared and must not be modified.
func (s *Snapshot) Parallel(u, v int32) []Tie {
	k := pairKey(u, v)
	if s.xparallel != nil {
		if ts, ok := s.xparallel[k]; ok {
			return ts
		}
	}
	return s.parallel[k]
}

func pairKey(u, v int32) uint64 {
	if u > v {
		u, v = v, u
	}
	return uint64(uint32(u))<<32 | uint64(uint32(v))
}

// Bytes estimates the memory the snapshot holds, Influence included only
// once it has been built.
func (s *Snapshot) Bytes() int64 {
	n := int64(len(s.idData) + len(s.nameData))
	n += int64(cap(s.idOff)+cap(s.nameOff)+cap(s.prof)+cap(s.ours)) * 4
	for i := range s.profiles {
		p := &s.profiles[i]
		n += 120 + int64(len(p.title)+len(p.party)+len(p.chamber)+len(p.district)+len(p.orgType))
		for _, l := range p.labels {
			n += 16 + int64(len(l))
		}
	}
	n += s.walk.bytes() + int64(cap(s.walkCode))
	n += int64(cap(s.textKeys))*8 + int64(cap(s.texts))*32
	for i := range s.texts {
		n += int64(len(s.texts[i].id) + len(s.texts[i].notes))
	}
	for _, ts := range s.parallel {
		n += 8 + 24 + int64(cap(ts))*64
		for i := range ts {
			n += int64(len(ts[i].ID) + len(ts[i].Notes))
		}
	}
	n += int64(cap(s.infSrc)+cap(s.infDst))*4 + int64(cap(s.infW))*8 + int64(cap(s.infCode))
	n += s.deltaBytes()
	n += s.influence.bytes()
	return n
}

// isDefaultID reports whether id is graph.DefaultRelationshipID(src, dst, t)
// without building that string.
func isDefaultID(id, src, dst string, t graph.RelType, symmetric bool) bool {
	sep := ">"
	if symmetric {
		sep = "~"
		if dst < src {
			src, dst = dst, src
		}
	}
	if len(id) != len(t)+1+len(src)+1+len(dst) {
		return false
	}
	rest, ok := strings.CutPrefix(id, string(t))
	if !ok || rest[0] != ':' {
		return false
	}
	rest, ok = strings.CutPrefix(rest[1:], src)
	if !ok || rest[:1] != sep {
		return false
	}
	return rest[1:] == dst
}

// validStrength maps a strength outside (0,1] to the type's default (zero
// or invalid) or to 1 (above 1).
func validStrength(w float64, code uint8) float64 {
	switch {
	case w > 1:
		return 1
	case w > 0:
		return w
	}
	return typeInfos[code].DefaultStrength
}

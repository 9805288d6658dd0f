package dedupe

import (
	"cmp"
	"slices"

	"github.com/powermap/powermap/graph"
)

// Decision is what a candidate pair calls for.
type Decision string

// Decisions, from the score and the thresholds of Config.
const (
	Auto   Decision = "auto"   // score >= AutoThreshold, and the only such candidate of its entity
	Review Decision = "review" // score >= ReviewThreshold, or an Auto that has a rival
	None   Decision = "none"   // score >= MinScore: shown for context only
)

// Default thresholds, chosen on the training half of the labelled data (see
// doc.go and accuracy_test.go).
const (
	DefaultAutoThreshold   = 0.98
	DefaultReviewThreshold = 0.5
	DefaultMinScore        = 0.1
	DefaultMaxBlock        = 64
)

// Config tunes matching. The zero value means every default.
type Config struct {
	// Model scores pairs; the zero Model means DefaultModel().
	Model Model
	// AutoThreshold and ReviewThreshold split scores into decisions;
	// MinScore drops pairs below it. Zero means the default.
	AutoThreshold, ReviewThreshold, MinScore float64
	// MaxBlock is the largest block compared whole (see block.go).
	MaxBlock int
	// Nicknames links given names; nil means DefaultNicknames().
	Nicknames *Nicknames
}

func (c Config) withDefaults() Config {
	if c.Model == (Model{}) {
		c.Model = DefaultModel()
	}
	if c.AutoThreshold == 0 {
		c.AutoThreshold = DefaultAutoThreshold
	}
	if c.ReviewThreshold == 0 {
		c.ReviewThreshold = DefaultReviewThreshold
	}
	if c.MinScore == 0 {
		c.MinScore = DefaultMinScore
	}
	if c.MaxBlock == 0 {
		c.MaxBlock = DefaultMaxBlock
	}
	if c.Nicknames == nil {
		c.Nicknames = DefaultNicknames()
	}
	return c
}

// Candidate is a pair of entities that may be one: A is the entity asked
// about, B an entity of the index.
type Candidate struct {
	A, B     string
	Score    float64 // a probability in [0,1] that A and B are one
	Decision Decision
	// Ambiguous marks an Auto-scoring pair turned to Review because A has
	// another candidate that also scores Auto.
	Ambiguous bool `json:",omitempty"`
	// Evidence lists the features of the pair with their contributions to
	// the log-odds of Score, largest first; the last is the bias.
	Evidence []Feature
}

// Builder collects the entities of an index. Add them (streamed, in any
// order), then call Build once.
type Builder struct {
	cfg   Config
	profs []profile
	posts []posting
	buf   []uint64
}

type posting struct {
	key uint64
	idx uint32
}

// NewBuilder starts an index.
func NewBuilder(cfg Config) *Builder { return &Builder{cfg: cfg.withDefaults()} }

// Add adds an entity with its neighbours (ids of the entities it is tied
// to; nil when unknown). Organizations and issues are skipped: the model
// scores people (persons, officials and individual donors) only. An entity
// without an id is an Invalid error.
func (b *Builder) Add(e *graph.Entity, neighbors []string) error {
	if e.ID == "" {
		return graph.Errorf("dedupe.Add", graph.Invalid, "entity without an id")
	}
	if !personLike(e) {
		return nil
	}
	p := newProfile(e, neighbors)
	if len(p.names) == 0 {
		return nil
	}
	if len(b.profs) >= 1<<32-1 {
		return graph.Errorf("dedupe.Add", graph.Invalid, "more than 2^32-1 entities")
	}
	idx := uint32(len(b.profs))
	b.profs = append(b.profs, p)
	b.buf = blockKeys(b.buf[:0], &b.profs[idx], b.cfg.Nicknames)
	for _, k := range b.buf {
		b.posts = append(b.posts, posting{k, idx})
	}
	return nil
}

// Build finishes the index. The builder must not be used afterwards.
func (b *Builder) Build() *Index {
	ix := &Index{cfg: b.cfg, profs: b.profs, split: map[uint64]bool{}}
	posts := b.posts
	b.posts, b.profs = nil, nil
	sortPosts(posts)
	// Split the blocks over MaxBlock by state.
	var extra []posting
	out := posts[:0]
	for i := 0; i < len(posts); {
		j := i
		for j < len(posts) && posts[j].key == posts[i].key {
			j++
		}
		if j-i > ix.cfg.MaxBlock {
			ix.split[posts[i].key] = true
			for _, p := range posts[i:j] {
				extra = append(extra, posting{withState(p.key, ix.profs[p.idx].state), p.idx})
			}
		} else {
			out = append(out, posts[i:j]...)
		}
		i = j
	}
	sortPosts(extra)
	for i := 0; i < len(extra); {
		j := i
		for j < len(extra) && extra[j].key == extra[i].key {
			j++
		}
		if j-i > ix.cfg.MaxBlock {
			ix.stats.DroppedBlocks++
		} else {
			out = append(out, extra[i:j]...)
		}
		i = j
	}
	sortPosts(out)
	ix.keys = make([]uint64, len(out))
	ix.idxs = make([]uint32, len(out))
	for i, p := range out {
		ix.keys[i], ix.idxs[i] = p.key, p.idx
	}
	ix.stats.Entities = len(ix.profs)
	ix.stats.SplitBlocks = len(ix.split)
	ix.stats.Postings = len(out)
	return ix
}

func sortPosts(ps []posting) {
	slices.SortFunc(ps, func(a, b posting) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
}

// Index finds the candidates of entities among the entities it was built
// from. It is read-only and safe for concurrent use.
type Index struct {
	cfg   Config
	profs []profile
	keys  []uint64 // sorted
	idxs  []uint32 // profile of each key
	split map[uint64]bool
	stats Stats
}

// Stats describes an index.
type Stats struct {
	Entities      int // people indexed
	Postings      int // (key, entity) entries
	SplitBlocks   int // keys split by state
	DroppedBlocks int // state parts of split keys still over MaxBlock, not compared
}

// Stats returns the index's statistics.
func (ix *Index) Stats() Stats { return ix.stats }

// Config returns the configuration in force, defaults filled in.
func (ix *Index) Config() Config { return ix.cfg }

// scratch is per-query memory, reused by a worker.
type scratch struct {
	keys []uint64
	hits []uint32
}

// Candidates returns the entities of the index that may be e, as pairs with
// A = e.ID, scoring at least MinScore, highest score first (ties by B).
// Pass e's neighbours, or nil. An entity the model does not score
// (organization, issue, no name) has no candidates; an index entity with
// e's own id is never its candidate.
func (ix *Index) Candidates(e *graph.Entity, neighbors []string) []Candidate {
	return ix.candidates(e, neighbors, &scratch{})
}

func (ix *Index) candidates(e *graph.Entity, neighbors []string, s *scratch) []Candidate {
	if !personLike(e) {
		return nil
	}
	p := newProfile(e, neighbors)
	return ix.candidatesOf(&p, s)
}

// block sets s.hits to the sorted indexes of the profiles that share a
// blocking key with p.
func (ix *Index) block(p *profile, s *scratch) {
	s.keys = blockKeys(s.keys[:0], p, ix.cfg.Nicknames)
	s.hits = s.hits[:0]
	for _, k := range s.keys {
		if ix.split[k] {
			if p.state == "" {
				continue
			}
			k = withState(k, p.state)
		}
		i, _ := slices.BinarySearch(ix.keys, k)
		for ; i < len(ix.keys) && ix.keys[i] == k; i++ {
			s.hits = append(s.hits, ix.idxs[i])
		}
	}
	slices.Sort(s.hits)
	s.hits = slices.Compact(s.hits)
}

// candidatesOf scores p against its blocks.
func (ix *Index) candidatesOf(p *profile, s *scratch) []Candidate {
	if len(p.names) == 0 {
		return nil
	}
	ix.block(p, s)
	m := &ix.cfg.Model
	var out []Candidate
	for _, h := range s.hits {
		q := &ix.profs[h]
		if q.id == p.id {
			continue
		}
		v := features(p, q, ix.cfg.Nicknames)
		score := sigmoid(m.logit(&v))
		if score < ix.cfg.MinScore {
			continue
		}
		c := Candidate{A: p.id, B: q.id, Score: score, Decision: None, Evidence: m.evidence(&v)}
		switch {
		case score >= ix.cfg.AutoThreshold:
			c.Decision = Auto
		case score >= ix.cfg.ReviewThreshold:
			c.Decision = Review
		}
		out = append(out, c)
	}
	sortCandidates(out)
	if len(out) > 1 && out[1].Decision == Auto {
		for i := range out {
			if out[i].Decision == Auto {
				out[i].Decision, out[i].Ambiguous = Review, true
			}
		}
	}
	return out
}

// vectors returns the index entities blocked with e and the features of
// each pair, unscored, for fitting and measuring the model.
func (ix *Index) vectors(e *graph.Entity, neighbors []string) ([]string, []vector) {
	if !personLike(e) {
		return nil, nil
	}
	p := newProfile(e, neighbors)
	s := &scratch{}
	ix.block(&p, s)
	var ids []string
	var vs []vector
	for _, h := range s.hits {
		if q := &ix.profs[h]; q.id != p.id {
			ids = append(ids, q.id)
			vs = append(vs, features(&p, q, ix.cfg.Nicknames))
		}
	}
	return ids, vs
}

// sortCandidates orders by score, highest first, then by A and B.
func sortCandidates(cs []Candidate) {
	slices.SortFunc(cs, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.A, b.A); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
}

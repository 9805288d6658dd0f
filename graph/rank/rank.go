package rank

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// Algo names a ranking algorithm.
type Algo string

// The ranking algorithms. Distance-based ones (betweenness, closeness,
// harmonic) and eigenvector, degree and communities run on the snapshot's
// undirected introduction graph (Walk), which holds only ties that can
// carry an introduction; pagerank, ppr and hits follow the directed
// influence graph, which holds every tie that is not a stance (DONATED_TO
// and REPRESENTS included).
const (
	AlgoPageRank    Algo = "pagerank"
	AlgoPPR         Algo = "ppr"
	AlgoBetweenness Algo = "betweenness"
	AlgoCloseness   Algo = "closeness"
	AlgoHarmonic    Algo = "harmonic"
	AlgoEigenvector Algo = "eigenvector"
	AlgoHITS        Algo = "hits"
	AlgoDegree      Algo = "degree"
	AlgoCommunities Algo = "communities"
)

// Algos lists the algorithms in a fixed order.
func Algos() []Algo {
	return []Algo{AlgoPageRank, AlgoPPR, AlgoBetweenness, AlgoCloseness, AlgoHarmonic,
		AlgoEigenvector, AlgoHITS, AlgoDegree, AlgoCommunities}
}

// ParseAlgo accepts an algorithm name in any case ("louvain" is
// communities). An unknown name is an Invalid error listing the allowed ones.
func ParseAlgo(s string) (Algo, error) {
	a := Algo(strings.ToLower(strings.TrimSpace(s)))
	if a == "louvain" {
		a = AlgoCommunities
	}
	if slices.Contains(Algos(), a) {
		return a, nil
	}
	names := make([]string, 0, len(Algos()))
	for _, x := range Algos() {
		names = append(names, string(x))
	}
	reason := "unknown algorithm " + quote(s) + "; allowed: " + strings.Join(names, ", ")
	return "", &graph.Error{Op: "rank.ParseAlgo", Code: graph.Invalid, Message: reason, Details: []graph.Detail{{Field: "algo", Reason: reason}}}
}

// followsInfluence reports whether a runs on the directed influence graph
// rather than on the introduction graph.
func (a Algo) followsInfluence() bool {
	return a == AlgoPageRank || a == AlgoPPR || a == AlgoHITS
}

// Defaults and limits of Run.
const (
	// DefaultTop is how many results Run returns when Query.Top is 0.
	DefaultTop = 20
	// DefaultExactLimit is the number of nodes up to which betweenness,
	// closeness and harmonic are computed exactly (O(n·m) time), and ppr
	// by power iteration over the whole graph. Above it, betweenness and
	// harmonic are estimated from sampled sources, ppr by forward push from
	// its seeds (PushPPR), and closeness is refused (TooLarge).
	DefaultExactLimit = 10_000
	// DefaultSamples is the most sampled sources an estimate uses by
	// default; DefaultWork may lower it on large graphs (see Samples).
	DefaultSamples = 500
	// MinSamples is the fewest sampled sources an estimate uses by default.
	MinSamples = 32
	// DefaultWork caps the arcs that a default estimate's searches scan in
	// all: sources × arcs, counting a search over -ln(strength) distances
	// twice, since Dijkstra costs about twice a breadth-first search. At 1M
	// entities and 20M arcs it allows 100 hop-counted sources or 50
	// weighted ones, which take under a minute on two cores.
	DefaultWork = 2e9
	// DefaultDelta is the confidence parameter of the stated precision: the
	// bound holds with probability at least 1-DefaultDelta.
	DefaultDelta = 0.05
	// CommunityLimit caps Louvain: gonum's community.Modularize takes about
	// 10 s at 10k nodes and does not finish in minutes at 100k.
	CommunityLimit = 10_000
)

// Query asks for one ranking.
type Query struct {
	Algo Algo
	// Top caps the results; 0 means DefaultTop and a negative value means
	// every node.
	Top int
	// Weighted uses tie strengths: as arc weights for pagerank, ppr, hits
	// and eigenvector, and as distances -ln(strength) for betweenness,
	// closeness and harmonic. Unweighted counts every tie as 1 (one hop).
	Weighted bool
	// Seeds are the entity ids personalized PageRank restarts from.
	Seeds []string
	// ExcludeSeeds leaves the seeds out of the results.
	ExcludeSeeds bool
	// Kind and Label filter the results: only entities of that kind and
	// with that label are listed, with the scores they have in the ranking
	// of the whole map, as if unfiltered.
	Kind  graph.Kind
	Label string
	// Within ranks the entities of Kind and Label among themselves: the
	// algorithm runs on the subgraph they induce alone (n is its size), as
	// if the rest of the map did not exist, so their scores differ from
	// the whole map's. It needs Kind or Label.
	Within bool
	// Types restricts the ranking to the ties of those types: the
	// algorithms run on the graph of those ties alone. Types that cannot
	// introduce (DONATED_TO, REPRESENTS) exist only in the influence graph:
	// pagerank, ppr and hits accept them, and the algorithms that run on the
	// introduction graph refuse them as Invalid rather than rank a graph
	// without those ties.
	Types []graph.RelType
	// ExactLimit overrides DefaultExactLimit; Samples overrides
	// DefaultSamples; RandSeed seeds the sampling (0 means 1), so that the
	// same query on the same snapshot gives the same estimate.
	ExactLimit int
	Samples    int
	RandSeed   uint64
}

// Result is a ranking, best first. Its JSON form is what `powermap rank
// --json` prints and the HTTP API returns.
type Result struct {
	Algorithm Algo `json:"algorithm"`
	Weighted  bool `json:"weighted"`
	// Exact is false when the scores are estimates; Precision then says how
	// good they are.
	Exact     bool       `json:"exact"`
	Precision *Precision `json:"precision,omitempty"`
	// Modularity is the modularity of the partition, for communities.
	Modularity *float64 `json:"modularity,omitempty"`
	// Version is the store version of the snapshot the ranking was
	// computed on, and ComputedAt when: a ranking is computed when first
	// asked for after a write, and answered again until the next one. Both
	// are zero, and left out, when the caller may not know them.
	Version    uint64    `json:"version,omitzero"`
	ComputedAt time.Time `json:"computed_at,omitzero"`
	Results    []Item    `json:"results"`

	start *Start
}

// Start returns where a later run of the same computation may start
// (RunFrom): the scores of this one. It is nil for the algorithms that do
// not iterate from a vector.
func (r *Result) Start() *Start { return r.start }

// WithoutStart returns a copy of r without its Start, which holds a score
// per entity: for keeping many results but one Start per computation.
func (r *Result) WithoutStart() *Result {
	c := *r
	c.start = nil
	return &c
}

// Item is one ranked entity.
type Item struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Kind graph.Kind `json:"kind"`
	// Title is the entity's title or role, as graph.EntityRef.Title; Party
	// its party; Ours marks one of our coalition.
	Title string  `json:"title,omitempty"`
	Party string  `json:"party,omitempty"`
	Ours  bool    `json:"ours,omitempty"`
	Score float64 `json:"score"`
	// Community numbers the entity's community (0 is the largest), for
	// communities; its Score is the community's size.
	Community *int `json:"community,omitempty"`
}

// Precision states how precise an estimated ranking is: with probability
// at least 1-Delta, every score is within Epsilon of its exact value.
type Precision struct {
	Method  string  `json:"method"`
	Samples int     `json:"samples"`
	Epsilon float64 `json:"epsilon"`
	Delta   float64 `json:"delta"`
	// Note says what the bound is about.
	Note string `json:"note"`
}

// InnerCircle returns "the inner circle of id": the top entities by
// personalized PageRank seeded at id (weighted by strength), id excluded.
func InnerCircle(ctx context.Context, snap *snapshot.Snapshot, id string, top int) (*Result, error) {
	return Run(ctx, snap, Query{Algo: AlgoPPR, Seeds: []string{id}, ExcludeSeeds: true, Weighted: true, Top: top})
}

// Run computes one ranking over snap, or over the subgraph of q's Types
// (and of its Kind and Label when Within), and lists the entities of q's
// Kind and Label. Scores are sorted descending, ties by entity id, and rounded to 12
// significant digits so that mathematically equal scores tie. Errors are
// Invalid for a bad query, NotFound for an unknown seed, TooLarge when the
// (sub)graph is beyond an algorithm's limit, and Unavailable when ctx ends.
func Run(ctx context.Context, snap *snapshot.Snapshot, q Query) (*Result, error) {
	return RunFrom(ctx, snap, q, nil)
}

// RunFrom is Run, with PageRank starting its iteration from start when
// start holds the scores of the same computation (its Key is StartKey(q)),
// on an earlier snapshot or on this one; any other start, or nil, is
// ignored. The answer is the one Run gives, to the same tolerance: the
// iteration stops by the same test. After a small write, starting from the
// previous answer takes a fraction of the iterations. The Result's Start is
// where the next run may start.
func RunFrom(ctx context.Context, snap *snapshot.Snapshot, q Query, start *Start) (*Result, error) {
	const op = "rank.Run"
	if err := q.validate(); err != nil {
		return nil, graph.E(op, err)
	}
	v, err := newView(snap, q)
	if err != nil {
		return nil, graph.E(op, err)
	}
	res := &Result{Algorithm: q.Algo, Weighted: q.Weighted, Exact: true}
	if start != nil && start.key != StartKey(q) {
		start = nil
	}
	scores, community, err := compute(ctx, v, q, res, start)
	if err != nil {
		return nil, graph.E(op, err)
	}
	res.Results = v.items(scores, community, q)
	return res, nil
}

func (q *Query) validate() error {
	if _, err := ParseAlgo(string(q.Algo)); err != nil || q.Algo == "" {
		if q.Algo == "" {
			return graph.Errorf("", graph.Invalid, "no algorithm given")
		}
		return err
	}
	if q.Kind != "" && !q.Kind.Valid() {
		_, err := graph.ParseKind(string(q.Kind))
		return err
	}
	for _, t := range q.Types {
		info, ok := t.Info()
		if !ok {
			_, err := graph.ParseRelType(string(t))
			return err
		}
		if info.Stance {
			return invalidField("types", string(t)+" records a stance, not a tie; it takes part in no ranking")
		}
		if !info.Introduces && !q.Algo.followsInfluence() {
			return invalidField("types", fmt.Sprintf("%s runs on the introduction graph, which holds no %s ties (they carry no introduction); "+
				"rank by pagerank, ppr or hits, which follow every tie, or leave %s out of the filter", q.Algo, t, t))
		}
	}
	if q.Within && q.Kind == "" && q.Label == "" {
		return invalidField("within", "ranks among the entities of a kind or a label: give kind or label")
	}
	if q.Algo == AlgoPPR && len(q.Seeds) == 0 {
		return invalidField("seed", "ppr needs at least one seed")
	}
	if q.Algo != AlgoPPR && len(q.Seeds) > 0 {
		return invalidField("seed", "seeds apply to ppr only")
	}
	if q.Samples < 0 || q.ExactLimit < 0 {
		return invalidField("samples", "must not be negative")
	}
	return nil
}

// Samples is how many sampled sources a default estimate uses on a graph of
// the given number of arcs: DefaultSamples, lowered so that the searches
// scan at most DefaultWork arcs, and never below MinSamples.
func Samples(arcs int, weighted bool) int {
	work := DefaultWork
	if weighted {
		work /= 2
	}
	k := int(work / float64(max(arcs, 1)))
	return min(max(k, MinSamples), DefaultSamples)
}

func invalidField(field, reason string) error {
	return &graph.Error{Code: graph.Invalid, Message: field + ": " + reason, Details: []graph.Detail{{Field: field, Reason: reason}}}
}

// compute runs q's algorithm on the view and fills res's precision fields,
// and its Start when the algorithm can start from one: PageRank starts from
// start when it is not nil.
func compute(ctx context.Context, v *view, q Query, res *Result, start *Start) ([]float64, []int, error) {
	n := v.n
	exactLimit := q.ExactLimit
	if exactLimit == 0 {
		exactLimit = DefaultExactLimit
	}
	var cost []float64
	if q.Weighted && (q.Algo == AlgoBetweenness || q.Algo == AlgoCloseness || q.Algo == AlgoHarmonic) {
		cost = Costs(v.walk)
	}
	sample := func() []int32 {
		k := q.Samples
		if k == 0 {
			k = Samples(len(v.walk.Adj), cost != nil)
		}
		seed := q.RandSeed
		if seed == 0 {
			seed = 1
		}
		return SampleSources(n, k, seed)
	}
	switch q.Algo {
	case AlgoPPR:
		if n > exactLimit {
			// Forward push touches only the seeds' surroundings, where
			// power iteration sweeps the whole graph many times.
			personal := map[int32]float64{}
			for _, s := range v.seeds {
				personal[s] = 1
			}
			s, residual, err := PushPPR(ctx, v.influence(), personal, 0, 0, !q.Weighted)
			if err != nil {
				return nil, nil, err
			}
			res.Exact = false
			res.Precision = &Precision{Method: "forward-push", Epsilon: residual,
				Note: "every score is at most its exact value, and the exact scores exceed them by epsilon in total (forward push until no node holds 1e-6 of residual per out-arc)"}
			return s, nil, nil
		}
		fallthrough
	case AlgoPageRank:
		// With deleted nodes kept (deadKept), PageRank teleports to, and
		// starts from, the live nodes only, as over the graph without them.
		live := v.live()
		o := PageRankOptions{Unweighted: !q.Weighted, Personal: live}
		if q.Algo == AlgoPPR {
			o.Personal = make([]float64, n)
			for _, s := range v.seeds {
				o.Personal[s] = 1
			}
		}
		seed := maphash.MakeSeed()
		if start != nil {
			seed = start.seed
		}
		hashes := v.idHashes(seed)
		o.Start = v.startVector(start, hashes)
		if live != nil {
			if o.Start == nil {
				o.Start = live
			} else {
				for i, l := range live {
					o.Start[i] *= l
				}
			}
		}
		s, _, err := PageRank(ctx, v.influence(), o)
		if err != nil {
			return nil, nil, err
		}
		res.start = newStart(StartKey(q), seed, hashes, s)
		return s, nil, nil
	case AlgoHITS:
		s, _, err := Authority(ctx, v.influence(), IterOptions{Unweighted: !q.Weighted})
		return s, nil, err
	case AlgoEigenvector:
		s, _, err := Eigenvector(ctx, v.walk, IterOptions{Unweighted: !q.Weighted, Symmetric: true})
		return s, nil, err
	case AlgoDegree:
		return Degree(v.walk), nil, nil
	case AlgoBetweenness:
		o := PathOptions{Cost: cost}
		if n > exactLimit {
			o.Sources = sample()
			k := len(o.Sources)
			if k < n {
				res.Exact = false
				res.Precision = &Precision{Method: "source-sampling", Samples: k, Delta: DefaultDelta,
					Epsilon: SampleError(n, k, DefaultDelta),
					Note:    "absolute error bound on every normalized betweenness (Hoeffding and union bounds over uniformly sampled sources)"}
			}
		}
		s, err := Betweenness(ctx, v.walk, o)
		return s, nil, err
	case AlgoHarmonic:
		if n <= exactLimit {
			s, err := Harmonic(ctx, v.walk, PathOptions{Cost: cost})
			return s, nil, err
		}
		src := sample()
		s, err := harmonicSampled(ctx, v.walk, cost, src)
		if err != nil {
			return nil, nil, err
		}
		if k := len(src); k < n {
			res.Exact = false
			res.Precision = &Precision{Method: "source-sampling", Samples: k, Delta: DefaultDelta,
				Epsilon: float64(n-1) / minDistance(cost) * SampleError(n, k, DefaultDelta),
				Note:    "absolute error bound on every harmonic score: (n-1)/(shortest tie distance) times the sampling bound"}
		}
		return s, nil, nil
	case AlgoCloseness:
		if n > exactLimit {
			return nil, nil, graph.Errorf("", graph.TooLarge, "closeness is computed exactly, up to %d entities; this graph has %d: rank within a kind or label, or by some types of tie, or rank by harmonic, which is estimated at any size", exactLimit, n)
		}
		s, err := Closeness(ctx, v.walk, PathOptions{Cost: cost})
		return s, nil, err
	case AlgoCommunities:
		if n > CommunityLimit {
			return nil, nil, graph.Errorf("", graph.TooLarge, "communities are found by Louvain up to %d entities; this graph has %d: rank within a kind or label, or by some types of tie", CommunityLimit, n)
		}
		comm, sizes, mod, err := Communities(ctx, v.walk, q.Weighted, q.RandSeed)
		if err != nil {
			return nil, nil, err
		}
		res.Modularity = &mod
		s := make([]float64, n)
		for i, c := range comm {
			s[i] = float64(sizes[c])
		}
		return s, comm, nil
	}
	return nil, nil, graph.Errorf("", graph.Invalid, "unknown algorithm %q", q.Algo)
}

// harmonicSampled estimates every node's harmonic centrality from the
// distances to sampled sources: for a node v, the sum of 1/d(s,v) over the
// sources s other than v, scaled by (n-1)/k (or (n-1)/(k-1) when v is a
// source). On an undirected graph d(s,v) = d(v,s), so each source's search
// serves every node; the estimate is unbiased for uniform sources.
func harmonicSampled(ctx context.Context, g *CSR, cost []float64, sources []int32) ([]float64, error) {
	n := g.Nodes()
	k := len(sources)
	partial, err := eachSource(ctx, g, PathOptions{Cost: cost, Sources: sources}, func(s *search, src int32, acc []float64) {
		for _, v := range s.order {
			if d := s.distance(v); d != 0 {
				acc[v] += 1 / d
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for _, p := range partial {
		for i, x := range p {
			out[i] += x
		}
	}
	if k == 0 {
		return out, nil
	}
	isSource := make([]bool, n)
	for _, s := range sources {
		isSource[s] = true
	}
	for i := range out {
		m := k
		if isSource[i] {
			m--
		}
		if m > 0 {
			out[i] *= float64(n-1) / float64(m)
		} else {
			out[i] = 0
		}
	}
	return out, nil
}

// minDistance is the smallest positive arc distance (1 for hops).
func minDistance(cost []float64) float64 {
	if cost == nil {
		return 1
	}
	m := math.Inf(1)
	for _, c := range cost {
		if c > 0 && c < m {
			m = c
		}
	}
	if math.IsInf(m, 1) {
		return 1
	}
	return m
}

// roundScore rounds x to 12 significant digits, so that scores equal up to
// floating-point noise compare equal and break ties by id.
func roundScore(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	e := math.Floor(math.Log10(math.Abs(x)))
	p := math.Pow(10, 11-e)
	r := math.Round(x*p) / p
	if math.IsInf(p, 0) || math.IsNaN(r) {
		return x
	}
	return r
}

func quote(s string) string { return "\"" + s + "\"" }

package rank

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/powermap/powermap/graph"
)

// PathOptions chooses the distances and sources of the shortest-path
// centralities (Betweenness, Closeness, Harmonic).
type PathOptions struct {
	// Cost holds each arc's distance, aligned with the CSR's Adj (see
	// Costs); nil counts hops. Costs must not be negative.
	Cost []float64
	// Sources, when set, limits the searches to these distinct nodes:
	// Betweenness then estimates every node's value from them (source
	// sampling); Closeness and Harmonic compute only these nodes' values.
	Sources []int32
	// Workers caps the goroutines; 0 means GOMAXPROCS.
	Workers int
}

// Betweenness returns every node's normalized shortest-path betweenness,
// NetworkX's betweenness_centrality(G, normalized=True, weight): the share of
// shortest paths between ordered pairs of other nodes that pass through the
// node, over (n-1)(n-2) pairs. On an undirected graph (every tie listed both
// ways) this is also NetworkX's undirected value.
//
// With Sources (fewer than n) it estimates betweenness from those sources
// with the linear scaling of Geisberger, Sanders and Schultes: each path
// credits an inner node in proportion to its distance from the sampled end
// (see search.accumulateScaled), which is unbiased on an undirected graph
// when the sources are a uniform sample (see SampleSources and SampleError)
// and, unlike plain source sampling (NetworkX's k=), does not overrate the
// neighbours of a sampled source. Exact Brandes costs O(n·m) time; each
// source costs one O(m) search (O(m log n) weighted).
func Betweenness(ctx context.Context, g *CSR, o PathOptions) ([]float64, error) {
	const op = "rank.Betweenness"
	n := g.Nodes()
	bc := make([]float64, n)
	k := n
	if o.Sources != nil {
		k = len(o.Sources)
	}
	if n < 3 || k == 0 {
		return bc, nil
	}
	sampled := o.Sources != nil && k < n
	partial, err := eachSource(ctx, g, o, func(s *search, src int32, acc []float64) {
		if sampled {
			s.accumulateScaled(src, acc)
		} else {
			s.accumulate(src, acc)
		}
	})
	if err != nil {
		return nil, graph.E(op, graph.CodeOf(err), err)
	}
	for _, p := range partial {
		for i, v := range p {
			bc[i] += v
		}
	}
	scale := 1 / (float64(n-1) * float64(n-2))
	if sampled {
		// Twice the scaled credits of k uniform sources, times n/k,
		// estimates the sum over ordered pairs.
		scale *= 2 * float64(n) / float64(k)
	}
	for i := range bc {
		bc[i] *= scale
	}
	return bc, nil
}

// SampleSources draws k distinct nodes of 0..n-1 uniformly at random from a
// generator seeded with seed, so that the same seed gives the same sample.
// k is capped at n.
func SampleSources(n, k int, seed uint64) []int32 {
	if k > n {
		k = n
	}
	if k <= 0 {
		return []int32{}
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	for i := 0; i < k; i++ {
		j := i + r.IntN(n-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm[:k:k]
}

// SampleError is the precision of Betweenness estimated from k uniformly
// sampled sources in an undirected graph of n nodes: with probability at
// least 1-delta, every node's estimate is within the returned epsilon of
// its exact normalized value. Each source's term of the estimate lies in
// [0, R] with R = 2n/(n-1) (its scaled credits to a node add up to at most
// n-2), so Hoeffding's bound, which holds for sampling without
// replacement, with a union bound over the n nodes, gives
// epsilon = R sqrt(ln(2n/delta) / (2k)). It is 0 when k >= n (exact).
func SampleError(n, k int, delta float64) float64 {
	if k >= n {
		return 0
	}
	if k < 1 || n < 3 {
		return 1
	}
	r := 2 * float64(n) / float64(n-1)
	return math.Min(1, r*math.Sqrt(math.Log(2*float64(n)/delta)/(2*float64(k))))
}

// SamplesFor is the number of sources that SampleError needs for epsilon at
// confidence 1-delta, capped at n.
func SamplesFor(n int, epsilon, delta float64) int {
	r := 2 * float64(n) / float64(n-1)
	k := int(math.Ceil(r * r * math.Log(2*float64(n)/delta) / (2 * epsilon * epsilon)))
	return min(k, n)
}

// eachSource runs a search from every source (all nodes, or o.Sources) on
// up to o.Workers goroutines and calls visit after each, with the worker's
// own accumulator of n values. It returns the accumulators. Sources are
// dealt to workers in a fixed interleaving, so that results do not depend
// on scheduling.
func eachSource(ctx context.Context, g *CSR, o PathOptions, visit func(s *search, src int32, acc []float64)) ([][]float64, error) {
	n := g.Nodes()
	if o.Cost != nil && len(o.Cost) != len(g.Adj) {
		return nil, graph.Errorf("", graph.Invalid, "%d costs for %d arcs", len(o.Cost), len(g.Adj))
	}
	for _, s := range o.Sources {
		if s < 0 || int(s) >= n {
			return nil, graph.Errorf("", graph.Invalid, "source %d out of range", s)
		}
	}
	k := n
	if o.Sources != nil {
		k = len(o.Sources)
	}
	w := workers(o.Workers, k)
	acc := make([][]float64, w)
	var wg sync.WaitGroup
	errs := make([]error, w)
	for t := 0; t < w; t++ {
		acc[t] = make([]float64, n)
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			s := newSearch(g, o.Cost)
			for i := t; i < k; i += w {
				if err := ctx.Err(); err != nil {
					errs[t] = graph.E(graph.Unavailable, err)
					return
				}
				src := int32(i)
				if o.Sources != nil {
					src = o.Sources[i]
				}
				s.run(src)
				visit(s, src, acc[t])
				s.reset()
			}
		}(t)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return acc, nil
}

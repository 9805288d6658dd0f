package rank

import (
	"math/rand/v2"
	"slices"
)

// buildCSR lays arcs out as a CSR in O(n + m), each node's arcs sorted by
// head.
func buildCSR(n int, arcs []arc) *CSR {
	g := &CSR{Off: make([]int32, n+1), Adj: make([]int32, len(arcs)), W: make([]float64, len(arcs))}
	for _, a := range arcs {
		g.Off[a.u+1]++
	}
	for i := 0; i < n; i++ {
		g.Off[i+1] += g.Off[i]
	}
	next := slices.Clone(g.Off[:n])
	for _, a := range arcs {
		p := next[a.u]
		next[a.u]++
		g.Adj[p] = a.v
		g.W[p] = a.w
	}
	type hw struct {
		v int32
		w float64
	}
	var buf []hw
	for u := 0; u < n; u++ {
		lo, hi := g.Off[u], g.Off[u+1]
		buf = buf[:0]
		for e := lo; e < hi; e++ {
			buf = append(buf, hw{g.Adj[e], g.W[e]})
		}
		slices.SortFunc(buf, func(a, b hw) int { return int(a.v - b.v) })
		for k, x := range buf {
			g.Adj[lo+int32(k)], g.W[lo+int32(k)] = x.v, x.w
		}
	}
	return g
}

// genTies makes a seeded preferential-attachment power map: each new node
// ties to up to m distinct earlier nodes picked in proportion to their
// degree, with strengths drawn from a few typical values (so that equal-cost
// paths occur) or uniformly in (0.05, 1]. Each tie is listed once, u > v.
func genTies(n, m int, seed uint64) []arc {
	r := rand.New(rand.NewPCG(seed, 42))
	levels := []float64{0.2, 0.4, 0.5, 0.7, 0.9}
	ends := make([]int32, 0, 2*n*m)
	ties := make([]arc, 0, n*m)
	picked := make([]int32, 0, m)
	for u := 1; u < n; u++ {
		picked = picked[:0]
		k := min(m, u)
		for len(picked) < k {
			var v int32
			if len(ends) == 0 || r.IntN(4) == 0 {
				v = int32(r.IntN(u))
			} else {
				v = ends[r.IntN(len(ends))]
			}
			if !slices.Contains(picked, v) {
				picked = append(picked, v)
			}
		}
		for _, v := range picked {
			w := levels[r.IntN(len(levels))]
			if r.IntN(2) == 0 {
				w = 0.05 + 0.95*r.Float64()
			}
			ties = append(ties, arc{int32(u), v, w})
			ends = append(ends, int32(u), v)
		}
	}
	return ties
}

// undirected lists every tie both ways.
func undirected(n int, ties []arc) *CSR {
	arcs := make([]arc, 0, 2*len(ties))
	for _, t := range ties {
		arcs = append(arcs, t, arc{t.v, t.u, t.w})
	}
	return buildCSR(n, arcs)
}

// directed orients the ties as the influence graph would: about a third are
// symmetric (both ways), the rest point one way, chosen at random.
func directed(n int, ties []arc, seed uint64) *CSR {
	r := rand.New(rand.NewPCG(seed, 7))
	arcs := make([]arc, 0, 2*len(ties))
	for _, t := range ties {
		switch r.IntN(3) {
		case 0:
			arcs = append(arcs, t, arc{t.v, t.u, t.w})
		case 1:
			arcs = append(arcs, t)
		default:
			arcs = append(arcs, arc{t.v, t.u, t.w})
		}
	}
	return buildCSR(n, arcs)
}

package rank

import (
	"context"

	"github.com/powermap/powermap/graph"
)

// Closeness returns every node's closeness centrality in NetworkX's
// Wasserman–Faust form for disconnected graphs (closeness_centrality with
// wf_improved=True): (r-1)/sum(d) scaled by (r-1)/(n-1), where r counts the
// nodes the node reaches (itself included) and sum(d) adds their distances.
// A node that reaches no other scores 0. Distances follow out-arcs, so g
// should be undirected. With o.Sources only those nodes are computed; the
// others score 0.
func Closeness(ctx context.Context, g *CSR, o PathOptions) ([]float64, error) {
	n := g.Nodes()
	out := make([]float64, n)
	_, err := eachSource(ctx, g, o, func(s *search, src int32, _ []float64) {
		tot := 0.0
		for _, v := range s.order {
			tot += s.distance(v)
		}
		r := float64(len(s.order) - 1)
		if tot > 0 && n > 1 {
			out[src] = r / tot * (r / float64(n-1))
		}
	})
	if err != nil {
		return nil, graph.E("rank.Closeness", graph.CodeOf(err), err)
	}
	return out, nil
}

// Harmonic returns every node's harmonic centrality, NetworkX's
// harmonic_centrality(G, distance): the sum of 1/d over the other nodes it
// reaches at a non-zero distance d. Distances follow out-arcs, so g should
// be undirected. With o.Sources only those nodes are computed.
func Harmonic(ctx context.Context, g *CSR, o PathOptions) ([]float64, error) {
	out := make([]float64, g.Nodes())
	_, err := eachSource(ctx, g, o, func(s *search, src int32, _ []float64) {
		h := 0.0
		for _, v := range s.order {
			if d := s.distance(v); d != 0 {
				h += 1 / d
			}
		}
		out[src] = h
	})
	if err != nil {
		return nil, graph.E("rank.Harmonic", graph.CodeOf(err), err)
	}
	return out, nil
}

// Package rank computes powermap's influence rankings: PageRank and
// personalized PageRank (exact, or estimated by forward push on large
// graphs), betweenness (exact, or estimated by sampling on large graphs), closeness, harmonic, eigenvector, HITS authority and degree
// centrality, and Louvain communities.
//
// The kernels (PageRank, Betweenness, Closeness, ...) run over plain
// compressed-sparse-row arrays (CSR), so they are testable on their own;
// their definitions and normalizations are NetworkX's defaults, checked
// against NetworkX fixtures in testdata/. Weighted distance-based
// centralities (betweenness, closeness, harmonic) measure a tie of strength
// s as snapshot.CostOf(s) = max(-ln(s), 1e-3): without the floor a tie of
// strength 1 would cost 0, and betweenness would depend on the order in
// which equal distances settle (in NetworkX too); the karate_ties fixture
// checks them on a graph with such ties. Run applies them to an analysis
// snapshot, or to the subgraph of some relationship types, lists the
// entities of a kind or label with their scores in that ranking (or, with
// Within, ranks them among themselves as a subgraph), and returns a Result
// ready to print as JSON or as a table. RunFrom starts PageRank from an
// earlier Result's scores (its Start), matched to the entities of the new
// snapshot: after a write it converges in about half the iterations, to
// the same tolerance.
package rank

// Package paths finds introduction paths: the k best loopless paths from
// our people to a target over a snapshot's Walk graph, each explained hop by
// hop, and the connections between two entities.
//
// A tie of strength s costs snapshot.CostOf(s): -ln(s), but at least
// snapshot.CostFloor (1e-3), so a tie of strength 1 costs as much as one of
// 0.999. A path's cost is the sum of its ties' costs and its strength their
// product. Find returns the k cheapest loopless
// paths with at most MaxHops ties, in ascending cost, ties broken by fewer
// hops and then by the entity ids along the path, so results are
// deterministic. The search is exact: it equals Yen's algorithm (gonum's
// path.YenKShortestPaths is the reference in the tests) on the whole graph.
//
// How it stays fast on a million entities: a bidirectional Dijkstra from
// the sources and from the target settles two balls whose radii add up to a
// cost bound C; every node of a path cheaper than C lies in their union with
// distance lower bounds that add up to at most C, so the search keeps only
// those nodes and the nodes within MaxHops of both ends. Yen's algorithm
// then runs on that small subgraph, with hop-layered spur searches pruned by
// the same lower bounds. When fewer than k paths cost at most C, C grows and
// the balls resume where they stopped.
package paths

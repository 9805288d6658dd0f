// Package snapshot is powermap's analysis snapshot: a compact, read-only,
// in-memory projection of a store, laid out as compressed sparse rows (CSR)
// with int32 node indices, so that path searches and rankings run over
// arrays instead of maps.
//
// A Snapshot holds two graphs over the same nodes. Walk is the undirected
// introduction graph used by paths and distance-based centralities: current
// ties whose type can carry an introduction, each walkable both ways, one tie
// (the strongest) per pair. Influence is the directed graph used by PageRank
// and HITS: every current tie that is not a stance, symmetric types both
// ways, directed types from the one who works, gives or belongs towards the
// one who is worked for, given to or belonged to, one tie (the strongest) per
// ordered pair.
//
// A build numbers nodes in the order of entity ids, private entities
// (hidden from viewers) after the others, so that every row of the walk
// ends with the entries viewers do not see and their snapshot can share
// the rest (Snapshot.Without). Among entities both private or both not,
// comparing two indices compares the ids; Apply gives added nodes the next
// indices, whatever their ids.
//
// Memory: Walk keeps, per entry, its neighbour, strength and a type byte;
// notes and relationship ids that differ from graph.DefaultRelationshipID
// sit in a sparse side table, and weaker parallel ties of a pair in another.
// Influence, a Digraph readable both ways, is built on first use and shares
// Walk's arrays: a Walk entry's type byte says which way it counts, and
// only the arcs Walk cannot give (weaker parallel ties that point the other
// way, ties that cannot introduce) take memory of their own. Links lists
// every tie with its type, so that rankings can select the ties of any
// type. On the generated map of 1M entities and 10M ties the snapshot holds
// about 29.5 bytes per tie, 31 once Influence is built (BenchmarkBuild1M).
// It keeps no map from ids to nodes: Index searches the ids, which a build
// lays out in order.
//
// Distances: a tie of strength s costs CostOf(s) = max(-ln(s), CostFloor),
// with CostFloor = 1e-3, so the cheapest path is the strongest and a tie of
// strength 1 is not free (see CostFloor). Paths, rankings and outreach all
// use CostOf.
//
// Snapshot.Gonum returns a View of Walk that implements gonum's
// graph.WeightedDirected and graph.WeightedUndirected, with edge weight
// CostOf(strength) and node ids equal to the int32 indices, so that gonum's
// algorithms run on the snapshot directly; WalkGraph and InfluenceGraph give
// views with other weightings. A Manager keeps the current snapshot of a
// store and rebuilds it when the store's version moves.
package snapshot

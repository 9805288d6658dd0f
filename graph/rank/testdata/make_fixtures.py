#!/usr/bin/env python3
"""Make the NetworkX reference fixtures for graph/rank.

Usage (from the repository root, with networkx 3.6.1, numpy and scipy in a
virtual environment outside the repository):

    python graph/rank/testdata/make_fixtures.py --fec PATH/TO/fec-2016-sample

PATH/TO/fec-2016-sample is the folder of real FEC bulk files shipped in the
project's shared corpus (itpas2.txt: committee-to-candidate contributions).

It writes one JSON file per network into this folder:

  karate.json  Zachary's karate club (networkx.karate_club_graph), undirected.
               Edge weight w (1..7, interactions) maps to strength w/(w+1).
  lesmis.json  Les Miserables co-appearances (networkx.les_miserables_graph),
               undirected. Weight w (1..31, scenes shared) maps to w/(w+1).
  karate_ties.json  The karate club with ties of strength 1: those of weight 4
               or more (21 of 78) have strength 1, the others w/(w+1). Without
               the cost floor below, these ties would cost 0 and betweenness
               would depend on the order in which equal distances settle.
  fec.json     Committee-to-candidate contributions in the FEC 2015-16 file
               itpas2.txt, directed committee -> candidate. Amounts of one
               committee to one candidate are summed; pairs whose total is not
               positive are dropped; the largest weakly connected component
               is kept. A total of a dollars maps to strength a/(a+1000).

Strengths are in (0,1]. A tie's distance (cost) is -ln(strength), but at
least COST_FLOOR: graph/snapshot's CostFloor and CostOf, which paths,
rankings and outreach all use.

Each file holds the node ids, the edges [i, j, strength, cost] (indices into
nodes; for an undirected network each pair once), and NetworkX's values,
one array aligned with nodes per algorithm and weighting:

  "influence" algorithms run on the directed view (an undirected network
  counts every edge both ways): pagerank and ppr (alpha 0.85, weight =
  strength or none), hits authority (weight = strength or none);
  "walk" algorithms run on the undirected view: betweenness (normalized,
  distance = cost or hops), closeness (wf_improved=True), harmonic,
  eigenvector (weight = strength or none), degree_centrality.

Iterative algorithms are run to a far tighter tolerance than NetworkX's
default, so that the fixtures are their fixed points; eigenvector and hits
are cross-checked against a dense numpy eigendecomposition.
"""

import argparse
import collections
import json
import math
import os
import sys

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# COST_FLOOR is graph/snapshot.CostFloor: the least cost of a tie, so that a
# tie of strength 1 costs as much as one of strength exp(-0.001) ~ 0.999.
COST_FLOOR = 1e-3


def karate():
    g = nx.karate_club_graph()
    u = nx.Graph()
    u.add_nodes_from(str(n) for n in g.nodes)
    for a, b, d in g.edges(data=True):
        w = d["weight"]
        u.add_edge(str(a), str(b), strength=w / (w + 1))
    return u, u.to_directed(), ["0"], ["0", "33"]


def karate_ties():
    g = nx.karate_club_graph()
    u = nx.Graph()
    u.add_nodes_from(str(n) for n in g.nodes)
    for a, b, d in g.edges(data=True):
        w = d["weight"]
        u.add_edge(str(a), str(b), strength=1.0 if w >= 4 else w / (w + 1))
    return u, u.to_directed(), ["0"], ["0", "33"]


def lesmis():
    g = nx.les_miserables_graph()
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    for a, b, d in g.edges(data=True):
        w = d["weight"]
        u.add_edge(a, b, strength=w / (w + 1))
    return u, u.to_directed(), ["Valjean"], ["Valjean", "Javert"]


def fec(folder):
    total = collections.defaultdict(float)
    with open(os.path.join(folder, "itpas2.txt"), encoding="latin-1") as f:
        for line in f:
            col = line.rstrip("\n").split("|")
            cmte, cand, amt = col[0], col[16], col[14]
            if not cmte or not cand or not amt:
                continue
            total[(cmte, cand)] += float(amt)
    d = nx.DiGraph()
    for (a, b), amt in sorted(total.items()):
        if amt > 0 and a != b:
            d.add_edge(a, b, strength=amt / (amt + 1000))
    big = max(nx.weakly_connected_components(d), key=len)
    d = d.subgraph(sorted(big)).copy()
    u = d.to_undirected()
    hub = max(sorted(d.nodes), key=lambda n: d.out_degree(n))
    top = max(sorted(d.nodes), key=lambda n: d.in_degree(n))
    return u, d, [hub], [hub, top]


def add_cost(g):
    for _, _, d in g.edges(data=True):
        d["cost"] = max(-math.log(d["strength"]), COST_FLOOR)


def dense_principal(m):
    """Principal eigenvector of a symmetric non-negative matrix, asserting
    that the top eigenvalue is simple."""
    vals, vecs = np.linalg.eigh(m)
    order = np.argsort(vals)
    top, second = vals[order[-1]], vals[order[-2]]
    assert top - second > 1e-6 * abs(top), ("degenerate top eigenvalue", top, second)
    v = vecs[:, order[-1]]
    return v * np.sign(v.sum())


def check_close(name, got, want, tol):
    diff = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(got, want) if abs(b) > 1e-12)
    assert diff < tol, (name, diff)


def make(name, u, d, seed1, seeds2, source):
    add_cost(u)
    add_cost(d)
    nodes = sorted(u.nodes)
    idx = {n: i for i, n in enumerate(nodes)}
    directed = not all(d.has_edge(b, a) for a, b in d.edges)
    edges = d.edges(data=True) if directed else u.edges(data=True)
    edges = sorted((idx[a], idx[b], e["strength"], e["cost"]) for a, b, e in edges)
    if not directed:
        edges = sorted((min(i, j), max(i, j), s, c) for i, j, s, c in edges)

    def vec(m):
        return [float(m[n]) for n in nodes]

    res = {}
    tight = dict(tol=1e-15, max_iter=100000)
    for wname, w in (("weighted", "strength"), ("unweighted", None)):
        res["pagerank/" + wname] = vec(nx.pagerank(d, alpha=0.85, weight=w, **tight))
        for tag, seeds in (("ppr1", seed1), ("ppr2", seeds2)):
            p = {s: 1 for s in seeds}
            res[tag + "/" + wname] = vec(nx.pagerank(d, alpha=0.85, personalization=p, weight=w, **tight))

        # HITS: nx.hits reads the "weight" attribute.
        h = nx.DiGraph()
        h.add_nodes_from(nodes)
        for a, b, e in d.edges(data=True):
            h.add_edge(a, b, weight=e["strength"] if w else 1.0)
        _, auth = nx.hits(h, max_iter=100000, tol=0)
        a = np.array(vec(auth))
        A = nx.to_numpy_array(h, nodelist=nodes, weight="weight")
        ref = dense_principal(A.T @ A)
        check_close("hits " + wname, a, ref / ref.sum(), 1e-7)
        res["hits/" + wname] = list(map(float, a))

        dist = "cost" if w else None
        res["betweenness/" + wname] = vec(nx.betweenness_centrality(u, normalized=True, weight=dist))
        res["closeness/" + wname] = vec(nx.closeness_centrality(u, distance=dist, wf_improved=True))
        res["harmonic/" + wname] = vec(nx.harmonic_centrality(u, distance=dist))
        ev = vec(nx.eigenvector_centrality(u, weight=w, **tight))
        A = nx.to_numpy_array(u, nodelist=nodes, weight=w if w else None)
        ref = dense_principal(A)
        check_close("eigenvector " + wname, ev, ref / np.linalg.norm(ref), 1e-9)
        res["eigenvector/" + wname] = ev
    res["degree"] = vec(nx.degree_centrality(u))

    out = {
        "network": name,
        "source": source,
        "networkx": nx.__version__,
        "directed": directed,
        "nodes": nodes,
        "seeds": {"ppr1": seed1, "ppr2": seeds2},
        "edges": [list(e) for e in edges],
        "results": res,
    }
    path = os.path.join(HERE, name + ".json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {len(nodes)} nodes, {len(edges)} edges, directed={directed}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fec", required=True, help="folder holding FEC itpas2.txt")
    args = ap.parse_args()
    make("karate", *karate(), "Zachary's karate club, networkx.karate_club_graph(); strength = w/(w+1)")
    make("karate_ties", *karate_ties(), "Zachary's karate club, networkx.karate_club_graph(); strength = 1 for w >= 4, else w/(w+1); cost = max(-ln(strength), 1e-3)")
    make("lesmis", *lesmis(), "Les Miserables co-appearances, networkx.les_miserables_graph(); strength = w/(w+1)")
    make("fec", *fec(args.fec), "FEC 2015-16 itpas2.txt committee->candidate totals (US public record), largest weakly connected component; strength = a/(a+1000)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the NetworkX reference fixtures for graph/paths.

For Zachary's karate club and Les Miserables (as shipped with NetworkX), each
edge weight w (a count of interactions or co-appearances, >= 1) is mapped to
a tie strength s = w / (w + 1), so stronger ties cost less: cost = -ln(s).
For each query, networkx.shortest_simple_paths lists the k cheapest loopless
paths; a query with several sources is run from a virtual super-source joined
to each source by a zero-cost arc. The fixture records the graph (so the Go
test needs no Python), the queries, the path costs and the paths.

Run:  python3 -m venv /tmp/nx && /tmp/nx/bin/pip install networkx
      /tmp/nx/bin/python gen_networkx.py   (from this folder)
"""
import itertools
import json
import math

import networkx as nx


def strength(w):
    return w / (w + 1.0)


def fixture(name, g, ident, queries, k):
    edges = []
    for u, v, data in sorted(g.edges(data=True), key=lambda e: (ident(e[0]), ident(e[1]))):
        w = data.get("weight", 1)
        edges.append({"source": ident(u), "target": ident(v), "weight": w, "strength": strength(w)})
    h = nx.Graph()
    for e in edges:
        h.add_edge(e["source"], e["target"], cost=-math.log(e["strength"]))
    out = []
    for sources, target in queries:
        sources = [ident(s) for s in sources]
        target = ident(target)
        d = h.to_directed()
        start = sources[0]
        if len(sources) > 1:
            start = "__super__"
            for s in sources:
                d.add_edge(start, s, cost=0.0)
        paths, costs = [], []
        for p in itertools.islice(nx.shortest_simple_paths(d, start, target, weight="cost"), k):
            if p[0] == "__super__":
                p = p[1:]
            paths.append(p)
            costs.append(sum(d[a][b]["cost"] for a, b in zip(p, p[1:])))
        out.append({"from": sources, "to": target, "k": k, "costs": costs, "paths": paths})
    doc = {
        "graph": name,
        "generator": "networkx " + nx.__version__ + " shortest_simple_paths; see gen_networkx.py",
        "mapping": "strength = weight / (weight + 1); cost = -ln(strength)",
        "edges": edges,
        "queries": out,
    }
    with open(name + "_paths.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


karate = nx.karate_club_graph()
fixture(
    "karate",
    karate,
    lambda n: "k%02d" % n,
    [([0], 33), ([33], 0), ([5], 25), ([16], 26), ([0, 1, 2], 33), ([11, 12, 16], 29)],
    12,
)

lesmis = nx.les_miserables_graph()
fixture(
    "lesmis",
    lesmis,
    lambda n: n,
    [
        (["Valjean"], "Javert"),
        (["Myriel"], "Cosette"),
        (["Gavroche"], "Marius"),
        (["Napoleon"], "Brujon"),
        (["Fantine", "Tholomyes"], "Eponine"),
        (["Child1", "Champtercier"], "Toussaint"),
    ],
    12,
)

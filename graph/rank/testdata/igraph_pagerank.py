#!/usr/bin/env python3
"""Time igraph's PageRank over the influence graph that powermap ranks.

Usage (from the repository root; `make bench` does both steps, with igraph
installed into .cache/igraph-venv):

    go run ./cmd/benchreport/influencearcs -out .cache/igraph-pagerank
    python graph/rank/testdata/igraph_pagerank.py .cache/igraph-pagerank

The folder holds the arcs of the generated 1M-entity map that
BenchmarkPageRankAfterWrite1M ranks (see cmd/benchreport/influencearcs).
The script builds an igraph Graph of those arcs with their strengths as
the "weight" edge attribute (building is not timed), then times
Graph.pagerank(weights="weight") with igraph's defaults: damping 0.85,
directed, PRPACK, dangling nodes spread uniformly, as powermap does. It
checks that igraph's scores agree with powermap's (pagerank.f64) and prints
one line in Go benchmark format for cmd/benchreport's -extra:

    BenchmarkIgraphPageRank1M  1  <ns> ns/op  <cpu-s> cpu-s/op  <arcs> arcs  <l1> l1-vs-powermap

It needs only the igraph package (pip install igraph); it was written
against igraph 1.0.0.
"""

import json
import os
import sys
import time
from array import array


def read(folder, name, typecode, count):
    a = array(typecode)
    with open(os.path.join(folder, name), "rb") as f:
        a.fromfile(f, count)
    if sys.byteorder != "little":
        a.byteswap()
    return a


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else ".cache/igraph-pagerank"
    import igraph

    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    n, m = meta["nodes"], meta["arcs"]
    src = read(folder, "from.i32", "i", m)
    dst = read(folder, "to.i32", "i", m)
    weight = read(folder, "weight.f64", "d", m)
    ours = read(folder, "pagerank.f64", "d", n)

    g = igraph.Graph(n=n, edges=list(zip(src, dst)), directed=True)
    del src, dst
    g.es["weight"] = list(weight)
    del weight

    wall, cpu = time.perf_counter(), time.process_time()
    pr = g.pagerank(weights="weight", damping=0.85, directed=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    l1 = sum(abs(a - b) for a, b in zip(pr, ours))
    name = "BenchmarkIgraphPageRank%s" % size(meta["entities"])
    print("%s\t1\t%d ns/op\t%.4g cpu-s/op\t%d arcs\t%.3g l1-vs-powermap" % (name, wall * 1e9, cpu, m, l1))
    print("igraph %s: pagerank over %d nodes and %d arcs took %.3f s (%.3f s of CPU); L1 distance from powermap's scores %.3g"
          % (igraph.__version__, n, m, wall, cpu, l1), file=sys.stderr)
    if l1 > 1e-6:
        print("igraph and powermap disagree: they do not rank the same graph", file=sys.stderr)
        sys.exit(1)


def size(n):
    if n % 1_000_000 == 0:
        return "%dM" % (n // 1_000_000)
    if n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


if __name__ == "__main__":
    main()

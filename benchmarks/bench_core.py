"""Benchmark: triangles and local clustering, graphlab against networkx, in one run.

Graphs: ogbl-ddi's training graph (4,267 nodes, 1.07M edges, dense) and the clique expansion of
threads-ask-ubuntu (125,602 nodes, sparse). For each graph it prints both times, the ratio and
the extra peak memory of each side (measured in a forked child process).

    python benchmarks/bench_core.py            # networkx on the whole graphs (minutes on ddi)
    python benchmarks/bench_core.py --nx-sample 300
        # networkx on 300 random nodes, its time scaled to all nodes (an estimate; says so)
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _measure import fmt_bytes, measure

from hypergraph import Hypergraph


def graphs() -> dict[str, object]:
    from graphlab.datasets import load_dataset, load_graph
    from hypergraph.projection import clique_expansion

    return {
        "ogbl-ddi (train)": load_graph("ogbl-ddi"),
        "threads-ask-ubuntu (projection)": clique_expansion(
            load_dataset("threads-ask-ubuntu", Hypergraph)
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nx-sample", type=int, default=0, help="time networkx on N nodes only")
    parser.add_argument("--repeat", type=int, default=3, help="graphlab timings: best of N")
    args = parser.parse_args()

    import networkx as nx

    from graphlab import Graph
    from graphlab.stats import clustering, triangles

    def warm_up() -> None:  # load the compiled numba kernels outside the timing
        clustering(Graph.from_edge_index([[0, 1, 2], [1, 2, 0]]))

    rows = []
    for name, g in graphs().items():
        print(f"# {name}: {g.num_nodes:,} nodes, {g.num_edges:,} edges", flush=True)
        ours = min(
            (
                measure(lambda g=g: clustering(g, triangle_counts=triangles(g)), warm_up)
                for _ in range(args.repeat)
            ),
            key=lambda m: m["seconds"],
        )
        nxg = g.to_networkx()
        if args.nx_sample:
            nodes = np.random.default_rng(0).choice(g.num_nodes, args.nx_sample, replace=False)
            ref = measure(lambda: nx.clustering(nxg, nodes.tolist()))
            scale = g.num_nodes / args.nx_sample
            ref["seconds"] *= scale
            label = f"networkx (estimated from {args.nx_sample} nodes)"
            values = np.array([ref["result"][v] for v in nodes.tolist()])
            ok = np.allclose(ours["result"][nodes], values)
        else:
            ref = measure(lambda: nx.clustering(nxg))
            label = "networkx"
            values = np.array([ref["result"][v] for v in range(g.num_nodes)])
            ok = np.allclose(ours["result"], values)
        rows.append((name, ours, ref, label, ok))
        print(
            f"  graphlab triangles+clustering: {ours['seconds']:.3f} s, "
            f"peak +{fmt_bytes(ours['peak_bytes'])}\n"
            f"  {label} clustering: {ref['seconds']:.1f} s, peak +{fmt_bytes(ref['peak_bytes'])}\n"
            f"  ratio networkx / graphlab: {ref['seconds'] / ours['seconds']:.0f}x; "
            f"values equal: {ok}",
            flush=True,
        )
    if not all(r[-1] for r in rows):
        raise SystemExit("graphlab and networkx disagree")


if __name__ == "__main__":
    main()

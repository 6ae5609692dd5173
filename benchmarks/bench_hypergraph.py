"""Benchmark: hypergraph projection and maximal cliques against the usual references.

In one run, on the DBLP test hypergraph of the SHyRe data (and contact-primary-school for the
projection), it prints both times, their ratio and the extra peak memory:

* clique expansion as the sparse product ``B Bᵀ`` against the pair loop over every hyperedge
  (``itertools.combinations``) that research code typically writes;
* maximal cliques (numba Bron–Kerbosch on a degeneracy order) against
  ``networkx.find_cliques`` (networkx graph construction included, as a user would pay it);
* the projection loss's clique counts on senate-committees (11.8 million maximal cliques):
  counted without listing (:func:`hypergraph.loss.projection_loss`) against the definition
  on the listed cliques (:func:`listed_loss_counts`: list them, test membership both ways).

    python benchmarks/bench_hypergraph.py
"""

from __future__ import annotations

import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _measure import fmt_bytes, measure

from hypergraph.readwrite import HypergraphPair


def pair_loop_projection(h) -> int:
    pairs = set()
    for edge in h.edges():
        pairs.update(itertools.combinations(sorted(edge), 2))
    return len(pairs)


def networkx_cliques(graph) -> int:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(graph.num_nodes))
    g.add_edges_from(graph.edges().tolist())
    return sum(1 for _ in nx.find_cliques(g))


def listed_loss_counts(h) -> tuple[int, int]:
    """(maximal cliques, hyperedges that are one) from the list of cliques, as the definition
    reads."""
    from hypergraph.cliques import maximal_cliques
    from hypergraph.projection import clique_expansion

    u = h.unique(times="drop")
    q = maximal_cliques(clique_expansion(u), nodes=u.covered())
    return q.num_edges, int((u.isin(q) & (u.edge_sizes() > 0)).sum())


def report(title: str, ours: dict, ref: dict, ref_name: str) -> None:
    print(
        f"{title}\n"
        f"  graphlab: {ours['seconds']:.3f} s, peak +{fmt_bytes(ours['peak_bytes'])}\n"
        f"  {ref_name}: {ref['seconds']:.3f} s, peak +{fmt_bytes(ref['peak_bytes'])}\n"
        f"  ratio: {ref['seconds'] / ours['seconds']:.1f}x; same result: "
        f"{ours['result'] == ref['result']}",
        flush=True,
    )


def main() -> None:
    from graphlab import Graph, load_dataset
    from hypergraph.cliques import maximal_cliques
    from hypergraph.projection import clique_expansion

    def warm_up() -> None:  # load numba's compiled kernels before the clock starts
        maximal_cliques(Graph.from_edge_index([[0, 1], [1, 2]]))

    for name in ("contact-primary-school", "shyre-dblp"):
        h = load_dataset(name)
        h = h.test if isinstance(h, HypergraphPair) else h
        ours = measure(lambda h=h: clique_expansion(h).num_edges)
        ref = measure(lambda h=h: pair_loop_projection(h))
        report(f"# clique expansion of {name} ({h.num_edges:,} hyperedges)", ours, ref, "pair loop")

    g = clique_expansion(load_dataset("shyre-dblp", HypergraphPair).test)
    ours = measure(lambda: maximal_cliques(g).num_edges, warm_up)
    ref = measure(lambda: networkx_cliques(g))
    report(
        f"# maximal cliques of the DBLP test projection ({g.num_edges:,} edges)",
        ours,
        ref,
        "networkx.find_cliques",
    )

    from hypergraph.core import Hypergraph
    from hypergraph.loss import projection_loss

    h = load_dataset("senate-committees", Hypergraph)

    def counted() -> tuple[int, int]:
        loss = projection_loss(h)
        return loss.num_maximal_cliques, loss.num_matched

    ours = measure(counted, warm_up)
    ref = measure(lambda: listed_loss_counts(h))
    report(
        f"# projection-loss counts of senate-committees ({ours['result'][0]:,} maximal cliques)",
        ours,
        ref,
        "listed cliques",
    )


if __name__ == "__main__":
    main()

"""Hypergraphs: container, readers and writers, projection, loss analysis, reconstruction.

Public names load on first use (``import hypergraph`` stays cheap and never imports
HyperNetX, XGI or PyG)::

    from hypergraph import Hypergraph, read_hypergraph, clique_expansion, projection_loss

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
Remediation", ICLR 2024, arXiv:2401.08519.
"""

from __future__ import annotations

from graphlab.lazy import attach

# public name -> module that defines it
_LAZY = {
    "Hypergraph": "hypergraph.core",
    "HypergraphPair": "hypergraph.readwrite",
    "read_hypergraph": "hypergraph.readwrite",
    "read_benson": "hypergraph.readwrite",
    "read_hyperlabels": "hypergraph.readwrite",
    "read_hyperedge_list": "hypergraph.readwrite",
    "read_shyre_pair": "hypergraph.readwrite",
    "read_xgi_json": "hypergraph.readwrite",
    "read_hif": "hypergraph.readwrite",
    "write_hif": "hypergraph.readwrite",
    "clique_expansion": "hypergraph.projection",
    "star_expansion": "hypergraph.projection",
    "pair_first_times": "hypergraph.projection",
    "maximal_cliques": "hypergraph.cliques",
    "count_maximal_cliques": "hypergraph.cliques",
    "projection_loss": "hypergraph.loss",
    "ProjectionLoss": "hypergraph.loss",
    "nested_hyperedges": "hypergraph.loss",
    "maximal_clique_hyperedges": "hypergraph.loss",
}

__getattr__, __dir__, __all__ = attach(__name__, _LAZY)

"""Tiny graphs shared by the linkpred tests (no dataset needed)."""

from __future__ import annotations

import numpy as np

from graphlab import Graph


def random_graph(n: int = 12, p: float = 0.35, seed: int = 0) -> Graph:
    """An Erdős–Rényi graph with every node of degree >= 1 (a ring is added)."""
    rng = np.random.default_rng(seed)
    iu = np.triu_indices(n, 1)
    keep = rng.random(iu[0].size) < p
    ring = np.arange(n)
    r = np.concatenate([iu[0][keep], ring])
    c = np.concatenate([iu[1][keep], (ring + 1) % n])
    return Graph.from_coo(r, c, num_nodes=n)


def dense(graph: Graph) -> np.ndarray:
    return graph.to_scipy().toarray()

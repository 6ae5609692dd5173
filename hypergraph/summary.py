"""Summary statistics of :class:`~hypergraph.core.Hypergraph`: degrees, sizes, multiplicities.

They are methods of a mixin, :class:`HypergraphSummary`, that ``Hypergraph`` inherits: this
module cannot import :mod:`hypergraph.core`, which imports it, since the package allows no
import cycle (the layer test counts deferred imports too). The statistics build on the set
operations (distinct hyperedges), so the mixin extends
:class:`~hypergraph.setops.HypergraphSetOps`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .setops import HypergraphSetOps

__all__ = ["HypergraphSummary"]


class HypergraphSummary(HypergraphSetOps):
    """Degrees, hyperedge sizes and multiplicities (a mixin of ``Hypergraph``)."""

    def degree(self, unique: bool = False) -> np.ndarray:
        """Node degree: number of hyperedges containing each node.

        Parameters
        ----------
        unique : bool, default False
            Count distinct hyperedges only, not every occurrence.
        """
        h = self.unique() if unique else self
        return np.bincount(h._nodes, minlength=self._n)

    def covered(self) -> np.ndarray:
        """Boolean mask of the nodes that lie in at least one hyperedge."""
        return np.bincount(self._nodes, minlength=self._n) > 0

    @property
    def num_distinct(self) -> int:
        """Number of distinct hyperedges (as node sets)."""
        return self._groups()[1]

    def multiplicities(self) -> np.ndarray:
        """How many times each distinct hyperedge occurs, in the order of :meth:`unique`."""
        gid, k = self._groups()
        return np.bincount(gid, minlength=k)

    def size_distribution(self, unique: bool = False) -> dict[int, int]:
        """Number of hyperedges of each size, ``{size: count}`` (sizes in increasing order).

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> Hypergraph.from_edges([[0, 1], [1, 2], [0, 1, 2], [0, 1]]).size_distribution()
        {2: 3, 3: 1}
        """
        sizes = (self.unique() if unique else self).edge_sizes()
        counts = np.bincount(sizes)
        return {int(s): int(c) for s, c in enumerate(counts) if c}

    def multiplicity_distribution(self) -> dict[int, int]:
        """Number of distinct hyperedges occurring exactly ``k`` times, ``{k: count}``.

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> Hypergraph.from_edges([[0, 1], [1, 2], [0, 1], [0, 1]]).multiplicity_distribution()
        {1: 1, 3: 1}
        """
        counts = np.bincount(self.multiplicities())
        return {int(k): int(c) for k, c in enumerate(counts) if c}

    def summary(self) -> dict[str, Any]:
        """Sizes, multiplicities and degrees as a JSON-ready dictionary."""
        sizes = self.edge_sizes()
        deg = self.degree()
        out: dict[str, Any] = {
            "name": self._name,
            "num_nodes": self._n,
            "num_covered_nodes": int(self.covered().sum()),
            "num_edges": self.num_edges,
            "num_distinct_edges": self.num_distinct,
            "num_incidences": self.num_incidences,
            "edge_size_min": int(sizes.min()) if sizes.size else 0,
            "edge_size_max": int(sizes.max()) if sizes.size else 0,
            "edge_size_mean": float(sizes.mean()) if sizes.size else 0.0,
            "degree_max": int(deg.max()) if deg.size else 0,
            "degree_mean": float(deg.mean()) if deg.size else 0.0,
            "size_distribution": self.size_distribution(),
            "distinct_size_distribution": self.size_distribution(unique=True),
            "multiplicity_distribution": self.multiplicity_distribution(),
            "has_times": self._times is not None,
        }
        if self._times is not None and self._times.size:
            out["time_min"] = self._times.min().item()
            out["time_max"] = self._times.max().item()
        return out

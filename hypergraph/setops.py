"""Set operations of :class:`~hypergraph.core.Hypergraph`: select, unique, compact, isin, equals.

They are methods of a mixin, :class:`HypergraphSetOps`, that ``Hypergraph`` inherits (through
:class:`~hypergraph.summary.HypergraphSummary`): this module cannot import
:mod:`hypergraph.core`, which imports it, since the package allows no import cycle (the layer
test counts deferred imports too). The mixin builds results with ``type(self)(...)`` and
declares, for type checkers only, the storage it reads; :mod:`hypergraph.core` defines it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np

from graphlab.errors import InputError

from .csr import as_int_array, edge_group_ids

__all__ = ["HypergraphSetOps"]


class HypergraphSetOps:
    """Set operations on the hyperedges of a hypergraph (a mixin of ``Hypergraph``)."""

    if TYPE_CHECKING:  # pragma: no cover  (defined by hypergraph.core.Hypergraph)
        _ptr: np.ndarray
        _nodes: np.ndarray
        _n: int
        _times: np.ndarray | None
        _node_names: np.ndarray | None
        _node_labels: np.ndarray | None
        _label_names: tuple[str, ...] | None
        _node_data: dict[str, np.ndarray]
        _edge_data: dict[str, np.ndarray]
        _name: str | None
        _cache: dict[str, Any]

        def __init__(
            self, edge_ptr: Any, edge_nodes: Any, num_nodes: int, **kwargs: Any
        ) -> None: ...
        @property
        def num_edges(self) -> int: ...
        @property
        def num_incidences(self) -> int: ...
        def edges(self) -> list[tuple[int, ...]]: ...
        def edge_sizes(self) -> np.ndarray: ...
        def covered(self) -> np.ndarray: ...  # hypergraph.summary
        def replace(self, **changes: Any) -> Self: ...
        def _meta(self) -> dict[str, Any]: ...

    def _groups(self) -> tuple[np.ndarray, int]:
        if "groups" not in self._cache:
            self._cache["groups"] = edge_group_ids(self._ptr, self._nodes)
        return self._cache["groups"]

    def select(self, edges: Any) -> Self:
        """The hypergraph of the chosen hyperedges (boolean mask or index array), nodes kept.

        Per-hyperedge metadata (``times``, ``edge_data``) follow the selection.

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [2, 3]], times=[5, 6, 7])
        >>> Hs = H.select([2, 0])
        >>> Hs.edges(), Hs.times.tolist()
        ([(2, 3), (0, 1)], [7, 5])
        """
        idx = np.asarray(edges)
        if idx.dtype == bool:
            if idx.shape != (self.num_edges,):
                raise InputError(f"edge mask must have shape [{self.num_edges}]")
            idx = np.flatnonzero(idx)
        idx = as_int_array(idx, "edges").ravel()
        if idx.size and (idx.min() < -self.num_edges or idx.max() >= self.num_edges):
            raise InputError(f"hyperedge index out of range for {self.num_edges} hyperedges")
        idx = idx % max(self.num_edges, 1)
        sizes = self.edge_sizes()[idx]
        ptr = np.zeros(idx.shape[0] + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        starts = np.repeat(self._ptr[idx] - ptr[:-1], sizes)
        nodes = self._nodes[starts + np.arange(ptr[-1], dtype=np.int64)]
        meta = self._meta()
        meta["times"] = None if self._times is None else self._times[idx]
        meta["edge_data"] = {k: v[idx] for k, v in self._edge_data.items()}
        return type(self)(ptr, nodes, self._n, validate=False, **meta)

    def unique(
        self,
        *,
        return_counts: bool = False,
        return_inverse: bool = False,
        times: Literal["min", "first", "drop"] = "min",
    ) -> Any:
        """The distinct hyperedges, each once, in order of first occurrence.

        Parameters
        ----------
        return_counts : bool, default False
            Also return the multiplicity of each distinct hyperedge.
        return_inverse : bool, default False
            Also return, per occurrence, the index of its distinct hyperedge.
        times : {"min", "first", "drop"}, default "min"
            Timestamp of a distinct hyperedge: its earliest occurrence time, the time of its
            first occurrence in storage order, or none. Per-hyperedge ``edge_data`` are those of
            the first occurrence.

        Returns
        -------
        Hypergraph, or a tuple ``(Hypergraph, counts[, inverse])``.

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 1]], times=[9, 4, 3])
        >>> U, counts = H.unique(return_counts=True)
        >>> U.edges(), counts.tolist(), U.times.tolist()
        ([(0, 1), (1, 2)], [2, 1], [3, 4])
        """
        if times not in ("min", "first", "drop"):
            raise InputError(f"times must be 'min', 'first' or 'drop', got {times!r}")
        gid, k = self._groups()
        first = np.full(k, self.num_edges, dtype=np.int64)
        np.minimum.at(first, gid, np.arange(self.num_edges, dtype=np.int64))
        out = self.select(first)
        if self._times is None or times == "drop":
            out = out.replace(times=None)
        elif times == "min":
            order = np.lexsort((self._times, gid))
            starts = np.flatnonzero(np.r_[True, gid[order][1:] != gid[order][:-1]])[:k]
            out = out.replace(times=self._times[order][starts])
        out._cache["groups"] = (np.arange(k, dtype=np.int64), k)
        extra: list[np.ndarray] = []
        if return_counts:
            extra.append(np.bincount(gid, minlength=k))
        if return_inverse:
            extra.append(gid.copy())
        return (out, *extra) if extra else out

    def compact(self) -> tuple[Self, np.ndarray]:
        """Drop the nodes in no hyperedge and renumber the others ``0 .. n' - 1`` in order.

        Returns
        -------
        Hypergraph
            The re-indexed hypergraph (per-node metadata follow their nodes).
        old_ids : ndarray of int64
            ``old_ids[i]`` is the id node ``i`` had before.

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> H, old = Hypergraph.from_edges([[3, 7], [7]]).compact()
        >>> H.edges(), old.tolist()
        ([(0, 1), (1,)], [3, 7])
        """
        keep = self.covered()
        old = np.flatnonzero(keep)
        new_id = np.cumsum(keep) - 1
        meta = self._meta()
        for key in ("node_names", "node_labels"):
            if meta[key] is not None:
                meta[key] = meta[key][old]
        meta["node_data"] = {k: v[old] for k, v in self._node_data.items()}
        h = type(self)(self._ptr, new_id[self._nodes], old.shape[0], validate=False, **meta)
        return h, old

    def isin(self, other: Self) -> np.ndarray:
        """Per hyperedge of ``self``: whether the same node set is a hyperedge of ``other``.

        Node ids are compared as they are (both hypergraphs on one node numbering).

        Examples
        --------
        >>> from hypergraph import Hypergraph
        >>> A = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2]])
        >>> B = Hypergraph.from_edges([[2, 1], [0, 1, 2]])
        >>> A.isin(B).tolist()
        [False, True, False]
        """
        if not isinstance(other, type(self)):
            raise InputError(f"expected a Hypergraph, got {type(other).__name__}")
        ptr = np.concatenate([self._ptr, other._ptr[1:] + self._ptr[-1]])
        nodes = np.concatenate([self._nodes, other._nodes])
        gid, k = edge_group_ids(ptr, nodes)
        in_other = np.zeros(k, dtype=bool)
        in_other[gid[self.num_edges :]] = True
        return in_other[gid[: self.num_edges]]

    def equals(self, other: Any, *, metadata: bool = True) -> bool:
        """Whether two hypergraphs have the same nodes, hyperedges in order and (optionally) the
        same metadata."""
        if not isinstance(other, type(self)):
            return False
        same = (
            self._n == other._n
            and np.array_equal(self._ptr, other._ptr)
            and np.array_equal(self._nodes, other._nodes)
        )
        if not same or not metadata:
            return same

        def eq(a: Any, b: Any) -> bool:
            if a is None or b is None:
                return a is None and b is None
            return np.array_equal(np.asarray(a), np.asarray(b))

        return (
            eq(self._times, other._times)
            and eq(self._node_names, other._node_names)
            and eq(self._node_labels, other._node_labels)
            and self._label_names == other._label_names
            and self._node_data.keys() == other._node_data.keys()
            and all(eq(v, other._node_data[k]) for k, v in self._node_data.items())
            and self._edge_data.keys() == other._edge_data.keys()
            and all(eq(v, other._edge_data[k]) for k, v in self._edge_data.items())
        )

    def edge_set(self) -> frozenset[frozenset[int]]:
        """The distinct hyperedges as a frozenset of frozensets (for small hypergraphs)."""
        return frozenset(frozenset(e) for e in self.edges())

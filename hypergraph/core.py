"""The :class:`Hypergraph` container: a family of node sets with multiplicities.

A hypergraph :math:`H = (V, E)` on nodes :math:`V = \\{0, \\dots, n-1\\}` is stored edge-major:
``edge_ptr`` (int64, ``[m + 1]``) and ``edge_nodes`` (int64, ``[nnz]``), hyperedge ``e`` being
``edge_nodes[edge_ptr[e]:edge_ptr[e + 1]]``, sorted and without repeated nodes. This is the CSR
form of :math:`B^\\top` for the node-by-hyperedge incidence matrix

.. math::

    B \\in \\{0, 1\\}^{n \\times m}, \\qquad B_{v e} = 1 \\iff v \\in e,

and :meth:`Hypergraph.incidence` gives :math:`B` itself as a scipy ``csr_array`` (torch view:
:meth:`Hypergraph.incidence_torch`). Real data repeat hyperedges (the same group meets many
times): every occurrence is kept, optionally with a timestamp, and :meth:`Hypergraph.unique`
reduces to the set of distinct hyperedges, which is what hypergraph reconstruction works on
(Wang & Kleinberg, ICLR 2024, arXiv 2401.08519). Size-1 hyperedges are allowed; so are empty
ones (only some interchange formats can hold them).

The container never imports HyperNetX, XGI or PyG; converters live in :mod:`hypergraph.convert`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
import torch

from graphlab.errors import InputError

__all__ = ["Hypergraph", "edge_group_ids"]


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _as_int_array(x: Any, name: str) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    a = np.asarray(x)
    if a.size == 0:
        return np.zeros(0, dtype=np.int64).reshape(a.shape)
    if a.dtype == bool or not np.issubdtype(a.dtype, np.integer):
        raise InputError(f"{name} must hold integers, got dtype {a.dtype}")
    return a.astype(np.int64, copy=False)


def edge_group_ids(edge_ptr: np.ndarray, edge_nodes: np.ndarray) -> tuple[np.ndarray, int]:
    """Number the distinct node sets of a CSR family by first occurrence.

    Exact (no hashing): hyperedges are grouped by size and each size class is sorted
    lexicographically as a dense ``[count, size]`` block, so the total work is
    :math:`O(\\mathrm{nnz} \\log m)` with one numpy pass per distinct size.

    Parameters
    ----------
    edge_ptr : ndarray of int64, shape [m + 1]
    edge_nodes : ndarray of int64, shape [nnz]
        Members of each set, sorted and distinct within a set.

    Returns
    -------
    group : ndarray of int64, shape [m]
        ``group[e]`` is the id of ``e``'s node set; ids are ``0 .. k - 1`` in order of first
        occurrence, so a family without repeats gets ``0 .. m - 1``.
    k : int
        Number of distinct sets.

    Examples
    --------
    >>> ptr = np.array([0, 2, 3, 5, 7])
    >>> nodes = np.array([0, 1, 2, 0, 1, 1, 2])
    >>> edge_group_ids(ptr, nodes)
    (array([0, 1, 0, 2]), 3)
    """
    m = edge_ptr.shape[0] - 1
    sizes = np.diff(edge_ptr)
    canon = np.empty(m, dtype=np.int64)
    if m == 0:
        return canon, 0
    by_size = np.argsort(sizes, kind="stable")
    sorted_sizes = sizes[by_size]
    bounds = np.flatnonzero(np.r_[True, sorted_sizes[1:] != sorted_sizes[:-1], True])
    for a, b in itertools.pairwise(bounds):
        members = by_size[a:b]  # increasing edge index (stable sort)
        k = int(sorted_sizes[a])
        if k == 0:
            canon[members] = members[0]
            continue
        block = edge_nodes[edge_ptr[members][:, None] + np.arange(k)]
        order = np.lexsort(block.T[::-1]) if k > 1 else np.argsort(block[:, 0], kind="stable")
        block = block[order]
        new = np.r_[True, (block[1:] != block[:-1]).any(axis=1)]
        first = members[order][new]  # lexsort is stable: the smallest edge index of a group
        canon[members[order]] = first[np.cumsum(new) - 1]
    is_first = canon == np.arange(m)
    ids = np.cumsum(is_first) - 1
    return ids[canon], int(is_first.sum())


class Hypergraph:
    """A hypergraph stored as a CSR family of node sets, repeated hyperedges kept.

    Build one with :meth:`from_edges`, :meth:`from_csr`, :meth:`from_incidence` or a reader of
    :mod:`hypergraph.readwrite`. Instances are immutable; operations return new ones.

    Parameters
    ----------
    edge_ptr : array-like of int, shape [m + 1]
        Hyperedge pointers.
    edge_nodes : array-like of int, shape [nnz]
        Members of each hyperedge, strictly increasing within a hyperedge, in ``0 .. n - 1``.
    num_nodes : int
        Number of nodes :math:`n` (nodes in no hyperedge are allowed: 1-based files whose ids
        skip some values give such nodes).
    times : array-like, shape [m], optional
        Timestamp of each hyperedge occurrence (numeric or ``datetime64``).
    node_names : array-like, shape [n], optional
        Name or original id of each node (e.g. e-mail addresses, or the ids of a re-indexed
        file).
    node_labels : array-like of int, shape [n], optional
        Class label of each node, 0-based (``-1``: unknown); names in ``label_names``.
    label_names : sequence of str, optional
        Name of each class label.
    node_data, edge_data : mapping of str to array-like, optional
        Further per-node (length ``n``) and per-hyperedge (length ``m``) columns.
    name : str, optional
        Name of the dataset.
    validate : bool, default True
        Check the invariants (cost :math:`O(\\mathrm{nnz})`).

    Raises
    ------
    InputError
        If an invariant does not hold or a column has the wrong length.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1, 2], [1, 2], [0, 1, 2], [3]])
    >>> H
    Hypergraph(num_nodes=4, num_edges=4, num_distinct=3, num_incidences=9)
    >>> H.edge_sizes().tolist(), H.degree().tolist()
    ([3, 2, 3, 1], [2, 3, 3, 1])
    >>> H.unique().edges()
    [(0, 1, 2), (1, 2), (3,)]
    >>> H.incidence().toarray()
    array([[1., 0., 1., 0.],
           [1., 1., 1., 0.],
           [1., 1., 1., 0.],
           [0., 0., 0., 1.]])

    References
    ----------
    Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
    Remediation", ICLR 2024, arXiv:2401.08519.
    """

    def __init__(
        self,
        edge_ptr: Any,
        edge_nodes: Any,
        num_nodes: int,
        *,
        times: Any = None,
        node_names: Any = None,
        node_labels: Any = None,
        label_names: Sequence[str] | None = None,
        node_data: Mapping[str, Any] | None = None,
        edge_data: Mapping[str, Any] | None = None,
        name: str | None = None,
        validate: bool = True,
    ) -> None:
        ptr = np.ascontiguousarray(_as_int_array(edge_ptr, "edge_ptr"))
        nodes = np.ascontiguousarray(_as_int_array(edge_nodes, "edge_nodes"))
        if int(num_nodes) != num_nodes or num_nodes < 0:
            raise InputError(f"num_nodes must be a non-negative integer, got {num_nodes!r}")
        n = int(num_nodes)
        if ptr.ndim != 1 or ptr.shape[0] < 1:
            raise InputError(f"edge_ptr must be 1-D of length m + 1 >= 1, got {list(ptr.shape)}")
        m = ptr.shape[0] - 1
        if validate:
            if ptr[0] != 0 or ptr[-1] != nodes.shape[0] or (np.diff(ptr) < 0).any():
                raise InputError(
                    "edge_ptr must start at 0, not decrease and end at len(edge_nodes)"
                )
            if nodes.size and (nodes.min() < 0 or nodes.max() >= n):
                bad = int(nodes[(nodes < 0) | (nodes >= n)][0])
                raise InputError(f"node id {bad} is out of range for num_nodes={n}")
            if nodes.size > 1:
                same_edge = np.ones(nodes.shape[0] - 1, dtype=bool)
                same_edge[ptr[1:-1][(ptr[1:-1] > 0) & (ptr[1:-1] < nodes.shape[0])] - 1] = False
                if (np.diff(nodes)[same_edge] <= 0).any():
                    raise InputError(
                        "members of each hyperedge must be strictly increasing "
                        "(use Hypergraph.from_edges or from_csr to sort and deduplicate)"
                    )
        self._ptr = _readonly(ptr)
        self._nodes = _readonly(nodes)
        self._n = n
        self._times = None if times is None else self._column(times, m, "times")
        if self._times is not None and not (
            np.issubdtype(self._times.dtype, np.number)
            or np.issubdtype(self._times.dtype, np.datetime64)
        ):
            raise InputError(f"times must be numeric or datetime64, got dtype {self._times.dtype}")
        self._node_names = None if node_names is None else self._column(node_names, n, "node_names")
        self._node_labels = None
        if node_labels is not None:
            self._node_labels = _readonly(
                np.ascontiguousarray(_as_int_array(node_labels, "node_labels"))
            )
            if self._node_labels.shape != (n,):
                raise InputError(
                    f"node_labels must have shape [{n}], got {self._node_labels.shape}"
                )
        self._label_names = None if label_names is None else tuple(str(s) for s in label_names)
        self._node_data = {
            k: self._column(v, n, f"node_data[{k!r}]") for k, v in (node_data or {}).items()
        }
        self._edge_data = {
            k: self._column(v, m, f"edge_data[{k!r}]") for k, v in (edge_data or {}).items()
        }
        self._name = name
        self._cache: dict[str, Any] = {}

    @staticmethod
    def _column(values: Any, length: int, what: str) -> np.ndarray:
        if isinstance(values, torch.Tensor):
            values = values.detach().cpu().numpy()
        a = np.asarray(values)
        if a.ndim != 1 or a.shape[0] != length:
            raise InputError(f"{what} must have shape [{length}], got {list(a.shape)}")
        return _readonly(a.copy() if a.flags.writeable else a)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_csr(
        cls, edge_ptr: Any, edge_nodes: Any, num_nodes: int | None = None, **kwargs: Any
    ) -> Hypergraph:
        """Build a hypergraph from CSR arrays whose hyperedges may be unsorted or repeat nodes.

        Members are sorted and repeated nodes within one hyperedge dropped (a hyperedge is a
        set). ``num_nodes`` defaults to ``max id + 1``. Other keyword arguments are those of
        :class:`Hypergraph`.

        Raises
        ------
        InputError
            On negative or out-of-range ids or inconsistent pointers.

        Examples
        --------
        >>> Hypergraph.from_csr([0, 3, 4], [2, 0, 2, 1]).edges()
        [(0, 2), (1,)]
        """
        ptr = _as_int_array(edge_ptr, "edge_ptr")
        nodes = _as_int_array(edge_nodes, "edge_nodes")
        if ptr.ndim != 1 or ptr.shape[0] < 1 or nodes.ndim != 1:
            raise InputError("edge_ptr must be 1-D of length m + 1 and edge_nodes 1-D")
        if ptr[0] != 0 or ptr[-1] != nodes.shape[0] or (np.diff(ptr) < 0).any():
            raise InputError("edge_ptr must start at 0, not decrease and end at len(edge_nodes)")
        if nodes.size and nodes.min() < 0:
            raise InputError(f"node ids must be >= 0, got {int(nodes.min())}")
        n = int(nodes.max(initial=-1)) + 1 if num_nodes is None else int(num_nodes)
        if nodes.size and nodes.max() >= n:
            raise InputError(f"node id {int(nodes.max())} is out of range for num_nodes={n}")
        m = ptr.shape[0] - 1
        eid = np.repeat(np.arange(m, dtype=np.int64), np.diff(ptr))
        keys = np.sort(eid * max(n, 1) + nodes)
        if keys.size:
            keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
        eid, nodes = np.divmod(keys, max(n, 1))
        new_ptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.bincount(eid, minlength=m), out=new_ptr[1:])
        return cls(new_ptr, nodes, n, validate=False, **kwargs)

    @classmethod
    def from_edges(
        cls, edges: Iterable[Iterable[int]], num_nodes: int | None = None, **kwargs: Any
    ) -> Hypergraph:
        """Build a hypergraph from an iterable of node-id collections, one per hyperedge.

        Parameters
        ----------
        edges : iterable of iterables of int
            Hyperedges; order is kept, repeats are kept (as separate occurrences), repeated
            nodes inside one hyperedge are dropped.
        num_nodes : int, optional
            Number of nodes; ``max id + 1`` when omitted.
        **kwargs
            ``times``, ``node_names``, ... as for :class:`Hypergraph`.

        Examples
        --------
        >>> H = Hypergraph.from_edges([{0, 1}, (2, 1, 2)], num_nodes=5)
        >>> H.edges(), H.num_nodes
        ([(0, 1), (1, 2)], 5)
        """
        sets = [list(e) for e in edges]
        sizes = np.fromiter((len(e) for e in sets), dtype=np.int64, count=len(sets))
        ptr = np.zeros(len(sets) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        flat = [v for e in sets for v in e]
        if any(
            isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) for v in flat
        ):
            bad = next(
                v
                for v in flat
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer))
            )
            raise InputError(f"hyperedge members must be integer node ids, got {bad!r}")
        return cls.from_csr(ptr, np.asarray(flat, dtype=np.int64), num_nodes, **kwargs)

    @classmethod
    def from_incidence(cls, incidence: Any, **kwargs: Any) -> Hypergraph:
        """Build a hypergraph from a node-by-hyperedge sparse incidence matrix :math:`B`.

        Stored zeros are not incidences; values other than 0 count as 1.

        Examples
        --------
        >>> import scipy.sparse as sp
        >>> B = sp.csr_array([[1, 0], [1, 1], [0, 1]])
        >>> Hypergraph.from_incidence(B).edges()
        [(0, 1), (1, 2)]
        """
        if not sp.issparse(incidence):
            incidence = sp.csr_array(np.asarray(incidence))
        csc = sp.csc_array(incidence)
        csc.eliminate_zeros()
        csc.sort_indices()
        return cls(
            csc.indptr.astype(np.int64), csc.indices.astype(np.int64), csc.shape[0], **kwargs
        )

    # ------------------------------------------------------------------ attributes
    @property
    def num_nodes(self) -> int:
        """Number of nodes :math:`n`."""
        return self._n

    @property
    def num_edges(self) -> int:
        """Number of hyperedge occurrences :math:`m` (repeats counted)."""
        return self._ptr.shape[0] - 1

    @property
    def num_incidences(self) -> int:
        """Number of (node, hyperedge) incidences, the nnz of :math:`B`."""
        return self._nodes.shape[0]

    @property
    def edge_ptr(self) -> np.ndarray:
        """Hyperedge pointers (read-only int64 array of shape [m + 1])."""
        return self._ptr

    @property
    def edge_nodes(self) -> np.ndarray:
        """Concatenated sorted members of all hyperedges (read-only int64 array)."""
        return self._nodes

    @property
    def times(self) -> np.ndarray | None:
        """Timestamp of each hyperedge occurrence, or ``None``."""
        return self._times

    @property
    def node_names(self) -> np.ndarray | None:
        """Name (or original id) of each node, or ``None``."""
        return self._node_names

    @property
    def node_labels(self) -> np.ndarray | None:
        """0-based class label of each node (``-1`` unknown), or ``None``."""
        return self._node_labels

    @property
    def label_names(self) -> tuple[str, ...] | None:
        """Names of the class labels, or ``None``."""
        return self._label_names

    @property
    def node_data(self) -> dict[str, np.ndarray]:
        """Further per-node columns (a copy of the mapping; the arrays are read-only)."""
        return dict(self._node_data)

    @property
    def edge_data(self) -> dict[str, np.ndarray]:
        """Further per-hyperedge columns (a copy of the mapping; the arrays are read-only)."""
        return dict(self._edge_data)

    @property
    def name(self) -> str | None:
        return self._name

    def _meta(self) -> dict[str, Any]:
        return {
            "times": self._times,
            "node_names": self._node_names,
            "node_labels": self._node_labels,
            "label_names": self._label_names,
            "node_data": self._node_data,
            "edge_data": self._edge_data,
            "name": self._name,
        }

    def replace(self, **changes: Any) -> Hypergraph:
        """A copy with some metadata replaced (``times``, ``node_names``, ``name``, ...).

        Examples
        --------
        >>> H = Hypergraph.from_edges([[0, 1]]).replace(times=[7], name="tiny")
        >>> H.times.tolist(), H.name
        ([7], 'tiny')
        """
        meta = self._meta()
        unknown = set(changes) - set(meta)
        if unknown:
            raise InputError(f"unknown Hypergraph fields: {sorted(unknown)}")
        meta.update(changes)
        return Hypergraph(self._ptr, self._nodes, self._n, validate=False, **meta)

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return self.num_edges

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return iter(self.edges())

    def edge(self, e: int) -> np.ndarray:
        """Sorted members of hyperedge ``e`` (read-only view)."""
        if not -self.num_edges <= e < self.num_edges:
            raise InputError(f"hyperedge {e} is out of range for {self.num_edges} hyperedges")
        e %= self.num_edges
        return self._nodes[self._ptr[e] : self._ptr[e + 1]]

    def edges(self) -> list[tuple[int, ...]]:
        """All hyperedges as sorted tuples of node ids, in storage order."""
        flat = self._nodes.tolist()
        p = self._ptr.tolist()
        return [tuple(flat[a:b]) for a, b in itertools.pairwise(p)]

    def edge_sizes(self) -> np.ndarray:
        """Size :math:`|e|` of every hyperedge occurrence."""
        return np.diff(self._ptr)

    def edge_index_of_incidences(self) -> np.ndarray:
        """Hyperedge id of every stored incidence (aligned with :attr:`edge_nodes`)."""
        return np.repeat(np.arange(self.num_edges, dtype=np.int64), self.edge_sizes())

    def incidence(self, dtype: Any = np.float64) -> sp.csr_array:
        """The node-by-hyperedge incidence matrix :math:`B` as a scipy ``csr_array`` [n, m].

        Column ``e`` holds ones at the members of hyperedge ``e``; a repeated hyperedge is a
        repeated column.
        """
        key = f"B:{np.dtype(dtype).str}"
        if key not in self._cache:
            bt = sp.csr_array(
                (np.ones(self.num_incidences, dtype=dtype), self._nodes, self._ptr),
                shape=(self.num_edges, self._n),
            )
            b = sp.csr_array(bt.T)  # CSC of Bᵀ -> CSR of B
            b.sort_indices()
            self._cache[key] = b
        return self._cache[key]

    def incidence_torch(self) -> torch.Tensor:
        """:math:`B` as a torch sparse CSR tensor (float32) of shape [n, m]."""
        import warnings

        b = self.incidence(np.float32)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
            return torch.sparse_csr_tensor(
                torch.from_numpy(b.indptr.astype(np.int64)),
                torch.from_numpy(b.indices.astype(np.int64)),
                torch.from_numpy(b.data.copy()),
                size=b.shape,
                check_invariants=False,
            )

    # ------------------------------------------------------------------ statistics
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

    def _groups(self) -> tuple[np.ndarray, int]:
        if "groups" not in self._cache:
            self._cache["groups"] = edge_group_ids(self._ptr, self._nodes)
        return self._cache["groups"]

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

    # ------------------------------------------------------------------ transformations
    def select(self, edges: Any) -> Hypergraph:
        """The hypergraph of the chosen hyperedges (boolean mask or index array), nodes kept.

        Per-hyperedge metadata (``times``, ``edge_data``) follow the selection.

        Examples
        --------
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
        idx = _as_int_array(idx, "edges").ravel()
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
        return Hypergraph(ptr, nodes, self._n, validate=False, **meta)

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

    def compact(self) -> tuple[Hypergraph, np.ndarray]:
        """Drop the nodes in no hyperedge and renumber the others ``0 .. n' - 1`` in order.

        Returns
        -------
        Hypergraph
            The re-indexed hypergraph (per-node metadata follow their nodes).
        old_ids : ndarray of int64
            ``old_ids[i]`` is the id node ``i`` had before.

        Examples
        --------
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
        h = Hypergraph(self._ptr, new_id[self._nodes], old.shape[0], validate=False, **meta)
        return h, old

    def isin(self, other: Hypergraph) -> np.ndarray:
        """Per hyperedge of ``self``: whether the same node set is a hyperedge of ``other``.

        Node ids are compared as they are (both hypergraphs on one node numbering).

        Examples
        --------
        >>> A = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2]])
        >>> B = Hypergraph.from_edges([[2, 1], [0, 1, 2]])
        >>> A.isin(B).tolist()
        [False, True, False]
        """
        if not isinstance(other, Hypergraph):
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
        if not isinstance(other, Hypergraph):
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

    def __repr__(self) -> str:
        name = f"name={self._name!r}, " if self._name else ""
        return (
            f"Hypergraph({name}num_nodes={self._n}, num_edges={self.num_edges}, "
            f"num_distinct={self.num_distinct}, num_incidences={self.num_incidences})"
        )

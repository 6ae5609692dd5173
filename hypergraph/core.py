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

This module is the container: storage, invariants, constructors, metadata and access. The rest
of the class comes from lower modules that do not import this one (the package allows no
import cycle): :mod:`hypergraph.csr` checks, normalises and numbers CSR families as arrays;
the mixins :class:`~hypergraph.setops.HypergraphSetOps` (select, unique, compact, isin, equals)
and :class:`~hypergraph.summary.HypergraphSummary` (degrees, sizes, multiplicities, summary)
hold the operations, which ``Hypergraph`` inherits.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
import torch

from graphlab.errors import InputError

from .csr import (
    as_int_array,
    check_family,
    edge_group_ids,
    family_from_edges,
    family_from_incidence,
    normalise_family,
    readonly,
)
from .summary import HypergraphSummary

__all__ = ["Hypergraph", "edge_group_ids"]


class Hypergraph(HypergraphSummary):
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

    #: What a command that needs a hypergraph asks for, in words
    #: (:func:`graphlab.datasets.load_dataset`'s messages name no class).
    dataset_kind: ClassVar[str] = "a hypergraph"

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
        ptr = np.ascontiguousarray(as_int_array(edge_ptr, "edge_ptr"))
        nodes = np.ascontiguousarray(as_int_array(edge_nodes, "edge_nodes"))
        if int(num_nodes) != num_nodes or num_nodes < 0:
            raise InputError(f"num_nodes must be a non-negative integer, got {num_nodes!r}")
        n = int(num_nodes)
        if ptr.ndim != 1 or ptr.shape[0] < 1:
            raise InputError(f"edge_ptr must be 1-D of length m + 1 >= 1, got {list(ptr.shape)}")
        m = ptr.shape[0] - 1
        if validate:
            check_family(ptr, nodes, n)
        self._ptr = readonly(ptr)
        self._nodes = readonly(nodes)
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
            self._node_labels = readonly(
                np.ascontiguousarray(as_int_array(node_labels, "node_labels"))
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
        return readonly(a.copy() if a.flags.writeable else a)

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
        ptr, nodes, n = normalise_family(edge_ptr, edge_nodes, num_nodes)
        return cls(ptr, nodes, n, validate=False, **kwargs)

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
        ptr, nodes = family_from_edges(edges)
        return cls.from_csr(ptr, nodes, num_nodes, **kwargs)

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
        ptr, nodes, n = family_from_incidence(incidence)
        return cls(ptr, nodes, n, **kwargs)

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

    def __repr__(self) -> str:
        name = f"name={self._name!r}, " if self._name else ""
        return (
            f"Hypergraph({name}num_nodes={self._n}, num_edges={self.num_edges}, "
            f"num_distinct={self.num_distinct}, num_incidences={self.num_incidences})"
        )

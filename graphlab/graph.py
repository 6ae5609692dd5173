"""The sparse-tensor graph every algorithm of graphlab runs on.

A :class:`Graph` is an immutable CSR adjacency held as torch tensors (``indptr``, ``indices``,
optional float ``weight``) with a node count and a directed flag. Numpy and scipy views share
its memory. Undirected graphs are stored symmetrised (each edge once per direction),
deduplicated, with sorted columns in each row and, unless asked for, no self-loops: these
invariants are what the kernels in :mod:`graphlab.kernels` rely on.

This module is the class: storage, invariants, views and properties. The array work behind it
lives one layer down so that no module imports in a circle: :mod:`graphlab.csr` checks input
and builds CSR arrays from COO, :mod:`graphlab.convert` reads and writes networkx, pandas, PyG
and scipy objects. The ``from_*`` / ``to_*`` methods here delegate to them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
import torch

from . import convert
from .csr import Reduce, as_numpy, check_coo, check_csr, check_reduce, check_weight, coo_to_csr
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from torch_geometric.data import Data

__all__ = ["Graph"]


class Graph:
    """An immutable graph stored as a CSR adjacency of torch tensors.

    Build one with a ``from_*`` constructor; the plain constructor takes CSR arrays that already
    satisfy the invariants (sorted, deduplicated rows; symmetric when undirected) and checks them.

    Parameters
    ----------
    indptr : tensor or array of shape [num_nodes + 1]
        Row pointers.
    indices : tensor or array of shape [nnz]
        Column index of each stored entry, sorted within each row.
    num_nodes : int
        Number of nodes; ids are ``0 .. num_nodes - 1``.
    weight : tensor or array of shape [nnz], optional
        Float weight of each stored entry; ``None`` for an unweighted (0/1) graph.
    directed : bool, default False
        Whether entry ``(u, v)`` stands for the arc ``u -> v`` only. Undirected graphs store
        both directions.
    validate : bool, default True
        Check the CSR invariants (cost O(nnz)).
    node_ids : array of int or of str of shape [num_nodes], optional
        The caller's id of each node (distinct integers or distinct strings, e.g. the ids of an
        edge-list file compacted to ``0 .. num_nodes - 1`` by
        ``read_edge_list(..., relabel=True)``, or the names of its nodes); ``None`` when the
        positions are the ids. Algorithms work on positions; per-node outputs name nodes by
        :meth:`ids`.

    Attributes
    ----------
    indptr, indices : torch.LongTensor
    weight : torch.Tensor or None
    num_nodes : int
    directed : bool
    node_ids : numpy int64 array, numpy str array, or None

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 1, 1, 2], [1, 2, 0, 0]])
    >>> g
    Graph(num_nodes=3, num_edges=3, directed=False, weighted=False)
    >>> g.degree()
    array([2, 2, 2])
    >>> g.to_scipy().toarray()
    array([[0., 1., 1.],
           [1., 0., 1.],
           [1., 1., 0.]])
    """

    __slots__ = (
        "_directed",
        "_indices",
        "_indptr",
        "_node_ids",
        "_num_nodes",
        "_self_loops",
        "_weight",
    )
    _indptr: torch.Tensor
    _indices: torch.Tensor
    _weight: torch.Tensor | None
    _num_nodes: int
    _directed: bool
    _node_ids: np.ndarray | None
    _self_loops: int  # -1 until first asked: an O(nnz) scan, cached (the graph never changes)

    def __init__(
        self,
        indptr: Any,
        indices: Any,
        num_nodes: int,
        weight: Any = None,
        *,
        directed: bool = False,
        validate: bool = True,
        node_ids: Any = None,
    ) -> None:
        ip = np.ascontiguousarray(as_numpy(indptr, "indptr"), dtype=np.int64)
        ix = np.ascontiguousarray(as_numpy(indices, "indices"), dtype=np.int64)
        w = None if weight is None else np.ascontiguousarray(as_numpy(weight, "weight"))
        if w is not None and not np.issubdtype(w.dtype, np.floating):
            w = w.astype(np.float64)
        num_nodes = int(num_nodes)
        if validate:
            check_csr(ip, ix, w, num_nodes, directed)
        for arr in (ip, ix, w):
            if arr is not None:
                arr.flags.writeable = False
        set_ = object.__setattr__
        # torch warns on non-writeable numpy input; the tensors share the (read-only) buffers,
        # and the class never writes through them.
        with _quiet_nonwritable():
            set_(self, "_indptr", torch.from_numpy(ip))
            set_(self, "_indices", torch.from_numpy(ix))
            set_(self, "_weight", None if w is None else torch.from_numpy(w))
        set_(self, "_num_nodes", num_nodes)
        set_(self, "_directed", bool(directed))
        set_(self, "_node_ids", None if node_ids is None else _check_node_ids(node_ids, num_nodes))
        set_(self, "_self_loops", -1)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Graph is immutable; build a new one with a from_* constructor")

    def __reduce__(self) -> Any:
        # Pickling (multiprocessing, Dask) rebuilds from the arrays, skipping validation.
        return (
            _rebuild,
            (
                self.indptr_np,
                self.indices_np,
                self._num_nodes,
                self.weight_np,
                self._directed,
                self._node_ids,
            ),
        )

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_coo(
        cls,
        row: Any,
        col: Any,
        num_nodes: int | None = None,
        edge_weight: Any = None,
        *,
        directed: bool = False,
        self_loops: bool = False,
        reduce: Reduce = "max",
        allow_negative: bool = False,
        name: str = "edge_index",
    ) -> Graph:
        """Build a graph from parallel arrays of source and target ids.

        Parameters
        ----------
        row, col : array-like of int, shape [E]
            Endpoints of each input edge.
        num_nodes : int, optional
            Number of nodes; inferred as ``max id + 1`` (0 for no edges) when omitted.
        edge_weight : array-like of float, shape [E], optional
            Weight of each input edge; must be finite (and non-negative unless
            ``allow_negative``).
        directed : bool, default False
            Keep edges as arcs. Undirected input is symmetrised.
        self_loops : bool, default False
            Keep self-loops ``(v, v)``; they are dropped otherwise.
        reduce : {"max", "min", "sum", "mean", "first"}, default "max"
            How the weights of repeated entries are merged. With the default an undirected edge
            listed in both directions keeps its weight; ``"sum"`` counts multiplicities.
        allow_negative : bool, default False
            Accept negative weights.
        name : str
            Name of the argument used in error messages.

        Raises
        ------
        InputError
            On non-integer or negative ids, ids ``>= num_nodes``, mismatched lengths, or NaN,
            infinite or (by default) negative weights.
        """
        r, c, n = check_coo(row, col, num_nodes, name)
        check_reduce(reduce)
        w = None if edge_weight is None else check_weight(edge_weight, r.shape[0], allow_negative)
        indptr, indices, w = coo_to_csr(
            r, c, n, w, directed=directed, self_loops=self_loops, reduce=reduce
        )
        return cls(indptr, indices, n, w, directed=directed, validate=False)

    @classmethod
    def from_edge_index(
        cls,
        edge_index: Any,
        num_nodes: int | None = None,
        edge_weight: Any = None,
        **kwargs: Any,
    ) -> Graph:
        """Build a graph from a PyG-style ``edge_index`` of shape [2, E].

        Accepts a torch tensor, a numpy array or nested lists. Other keyword arguments are those
        of :meth:`from_coo` (``directed``, ``self_loops``, ``reduce``, ``allow_negative``).

        Examples
        --------
        >>> g = Graph.from_edge_index([[0, 0, 1], [1, 1, 2]], num_nodes=4)
        >>> g.num_nodes, g.num_edges, g.degree().tolist()
        (4, 2, [1, 2, 1, 0])
        """
        return cls.from_coo(
            **convert.edge_index_to_coo(edge_index),
            num_nodes=num_nodes,
            edge_weight=edge_weight,
            **kwargs,
        )

    @classmethod
    def from_scipy(
        cls,
        matrix: Any,
        *,
        weighted: bool = False,
        directed: bool = False,
        self_loops: bool = False,
        reduce: Reduce = "max",
        allow_negative: bool = False,
    ) -> Graph:
        """Build a graph from a square scipy sparse array or matrix.

        Stored zeros are not edges. With ``weighted=False`` only the pattern is kept. An
        undirected graph is the symmetrisation of the pattern (``A + A.T`` pattern); its weights
        are merged with ``reduce``.
        """
        coo = convert.scipy_to_coo(matrix, weighted=weighted)
        return cls.from_coo(
            **coo,
            directed=directed,
            self_loops=self_loops,
            reduce=reduce,
            allow_negative=allow_negative,
        )

    @classmethod
    def from_pandas(
        cls,
        frame: pd.DataFrame,
        source: str = "source",
        target: str = "target",
        weight: str | None = None,
        num_nodes: int | None = None,
        *,
        relabel: bool = False,
        **kwargs: Any,
    ) -> Graph:
        """Build a graph from an edge frame's ``source`` and ``target`` columns.

        Without ``relabel`` the columns hold integer positions ``0 .. n-1``. With it they may
        hold any ids, integers of any size or strings: the ids that occur become the nodes, in
        sorted order, and are kept as :attr:`node_ids` (as ``read_edge_list(relabel=True)``
        does for a file).

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"source": ["bo", "ann"], "target": ["cy", "bo"]})
        >>> g = Graph.from_pandas(frame, relabel=True)
        >>> g.ids().tolist(), g.edges().tolist()
        (['ann', 'bo', 'cy'], [[0, 1], [1, 2]])
        """
        coo = convert.pandas_to_coo(frame, source, target, weight)
        if not relabel:
            return cls.from_coo(**coo, num_nodes=num_nodes, **kwargs)
        if num_nodes is not None:
            raise InputError("relabel=True numbers the ids that occur: it takes no num_nodes")
        from .ids import compact_ids

        ends = np.stack([coo["row"], coo["col"]], axis=1)
        if ends.dtype.kind not in "iuUO":
            raise InputError(f"node ids must be integers or strings, got dtype {ends.dtype}")
        pairs, ids = compact_ids(ends)
        coo.update(row=pairs[:, 0], col=pairs[:, 1])
        g = cls.from_coo(**coo, num_nodes=None if ids is None else len(ids), **kwargs)
        return g if ids is None else g.with_node_ids(ids)

    @classmethod
    def from_networkx(
        cls,
        graph: nx.Graph,
        weight: str | None = None,
        nodelist: Sequence[Hashable] | None = None,
        *,
        self_loops: bool = False,
    ) -> Graph:
        """Build a graph from a networkx graph; node ``nodelist[i]`` becomes position ``i``.

        ``nodelist`` defaults to ``list(graph)``. Multigraph edges are merged (weights summed).
        Directedness follows ``graph.is_directed()``. When the nodes are all strings or all
        integers (other than exactly ``0 .. n-1`` in order), they are kept as
        :attr:`node_ids`, so per-node outputs name nodes as networkx does.

        Examples
        --------
        >>> import networkx as nx
        >>> g = Graph.from_networkx(nx.Graph([("ann", "bo"), ("bo", "cy")]))
        >>> g.ids().tolist(), g.edges().tolist()
        (['ann', 'bo', 'cy'], [[0, 1], [1, 2]])
        """
        nodes = list(graph) if nodelist is None else list(nodelist)
        g = cls.from_coo(**convert.networkx_to_coo(graph, weight, nodes), self_loops=self_loops)
        if nodes and all(isinstance(v, str) for v in nodes):
            return g.with_node_ids(np.array(nodes, dtype=str))
        integer = all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in nodes)
        if nodes and integer and nodes != list(range(len(nodes))):
            return g.with_node_ids(np.array(nodes, dtype=np.int64))
        return g

    @classmethod
    def from_pyg(cls, data: Data, *, directed: bool = False, self_loops: bool = False) -> Graph:
        """A graph from a PyG ``Data``: its ``edge_index``, ``num_nodes``, ``edge_weight``."""
        coo = convert.pyg_to_coo(data)
        return cls.from_coo(**coo, directed=directed, self_loops=self_loops)

    # ------------------------------------------------------------------ attributes
    @property
    def indptr(self) -> torch.Tensor:
        """Row pointers, ``int64`` tensor of shape [num_nodes + 1]."""
        return self._indptr

    @property
    def indices(self) -> torch.Tensor:
        """Column of each stored entry, ``int64`` tensor of shape [nnz]."""
        return self._indices

    @property
    def weight(self) -> torch.Tensor | None:
        """Weight of each stored entry, or ``None`` for an unweighted graph."""
        return self._weight

    @property
    def num_nodes(self) -> int:
        return self._num_nodes

    @property
    def directed(self) -> bool:
        return self._directed

    @property
    def is_weighted(self) -> bool:
        return self._weight is not None

    @property
    def node_ids(self) -> np.ndarray | None:
        """The caller's id of each node (read-only [num_nodes]: int64, or numpy ``str`` for
        names), or ``None`` when the positions ``0 .. num_nodes - 1`` are the ids."""
        return self._node_ids

    def ids(self) -> np.ndarray:
        """The id of every node for outputs: :attr:`node_ids`, or ``0 .. num_nodes - 1``.

        Examples
        --------
        >>> g = Graph.from_edge_index([[0, 1], [1, 2]])
        >>> g.ids().tolist(), g.with_node_ids([5, 10, 20]).ids().tolist()
        ([0, 1, 2], [5, 10, 20])
        >>> g.with_node_ids(["ann", "bo", "cy"]).ids().tolist()
        ['ann', 'bo', 'cy']
        """
        if self._node_ids is not None:
            return self._node_ids
        return np.arange(self._num_nodes, dtype=np.int64)

    def with_node_ids(self, node_ids: Any) -> Graph:
        """The same graph (arrays shared, no copy) with other :attr:`node_ids` (``None``: none)."""
        return Graph(
            self._indptr,
            self._indices,
            self._num_nodes,
            self._weight,
            directed=self._directed,
            validate=False,
            node_ids=node_ids,
        )

    @property
    def indptr_np(self) -> np.ndarray:
        """Read-only numpy view of :attr:`indptr` (no copy)."""
        return _readonly(self._indptr)

    @property
    def indices_np(self) -> np.ndarray:
        """Read-only numpy view of :attr:`indices` (no copy)."""
        return _readonly(self._indices)

    @property
    def weight_np(self) -> np.ndarray | None:
        """Read-only numpy view of :attr:`weight` (no copy), or ``None``."""
        return None if self._weight is None else _readonly(self._weight)

    @property
    def nnz(self) -> int:
        """Number of stored entries (both directions of an undirected edge count)."""
        return int(self._indices.shape[0])

    @property
    def num_self_loops(self) -> int:
        """Number of stored self-loops (computed once: guards call it on every kernel entry)."""
        if self._self_loops < 0:
            count = int(np.count_nonzero(self.row_np() == self.indices_np))
            object.__setattr__(self, "_self_loops", count)
        return self._self_loops

    @property
    def num_edges(self) -> int:
        """Number of edges: arcs if directed, unordered pairs (self-loops once) if not."""
        if self._directed:
            return self.nnz
        return (self.nnz + self.num_self_loops) // 2

    def row_np(self) -> np.ndarray:
        """Row id of each stored entry (the COO row array), computed from ``indptr``."""
        return np.repeat(np.arange(self._num_nodes, dtype=np.int64), np.diff(self.indptr_np))

    def degree(self, weighted: bool = False) -> np.ndarray:
        """Out-degree of every node (number of stored entries in its row).

        With ``weighted=True`` the row sums of the weights (node strength) instead.
        """
        if weighted and self._weight is not None:
            return np.add.reduceat(np.r_[self.weight_np, 0.0], self.indptr_np[:-1]) * (
                np.diff(self.indptr_np) > 0
            )
        return np.diff(self.indptr_np)

    def neighbors(self, node: int) -> np.ndarray:
        """Sorted out-neighbours of ``node`` (a read-only view)."""
        if not 0 <= node < self._num_nodes:
            raise InputError(f"node {node} is out of range for num_nodes={self._num_nodes}")
        ip = self.indptr_np
        return self.indices_np[ip[node] : ip[node + 1]]

    def __repr__(self) -> str:
        return (
            f"Graph(num_nodes={self._num_nodes}, num_edges={self.num_edges}, "
            f"directed={self._directed}, weighted={self.is_weighted})"
        )

    def equals(self, other: Graph) -> bool:
        """Whether two graphs have the same nodes (and node ids), entries, weights and
        directedness."""
        if not isinstance(other, Graph):
            return False
        same = (
            self._num_nodes == other._num_nodes
            and self._directed == other._directed
            and np.array_equal(self.indptr_np, other.indptr_np)
            and np.array_equal(self.indices_np, other.indices_np)
        )
        if not same or self.is_weighted != other.is_weighted:
            return False
        if not np.array_equal(self.ids(), other.ids()):
            return False
        w, other_w = self.weight_np, other.weight_np
        return w is None or (other_w is not None and np.array_equal(w, other_w))

    # ------------------------------------------------------------------ exporters
    def edges(self) -> np.ndarray:
        """Edges as an int64 array of shape [num_edges, 2]; ``u <= v`` for undirected graphs."""
        rows, cols = self.row_np(), self.indices_np
        if not self._directed:
            keep = rows <= cols
            rows, cols = rows[keep], cols[keep]
        return np.stack([rows, cols], axis=1)

    def edge_weights(self) -> np.ndarray | None:
        """Weights aligned with :meth:`edges`, or ``None``."""
        w = self.weight_np
        if w is None or self._directed:
            return w
        return w[self.row_np() <= self.indices_np]

    def to_edge_index(self) -> torch.Tensor:
        """All stored entries as a PyG ``edge_index`` [2, nnz] (both directions if undirected)."""
        return torch.stack([torch.from_numpy(self.row_np()), self._indices.clone()])

    def to_scipy(self, dtype: Any = np.float64) -> sp.csr_array:
        """The adjacency as a scipy ``csr_array``.

        ``indptr`` and ``indices`` are shared with the graph (no copy); the data are the weights
        (shared when their dtype is ``dtype``) or ones.
        """
        w = self.weight_np
        return convert.csr_to_scipy(self.indptr_np, self.indices_np, w, self._num_nodes, dtype)

    def to_pandas(self) -> pd.DataFrame:
        """Edge frame with columns ``source``, ``target`` (and ``weight``), one row per edge."""
        return convert.edges_to_pandas(self.edges(), self.edge_weights())

    def to_networkx(self, weight: str = "weight") -> nx.Graph:
        """A networkx ``Graph`` (or ``DiGraph``) on nodes ``0 .. num_nodes - 1``."""
        return convert.edges_to_networkx(
            self.edges(),
            self.edge_weights(),
            self._num_nodes,
            directed=self._directed,
            weight=weight,
        )

    def to_pyg(self) -> Data:
        """A PyG ``Data`` with ``edge_index`` (both directions), ``num_nodes``, ``edge_weight``."""
        w = None if self._weight is None else self._weight.clone()
        return convert.edge_index_to_pyg(self.to_edge_index(), self._num_nodes, w)


def _readonly(t: torch.Tensor) -> np.ndarray:
    view = t.numpy()
    view.flags.writeable = False
    return view


def _rebuild(
    indptr: np.ndarray,
    indices: np.ndarray,
    n: int,
    weight: np.ndarray | None,
    directed: bool,
    node_ids: np.ndarray | None = None,
) -> Graph:
    return Graph(indptr, indices, n, weight, directed=directed, validate=False, node_ids=node_ids)


def _check_node_ids(node_ids: Any, num_nodes: int) -> np.ndarray:
    """``node_ids`` as a read-only array: one distinct integer (int64) or one distinct string
    (numpy ``str``) per node."""
    ids = np.asarray(as_numpy(node_ids, "node_ids"))
    if ids.ndim != 1 or ids.shape[0] != num_nodes:
        raise InputError(f"node_ids must have shape [{num_nodes}], got {list(ids.shape)}")
    if ids.dtype.kind == "O" and all(isinstance(v, str) for v in ids):
        ids = ids.astype(str)
    text = ids.dtype.kind == "U"
    if ids.size and not text and not np.issubdtype(ids.dtype, np.integer):
        raise InputError(f"node_ids must be integers or strings, got dtype {ids.dtype}")
    ids = np.array(ids, dtype=str if text else np.int64)  # a copy: the caller's array stays theirs
    if ids.size > 1 and not (ids[1:] > ids[:-1]).all() and np.unique(ids).size != ids.size:
        raise InputError("node_ids must be distinct")
    ids.flags.writeable = False
    return ids


class _quiet_nonwritable:
    def __enter__(self) -> None:
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.filterwarnings("ignore", message="The given NumPy array is not writable")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._cm.__exit__(exc_type, exc, tb)

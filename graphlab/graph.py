"""The sparse-tensor graph every algorithm of graphlab runs on.

A :class:`Graph` is an immutable CSR adjacency held as torch tensors (``indptr``, ``indices``,
optional float ``weight``) with a node count and a directed flag. Numpy and scipy views share
its memory. Undirected graphs are stored symmetrised (each edge once per direction),
deduplicated, with sorted columns in each row and, unless asked for, no self-loops: these
invariants are what the kernels in :mod:`graphlab.kernels` rely on.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp
import torch

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from torch_geometric.data import Data

__all__ = ["Graph"]

Reduce = Literal["max", "min", "sum", "mean", "first"]
_REDUCERS = ("max", "min", "sum", "mean", "first")


def _as_numpy(x: Any, name: str) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def _check_ids(ids: np.ndarray, name: str, num_nodes: int | None) -> np.ndarray:
    if ids.dtype == bool or not (np.issubdtype(ids.dtype, np.integer) or ids.size == 0):
        if np.issubdtype(ids.dtype, np.floating) and ids.size and np.all(np.mod(ids, 1) == 0):
            raise InputError(
                f"{name} must hold integer node ids, got dtype {ids.dtype} "
                "(cast it with .astype(int) if the values are whole numbers)"
            )
        raise InputError(f"{name} must hold integer node ids, got dtype {ids.dtype}")
    ids = ids.astype(np.int64, copy=False)
    if ids.size:
        lo = int(ids.min())
        if lo < 0:
            pos = int(np.argmax(ids < 0))
            raise InputError(f"{name} holds a negative node id ({lo}) at position {pos}")
        if num_nodes is not None:
            hi = int(ids.max())
            if hi >= num_nodes:
                pos = int(np.argmax(ids >= num_nodes))
                raise InputError(
                    f"{name} holds node id {hi} at position {pos}, out of range for "
                    f"num_nodes={num_nodes} (ids must be 0..{num_nodes - 1})"
                )
    return ids


def _check_weight(weight: Any, n: int, allow_negative: bool) -> np.ndarray:
    w = _as_numpy(weight, "edge_weight")
    if w.ndim != 1 or w.shape[0] != n:
        raise InputError(f"edge_weight must have shape [{n}] (one per edge), got {list(w.shape)}")
    if not (np.issubdtype(w.dtype, np.floating) or np.issubdtype(w.dtype, np.integer)):
        raise InputError(f"edge_weight must be numeric, got dtype {w.dtype}")
    if not np.issubdtype(w.dtype, np.floating):
        w = w.astype(np.float64)
    bad = ~np.isfinite(w)
    if bad.any():
        pos = int(np.argmax(bad))
        raise InputError(f"edge_weight holds {w[pos]} at position {pos}: weights must be finite")
    if not allow_negative and (w < 0).any():
        pos = int(np.argmax(w < 0))
        raise InputError(
            f"edge_weight holds a negative weight {w[pos]} at position {pos} "
            "(pass allow_negative=True if negative weights are meant)"
        )
    return w


def _reduce_sorted(values: np.ndarray, starts: np.ndarray, how: str) -> np.ndarray:
    if how == "first":
        return values[starts]
    if how == "mean":
        counts = np.diff(np.append(starts, values.shape[0]))
        return np.add.reduceat(values, starts) / counts
    ufunc = {"max": np.maximum, "min": np.minimum, "sum": np.add}[how]
    return ufunc.reduceat(values, starts)


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

    Attributes
    ----------
    indptr, indices : torch.LongTensor
    weight : torch.Tensor or None
    num_nodes : int
    directed : bool

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

    __slots__ = ("_directed", "_indices", "_indptr", "_num_nodes", "_weight")
    _indptr: torch.Tensor
    _indices: torch.Tensor
    _weight: torch.Tensor | None
    _num_nodes: int
    _directed: bool

    def __init__(
        self,
        indptr: Any,
        indices: Any,
        num_nodes: int,
        weight: Any = None,
        *,
        directed: bool = False,
        validate: bool = True,
    ) -> None:
        ip = np.ascontiguousarray(_as_numpy(indptr, "indptr"), dtype=np.int64)
        ix = np.ascontiguousarray(_as_numpy(indices, "indices"), dtype=np.int64)
        w = None if weight is None else np.ascontiguousarray(_as_numpy(weight, "weight"))
        if w is not None and not np.issubdtype(w.dtype, np.floating):
            w = w.astype(np.float64)
        num_nodes = int(num_nodes)
        if validate:
            self._validate(ip, ix, w, num_nodes, directed)
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

    @staticmethod
    def _validate(
        ip: np.ndarray, ix: np.ndarray, w: np.ndarray | None, n: int, directed: bool
    ) -> None:
        if n < 0:
            raise InputError(f"num_nodes must be >= 0, got {n}")
        if ip.ndim != 1 or ip.shape[0] != n + 1:
            raise InputError(f"indptr must have shape [{n + 1}], got {list(ip.shape)}")
        if ip[0] != 0 or (np.diff(ip) < 0).any() or ip[-1] != ix.shape[0]:
            raise InputError("indptr must start at 0, not decrease and end at len(indices)")
        if ix.size and (ix.min() < 0 or ix.max() >= n):
            raise InputError(f"indices must lie in 0..{n - 1}")
        if w is not None and w.shape != ix.shape:
            raise InputError(f"weight must have shape {list(ix.shape)}, got {list(w.shape)}")
        if w is not None and not np.isfinite(w).all():
            raise InputError("weight must be finite")
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(ip))
        keys = rows * max(n, 1) + ix
        if ix.size > 1 and (np.diff(keys) <= 0).any():
            raise InputError("indices must be strictly increasing within each row")
        if not directed:
            tkeys = np.sort(ix * max(n, 1) + rows)
            if not np.array_equal(tkeys, keys):
                raise InputError("an undirected graph must store a symmetric adjacency")
            if w is not None:
                order = np.lexsort((rows, ix))
                if not np.array_equal(w[order], w):
                    raise InputError("an undirected graph must have symmetric weights")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Graph is immutable; build a new one with a from_* constructor")

    def __reduce__(self) -> Any:
        # Pickling (multiprocessing, Dask) rebuilds from the arrays, skipping validation.
        return (
            _rebuild,
            (self.indptr_np, self.indices_np, self._num_nodes, self.weight_np, self._directed),
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
        r = _as_numpy(row, name)
        c = _as_numpy(col, name)
        if r.ndim != 1 or c.ndim != 1 or r.shape[0] != c.shape[0]:
            raise InputError(
                f"{name}: source and target arrays must be 1-D of one length, "
                f"got shapes {list(r.shape)} and {list(c.shape)}"
            )
        if num_nodes is not None:
            if int(num_nodes) != num_nodes or num_nodes < 0:
                raise InputError(f"num_nodes must be a non-negative integer, got {num_nodes!r}")
            num_nodes = int(num_nodes)
        r = _check_ids(r, f"{name}[0]", num_nodes)
        c = _check_ids(c, f"{name}[1]", num_nodes)
        if num_nodes is None:
            num_nodes = int(max(r.max(initial=-1), c.max(initial=-1))) + 1
        if reduce not in _REDUCERS:
            raise InputError(f"reduce must be one of {_REDUCERS}, got {reduce!r}")
        w = None if edge_weight is None else _check_weight(edge_weight, r.shape[0], allow_negative)
        if not self_loops:
            keep = r != c
            if not keep.all():
                r, c = r[keep], c[keep]
                w = None if w is None else w[keep]
        if not directed:
            loops = r == c
            off = ~loops
            r, c = np.concatenate([r, c[off]]), np.concatenate([c, r[off]])
            w = None if w is None else np.concatenate([w, w[off]])
        n = max(num_nodes, 1)
        keys = r * n + c
        if w is None:
            # sort + neighbour comparison: numpy >= 2.3's np.unique hashes and is ~100x slower here
            keys = np.sort(keys)
            keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys
        else:
            order = np.argsort(keys, kind="stable")
            keys, w = keys[order], w[order]
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            w = _reduce_sorted(w, starts, reduce)
            keys = keys[starts]
        rows, cols = np.divmod(keys, n)
        indptr = np.zeros(num_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=num_nodes), out=indptr[1:])
        return cls(indptr, cols, num_nodes, w, directed=directed, validate=False)

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
        ei = _as_numpy(edge_index, "edge_index")
        if ei.ndim != 2 or ei.shape[0] != 2:
            hint = (
                " (transpose it: an [E, 2] list of pairs was given)"
                if (ei.ndim == 2 and ei.shape[1] == 2)
                else ""
            )
            raise InputError(f"edge_index must have shape [2, E], got {list(ei.shape)}{hint}")
        return cls.from_coo(ei[0], ei[1], num_nodes, edge_weight, **kwargs)

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
        if not sp.issparse(matrix):
            raise InputError(f"expected a scipy sparse matrix, got {type(matrix).__name__}")
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise InputError(f"adjacency must be square, got shape {list(matrix.shape)}")
        coo = sp.coo_array(matrix)
        nz = coo.data != 0
        return cls.from_coo(
            coo.row[nz],
            coo.col[nz],
            coo.shape[0],
            coo.data[nz] if weighted else None,
            directed=directed,
            self_loops=self_loops,
            reduce=reduce,
            allow_negative=allow_negative,
            name="matrix",
        )

    @classmethod
    def from_pandas(
        cls,
        frame: pd.DataFrame,
        source: str = "source",
        target: str = "target",
        weight: str | None = None,
        num_nodes: int | None = None,
        **kwargs: Any,
    ) -> Graph:
        """Build a graph from an edge frame with integer ``source`` and ``target`` columns."""
        for col in (source, target, weight):
            if col is not None and col not in frame.columns:
                raise InputError(
                    f"edge frame has no column {col!r} (columns: {list(frame.columns)})"
                )
        if frame[[source, target]].isna().to_numpy().any():
            raise InputError("edge frame has missing node ids")
        w = None if weight is None else frame[weight].to_numpy()
        return cls.from_coo(
            frame[source].to_numpy(),
            frame[target].to_numpy(),
            num_nodes,
            w,
            name="edge frame",
            **kwargs,
        )

    @classmethod
    def from_networkx(
        cls,
        graph: nx.Graph,
        weight: str | None = None,
        nodelist: Sequence[Hashable] | None = None,
        *,
        self_loops: bool = False,
    ) -> Graph:
        """Build a graph from a networkx graph; node ``nodelist[i]`` becomes id ``i``.

        ``nodelist`` defaults to ``list(graph)``. Multigraph edges are merged (weights summed).
        Directedness follows ``graph.is_directed()``.
        """
        nodes = list(graph) if nodelist is None else list(nodelist)
        index = {v: i for i, v in enumerate(nodes)}
        if len(index) != len(nodes):
            raise InputError("nodelist holds a node twice")
        pairs = []
        ws = []
        for u, v, d in graph.edges(data=True):
            if u not in index or v not in index:
                raise InputError(f"edge ({u!r}, {v!r}) names a node missing from nodelist")
            pairs.append((index[u], index[v]))
            if weight is not None:
                ws.append(d.get(weight, 1.0))
        arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        return cls.from_coo(
            arr[:, 0],
            arr[:, 1],
            len(nodes),
            None if weight is None else np.asarray(ws, float),
            directed=graph.is_directed(),
            self_loops=self_loops,
            reduce="sum" if graph.is_multigraph() else "max",
            name="networkx edges",
        )

    @classmethod
    def from_pyg(cls, data: Data, *, directed: bool = False, self_loops: bool = False) -> Graph:
        """A graph from a PyG ``Data``: its ``edge_index``, ``num_nodes``, ``edge_weight``."""
        if getattr(data, "edge_index", None) is None:
            raise InputError("the PyG Data object has no edge_index")
        w = getattr(data, "edge_weight", None)
        return cls.from_edge_index(
            data.edge_index, data.num_nodes, w, directed=directed, self_loops=self_loops
        )

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
        return int(np.count_nonzero(self.row_np() == self.indices_np))

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
        """Whether two graphs have the same nodes, entries, weights and directedness."""
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
        data = np.ones(self.nnz, dtype=dtype) if w is None else w.astype(dtype, copy=False)
        shape = (self._num_nodes, self._num_nodes)
        mat = sp.csr_array((data, self.indices_np, self.indptr_np), shape=shape, copy=False)
        mat.has_sorted_indices = True
        return mat

    def to_pandas(self) -> pd.DataFrame:
        """Edge frame with columns ``source``, ``target`` (and ``weight``), one row per edge."""
        import pandas as pd

        e = self.edges()
        frame = pd.DataFrame({"source": e[:, 0], "target": e[:, 1]})
        if self._weight is not None:
            frame["weight"] = self.edge_weights()
        return frame

    def to_networkx(self, weight: str = "weight") -> nx.Graph:
        """A networkx ``Graph`` (or ``DiGraph``) on nodes ``0 .. num_nodes - 1``."""
        import networkx as nx

        g = nx.DiGraph() if self._directed else nx.Graph()
        g.add_nodes_from(range(self._num_nodes))
        e = self.edges().tolist()
        w = self.edge_weights()
        if w is None:
            g.add_edges_from(e)
        else:
            g.add_weighted_edges_from(
                ((u, v, x) for (u, v), x in zip(e, w.tolist())), weight=weight
            )
        return g

    def to_pyg(self) -> Data:
        """A PyG ``Data`` with ``edge_index`` (both directions), ``num_nodes``, ``edge_weight``."""
        from torch_geometric.data import Data

        data = Data(edge_index=self.to_edge_index(), num_nodes=self._num_nodes)
        if self._weight is not None:
            data.edge_weight = self._weight.clone()
        return data


def _readonly(t: torch.Tensor) -> np.ndarray:
    view = t.numpy()
    view.flags.writeable = False
    return view


def _rebuild(
    indptr: np.ndarray, indices: np.ndarray, n: int, weight: np.ndarray | None, directed: bool
) -> Graph:
    return Graph(indptr, indices, n, weight, directed=directed, validate=False)


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

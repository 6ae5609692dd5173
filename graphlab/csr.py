"""Array-level building blocks of :class:`~graphlab.graph.Graph`: checks and COO -> CSR.

Everything here works on numpy arrays and knows nothing of the ``Graph`` class, so that
:mod:`graphlab.graph` (the class) and :mod:`graphlab.convert` (adapters to other libraries) can
both build on it without importing each other:

- :func:`as_numpy`, :func:`check_ids`, :func:`check_weight` turn user input into checked int64
  ids and finite float weights, raising :class:`~graphlab.errors.InputError` with the argument
  and position at fault;
- :func:`check_coo` and :func:`check_reduce` check the rest of the COO input;
- :func:`coo_to_csr` drops self-loops, symmetrises, sorts and merges repeated entries into the
  CSR arrays that satisfy the ``Graph`` invariants;
- :func:`check_csr` verifies those invariants on CSR arrays given directly;
- :func:`check_id_space` refuses, before anything is allocated, a node-id space that would not fit
  in memory (a stray id such as ``10**12`` in an edge list).
"""

from __future__ import annotations

import os
from typing import Any, Literal

import numpy as np
import torch

from .errors import InputError

__all__ = [
    "REDUCERS",
    "Reduce",
    "as_numpy",
    "check_coo",
    "check_csr",
    "check_id_space",
    "check_ids",
    "check_reduce",
    "check_weight",
    "coo_to_csr",
    "reduce_sorted",
]

Reduce = Literal["max", "min", "sum", "mean", "first"]
REDUCERS = ("max", "min", "sum", "mean", "first")


def as_numpy(x: Any, name: str) -> np.ndarray:
    """``x`` as a numpy array (a torch tensor is detached and moved to the CPU)."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def check_ids(ids: np.ndarray, name: str, num_nodes: int | None) -> np.ndarray:
    """Node ids as int64, checked to be integers in ``0 .. num_nodes - 1``.

    Raises
    ------
    InputError
        On a non-integer dtype (with a hint when the floats are whole numbers), a negative id or
        an id ``>= num_nodes``; the message names ``name`` and the first position at fault.
    """
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


def check_weight(weight: Any, n: int, allow_negative: bool) -> np.ndarray:
    """Edge weights as a float array of shape [n], checked to be finite (and non-negative).

    Raises
    ------
    InputError
        On a wrong shape, a non-numeric dtype, NaN or infinity, or (unless ``allow_negative``)
        a negative weight.
    """
    w = as_numpy(weight, "edge_weight")
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


def reduce_sorted(values: np.ndarray, starts: np.ndarray, how: str) -> np.ndarray:
    """Merge the runs of ``values`` that begin at ``starts`` with one of :data:`REDUCERS`."""
    if starts.shape[0] == 0:  # no entries: ``reduceat`` refuses empty input
        return values[:0]
    if how == "first":
        return values[starts]
    if how == "mean":
        counts = np.diff(np.append(starts, values.shape[0]))
        return np.add.reduceat(values, starts) / counts
    ufunc = {"max": np.maximum, "min": np.minimum, "sum": np.add}[how]
    return ufunc.reduceat(values, starts)


#: Bytes a graph needs per node however few edges it has: the int64 row offsets (``indptr``)
#: and the int64 row counts of the CSR build.
BYTES_PER_NODE = 16

#: An id space this many times larger than the endpoints given is "sparse" (mostly unused ids).
SPARSE_ID_FACTOR = 16


def _fmt_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover


def _physical_memory() -> int | None:
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def check_id_space(
    num_nodes: int, num_endpoints: int, *, inferred: bool, memory_budget: Any = None
) -> str | None:
    """Why a graph of ``num_nodes`` nodes must not be built, or ``None`` if it may.

    Every node costs :data:`BYTES_PER_NODE` bytes (its CSR row offset and row count) even when no
    edge touches it, so one stray large id (``10**12``) would make numpy try to allocate
    terabytes. The rule, checked before anything is allocated:

    - an inferred node count (``max id + 1``) is refused when the ids are sparse (``num_nodes >
      SPARSE_ID_FACTOR * num_endpoints``, so most ids are unused) **and** the per-node arrays
      exceed the memory budget (``$GRAPHLAB_MEMORY_BUDGET``, 1 GiB by default): such ids need
      renumbering, not a graph of empty nodes;
    - any node count whose per-node arrays exceed this machine's physical memory is refused.

    Parameters
    ----------
    num_nodes : int
        Nodes the graph would have.
    num_endpoints : int
        Endpoint ids given (twice the number of edges): an upper bound of the distinct ids.
    inferred : bool
        ``num_nodes`` is ``max id + 1`` rather than asked for.
    memory_budget : int or str, optional
        The budget of :func:`graphlab.validation.check_memory_budget`.

    Returns
    -------
    str or None
        The reason (for a message that adds where the id was found), or ``None``.

    Examples
    --------
    >>> print(check_id_space(10**12 + 1, 4, inferred=True))
    implies 1,000,000,000,001 nodes for at most 4 distinct ids: ... need 14.6 TiB, more than the
    memory budget (1.0 GiB); renumber the ids to 0..n-1 (e.g. with pandas.factorize)
    >>> check_id_space(4267, 2_135_822, inferred=True) is None
    True
    """
    from .validation import check_memory_budget

    need = (num_nodes + 1) * BYTES_PER_NODE
    ram = _physical_memory()
    sparse = num_nodes > SPARSE_ID_FACTOR * max(num_endpoints, 1)
    if inferred and sparse:
        budget = check_memory_budget(memory_budget)
        if need > budget:
            return (
                f"implies {num_nodes:,} nodes for at most {num_endpoints:,} distinct ids: the node "
                f"arrays alone would need {_fmt_bytes(need)}, more than the memory budget "
                f"({_fmt_bytes(budget)}); renumber the ids to 0..n-1 (e.g. with pandas.factorize)"
            )
    if ram is not None and need > ram:
        return (
            f"would need {_fmt_bytes(need)} for the node arrays of {num_nodes:,} nodes alone, "
            f"more than this machine's memory ({_fmt_bytes(ram)})"
            + ("; renumber the ids to 0..n-1 (e.g. with pandas.factorize)" if sparse else "")
        )
    return None


def check_coo(
    row: Any, col: Any, num_nodes: int | None, name: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Checked int64 ``(row, col, num_nodes)`` from parallel arrays of endpoint ids.

    ``num_nodes`` is inferred as ``max id + 1`` (0 for no edges) when ``None``.

    Raises
    ------
    InputError
        If the arrays are not 1-D of one length, ``num_nodes`` is not a non-negative integer,
        or an id is not an integer in ``0 .. num_nodes - 1`` (the message names ``name``).
    """
    r = as_numpy(row, name)
    c = as_numpy(col, name)
    if r.ndim != 1 or c.ndim != 1 or r.shape[0] != c.shape[0]:
        raise InputError(
            f"{name}: source and target arrays must be 1-D of one length, "
            f"got shapes {list(r.shape)} and {list(c.shape)}"
        )
    if num_nodes is not None:
        if int(num_nodes) != num_nodes or num_nodes < 0:
            raise InputError(f"num_nodes must be a non-negative integer, got {num_nodes!r}")
        num_nodes = int(num_nodes)
    r = check_ids(r, f"{name}[0]", num_nodes)
    c = check_ids(c, f"{name}[1]", num_nodes)
    inferred = num_nodes is None
    if num_nodes is None:
        num_nodes = int(max(r.max(initial=-1), c.max(initial=-1))) + 1
    problem = check_id_space(num_nodes, r.size + c.size, inferred=inferred)
    if problem is not None:
        if inferred:
            where, ids = (f"{name}[0]", r) if r.max() >= c.max() else (f"{name}[1]", c)
            pos = int(np.argmax(ids))
            raise InputError(
                f"{where} holds node id {int(ids[pos])} at position {pos}, which {problem}"
            )
        raise InputError(f"num_nodes={num_nodes:,} {problem}")
    return r, c, num_nodes


def check_reduce(reduce: str) -> None:
    """Raise :class:`~graphlab.errors.InputError` unless ``reduce`` is one of :data:`REDUCERS`."""
    if reduce not in REDUCERS:
        raise InputError(f"reduce must be one of {REDUCERS}, got {reduce!r}")


def coo_to_csr(
    r: np.ndarray,
    c: np.ndarray,
    num_nodes: int,
    w: np.ndarray | None,
    *,
    directed: bool,
    self_loops: bool,
    reduce: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """CSR ``(indptr, indices, weight)`` satisfying the ``Graph`` invariants from checked COO.

    Self-loops are dropped unless ``self_loops``; undirected input is symmetrised; rows are
    sorted and repeated entries merged, their weights with ``reduce`` (see
    :meth:`graphlab.graph.Graph.from_coo`). The inputs come from :func:`check_coo` and
    :func:`check_weight`.

    Examples
    --------
    >>> r, c, n = check_coo([0, 1, 1], [1, 0, 2], None, "edge_index")
    >>> indptr, indices, w = coo_to_csr(r, c, n, None, directed=False, self_loops=False,
    ...                                 reduce="max")
    >>> indptr.tolist(), indices.tolist(), w
    ([0, 1, 3, 4], [1, 0, 2, 1], None)
    """
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
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if keys.size else keys[:0]
        w = reduce_sorted(w, starts, reduce)
        keys = keys[starts]
    rows, cols = np.divmod(keys, n)
    indptr = np.zeros(num_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=num_nodes), out=indptr[1:])
    return indptr, cols, w


def check_csr(ip: np.ndarray, ix: np.ndarray, w: np.ndarray | None, n: int, directed: bool) -> None:
    """Check the ``Graph`` invariants on int64 CSR arrays (cost O(nnz)).

    Raises
    ------
    InputError
        If ``indptr`` is malformed, an index is out of range, a row is not strictly increasing,
        the weights have the wrong shape or are not finite, or an undirected adjacency (or its
        weights) is not symmetric.
    """
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

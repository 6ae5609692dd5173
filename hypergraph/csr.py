"""Array-level work on CSR families of node sets, the storage of a ``Hypergraph``.

A family of ``m`` node sets on ``n`` nodes is a pair of int64 arrays: ``edge_ptr`` (``[m + 1]``)
and ``edge_nodes`` (``[nnz]``), set ``e`` being ``edge_nodes[edge_ptr[e]:edge_ptr[e + 1]]``.
The functions here check and normalise such arrays, build them from other input and number
their distinct sets. They know nothing of the :class:`~hypergraph.core.Hypergraph` class, so
:mod:`hypergraph.core` builds on them without an import cycle (the layer test counts deferred
imports too).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch

from graphlab.errors import InputError

__all__ = [
    "as_int_array",
    "check_family",
    "edge_group_ids",
    "family_from_edges",
    "family_from_incidence",
    "normalise_family",
    "readonly",
]


def readonly(a: np.ndarray) -> np.ndarray:
    """``a`` itself, marked read-only."""
    a.flags.writeable = False
    return a


def as_int_array(x: Any, name: str) -> np.ndarray:
    """``x`` as an int64 array (an empty input of any dtype is fine).

    Raises
    ------
    InputError
        If ``x`` holds booleans or non-integers; the message names ``name``.
    """
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


def check_family(ptr: np.ndarray, nodes: np.ndarray, n: int) -> None:
    """Check that int64 CSR arrays hold sorted, distinct members in ``0 .. n - 1``.

    Raises
    ------
    InputError
        If ``ptr`` is malformed, an id is out of range, or a set is not strictly increasing.
    """
    if ptr[0] != 0 or ptr[-1] != nodes.shape[0] or (np.diff(ptr) < 0).any():
        raise InputError("edge_ptr must start at 0, not decrease and end at len(edge_nodes)")
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


def normalise_family(
    edge_ptr: Any, edge_nodes: Any, num_nodes: int | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """``(edge_ptr, edge_nodes, n)`` with each set's members sorted and repeats dropped.

    ``n`` is ``num_nodes``, or ``max id + 1`` when that is ``None``.

    Raises
    ------
    InputError
        On negative or out-of-range ids or inconsistent pointers.
    """
    ptr = as_int_array(edge_ptr, "edge_ptr")
    nodes = as_int_array(edge_nodes, "edge_nodes")
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
    return new_ptr, nodes, n


def family_from_edges(edges: Iterable[Iterable[int]]) -> tuple[np.ndarray, np.ndarray]:
    """CSR ``(edge_ptr, edge_nodes)`` of node-id collections, as given (not yet normalised).

    Raises
    ------
    InputError
        If a member is not an integer node id (booleans are not).
    """
    sets = [list(e) for e in edges]
    sizes = np.fromiter((len(e) for e in sets), dtype=np.int64, count=len(sets))
    ptr = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    flat = [v for e in sets for v in e]
    if any(isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) for v in flat):
        bad = next(
            v
            for v in flat
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer))
        )
        raise InputError(f"hyperedge members must be integer node ids, got {bad!r}")
    return ptr, np.asarray(flat, dtype=np.int64)


def family_from_incidence(incidence: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """``(edge_ptr, edge_nodes, n)`` of a node-by-set incidence matrix (dense or sparse).

    Stored zeros are not incidences; values other than 0 count as 1.
    """
    if not sp.issparse(incidence):
        incidence = sp.csr_array(np.asarray(incidence))
    csc = sp.csc_array(incidence)
    csc.eliminate_zeros()
    csc.sort_indices()
    return csc.indptr.astype(np.int64), csc.indices.astype(np.int64), csc.shape[0]

"""Sparse kernels that never hold a ``|V| x |V|`` product whole.

Every node and edge statistic of graphlab rests on these, one concern per module:

* :mod:`~graphlab.kernels.blocks`: :func:`row_blocks` splits rows into contiguous blocks whose
  estimated working memory fits a byte budget (the estimate comes from
  :func:`product_row_nnz_bound`); :func:`blockwise` runs a function over those blocks and
  concatenates the per-row results in node order.
* :mod:`~graphlab.kernels.products`: :func:`masked_product`, the values of ``A @ B`` only at the
  stored entries of a mask.
* :mod:`~graphlab.kernels.intersections`: :func:`common_neighbor_counts` (``A^2`` at ``A``'s
  entries: triangles through each edge), :func:`pair_intersections` (common neighbours of given
  pairs), :func:`reverse_entry_index`.
* :mod:`~graphlab.kernels.triangles`: :func:`node_triangles` (triangles through every node by
  the forward algorithm on a degree-ordered orientation, :func:`oriented_csr`).
* :mod:`~graphlab.kernels.bitsets`: neighbour sets as bitsets (:func:`bitset_common_neighbors`)
  and the :func:`popcount64` numba intrinsic.
* :mod:`~graphlab.kernels.walks` and :mod:`~graphlab.kernels.walk_sparse`:
  :func:`walk_presence_rowsums`, walk counts times presence summed over mask entries (exact TC).

All matrices are scipy CSR arrays with sorted indices (:meth:`graphlab.Graph.to_scipy` is one).
Every kernel whose working memory grows with the graph takes ``memory_budget``: bytes or a text
such as ``512M`` / ``2G``, defaulting to ``$GRAPHLAB_MEMORY_BUDGET`` (same forms) or 1 GiB
(:func:`graphlab.validation.check_memory_budget`).
"""

from ..validation import DEFAULT_MEMORY_BUDGET
from .bitsets import bitset_common_neighbor_bytes, bitset_common_neighbors, popcount64
from .blocks import BYTES_PER_PRODUCT_ENTRY, blockwise, product_row_nnz_bound, row_blocks
from .intersections import common_neighbor_counts, pair_intersections, reverse_entry_index
from .products import masked_product
from .triangles import node_triangles, oriented_csr
from .walk_sparse import WalkCostError, WalkPlan, max_walk_steps
from .walks import DENSE_MIN_DENSITY, walk_presence_rowsums

__all__ = [
    "BYTES_PER_PRODUCT_ENTRY",
    "DEFAULT_MEMORY_BUDGET",
    "DENSE_MIN_DENSITY",
    "WalkCostError",
    "WalkPlan",
    "bitset_common_neighbor_bytes",
    "bitset_common_neighbors",
    "blockwise",
    "common_neighbor_counts",
    "masked_product",
    "max_walk_steps",
    "node_triangles",
    "oriented_csr",
    "pair_intersections",
    "popcount64",
    "product_row_nnz_bound",
    "reverse_entry_index",
    "row_blocks",
    "walk_presence_rowsums",
]

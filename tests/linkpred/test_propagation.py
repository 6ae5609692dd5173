import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import Graph
from linkpred.propagation import MessageGraph


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 25), st.integers(0, 2**32 - 1), st.booleans(), st.sampled_from(["gcn", "sage"])
)
def test_entries_are_the_graph_plus_one_loop_per_node_in_csr_order(n, seed, loops, norm):
    rng = np.random.default_rng(seed)
    g = Graph.from_edge_index(rng.integers(0, n, (2, 3 * n)), n, self_loops=loops)
    mg = MessageGraph(g, norm)
    rows, cols = g.row_np(), g.indices_np
    off = rows != cols
    r = np.concatenate([rows[off], np.arange(n)])
    c = np.concatenate([cols[off], np.arange(n)])
    order = np.lexsort((c, r))
    np.testing.assert_array_equal(mg.row.numpy(), r[order])
    np.testing.assert_array_equal(mg.col.numpy(), c[order])
    # base weights: GCN symmetric normalisation or SAGE row means, over d + 1
    d_hat = np.bincount(rows[off], minlength=n) + 1.0
    expected = (
        1 / np.sqrt(d_hat[r[order]] * d_hat[c[order]]) if norm == "gcn" else 1 / d_hat[r[order]]
    )
    np.testing.assert_allclose(mg.w0.numpy(), expected, rtol=1e-6)

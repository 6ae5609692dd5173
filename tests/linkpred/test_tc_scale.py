"""TC on generated heavy-tailed graphs: the fast K = 1 path, and K >= 2 refused up front."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from graphlab.cli import main
from graphlab.generators import hyperbolic_graph
from graphlab.kernels import WalkCostError
from linkpred.tc import topological_concentration, topological_concentrations


def test_k1_train_on_a_hyperbolic_graph_is_networkx_clustering():
    g = hyperbolic_graph(3000, 12.0, seed=11)
    cc = nx.clustering(g.to_networkx())
    assert np.allclose(topological_concentration(g), [cc[v] for v in range(g.num_nodes)])


def test_k2_on_a_hyperbolic_graph_sparse_and_dense_agree():
    g = hyperbolic_graph(600, 8.0, seed=4)
    sparse = topological_concentration(g, hops=2, method="sparse")
    dense = topological_concentration(g, hops=2, method="dense")
    assert np.allclose(sparse, dense, rtol=1e-12, atol=1e-12)


def test_refusal_comes_before_any_walk_and_names_the_cost():
    g = hyperbolic_graph(2000, 10.0, seed=0)
    with pytest.raises(WalkCostError, match=r"about [0-9.e+]+ walk steps on 2,000 nodes"):
        topological_concentrations(g, {"test": [[0, 1]]}, hops=3, max_steps=1e4)
    # an unlimited run gives numbers
    assert topological_concentration(g, hops=2, max_steps=float("inf")).shape == (2000,)


def test_cli_refuses_with_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRAPHLAB_MAX_WALK_STEPS", "10")
    edges = tmp_path / "g.csv"
    # a ring of 300 nodes: sparse enough (density < 1%) for the sparse kernel, the guarded one
    edges.write_text("source,target\n" + "".join(f"{v},{(v + 1) % 300}\n" for v in range(300)))
    out = tmp_path / "tc.csv"
    assert main(["tc", str(edges), "--hops", "3", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("graphlab tc: error: exact K=3 walks refused")
    assert err.count("\n") == 1 and "GRAPHLAB_MAX_WALK_STEPS" in err
    assert not out.exists()
    assert main(["tc", str(edges), "--hops", "1", "--out", str(out)]) == 0  # K=1: no walks

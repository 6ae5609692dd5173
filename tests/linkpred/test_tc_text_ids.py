"""TC of a graph read from an edge list of names equals TC of the same file renumbered to
integers, node by node through the renaming (hypothesis), queries given by name included."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graphlab.readwrite import map_ids, read_edge_list, read_pairs
from linkpred.tc import tc_frame

PAIRS = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), min_size=1, max_size=30)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edges=PAIRS, queries=PAIRS, perm_seed=st.integers(0, 2**32 - 1), hops=st.integers(1, 2))
def test_tc_by_name_equals_tc_by_integer_id(tmp_path, edges, queries, perm_seed, hops):
    assume(any(u != v for u, v in edges))  # TC needs a training edge
    rng = np.random.default_rng(perm_seed)
    names = np.array([f"{w}-{i}" for i, w in enumerate(rng.permutation(list("abcdefghijkl")))])
    files = {}
    for kind, rows in (("e", edges), ("q", queries)):
        for ids, tag in ((None, "i"), (names, "n")):
            f = tmp_path / f"{kind}{tag}.csv"
            f.write_text("u,v\n" + "".join(
                f"{u},{v}\n" if ids is None else f"{ids[u]},{ids[v]}\n" for u, v in rows
            ))  # fmt: skip
            files[kind + tag] = f
    gi, gn = (read_edge_list(files[k], relabel=True) for k in ("ei", "en"))
    known = set(np.array(edges).ravel().tolist())
    queries = [q for q in queries if q[0] in known and q[1] in known] or None
    frames = []
    for g, tag in ((gi, "i"), (gn, "n")):
        q = None
        if queries:
            f = files["q" + tag]
            f.write_text("u,v\n" + "".join(
                f"{u},{v}\n" if tag == "i" else f"{names[u]},{names[v]}\n" for u, v in queries
            ))  # fmt: skip
            q = {"query": map_ids(read_pairs(f), g.node_ids, g.num_nodes, "g")}
        frames.append(tc_frame(g, q, hops=hops))
    fi, fn = frames
    fi["node"] = names[fi["node"].to_numpy(dtype=np.int64)]
    assert fn["node"].tolist() == sorted(fn["node"].tolist())  # names, sorted
    pd.testing.assert_frame_equal(
        fn.set_index("node").sort_index(), fi.set_index("node").sort_index(), rtol=1e-12
    )  # node order differs between the two graphs: sums may round differently

"""
Topological concentration of an OGB link dataset
================================================

Exact TC at K = 1 and K = 2 and its approximation ATC for the train, valid and test neighbour
sets of every node of ``ogbl-ddi`` (Wang et al., ICLR 2024, arXiv:2310.04612), written as one
Parquet table (``node``, ``degree``, ``tc_k1_train``, ``tc_k1_valid``, ..., ``atc_k2_test``) and
a figure with the distribution of each measure per split, over the nodes the split gives
neighbours to. The paper's *topological distribution shift* shows as test neighbours that
concentrate less on a node's training neighbourhood than its training neighbours do.

Run it as a script:

.. code-block:: bash

    python examples/compute_tc.py                       # ogbl-ddi, K = 1 and 2, ATC at K = 2
    python examples/compute_tc.py ogbl-collab           # where it can be downloaded
    python examples/compute_tc.py ogbl-ddi --hops 1 2 3 --atc-hops 3 --out-dir tc-out

The command line does the same per measure: ``graphlab tc ogbl-ddi --hops 2 --out tc.parquet``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import graphlab as gl
from graphlab.datasets import LinkDataset
from graphlab.fileio import save_figure, write_table
from linkpred.tc import tc_frame

parser = argparse.ArgumentParser(description="Topological concentration of an OGB link dataset.")
parser.add_argument("dataset", nargs="?", default="ogbl-ddi")
parser.add_argument("--hops", type=int, nargs="+", default=[1, 2])
parser.add_argument("--atc-hops", type=int, default=2)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--out-dir", default="tc-output")
args = parser.parse_args()
SPLITS = ("train", "valid", "test")

# %%
# Load the dataset
# ----------------
# A link dataset is the training graph plus OGB's valid and test splits. TC walks on the
# training graph only; the valid and test edges say which neighbours a node gains later.
try:
    ds = gl.load_dataset(args.dataset, LinkDataset)  # a clear error for other kinds
except gl.GraphlabError as err:
    print(f"error: {err}", file=sys.stderr)
    sys.exit(2)
graph = ds.graph
queries = {s: ds.split[s]["edge"] for s in ("valid", "test") if "edge" in ds.split.get(s, {})}
print(
    f"{args.dataset}: {graph.num_nodes:,} nodes, {graph.num_edges:,} training edges, "
    + ", ".join(f"{len(e):,} {s} edges" for s, e in queries.items())
)

# %%
# Exact TC per split, then ATC
# ----------------------------
# :func:`linkpred.tc.tc_frame` gives one row per node and one column per split. Exact TC at
# K hops counts walks in row blocks of the adjacency; ATC propagates random features instead
# and compares the neighbours' embeddings, linear in the number of edges at any K.
frame = None
for k in args.hops:
    t0 = time.perf_counter()
    part = tc_frame(graph, queries, hops=k)
    print(f"exact TC, K = {k}: {time.perf_counter() - t0:.2f} s")
    part = part.rename(columns={f"tc_{s}": f"tc_k{k}_{s}" for s in SPLITS})
    frame = part if frame is None else frame.join(part.drop(columns=["node", "degree"]))
assert frame is not None
t0 = time.perf_counter()
part = tc_frame(graph, queries, hops=args.atc_hops, approx=True, seed=args.seed)
print(f"ATC, K = {args.atc_hops}, d = 64: {time.perf_counter() - t0:.2f} s")
part = part.rename(columns={f"atc_{s}": f"atc_k{args.atc_hops}_{s}" for s in SPLITS})
frame = frame.join(part.drop(columns=["node", "degree"]))
frame.head()

# %%
# The topological distribution shift
# ----------------------------------
# Means are over the nodes the split gives neighbours to (training TC is defined from
# degree 2 on). Lower test than training means: the neighbours a node gains later are less
# connected to the neighbours it already has.
splits = [s for s in SPLITS if s == "train" or s in queries]
has = {"train": frame["degree"].to_numpy() > 1}
for s, edges in queries.items():
    has[s] = np.bincount(np.asarray(edges).ravel(), minlength=graph.num_nodes) > 0
measures = [f"tc_k{k}" for k in args.hops] + [f"atc_k{args.atc_hops}"]
for m in measures:
    means = ", ".join(f"{s} {frame.loc[has[s], f'{m}_{s}'].mean():.4f}" for s in splits)
    print(f"mean {m}: {means}")

# %%
# Distribution of each measure per split
# --------------------------------------
fig, axes = plt.subplots(1, len(measures), figsize=(4.2 * len(measures), 3.4), squeeze=False)
bins = np.linspace(0, 1, 41)
for ax, measure in zip(axes[0], measures):
    for s in splits:
        values = frame.loc[has[s], f"{measure}_{s}"]
        ax.hist(
            values,
            bins=bins,
            histtype="step",
            density=True,
            linewidth=1.5,
            label=f"{s} (mean {values.mean():.3f}, {len(values):,} nodes)",
        )
    ax.set_title(measure.replace("_k", ", K = ").upper().replace("K =", "K ="))
    ax.set_xlabel("value")
    ax.legend(fontsize=7)
axes[0][0].set_ylabel("density")
fig.suptitle(f"Topological concentration per split, {args.dataset}")
fig.tight_layout()

# %%
# Write the table and the figure
# ------------------------------
# Both are written atomically (a temporary file renamed into place).
out = Path(args.out_dir)
out.mkdir(parents=True, exist_ok=True)
table = out / f"{args.dataset}-tc.parquet"
write_table(frame, table)
png = out / f"{args.dataset}-tc.png"
save_figure(fig, png)  # closes the figure
print(f"wrote {table} and {png}")

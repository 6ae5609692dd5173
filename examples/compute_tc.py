"""Topological concentration of every node of an OGB link dataset, per split, with a plot.

Computes exact TC (K = 1 and K = 2 by default) and ATC for the train, valid and test neighbour
sets of every node (Wang et al., ICLR 2024, arXiv:2310.04612), writes one Parquet table
(``node``, ``degree``, ``tc_k1_train``, ``tc_k1_valid``, ..., ``atc_k2_test``) and a PNG with
the distribution of each measure per split, over the nodes the split gives neighbours to. The
paper's "topological distribution shift" shows as test neighbours concentrating less than
training ones.

Usage::

    python examples/compute_tc.py                       # ogbl-ddi, here
    python examples/compute_tc.py ogbl-collab           # where it can be downloaded
    python examples/compute_tc.py ogbl-ddi --hops 1 2 3 --atc-hops 3 --out-dir tc-out
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import graphlab as gl
from graphlab.datasets import LinkDataset
from graphlab.errors import GraphlabError
from graphlab.fileio import save_figure, write_table
from linkpred.tc import tc_frame

SPLITS = ("train", "valid", "test")


def compute(dataset: str, hops: list[int], atc_hops: int, seed: int):
    ds = gl.load_dataset(dataset, LinkDataset)  # a clear error for other kinds
    queries = {s: ds.split[s]["edge"] for s in ("valid", "test") if "edge" in ds.split.get(s, {})}
    graph = ds.graph
    print(
        f"{dataset}: {graph.num_nodes:,} nodes, {graph.num_edges:,} training edges, "
        + ", ".join(f"{len(e):,} {s} edges" for s, e in queries.items())
    )
    frame = None
    for k in hops:
        t0 = time.perf_counter()
        part = tc_frame(graph, queries, hops=k)
        print(f"  exact TC, K = {k}: {time.perf_counter() - t0:.2f} s")
        part = part.rename(columns={f"tc_{s}": f"tc_k{k}_{s}" for s in SPLITS})
        frame = part if frame is None else frame.join(part.drop(columns=["node", "degree"]))
    t0 = time.perf_counter()
    part = tc_frame(graph, queries, hops=atc_hops, approx=True, seed=seed)
    print(f"  ATC, K = {atc_hops}, d = 64: {time.perf_counter() - t0:.2f} s")
    part = part.rename(columns={f"atc_{s}": f"atc_k{atc_hops}_{s}" for s in SPLITS})
    frame = frame.join(part.drop(columns=["node", "degree"]))
    # which nodes each split gives neighbours to (for the plot and the means)
    for s, edges in queries.items():
        counts = np.bincount(np.asarray(edges).ravel(), minlength=graph.num_nodes)
        frame[f"has_{s}"] = counts > 0
    frame["has_train"] = frame["degree"] > 1
    return frame, [s for s in SPLITS if s == "train" or s in queries]


def plot(frame, splits: list[str], measures: list[str], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(measures), figsize=(4.2 * len(measures), 3.4), squeeze=False)
    bins = np.linspace(0, 1, 41)
    for ax, measure in zip(axes[0], measures):
        for s in splits:
            values = frame.loc[frame[f"has_{s}"], f"{measure}_{s}"]
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
    fig.suptitle(title)
    fig.tight_layout()
    save_figure(fig, path)  # atomic, with the mode open() gives; closes the figure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", default="ogbl-ddi")
    parser.add_argument("--hops", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--atc-hops", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", default="tc-output")
    args = parser.parse_args()
    try:
        frame, splits = compute(args.dataset, args.hops, args.atc_hops, args.seed)
    except GraphlabError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = out / f"{args.dataset}-tc.parquet"
    write_table(frame.drop(columns=[c for c in frame.columns if c.startswith("has_")]), table)
    measures = [f"tc_k{k}" for k in args.hops] + [f"atc_k{args.atc_hops}"]
    png = out / f"{args.dataset}-tc.png"
    plot(frame, splits, measures, png, f"Topological concentration per split, {args.dataset}")
    for m in measures:
        means = ", ".join(
            f"{s} {frame.loc[frame[f'has_{s}'], f'{m}_{s}'].mean():.4f}" for s in splits
        )
        print(f"  mean {m} over nodes with neighbours in the split: {means}")
    print(f"wrote {table} and {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

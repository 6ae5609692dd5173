"""What topological concentration explains: train a GCN on Cora, evaluate it per node, correlate.

Usage::

    GRAPHLAB_DATA=../shared/datasets python examples/tc_analysis.py [--out runs/cora_gcn]

Trains one run, ranks all nodes for every node with test edges, correlates per-node Hits@100
with TC / ATC / degree / ego density, draws performance per TC and per degree bin, and measures
the topological distribution shift on Cora's split and per period on email-Enron's projection.
Same as ``graphlab train cora --out RUN_DIR && graphlab analyze RUN_DIR && graphlab shift ...``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from graphlab.datasets import as_timestamped_graph, load_dataset
from linkpred.analysis import analyze_run
from linkpred.data import load_link_data
from linkpred.shift import plot_period_shift, split_shift, timestamped_shift
from linkpred.train import TrainConfig, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="run directory (default: a temporary one)")
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="graphlab_tc_"))

    train(TrainConfig.for_dataset("cora", model="gcn", epochs=args.epochs, eval_every=5), out=out)
    summary = analyze_run(out)
    means = ", ".join(f"{m} {v:.4g}" for m, v in summary["mean"].items())
    print(f"{summary['nodes_evaluated']} nodes evaluated; mean {means}")
    for feature, r in summary["pearson_hits@100"].items():
        print(f"  Pearson r(hits@100, {feature}) = {r:+.3f}")
    for metric, r in summary["tc_degree_pearson"].items():
        print(f"  Pearson r(TC, degree) for {metric}: {r:+.3f}")
    split = split_shift(load_link_data("cora", split_seed=0))
    print(
        f"cora split: mean TC train {split['tc_train']:.3f}, valid {split['tc_valid']:.3f}, "
        f"test {split['tc_test']:.3f}"
    )
    # a timestamped hypergraph: its projection with first meeting times (the hypergraph
    # package registers that conversion)
    enron = timestamped_shift(as_timestamped_graph(load_dataset("email-Enron")), periods=8)
    plot = plot_period_shift(enron, out / "email-Enron_shift.png", "email-Enron")
    print(
        f"email-Enron: TC of newly joined neighbours {enron['tc_new'].mean():.3f} vs existing "
        f"{enron['tc_train'].mean():.3f}; plot {plot}"
    )


if __name__ == "__main__":
    main()

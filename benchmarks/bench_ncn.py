"""NCN / NCNC: reproduction runs on Planetoid and the speed of the common-neighbour sum.

``python benchmarks/bench_ncn.py speed``
    :func:`linkpred.ncn.cn_sum` against a torch sparse reference, :math:`(A_S \\odot A_D) H`
    built as sparse row selections and a sparse product, on Cora's graph; ratio and peak memory.

``python benchmarks/bench_ncn.py runs --dataset cora --model ncn --seeds 0 1 2 --csv FILE``
    Train under the released code's protocol (``GraphPKU/NeuralCommonNeighbor``: a fresh
    NCNC-style 70/10/20 split per run, seed = run, :func:`linkpred.splits.ncnc_link_split`; raw
    features; the hyperparameters of its README's commands, :data:`linkpred.ncn.NCN_PRESETS`
    and :data:`linkpred.ncn.NCN_TRAIN`; 100 epochs, selection on validation Hits@100) and
    append one CSV row per run (valid / test Hits@100, best epoch, seconds, machine load).
    ``--eval heart`` selects on HeaRT validation MRR and adds the HeaRT test metrics
    (:mod:`linkpred.heart`); ``--model gcn`` / ``sage`` train those encoders with the HeaRT
    paper's Cora settings for the HeaRT table.

``python benchmarks/bench_ncn.py table --csv FILE``
    Mean ± std and the number of seeds per setting of such a CSV.

Run single-threaded (``OMP_NUM_THREADS=1``): the machine's cores are shared.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import measure


def _load(name: str) -> Any:
    from graphlab.datasets import load_dataset
    from graphlab.records import GraphDataset

    return load_dataset(name, GraphDataset)


def speed() -> None:
    from linkpred.ncn import Pattern, cn_sum
    from linkpred.propagation import MessageGraph

    ds = _load("cora")
    mg = MessageGraph(ds.graph, "gcn")
    adj = mg.adj_t()
    pattern = Pattern.from_adj_t(adj)
    gen = torch.Generator().manual_seed(0)
    n = ds.graph.num_nodes
    src = torch.randint(0, n, (65536,), generator=gen)
    dst = torch.randint(0, n, (65536,), generator=gen)
    h = torch.randn(n, 256, generator=gen)
    a = torch.sparse_coo_tensor(
        torch.stack([pattern.crow.new_tensor(np.repeat(np.arange(n), pattern.degree().numpy())),
                     pattern.col]),
        torch.ones(pattern.col.numel()), (n, n),
    ).coalesce()  # fmt: skip

    def ours() -> Tensor:
        return cn_sum(pattern, h, src, dst)

    def reference() -> Tensor:
        # rows of A picked by a sparse selection matrix, multiplied entrywise, then times H
        sel = lambda idx: torch.sparse_coo_tensor(  # noqa: E731
            torch.stack([torch.arange(idx.numel()), idx]), torch.ones(idx.numel()),
            (idx.numel(), n),
        )  # fmt: skip
        both = torch.sparse.mm(sel(src), a) * torch.sparse.mm(sel(dst), a)
        return torch.sparse.mm(both.coalesce(), h)

    assert torch.allclose(ours(), reference(), atol=1e-4)
    # the children hand back a checksum, not the [65536, 256] result
    r_ours = measure(lambda: float(ours().sum()))
    r_ref = measure(lambda: float(reference().sum()))
    for r in (r_ours, r_ref):
        if r["error"]:
            raise SystemExit(r["error"])
    print(f"load {os.getloadavg()[0]:.2f}")
    t_ours, t_ref = r_ours["seconds"], r_ref["seconds"]
    m_ours, m_ref = r_ours["peak_bytes"] / 2**20, r_ref["peak_bytes"] / 2**20
    print(
        f"cn_sum 65536 pairs x 256 channels on cora: ours {t_ours:.3f} s (peak {m_ours:.0f} "
        f"MiB), torch sparse reference {t_ref:.3f} s (peak {m_ref:.0f} MiB), ratio "
        f"{t_ours / t_ref:.2f}"
    )


#: HeaRT's hyperparameters for GCN and SAGE (scripts/hyperparameters/HeaRT_small/*.sh):
#: learning rate, dropout, width, encoder depth, predictor depth; batch 1024, evaluation every 5
#: epochs, stop after 10 evaluations without a better validation MRR.
HEART_GNN = {
    ("cora", "gcn"): {"lr": 0.001, "dropout": 0.5, "hidden": 256, "decoder_layers": 3},
    ("cora", "sage"): {"lr": 0.01, "dropout": 0.1, "hidden": 128, "decoder_layers": 3},
    ("citeseer", "gcn"): {"lr": 0.01, "dropout": 0.5, "hidden": 256, "decoder_layers": 2},
    ("citeseer", "sage"): {"lr": 0.001, "dropout": 0.1, "hidden": 256, "decoder_layers": 2},
    ("pubmed", "gcn"): {"lr": 0.01, "dropout": 0.3, "hidden": 256, "decoder_layers": 2},
    ("pubmed", "sage"): {"lr": 0.001, "dropout": 0.1, "hidden": 256, "decoder_layers": 3,
                         "num_layers": 2},
}  # fmt: skip


def runs(args: argparse.Namespace) -> None:
    from linkpred.config import TrainConfig
    from linkpred.data import from_split
    from linkpred.ncn import NCN_TRAIN
    from linkpred.splits import ncnc_link_split
    from linkpred.trainer import Trainer

    torch.set_num_threads(1)
    if args.gnndp is not None:
        from linkpred.ncn import NCN_PRESETS

        NCN_PRESETS[args.dataset] = NCN_PRESETS[args.dataset].replace(gnn_dropout=args.gnndp)
    ds = _load(args.dataset)
    out = Path(args.csv)
    for seed in args.seeds:
        split = ncnc_link_split(ds.graph, seed=seed)
        data = from_split(args.dataset, ds.graph.num_nodes, split, ds.x, 100)
        if args.model in ("ncn", "ncnc"):
            settings: dict[str, Any] = dict(NCN_TRAIN[args.dataset])
        else:
            settings = {"num_layers": 1, "epochs": 500, "patience": 50, "batch_size": 1024,
                        "dropout": 0.0,
                        "grad_clip": 1e9,
                        **HEART_GNN.get((args.dataset, args.model), HEART_GNN["cora", "gcn"]),
                        }  # fmt: skip
        if args.epochs:
            settings["epochs"] = args.epochs
        if args.eval == "heart":  # HeaRT's evaluation steps (every 5 epochs) and kill count
            settings.update(eval_every=5, patience=min(settings.get("patience", 50) or 50, 50))
        extra: dict[str, Any] = {"evaluation": "heart"} if args.eval == "heart" else {}
        if args.reweight:
            extra.update(reweight_mode=args.reweight_mode, alpha=args.alpha,
                         interval=args.interval, warmup=args.warmup)  # fmt: skip
        cfg = TrainConfig(
            dataset=args.dataset, model=args.model, seed=seed, split_seed=seed, device="cpu",
            reweight=args.reweight, **settings, **extra,
        )  # fmt: skip
        t0 = time.perf_counter()
        res = Trainer(cfg, data, 0).fit()
        row = {
            "dataset": args.dataset, "model": args.model,
            "reweight": "uniform" if args.reweight and args.reweight_mode == "uniform"
            else args.reweight,
            "eval": args.eval, "seed": seed, "valid": res["valid"], "test": res["test"],
            "best_epoch": res["best_epoch"], "epochs": res["epochs_run"],
            "seconds": round(time.perf_counter() - t0, 1), "load": os.getloadavg()[0],
            **{f"test_{k}": v for k, v in res.get("heart", {}).items()},
        }  # fmt: skip
        if args.gnndp is not None:
            row["gnndp"] = args.gnndp
        new = not out.exists()
        with out.open("a", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(row))
            if new:
                w.writeheader()
            w.writerow(row)
        print(row, flush=True)


def table(args: argparse.Namespace) -> None:
    """Mean ± std (ddof 1) and the number of seeds of each (dataset, model, reweight, eval)
    group of the CSV rows, in percent, as reStructuredText list-table rows."""
    import pandas as pd

    df = pd.read_csv(args.csv)
    cols = ["test"] + [c for c in df.columns if c.startswith("test_") and c != "test_mrr"]
    keys = ["dataset", "model", "reweight", "eval"]
    for key, g in df.groupby(keys, sort=False):
        cells = []
        for c in cols:
            v = 100 * g[c].dropna().to_numpy()
            std = f" ± {v.std(ddof=1):.2f}" if v.size > 1 else ""
            cells.append(f"{c} {v.mean():.2f}{std}")
        print(" ".join(map(str, key)), f"n={len(g)} seeds {sorted(g.seed)}:", ", ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("speed")
    r = sub.add_parser("runs")
    r.add_argument("--dataset", default="cora")
    r.add_argument("--model", default="ncn")
    r.add_argument("--seeds", type=int, nargs="+", default=[0])
    r.add_argument("--epochs", type=int, default=None)
    r.add_argument("--reweight", action="store_true")
    r.add_argument(
        "--reweight-mode",
        default="tc",
        choices=["tc", "uniform"],
        help="with --reweight: the TC rule, or the uniform control (the same extra weight spread "
        "evenly; rows carry reweight=uniform)",
    )
    r.add_argument("--alpha", type=float, default=1.0, help="with --reweight (default 1)")
    r.add_argument("--interval", type=int, default=1, help="with --reweight (default 1)")
    r.add_argument("--warmup", type=int, default=0, help="with --reweight (default 0)")
    r.add_argument("--eval", default="hits", choices=["hits", "heart"])
    r.add_argument("--csv", default="ncn_runs.csv")
    r.add_argument(
        "--gnndp",
        type=float,
        default=None,
        help="NCN: the encoder's --gnndp (NCNSettings.gnn_dropout) instead of the preset's, for "
        "this process; the rows then carry a gnndp column (write them to a CSV of their own)",
    )
    t = sub.add_parser("table")
    t.add_argument("--csv", default="ncn_runs.csv")
    args = parser.parse_args()
    os.environ.setdefault("GRAPHLAB_DATA", str(Path(__file__).resolve().parents[1] / "datasets"))
    if args.what == "speed":
        speed()
    elif args.what == "table":
        table(args)
    else:
        runs(args)


if __name__ == "__main__":
    main()

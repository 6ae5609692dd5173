"""Reproduce the paper's Table (Hits@100 of GCN / SAGE, plain and TC-reweighted) under
``--protocol paper``, and the TC correlations of item 8, beside the published numbers.

Wang et al., "A Topological Perspective on Demystifying GNN-Based Link Prediction Performance",
ICLR 2024 (arXiv 2310.04612): GCN 66.8 / 67.1 / 53.0 and SAGE 55.0 / 57.0 / 39.7 Hits@100 on
Cora / CiteSeer / PubMed, mean over 10 runs of the authors' code (Topo_LP_GNN).

Usage::

    GRAPHLAB_DATA=../shared/datasets OMP_NUM_THREADS=1 python benchmarks/bench_reproduce.py run \\
        --csv repro.csv --runs-dir /tmp/repro [--datasets cora citeseer] [--seeds 0 10]
        [--patience 0] [--epochs 1000]
    python benchmarks/bench_reproduce.py table --csv repro.csv [--rst table.rst]
    python benchmarks/bench_reproduce.py speed [--dataset cora] [--variant plain] [--epochs 50]
    python benchmarks/bench_reproduce.py correlations --runs-dir /tmp/repro --csv corr.csv
    python benchmarks/bench_reproduce.py curves --runs-dir /tmp/repro --csv curves.csv

``run`` trains one run per (seed, dataset, model, variant), cell after cell for each seed in
turn so that every cell gains seeds at the same pace, single-threaded, and appends one CSV row
per finished run (rows already in the CSV are skipped: the job can be stopped and restarted).
Each run's directory is kept under ``--runs-dir`` for ``graphlab analyze``. ``table`` prints
mean ± std (sample std) per cell with the number of seeds, the published value and whether it
lies within one std. ``correlations`` analyses the plain runs (:func:`linkpred.analysis.
analyze_run`, K = 100, 1 hop) and averages the Pearson / Spearman correlations of per-node
Hits@100 and MRR with TC_test, TC_train, degree and ego density over the seeds.

``curves`` reads every finished run's ``history.csv`` and keeps, per run, validation Hits@100
at a few epochs, its best and the epoch of the best, and the training loss: how fast each
variant learns, which the final numbers alone do not show.

Every row records the load average while it ran (the machine is shared); the reference of this
benchmark is the published table, so the "ratio" reported is ours / published.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path
from typing import Any

#: Hits@100 (%) of the paper's Table (10 runs), by (dataset, model)
PUBLISHED = {
    ("cora", "gcn"): 66.8,
    ("citeseer", "gcn"): 67.1,
    ("pubmed", "gcn"): 53.0,
    ("cora", "sage"): 55.0,
    ("citeseer", "sage"): 57.0,
    ("pubmed", "sage"): 39.7,
}

#: the paper's correlations on ogbl-collab (per-node performance vs. each quantity)
PAPER_COLLAB = {"tc_test": 0.577, "tc_train": 0.168, "degree": -0.087}

FIELDS = ["dataset", "model", "reweight", "seed", "valid", "test", "best_epoch", "epochs_run",
          "epochs", "patience", "seconds", "load"]  # fmt: skip


#: variant -> the CSV's ``reweight`` column (True / False as the first CSVs wrote them)
VARIANT_COLUMN = {"plain": "False", "reweight": "True", "uniform": "uniform"}
#: the CSV's ``reweight`` column -> the variant's name in the tables
VARIANT_NAME = {"False": "plain", "True": "reweighted", "uniform": "uniform control"}


def _load() -> float:
    return os.getloadavg()[0]


def _done(path: Path) -> set[tuple[str, str, str, str]]:
    if not path.exists():
        return set()
    with path.open() as fh:
        return {(r["dataset"], r["model"], r["reweight"], r["seed"]) for r in csv.DictReader(fh)}


def run(args: argparse.Namespace) -> None:
    import torch

    from linkpred.config import TrainConfig
    from linkpred.train import train

    torch.set_num_threads(1)
    if args.sage_l2:
        _patch_sage_l2()
    csv_path = Path(args.csv)
    done = _done(csv_path)
    for seed in range(*args.seeds):
        for dataset in args.datasets:
            for model in args.models:
                for reweight in args.variants:
                    rw = reweight != "plain"
                    mode = "uniform" if reweight == "uniform" else "tc"
                    label = f"{model}+l2" if args.sage_l2 else model
                    if args.lr is not None:
                        label += f"+lr{args.lr:g}"
                    if args.alpha is not None:
                        label += f"+a{args.alpha:g}"
                    if args.temperature is not None:
                        label += f"+t{args.temperature:g}"
                    if args.interval is not None:
                        label += f"+i{args.interval}"
                    if args.warmup is not None:
                        label += f"+w{args.warmup}"
                    changes = (("lr", args.lr), ("alpha", args.alpha),
                               ("reweight_temperature", args.temperature),
                               ("interval", args.interval), ("warmup", args.warmup))  # fmt: skip
                    extra = {k: v for k, v in changes if v is not None}
                    key = (dataset, label, VARIANT_COLUMN[reweight], str(seed))
                    if key in done:
                        continue
                    cfg = TrainConfig.for_dataset(
                        dataset, protocol="paper", model=model, reweight=rw, seed=seed, runs=1,
                        epochs=args.epochs, patience=args.patience, checkpoint_every=10**6,
                        device="cpu", reweight_mode=mode, **extra,
                    )  # fmt: skip
                    out = Path(args.runs_dir) / f"{dataset}_{label}_{reweight}_seed{seed}"
                    if out.exists():  # an interrupted run: start it again
                        import shutil

                        shutil.rmtree(out)
                    t0, load0 = time.perf_counter(), _load()
                    summary = train(cfg, out=out)
                    r = summary["per_run"][0]
                    res = (out / "run_0" / "result.json").read_text()
                    epochs_run = __import__("json").loads(res)["epochs_run"]
                    row = {
                        "dataset": dataset, "model": label,
                        "reweight": VARIANT_COLUMN[reweight], "seed": seed,
                        "valid": r["valid"], "test": r["test"], "best_epoch": r["best_epoch"],
                        "epochs_run": epochs_run, "epochs": args.epochs,
                        "patience": args.patience,
                        "seconds": round(time.perf_counter() - t0, 1),
                        "load": round((load0 + _load()) / 2, 2),
                    }  # fmt: skip
                    new = not csv_path.exists()
                    with csv_path.open("a", newline="") as fh:
                        w = csv.DictWriter(fh, fieldnames=FIELDS)
                        if new:
                            w.writeheader()
                        w.writerow(row)
                    print(",".join(str(row[f]) for f in FIELDS), flush=True)


def speed(args: argparse.Namespace) -> None:
    """Seconds per epoch of one paper-preset run with the sparse fast path
    (:attr:`linkpred.models.GNNEncoder.fast_sparse`) against the reference path (PyG's
    ``GCNConv``, torch's own sparse backward), rounds interleaved, each run in a forked child
    (peak memory); the two histories must be equal."""
    import functools
    import statistics

    import torch
    from _measure import measure

    from graphlab.datasets import load_dataset
    from graphlab.records import GraphDataset
    from linkpred.config import TrainConfig
    from linkpred.data import run_data
    from linkpred.models import GNNEncoder
    from linkpred.trainer import Trainer

    torch.set_num_threads(1)
    rw = args.variant != "plain"
    cfg = TrainConfig.for_dataset(
        args.dataset, protocol="paper", model=args.model, reweight=rw, seed=0, runs=1,
        epochs=args.epochs, device="cpu", checkpoint_every=10**6,
        reweight_mode="uniform" if args.variant == "uniform" else "tc",
    )  # fmt: skip
    data = run_data(cfg, 0, load_dataset(args.dataset, GraphDataset))

    def fit(fast: bool) -> Any:
        GNNEncoder.fast_sparse = fast
        trainer = Trainer(cfg, data)
        t0 = time.perf_counter()
        trainer.fit()
        return time.perf_counter() - t0, [
            (h["loss"], h["valid"], h["test"]) for h in trainer.history
        ]

    times: dict[bool, list[float]] = {False: [], True: []}
    peaks: dict[bool, list[int]] = {False: [], True: []}
    hist: dict[bool, Any] = {}
    loads = [_load()]
    for _ in range(args.rounds):
        for path in (False, True):
            m = measure(functools.partial(fit, path))
            if m["error"]:
                raise SystemExit(m["error"])
            seconds, hist[path] = m["result"]
            times[path].append(seconds / args.epochs)
            peaks[path].append(m["peak_bytes"])
            loads.append(_load())
    ref, fast = (statistics.median(times[k]) for k in (False, True))
    print(f"{args.dataset} {args.model} {args.variant}, {args.epochs} epochs x {args.rounds} "
          f"rounds, load {min(loads):.1f}-{max(loads):.1f} (2 cores shared)")  # fmt: skip
    for name, k, t in (("reference", False, ref), ("fast", True, fast)):
        print(f"  {name:9s} {1000 * t:7.1f} ms/epoch  ({t * 1000:5.0f} s per 1000-epoch run)  "
              f"peak {max(peaks[k]) / 2**20:6.1f} MiB")  # fmt: skip
    import numpy as np

    diff = float(np.abs(np.array(hist[False]) - np.array(hist[True])).max())
    print(f"  ratio fast / reference {fast / ref:.3f}; histories (loss, valid, test per epoch) "
          f"equal: {hist[False] == hist[True]}, max |difference| {diff:.2g}")  # fmt: skip


def _patch_sage_l2() -> None:
    """A diagnostic, for this process only: every SAGE layer's output L2-normalised per node,
    as the authors' ``--sage_norm`` (``F.normalize(out, p=2, dim=-1)`` in their SAGEConv), which
    their Cora SAGE lines pass and the library's SAGE does not have."""
    import torch.nn.functional as F

    from linkpred.layers import WeightedSAGEConv

    plain = WeightedSAGEConv.forward

    def forward(self: Any, *a: Any, **k: Any) -> Any:
        return F.normalize(plain(self, *a, **k), p=2.0, dim=-1)

    WeightedSAGEConv.forward = forward  # type: ignore[method-assign]


#: the order of the rows: datasets, models and variants as the paper lists them
_ORDER = {"cora": 0, "citeseer": 1, "pubmed": 2, "gcn": 0, "sage": 1, "plain": 0,
          "reweighted": 1, "uniform control": 2}  # fmt: skip


def _rows(paths: list[Path]) -> list[dict[str, str]]:
    out = []
    for path in paths:
        with path.open() as fh:
            out += list(csv.DictReader(fh))
    return out


def _cells(paths: list[Path]) -> dict[tuple[str, str, str], dict[int, dict[str, float]]]:
    """(dataset, model, variant) -> seed -> that run's numbers (the last row of a seed wins)."""
    cells: dict[tuple[str, str, str], dict[int, dict[str, float]]] = {}
    for r in _rows(paths):
        key = (r["dataset"], r["model"], VARIANT_NAME[r["reweight"]])
        cells.setdefault(key, {})[int(r["seed"])] = {
            k: float(r[k]) for k in ("valid", "test", "best_epoch", "epochs_run", "seconds")
        }
    return dict(sorted(cells.items(), key=lambda kv: [_ORDER.get(k, 9) for k in kv[0]]))


def table_rows(paths: list[Path]) -> tuple[list[str], list[list[str]]]:
    """The reproduction table of the runs in the CSVs ``paths``: one row per cell."""
    import numpy as np

    cells = _cells(paths)
    head = ["dataset", "model", "variant", "seeds", "test Hits@100", "valid Hits@100",
            "published", "within 1 std", "ours / published", "best epoch: median (range)",
            "s / run"]  # fmt: skip
    rows = []
    for (dataset, model, variant), by_seed in cells.items():
        runs = [by_seed[s] for s in sorted(by_seed)]
        test = 100 * np.array([r["test"] for r in runs])
        val = 100 * np.array([r["valid"] for r in runs])
        n = len(test)
        # a diagnostic model (``sage+l2``, ``gcn+lr0.01``) is not the published setting
        pub = PUBLISHED.get((dataset, model)) if variant == "plain" else None
        within = ""
        if pub is not None:
            within = "n/a (1 seed)" if n < 2 else (
                "yes" if abs(test.mean() - pub) <= test.std(ddof=1) else "no")  # fmt: skip
        best = np.array([r["best_epoch"] for r in runs])
        rows.append([
            dataset, model, variant, str(n), _mean_sd(test, 1), _mean_sd(val, 1),
            "" if pub is None else f"{pub:.1f}", within,
            "" if pub is None else f"{test.mean() / pub:.3f}",
            f"{np.median(best):.0f} ({best.min():.0f}-{best.max():.0f})",
            f"{np.mean([r['seconds'] for r in runs]):.0f}",
        ])  # fmt: skip
    return head, rows


#: the paired comparisons within a model: (variant, minus variant)
PAIRS = [("reweighted", "plain"), ("uniform control", "plain"), ("reweighted", "uniform control")]
#: the comparisons of a diagnostic model (``gcn+lr0.01``: the preset with one change) with its
#: base model: ((diagnostic's variant, base's variant), ...)
DIAGNOSTIC_PAIRS = [("plain", "plain"), ("plain", "reweighted"), ("plain", "uniform control"),
                    ("reweighted", "reweighted"), ("reweighted", "plain"),
                    ("reweighted", "uniform control")]  # fmt: skip


def _pairs(cells: dict[tuple[str, str, str], Any]) -> list[tuple[str, str, str, str, str]]:
    """(dataset, model a, variant a, model b, variant b) of every comparison the cells allow."""
    out = []
    for dataset, model in dict.fromkeys((d, m) for d, m, _ in cells):
        out += [(dataset, model, a, model, b) for a, b in PAIRS]
        if "+" in model:
            base = model.split("+")[0]
            out += [(dataset, model, a, base, b) for a, b in DIAGNOSTIC_PAIRS]
    return [p for p in out if (p[0], p[1], p[2]) in cells and (p[0], p[3], p[4]) in cells]


def paired_rows(paths: list[Path]) -> tuple[list[str], list[list[str]]]:
    """Per-seed differences of test Hits@100 (points) between two variants of a cell, or a
    diagnostic model and its base, over the seeds both ran (the same split and
    initialisation): mean ± std, and on how many seeds the first is above, below or equal."""
    import numpy as np

    cells = _cells(paths)
    head = ["dataset", "model", "difference", "seeds", "mean ± std (points)",
            "above / below / equal", "per seed (seed: difference)"]  # fmt: skip
    rows = []
    for dataset, ma, a, mb, b in _pairs(cells):
        ca, cb = cells[dataset, ma, a], cells[dataset, mb, b]
        seeds = sorted(set(ca) & set(cb))
        if not seeds:
            continue
        d = np.array([100 * (ca[s]["test"] - cb[s]["test"]) for s in seeds])
        sign = "+" if d.mean() >= 0 else ""
        label = f"{a} − {b}" if ma == mb else f"{a} − {mb} {b}"
        rows.append([
            dataset, ma, label, str(len(seeds)), sign + _mean_sd(d, 1),
            f"{(d > 0).sum()} / {(d < 0).sum()} / {(d == 0).sum()}",
            ", ".join(f"{s}: {x:+.1f}" for s, x in zip(seeds, d, strict=True)),
        ])  # fmt: skip
    return head, rows


def _mean_sd(a: Any, digits: int) -> str:
    if len(a) < 2:
        return f"{a.mean():.{digits}f}"
    return f"{a.mean():.{digits}f} ± {a.std(ddof=1):.{digits}f}"


def rst_table(head: list[str], rows: list[list[str]]) -> str:
    """A reStructuredText simple table."""
    rows = [[c or "..." if i == 0 else c for i, c in enumerate(r)] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    line = "  ".join("=" * w for w in widths)
    text = [line, "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)), line]
    text += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    text.append(line)
    return "\n".join(text)


def table(args: argparse.Namespace) -> None:
    paths = [Path(c) for c in args.csv]
    print(rst_table(*table_rows(paths)))
    print()
    print(rst_table(*paired_rows(paths)))


def correlations(args: argparse.Namespace) -> None:
    import pandas as pd

    from linkpred.analysis import analyze_run

    frames = []
    for run_dir in sorted(d for root in args.runs_dir for d in Path(root).glob("*_plain_seed*")):
        if not (run_dir / "run_0" / "result.json").exists():
            continue
        dataset, model = run_dir.name.split("_")[:2]
        if (args.datasets and dataset not in args.datasets) or model not in args.models:
            continue
        folder = run_dir / "analysis" / "run=0_hops=1_k=100"
        if (folder / "summary.json").exists():  # analysed before: the same numbers
            summary = {"out": str(folder)}
        else:
            summary = analyze_run(run_dir, run=0, hops=1, k=100)
        c = pd.read_csv(Path(summary["out"]) / "correlations.csv")
        c["dataset"], c["model"], c["seed"] = dataset, model, run_dir.name.split("seed")[-1]
        frames.append(c)
        print(f"analysed {run_dir.name}", file=sys.stderr, flush=True)
    if not frames:
        raise SystemExit(f"no finished plain runs under {' '.join(args.runs_dir)}")
    pd.concat(frames).to_csv(args.csv, index=False)
    print(rst_table(*correlation_rows(Path(args.csv))))


def correlation_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Mean (± std over seeds) Pearson / Spearman correlation of per-node Hits@100 and MRR with
    TC_test, TC_train, degree and ego density, from the per-seed CSV of ``correlations``."""
    import numpy as np
    import pandas as pd

    allc = pd.read_csv(path)
    keep = allc[allc.metric.isin(["hits@100", "mrr"]) & allc.feature.isin(
        ["tc_test", "tc_train", "degree", "density"])]  # fmt: skip
    head = ["dataset", "model", "metric", "feature", "seeds", "nodes", "Pearson", "Spearman",
            "paper (collab)"]  # fmt: skip
    rows = []
    order = {"tc_test": 0, "tc_train": 1, "degree": 2, "density": 3}
    for (dataset, model, metric), g in keep.groupby(["dataset", "model", "metric"]):
        for feature, h in sorted(g.groupby("feature"), key=lambda kv: order[kv[0]]):
            rows.append([
                dataset, model, metric, feature, str(h.seed.nunique()), f"{h.n.mean():.0f}",
                _mean_sd(np.asarray(h.pearson), 3), _mean_sd(np.asarray(h.spearman), 3),
                f"{PAPER_COLLAB[feature]:.3f}" if feature in PAPER_COLLAB else "",
            ])  # fmt: skip
    return head, rows


#: the epochs at which ``curves`` samples each run's validation Hits@100
CURVE_EPOCHS = (50, 100, 300, 600, 1000)


def curves(args: argparse.Namespace) -> None:
    """One CSV row per finished run under ``--runs-dir``: validation Hits@100 at
    :data:`CURVE_EPOCHS`, the best and its epoch, the training loss at epochs 50 and last."""
    import pandas as pd

    rows = []
    for run_dir in sorted(d for root in args.runs_dir for d in Path(root).glob("*_seed*")):
        history = run_dir / "run_0" / "history.csv"
        if not (run_dir / "run_0" / "result.json").exists() or not history.exists():
            continue
        dataset, model, variant, seed = run_dir.name.rsplit("_", 3)
        h = pd.read_csv(history)
        if len(h) < max(CURVE_EPOCHS):  # an early-stopped run: not comparable epoch by epoch
            continue
        best = int(h.valid.idxmax())
        row = {"dataset": dataset, "model": model, "reweight": VARIANT_COLUMN[variant],
               "seed": int(seed.removeprefix("seed")), "best_epoch": int(h.epoch[best]),
               "best_valid": h.valid[best]}  # fmt: skip
        row |= {f"valid_{e}": h.valid[e - 1] for e in CURVE_EPOCHS}
        row |= {"loss_50": h.loss[49], f"loss_{len(h)}": h.loss.iloc[-1]}
        rows.append(row)
    if not rows:
        raise SystemExit(f"no finished 1000-epoch runs under {' '.join(args.runs_dir)}")
    pd.DataFrame(rows).to_csv(args.csv, index=False)
    print(rst_table(*curve_rows(Path(args.csv))))


def curve_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Mean validation Hits@100 (%) per cell at :data:`CURVE_EPOCHS` and at each run's best,
    with the median epoch of the best, from the CSV of ``curves``."""
    import numpy as np
    import pandas as pd

    runs = pd.read_csv(path)
    runs["variant"] = runs.reweight.astype(str).map(VARIANT_NAME)
    head = ["dataset", "model", "variant", "runs",
            *(f"valid @{e}" for e in CURVE_EPOCHS), "valid @best", "best epoch (median)",
            "loss @50", "loss @1000"]  # fmt: skip
    rows = []
    keys = sorted(runs.groupby(["dataset", "model", "variant"]).groups,
                  key=lambda k: [_ORDER.get(x, 9) for x in k])  # fmt: skip
    for key in keys:
        g = runs[(runs.dataset == key[0]) & (runs.model == key[1]) & (runs.variant == key[2])]
        rows.append([
            *key, str(len(g)),
            *(f"{100 * g[f'valid_{e}'].mean():.1f}" for e in CURVE_EPOCHS),
            f"{100 * g.best_valid.mean():.1f}", f"{np.median(g.best_epoch):.0f}",
            f"{g.loss_50.mean():.3f}", f"{g['loss_1000'].mean():.3f}",
        ])  # fmt: skip
    return head, rows


def page(args: argparse.Namespace) -> None:
    """Write the documentation page: the protocol, the tables, the causes of differences."""
    import platform

    paths = [Path(c) for c in args.csv]
    repro = rst_table(*table_rows(paths))
    paired = rst_table(*paired_rows(paths))
    corr = rst_table(*correlation_rows(Path(args.corr))) if args.corr else ""
    learning = rst_table(*curve_rows(Path(args.curves))) if args.curves else ""
    loads = [float(r["load"]) for r in _rows(paths)]
    cpu = platform.processor() or platform.machine()
    machine = (
        f"{os.cpu_count()} CPU cores ({cpu}) shared with other jobs, one thread per run, load "
        f"average {min(loads):.1f} to {max(loads):.1f} while the runs ran"
    )
    text = (
        Path(args.intro)
        .read_text()
        .format(repro=repro, paired=paired, corr=corr, curves=learning, machine=machine)
    )
    Path(args.out).write_text(text)
    print(f"wrote {args.out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run")
    p.add_argument("--csv", required=True)
    p.add_argument("--runs-dir", required=True)
    p.add_argument("--datasets", nargs="+", default=["cora", "citeseer", "pubmed"])
    p.add_argument("--models", nargs="+", default=["gcn", "sage"])
    p.add_argument(
        "--variants",
        nargs="+",
        default=["plain", "reweight"],
        choices=list(VARIANT_COLUMN),
        help="plain, reweight (the authors' TC rule) and uniform (the control: the same extra "
        "weight spread evenly, --reweight-mode uniform)",
    )
    p.add_argument("--seeds", nargs=2, type=int, default=[0, 10], metavar=("FIRST", "STOP"))
    p.add_argument("--epochs", type=int, default=1000)
    p.add_argument("--patience", type=int, default=0, help="0: all epochs (the paper)")
    p.add_argument(
        "--sage-l2",
        action="store_true",
        help="diagnostic: SAGE outputs L2-normalised as the authors' --sage_norm (rows labelled "
        "sage+l2)",
    )
    p.add_argument(
        "--lr",
        type=float,
        default=None,
        help="diagnostic: this learning rate instead of the preset's 1e-3 (rows labelled "
        "gcn+lrX): does a larger step alone give what the extra message weight gives?",
    )
    p.add_argument(
        "--alpha",
        type=float,
        default=None,
        help="sweep: this reweighting alpha instead of the preset's (rows labelled gcn+aX)",
    )
    p.add_argument(
        "--temperature",
        type=float,
        default=None,
        help="sweep: the TC rule's softmax temperature (rows labelled gcn+tX; below 1 lifts the "
        "bound e on the weight ratio of two receivers)",
    )
    p.add_argument(
        "--interval",
        type=int,
        default=None,
        help="sweep: update the weights every this many epochs instead of the preset's "
        "(rows labelled gcn+iX)",
    )
    p.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="sweep: epochs before the first update instead of the preset's (rows labelled gcn+wX)",
    )
    q = sub.add_parser("speed")
    q.add_argument("--dataset", default="cora")
    q.add_argument("--model", default="gcn")
    q.add_argument("--variant", default="plain", choices=list(VARIANT_COLUMN))
    q.add_argument("--epochs", type=int, default=50)
    q.add_argument("--rounds", type=int, default=3)
    t = sub.add_parser("table")
    t.add_argument("--csv", required=True, nargs="+", help="CSVs of `run` (read together)")
    g = sub.add_parser("page")
    g.add_argument("--csv", required=True, nargs="+", help="CSVs of `run` (read together)")
    g.add_argument("--corr", default=None, help="the per-seed CSV of `correlations`")
    g.add_argument("--curves", default=None, help="the per-run CSV of `curves`")
    g.add_argument("--intro", default=str(Path(__file__).with_name("reproduce_page.rst.in")))
    g.add_argument("--out", default="docs/reproducing/linkpred_protocol.rst")
    c = sub.add_parser("correlations")
    c.add_argument("--runs-dir", required=True, nargs="+", help="run directories of `run`")
    c.add_argument("--csv", required=True)
    c.add_argument("--datasets", nargs="*", default=None)
    c.add_argument("--models", nargs="+", default=["gcn", "sage"])
    v = sub.add_parser("curves")
    v.add_argument("--runs-dir", required=True, nargs="+", help="run directories of `run`")
    v.add_argument("--csv", required=True)
    args = parser.parse_args()
    commands = {
        "run": run,
        "speed": speed,
        "table": table,
        "correlations": correlations,
        "curves": curves,
        "page": page,
    }
    commands[args.cmd](args)


if __name__ == "__main__":
    main()

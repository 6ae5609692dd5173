"""HeaRT evaluation of a trained run (``graphlab analyze RUN_DIR --eval heart``).

The selected model of one run is scored on the HeaRT negatives of its split
(:class:`linkpred.heart.HeartNegatives`, the same seeded, cached set that ``train --eval heart``
selects on), and every positive's rank among its own negatives is written out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphlab.fileio import write_json, write_table

__all__ = ["analyze_heart"]


def analyze_heart(run_dir: str | Path, *, run: int = 0, out: str | Path | None = None) -> dict:
    """HeaRT MRR and Hits@K of the selected model of run ``run``, per part, and per positive.

    Writes into ``out`` (default ``RUN_DIR/analysis/heart_run=R/``): ``heart_ranks.csv`` (one
    row per validation and test positive: ``part``, ``u``, ``v``, ``score``, ``rank`` among its
    negatives, ties counted half) and ``heart.json`` (the metrics and the negatives' settings).

    Raises
    ------
    InputError
        If ``run_dir`` holds no finished run or has no run ``run``.
    """
    from graphlab.datasets import cache_dir

    from .analysis import check_run_index
    from .data import run_data
    from .heart import HeartNegatives, heart_metrics, heart_ranks
    from .rundir import RunDir
    from .train import load_best_model

    rd = RunDir(run_dir)
    saved, _ = rd.read_config()
    check_run_index(rd, run, saved.runs)
    cfg = saved.replace(device="cpu")
    files = rd.run(run)
    data = files.read_data() if files.data.exists() else run_data(cfg, run)
    model, adj_t = load_best_model(files, cfg, data)
    negatives = HeartNegatives.for_data(data, seed=cfg.split_seed, cache=cache_dir() / "heart")
    scores = negatives.scores(model, data.x, adj_t, data)
    frames = []
    metrics: dict[str, Any] = {}
    for part, (pos, neg) in scores.items():
        edges = data.split[part]["edge"]
        ids = data.ids if data.ids is not None else np.arange(data.num_nodes)
        frames.append(
            pd.DataFrame(
                {
                    "part": part,
                    "u": ids[edges[:, 0]],
                    "v": ids[edges[:, 1]],
                    "score": pos.numpy(),
                    "rank": heart_ranks(pos, neg).numpy(),
                }
            )
        )
        metrics[part] = heart_metrics(pos, neg)
    out = rd.analysis / f"heart_run={run}" if out is None else Path(out)
    write_table(pd.concat(frames, ignore_index=True), out / "heart_ranks.csv")
    summary = {
        "run_dir": str(rd.root),
        "run": run,
        "dataset": cfg.dataset,
        "model": cfg.model,
        "negatives": negatives.settings,
        "negatives_per_positive": int(negatives.test.shape[1]),
        **metrics,
        "out": str(out),
        "files": [str(out / "heart_ranks.csv"), str(out / "heart.json")],
    }
    write_json(summary, out / "heart.json")
    return summary

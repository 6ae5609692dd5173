"""Hypergraph reconstruction on the 8 SHyRe datasets: every method, the paper's budgets.

Prints one row per (dataset, method): Jaccard x100 (paper's best beside it), precision,
recall, seconds (fit + predict + score, data already loaded; numba already compiled) and the
extra peak resident memory of the call, each run in a forked child (``_measure.measure``).

    .venv/bin/python benchmarks/bench_reconstruct.py [--datasets crime,hosts] [--methods ...]

The reference code (Wang & Kleinberg's release) takes about 35 s on P.School and about 4 min /
2.2 GB on DBLP on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import fmt_bytes, measure

from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import (
    PAPER_BUDGETS,
    PAPER_JACCARD,
    SHyRe,
    load_pair,
    make_method,
    reconstruction_scores,
)

ORDER = ["dblp", "enron", "school", "school2", "foursquare", "hosts", "directors", "crime"]
METHODS = {
    "max-cliques": lambda name, b: make_method("max-cliques"),
    "clique-cover": lambda name, b: make_method("clique-cover"),
    # the paper's setting: count features, one MLP, threshold 0.5
    "shyre-count": lambda name, b: SHyRe(b, features="count"),
    # library default: count+ features, one MLP, threshold 0.5
    "shyre": lambda name, b: SHyRe(b),
    # expected-Jaccard decision rule and 5 averaged MLPs (1 on DBLP, where 5 cost 5x the fit)
    "shyre-auto": lambda name, b: SHyRe(
        b, threshold="auto", ensemble=1 if name == "shyre-dblp" else 5
    ),
    "shyre-tuned": lambda name, b: SHyRe(b, tune_threshold=True),
    "shyre-gb": lambda name, b: SHyRe(b, classifier="gb", threshold="auto"),
    "shyre-motif": lambda name, b: SHyRe(b, features="motif", threshold="auto"),
}


def warm_up() -> None:
    """Compile the numba kernels once (cached on disk), in a child: a parent that has used
    OpenMP (scikit-learn) cannot fork safely."""
    p = load_pair("shyre-crime")
    g = clique_expansion(p.test)
    for m in ("max-cliques", "clique-cover"):
        make_method(m).fit(p.train).predict(g)
    SHyRe(200, features="motif", classifier="lr").fit(p.train).predict(g)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default=",".join(ORDER))
    ap.add_argument(
        "--methods", default="max-cliques,clique-cover,shyre-count,shyre,shyre-auto,shyre-motif"
    )
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    measure(warm_up)
    header = f"{'dataset':<11}{'method':<14}{'J x100':>7}{'paper':>7}{'P':>7}{'R':>7}{'cands':>9}"
    print(header + f"{'seconds':>9}{'peak mem':>11}", flush=True)
    for ds in args.datasets.split(","):
        name = f"shyre-{ds}"
        t0 = time.perf_counter()
        pair = load_pair(name)
        graph = clique_expansion(pair.test)
        load_s = time.perf_counter() - t0
        for method in args.methods.split(","):
            est = METHODS[method](name, PAPER_BUDGETS[name])

            def job(est=est):
                if isinstance(est, SHyRe):
                    est.fit(pair.train)
                    cand, _ = est.predict_candidates(graph)
                    n_cand = cand.sets.num_edges
                    pred = est.predict(graph)
                else:
                    pred = est.fit(pair.train).predict(graph)
                    n_cand = pred.num_edges
                return reconstruction_scores(pred, pair.test), n_cand

            out = measure(job, timeout=args.timeout)
            if out["error"]:
                print(f"{ds:<11}{method:<14} error: {out['error']}", flush=True)
                continue
            s, n_cand = out["result"]
            print(
                f"{ds:<11}{method:<14}{100 * s['jaccard']:>7.1f}{PAPER_JACCARD[name]:>7.1f}"
                f"{100 * s['precision']:>7.1f}{100 * s['recall']:>7.1f}{n_cand:>9}"
                f"{out['seconds']:>9.2f}{fmt_bytes(out['peak_bytes']):>11}",
                flush=True,
            )
        print(f"{ds:<11}(load + project: {load_s:.2f} s)", flush=True)


if __name__ == "__main__":
    main()

"""Multiplicity-aware reconstruction against SHyRe and the baselines, by multi-Jaccard.

Each hypergraph (hyperedges of 2 or more nodes, repeats kept) is split 50/50 at random by
occurrence with a fixed seed: one half trains, the weighted projection of the other is the
query, and the other half itself is the truth. ``multiplicity`` reconstructs from the weighted
projection (:class:`hypergraph.reconstruct.MultiplicityReconstructor`); ``shyre``,
``max-cliques`` and ``clique-cover`` see the 0/1 projection and give every hyperedge
multiplicity 1. One row per (dataset, method): multi-Jaccard, multiset precision and recall,
set Jaccard of the distinct hyperedges, wall and CPU seconds (fit + predict + score, data
loaded, numba compiled) and the extra peak resident memory of the call, each run in a forked
child (``_measure.measure``). Machine load is printed with the table: wall time on a shared
machine is inflated by the load; CPU seconds are not.

    .venv/bin/python benchmarks/bench_reconstruct_weighted.py [--datasets email-Enron,...]
        [--methods multiplicity,shyre,max-cliques,clique-cover] [--seed 0] [--timeout 1800]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import fmt_bytes, measure

from graphlab.datasets import load_dataset
from hypergraph import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import (
    MultiplicityReconstructor,
    make_method,
    multiset_scores,
    reconstruction_scores,
)

DATASETS = [
    "contact-primary-school",
    "contact-high-school",
    "email-Enron",
    "email-Eu",
    "tags-ask-ubuntu",
    "tags-math-sx",
]
METHODS = ("multiplicity", "shyre", "max-cliques", "clique-cover")


def split_half(h: Hypergraph, seed: int) -> tuple[Hypergraph, Hypergraph]:
    """Occurrences of size >= 2 split 50/50 at random (train, query), storage order kept."""
    h = h.select(h.edge_sizes() >= 2)
    perm = np.random.default_rng(seed).permutation(h.num_edges)
    half = h.num_edges // 2
    return h.select(np.sort(perm[:half])), h.select(np.sort(perm[half:]))


def warm_up() -> None:
    """Compile the numba kernels once (cached on disk), in a child."""
    h = Hypergraph.from_edges([[0, 1, 2]] * 3 + [[2, 3]] * 2 + [[3, 4, 5], [1, 3]])
    g = clique_expansion(h, weighted=True)
    MultiplicityReconstructor(classifier="rf", max_cliques=1).fit(h).predict(g)
    MultiplicityReconstructor(classifier="rf").fit(h).predict(g)
    for m in ("max-cliques", "clique-cover"):
        make_method(m).fit(h).predict(clique_expansion(h))
    make_method("shyre", budget=100, classifier="lr").fit(h).predict(clique_expansion(h))


def run_case(method: str, train: Hypergraph, query: Hypergraph, seed: int) -> dict:
    cpu0 = time.process_time()
    info = ""
    if method == "multiplicity":
        est = MultiplicityReconstructor(seed=seed).fit(train)
        pred = est.predict(clique_expansion(query, weighted=True))
        info = (
            f"proven {est.proven_:,}, rounds {est.rounds_} "
            f"(greedy {est.fallback_rounds_}), unspent {est.unspent_:,}"
        )
    else:
        est = make_method(method, seed=seed)
        est.fit(train.unique())
        pred = est.predict(clique_expansion(query), nodes=query.covered())
        pred = pred.select(pred.edge_sizes() >= 2)  # the truth has no size-1 hyperedges
    s = multiset_scores(pred, query)
    s["jaccard"] = reconstruction_scores(pred, query)["jaccard"]
    s["cpu"] = time.process_time() - cpu0
    s["info"] = info
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    measure(warm_up)
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    head = f"{'dataset':<24}{'method':<14}{'multiJ':>7}{'mP':>7}{'mR':>7}{'J':>7}"
    print(head + f"{'wall s':>9}{'cpu s':>8}{'peak mem':>11}  notes", flush=True)
    for name in args.datasets.split(","):
        t0 = time.perf_counter()
        train, query = split_half(load_dataset(name, Hypergraph), args.seed)
        load_s = time.perf_counter() - t0
        for method in args.methods.split(","):
            out = measure(
                lambda m=method: run_case(m, train, query, args.seed), timeout=args.timeout
            )
            if out["error"]:
                print(f"{name:<24}{method:<14} error: {out['error']}", flush=True)
                continue
            s = out["result"]
            print(
                f"{name:<24}{method:<14}{100 * s['multi_jaccard']:>7.1f}"
                f"{100 * s['multi_precision']:>7.1f}{100 * s['multi_recall']:>7.1f}"
                f"{100 * s['jaccard']:>7.1f}{out['seconds']:>9.1f}{s['cpu']:>8.1f}"
                f"{fmt_bytes(out['peak_bytes']):>11}  {s['info']}",
                flush=True,
            )
        print(
            f"{name:<24}(truth: {query.num_edges:,} occurrences of {query.num_distinct:,} "
            f"hyperedges; load + split {load_s:.1f} s; load average "
            f"{os.getloadavg()[0]:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()

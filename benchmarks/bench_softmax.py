"""Group softmax of the TC reweighting: the hand-written one it had vs PyG's ``softmax``.

The reweighting normalises one score per adjacency entry over the entries that share a sender
(``index = mg.col``, not sorted: the entries are in CSR order by receiver), so PyG's ``softmax``
runs its ``index`` path (scatter-max, exp, scatter-sum). The realistic size is ogbl-ddi's
adjacency with self-loops (~2.2M entries over 4,267 nodes) and Planetoid-to-collab sizes in
between; the default here is 1M entries in 100k groups.

Usage::

    python benchmarks/bench_softmax.py [--entries 1000000] [--groups 100000] [--repeat 20]

Prints one JSON line: median seconds of each and the ratio PyG / hand-written (> 1: the
hand-written one is faster), measured in one run, the two calls interleaved (the machines are
shared; ratios, not absolute times, are what is compared).

Measured on the 2-core machine (four runs, 60 repeats; ratio PyG / hand-written): 1M entries in
100k groups 0.97 (1 thread) and 1.09 (2 threads); 2.2M entries in 4,267 groups 0.92 and 1.00;
outputs equal bit for bit. As fast, so :mod:`linkpred.reweight` uses PyG's ``softmax``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time

import torch
from torch import Tensor


def hand_written_softmax(src: Tensor, index: Tensor, num_groups: int) -> Tensor:
    """The softmax within groups that linkpred.reweight had before it used PyG's."""
    mx = torch.full((num_groups,), -math.inf, dtype=src.dtype, device=src.device)
    mx = mx.scatter_reduce(0, index, src, reduce="amax", include_self=True)
    ex = torch.exp(src - mx[index])
    den = torch.zeros(num_groups, dtype=src.dtype, device=src.device).index_add_(0, index, ex)
    return ex / den[index]


def _median_times(fns, repeat: int) -> list[float]:
    # interleaved (A, B, A, B, ...): on a shared machine both see the same load, so the ratio of
    # the medians is steadier than that of two separate timing loops
    for fn in fns:
        fn()  # warm-up (allocator, lazy imports)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, acc in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t0)
    return [statistics.median(acc) for acc in times]


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: as is)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    from torch_geometric.utils import softmax as pyg_softmax

    gen = torch.Generator().manual_seed(0)
    src = torch.rand(args.entries, generator=gen)  # sigmoid outputs lie in (0, 1)
    index = torch.randint(0, args.groups, (args.entries,), generator=gen)
    ours = hand_written_softmax(src, index, args.groups)
    pyg = pyg_softmax(src, index, num_nodes=args.groups)
    max_abs_diff = float((ours - pyg).abs().max())
    t_hand, t_pyg = _median_times(
        [
            lambda: hand_written_softmax(src, index, args.groups),
            lambda: pyg_softmax(src, index, num_nodes=args.groups),
        ],
        args.repeat,
    )
    res = {
        "entries": args.entries,
        "groups": args.groups,
        "threads": torch.get_num_threads(),
        "hand_written_s": t_hand,
        "pyg_softmax_s": t_pyg,
        "ratio_pyg_over_hand_written": t_pyg / t_hand,
        "max_abs_diff": max_abs_diff,
    }
    print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()

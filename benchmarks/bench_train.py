"""Epoch time of our GCN against a plain PyG GCN of the same size, and the reweighting overhead.

Usage::

    GRAPHLAB_DATA=../shared/datasets python benchmarks/bench_train.py [--dataset cora]
        [--rounds 5] [--hidden 256] [--layers 1] [--json]

Both models train one epoch with the same decoder (2-layer MLP on h_u ⊙ h_v), the same batches
and negatives: ours runs GCNConv on the precomputed normalised sparse ``adj_t``
(:mod:`linkpred.propagation`); "plain PyG" is ``GCNConv(normalize=True)`` on an ``edge_index``,
as PyG's examples use it (normalisation and scatter each forward). The rounds interleave the
variants so that load from other processes hits them alike; medians and ratios are reported
(targets: ours / plain <= 1.1, reweighting overhead <= 15% per epoch). The reweighting
overhead is the median time of one update (encoder pass, decoding every entry, softmax; with
and without the weighted-TC log) divided by ``interval`` and by the plain epoch time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

from linkpred.data import load_link_data
from linkpred.models import LinkPredictor, MLPDecoder
from linkpred.propagation import MessageGraph
from linkpred.reweight import TCReweighter
from linkpred.trainer import sample_negatives


class PlainPyGGCN(nn.Module):
    """GCN link predictor as in PyG's examples: GCNConv normalising on every forward."""

    def __init__(self, cin: int, hidden: int, layers: int) -> None:
        super().__init__()
        from torch_geometric.nn import GCNConv

        sizes = [cin] + [hidden] * layers
        self.convs = nn.ModuleList(GCNConv(a, b) for a, b in itertools.pairwise(sizes))
        self.decoder = MLPDecoder(hidden, hidden, 2)

    def encode(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        for i, conv in enumerate(self.convs):
            x = conv(x, edge_index)
            if i < len(self.convs) - 1:
                x = F.relu(x)
        return x

    def score(self, h: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
        return self.decoder(h[pairs[:, 0]] * h[pairs[:, 1]])


def one_epoch(model, graph_arg, x, pos, neg, perm, batch_size, opt) -> float:
    model.train()
    t0 = time.perf_counter()
    for lo in range(0, perm.numel(), batch_size):
        idx = perm[lo : lo + batch_size]
        opt.zero_grad()
        h = model.encode(x, graph_arg)
        p, n = model.score(h, pos[idx]), model.score(h, neg[idx])
        loss = F.binary_cross_entropy_with_logits(p, torch.ones_like(p))
        loss = loss + F.binary_cross_entropy_with_logits(n, torch.zeros_like(n))
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="cora")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=2048)
    parser.add_argument("--interval", type=int, default=5, help="reweighting interval")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    torch.manual_seed(0)
    data = load_link_data(args.dataset)
    n = data.num_nodes
    x = data.x if data.x is not None else torch.randn(n, args.hidden)
    mg = MessageGraph(data.graph, "gcn")
    ours = LinkPredictor(n, x.shape[1], args.hidden, args.layers, "gcn")
    plain = PlainPyGGCN(x.shape[1], args.hidden, args.layers)
    edge_index = data.graph.to_edge_index()
    pos = torch.as_tensor(data.split["train"]["edge"])
    e = pos
    forbidden = torch.unique(torch.cat([e[:, 0] * n + e[:, 1], e[:, 1] * n + e[:, 0]]))
    gen = torch.Generator().manual_seed(0)
    opt_o = torch.optim.Adam(ours.parameters(), lr=1e-3)
    opt_p = torch.optim.Adam(plain.parameters(), lr=1e-3)
    rw = TCReweighter(mg, alpha=1.0, interval=args.interval, log_tc=True)
    rw_nolog = TCReweighter(mg, alpha=1.0, interval=args.interval, log_tc=False)
    times: dict[str, list[float]] = {"ours": [], "plain": [], "update": [], "update_nolog": []}
    # one warm-up round (first-call costs: numba compilation, allocator)
    for r in range(args.rounds + 1):
        perm = torch.randperm(pos.shape[0], generator=gen)
        neg = sample_negatives(n, pos.shape[0], forbidden, gen)
        t_o = one_epoch(ours, mg.adj_t(), x, pos, neg, perm, args.batch_size, opt_o)
        t_p = one_epoch(plain, edge_index, x, pos, neg, perm, args.batch_size, opt_p)
        ours.eval()
        t0 = time.perf_counter()
        rw.update(lambda adj: ours.encode(x, adj), ours.decoder)
        t_u = time.perf_counter() - t0
        t0 = time.perf_counter()
        rw_nolog.update(lambda adj: ours.encode(x, adj), ours.decoder)
        t_un = time.perf_counter() - t0
        if r:
            for key, val in zip(times, (t_o, t_p, t_u, t_un)):
                times[key].append(val)
    med = {k: statistics.median(v) for k, v in times.items()}
    res = {
        "dataset": args.dataset,
        "nodes": n,
        "entries": mg.nnz,
        "hidden": args.hidden,
        "layers": args.layers,
        "rounds": args.rounds,
        "threads": torch.get_num_threads(),
        "median_seconds": med,
        "ours_over_plain": med["ours"] / med["plain"],
        "reweight_overhead_per_epoch": med["update"] / args.interval / med["ours"],
        "reweight_overhead_per_epoch_nolog": med["update_nolog"] / args.interval / med["ours"],
        "reweight_overhead_interval_1": med["update"] / med["ours"],
        "interval": args.interval,
    }
    if args.json:
        print(json.dumps(res))
    else:
        for key, val in res.items():
            print(f"{key}: {val}")


if __name__ == "__main__":
    main()

"""A small edge-list file with the user's own (non-contiguous) node ids, for the report tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_edges(path: Path, n: int = 80, p: float = 0.08, seed: int = 3) -> np.ndarray:
    """Write an Erdős–Rényi graph plus a ring as ``u v`` lines with ids ``1000 + 7 i``; return
    the ids of the nodes by position (sorted, as the reader compacts them)."""
    rng = np.random.default_rng(seed)
    iu = np.triu_indices(n, 1)
    keep = rng.random(iu[0].size) < p
    ring = np.arange(n)
    r = np.concatenate([iu[0][keep], ring])
    c = np.concatenate([iu[1][keep], (ring + 1) % n])
    ids = 1000 + 7 * np.arange(n)
    path.write_text("".join(f"{ids[a]} {ids[b]}\n" for a, b in zip(r, c)))
    return ids

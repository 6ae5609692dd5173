"""Austin Benson's timestamped-simplex format (ScHoLP), format name ``scholp``.

``NAME-nverts.txt`` (size of each simplex), ``NAME-simplices.txt`` (their node ids
concatenated, 1-based), ``NAME-times.txt`` (one time per simplex), optional
``NAME-node-labels.txt`` (``id name`` per line) and ``NAME-simplex-labels.txt`` (one line per
simplex); each file plain or gzipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError

from ..core import Hypergraph
from .common import (
    atomic_files,
    check_names,
    existing_file,
    int_lines,
    lines_bytes,
    one_based_ids,
    times_column,
    times_text,
    write_bytes,
)
from .textio import int_column, text_lines

__all__ = ["read_benson", "write_benson"]


def _benson_prefix(path: str | os.PathLike[str], name: str | None) -> tuple[Path, str]:
    path = Path(path)
    if path.is_dir():
        if name is None:
            found = sorted(p.name for p in path.iterdir() if "-nverts.txt" in p.name)
            if len(found) != 1:
                raise DatasetNotFoundError(
                    f"{path}: expected exactly one NAME-nverts.txt[.gz] file, found {found}"
                )
            name = found[0].split("-nverts.txt")[0]
        return path, name
    return path.parent, name or path.name


def read_benson(
    path: str | os.PathLike[str],
    name: str | None = None,
    *,
    labels: bool = True,
) -> Hypergraph:
    """Read a hypergraph in Benson's ScHoLP "nverts / simplices / times" format.

    Simplex :math:`i` has ``nverts[i]`` nodes, read in order from ``simplices``; node ids are
    1-based in the files and 0-based in the result, so ``num_nodes`` is the largest id (nodes
    that occur in no simplex stay as isolated nodes, e.g. 5 of email-Enron's 148).

    Parameters
    ----------
    path : path
        The dataset's folder (holding one ``NAME-nverts.txt[.gz]``) or the prefix
        ``folder/NAME``.
    name : str, optional
        ``NAME`` when the folder holds several datasets.
    labels : bool, default True
        Read ``NAME-node-labels.txt`` (``id name`` per line, any order) into ``node_names`` and
        ``NAME-simplex-labels.txt`` into ``edge_data["label"]`` when present.

    Returns
    -------
    Hypergraph
        Every simplex occurrence, with ``times`` when the times file exists.

    Raises
    ------
    DatasetNotFoundError
        If the nverts or simplices file is missing.
    DataFormatError
        If a line is empty or not an integer, a node id is 0, a size is < 1, the sizes do not
        sum to the number of simplex lines, or the times / labels files have the wrong length.

    Examples
    --------
    >>> import tempfile
    >>> H = Hypergraph.from_edges([[0, 1, 2], [0, 1, 2], [2]], times=[10, 20, 30])
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_benson(H, folder, "toy")
    >>> read_benson(folder).equals(H.replace(name="toy"))
    True

    References
    ----------
    A. R. Benson et al., "Simplicial closure and higher-order link prediction", PNAS 115(48),
    2018. Y. Wang, J. Kleinberg, ICLR 2024, arXiv:2401.08519 (its datasets).
    """
    folder, name = _benson_prefix(path, name)
    files = {
        k: existing_file(folder, f"{name}-{k}.txt")
        for k in ("nverts", "simplices", "times", "node-labels", "simplex-labels")
    }
    for key in ("nverts", "simplices"):
        if files[key] is None:
            raise DatasetNotFoundError(f"{folder}: no {name}-{key}.txt or {name}-{key}.txt.gz")
    nv_path, sx_path = files["nverts"], files["simplices"]
    assert nv_path is not None and sx_path is not None
    nverts = int_column(nv_path, what="simplex size")
    if (nverts < 1).any():
        i = int(np.argmax(nverts < 1))
        raise DataFormatError(f"{nv_path}: line {i + 1}: simplex size {nverts[i]} (must be >= 1)")
    ids = int_column(sx_path, what="node id")
    ptr = np.zeros(nverts.shape[0] + 1, dtype=np.int64)
    np.cumsum(nverts, out=ptr[1:])
    if ptr[-1] != ids.shape[0]:
        if ptr[-1] > ids.shape[0]:
            i = int(np.argmax(ptr[1:] > ids.shape[0]))
            where = f"{nv_path}: line {i + 1}: this simplex runs past the end of {sx_path.name}"
        else:
            where = f"{sx_path}: line {int(ptr[-1]) + 1}: beyond the last simplex of {nv_path.name}"
        raise DataFormatError(
            f"{where} (simplex sizes sum to {int(ptr[-1])} but {sx_path.name} has "
            f"{ids.shape[0]} lines)"
        )
    ids = one_based_ids(ids, None, sx_path)
    num_nodes = int(ids.max(initial=-1)) + 1
    times = None
    if files["times"] is not None:
        times = times_column(files["times"])
        if times.shape[0] != nverts.shape[0]:
            raise DataFormatError(
                f"{files['times']}: {times.shape[0]} lines, expected {nverts.shape[0]} "
                f"(one per line of {nv_path.name})"
            )
    node_names = None
    edge_data: dict[str, np.ndarray] = {}
    if labels and files["node-labels"] is not None:
        lab_path = files["node-labels"]
        lab_ids, names = [], []
        for i, line in enumerate(text_lines(lab_path)):
            head, _, rest = line.partition("\t") if "\t" in line else line.partition(" ")
            if not head.strip().isdigit() or int(head) < 1:
                raise DataFormatError(
                    f"{lab_path}: line {i + 1}: expected 'id name' with a 1-based integer id, "
                    f"got {line[:80]!r}"
                )
            lab_ids.append(int(head) - 1)
            names.append(rest.strip())
        num_nodes = max(num_nodes, max(lab_ids, default=-1) + 1)
        node_names = np.full(num_nodes, "", dtype=object)
        node_names[np.asarray(lab_ids, dtype=np.int64)] = names
        node_names = node_names.astype(str)
    if labels and files["simplex-labels"] is not None:
        sl = text_lines(files["simplex-labels"])
        if len(sl) != nverts.shape[0]:
            raise DataFormatError(
                f"{files['simplex-labels']}: {len(sl)} lines, expected {nverts.shape[0]} "
                f"(one per line of {nv_path.name})"
            )
        edge_data["label"] = np.asarray(sl, dtype=str)
    return Hypergraph.from_csr(
        ptr, ids, num_nodes, times=times, node_names=node_names, edge_data=edge_data, name=name
    )


def write_benson(
    h: Hypergraph, folder: str | os.PathLike[str], name: str, *, compress: bool = False
) -> list[Path]:
    """Write ``h`` in the ScHoLP format (1-based ids) into ``folder``, atomically.

    Writes ``NAME-nverts.txt``, ``NAME-simplices.txt``, ``NAME-times.txt`` (when ``h`` has
    times; ``datetime64`` as integer seconds), ``NAME-node-labels.txt`` (when ``h`` has
    ``node_names``) and ``NAME-simplex-labels.txt`` (when ``h.edge_data`` has ``"label"``);
    with ``compress`` each gzipped (``.txt.gz``).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InputError
        If a hyperedge is empty or a name holds a line break.
    """
    folder = Path(folder)
    ext = ".txt.gz" if compress else ".txt"
    out: dict[str, bytes] = {
        "nverts": int_lines(h.edge_sizes()),
        "simplices": int_lines(h.edge_nodes + 1),
    }
    if (h.edge_sizes() == 0).any():
        raise InputError("the ScHoLP format cannot hold empty hyperedges")
    if h.times is not None:
        out["times"] = lines_bytes(times_text(h.times))
    if h.node_names is not None:
        names = check_names(h.node_names.tolist(), "node name")
        out["node-labels"] = lines_bytes([f"{i + 1} {s}" for i, s in enumerate(names)])
    if "label" in h.edge_data:
        out["simplex-labels"] = lines_bytes(
            check_names(h.edge_data["label"].tolist(), "simplex label")
        )
    paths = [folder / f"{name}-{k}{ext}" for k in out]
    with atomic_files(paths) as tmps:
        for tmp, final, data in zip(tmps, paths, out.values()):
            write_bytes(tmp, final, data)
    return paths

"""The node-labelled format of Benson's data page, format name ``hyperlabels``.

``hyperedges-NAME.txt`` (comma-separated 1-based ids per line), ``node-labels-NAME.txt``
(1-based label of node i on line i), ``label-names-NAME.txt``, optional
``node-names-NAME.txt``.
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
    edge_lines,
    existing_file,
    int_lines,
    lines_bytes,
    one_based_ids,
    write_bytes,
)
from .textio import id_lines, int_column, text_lines

__all__ = ["read_hyperlabels", "write_hyperlabels"]


def _hyperlabels_name(folder: Path, name: str | None) -> str:
    if name is not None:
        return name
    found = sorted(p.name for p in folder.glob("hyperedges-*.txt*"))
    if len(found) != 1:
        raise DatasetNotFoundError(
            f"{folder}: expected exactly one hyperedges-NAME.txt[.gz] file, found {found}"
        )
    return found[0][len("hyperedges-") :].split(".txt")[0]


def read_hyperlabels(path: str | os.PathLike[str], name: str | None = None) -> Hypergraph:
    """Read a node-labelled hypergraph in the "hyperlabels" format.

    ``hyperedges-NAME.txt[.gz]`` holds one hyperedge per line (comma-separated 1-based ids),
    ``node-labels-NAME.txt`` the 1-based label of node ``i`` on line ``i``,
    ``label-names-NAME.txt`` the label names, ``node-names-NAME.txt`` (optional) node names.

    Parameters
    ----------
    path : path
        The dataset's folder.
    name : str, optional
        ``NAME``; found from the single ``hyperedges-*.txt[.gz]`` file when omitted.

    Returns
    -------
    Hypergraph
        With ``node_labels`` (0-based) and ``label_names``; ``num_nodes`` is the number of
        label lines (or the largest id when that is larger or labels are missing).

    Raises
    ------
    DataFormatError
        On an empty line, a non-integer id, id 0, or a label outside ``1 .. len(label_names)``.

    Examples
    --------
    >>> import tempfile
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2, 3]], node_labels=[0, 0, 1, 1],
    ...                           label_names=["a", "b"])
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_hyperlabels(H, folder, "toy")
    >>> read_hyperlabels(folder).equals(H.replace(name="toy"))
    True
    """
    folder = Path(path)
    name = _hyperlabels_name(folder, name)
    he = existing_file(folder, f"hyperedges-{name}.txt")
    if he is None:
        raise DatasetNotFoundError(f"{folder}: no hyperedges-{name}.txt[.gz]")
    ptr, ids = id_lines(he, ",")
    ids = one_based_ids(ids, ptr, he)
    num_nodes = int(ids.max(initial=-1)) + 1
    node_labels = label_names = node_names = None
    nl = existing_file(folder, f"node-labels-{name}.txt")
    ln = existing_file(folder, f"label-names-{name}.txt")
    if ln is not None:
        label_names = text_lines(ln)
    if nl is not None:
        labels = int_column(nl, what="label index")
        hi = len(label_names) if label_names is not None else None
        bad = (labels < 1) | (labels > hi if hi is not None else False)
        if bad.any():
            i = int(np.argmax(bad))
            raise DataFormatError(
                f"{nl}: line {i + 1}: label {labels[i]} is not a 1-based index into "
                f"{hi if hi is not None else 'the'} label names"
            )
        node_labels = labels - 1
        if node_labels.shape[0] < num_nodes:
            raise DataFormatError(
                f"{nl}: {node_labels.shape[0]} lines, but {he.name} uses node id {num_nodes}"
            )
        num_nodes = node_labels.shape[0]
    nn = existing_file(folder, f"node-names-{name}.txt")
    if nn is not None:
        names = text_lines(nn)
        if len(names) != num_nodes:
            raise DataFormatError(f"{nn}: {len(names)} lines, expected {num_nodes} (one per node)")
        node_names = np.asarray(names, dtype=str)
    return Hypergraph.from_csr(
        ptr,
        ids,
        num_nodes,
        node_labels=node_labels,
        label_names=label_names,
        node_names=node_names,
        name=name,
    )


def write_hyperlabels(
    h: Hypergraph, folder: str | os.PathLike[str], name: str, *, compress: bool = False
) -> list[Path]:
    """Write ``h`` in the hyperlabels format (1-based ids and labels) into ``folder``.

    ``node-labels`` / ``label-names`` are written when ``h`` has ``node_labels`` (all known),
    ``node-names`` when it has ``node_names``; ``compress`` gzips the hyperedge file.

    Raises
    ------
    InputError
        If a hyperedge is empty, a node label is unknown (``-1``) or a name has a line break.
    """
    folder = Path(folder)
    out: dict[Path, bytes] = {
        folder / f"hyperedges-{name}.txt{'.gz' if compress else ''}": lines_bytes(
            edge_lines(h, ",", 1)
        ),
    }
    if h.node_labels is not None:
        if (h.node_labels < 0).any():
            raise InputError("the hyperlabels format cannot hold unknown (-1) node labels")
        out[folder / f"node-labels-{name}.txt"] = int_lines(h.node_labels + 1)
        names = h.label_names
        if names is None:
            names = tuple(str(i + 1) for i in range(int(h.node_labels.max(initial=-1)) + 1))
        out[folder / f"label-names-{name}.txt"] = lines_bytes(check_names(names, "label name"))
    if h.node_names is not None:
        out[folder / f"node-names-{name}.txt"] = lines_bytes(
            check_names(h.node_names.tolist(), "node name")
        )
    paths = list(out)
    with atomic_files(paths) as tmps:
        for tmp, final in zip(tmps, paths):
            write_bytes(tmp, final, out[final])
    return paths

"""Readers and writers of hypergraph files, all offline.

Formats
-------
``scholp``
    Austin Benson's timestamped-simplex format (ScHoLP): ``NAME-nverts.txt`` (size of each
    simplex), ``NAME-simplices.txt`` (their node ids concatenated, 1-based),
    ``NAME-times.txt`` (one time per simplex), optional ``NAME-node-labels.txt``
    (``id name`` per line) and ``NAME-simplex-labels.txt`` (one line per simplex); each file
    plain or gzipped. :func:`read_benson`, :func:`write_benson`.
``hyperlabels``
    The node-labelled format of Benson's data page: ``hyperedges-NAME.txt`` (comma-separated
    1-based ids per line), ``node-labels-NAME.txt`` (1-based label of node i on line i),
    ``label-names-NAME.txt``, optional ``node-names-NAME.txt``. :func:`read_hyperlabels`,
    :func:`write_hyperlabels`.
``lines``
    One hyperedge per line, ids separated by a space (the SHyRe data of Wang & Kleinberg).
    :func:`read_hyperedge_list`, :func:`write_hyperedge_list`, :func:`read_shyre_pair`.
``xgi-json``
    XGI's JSON (``hypergraph-data``, ``node-data``, ``edge-data``, ``edge-dict``).
    :func:`read_xgi_json`, :func:`write_xgi_json`.
``hif``
    The Hypergraph Interchange Format (JSON with ``incidences``, ``nodes``, ``edges``,
    ``metadata``, ``network-type``), implemented here: HyperNetX's ``to_hif`` / ``from_hif``
    fetch the schema over the network. :func:`read_hif`, :func:`write_hif`.
``lesmis``
    Knuth's Les Misérables scenes as shipped by HyperNetX. :func:`read_lesmis`.

Every reader raises :class:`graphlab.DataFormatError` naming the file and line (JSON: the
element) at fault; every writer writes to temporary files and renames them only when all are
complete, so nothing is half-written.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np

from graphlab._io import atomic_path
from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError

from ..core import Hypergraph
from .textio import id_lines, int_column, line_of_index, read_bytes, split_lines, text_lines

__all__ = [
    "HypergraphPair",
    "load_registered",
    "read_benson",
    "read_hif",
    "read_hyperedge_list",
    "read_hypergraph",
    "read_hyperlabels",
    "read_lesmis",
    "read_shyre_pair",
    "read_xgi_json",
    "write_benson",
    "write_hif",
    "write_hyperedge_list",
    "write_hyperlabels",
    "write_xgi_json",
]


class HypergraphPair(NamedTuple):
    """A training hypergraph and a query (test) hypergraph of one domain (SHyRe data)."""

    train: Hypergraph
    test: Hypergraph


# ---------------------------------------------------------------------- file helpers
def _existing(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    return None


@contextlib.contextmanager
def _atomic_files(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths for several outputs; all are renamed into place only if all succeed."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(atomic_path(p)) for p in paths]


def _write_bytes(tmp: Path, final: Path, data: bytes) -> None:
    if final.name.endswith(".gz"):
        with (
            open(tmp, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh,
        ):
            fh.write(data)
    else:
        tmp.write_bytes(data)


def _lines_bytes(lines: Sequence[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode() if len(lines) else b""


def _int_lines(values: np.ndarray) -> bytes:
    return _lines_bytes([str(v) for v in values.tolist()])


def _edge_lines(h: Hypergraph, sep: str, offset: int) -> list[str]:
    if (h.edge_sizes() == 0).any():
        e = int(np.argmax(h.edge_sizes() == 0))
        raise InputError(f"hyperedge {e} is empty: this format cannot hold empty hyperedges")
    flat = [str(v) for v in (h.edge_nodes + offset).tolist()]
    p = h.edge_ptr.tolist()
    return [sep.join(flat[a:b]) for a, b in itertools.pairwise(p)]


def _check_names(values: Sequence[Any], what: str) -> list[str]:
    out = [str(v) for v in values]
    bad = next((s for s in out if "\n" in s or "\r" in s), None)
    if bad is not None:
        raise InputError(f"{what} {bad!r} holds a line break: this format cannot store it")
    return out


def _times_column(path: Path) -> np.ndarray:
    lines = split_lines(read_bytes(path), path)
    try:
        return np.array([int(x) for x in lines], dtype=np.int64)
    except ValueError:
        pass
    try:
        return np.array([float(x) for x in lines], dtype=np.float64)
    except ValueError:
        for i, x in enumerate(lines):
            try:
                float(x)
            except ValueError:
                raise DataFormatError(
                    f"{path}: line {i + 1}: expected one number (a time), "
                    f"got {x.decode(errors='replace')[:80]!r}"
                ) from None
        raise  # pragma: no cover


def _times_text(times: np.ndarray) -> list[str]:
    if np.issubdtype(times.dtype, np.datetime64):
        return [str(v) for v in times.astype("datetime64[s]").astype(np.int64).tolist()]
    if np.issubdtype(times.dtype, np.integer):
        return [str(v) for v in times.tolist()]
    return [repr(float(v)) for v in times.tolist()]


def _one_based(ids: np.ndarray, ptr: np.ndarray | None, path: Path) -> np.ndarray:
    zero = ids < 1
    if zero.any():
        k = int(np.argmax(zero))
        line = k + 1 if ptr is None else line_of_index(ptr, k)
        raise DataFormatError(
            f"{path}: line {line}: node id {int(ids[k])} in a file of 1-based ids "
            "(ids must be >= 1)"
        )
    return ids - 1


# ---------------------------------------------------------------------- Benson (ScHoLP)
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
        k: _existing(folder, f"{name}-{k}.txt")
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
    ids = _one_based(ids, None, sx_path)
    num_nodes = int(ids.max(initial=-1)) + 1
    times = None
    if files["times"] is not None:
        times = _times_column(files["times"])
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
        "nverts": _int_lines(h.edge_sizes()),
        "simplices": _int_lines(h.edge_nodes + 1),
    }
    if (h.edge_sizes() == 0).any():
        raise InputError("the ScHoLP format cannot hold empty hyperedges")
    if h.times is not None:
        out["times"] = _lines_bytes(_times_text(h.times))
    if h.node_names is not None:
        names = _check_names(h.node_names.tolist(), "node name")
        out["node-labels"] = _lines_bytes([f"{i + 1} {s}" for i, s in enumerate(names)])
    if "label" in h.edge_data:
        out["simplex-labels"] = _lines_bytes(
            _check_names(h.edge_data["label"].tolist(), "simplex label")
        )
    paths = [folder / f"{name}-{k}{ext}" for k in out]
    with _atomic_files(paths) as tmps:
        for tmp, final, data in zip(tmps, paths, out.values()):
            _write_bytes(tmp, final, data)
    return paths


# ---------------------------------------------------------------------- hyperlabels
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
    he = _existing(folder, f"hyperedges-{name}.txt")
    if he is None:
        raise DatasetNotFoundError(f"{folder}: no hyperedges-{name}.txt[.gz]")
    ptr, ids = id_lines(he, ",")
    ids = _one_based(ids, ptr, he)
    num_nodes = int(ids.max(initial=-1)) + 1
    node_labels = label_names = node_names = None
    nl = _existing(folder, f"node-labels-{name}.txt")
    ln = _existing(folder, f"label-names-{name}.txt")
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
    nn = _existing(folder, f"node-names-{name}.txt")
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
        folder / f"hyperedges-{name}.txt{'.gz' if compress else ''}": _lines_bytes(
            _edge_lines(h, ",", 1)
        ),
    }
    if h.node_labels is not None:
        if (h.node_labels < 0).any():
            raise InputError("the hyperlabels format cannot hold unknown (-1) node labels")
        out[folder / f"node-labels-{name}.txt"] = _int_lines(h.node_labels + 1)
        names = h.label_names
        if names is None:
            names = tuple(str(i + 1) for i in range(int(h.node_labels.max(initial=-1)) + 1))
        out[folder / f"label-names-{name}.txt"] = _lines_bytes(_check_names(names, "label name"))
    if h.node_names is not None:
        out[folder / f"node-names-{name}.txt"] = _lines_bytes(
            _check_names(h.node_names.tolist(), "node name")
        )
    paths = list(out)
    with _atomic_files(paths) as tmps:
        for tmp, final in zip(tmps, paths):
            _write_bytes(tmp, final, out[final])
    return paths


# ---------------------------------------------------------------------- one hyperedge per line
def read_hyperedge_list(
    path: str | os.PathLike[str],
    *,
    sep: str | None = " ",
    one_based: bool = False,
    unique: bool = True,
    reindex: Literal["auto", "always", "never"] = "auto",
) -> Hypergraph:
    """Read one hyperedge per line (the SHyRe ``train.txt`` / ``test.txt`` files).

    The reference code of Wang & Kleinberg reads each file as a **set** of node sets and, when
    the ids used are not exactly :math:`0, \\dots, n-1`, re-indexes them in increasing order,
    each file on its own. ``unique=True, reindex="auto"`` (the defaults) do the same;
    ``unique=False`` keeps every line as an occurrence and ``reindex="never"`` keeps the ids.

    Parameters
    ----------
    path : path
        Text file, gzipped when its name ends in ``.gz``.
    sep : str or None, default " "
        Separator between ids; ``None`` for any run of blanks.
    one_based : bool, default False
        Ids in the file start at 1 (0 is then an error).
    unique : bool, default True
        Keep each distinct hyperedge once (first occurrence order).
    reindex : {"auto", "always", "never"}, default "auto"
        Renumber the ids in use to ``0 .. n' - 1`` (their order kept) when they are not
        already exactly that (``"auto"``), always, or never. Re-indexed hypergraphs keep the
        file ids in ``node_names``.

    Raises
    ------
    DataFormatError
        On an empty line or a field that is not a non-negative integer (naming file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> _ = p.write_text("5 9\\n9 7 5\\n5 9\\n")
    >>> H = read_hyperedge_list(p)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 2), (0, 1, 2)], [5, 7, 9])
    >>> read_hyperedge_list(p, unique=False, reindex="never").edges()
    [(5, 9), (5, 7, 9), (5, 9)]

    References
    ----------
    Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
    Remediation", ICLR 2024, arXiv:2401.08519.
    """
    if reindex not in ("auto", "always", "never"):
        raise InputError(f"reindex must be 'auto', 'always' or 'never', got {reindex!r}")
    path = Path(path)
    ptr, ids = id_lines(path, sep)
    if one_based:
        ids = _one_based(ids, ptr, path)
    h = Hypergraph.from_csr(ptr, ids, name=path.name.split(".")[0])
    if unique:
        h = h.unique()
    used = h.covered()
    if reindex == "always" or (reindex == "auto" and not used.all()):
        h, old = h.compact()
        h = h.replace(node_names=old + (1 if one_based else 0))
    return h


def write_hyperedge_list(
    h: Hypergraph, path: str | os.PathLike[str], *, sep: str = " ", one_based: bool = False
) -> Path:
    """Write one hyperedge per line (ids separated by ``sep``), atomically; ``.gz`` gzips.

    Raises
    ------
    InputError
        If a hyperedge is empty (a line cannot hold it).
    """
    path = Path(path)
    data = _lines_bytes(_edge_lines(h, sep, 1 if one_based else 0))
    with atomic_path(path) as tmp:
        _write_bytes(tmp, path, data)
    return path


def read_shyre_pair(path: str | os.PathLike[str]) -> HypergraphPair:
    """Read a SHyRe ``train.txt[.gz]`` / ``test.txt[.gz]`` pair as the reference code does.

    Each file is read as a set of hyperedges and re-indexed on its own when its ids are not
    ``0 .. n-1`` (:func:`read_hyperedge_list` with its defaults).

    Raises
    ------
    DatasetNotFoundError
        If a file of the pair is missing.
    """
    folder = Path(path)
    parts = []
    for part in ("train", "test"):
        f = _existing(folder, f"{part}.txt")
        if f is None:
            raise DatasetNotFoundError(f"{folder}: no {part}.txt or {part}.txt.gz")
        parts.append(read_hyperedge_list(f).replace(name=f"{folder.name}-{part}"))
    return HypergraphPair(*parts)


# ---------------------------------------------------------------------- JSON helpers
def _load_json(path: Path) -> Any:
    data = read_bytes(path)
    try:
        return json.loads(data)
    except json.JSONDecodeError as err:
        raise DataFormatError(f"{path}: line {err.lineno}: invalid JSON ({err.msg})") from None
    except UnicodeDecodeError:
        raise DataFormatError(f"{path}: not UTF-8 JSON") from None


def _write_json_bytes(obj: Any, path: Path) -> Path:
    data = (json.dumps(obj, indent=1, default=_json_value) + "\n").encode()
    with atomic_path(path) as tmp:
        _write_bytes(tmp, path, data)
    return path


def _json_value(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def _parse_times(values: list[Any]) -> np.ndarray | None:
    """Numbers -> numeric array; ISO-8601 strings -> datetime64[s]; otherwise None."""
    if not values:
        return None
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values)
    if all(isinstance(v, str) for v in values):
        try:
            return np.asarray(values, dtype="datetime64[s]")
        except ValueError:
            return None
    return None


def _times_json(times: np.ndarray) -> list[Any]:
    if np.issubdtype(times.dtype, np.datetime64):
        return np.datetime_as_string(times.astype("datetime64[s]"), unit="s").tolist()
    return times.tolist()


def _columns(records: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    keys: dict[str, None] = {}
    for r in records:
        keys.update(dict.fromkeys(r))
    out = {}
    for k in keys:
        if k in skip:
            continue
        col = np.empty(len(records), dtype=object)
        col[:] = [r.get(k) for r in records]
        out[k] = col
    return out


def _node_records(h: Hypergraph) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [{} for _ in range(h.num_nodes)]
    if h.node_names is not None:
        for r, v in zip(records, h.node_names.tolist()):
            r["name"] = v
    if h.node_labels is not None:
        names = h.label_names
        for r, v in zip(records, h.node_labels.tolist()):
            r["label"] = names[v] if names is not None and v >= 0 else v
    for k, col in h.node_data.items():
        for r, v in zip(records, col.tolist()):
            if v is not None:
                r[k] = v
    return records


def _edge_records(h: Hypergraph, time_key: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = [{} for _ in range(h.num_edges)]
    for k, col in h.edge_data.items():
        for r, v in zip(records, col.tolist()):
            if v is not None:
                r[k] = v
    if h.times is not None:
        for r, v in zip(records, _times_json(h.times)):
            r[time_key] = v
    return records


def _split_node_records(
    records: list[dict[str, Any]], label_names: Sequence[str] | None
) -> dict[str, Any]:
    """Per-node attribute dicts -> node_names / node_labels / node_data keyword arguments."""
    cols = _columns(records)
    out: dict[str, Any] = {}
    if "name" in cols and all(v is not None for v in cols["name"]):
        out["node_names"] = np.asarray(cols.pop("name").tolist())
    if "label" in cols and label_names is not None:
        index = {s: i for i, s in enumerate(label_names)}
        labels = cols["label"].tolist()
        if all(v is None or v in index for v in labels):
            cols.pop("label")
            out["node_labels"] = np.asarray(
                [-1 if v is None else index[v] for v in labels], dtype=np.int64
            )
            out["label_names"] = list(label_names)
    out["node_data"] = cols
    return out


# ---------------------------------------------------------------------- XGI JSON
def read_xgi_json(path: str | os.PathLike[str]) -> Hypergraph:
    """Read XGI's JSON format (``node-data``, ``edge-data``, ``edge-dict``), without XGI.

    Nodes are numbered in the order of ``node-data``, then of first appearance in
    ``edge-dict``; their JSON ids go to ``node_names`` unless the nodes carry a ``name``
    attribute, in which case the ids go to ``node_data["id"]``. Hyperedges keep the order of
    ``edge-dict``, their ids in ``edge_data["id"]``. An edge attribute ``timestamp`` of ISO-8601
    strings (or numbers) becomes ``times``.

    Raises
    ------
    DataFormatError
        On invalid JSON (with its line), a missing ``edge-dict``, or an edge that is not a list
        of node ids.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.json"
    >>> _ = p.write_text('{"node-data": {"a": {}, "b": {}}, "edge-data": {}, '
    ...                  '"edge-dict": {"e1": ["a", "b"], "e2": ["c"]}}')
    >>> H = read_xgi_json(p)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 1), (2,)], ['a', 'b', 'c'])
    """
    path = Path(path)
    obj = _load_json(path)
    if not isinstance(obj, dict) or not isinstance(obj.get("edge-dict"), dict):
        raise DataFormatError(f"{path}: not an XGI JSON hypergraph (no 'edge-dict' object)")
    node_data = obj.get("node-data") or {}
    edge_data = obj.get("edge-data") or {}
    if not isinstance(node_data, dict) or not isinstance(edge_data, dict):
        raise DataFormatError(f"{path}: 'node-data' and 'edge-data' must be JSON objects")
    index: dict[Any, int] = {k: i for i, k in enumerate(node_data)}
    ptr = [0]
    flat: list[int] = []
    edge_ids = list(obj["edge-dict"])
    for eid in edge_ids:
        members = obj["edge-dict"][eid]
        if not isinstance(members, list) or not all(isinstance(v, (str, int)) for v in members):
            raise DataFormatError(
                f"{path}: edge-dict[{eid!r}]: expected a list of node ids, got {members!r:.80}"
            )
        for v in members:
            key = str(v)
            if key not in index:
                index[key] = len(index)
            flat.append(index[key])
        ptr.append(len(flat))
    ids = list(index)
    node_records = [node_data.get(k) or {} for k in ids]
    edge_records = [edge_data.get(e) or {} for e in edge_ids]
    meta = obj.get("hypergraph-data") or {}
    label_names = meta.get("label_names") if isinstance(meta, dict) else None
    kwargs = _split_node_records(node_records, label_names)
    if "node_names" in kwargs:
        kwargs["node_data"]["id"] = np.asarray(ids)
    else:
        kwargs["node_names"] = np.asarray(ids)
    ecols = _columns(edge_records)
    times = None
    if "timestamp" in ecols and all(v is not None for v in ecols["timestamp"]):
        times = _parse_times(ecols["timestamp"].tolist())
        if times is not None:
            ecols.pop("timestamp")
    ecols["id"] = np.asarray(edge_ids)
    return Hypergraph.from_csr(
        np.asarray(ptr),
        np.asarray(flat, dtype=np.int64),
        len(ids),
        times=times,
        edge_data=ecols,
        name=meta.get("name") if isinstance(meta, dict) else None,
        **kwargs,
    )


def write_xgi_json(h: Hypergraph, path: str | os.PathLike[str]) -> Path:
    """Write ``h`` in XGI's JSON format, atomically (``.gz`` gzips).

    Node ids are ``node_data["id"]`` or ``node_names`` when those are distinct, else the
    integer ids; edge ids are ``edge_data["id"]`` when distinct, else ``0 .. m-1``. Times go to
    the edge attribute ``timestamp`` (ISO-8601 for ``datetime64``).
    """
    path = Path(path)
    nd, ed = h.node_data, h.edge_data
    node_records = _node_records(h)
    if "id" in nd and len(set(nd["id"].tolist())) == h.num_nodes:
        node_ids = [str(v) for v in nd["id"].tolist()]
        for r in node_records:
            r.pop("id", None)
    elif h.node_names is not None and len(set(h.node_names.tolist())) == h.num_nodes:
        node_ids = [str(v) for v in h.node_names.tolist()]
        for r in node_records:
            r.pop("name", None)
    else:
        node_ids = [str(i) for i in range(h.num_nodes)]
    edge_records = _edge_records(h, "timestamp")
    if "id" in ed and len(set(ed["id"].tolist())) == h.num_edges:
        edge_ids = [str(v) for v in ed["id"].tolist()]
        for r in edge_records:
            r.pop("id", None)
    else:
        edge_ids = [str(i) for i in range(h.num_edges)]
    members = [[node_ids[v] for v in e] for e in h.edges()]
    meta: dict[str, Any] = {"name": h.name} if h.name else {}
    if h.label_names is not None:
        meta["label_names"] = list(h.label_names)
    obj = {
        "hypergraph-data": meta,
        "node-data": dict(zip(node_ids, node_records)),
        "edge-data": dict(zip(edge_ids, edge_records)),
        "edge-dict": dict(zip(edge_ids, members)),
    }
    return _write_json_bytes(obj, path)


# ---------------------------------------------------------------------- HIF
def read_hif(path: str | os.PathLike[str]) -> Hypergraph:
    """Read the Hypergraph Interchange Format (HIF) JSON, without a schema download.

    Nodes are numbered in the order of the ``nodes`` array, then of first appearance in
    ``incidences``; hyperedges likewise from ``edges`` then ``incidences`` (an edge listed in
    ``edges`` without incidences is an empty hyperedge). Node ids go to ``node_names`` unless
    nodes carry a ``name`` attribute (then to ``node_data["id"]``); edge ids to
    ``edge_data["id"]``. Edge attributes ``time`` (numbers) or ``timestamp`` (ISO-8601) become
    ``times``; ``metadata.label_names`` turns node ``label`` attributes into ``node_labels``.
    Incidence attributes (weights) are not kept.

    Raises
    ------
    DataFormatError
        On invalid JSON, a missing ``incidences`` array, or an element without its ``node`` /
        ``edge`` id (the message names the element, e.g. ``incidences[12]``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> H = Hypergraph.from_edges([[0, 1, 2], [2], [0, 1, 2]], times=[1.5, 2.0, 3.0])
    >>> p = write_hif(H, pathlib.Path(tempfile.mkdtemp()) / "h.hif.json")
    >>> read_hif(p).equals(H, metadata=False), read_hif(p).times.tolist()
    (True, [1.5, 2.0, 3.0])

    References
    ----------
    M. Coll et al., "HIF: The hypergraph interchange format for higher-order networks",
    arXiv:2507.11520, 2025 (schema: github.com/pszufe/HIF-standard).
    """
    path = Path(path)
    obj = _load_json(path)
    if not isinstance(obj, dict) or not isinstance(obj.get("incidences"), list):
        raise DataFormatError(f"{path}: not a HIF document (no 'incidences' array)")
    if obj.get("network-type", "undirected") != "undirected":
        raise DataFormatError(
            f"{path}: network-type {obj.get('network-type')!r}: only undirected hypergraphs "
            "are supported"
        )
    nodes_index: dict[Any, int] = {}
    node_records: list[dict[str, Any]] = []
    edges_index: dict[Any, int] = {}
    edge_records: list[dict[str, Any]] = []

    def key_of(item: Any, field: str, where: str) -> Any:
        if not isinstance(item, dict) or field not in item:
            raise DataFormatError(f"{path}: {where}: expected an object with a {field!r} id")
        k = item[field]
        if not isinstance(k, (str, int)) or isinstance(k, bool):
            raise DataFormatError(f"{path}: {where}: {field} id must be a string or integer")
        return k

    def attrs_of(item: dict[str, Any], where: str) -> dict[str, Any]:
        a = item.get("attrs") or {}
        if not isinstance(a, dict):
            raise DataFormatError(f"{path}: {where}: 'attrs' must be an object")
        return dict(a)

    for i, item in enumerate(obj.get("nodes") or []):
        k = key_of(item, "node", f"nodes[{i}]")
        if k not in nodes_index:
            nodes_index[k] = len(nodes_index)
            node_records.append(attrs_of(item, f"nodes[{i}]"))
    for i, item in enumerate(obj.get("edges") or []):
        k = key_of(item, "edge", f"edges[{i}]")
        if k not in edges_index:
            edges_index[k] = len(edges_index)
            edge_records.append(attrs_of(item, f"edges[{i}]"))
    pairs = np.empty((len(obj["incidences"]), 2), dtype=np.int64)
    for i, item in enumerate(obj["incidences"]):
        where = f"incidences[{i}]"
        e = key_of(item, "edge", where)
        v = key_of(item, "node", where)
        if e not in edges_index:
            edges_index[e] = len(edges_index)
            edge_records.append({})
        if v not in nodes_index:
            nodes_index[v] = len(nodes_index)
            node_records.append({})
        pairs[i] = edges_index[e], nodes_index[v]
    m, n = len(edges_index), len(nodes_index)
    order = np.argsort(pairs[:, 0], kind="stable")
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs[:, 0], minlength=m), out=ptr[1:])
    meta = obj.get("metadata") or {}
    label_names = meta.get("label_names") if isinstance(meta, dict) else None
    kwargs = _split_node_records(node_records, label_names)
    ids = list(nodes_index)
    if "node_names" in kwargs:
        kwargs["node_data"]["id"] = np.asarray(ids)
    elif ids != list(range(n)):
        kwargs["node_names"] = np.asarray(ids)
    ecols = _columns(edge_records)
    times = None
    for tk in ("time", "timestamp"):
        if times is None and tk in ecols and all(v is not None for v in ecols[tk]):
            times = _parse_times(ecols[tk].tolist())
            if times is not None:
                ecols.pop(tk)
    edge_ids = list(edges_index)
    if edge_ids != list(range(m)):
        ecols["id"] = np.asarray(edge_ids)
    return Hypergraph.from_csr(
        ptr,
        pairs[order, 1],
        n,
        times=times,
        edge_data=ecols,
        name=meta.get("name") if isinstance(meta, dict) else None,
        **kwargs,
    )


def write_hif(h: Hypergraph, path: str | os.PathLike[str]) -> Path:
    """Write ``h`` as HIF JSON, atomically (``.gz`` gzips).

    Node ids are ``0 .. n-1`` (names, labels and other node columns as attributes), edge ids
    ``0 .. m-1`` (numeric times as attribute ``time``, ``datetime64`` as ``timestamp``,
    other edge columns as attributes); ``metadata`` holds the name and label names.
    """
    path = Path(path)
    time_key = (
        "timestamp"
        if h.times is not None and np.issubdtype(h.times.dtype, np.datetime64)
        else "time"
    )
    nodes = [{"node": i, "attrs": r} for i, r in enumerate(_node_records(h))]
    edges = [{"edge": e, "attrs": r} for e, r in enumerate(_edge_records(h, time_key))]
    eid = h.edge_index_of_incidences().tolist()
    incidences = [{"edge": e, "node": v} for e, v in zip(eid, h.edge_nodes.tolist())]
    meta: dict[str, Any] = {}
    if h.name:
        meta["name"] = h.name
    if h.label_names is not None:
        meta["label_names"] = list(h.label_names)
    obj = {
        "network-type": "undirected",
        "metadata": meta,
        "nodes": nodes,
        "edges": edges,
        "incidences": incidences,
    }
    return _write_json_bytes(obj, path)


# ---------------------------------------------------------------------- Les Misérables
def read_lesmis(
    path: str | os.PathLike[str], by: Literal["scene", "chapter"] = "scene"
) -> Hypergraph:
    """Read Knuth's Les Misérables co-appearances as shipped by HyperNetX.

    ``lesmis-characters.txt`` (``CODE description`` per line) gives the 80 nodes in file order
    (codes in ``node_names``, descriptions in ``node_data["description"]``);
    ``lesmis-chapters.txt`` (``volume.book.chapter:scene;scene`` with comma-separated codes)
    gives one hyperedge per scene (402) or per chapter with characters (288, the union of its
    scenes); ``edge_data["chapter"]`` names the chapter.

    Raises
    ------
    DataFormatError
        On a character code that is not in the character list (naming file and line).
    """
    if by not in ("scene", "chapter"):
        raise InputError(f"by must be 'scene' or 'chapter', got {by!r}")
    folder = Path(path)
    chars = folder / "lesmis-characters.txt"
    chaps = folder / "lesmis-chapters.txt"
    codes, descriptions = [], []
    for i, line in enumerate(text_lines(chars)):
        code, _, desc = line.partition(" ")
        if not code:
            raise DataFormatError(f"{chars}: line {i + 1}: expected 'CODE description'")
        codes.append(code)
        descriptions.append(desc.strip())
    index = {c: i for i, c in enumerate(codes)}
    edges: list[list[int]] = []
    chapter: list[str] = []
    for i, line in enumerate(text_lines(chaps)):
        line = line.strip()
        if not line:
            raise DataFormatError(f"{chaps}: line {i + 1}: empty line")
        label, colon, rest = line.partition(":")
        if not colon:
            continue
        scenes = []
        for scene in rest.split(";"):
            members = [c.strip() for c in scene.split(",") if c.strip()]
            unknown = [c for c in members if c not in index]
            if unknown:
                raise DataFormatError(
                    f"{chaps}: line {i + 1}: character code {unknown[0]!r} is not in {chars.name}"
                )
            if members:
                scenes.append([index[c] for c in members])
        if by == "scene":
            edges.extend(scenes)
            chapter.extend([label] * len(scenes))
        elif scenes:
            edges.append(sorted({v for s in scenes for v in s}))
            chapter.append(label)
    return Hypergraph.from_edges(
        edges,
        len(codes),
        node_names=np.asarray(codes),
        node_data={"description": np.asarray(descriptions)},
        edge_data={"chapter": np.asarray(chapter)},
        name=f"lesmis-{by}s",
    )


# ---------------------------------------------------------------------- dispatch
def read_hypergraph(
    path: str | os.PathLike[str], format: str | None = None, **kwargs: Any
) -> Hypergraph:
    """Read a hypergraph file or folder, guessing the format when ``format`` is omitted.

    Folders: ScHoLP (a ``*-nverts.txt[.gz]``), hyperlabels (a ``hyperedges-*.txt[.gz]``),
    Les Misérables (``lesmis-chapters.txt``). Files: ``.json[.gz]`` holding ``incidences``
    (HIF) or ``edge-dict`` (XGI); anything else one hyperedge per line (blank-separated).

    Raises
    ------
    DatasetNotFoundError
        If the path does not exist.
    DataFormatError
        If the format cannot be recognised, or the file is malformed.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetNotFoundError(f"{path}: no such file or folder")
    if format is None:
        format = _guess_format(path)
    readers = {
        "scholp": read_benson,
        "hyperlabels": read_hyperlabels,
        "lines": lambda p, **kw: read_hyperedge_list(p, **{"sep": None, **kw}),
        "xgi-json": read_xgi_json,
        "hif": read_hif,
        "lesmis": read_lesmis,
    }
    if format not in readers:
        raise InputError(f"unknown hypergraph format {format!r}; known: {sorted(readers)}")
    return readers[format](path, **kwargs)


def _guess_format(path: Path) -> str:
    if path.is_dir():
        names = [p.name for p in path.iterdir()]
        if any("-nverts.txt" in s for s in names):
            return "scholp"
        if any(s.startswith("hyperedges-") for s in names):
            return "hyperlabels"
        if "lesmis-chapters.txt" in names:
            return "lesmis"
        raise DataFormatError(f"{path}: no hypergraph files recognised in this folder")
    if ".json" in path.name:
        head = read_bytes(path)[: 1 << 16]
        if b'"incidences"' in head:
            return "hif"
        if b'"edge-dict"' in head or b'"node-data"' in head:
            return "xgi-json"
        return "hif"
    return "lines"


def load_registered(entry: Any, folder: Path) -> Hypergraph | HypergraphPair:
    """Load a registered hypergraph dataset (the ``loader`` of its registry entry).

    Parameters
    ----------
    entry : DatasetEntry-like
        Needs ``name`` and ``format`` (``scholp``, ``hyperlabels``, ``shyre-pair``,
        ``xgi-json``, ``lesmis``); ``extra["file"]`` names the file inside the folder for
        ``xgi-json``, ``extra["by"]`` the hyperedges of ``lesmis``.
    folder : Path
        The dataset's folder under a data root.

    Returns
    -------
    Hypergraph, or HypergraphPair for ``shyre-pair``.
    """
    fmt = entry.format
    extra = dict(getattr(entry, "extra", {}) or {})
    folder = Path(folder)
    if fmt == "scholp":
        h = read_benson(folder, extra.get("prefix"))
    elif fmt == "hyperlabels":
        h = read_hyperlabels(folder, extra.get("prefix"))
    elif fmt == "shyre-pair":
        return read_shyre_pair(folder)
    elif fmt == "xgi-json":
        h = read_xgi_json(folder / extra["file"])
    elif fmt == "lesmis":
        h = read_lesmis(folder, extra.get("by", "scene"))
    else:
        raise InputError(f"dataset {entry.name!r}: unknown hypergraph format {fmt!r}")
    return h.replace(name=entry.name)

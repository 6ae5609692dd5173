"""The files of ``graphlab reconstruct``: one node numbering for query and truth, and the
reconstruction written back in the files' own node ids.

A query and its truth are two files that name the same nodes. They may name them by integers
of any size or by text (tag names, DOIs): each file is read with its ids renumbered to
``0 .. n-1`` in sorted order (:func:`hypergraph.readwrite.read_hyperedge_list`,
``reindex="always"``; :func:`graphlab.readwrite.read_edge_list`, ``relabel=True``), the
truth is put on the query's numbering by its ids (:func:`onto_query`), and the output names
each node by its id again (:func:`write_reconstruction`). The numbering keeps the order of
integer ids, so a file of small integer ids is reconstructed exactly as when its ids were
used as positions. The training hypergraph needs no shared numbering: SHyRe learns from its
structure alone. It also holds the one check of command-line options that both commands make
(:func:`refuse_shyre_flags`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from graphlab.errors import DataFormatError, InputError

if TYPE_CHECKING:
    from graphlab.graph import Graph
    from hypergraph.core import Hypergraph

__all__ = [
    "SHYRE_FLAGS",
    "Query",
    "check_truth_projects",
    "in_file_ids",
    "onto_query",
    "read_hyperedges",
    "read_query",
    "refuse_shyre_flags",
    "write_reconstruction",
]


@dataclass(frozen=True)
class Query:
    """A query read from a file: its projection and what the reconstruction is written in.

    Attributes:
        graph (Graph): the projection (weighted by pair multiplicity when read so).
        nodes (ndarray of bool): the nodes the query covers (a singleton line covers its node).
        names (ndarray or None): the file's id of each node; ``None`` when node ``i`` is id
            ``i`` (a file whose ids are exactly ``0 .. n-1``).
    """

    graph: Graph
    nodes: np.ndarray
    names: np.ndarray | None


def read_hyperedges(path: str, option: str, *, unique: bool = True) -> Hypergraph:
    """A hyperedge-list file, its ids renumbered and kept in ``node_names``.

    Raises
    ------
    InputError
        If the file does not exist.
    DataFormatError
        If it is not a hyperedge list, or holds no hyperedge.
    """
    from hypergraph.readwrite import read_hyperedge_list

    if not Path(path).is_file():
        raise InputError(f"{option} {path}: no such file")
    h = read_hyperedge_list(path, sep=None, unique=unique, reindex="always")
    if h.num_edges == 0:
        raise DataFormatError(f"{option} {path}: holds no hyperedges")
    return h


def read_query(path: str, *, weighted: bool = False, edges: bool | None = None) -> Query:
    """``--query``: a hyperedge list (projected), or an edge list (its own projection).

    Parameters
    ----------
    path : str
    weighted : bool, default False
        Project with multiplicities (every line of a hyperedge list counts; an edge list's
        third column is the multiplicity).
    edges : bool or None
        Read an edge list (``True``), a hyperedge list (``False``), or the first of the two
        that reads the file (``None``).
    """
    from graphlab.readwrite import read_edge_list
    from hypergraph.projection import clique_expansion
    from hypergraph.readwrite import read_hyperedge_list

    if not Path(path).is_file():
        raise InputError(f"--query {path}: no such file")
    if Path(path).name.lower().endswith((".parquet", ".json")):
        return _query_from_table(path, weighted)  # as `graphlab hypergraph project` writes
    if edges is None and _first_fields(path)[:2] == ["source", "target"]:
        edges = True  # the header of `graphlab hypergraph project`'s edge tables
    if not edges:
        try:
            h = read_hyperedge_list(path, sep=None, unique=not weighted, reindex="always")
        except DataFormatError:
            # a file with a line of three or more nodes is a hyperedge list: its own error
            # says what is wrong, not the edge-list reader's column count
            if edges is False or _has_wide_line(path):
                raise
        else:
            if h.num_edges == 0:
                raise DataFormatError(f"--query {path}: holds no hyperedges")
            return Query(clique_expansion(h, weighted=weighted), h.covered(), h.node_names)
    graph = read_edge_list(path, relabel=True, weighted=weighted or None)
    return Query(graph, graph.degree() > 0, graph.node_ids)


def _lines(path: str, lines: int) -> list[bytes]:
    """The first ``lines`` lines of a file, gunzipped when it is gzip (by name or content)."""
    import gzip

    from graphlab.fileio import is_gzip

    try:
        with gzip.open(path, "rb") if is_gzip(path) else open(path, "rb") as fh:
            return [line for _, line in zip(range(lines), fh, strict=False)]
    except (OSError, EOFError):
        return []  # the reader that follows names what is wrong with the file


def _first_fields(path: str) -> list[str]:
    """The fields of the first line, split at commas, tabs or blanks, lower-cased."""
    first = _lines(path, 1)
    text = first[0].decode("utf-8", "replace") if first else ""
    return text.replace(",", " ").lower().split()


def _has_wide_line(path: str, lines: int = 10_000) -> bool:
    """Whether one of the first ``lines`` lines of ``path`` holds three or more blank-separated
    fields (a CSV line ``u,v,weight`` is an edge list's, not a hyperedge of three)."""
    return any(len(line.split()) >= 3 for line in _lines(path, lines))


def _query_from_table(path: str, weighted: bool) -> Query:
    """A Parquet or JSON-records edge table with ``source``, ``target`` (and, weighted,
    ``weight``) columns, as ``graphlab hypergraph project --out`` writes it."""
    import pandas as pd

    from graphlab.graph import Graph

    try:
        if path.lower().endswith(".parquet"):
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_json(path, orient="records", dtype=False)
    except Exception as err:  # pyarrow's and pandas' own errors for a file that is not one
        detail = str(err).strip().splitlines()[0][:160] if str(err).strip() else type(err).__name__
        raise DataFormatError(f"--query {path}: not a readable edge table ({detail})") from None
    need = ["source", "target"] + (["weight"] if weighted else [])
    missing = [c for c in need if c not in frame.columns]
    if missing or len(frame) == 0:
        what = f"no column {', '.join(map(repr, missing))}" if missing else "no rows"
        raise DataFormatError(
            f"--query {path}: {what} (an edge table needs columns {', '.join(need)}, as "
            "`graphlab hypergraph project --out` writes)"
        )
    graph = Graph.from_pandas(frame, weight="weight" if weighted else None, relabel=True)
    return Query(graph, graph.degree() > 0, graph.node_ids)


def onto_query(h: Hypergraph, query: Query) -> tuple[Hypergraph, Query]:
    """``h`` (a truth read by :func:`read_hyperedges`) on the query's node numbering.

    Nodes are matched by their ids in the files; an integer id and the same digits as text
    are one node. A truth node the query does not name (a singleton hyperedge of a node
    without edges) becomes a node of the query without edges, numbered after its own.

    Returns
    -------
    truth : Hypergraph
    query : Query
        ``query`` with those nodes added (itself when there are none); ``query.names`` names
        the nodes of both.

    Examples
    --------
    >>> from hypergraph.core import Hypergraph
    >>> from graphlab import Graph
    >>> q = Query(Graph.from_coo([0, 1], [1, 2], 3), np.ones(3, bool), np.array([5, 7, 1000]))
    >>> truth = Hypergraph.from_edges([[0, 1, 2], [3]], node_names=[1000, 5, 7, 8])
    >>> t, q2 = onto_query(truth, q)
    >>> t.edges(), q2.names.tolist(), q2.graph.num_nodes
    ([(0, 1, 2), (3,)], [5, 7, 1000, 8], 4)
    """
    from graphlab.graph import Graph
    from hypergraph.core import Hypergraph

    n = query.graph.num_nodes
    have = np.arange(n) if query.names is None else query.names
    want = np.arange(h.num_nodes) if h.node_names is None else h.node_names
    if have.dtype.kind != want.dtype.kind:  # 7 and "7" name one node
        have, want = have.astype(str), want.astype(str)
    pos = np.full(want.size, -1, dtype=np.int64)
    if n:
        order = np.argsort(have, kind="stable")
        at = order[np.minimum(np.searchsorted(have, want, sorter=order), n - 1)]
        pos = np.where(have[at] == want, at, -1)
    extra = np.flatnonzero(pos < 0)
    pos[extra] = n + np.arange(extra.size)
    truth = Hypergraph.from_csr(h.edge_ptr, pos[h.edge_nodes], n + extra.size)
    if extra.size == 0:
        return truth, query
    g = query.graph
    edges = g.edges()
    wider = Graph.from_coo(edges[:, 0], edges[:, 1], n + extra.size, g.edge_weights())
    nodes = np.concatenate([query.nodes, np.zeros(extra.size, dtype=bool)])
    return truth, Query(wider, nodes, np.concatenate([have, want[extra]]))


def check_truth_projects(
    truth: Hypergraph,
    graph: Graph,
    truth_name: str,
    query_name: str,
    names: np.ndarray | None = None,
) -> None:
    """Refuse a ground truth whose projection is not the query graph.

    The reconstruction of a query is scored against the hypergraph it is the projection of; a
    truth that projects onto another graph (other ids, another file) would score every
    reconstruction near 0 without saying why.

    Raises
    ------
    InputError
        Naming a pair of nodes (by their ids in ``names``) in one graph but not the other, and
        how many differ each way.
    """
    from hypergraph.projection import clique_expansion

    n = max(graph.num_nodes, truth.num_nodes, 1)

    def keys(edges: Any) -> Any:
        e = np.sort(np.asarray(edges, dtype=np.int64).reshape(-1, 2), axis=1)
        e = e[e[:, 0] != e[:, 1]]
        return np.unique(e[:, 0] * n + e[:, 1])

    def name(v: int) -> str:
        return str(v if names is None else names[v])

    projected, query = keys(clique_expansion(truth).edges()), keys(graph.edges())
    missing = np.setdiff1d(projected, query, assume_unique=True)  # truth pairs not in the query
    extra = np.setdiff1d(query, projected, assume_unique=True)  # query edges the truth lacks
    if missing.size == 0 and extra.size == 0:
        return
    if missing.size:
        u, v = divmod(int(missing[0]), n)
        first = (
            f"nodes {name(u)} and {name(v)} share a truth hyperedge but are not adjacent in "
            "the query"
        )
    else:
        u, v = divmod(int(extra[0]), n)
        first = f"query edge ({name(u)}, {name(v)}) lies in no truth hyperedge"
    raise InputError(
        f"--truth {truth_name} does not project onto the query {query_name}: {first} "
        f"({missing.size:,} truth pairs missing from the query's {query.size:,} edges, "
        f"{extra.size:,} query edges not covered by the truth)"
    )


def in_file_ids(h: Hypergraph) -> Hypergraph:
    """``h`` with the ids of its file as node ids (a re-indexed read keeps them in node_names).

    The SHyRe pair reader re-indexes each file to ``0 .. n-1``, as the paper's code does;
    reconstructing in the file's ids makes ``reconstruct NAME --out`` write the ids of the
    pair's ``test.txt``, the ids ``--query test.txt`` reads and writes.

    Examples
    --------
    >>> from hypergraph.core import Hypergraph
    >>> in_file_ids(Hypergraph.from_edges([[0, 1], [1, 2]], node_names=[5, 9, 20])).edges()
    [(5, 9), (9, 20)]
    """
    from hypergraph.core import Hypergraph

    if h.node_names is None or not np.issubdtype(h.node_names.dtype, np.integer):
        return h
    ids = h.node_names.astype(np.int64)
    return Hypergraph.from_csr(h.edge_ptr, ids[h.edge_nodes], int(ids.max(initial=-1)) + 1,
                               times=h.times, name=h.name)  # fmt: skip


def write_reconstruction(
    h: Hypergraph, names: np.ndarray | None, path: str, counts: np.ndarray | None = None
) -> Path:
    """Write ``h`` one hyperedge per line, each node by its id in ``names`` (``None``: its
    number), atomically; with ``counts``, a tab and the hyperedge's multiplicity end each line.
    Nodes are separated by a space, or by a tab when a name holds a space (the reader of
    hyperedge lists then splits on tabs alone).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from hypergraph.core import Hypergraph
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2]])
    >>> _ = write_reconstruction(H, np.array(["c++", "algebra", "c#"]), f, np.array([4, 1]))
    >>> f.read_text()
    'c++ algebra\\t4\\nalgebra c#\\t1\\n'
    """
    from graphlab.fileio import atomic_path
    from hypergraph.readwrite.common import edge_lines, lines_bytes, write_bytes

    sep = " "
    if names is not None:
        h = h.replace(node_names=names[: h.num_nodes])
        if names.dtype.kind == "U" and np.char.find(names, " ").max(initial=-1) >= 0:
            sep = "\t"  # names with spaces ("New York"): tab-separated, as they were read
    lines = edge_lines(h, sep, names=names is not None)
    if counts is not None:
        lines = [f"{a}\t{m}" for a, m in zip(lines, counts.tolist(), strict=True)]
    out = Path(path)
    with atomic_path(out) as tmp:
        write_bytes(tmp, out, lines_bytes(lines))
    return out


#: The options (argparse names) that only SHyRe reads.
SHYRE_FLAGS = ("paper", "budget", "classifier", "threshold", "ensemble", "tune_threshold")


def refuse_shyre_flags(args: Any, names: tuple[str, ...], why: str) -> None:
    """Refuse the first of the SHyRe options ``names`` given on the command line, saying
    ``why`` it does not apply (a method that would ignore it)."""
    for name in names:
        value = getattr(args, name, None)
        if value is not None and value is not False:  # a threshold of 0 is given too
            flag = "--" + name.replace("_", "-")
            raise InputError(f"{flag} is a SHyRe setting; {why}")

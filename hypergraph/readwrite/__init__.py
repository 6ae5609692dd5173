"""Readers and writers of hypergraph files, all offline: one module per format.

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
``shyre-pair``
    A folder holding ``train.txt[.gz]`` and ``test.txt[.gz]`` in the ``lines`` format.
    :func:`read_shyre_pair`.

:data:`FORMATS` (in :mod:`.formats`) is the one table of these formats: :func:`read_hypergraph`
and :func:`guess_format` read it, and :func:`load_registered` loads a registered dataset through
it (the dataset registry finds that function through the ``graphlab.formats`` entry points).

Every reader raises :class:`graphlab.DataFormatError` naming the file and line (JSON: the
element) at fault; every writer writes to temporary files and renames them only when all are
complete, so nothing is half-written.
"""

from __future__ import annotations

from .benson import read_benson, write_benson
from .formats import (
    FORMATS,
    HypergraphFormat,
    PathProbe,
    guess_format,
    load_registered,
    read_hypergraph,
)
from .hif import read_hif, write_hif
from .hyperedge_list import read_hyperedge_list, write_hyperedge_list
from .hyperlabels import read_hyperlabels, write_hyperlabels
from .lesmis import read_lesmis
from .shyre_pair import HypergraphPair, read_shyre_pair
from .xgi_json import read_xgi_json, write_xgi_json

__all__ = [
    "FORMATS",
    "HypergraphFormat",
    "HypergraphPair",
    "PathProbe",
    "guess_format",
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

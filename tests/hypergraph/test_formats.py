"""The one table of hypergraph formats: guessing, reading, writing and registry loading."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from graphlab.errors import DataFormatError, InputError
from hypergraph.core import Hypergraph
from hypergraph.readwrite import (
    FORMATS,
    HypergraphPair,
    guess_format,
    load_registered,
    read_hypergraph,
    write_hyperedge_list,
)

H = Hypergraph.from_edges([[0, 1, 2], [1, 3], [2]])

# how each writable format writes H into tmp_path, and the path read_hypergraph then gets
WRITE = {
    "scholp": lambda w, p: (w(H, p, "toy"), p)[1],
    "hyperlabels": lambda w, p: (w(H, p, "toy"), p)[1],
    "lines": lambda w, p: w(H, p / "h.txt"),
    "xgi-json": lambda w, p: w(H, p / "h.json"),
    "hif": lambda w, p: w(H, p / "h.hif.json.gz"),
}


def test_table_rows_are_named_by_their_key():
    assert all(name == row.name for name, row in FORMATS.items())
    assert {n for n, r in FORMATS.items() if r.write is not None} == set(WRITE)
    assert FORMATS["shyre-pair"].kind == "hypergraph-pair"


@pytest.mark.parametrize("name", sorted(WRITE))
def test_every_writer_round_trips_through_guessing(tmp_path, name):
    path = WRITE[name](FORMATS[name].write, tmp_path)
    assert guess_format(path) == name
    got = read_hypergraph(path)
    assert got.edge_set() == H.edge_set()
    assert read_hypergraph(path, format=name).edge_set() == H.edge_set()


def test_guess_xgi_vs_hif(tmp_path):
    # a HIF document whose attributes mention "edge-dict" is still HIF: incidences decide
    p = tmp_path / "h.json"
    p.write_text('{"incidences": [{"edge": 0, "node": 1}], "metadata": {"x": "edge-dict"}}')
    assert guess_format(p) == "hif"
    q = tmp_path / "x.json"
    q.write_text('{"edge-dict": {"0": [1, 2]}}')
    assert guess_format(q) == "xgi-json"


def test_unrecognised_folder_and_unknown_format(tmp_path):
    with pytest.raises(DataFormatError, match="no hypergraph files recognised"):
        guess_format(tmp_path)
    p = write_hyperedge_list(H, tmp_path / "h.txt")
    with pytest.raises(InputError, match="unknown hypergraph format 'nope'"):
        read_hypergraph(p, format="nope")
    with pytest.raises(InputError, match="read_shyre_pair"):
        read_hypergraph(tmp_path, format="shyre-pair")


def test_load_registered_goes_through_the_table(tmp_path):
    write_hyperedge_list(H, tmp_path / "train.txt")
    write_hyperedge_list(H, tmp_path / "test.txt")
    pair = load_registered(SimpleNamespace(name="p", format="shyre-pair", extra={}), tmp_path)
    assert isinstance(pair, HypergraphPair) and pair.test.edge_set() == H.edge_set()
    entry = SimpleNamespace(name="toy-lines", format="lines", extra={"file": "train.txt"})
    got = load_registered(entry, tmp_path)
    assert got.name == "toy-lines" and got.edge_set() == H.edge_set()
    with pytest.raises(InputError, match="needs a `file` field"):
        load_registered(SimpleNamespace(name="x", format="hif", extra={}), tmp_path)
    with pytest.raises(InputError, match="unknown hypergraph format"):
        load_registered(SimpleNamespace(name="x", format="csv", extra={}), tmp_path)

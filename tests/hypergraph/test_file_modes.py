"""Hypergraph writers: outputs with the mode open() gives under the umask, symlinks, atomicity."""

from __future__ import annotations

import os

import numpy as np
import pytest

from conftest import file_mode
from graphlab.errors import OutputPathError
from graphlab.fileio import output_file_mode
from hypergraph.core import Hypergraph
from hypergraph.readwrite import (
    common,
    read_hyperedge_list,
    write_benson,
    write_hif,
    write_hyperedge_list,
    write_hyperlabels,
    write_xgi_json,
)


def _h() -> Hypergraph:
    return Hypergraph.from_edges(
        [(0, 1, 2), (1, 3), (0, 1, 2)],
        times=np.array([3, 1, 2]),
        node_names=np.array(["a", "b", "c", "d"]),
    )


WRITERS = {
    "lines": lambda h, d: [write_hyperedge_list(h, d / "h.txt")],
    "lines.gz": lambda h, d: [write_hyperedge_list(h, d / "h.txt.gz")],
    "hif": lambda h, d: [write_hif(h, d / "h.hif.json")],
    "xgi": lambda h, d: [write_xgi_json(h, d / "h.xgi.json.gz")],
    "benson": lambda h, d: write_benson(h, d / "scholp", "h"),
    "benson.gz": lambda h, d: write_benson(h, d / "scholp", "h", compress=True),
    "hyperlabels": lambda h, d: write_hyperlabels(h, d / "labels", "h"),
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_hypergraph_writer_gives_the_umask_mode(tmp_path, umask, fmt):
    paths = WRITERS[fmt](_h(), tmp_path)
    assert paths
    for p in paths:
        assert file_mode(p) == 0o666 & ~umask, p
        if p.parent != tmp_path:  # a folder the writer made
            assert file_mode(p.parent) == 0o777 & ~umask
    # again, over files of another mode
    for p in paths:
        os.chmod(p, 0o600)
    for p in WRITERS[fmt](_h(), tmp_path):
        assert file_mode(p) == 0o666 & ~umask, p
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_hyperedge_list_through_a_symlink(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("9 9\n")
    os.chmod(real, 0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    write_hyperedge_list(_h(), link)
    assert link.is_symlink()
    edges = read_hyperedge_list(real, reindex="never", unique=False).edges()
    assert edges == [(0, 1, 2), (1, 3), (0, 1, 2)]
    assert file_mode(real) == output_file_mode()


def test_a_failed_multi_file_write_leaves_every_old_file(tmp_path, monkeypatch):
    paths = write_benson(_h(), tmp_path, "h")
    before = {p: p.read_bytes() for p in paths}
    for p in paths:
        os.chmod(p, 0o640)
    real = common.write_bytes
    calls = []

    def fail_on_third(tmp, final, data):
        calls.append(final)
        if len(calls) == 3:
            raise OSError("disk full")
        real(tmp, final, data)

    monkeypatch.setattr("hypergraph.readwrite.benson.write_bytes", fail_on_third)
    h2 = Hypergraph.from_edges([(0, 1)], num_nodes=4, times=np.array([7]))
    with pytest.raises(OutputPathError, match=r"h-times\.txt: disk full"):
        write_benson(h2, tmp_path, "h")
    assert {p: p.read_bytes() for p in paths} == before
    assert all(file_mode(p) == 0o640 for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)

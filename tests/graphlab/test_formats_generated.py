"""The ``generated`` dataset format: drawn on first use, cached, the same graph afterwards."""

from __future__ import annotations

import pytest

from graphlab.datasets import GraphDataset, load_dataset, registry
from graphlab.errors import DataFormatError
from graphlab.formats.generated import cached_path, read_generated
from graphlab.generators import hyperbolic_graph
from graphlab.records import DatasetEntry


def entry(**extra):
    params = {"model": "hyperbolic", "nodes": 3000, "avg_degree": 8.0, "gamma": 2.7, "seed": 1}
    params.update(extra)
    return DatasetEntry(name="tiny-hyperbolic", kind="graph", format="generated", path=".",
                        extra=params)  # fmt: skip


def test_first_read_draws_and_caches_later_reads_load(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    e = entry()
    path = cached_path(e)
    assert not path.exists()
    first = read_generated(e, tmp_path)
    assert path.is_file() and path.parent == tmp_path / "generated"
    assert first.graph.equals(hyperbolic_graph(3000, 8.0, 2.7, seed=1))
    stamp = path.stat().st_mtime_ns
    again = read_generated(e, tmp_path)
    assert path.stat().st_mtime_ns == stamp  # read, not drawn again
    assert again.graph.equals(first.graph)
    assert not list(tmp_path.glob("generated/.*.tmp"))


def test_other_parameters_other_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    assert cached_path(entry()) != cached_path(entry(seed=2))
    assert cached_path(entry()) != cached_path(entry(nodes=3001))


def test_damaged_cache_file_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    e = entry()
    path = cached_path(e)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an npz")
    assert read_generated(e, tmp_path).graph.equals(hyperbolic_graph(3000, 8.0, 2.7, seed=1))


def test_bad_entries_name_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    with pytest.raises(DataFormatError, match="model 'gnp'"):
        read_generated(entry(model="gnp"), tmp_path)
    bad = entry()
    del bad.extra["gamma"]
    with pytest.raises(DataFormatError, match="lacks gamma"):
        read_generated(bad, tmp_path)


@pytest.mark.parametrize(
    ("name", "nodes"), [("hyperbolic-1m", 10**6), ("hyperbolic-citation2", 2927963)]
)
def test_registered_sizes(name, nodes):
    e = registry()[name]
    assert e.format == "generated" and e.kind == "graph"
    assert e.extra["nodes"] == nodes and e.extra["gamma"] == 2.7
    # ~10M and ~30M undirected edges
    assert 9e6 < e.extra["nodes"] * e.extra["avg_degree"] / 2 < 3.1e7


def test_load_dataset_reads_the_format(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    from graphlab import datasets

    monkeypatch.setitem(datasets.registry(), "tiny-hyperbolic", entry())
    ds = load_dataset("tiny-hyperbolic", GraphDataset)
    assert ds.graph.num_nodes == 3000

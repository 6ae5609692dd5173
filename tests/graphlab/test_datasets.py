import io
import os
import pickle
import re
import zipfile

import numpy as np
import pytest
import torch

import graphlab.datasets as ds
from conftest import require
from graphlab import DataFormatError, DatasetNotFoundError, InputError
from graphlab.safeload import load_pickle, load_torch_arrays


def test_ogbl_ddi_counts():
    require("ogbl-ddi")
    d = ds.load_dataset("ogbl-ddi")
    assert d.num_nodes == 4267
    assert d.graph.num_edges == 1_067_911
    assert d.split["train"]["edge"].shape == (1_067_911, 2)
    assert d.split["valid"]["edge"].shape == (133_489, 2)
    assert d.split["test"]["edge"].shape == (133_489, 2)
    assert d.split["valid"]["edge_neg"].shape == (101_882, 2)
    assert d.split["test"]["edge_neg"].shape == (95_599, 2)
    assert d.metric == "hits@20"
    assert all(ds.verify("ogbl-ddi").values())


@pytest.mark.parametrize(
    ("name", "nodes", "edges", "features"),
    [("cora", 2708, 5278, 1433), ("citeseer", 3327, 4552, 3703), ("pubmed", 19717, 44324, None)],
)
def test_planetoid_counts(name, nodes, edges, features):
    require(name)
    if features is None:  # PubMed's allx is not shipped here: structure and labels still load
        with pytest.warns(UserWarning, match=r"node features unavailable \(ind\.pubmed\.allx"):
            d = ds.load_dataset(name)
        assert d.x is None
    else:
        d = ds.load_dataset(name)
        assert d.x.shape == (nodes, features)
    assert (d.graph.num_nodes, d.graph.num_edges) == (nodes, edges)
    assert d.y.shape == (nodes,)


def test_cora_matches_pyg(tmp_path):
    folder = require("cora")
    import shutil

    from torch_geometric.datasets import Planetoid

    shutil.copytree(folder, tmp_path / "Cora")
    pyg = Planetoid(str(tmp_path), "Cora")[0]
    ours = ds.load_dataset("cora")
    np.testing.assert_array_equal(ours.x, pyg.x.numpy())
    np.testing.assert_array_equal(ours.y, pyg.y.numpy())
    from graphlab import Graph

    assert Graph.from_pyg(pyg).equals(ours.graph)


def test_data_roots_order_and_unknown_names(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHLAB_DATA", str(tmp_path))
    roots = ds.data_roots()
    assert roots[0] == tmp_path
    assert roots[1].name == "datasets" and roots[2].parts[-2:] == ("shared", "datasets")
    with pytest.raises(DatasetNotFoundError, match="did you mean ogbl-ddi"):
        ds.load_dataset("ogbl-dd")
    with pytest.raises(DatasetNotFoundError, match=r"nothing\.csv': no such file"):
        ds.load_graph(str(tmp_path / "nothing.csv"))
    with pytest.raises(DatasetNotFoundError, match="neither a registered dataset"):
        ds.load_graph("nothing.csv")


def _fake_ogb_zip(path):
    """A tiny dataset in OGB's archive layout: ddi.zip holding ddi/{raw,split/target}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ddi/RELEASE_v1.txt", "fixture")
        z.writestr("ddi/raw/num-node-list.csv.gz", _gz("5\n"))
        z.writestr("ddi/raw/edge.csv.gz", _gz("0,1\n1,2\n2,3\n"))
        for part, edges in (("valid", [[3, 4]]), ("test", [[0, 4]])):
            b = io.BytesIO()
            torch.save({"edge": np.array(edges), "edge_neg": np.array([[0, 2]])}, b)
            z.writestr(f"ddi/split/target/{part}.pt", b.getvalue())
    path.write_bytes(buf.getvalue())


def _gz(text):
    import gzip

    return gzip.compress(text.encode())


def test_download_path_with_local_fixture(monkeypatch, tmp_path):
    """The download code runs OGB's own helpers; here they are fed a local archive."""
    import ogb.utils.url as ogb_url

    archive = tmp_path / "served" / "ddi.zip"
    archive.parent.mkdir()
    _fake_ogb_zip(archive)

    def fake_download(url, folder, log=True):
        assert url.endswith("/ddi.zip")
        target = f"{folder}/ddi.zip"
        with open(target, "wb") as fh:
            fh.write(archive.read_bytes())
        return target

    monkeypatch.setattr(ogb_url, "download_url", fake_download)
    monkeypatch.setattr(ds, "_find", lambda entry: None)  # as if no data root held it
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path / "cache"))
    d = ds.load_dataset("ogbl-ddi")
    assert d.graph.num_edges == 3 and d.num_nodes == 5
    assert (tmp_path / "cache" / "ogb" / "ogbl_ddi" / "raw" / "edge.csv.gz").is_file()
    assert d.split["valid"]["edge"].tolist() == [[3, 4]]


def test_failed_download_is_a_clear_error(monkeypatch, tmp_path):
    import ogb.utils.url as ogb_url

    def offline(url, folder, log=True):
        raise OSError("network unreachable")

    monkeypatch.setattr(ogb_url, "download_url", offline)
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path))
    with pytest.raises(DatasetNotFoundError, match=r"downloading it from .* failed"):
        ds.load_dataset("ogbl-collab")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # nothing half-written


class Evil:
    def __reduce__(self):
        return (print, ("pwned",))


def test_allow_listed_loaders_refuse_foreign_code(tmp_path):
    f = tmp_path / "evil.pkl"
    f.write_bytes(pickle.dumps({"a": Evil()}))
    with pytest.raises(DataFormatError, match=r"refusing to load global builtins\.print"):
        load_pickle(f)
    t = tmp_path / "evil.pt"
    torch.save({"edge": Evil()}, t)
    with pytest.raises(DataFormatError, match="cannot be read as a torch array file"):
        load_torch_arrays(t)
    t.write_bytes(t.read_bytes()[:40])
    with pytest.raises(DataFormatError, match=re.escape(t.name)):
        load_torch_arrays(t)


def test_load_graph_refuses_non_graph_kinds(monkeypatch):
    entry = ds.DatasetEntry("h", "hypergraph", "x", "nowhere")
    monkeypatch.setattr(ds, "registry", lambda: {"h": entry})
    monkeypatch.setattr(ds, "formats", lambda: {"x": lambda entry, folder: slice(0)})
    monkeypatch.setattr(ds, "_find", lambda e: ds.Path("."))
    with pytest.raises(InputError, match=r"dataset 'h' is a hypergraph, not a graph$"):
        ds.load_graph("h")
    # a registry kind that fits but a reader that returns something else is caught after
    entry = ds.DatasetEntry("h", "graph", "x", "nowhere")
    monkeypatch.setattr(ds, "registry", lambda: {"h": entry})
    with pytest.raises(
        InputError, match=r"dataset 'h' is a graph \(its reader gives a slice\), not a graph$"
    ):
        ds.load_graph("h")


def test_kind_errors_say_what_is_needed_in_words(monkeypatch):
    """No class name in the message: the record's ``dataset_kind`` (issue 11)."""
    entry = ds.DatasetEntry("h", "hypergraph", "x", "nowhere")
    monkeypatch.setattr(ds, "registry", lambda: {"h": entry})
    monkeypatch.setattr(ds, "formats", lambda: {"x": lambda entry, folder: slice(0)})
    monkeypatch.setattr(ds, "_find", lambda e: ds.Path("."))
    with pytest.raises(InputError, match=r"is a hypergraph, not a link-prediction dataset$"):
        ds.load_dataset("h", ds.LinkDataset)

    class Record:
        dataset_kind = "a thing of another package"

    with pytest.raises(
        InputError, match=r"is a hypergraph \(its reader gives a slice\), not a thing of another "
    ):
        ds.load_dataset("h", Record)
    assert ds.kind_words(slice) == "a slice"  # a type without dataset_kind: its name
    assert ds.kind_words("link") == ds.kind_words(ds.LinkDataset) == "a link-prediction dataset"
    assert ds.kind_words("graph") == ds.kind_words(ds.GraphDataset) == "a graph"


def test_unknown_format_names_the_entry_point_group(monkeypatch):
    entry = ds.DatasetEntry("h", "hypergraph", "x", "nowhere")
    monkeypatch.setattr(ds, "registry", lambda: {"h": entry})
    monkeypatch.setattr(ds, "formats", lambda: {})
    monkeypatch.setattr(ds, "_find", lambda e: ds.Path("."))
    with pytest.raises(DataFormatError, match=r"no reader for format 'x'.*graphlab\.formats"):
        ds.load_dataset("h")


def test_resolve_has_one_precedence(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cora").write_text("0,1\n")  # a stray file does not hide the dataset
    assert isinstance(ds.resolve("cora"), ds.DatasetEntry)
    assert ds.resolve("./cora") == ds.Path("cora")  # a path-like text is a path
    (tmp_path / "edges.csv").write_text("0,1\n")
    assert ds.resolve("edges.csv") == ds.Path("edges.csv")  # not registered, exists
    assert ds.resolve(tmp_path / "x") == tmp_path / "x"  # a Path is a path
    with pytest.raises(DatasetNotFoundError, match="did you mean cora"):
        ds.resolve("coraa")


def test_registry_formats_all_have_readers():
    missing = {e.format for e in ds.registry().values()} - set(ds.formats())
    assert not missing, f"formats without a registered reader: {missing}"


def _write_ogb(folder, split_name, parts, num_nodes, feats=None):
    import gzip

    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "num-node-list.csv.gz").write_bytes(gzip.compress(f"{num_nodes}\n".encode()))
    if feats is not None:
        text = "\n".join(",".join(str(v) for v in row) for row in feats) + "\n"
        (folder / "raw" / "node-feat.csv.gz").write_bytes(gzip.compress(text.encode()))
    (folder / "split" / split_name).mkdir(parents=True)
    for part, arrays in parts.items():
        torch.save(arrays, folder / "split" / split_name / f"{part}.pt")


def test_ogb_layouts_of_collab_and_citation2(monkeypatch, tmp_path):
    """The shipped data holds ogbl-ddi only; these fixtures follow OGB's other layouts."""
    root = tmp_path / "data"
    collab_train = {
        "edge": np.array([[0, 1], [0, 1], [1, 2]]),
        "weight": np.array([1, 2, 1]),
        "year": np.array([2001, 2005, 2010]),
    }
    held = {"edge": np.array([[2, 3]]), "weight": np.array([1]), "year": np.array([2019])}
    _write_ogb(
        root / "ogb" / "ogbl_collab",
        "time",
        {"train": collab_train, "valid": held, "test": held},
        4,
        feats=[[0.5, 1.0]] * 4,
    )
    citation = {"source_node": np.array([0, 1]), "target_node": np.array([1, 2])}
    query = {**citation, "target_node_neg": np.array([[2, 3], [0, 3]])}
    _write_ogb(
        root / "ogb" / "ogbl_citation2",
        "time",
        {"train": citation, "valid": query, "test": query},
        4,
    )
    monkeypatch.setenv("GRAPHLAB_DATA", str(root))
    collab = ds.load_dataset("ogbl-collab", download=False)
    # repeated collaborations add up as edge weight
    assert collab.graph.edges().tolist() == [[0, 1], [1, 2]]
    assert collab.graph.edge_weights().tolist() == [3.0, 1.0]
    assert collab.split["valid"]["year"].tolist() == [2019]
    assert collab.x.shape == (4, 2) and collab.metric == "hits@50"
    cit = ds.load_dataset("ogbl-citation2", download=False)
    assert cit.graph.num_edges == 2 and cit.metric == "mrr"
    assert cit.split["valid"]["target_node_neg"].shape == (2, 2)


def test_planetoid_download_path_with_local_files(monkeypatch, tmp_path):
    """PyG's download helper, fed the shipped raw files instead of the network."""
    import shutil

    import torch_geometric.data

    source = require("cora") / "raw"
    fetched = []

    def fake_download(url, folder, log=True):
        name = url.rsplit("/", 1)[1]
        fetched.append(name)
        os.makedirs(folder, exist_ok=True)
        shutil.copy(source / name, os.path.join(folder, name))
        return os.path.join(folder, name)

    monkeypatch.setattr(torch_geometric.data, "download_url", fake_download)
    monkeypatch.setattr(ds, "_find", lambda entry: None)
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path / "cache"))
    d = ds.load_dataset("cora")
    assert len(fetched) == 8
    assert (d.graph.num_nodes, d.graph.num_edges) == (2708, 5278)
    assert (tmp_path / "cache" / "planetoid" / "Cora" / "raw" / "ind.cora.graph").is_file()

"""graphlab.shared: arrays packed out of a pickle into a store, mapped back unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from graphlab.shared import (
    ArrayStore,
    pack,
    remove_store,
    store_status,
    sweep_stale,
    unpack,
)

REPO = Path(__file__).resolve().parents[2]


def roundtrip(obj, tmp_path, min_bytes=0):
    packed, arrays = pack(obj, min_bytes=min_bytes)
    store = ArrayStore(tmp_path)
    store.put_all(arrays)
    return packed, store, unpack(packed, store.path)


@settings(max_examples=30, deadline=None)
@given(
    arr=hnp.arrays(
        dtype=st.sampled_from([np.int32, np.int64, np.float64, np.uint8, np.bool_, np.float32]),
        shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
    ),
    fortran=st.booleans(),
    writeable=st.booleans(),
)
def test_arrays_come_back_the_same(tmp_path_factory, arr, fortran, writeable):
    arr = np.asfortranarray(arr) if fortran else arr
    arr.flags.writeable = writeable
    packed, store, got = roundtrip({"a": arr}, tmp_path_factory.mktemp("s"))
    try:
        a = got["a"]
        assert type(a) is np.ndarray and a.dtype == arr.dtype and a.shape == arr.shape
        assert a.flags.f_contiguous == arr.flags.f_contiguous
        assert a.flags.c_contiguous == arr.flags.c_contiguous
        assert a.flags.writeable == writeable
        assert np.array_equal(a, arr, equal_nan=True)
        assert [r.key for r in packed.refs] == list(store.keys())
    finally:
        store.close()


def test_nested_objects_torch_scipy_closures(tmp_path):
    big = np.arange(1000, dtype=np.int64)
    csr = sp.random_array((50, 40), density=0.2, format="csr", random_state=0)
    tensor = torch.arange(600, dtype=torch.float32).reshape(20, 30)
    offset = 7

    def closure(i):  # a closure travels by value (cloudpickle), its arrays through the store
        return big[i] + offset

    obj = {"pair": (big, big.copy()), "csr": csr, "t": tensor, "f": closure, "small": [1, 2]}
    packed, store, got = roundtrip(obj, tmp_path, min_bytes=64)
    # big and its copy are one array in the store; csr's data/indices/indptr and the tensor
    assert len(packed.keys) == len(store.keys()) == 5
    assert got["pair"][0] is got["pair"][1]  # equal arrays: one mapping
    assert (got["csr"] != csr).nnz == 0 and got["csr"].indices.dtype == csr.indices.dtype
    assert isinstance(got["t"], torch.Tensor) and torch.equal(got["t"], tensor)
    assert got["f"](5) == 12 and got["small"] == [1, 2]
    store.close()
    assert not store.path.exists()


def test_mapped_copy_on_write(tmp_path):
    arr = np.arange(4096, dtype=np.int64)
    packed, store, got = roundtrip(arr, tmp_path)
    assert isinstance(got.base, np.memmap) or "mmap" in type(got.base.base).__name__
    got[0] = -1  # a kernel that writes into its input gets a private page...
    again = unpack(packed, store.path)
    assert again[0] == 0  # ...the store and other processes keep the original
    store.close()


def test_small_and_odd_arrays_stay_in_the_pickle(tmp_path):
    obj = {
        "small": np.arange(10),
        "strided": np.arange(10000)[::2],
        "objects": np.array([None, "x"] * 1000, dtype=object),
        "empty": np.zeros(0),
        "grad": torch.ones(1000, requires_grad=True),
    }
    packed, arrays = pack(obj, min_bytes=100)
    assert packed.refs == () and arrays == {}


def test_stores_checked_by_nonce_and_host(tmp_path, monkeypatch):
    store = ArrayStore(tmp_path)
    store.put("k1", np.ones(3))
    assert store_status([store.address], ["k1", "k2"]) == {str(store.path): ["k2"]}
    folder, _, host = store.address
    assert store_status([(folder, "other nonce", host)], ["k1"]) == {}
    monkeypatch.setenv("GRAPHLAB_HOST_ID", "another-host")
    assert store_status([store.address], ["k1"]) == {}
    assert not remove_store(store.address)  # not this host's
    monkeypatch.delenv("GRAPHLAB_HOST_ID")
    assert remove_store(store.address) and not store.path.exists()


def test_stale_stores_of_dead_processes_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"graphlab-shared-{dead.pid}-abc"
    stale.mkdir()
    (stale / "x.npy").write_bytes(b"")
    mine = ArrayStore(tmp_path)  # a new store sweeps the root
    other = tmp_path / "unrelated"
    other.mkdir()
    assert not stale.exists() and mine.path.exists() and other.exists()
    assert sweep_stale(tmp_path) == []
    mine.close()


def test_store_removed_at_exit(tmp_path):
    code = (
        "import numpy as np; from graphlab.shared import ArrayStore; "
        "s = ArrayStore(); s.put('k', np.ones(5)); print(s.path)"
    )
    env = {**os.environ, "GRAPHLAB_SHARED_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert tmp_path in Path(out.stdout.strip()).parents
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_ctrl_c_during_a_dask_run_removes_the_stores(tmp_path):
    sys.path.insert(0, str(REPO / "tests"))
    from signals import interrupt, start_python

    rng = np.random.default_rng(0)
    edges = tmp_path / "g.tsv"
    np.savetxt(edges, rng.integers(0, 30000, size=(150000, 2)), fmt="%d", delimiter="\t")
    shm = tmp_path / "shm"
    shm.mkdir()
    os.environ["GRAPHLAB_SHARED_DIR"] = str(shm)
    try:
        proc = start_python(
            ["-m", "graphlab.cli", "tc", str(edges), "--hops", "3", "--backend", "dask",
             "--workers", "1", "--quiet", "--out", str(tmp_path / "tc.csv")],
        )  # fmt: skip
    finally:
        del os.environ["GRAPHLAB_SHARED_DIR"]
    deadline = time.time() + 120
    while time.time() < deadline and not list(shm.glob("graphlab-shared-*/*.npy")):
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert list(shm.glob("graphlab-shared-*/*.npy")), "the run put its arrays in the store"
    _, _, err = interrupt(proc)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert not list(shm.iterdir()), "Ctrl-C left a store behind"
    assert not (tmp_path / "tc.csv").exists()

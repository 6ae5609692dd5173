"""Dask backend: the same numbers as the serial one, also when a worker dies mid-run.

The module's cluster shares every array (``share_min_bytes=0``), so these tiny graphs take the
path of large ones: arrays memory-mapped from one store per host.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np
import pytest

import graphlab as gl
from graphlab.errors import InputError
from graphlab.kernels import oriented_csr
from graphlab.parallel import DaskExecutor, SerialExecutor, get_executor, split_blocks
from graphlab.stats import node_statistics
from linkpred.tc import topological_concentrations


def random_graph(n: int, m: int, seed: int) -> gl.Graph:
    rng = np.random.default_rng(seed)
    return gl.Graph.from_edge_index(rng.integers(0, n, size=(2, m)), num_nodes=n)


@pytest.fixture(scope="module")
def cluster():
    ex = DaskExecutor(n_workers=2, threads_per_worker=1, allowed_failures=5, share_min_bytes=0)
    yield ex
    ex.close()


def test_import_graphlab_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, graphlab, graphlab.parallel; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tc_and_stats_identical_to_serial(cluster):
    assert len(cluster.client.nthreads()) == 2
    g = random_graph(800, 3000, seed=1)
    q = {"test": np.random.default_rng(2).integers(0, 800, (300, 2))}
    for k in (1, 2, 3):
        ref = topological_concentrations(g, q, hops=k, method="sparse")
        got = topological_concentrations(g, q, hops=k, method="sparse", executor=cluster)
        for name in ref:
            assert np.array_equal(ref[name], got[name]), (k, name)
    ref = node_statistics(g, hops=2, memory_budget=1 << 16)
    got = node_statistics(g, hops=2, memory_budget=1 << 16, executor=cluster)
    assert ref.equals(got)
    assert cluster.transfers == []  # one host: the workers map this process's store


def _mapped_in_task(data: dict, blk: int) -> tuple[int, list[str], int]:
    # which store files this worker process maps while it runs a task on them
    total = int(data["indices"].sum() + data["weights"].sum())
    with open("/proc/self/maps") as fh:
        files = sorted({ln.split()[-1] for ln in fh if "graphlab-shared-" in ln})
    return os.getpid(), files, total


def test_workers_map_one_copy(cluster):
    data = {
        "indices": np.arange(5000, dtype=np.int32),
        "weights": np.asfortranarray(np.ones((40, 30))),
        "k": 3,
    }
    expect = _mapped_in_task(data, 0)[2]
    got = list(cluster.map(_mapped_in_task, range(8), data))
    files = sorted(str(p) for p in cluster._store.path.glob("*.npy"))
    assert len(files) == 2
    pids = {pid for pid, _, _ in got}
    assert len(pids) == 2, "both workers ran tasks"
    for _, mapped, total in got:
        assert mapped == files and total == expect
    # after the call the workers drop their mappings; the store keeps the arrays for the next
    after = cluster.client.run(_mapped_in_task, data, 0)
    assert all(not mapped for _, mapped, _ in after.values())
    assert len(list(cluster._store.path.glob("*.npy"))) == 2


def test_share_false_scatters_copies(cluster):
    g = random_graph(500, 2000, seed=7)
    ref = topological_concentrations(g, hops=2, method="sparse")["train"]
    ex = DaskExecutor(client=cluster.client, share=False)
    got = topological_concentrations(g, hops=2, method="sparse", executor=ex)["train"]
    ex.close()  # a client it did not start stays open
    assert np.array_equal(ref, got)
    assert ex._store is None and cluster.client.status == "running"


def test_other_host_gets_each_array_once(tmp_path, monkeypatch):
    # workers with another host id cannot use this process's store: one of them receives the
    # arrays for both and writes its host's store, once however many calls send them
    from distributed import Client, LocalCluster

    monkeypatch.setenv("GRAPHLAB_SHARED_DIR", str(tmp_path / "here"))
    remote_root = tmp_path / "there"
    env = {"GRAPHLAB_HOST_ID": "elsewhere", "GRAPHLAB_SHARED_DIR": str(remote_root)}
    g = random_graph(600, 2500, seed=8)
    ref = {k: topological_concentrations(g, hops=k, method="sparse")["train"] for k in (1, 2)}
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0",
            env=env,
        ) as lc,
        Client(lc) as client,
    ):  # fmt: skip
        with DaskExecutor(client=client, share_min_bytes=0) as ex:
            got = topological_concentrations(g, hops=1, method="sparse", executor=ex)["train"]
            assert np.array_equal(ref[1], got)
            assert [h for h, _ in ex.transfers] == ["elsewhere"]
            # K = 1 sends the degree-ordered orientation (each edge once) and the forward
            # kernel's work per node; its int64 row pointers travel as int32 (values fit)
            optr, oidx = oriented_csr(g.indptr_np, g.indices_np)
            assert oidx.dtype == np.int32
            assert ex.transfers[0][1] == 4 * (optr.size + oidx.size) + 8 * g.num_nodes
            for _ in range(2):
                got = topological_concentrations(g, hops=2, method="sparse", executor=ex)
                assert np.array_equal(ref[2], got["train"])
            assert len(ex.transfers) == 2  # the second K = 2 call sent nothing
            [remote] = remote_root.glob("graphlab-shared-*")
            assert list(remote.glob("*.npy"))
        assert not remote.exists(), "close() removes the other host's store"
        assert not list((tmp_path / "here").glob("graphlab-shared-*"))


def test_worker_killed_mid_run(cluster):
    g = random_graph(6000, 40000, seed=3)
    ref = topological_concentrations(g, hops=3)["train"]
    pids = cluster.client.run(os.getpid)
    killed: list[int] = []

    def killer() -> None:
        # kill a worker process as soon as it is running one of the TC tasks
        deadline = time.time() + 30
        while time.time() < deadline:
            busy = [w for w, tasks in cluster.client.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
                return
            time.sleep(0.005)

    t = threading.Thread(target=killer)
    t.start()
    got = topological_concentrations(g, hops=3, executor=cluster)["train"]
    t.join()
    assert killed, "no task was seen running"
    assert killed[0] not in cluster.client.run(os.getpid).values()
    assert np.array_equal(ref, got)


def test_serial_executor_and_bad_backends():
    g = random_graph(200, 600, seed=4)
    ref = topological_concentrations(g, hops=2)["train"]
    assert np.array_equal(
        ref, topological_concentrations(g, hops=2, executor=SerialExecutor())["train"]
    )
    with pytest.raises(InputError, match="backend"):
        get_executor("spark")
    with pytest.raises(InputError, match="--scheduler"):
        get_executor("serial", scheduler="tcp://127.0.0.1:1")
    assert split_blocks([slice(0, 1)], 4) == [slice(0, 1)]


def test_cli_tc_and_stats_dask_backend(tmp_path, capsys):
    import pandas as pd

    from graphlab.cli import main

    g = random_graph(300, 900, seed=5)
    edges = tmp_path / "g.tsv"
    rows = np.repeat(np.arange(g.num_nodes), np.diff(g.indptr_np))
    keep = rows < g.indices_np
    np.savetxt(edges, np.stack([rows[keep], g.indices_np[keep]], axis=1), fmt="%d", delimiter="\t")
    outs = {}
    for backend in ("serial", "dask"):
        out = tmp_path / f"tc-{backend}.csv"
        rc = main(
            [
                "tc",
                str(edges),
                "--hops",
                "2",
                "--backend",
                backend,
                "--workers" if backend == "dask" else "--quiet",
                *(["1"] if backend == "dask" else []),
                "--out",
                str(out),
                "--quiet",
            ]
        )
        assert rc in (0, None)
        outs[backend] = pd.read_csv(out)
        out = tmp_path / f"stats-{backend}.csv"
        args = [
            "stats",
            str(edges),
            "--hops",
            "2",
            "--backend",
            backend,
            "--out",
            str(out),
            "--quiet",
        ]
        assert main(args) in (0, None)
        outs["s" + backend] = pd.read_csv(out)
    assert outs["serial"].equals(outs["dask"])
    assert outs["sserial"].equals(outs["sdask"])
    assert main(["tc", str(edges), "--workers", "2"]) == 2
    assert "--workers" in capsys.readouterr().err

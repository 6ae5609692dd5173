"""graphlab.validation: one rule for bools, NaN and bounds, and the messages it gives."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphlab import Graph, InputError
from graphlab.validation import (
    check_bool,
    check_choice,
    check_int,
    check_memory_budget,
    check_real,
    check_seed,
    not_implemented_for,
    parse_bytes,
    require_simple,
    require_undirected,
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: check_int(True, "hops", low=1), "hops must be an integer >= 1, got True"),
        (lambda: check_int(0, "hops", low=1), "hops must be an integer >= 1, got 0"),
        (lambda: check_int(1.0, "dim", low=1), "dim must be an integer >= 1, got 1.0"),
        (lambda: check_int(9, "k", low=1, high=8), "k must be an integer >= 1 and <= 8, got 9"),
        (lambda: check_real(True, "beta"), "beta must be a finite number, got True"),
        (
            lambda: check_real(math.nan, "alpha", low=0, high=1),
            "alpha must be a finite number >= 0 and <= 1, got nan",
        ),
        (
            lambda: check_real(0.0, "beta", low=0, low_open=True),
            "beta must be a finite number > 0, got 0.0",
        ),
        (lambda: check_real("1", "lr"), "lr must be a finite number, got '1'"),
        (lambda: check_bool(1, "weighted"), "weighted must be True or False, got 1"),
        (
            lambda: check_choice("gat", "model", ("gcn", "sage")),
            "model must be one of 'gcn', 'sage', got 'gat'",
        ),
        (lambda: check_seed(-1), "seed must be an integer >= 0, got -1"),
        (
            lambda: parse_bytes("lots", "--memory-budget"),
            "--memory-budget must be a positive number of bytes (e.g. 2e9, 512M, 4G), got 'lots'",
        ),
        (lambda: parse_bytes(0), "must be a positive number of bytes"),
        (lambda: parse_bytes(True), "must be a positive number of bytes"),
    ],
)
def test_messages_are_pinned(call, message):
    with pytest.raises(InputError) as info:
        call()
    assert message in str(info.value)


def test_accepted_values_come_back_as_python_numbers():
    assert check_int(np.int32(3), "k") == 3 and type(check_int(np.int32(3), "k")) is int
    assert check_real(np.float32(0.5), "a", low=0, high=1) == 0.5
    assert check_real(2, "a") == 2.0 and type(check_real(2, "a")) is float
    assert check_bool(np.bool_(True), "w") is True
    assert parse_bytes("1.5K") == 1536 and parse_bytes("2GB") == 2 << 30 and parse_bytes(7) == 7
    assert check_memory_budget("512M") == 512 << 20


@given(st.integers(min_value=-(2**40), max_value=2**40), st.integers(-5, 5), st.integers(-5, 5))
def test_check_int_accepts_exactly_the_bounded_integers(value, low, high):
    inside = low <= value <= high
    try:
        assert check_int(value, "x", low=low, high=high) == value
        assert inside
    except InputError:
        assert not inside


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_real_refuses_nan_and_infinity_whatever_the_bounds(value):
    try:
        check_real(value, "x")
        assert math.isfinite(value)
    except InputError:
        assert not math.isfinite(value)


def test_graph_preconditions_name_the_algorithm():
    directed = Graph.from_edge_index([[0], [1]], num_nodes=2, directed=True)
    loops = Graph.from_edge_index([[0, 0], [0, 1]], num_nodes=2, self_loops=True)
    with pytest.raises(InputError, match=r"^triangles needs an undirected graph; got a directed"):
        require_undirected(directed, "triangles")
    with pytest.raises(InputError, match=r"^TC needs a graph without self-loops; got 1 self-loop"):
        require_simple(loops, "TC")

    @not_implemented_for("directed", "self_loops")
    def algo(graph):
        return graph.num_nodes

    assert algo(Graph.from_edge_index([[0], [1]], num_nodes=2)) == 2
    with pytest.raises(InputError, match=r"^algo needs an undirected graph"):
        algo(directed)
    with pytest.raises(InputError, match=r"^algo needs a graph without self-loops"):
        algo(graph=loops)


def test_the_environment_budget_takes_the_flags_forms():
    code = "from graphlab.validation import check_memory_budget as c; print(c())"
    env = {"GRAPHLAB_MEMORY_BUDGET": "512M", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(512 << 20)
    env["GRAPHLAB_MEMORY_BUDGET"] = "plenty"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "$GRAPHLAB_MEMORY_BUDGET must be a positive number" in out.stderr

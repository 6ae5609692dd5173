"""Shared fixtures of the hypergraph tests: real data found through the dataset registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphlab.datasets import locate


def dataset_folder(name: str) -> Path:
    """The folder of a registered dataset (``$GRAPHLAB_DATA``, the checkout or ../shared)."""
    return locate(name)[1]


@pytest.fixture(scope="session")
def folder():
    return dataset_folder


@pytest.fixture(scope="session")
def shyre_pairs():
    from hypergraph.readwrite import read_shyre_pair

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = read_shyre_pair(dataset_folder(f"shyre-{name}"))
        return cache[name]

    return get

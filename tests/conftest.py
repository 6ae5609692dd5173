"""Test configuration: the real datasets are found through GRAPHLAB_DATA.

CI sets GRAPHLAB_DATA to ../shared/datasets. Locally it defaults to that sibling folder. A test
that needs a dataset that is not there fails (``require``) — it never skips.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "datasets"

if not os.environ.get("GRAPHLAB_DATA") and SHARED.is_dir():
    os.environ["GRAPHLAB_DATA"] = str(SHARED)


def require(name: str) -> Path:
    """The folder of a registered dataset; a test failure (not a skip) when it is absent."""
    from graphlab.datasets import locate
    from graphlab.errors import DatasetNotFoundError

    try:
        return locate(name)[1]
    except DatasetNotFoundError as err:
        pytest.fail(f"real dataset missing ({err}); point GRAPHLAB_DATA at shared/datasets")


@pytest.fixture(scope="session")
def data_root() -> Path:
    root = os.environ.get("GRAPHLAB_DATA")
    if not root or not Path(root).is_dir():
        pytest.fail("GRAPHLAB_DATA is not set to a folder: the tests need ../shared/datasets")
    return Path(root)


@pytest.fixture(params=(0o022, 0o077, 0o027), ids=lambda m: f"umask{m:03o}")
def umask(request):
    """Run the test under this umask (outputs must take ``0o666 & ~umask``), then restore it."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def file_mode(path: Path) -> int:
    """The permission bits of ``path`` (following a symlink)."""
    return stat.S_IMODE(os.stat(path).st_mode)


def tree_snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Mode, size and mtime of everything under ``root``: equal before and after a failed
    command when it created or changed no file."""
    out = {}
    for p in root.rglob("*"):
        st = p.lstat()
        out[str(p.relative_to(root))] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out

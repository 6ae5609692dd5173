"""Allow-listed loaders for the pickled files of the ecosystem's datasets.

OGB's split files are legacy ``torch.save`` pickles of numpy arrays and Planetoid's raw files are
Python-2 pickles of numpy / scipy objects. Plain ``pickle.load`` (and ``torch.load`` with
``weights_only=False``) would run any code such a file names; these loaders accept only the
globals those files need and refuse the rest with a clear error. Nothing here changes torch's
behaviour process-wide: torch.load keeps its weights-only default everywhere else.
"""

from __future__ import annotations

import codecs
import os
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DataFormatError

__all__ = ["load_pickle", "load_torch_arrays"]


def _numpy_globals() -> list[Any]:
    from numpy._core.multiarray import _reconstruct

    dtype_classes = {type(np.dtype(t)) for t in (np.int64, np.int32, np.float32, np.float64, bool)}
    return [
        # numpy 2 moved numpy.core to numpy._core; old pickles name the old path
        (_reconstruct, "numpy.core.multiarray._reconstruct"),
        _reconstruct,
        np.ndarray,
        (np.dtype, "numpy.dtype"),
        *dtype_classes,
        codecs.encode,
    ]


def load_torch_arrays(path: str | os.PathLike[str]) -> Any:
    """Load a ``torch.save`` file holding tensors and numpy arrays, with ``weights_only=True``.

    Numpy array reconstruction is the only addition to torch's own allow-list, scoped to this
    call. Works for the legacy (pre-1.6) and the zip format.

    Raises
    ------
    DataFormatError
        If the file is truncated, not a torch file, or names a global outside the allow-list.
    """
    import torch

    path = Path(path)
    try:
        with torch.serialization.safe_globals(_numpy_globals()):
            return torch.load(path, weights_only=True, map_location="cpu")
    except FileNotFoundError:
        raise
    except Exception as err:  # torch raises UnpicklingError, RuntimeError, EOFError ...
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if "Unsupported global" in str(err):
            first = next(
                (ln.strip() for ln in str(err).splitlines() if "Unsupported global" in ln), first
            )
        raise DataFormatError(f"{path}: cannot be read as a torch array file: {first}") from err


_PICKLE_ALLOWED = {
    ("collections", "defaultdict"),
    ("builtins", "list"),
    ("builtins", "dict"),
    ("builtins", "set"),
    ("builtins", "object"),
    ("copy_reg", "_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("_codecs", "encode"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("scipy.sparse.csr", "csr_matrix"),
    ("scipy.sparse._csr", "csr_matrix"),
    ("scipy.sparse.csc", "csc_matrix"),
    ("scipy.sparse._csc", "csc_matrix"),
    ("scipy.sparse.lil", "lil_matrix"),
    ("scipy.sparse._lil", "lil_matrix"),
}

# Python-2 pickles name the old module paths
_RENAMES = {
    "__builtin__": "builtins",
    "copy_reg": "copyreg",
    "numpy.core.multiarray": "numpy._core.multiarray",
}


class _AllowListUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (_RENAMES.get(module, module), name) not in _PICKLE_ALLOWED and (
            module,
            name,
        ) not in _PICKLE_ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load global {module}.{name}")
        module = _RENAMES.get(module, module)
        if module.startswith("scipy.sparse"):
            module = "scipy.sparse"
        return super().find_class(module, name)


def load_pickle(path: str | os.PathLike[str], encoding: str = "latin1") -> Any:
    """Unpickle a data file that may hold only containers, numpy arrays and scipy matrices.

    Raises
    ------
    DataFormatError
        If the file is truncated, not a pickle, or names any other global.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            return _AllowListUnpickler(fh, encoding=encoding).load()
    except FileNotFoundError:
        raise
    except Exception as err:
        raise DataFormatError(f"{path}: cannot be read as a data pickle: {err}") from err

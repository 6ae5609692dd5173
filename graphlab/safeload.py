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

__all__ = ["load_pickle", "load_torch", "load_torch_arrays", "torch_load_reason"]


def torch_load_reason(err: BaseException) -> str:
    """Why ``torch.load`` failed, in a few words for a one-line message.

    torch's own texts run over several lines and advise ``weights_only=False``, which would run
    any code the file names: that advice is never passed on.

    Examples
    --------
    >>> torch_load_reason(EOFError("Ran out of input"))
    'truncated (ends too early)'
    """
    text = str(err)
    if isinstance(err, EOFError) or "Ran out of input" in text:
        return "truncated (ends too early)"
    if "zip archive" in text or "central directory" in text:
        return "truncated or corrupt (not a complete torch zip archive)"
    if "Unsupported global" in text:
        toks = text.split("Unsupported global:", 1)[-1].split()
        what = (toks[1] if toks[:1] == ["GLOBAL"] and len(toks) > 1 else " ".join(toks[:1])).rstrip(
            ".,"
        )
        return f"holds a Python object that is not plain data ({what}); refused, it could run code"
    if "Weights only load failed" in text or isinstance(err, pickle.UnpicklingError):
        return "not a torch file of tensors (its pickle holds something else)"
    return f"not a readable torch file ({type(err).__name__})"


def load_torch(path: str | os.PathLike[str], what: str = "torch file") -> Any:
    """``torch.load(path, weights_only=True)`` on the CPU; any failure is a DataFormatError.

    Parameters
    ----------
    path : path-like
    what : str
        What the file should be ("model", "checkpoint"), for the message.

    Raises
    ------
    DataFormatError
        Naming the file and why it cannot be read (:func:`torch_load_reason`); torch's warnings
        are silenced, so the message is the only output.
    """
    import warnings

    import torch

    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.load(path, weights_only=True, map_location="cpu")
    except FileNotFoundError:
        raise
    except Exception as err:  # torch raises UnpicklingError, RuntimeError, EOFError, KeyError ...
        raise DataFormatError(
            f"{path}: cannot be read as a {what}: {torch_load_reason(err)}"
        ) from None


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
        reason = torch_load_reason(err)  # never torch's advice to load with weights_only=False
        raise DataFormatError(f"{path}: cannot be read as a torch array file: {reason}") from None


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

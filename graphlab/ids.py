"""Node ids of a user's data compacted to positions: the one rule that every reader shares.

Kept apart from :mod:`graphlab.readwrite` so that :class:`graphlab.Graph` (``from_pandas``)
and the readers of the upper packages use it without importing the file readers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["compact_ids", "is_number"]


def compact_ids(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of ``pairs`` compacted to ``0 .. n-1`` in ascending order, and the original id of
    each compact one (``None`` when the ids already are ``0 .. n-1``: nothing to map).

    ``pairs`` may be any array of ids (the flat members of hyperedges too); the result has its
    shape. Text ids (a numpy ``str`` array, or ``object`` of ``str``) are ranked as strings and
    their originals returned as a numpy ``str`` array (never ``None``); when every one is a
    string of digits (ids of 2**53 and more, which only text keeps exactly) they are ranked by
    length first, which is numeric order (``"5"`` before ``"10"``).

    Costs O(E + max id) when the ids are dense integers, a sort of the 2E ids otherwise (of the
    distinct ones only for text ids); never an array as long as the largest id when that id is
    far beyond the number of pairs.

    Examples
    --------
    >>> p, ids = compact_ids(np.array([[5, 10], [10, 20], [20, 5], [20, 30]]))
    >>> p.tolist(), ids.tolist()
    ([[0, 1], [1, 2], [2, 0], [2, 3]], [5, 10, 20, 30])
    >>> compact_ids(np.array([[0, 1], [1, 2]]))[1] is None
    True
    >>> p, ids = compact_ids(np.array([["b", "a"], ["a", "c"]]))
    >>> p.tolist(), ids.tolist()
    ([[1, 0], [0, 2]], ['a', 'b', 'c'])
    >>> compact_ids(np.array([["10", "9007199254740993"], ["5", "10"]]))[1].tolist()
    ['5', '10', '9007199254740993']
    """
    pairs = np.asarray(pairs)
    if pairs.dtype.kind in "UO":
        import pandas as pd

        # a hash table (pandas) finds the distinct ids several times faster than np.unique's
        # sort of all of them (1M pairs of 200k names: 0.6 s against 2.1 s); only the distinct
        # ids are sorted, as text (7 and "7" are one id)
        codes, uniques = pd.factorize(pd.Series(pairs.ravel(), dtype=object), sort=False)
        labels, rank = np.unique(np.asarray(uniques, dtype=str), return_inverse=True)
        if labels.size and pd.Series(labels).str.fullmatch("[0-9]+").all():
            # digit strings: the stable sort by length keeps the text order within a length
            order = np.argsort(np.char.str_len(labels), kind="stable")
            position = np.empty_like(order)
            position[order] = np.arange(order.size)
            labels, rank = labels[order], position[rank]
        return rank[codes].reshape(pairs.shape).astype(np.int64, copy=False), labels
    pairs = pairs.astype(np.int64, copy=False)
    if pairs.size == 0:
        return pairs, None
    flat = pairs.ravel()
    top = int(flat.max())
    if top < 4 * flat.size + 1024:  # dense: a presence mask as long as the id space
        present = np.zeros(top + 1, dtype=bool)
        present[flat] = True
        if present.all():
            return pairs, None
        labels = np.flatnonzero(present)
        position = np.cumsum(present, dtype=np.int64) - 1
        return position[pairs], labels
    labels, inverse = np.unique(flat, return_inverse=True)
    return inverse.reshape(pairs.shape).astype(np.int64, copy=False), labels


def is_number(token: str) -> bool:
    """Whether ``token`` reads as a number (``float`` accepts it).

    The readers' rule for ids: a file is one of names when one of its ids is no number at all,
    and a number that is no id (``-3``, ``2.5``) is an error.

    Examples
    --------
    >>> is_number("7"), is_number("-2.5e3"), is_number("c++")
    (True, True, False)
    """
    try:
        float(token)
    except ValueError:
        return False
    return True

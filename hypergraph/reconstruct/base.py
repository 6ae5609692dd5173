"""The scikit-learn contract that every hypergraph reconstructor follows.

:class:`Reconstructor` is this package's ``BaseEstimator``: the constructor's signature is the
list of parameters (``get_params`` / ``set_params`` read and write them, so
:func:`sklearn.base.clone` and grid searches work), ``fit(training_hypergraph)`` learns and
returns ``self``, ``predict(query_graph)`` returns the reconstructed
:class:`~hypergraph.core.Hypergraph`, and ``predict`` before ``fit`` raises
:class:`NotFittedError`.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from typing import Any, Self

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph

from ..core import Hypergraph

__all__ = ["NotFittedError", "Reconstructor", "in_query_names"]


class NotFittedError(InputError):
    """A reconstructor was asked to predict before it was fitted.

    A subclass of :class:`graphlab.errors.InputError` (so also of ``ValueError``, like
    scikit-learn's ``NotFittedError``): the CLI reports it as one line and exit status 2 like
    any other misuse, and ``except InputError`` catches it. It is not scikit-learn's class,
    because the baselines must not import scikit-learn; catch this class (or ``InputError``).
    """


class Reconstructor(ABC):
    """Base of the hypergraph reconstructors, after scikit-learn's ``BaseEstimator``.

    A subclass's ``__init__`` takes named parameters only (no ``*args`` / ``**kwargs``) and
    stores each unchanged under its own name: no validation and no derived state there, which
    ``fit`` does. That makes the parameters readable from the signature, settable and
    clonable. ``fit`` sets the learnt state in attributes ending in ``_``; a reconstructor
    with one of them is fitted.

    Examples
    --------
    >>> from sklearn.base import clone
    >>> from hypergraph.reconstruct import CliqueCover
    >>> est = CliqueCover(seed=3)
    >>> est.get_params()
    {'seed': 3, 'to_maximal': False, 'isolated': True}
    >>> clone(est).set_params(seed=4)
    CliqueCover(seed=4, to_maximal=False, isolated=True)
    """

    @classmethod
    def _param_names(cls) -> list[str]:
        """The constructor's parameters, in signature order."""
        names = []
        for p in inspect.signature(cls.__init__).parameters.values():
            if p.name == "self":
                continue
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                # scikit-learn's rule: a parameter list that the signature does not spell out
                # cannot be read back, so clone could not rebuild the estimator
                raise TypeError(f"{cls.__name__}.__init__ must not take *args or **kwargs")
            names.append(p.name)
        return names

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters by name (scikit-learn convention).

        With ``deep``, parameters that are estimators themselves add their own parameters as
        ``name__param``.
        """
        out: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters (``name`` or ``name__param``); returns ``self``.

        Raises
        ------
        InputError
            If a name is not a parameter of this reconstructor.
        """
        names = self._param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            head, sep, sub = key.partition("__")
            if head not in names:
                raise InputError(
                    f"unknown parameter {head!r} of {type(self).__name__}; "
                    f"its parameters are {', '.join(names)}"
                )
            if sep:
                nested.setdefault(head, {})[sub] = value
            else:
                setattr(self, head, value)
        for head, sub_params in nested.items():
            getattr(self, head).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params(deep=False).items())
        return f"{type(self).__name__}({args})"

    def __sklearn_is_fitted__(self) -> bool:
        """Whether ``fit`` has run (scikit-learn's protocol name): an attribute ends in ``_``."""
        return any(k.endswith("_") and not k.startswith("__") for k in vars(self))

    def _check_fitted(self) -> None:
        if not self.__sklearn_is_fitted__():
            raise NotFittedError(
                f"this {type(self).__name__} model is not fitted yet: call fit(training_hypergraph)"
            )

    @abstractmethod
    def fit(self, hypergraph: Hypergraph) -> Self:
        """Learn from a training hypergraph of the query's domain; returns ``self``."""

    @abstractmethod
    def predict(self, graph: Graph, *, nodes: np.ndarray | None = None) -> Hypergraph:
        """The hypergraph reconstructed from the projected query ``graph``, on its nodes; a
        graph with :attr:`~graphlab.Graph.node_ids` (a file's names or ids) gives a hypergraph
        with them as ``node_names`` (:func:`in_query_names`).

        Raises
        ------
        NotFittedError
            If called before :meth:`fit`.
        """


def in_query_names(pred: Hypergraph, graph: Graph) -> Hypergraph:
    """``pred`` (on ``graph``'s nodes) naming its nodes as ``graph`` does: with
    ``graph.node_ids`` as ``node_names`` when the graph has them.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]]).with_node_ids(["c++", "algebra", "c#"])
    >>> in_query_names(Hypergraph.from_edges([[0, 1, 2]], num_nodes=3), g).node_names.tolist()
    ['c++', 'algebra', 'c#']
    """
    if graph.node_ids is None or pred.num_nodes != graph.num_nodes:
        return pred
    return pred.replace(node_names=graph.node_ids)

"""graphlab: graph and hypergraph analytics with GNN link prediction, on one sparse-tensor core.

Submodules load on first use, so ``import graphlab`` (and ``graphlab --help``) stays cheap; in
particular it never imports torch_geometric, hypernetx or ogb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import attach

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "Graph": "graphlab.graph",
    "GraphlabError": "graphlab.errors",
    "InputError": "graphlab.errors",
    "DataFormatError": "graphlab.errors",
    "DatasetNotFoundError": "graphlab.errors",
    "MemoryBudgetError": "graphlab.errors",
    "OutputPathError": "graphlab.errors",
    "load_dataset": "graphlab.datasets",
    "load_graph": "graphlab.datasets",
    "list_datasets": "graphlab.datasets",
    "read_edge_list": "graphlab.readwrite",
    "node_statistics": "graphlab.stats",
}

__getattr__, __dir__, __all__ = attach(__name__, _LAZY)

if TYPE_CHECKING:  # pragma: no cover  (names for type checkers and IDEs)
    from .datasets import list_datasets, load_dataset, load_graph  # noqa: F401
    from .errors import (  # noqa: F401
        DataFormatError,
        DatasetNotFoundError,
        GraphlabError,
        InputError,
        MemoryBudgetError,
        OutputPathError,
    )
    from .graph import Graph  # noqa: F401
    from .readwrite import read_edge_list  # noqa: F401
    from .stats import node_statistics  # noqa: F401

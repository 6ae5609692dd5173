"""Sphinx configuration of the graphlab documentation (build: ``bash scripts/docs.sh``).

The build is offline: no intersphinx inventories, MathJax shipped in the build
(``_ext/offline_mathjax.py``), examples run on the local datasets (``$GRAPHLAB_DATA``).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
import types
from pathlib import Path
from typing import Any

import sphinx.ext.autosummary
from docutils import nodes
from sphinx.transforms import SphinxTransform

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import graphlab  # noqa: E402

project = "graphlab"
author = "the graphlab authors"
copyright = "2026, the graphlab authors"
version = release = graphlab.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    # a few torch modules follow PyG's ``Args:`` docstrings (Google style): napoleon reads those
    "sphinx.ext.napoleon",
    "sphinx_gallery.gen_gallery",
    "offline_mathjax",
    "graphlab_cli",
]

exclude_patterns = ["_build", "**/GALLERY_HEADER.rst", "auto_examples/*.ipynb"]
templates_path = ["_templates"]
default_role = "code"
# no typographic dashes and quotes: option names (--out) in prose and help texts stay as typed
smartquotes = False
nitpicky = False
# "more than one target found": a type named in a docstring (``LongTensor [nnz]``) that two
# classes have as an attribute; the reference stays unlinked, as any unresolved one does
suppress_warnings = ["ref.python"]

# -- API reference ------------------------------------------------------------------------------
# The ``__main__`` modules run the command line when imported (autosummary imports every module
# of a package): a stand-in marked as a mock makes autosummary skip them.
for _package in ("graphlab", "linkpred", "hypergraph"):
    _root = Path(importlib.import_module(_package).__file__).parent  # type: ignore[arg-type]
    for _main in sorted(_root.rglob("__main__.py")):
        _name = ".".join((_package, *_main.relative_to(_root).with_suffix("").parts))
        sys.modules[_name] = types.ModuleType(_name)
        sys.modules[_name].__sphinx_mock__ = True  # type: ignore[attr-defined]

# autosummary cuts a summary at the first period followed by a space, also inside a literal
# such as ``0 .. n - 1`` (which then fails to parse): a period next to another is no sentence end.
sphinx.ext.autosummary.periods_re = re.compile(r"(?<!\.)\.(?!\.)(?:\s+)")

autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = False
napoleon_numpy_docstring = False  # numpydoc reads the numpydoc docstrings
napoleon_google_docstring = True
napoleon_use_param = False  # types as text: ``LongTensor [nnz]`` is no cross-reference
napoleon_use_rtype = False
napoleon_use_ivar = True

# -- Gallery: the scripts of examples/ ----------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["../examples"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"\.py$",  # run every example (not only plot_*.py)
    "reset_argv": "gallery_hooks.reset_argv",
    "image_scrapers": ("matplotlib", "gallery_hooks.png_scraper"),
    "abort_on_example_error": True,
    "download_all_examples": False,
    "remove_config_comments": True,
    "min_reported_time": 1,
    "plot_gallery": os.environ.get("GRAPHLAB_DOCS_GALLERY", "True"),
    "capture_repr": ("_repr_html_", "__repr__"),
    "within_subsection_order": "FileNameSortKey",
    "write_computation_times": False,
    "show_signature": False,
}

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"graphlab {release}"
html_static_path = ["_static"]
html_css_files = ["graphlab.css"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": [], "cli": []}


def _no_empty_reproducing_glob(record: logging.LogRecord) -> bool:
    """Drop the warning of an empty glob in ``reproducing/index.rst`` (no page written yet).

    Sphinx gives this warning no type that ``suppress_warnings`` could name.
    """
    text = record.getMessage()
    location = getattr(record, "location", None)
    source = str(getattr(location, "source", None) or location or "")
    return not ("didn't match any documents" in text and "reproducing" in source)


class _NoMailto(SphinxTransform):
    """Text, not a mail link, for ``Hits@100``: docutils reads any ``a@b`` as an address."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            if str(ref.get("refuri", "")).startswith("mailto:"):
                ref.replace_self(nodes.Text(ref.astext()))


def setup(app: Any) -> None:
    app.add_transform(_NoMailto)
    for name in ("sphinx.sphinx.directives.other", "sphinx.sphinx.environment.adapters.toctree"):
        logging.getLogger(name).addFilter(_no_empty_reproducing_glob)

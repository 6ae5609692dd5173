"""Render ``.. math::`` with a MathJax copy shipped in the build, so pages need no network.

Sphinx's default MathJax comes from a CDN, which a reader offline (or a headless test browser)
never reaches: the formulas would stay raw TeX. The ``sphinx-mathjax-offline`` package (the
``docs`` extra) ships MathJax 3; this extension copies only its single-file ``tex-svg.js``
component (TeX input, SVG output with the glyphs as paths: no font files to load) into
``_static/mathjax/`` and points ``mathjax_path`` at it.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

COMPONENT = "tex-svg.js"


def _source() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(
            "the documentation needs the package sphinx-mathjax-offline: "
            "pip install -c constraints.txt -e '.[docs]'"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / COMPONENT
    if not path.is_file():
        raise ExtensionError(f"sphinx-mathjax-offline has no {COMPONENT} (looked at {path})")
    return path


def _copy(app: Sphinx, exc: Exception | None) -> None:
    if exc is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / "mathjax"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_source(), target / COMPONENT)


def setup(app: Sphinx) -> dict[str, Any]:
    _source()  # fail at start, not after a long build
    app.setup_extension("sphinx.ext.mathjax")
    app.config.mathjax_path = f"mathjax/{COMPONENT}"
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""sphinx-gallery hooks: the command-line arguments each example runs with, and its figures.

The examples in ``examples/`` are plain scripts with argparse options. When the documentation
is built, :func:`reset_argv` gives each the arguments of :data:`ARGS`: an output folder inside
the build (nothing is written into the checkout) and, for a quick build, smaller settings
(fewer epochs, fewer hops). ``GRAPHLAB_DOCS_QUICK=1`` selects the quick settings; the tests use
them. :func:`png_scraper` shows the PNG files that library code which closes its figures
(``linkpred.analysis.analyze_run``) writes in the examples of :data:`PNG_FROM_FILES`; the
other examples leave their figures open for sphinx-gallery's matplotlib scraper.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

#: Where the examples write their outputs: inside the build folder, never the checkout.
OUTPUTS = Path(__file__).resolve().parents[1] / "_build" / "gallery-outputs"

#: Per example: (arguments of every build, arguments added by a quick build).
ARGS: dict[str, tuple[list[str], list[str]]] = {
    "compute_tc": (["--out-dir", "{out}"], ["--hops", "1", "--atc-hops", "1"]),
    "reconstruct_hypergraph": (["--out", "{out}/jaccard_by_size.png"], []),
    "train_reweighted_gnn": (["--epochs", "40", "--runs", "1"], ["--epochs", "10"]),
    "tc_analysis": (["--out", "{out}/run", "--epochs", "40"], ["--epochs", "5"]),
}


def quick() -> bool:
    """Whether the quick settings are asked for (``GRAPHLAB_DOCS_QUICK=1``)."""
    return os.environ.get("GRAPHLAB_DOCS_QUICK", "") not in ("", "0")


def output_dir(src_file: str) -> Path:
    """The output folder of an example (created empty for each run of the example)."""
    return OUTPUTS / Path(src_file).stem


def reset_argv(gallery_conf: dict[str, Any], script_vars: dict[str, Any]) -> list[str]:
    """``sys.argv[1:]`` of an example in the documentation build."""
    src = script_vars["src_file"]
    out = output_dir(src)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    always, small = ARGS.get(Path(src).stem, ([], []))
    args = always + (small if quick() else [])
    return [a.format(out=out) for a in args]


#: Examples whose figures are written by library code (closed before the block ends); the
#: others leave their figures open for the matplotlib scraper, and their PNGs are not shown twice.
PNG_FROM_FILES = {"tc_analysis"}

_shown: set[Path] = set()


def png_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """The PNG files an example wrote during this code block, as gallery images."""
    from sphinx_gallery.scrapers import figure_rst

    if Path(block_vars["src_file"]).stem not in PNG_FROM_FILES:
        return ""
    out = output_dir(block_vars["src_file"])
    new = sorted(p for p in out.rglob("*.png") if p not in _shown) if out.is_dir() else []
    names = []
    for png, target in zip(new, block_vars["image_path_iterator"]):
        _shown.add(png)
        shutil.copyfile(png, target)
        names.append(target)
    return figure_rst(names, gallery_conf["src_dir"])

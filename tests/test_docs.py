"""The documentation site builds offline, with warnings as errors, and holds what it promises.

One Sphinx build (the command of ``scripts/docs.sh``) of a copy of ``docs/`` and ``examples/``
in a temporary folder, so that nothing is written into the checkout. The gallery runs every
example with the quick settings of ``docs/_ext/gallery_hooks.py`` (``GRAPHLAB_DOCS_QUICK=1``:
fewer epochs and hops), so the examples are executed here too. The tests then read the HTML.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.py"))
GENERATED = ("_build", "generated", "auto_examples", "__pycache__")


pytestmark = pytest.mark.slow


def test_docs_site(tmp_path: Path) -> None:
    """One build, then every check on it.

    A single test, not one per check on a shared fixture: pytest-xdist would build the site
    once in each worker that runs one of them.
    """
    site = build(tmp_path)
    check_main_pages_exist(site)
    check_cli_reference_has_every_command_and_flag(site)
    check_maths_render_offline(site)
    check_no_page_loads_anything_from_the_network(site)
    check_gallery_ran_every_example(site)
    check_api_reference_covers_the_three_packages(site)
    check_reproducing_lists_every_page(site)
    check_cross_references_of_the_written_pages_resolve(site)


def build(work: Path) -> Path:
    """The built site (the HTML folder); the build's exit status and warnings checked."""
    shutil.copytree(DOCS, work / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns(*GENERATED))
    out = work / "html"
    env = {
        **os.environ,
        "GRAPHLAB_DOCS_QUICK": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMBA_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q"]
    cmd += ["-d", str(work / "doctrees"), str(work / "docs"), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work, timeout=900)
    assert proc.returncode == 0, f"sphinx-build failed:\n{proc.stderr[-6000:]}"
    assert "WARNING" not in proc.stderr and "ERROR" not in proc.stderr, proc.stderr[-6000:]
    return out


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def check_main_pages_exist(site: Path) -> None:
    for page in (
        "index.html",
        "install.html",
        "cli.html",
        "guides/tc_ogb.html",
        "guides/reconstruction.html",
        "guides/reweighted_training.html",
        "maths/tc.html",
        "maths/atc.html",
        "maths/reweighting.html",
        "maths/shyre.html",
        "api/index.html",
        "reproducing/index.html",
        "auto_examples/index.html",
    ):
        assert (site / page).is_file(), page


def check_cli_reference_has_every_command_and_flag(site: Path) -> None:
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        from graphlab_cli import command_parsers
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    from graphlab.cli import commands

    page = html(site, "cli.html")
    parsers = command_parsers()
    assert sorted(parsers) == sorted(commands())
    for name, parser in parsers.items():
        assert f'id="graphlab-{name}"' in page, name
        for action in parser._actions:
            if action.help == argparse.SUPPRESS:  # hidden flags stay hidden
                continue
            for flag in action.option_strings:
                assert f">{flag}" in page or f" {flag}" in page, (name, flag)
    # nested subcommands get sections of their own
    assert 'id="graphlab-hypergraph-info"' in page


def check_maths_render_offline(site: Path) -> None:
    """Formulas are there, and MathJax is loaded from the build, not from a CDN."""
    assert (site / "_static" / "mathjax" / "tex-svg.js").is_file()
    for page in ("maths/tc.html", "maths/atc.html", "maths/reweighting.html", "maths/shyre.html"):
        text = html(site, page)
        assert text.count('class="math') >= 3, page
        assert "_static/mathjax/tex-svg.js" in text, page
    assert r"\beta^{\,i+j-2}" in html(site, "maths/tc.html")


def check_no_page_loads_anything_from_the_network(site: Path) -> None:
    remote = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)=["'](?:https?:)?//""")
    for page in site.rglob("*.html"):
        found = remote.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page.relative_to(site)}: {found.group(0) if found else ''}"


def check_gallery_ran_every_example(site: Path) -> None:
    index = html(site, "auto_examples/index.html")
    for stem in EXAMPLES:
        page = html(site, f"auto_examples/{stem}.html")
        assert f"{stem}.html" in index, stem
        assert "sphx-glr-script-out" in page, f"{stem}: no captured output"
    # figures: an open matplotlib figure (compute_tc) and a PNG written by library code
    assert "sphx_glr_compute_tc_001.png" in html(site, "auto_examples/compute_tc.html")
    assert "sphx_glr_tc_analysis_001.png" in html(site, "auto_examples/tc_analysis.html")
    assert "reweighting: weighted TC" in html(site, "auto_examples/train_reweighted_gnn.html")


def check_api_reference_covers_the_three_packages(site: Path) -> None:
    api = site / "api" / "generated"
    for page in (
        "graphlab.html",
        "linkpred.html",
        "hypergraph.html",
        "graphlab.graph.Graph.html",
        "linkpred.tc.topological_concentrations.html",
        "linkpred.atc.approximate_tcs.html",
        "hypergraph.reconstruct.shyre.SHyRe.html",
    ):
        assert (api / page).is_file(), page
    tc = (api / "linkpred.tc.topological_concentrations.html").read_text(encoding="utf-8")
    assert "Parameters" in tc and 'class="math' in tc  # numpydoc sections, maths


def check_reproducing_lists_every_page(site: Path) -> None:
    index = html(site, "reproducing/index.html")
    for page in sorted((DOCS / "reproducing").glob("*.rst")):
        if page.stem != "index":
            assert (site / "reproducing" / f"{page.stem}.html").is_file(), page.name
            assert f'href="{page.stem}.html"' in index, page.name


def check_cross_references_of_the_written_pages_resolve(site: Path) -> None:
    """Every :func:/:class: in the guides and maths pages links to the API reference."""
    unresolved = re.compile(
        r'(<a [^>]*>)?<code class="xref py[^"]*"[^>]*><span class="pre">([^<]*)'
    )
    pages = ["index.html", "install.html"]
    pages += [str(p.relative_to(site)) for p in sorted((site / "maths").glob("*.html"))]
    pages += [str(p.relative_to(site)) for p in sorted((site / "guides").glob("*.html"))]
    bad = [
        (page, m.group(2))
        for page in pages
        for m in unresolved.finditer(html(site, page))
        if not m.group(1)
    ]
    assert bad == []

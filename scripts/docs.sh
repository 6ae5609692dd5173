#!/usr/bin/env bash
# Build the documentation site into docs/_build/html (open docs/_build/html/index.html).
#
# Offline: no inventories fetched, MathJax shipped in the build, the examples of the gallery run
# on the local datasets ($GRAPHLAB_DATA, by default ../shared/datasets). Warnings are errors.
#   bash scripts/docs.sh                        # full build, examples with their gallery settings
#   GRAPHLAB_DOCS_QUICK=1 bash scripts/docs.sh  # examples with fewer epochs and hops (as the tests)
#   GRAPHLAB_DOCS_GALLERY=False bash scripts/docs.sh   # do not run the examples at all
#   bash scripts/docs.sh --clean                # forget earlier builds and generated pages first
# Extra arguments go to sphinx-build.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import sphinx, numpydoc, sphinx_gallery, pydata_sphinx_theme" 2>/dev/null; then
  bash scripts/setup.sh
fi
export GRAPHLAB_DATA="${GRAPHLAB_DATA:-$(cd .. && pwd)/shared/datasets}"
if [ "${1:-}" = "--clean" ]; then
  shift
  rm -rf docs/_build docs/auto_examples
fi
# API pages are generated anew each time: a stub of a name that the code no longer has would be
# a page outside every toctree (a warning, so an error)
rm -rf docs/api/generated
.venv/bin/sphinx-build -b html -W --keep-going -d docs/_build/doctrees docs docs/_build/html "$@"
echo "docs: docs/_build/html/index.html"

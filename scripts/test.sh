#!/usr/bin/env bash
# Install into .venv, then lint, check formatting, and run the tests (doctests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRAPHLAB_DATA="${GRAPHLAB_DATA:-$(cd .. && pwd)/shared/datasets}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -n 2 "$@"

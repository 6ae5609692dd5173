#!/usr/bin/env bash
# Install into .venv, then lint, check formatting, type-check, and run the tests (doctests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRAPHLAB_DATA="${GRAPHLAB_DATA:-$(cd .. && pwd)/shared/datasets}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"

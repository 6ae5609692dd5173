#!/usr/bin/env bash
# Install into .venv, then lint, check formatting, type-check, and run the tests (doctests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# tests/test_report_browser.py opens `graphlab report`'s HTML in Debian's headless Chromium.
if [ ! -x "${GRAPHLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo -n); fi
  if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; }; then
    echo "test: installing chromium (apt-get) for the browser test" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y -q chromium >/dev/null \
      || { "${sudo[@]}" apt-get update -q >/dev/null \
           && "${sudo[@]}" apt-get install -y -q chromium >/dev/null; } \
      || echo "test: apt-get could not install chromium; the browser test will fail" >&2
  else
    echo "test: /usr/bin/chromium is missing and apt-get cannot install it here;" \
      "tests/test_report_browser.py will fail until it is installed" >&2
  fi
fi
export GRAPHLAB_DATA="${GRAPHLAB_DATA:-$(cd .. && pwd)/shared/datasets}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"

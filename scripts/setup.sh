#!/usr/bin/env bash
# Create .venv (once) and install graphlab with its test and documentation tools into it. torch
# is pinned to the CPU build by constraints.txt: an unpinned torch pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,docs]'

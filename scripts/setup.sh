#!/usr/bin/env bash
# Create .venv (once) and install graphlab with its test and documentation tools into it. torch
# is pinned to the CPU build by constraints.txt: an unpinned torch pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,docs]'
# tests/test_report_browser.py opens `graphlab report`'s HTML in Debian's headless Chromium.
if [ ! -x "${GRAPHLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo -n); fi
  if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; }; then
    echo "setup: installing chromium (apt-get) for the browser test" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y -q chromium >/dev/null \
      || { "${sudo[@]}" apt-get update -q >/dev/null \
           && "${sudo[@]}" apt-get install -y -q chromium >/dev/null; } \
      || echo "setup: apt-get could not install chromium; the browser test will fail" >&2
  else
    echo "setup: /usr/bin/chromium is missing and apt-get cannot install it here;" \
      "tests/test_report_browser.py will fail until it is installed" >&2
  fi
fi

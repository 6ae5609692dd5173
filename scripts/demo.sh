#!/usr/bin/env bash
# Install into .venv, then run the main job (`graphlab demo`) on the default real datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRAPHLAB_DATA="${GRAPHLAB_DATA:-$(cd .. && pwd)/shared/datasets}"
.venv/bin/graphlab demo "$@"

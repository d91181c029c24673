#!/usr/bin/env bash
# npm run notebooks -- [--write] [--timeout S] [--jobs N] [notebooks/NN-name.ipynb ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python.sh
exec "$PY" scripts/run-notebooks.py "$@"

#!/usr/bin/env bash
# npm run notebook — set up, then serve the notebooks on http://127.0.0.1:${PORT:-8888} with the project's
# tslab kernel ("TypeScript (tslab, project root)").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/python.sh
export JUPYTER_PATH="$PWD/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
extra=()
[ "$(id -u)" -eq 0 ] && extra+=(--allow-root)
exec "$PY" -m notebook --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" --notebook-dir=notebooks "${extra[@]}" "$@"

#!/usr/bin/env bash
# npm run notebook — set up, then serve the repository on http://127.0.0.1:${PORT:-8888}: notebooks/ holds
# the project's notebooks, scratch/ (created here, git-ignored, run by neither npm test nor reproduce) is
# for your own. New notebooks get the project's tslab kernel ("TypeScript (tslab, project root)").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/python.sh
mkdir -p scratch
export JUPYTER_PATH="$PWD/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
extra=()
[ "$(id -u)" -eq 0 ] && extra+=(--allow-root)
exec "$PY" -m notebook --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" --notebook-dir="$PWD" \
  --MappingKernelManager.default_kernel_name=tslab "${extra[@]}" "$@"

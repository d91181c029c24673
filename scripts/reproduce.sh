#!/usr/bin/env bash
# npm run reproduce — set up, execute every notebook (AT_SCALE, default quick) writing its outputs back,
# and export HTML with figures into build/html/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export AT_SCALE="${AT_SCALE:-quick}"
echo "[reproduce] running the notebooks at scale: $AT_SCALE"
bash scripts/run-notebooks.sh --write --jobs "${AT_JOBS:-2}" "$@"
bash scripts/export-html.sh
echo "[reproduce] open build/html/index.html"

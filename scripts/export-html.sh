#!/usr/bin/env bash
# npm run export-html [-- NOTEBOOK_DIR [OUT_DIR]] — notebooks/*.ipynb → build/html/*.html with figures
# visible, LaTeX rendered by a local copy of MathJax (Debian's libjs-mathjax) and a navigation bar on
# every page, plus build/html/index.html listing every notebook (scripts/export-html.py).
# Needs no kernel: it exports the outputs stored in the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python.sh
src=${1:-notebooks}
out=${2:-build/html}
mkdir -p "$out"

mathjax_src=/usr/share/javascript/mathjax
if [ -f "$mathjax_src/MathJax.js" ]; then
  [ -f "$out/mathjax/MathJax.js" ] || cp -r "$mathjax_src" "$out/mathjax"
  # AT_MATHJAX_CONFIG picks MathJax's output; the companion site (scripts/site.ts) uses SVG output, which
  # needs no web fonts (a browser refuses fonts to pages opened from file://).
  mathjax_url="mathjax/MathJax.js?config=${AT_MATHJAX_CONFIG:-TeX-AMS_HTML-full},Safe"
else
  echo "[export-html] MathJax not found at $mathjax_src (Debian package libjs-mathjax): LaTeX will show as source" >&2
  mathjax_url=""
fi

# The claims C1–C6 and their notebooks, from the one table the companion site uses too (site/claims.ts).
npx --no-install tsx -e 'import { CLAIMS } from "./site/claims"; console.log(JSON.stringify(CLAIMS));' > "$out/claims.json"

exec "$PY" scripts/export-html.py --out "$out" --mathjax-url="$mathjax_url" --claims "$out/claims.json" "$src"

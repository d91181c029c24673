#!/usr/bin/env bash
# npm run export-html — notebooks/*.ipynb → build/html/*.html with figures visible and LaTeX rendered by
# a local copy of MathJax (Debian's libjs-mathjax), plus build/html/index.html linking every notebook.
# Needs no kernel: it exports the outputs stored in the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python.sh
out=build/html
mkdir -p "$out"

mathjax_src=/usr/share/javascript/mathjax
if [ -f "$mathjax_src/MathJax.js" ]; then
  [ -f "$out/mathjax/MathJax.js" ] || cp -r "$mathjax_src" "$out/mathjax"
  mathjax_url="mathjax/MathJax.js?config=TeX-AMS_HTML-full,Safe"
else
  echo "[export-html] MathJax not found at $mathjax_src (Debian package libjs-mathjax): LaTeX will show as source" >&2
  mathjax_url=""
fi

"$PY" -m nbconvert --to html --log-level=WARN \
  --template-file "$PWD/jupyter/nbconvert/lab-svgfix.html.j2" \
  --HTMLExporter.mathjax_url="$mathjax_url" \
  --output-dir "$out" notebooks/*.ipynb

"$PY" - "$out" <<'PY'
import html, json, os, sys
out = sys.argv[1]
items = []
for name in sorted(os.listdir("notebooks")):
    if not name.endswith(".ipynb"):
        continue
    nb = json.load(open(os.path.join("notebooks", name)))
    title = next((line.lstrip("# ").strip() for cell in nb["cells"] if cell["cell_type"] == "markdown"
                  for line in "".join(cell["source"]).splitlines() if line.startswith("# ")), name)
    items.append(f'<li><a href="{html.escape(name[:-6])}.html">{html.escape(name[:-6])}</a> — {html.escape(title)}</li>')
page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Smoothness of adversarial training — notebooks</title>
<style>body{{font-family:"DejaVu Sans",sans-serif;max-width:52em;margin:2em auto;line-height:1.5}}</style></head>
<body><h1>Smoothness Analysis of Adversarial Training — notebooks</h1>
<p>A runnable reconstruction of Kanai et al., arXiv:2103.01400. Outputs are from the last run recorded in the notebooks.</p>
<ol>
{chr(10).join(items)}
</ol></body></html>
"""
open(os.path.join(out, "index.html"), "w").write(page)
print(f"[export-html] wrote {len(items)} notebooks and index.html to {out}/")
PY

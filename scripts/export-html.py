"""Export notebooks to HTML pages that link to each other, and an index page; needs no kernel (it
exports the outputs stored in the notebooks).

Usage (through scripts/export-html.sh, which finds a Python that has nbconvert and sets up MathJax):
    export-html.py --out DIR [--mathjax-url URL] [NOTEBOOK_DIR]

Every page gets a navigation bar (previous / index / next, in file-name order) at its top and bottom;
the index lists every notebook by its title, the first "# " heading of its first markdown cell, rendered
as markdown (titles use *emphasis*), and with --claims, the paper's claims C1–C6 linked to the notebooks
that check them.
"""
import argparse
import html
import json
import os
import sys

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown import markdown2html

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "jupyter", "nbconvert", "lab-svgfix.html.j2")


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return fallback


def inline_markdown(text):
    """One line of markdown as inline HTML (markdown2html wraps it in a paragraph)."""
    rendered = markdown2html(text).strip()
    return rendered[3:-4] if rendered.startswith("<p>") and rendered.endswith("</p>") else rendered


def claims_table(claims, pages):
    """The claims (site/claims.ts as JSON) with links to the notebooks present that check them."""
    by_number = {page["file"][:2]: page for page in pages}
    rows = []
    for claim in claims:
        links = ", ".join(
            f'<a href="{html.escape(by_number[n]["href"])}">{n}</a>' for n in claim["notebooks"] if n in by_number
        )
        rows.append(
            f'<tr><td>{html.escape(claim["id"])}</td><td>{html.escape(claim["claim"])}<br><span class="file">{html.escape(claim["wording"])}</span></td><td>{links}</td></tr>'
        )
    return (
        "<h2>The paper's claims and where they are checked</h2>\n<table><tr><th>Claim</th><th>Statement (and the paper's wording)</th><th>Notebooks</th></tr>\n"
        + "\n".join(rows)
        + "\n</table>"
    )


def index_page(pages, claims=None):
    items = "\n".join(
        f'<li><a href="{html.escape(page["href"])}">{page["title"]}</a> <span class="file">{html.escape(page["file"])}</span></li>'
        for page in pages
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Smoothness of adversarial training — notebooks</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
li {{ margin: 0.4em 0; }}
table {{ border-collapse: collapse; }} td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
.file {{ color: #666; font-size: 0.85em; margin-left: 0.5em; }}
</style></head>
<body><h1>Smoothness Analysis of Adversarial Training — notebooks</h1>
<p>A runnable reconstruction of Kanai et al., arXiv:2103.01400. Outputs are from the last run recorded in the notebooks.</p>
<ol>
{items}
</ol>
{claims_table(claims, pages) if claims else ""}
</body></html>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook_dir", nargs="?", default=os.path.join(ROOT, "notebooks"))
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--mathjax-url", default="", help="MathJax script URL (empty: LaTeX shows as source)")
    parser.add_argument("--claims", default=None, help="JSON list of the claims (id, claim, wording, notebooks)")
    args = parser.parse_args()

    names = sorted(name for name in os.listdir(args.notebook_dir) if name.endswith(".ipynb"))
    notebooks = [nbformat.read(os.path.join(args.notebook_dir, name), as_version=4) for name in names]
    pages = [
        {"file": name, "href": f"{name[:-6]}.html", "title": inline_markdown(title_of(nb, name[:-6]))}
        for name, nb in zip(names, notebooks)
    ]
    exporter = HTMLExporter(template_file=TEMPLATE, mathjax_url=args.mathjax_url)
    os.makedirs(args.out, exist_ok=True)
    for i, (page, nb) in enumerate(zip(pages, notebooks)):
        nav = {
            "previous": pages[i - 1] if i > 0 else None,
            "next": pages[i + 1] if i + 1 < len(pages) else None,
            "index": "index.html",
        }
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page["file"][:-6]}, "nav": nav})
        with open(os.path.join(args.out, page["href"]), "w", encoding="utf-8") as f:
            f.write(body)
    with open(os.path.join(args.out, "index.html"), "w", encoding="utf-8") as f:
        claims = json.load(open(args.claims, encoding="utf-8")) if args.claims else None
        f.write(index_page(pages, claims))
    print(f"[export-html] wrote {len(pages)} notebooks and index.html to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

// npm run site [-- --out DIR] [--serve] [--port N]: the interactive companion site, in build/site/.
//   * every notebook as a page: the HTML export (scripts/export-html.sh: figures, offline MathJax, navigation);
//   * index.html: the paper's claims mapped to the notebooks, exercises and figures that check them;
//   * playground.html: figures of the closed forms with sliders, recomputed in the browser by the library's
//     own code (site/figures.ts → lib/), bundled with esbuild; Vega, Vega-Lite and vega-embed are copied from
//     their npm packages into vendor/. Nothing is loaded from the network: the site works from file:// and
//     from `--serve` (a static server on 127.0.0.1).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { CLAIMS } from "../site/claims";
import { FIGURES } from "../site/figures";
import { exercises } from "../lib/coursework";
import { readNotebook } from "./coursework/notebook-files";

const root = path.resolve(__dirname, "..");
const VENDOR = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
] as const;

interface Options {
  out: string;
  serve: boolean;
  port: number;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { out: path.join(root, "build", "site"), serve: false, port: 8000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && argv[i + 1]) options.out = path.resolve(argv[++i]);
    else if (argv[i] === "--serve") options.serve = true;
    else if (argv[i] === "--port" && argv[i + 1]) options.port = Number(argv[++i]);
    else {
      console.error(`unknown argument ${argv[i]}\nusage: npm run site [-- --out DIR] [--serve] [--port N]`);
      process.exit(2);
    }
  }
  return options;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** The inline markdown of a title: *emphasis*. */
const inline = (text: string) => escape(text).replace(/\*([^*]+)\*/g, "<em>$1</em>");

interface Page {
  readonly id: string;
  readonly file: string;
  readonly href: string;
  readonly title: string;
}

function notebookPages(): Page[] {
  return fs
    .readdirSync(path.join(root, "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((file) => {
      const cell = readNotebook(path.join(root, "notebooks", file)).cells.find((c) => c.cell_type === "markdown");
      const source = cell ? [cell.source].flat().join("") : "";
      const title = (source.split("\n").find((line) => line.startsWith("# ")) ?? `# ${file}`).slice(2);
      return { id: file.slice(0, 2), file, href: `${file.replace(/\.ipynb$/, "")}.html`, title };
    });
}

const STYLE = `
body { font-family: "DejaVu Sans", sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em; line-height: 1.5; color: #222; }
nav.at-site { display: flex; gap: 1.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.5em; margin-bottom: 1em; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ddd; padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
.planned { color: #999; } .file { color: #666; font-size: 0.85em; } .label { font-size: 0.8em; color: #555; }
.figure { margin: 2em 0 3em; } .vega-bindings { margin-top: 0.5em; } .vega-bind { margin-right: 1.5em; }
.vega-bind input[type=range] { width: 14em; vertical-align: middle; }
`;

function page(title: string, body: string, scripts = ""): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escape(title)}</title><style>${STYLE}</style></head>
<body><nav class="at-site"><a href="index.html">Index</a><a href="playground.html">Playground</a><a href="00-overview.html">Notebooks</a></nav>
${body}
${scripts}</body></html>
`;
}

function indexPage(pages: Page[]): string {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const notebookLinks = (ids: readonly string[]) =>
    ids
      .map((id) => {
        const p = byId.get(id);
        return p ? `<a href="${p.href}">${id}</a>` : `<span class="planned" title="planned (paper-spec §11), not in this build">${id}</span>`;
      })
      .join(", ");
  const figureLinks = (ids: readonly string[]) =>
    ids.map((id) => `<a href="playground.html#figure-${id}">${escape(FIGURES.find((f) => f.id === id)?.heading ?? id)}</a>`).join("<br>") || "—";
  const claims = CLAIMS.map(
    (c) => `<tr><th>${c.id}</th><td>${escape(c.claim)}<div class="label">${escape(c.wording)}</div></td>
<td>${notebookLinks(c.notebooks)}</td><td>${c.exercises.join(", ") || "—"}</td><td>${figureLinks(c.figures)}</td></tr>`,
  ).join("\n");
  const notebooks = pages
    .map(
      (p) =>
        `<li><a href="${p.href}">${inline(p.title)}</a> <span class="file">${escape(p.file)}</span>${
          exercises(p.id).length
            ? ` <span class="label">— exercises ${exercises(p.id)
                .map((e) => e.id)
                .join(", ")}</span>`
            : ""
        }</li>`,
    )
    .join("\n");
  return page(
    "Smoothness of adversarial training — companion site",
    `
<h1>Smoothness Analysis of Adversarial Training — companion site</h1>
<p>A runnable reconstruction of S. Kanai, M. Yamada, H. Takahashi, Y. Yamanaka, Y. Ida, <em>Smoothness Analysis of Adversarial
Training</em> (arXiv:2103.01400). The paper's full text is not reproduced here: only its claims C1–C6 are quoted (from its
abstracts, with the version). Every other statement in the notebooks is labelled <b>[Standard result]</b> (with its source),
<b>[Derived here]</b> (a reconstruction, derived and verified numerically) or <b>[Project design]</b>, and no number computed by
this project is a number from the paper. The notebook pages show the outputs of their last quick run.</p>
<h2>The claims, and where to check them</h2>
<table><tr><th>Id</th><th>Claim [From the paper]</th><th>Notebooks</th><th>Exercises</th><th>Interactive figures</th></tr>
${claims}
</table>
<p class="label">Grey notebook numbers are planned (paper-spec §11) but not part of this build.</p>
<h2>Interactive figures</h2>
<p><a href="playground.html">The theory playground</a>: the closed forms of T1 and T5 with sliders for ε, h, the attack direction, γ and β,
recomputed in your browser by the library's own code.</p>
<h2>Notebooks</h2>
<ol start="0">
${notebooks}
</ol>
<h2>For teachers</h2>
<p>Notebook 12 and the sections headed <em>Exercises</em> hold exercises with automatic checks. <code>npm run student-pack</code> writes the
notebooks without their solutions (build/student/ and build/student.zip); <code>npm run grade -- FOLDER</code> runs handed-in notebooks and
writes a score table. See the repository's README.</p>
`,
  );
}

function playgroundPage(): string {
  const figures = FIGURES.map(
    (f) => `<section class="figure"><h2 id="heading-${f.id}">${escape(f.heading)}</h2><p>${escape(f.text)}</p>
<div id="figure-${f.id}" class="interactive-figure"></div></section>`,
  ).join("\n");
  return page(
    "Theory playground — smoothness of adversarial training",
    `
<h1>Theory playground</h1>
<p>Closed forms of the reconstructed theory [Derived here; paper-spec §3], computed in your browser by the same TypeScript the
notebooks call (<code>lib/losses/adversarial-linear.ts</code>, <code>lib/theory/local-entropy-1d.ts</code>, bundled), and drawn by the
library's chart builders. Move a slider under a figure: its data are recomputed. Works offline.</p>
${figures}
`,
    VENDOR.map(([name, file]) => `<script src="vendor/${path.basename(file)}" data-package="${name}"></script>`).join("\n") +
      '\n<script src="assets/playground.js"></script>\n',
  );
}

/** Bundles site/playground.ts for the browser; refuses a bundle that pulls in a package (tfjs, resvg, …). */
function bundlePlayground(out: string): void {
  // esbuild comes with tsx, the project's TypeScript runner (package.json lists it too).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, "site", "playground.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    outfile: path.join(out, "assets", "playground.js"),
    metafile: true,
    logLevel: "error",
    legalComments: "none",
  });
  const inputs = Object.keys(result.metafile!.inputs);
  const foreign = inputs.filter((file) => !/^(lib|site)\//.test(file));
  if (foreign.length) throw new Error(`the playground bundle must hold only lib/ and site/ code, but it includes ${foreign.join(", ")}`);
  fs.writeFileSync(path.join(out, "assets", "playground-inputs.json"), `${JSON.stringify(inputs.sort(), null, 1)}\n`);
}

export function buildSite(out: string): void {
  fs.mkdirSync(out, { recursive: true });
  const exported = spawnSync("bash", [path.join(root, "scripts", "export-html.sh"), path.join(root, "notebooks"), out], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, AT_MATHJAX_CONFIG: "TeX-AMS_SVG" },
  });
  if (exported.status !== 0) throw new Error("the HTML export of the notebooks failed (scripts/export-html.sh)");
  fs.mkdirSync(path.join(out, "vendor"), { recursive: true });
  for (const [name, file] of VENDOR) {
    // The packages' "exports" do not list their browser builds, so they are found on disk.
    const source = path.join(root, "node_modules", name, file);
    if (!fs.existsSync(source)) throw new Error(`${source} is missing: run npm run setup (the npm package ${name})`);
    fs.copyFileSync(source, path.join(out, "vendor", path.basename(file)));
  }
  bundlePlayground(out);
  const pages = notebookPages();
  fs.writeFileSync(path.join(out, "index.html"), indexPage(pages));
  fs.writeFileSync(path.join(out, "playground.html"), playgroundPage());
  console.log(
    `[site] ${pages.length} notebook pages, index.html and playground.html (${FIGURES.length} interactive figures) in ${path.relative(root, out) || out}/`,
  );
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff": "font/woff",
  ".otf": "font/otf",
  ".eot": "application/vnd.ms-fontobject",
  ".ttf": "font/ttf",
};

/** A static server of `out` on 127.0.0.1 only. */
export function serve(out: string, port: number): http.Server {
  const server = http.createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = path.join(out, path.normalize(url === "/" ? "/index.html" : url));
    if (!file.startsWith(out) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  server.listen(port, "127.0.0.1", () => console.log(`[site] serving ${path.relative(root, out) || out}/ on http://127.0.0.1:${port}/ (Ctrl-C to stop)`));
  return server;
}

if (require.main === module) {
  const options = parseArguments(process.argv.slice(2));
  buildSite(options.out);
  if (options.serve) serve(options.out, options.port);
  else console.log(`[site] open ${path.join(path.relative(process.cwd(), options.out) || ".", "index.html")}, or serve it: npm run site -- --serve`);
}

// The companion site as a reader meets it, in headless Chromium: `npm run site` builds it, every page opens
// from file:// without console errors and without any request leaving the machine, every notebook page shows
// all the figures its notebook holds and typesets its LaTeX, the playground renders its interactive figures
// with sliders, and moving a slider redraws its figure. Screenshots go to build/site-shots/. Where no
// browser can be had the suite is skipped with one line. Also: --serve answers on 127.0.0.1, and the
// playground's bundle holds only lib/ and site/ code (no tfjs). Backend-independent: one suite only.
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { pathToFileURL } from "url";
import type { Browser, Page } from "puppeteer-core";
import { findBrowser, launch } from "./browser";

const root = path.resolve(__dirname, "..", "..");
const site = path.join(root, "build", "site");
const shots = path.join(root, "build", "site-shots");
const inOneSuite = !process.env.AT_BACKEND || (process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0");
const found = findBrowser();
if (inOneSuite && "missing" in found) console.log(`[site test] skipped: ${found.missing}`);
const suite = inOneSuite && "executable" in found ? describe : describe.skip;

/** Figures a notebook holds: outputs with an image (the export shows each as one <img>). */
function figureCount(notebook: string): number {
  const cells = JSON.parse(fs.readFileSync(path.join(root, "notebooks", notebook), "utf8")).cells as { outputs?: { data?: Record<string, unknown> }[] }[];
  return cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && ("image/svg+xml" in o.data || "image/png" in o.data)).length;
}

/** Opens a page from file://, recording console errors, page errors and any request that is not local. */
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => {
    if (!/^(file|data|blob|about):/.test(request.url())) problems.push(`network request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(path.join(site, file)).href, { waitUntil: "load", timeout: 60000 });
  return { page, problems };
}

suite("companion site in a browser", function () {
  this.timeout(600000);
  let browser: Browser;
  let close: () => Promise<void>;

  before(async () => {
    const built = spawnSync("npx", ["--no-install", "tsx", "scripts/site.ts"], { cwd: root, encoding: "utf8", timeout: 300000 });
    assert.equal(built.status, 0, built.stdout + built.stderr);
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    ({ browser, close } = await launch((found as { executable: string }).executable));
  });
  after(async () => close?.());

  it("the playground's bundle holds only the library's and the site's own code (no tfjs, no Node-only package)", () => {
    const inputs: string[] = JSON.parse(fs.readFileSync(path.join(site, "assets", "playground-inputs.json"), "utf8"));
    assert.ok(inputs.includes("lib/losses/adversarial-linear.ts") && inputs.includes("lib/theory/local-entropy-1d.ts"), inputs.join(", "));
    assert.ok(
      inputs.every((file) => /^(lib|site)\//.test(file)),
      inputs.join(", "),
    );
    assert.doesNotMatch(fs.readFileSync(path.join(site, "assets", "playground.js"), "utf8"), /@tensorflow|resvg/);
  });

  it("every notebook page shows all its notebook's figures and typesets its LaTeX, without console errors or network requests", async () => {
    const notebooks = fs
      .readdirSync(path.join(root, "notebooks"))
      .filter((f) => f.endsWith(".ipynb"))
      .sort();
    for (const notebook of notebooks) {
      const name = notebook.replace(/\.ipynb$/, "");
      const { page, problems } = await open(browser, `${name}.html`);
      await page.waitForFunction(
        () => {
          const mathJax = (window as unknown as { MathJax?: { Hub?: { queue?: { pending: number; running: number } } } }).MathJax;
          return !mathJax?.Hub?.queue || (mathJax.Hub.queue.pending === 0 && mathJax.Hub.queue.running === 0);
        },
        { timeout: 120000 },
      );
      const images = await page.$$eval(".jp-OutputArea-output img", (elements) =>
        elements.map((e) => ({ ok: (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0 })),
      );
      const math = await page.$$eval(".MathJax_SVG, .MathJax_SVG_Display, .MathJax_CHTML, .MathJax", (elements) => elements.length);
      await page.screenshot({ path: path.join(shots, `${name}.png`) });
      await page.close();
      assert.deepEqual(problems, [], `${name}.html`);
      assert.ok(images.length >= figureCount(notebook), `${name}.html: ${images.length} images for ${figureCount(notebook)} figures`);
      assert.ok(
        images.every((i) => i.ok),
        `${name}.html: an image did not load`,
      );
      assert.ok(math > 0, `${name}.html: no typeset LaTeX`);
    }
  });

  it("the index maps every claim to notebooks and links only pages that exist", async () => {
    const { page, problems } = await open(browser, "index.html");
    const claims = await page.$$eval("table tr th:first-child", (cells) => cells.map((c) => c.textContent));
    const links = await page.$$eval("a[href]", (anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
    await page.screenshot({ path: path.join(shots, "index.png"), fullPage: true });
    await page.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(claims.slice(1), ["C1", "C2", "C3", "C4", "C5", "C6"]);
    for (const href of links) assert.ok(fs.existsSync(path.join(site, href.split("#")[0])), `index.html links to ${href}, which does not exist`);
  });

  it("the playground renders its interactive figures with sliders, and moving a slider redraws the figure", async () => {
    const { page, problems } = await open(browser, "playground.html");
    await page.waitForFunction(() => document.body.dataset.ready === "true" || document.body.dataset.error !== undefined, { timeout: 120000 });
    assert.equal(await page.evaluate(() => document.body.dataset.error ?? null), null);
    const figures = await page.$$eval(".interactive-figure", (elements) =>
      elements.map((e) => ({
        id: e.id,
        marks: e.querySelectorAll("svg .mark-rect path, svg .mark-symbol path, svg .mark-line path, svg path").length,
        sliders: e.querySelectorAll("input[type=range]").length,
      })),
    );
    assert.ok(figures.length >= 3, JSON.stringify(figures));
    for (const f of figures) assert.ok(f.marks > 0 && f.sliders >= 1, JSON.stringify(f));
    await page.screenshot({ path: path.join(shots, "playground.png"), fullPage: true });
    for (const id of ["figure-t1-surface", "figure-t1-kink", "figure-local-entropy"]) {
      const before = await page.$eval(`#${id} svg`, (svg) => svg.innerHTML);
      await page.$eval(`#${id} input[type=range]`, (input) => {
        const range = input as HTMLInputElement;
        range.value = String(Number(range.min) + 0.8 * (Number(range.max) - Number(range.min)));
        range.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await page.waitForFunction(
        (element: string) => Number((document.getElementById(element) as HTMLElement).dataset.updates ?? 0) > 0,
        { timeout: 60000 },
        id,
      );
      const after = await page.$eval(`#${id} svg`, (svg) => svg.innerHTML);
      assert.notEqual(after, before, `${id}: the figure did not change when its slider moved`);
      const element = await page.$(`#${id}`);
      await element!.screenshot({ path: path.join(shots, `playground-${id}-moved.png`) });
    }
    await page.close();
    assert.deepEqual(problems, []);
  });

  it("npm run site -- --serve serves the site on 127.0.0.1", async () => {
    const server = spawn(process.execPath, ["--require", "tsx/cjs", "-e", `require("./scripts/site.ts").serve(${JSON.stringify(site)}, 18765)`], {
      cwd: root,
      stdio: "pipe",
    });
    try {
      const get = (url: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          http
            .get(url, (response) => {
              let body = "";
              response.on("data", (chunk) => (body += chunk));
              response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
            })
            .on("error", reject);
        });
      let answer: { status: number; body: string } | null = null;
      for (let attempt = 0; attempt < 60 && !answer; attempt++) {
        answer = await get("http://127.0.0.1:18765/playground.html").catch(() => null);
        if (!answer) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert.ok(answer && answer.status === 200 && /Theory playground/.test(answer.body), JSON.stringify(answer)?.slice(0, 200));
      assert.equal((await get("http://127.0.0.1:18765/../package.json")).status, 404);
    } finally {
      server.kill();
    }
  });
});

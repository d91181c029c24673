// The HTML export as a reader browses it: every page links to the previous and next notebook and to the
// index, the index lists every notebook by its title rendered as markdown, and code lines wrap instead of
// being cut off. Exports three fixture notebooks into a temporary folder (no kernel is needed).
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

const suite = process.env.AT_BACKEND === "wasm" && process.env.AT_NATIVE !== "0" ? describe : describe.skip;

suite("HTML export", function () {
  this.timeout(120000);
  let out: string;
  const page = (name: string) => fs.readFileSync(path.join(out, name), "utf8");
  /** The navigation bars of a page: [previous href, next href] of each, "" when absent. */
  const navigation = (html: string) =>
    [...html.matchAll(/<nav class="at-nav[^"]*">([\s\S]*?)<\/nav>/g)].map(([, nav]) => {
      assert.match(nav, /<a class="at-nav-index" href="index.html">Index<\/a>/);
      return [/href="([^"]*)" rel="prev"/.exec(nav)?.[1] ?? "", /href="([^"]*)" rel="next"/.exec(nav)?.[1] ?? ""];
    });

  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "at-export-"));
    const result = spawnSync("bash", ["scripts/export-html.sh", "test/fixtures/notebooks/export", out], { cwd: root, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("every page has a navigation bar at its top and bottom: previous, index, next", () => {
    assert.deepEqual(navigation(page("01-first.html")), [
      ["", "02-second.html"],
      ["", "02-second.html"],
    ]);
    assert.deepEqual(navigation(page("02-second.html")), [
      ["01-first.html", "03-third.html"],
      ["01-first.html", "03-third.html"],
    ]);
    assert.deepEqual(navigation(page("03-third.html")), [
      ["02-second.html", ""],
      ["02-second.html", ""],
    ]);
    assert.match(page("02-second.html"), /rel="prev">← 01 — The <em>first<\/em> page<\/a>/);
  });

  it("the index lists every notebook by its title, with its markdown rendered", () => {
    const index = page("index.html");
    const items = [...index.matchAll(/<li><a href="([^"]*)">(.*?)<\/a>/g)].map(([, href, title]) => [href, title]);
    assert.deepEqual(items, [
      ["01-first.html", "01 — The <em>first</em> page"],
      ["02-second.html", "02 — The second page"],
      ["03-third.html", "03 — The third page"],
    ]);
  });

  it("the index maps each claim C1–C6 to links to the notebooks present that check it", () => {
    const rows = [...page("index.html").matchAll(/<tr><td>(C\d)<\/td>.*?<\/td><td>(.*?)<\/td><\/tr>/g)].map(([, id, links]) => [id, links]);
    assert.deepEqual(
      rows.map(([id]) => id),
      ["C1", "C2", "C3", "C4", "C5", "C6"],
    );
    // The fixture folder holds notebooks 01–03: C1 (notebooks 00, 01, 03) links to 01 and 03 only.
    assert.equal(rows[0][1], '<a href="01-first.html">01</a>, <a href="03-third.html">03</a>');
  });

  it("long code lines wrap: the page's own style, after the lab style, sets pre-wrap for code", () => {
    const html = page("01-first.html");
    const rule = html.indexOf(".jp-InputArea-editor .highlight pre, .jp-OutputArea-output pre {\n  white-space: pre-wrap;");
    assert.ok(rule > 0, "wrapping rule");
    assert.ok(rule > html.lastIndexOf(".jp-InputArea-editor {"), "the wrapping rule comes after the lab CSS");
  });
});

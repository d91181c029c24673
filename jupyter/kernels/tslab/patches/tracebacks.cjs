// Jupyter error contents ({ ename, evalue, traceback }) for what a cell throws and for a cell that does
// not compile. The traceback reads like Python's, outermost call first, so the cell's own line comes
// right after the message: "cell 7, line 3: <its source>", then the project's .ts frames down to where
// the error was thrown. Frames in Node, node_modules and tslab are left out: they are the same for
// every error and push the useful lines out of sight.
const util = require("util");

const FRAME = /^\s*at (?:async )?(?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
const MAX_FRAMES = 6;
// tslab reports each diagnostic as console.error("%s%d:%d - %s", file ? file + " " : "", line, column, text).
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

module.exports = function tracebacks(cells, origins) {
  function frameText(name, file, line, column) {
    const origin = origins.originOf(file, line, column);
    if (!origin) return null;
    if (origin.cell) return `cell ${origin.cell}, line ${origin.line}: ${(cells.line(origin.cell, origin.line) || "").trim()}`;
    // V8 names a function called on a module object "Object.f".
    return `  ${origin.file}:${origin.line}${name ? ` in ${name.replace(/^Object\./, "")}` : ""}`;
  }

  function errorName(error) {
    const name = typeof error.name === "string" && error.name ? error.name : "Error";
    const constructor = error.constructor && error.constructor.name;
    // A subclass that does not set its name still says what it is through its constructor.
    return name === "Error" && constructor && constructor !== "Object" ? constructor : name;
  }

  /** A thrown value, raised while `cell` ran. */
  function error(value, cell) {
    if (!value || typeof value !== "object" || typeof value.message !== "string") {
      const evalue = typeof value === "string" ? value : util.inspect(value);
      return { ename: "Error", evalue, traceback: [`Error (a thrown non-Error value): ${evalue}`, `cell ${cell}`] };
    }
    const ename = errorName(value);
    const frames = [];
    for (const line of String(value.stack || "").split("\n")) {
      const match = FRAME.exec(line);
      const text = match && frameText(match[1], match[2], Number(match[3]), Number(match[4]));
      if (text) frames.unshift(text);
    }
    if (!frames.some((text) => text.startsWith("cell "))) frames.unshift(`cell ${cell}`);
    if (frames.length > MAX_FRAMES) frames.splice(2, frames.length - MAX_FRAMES + 1, "  …");
    return { ename, evalue: value.message, traceback: [`${ename}: ${value.message}`, ...frames] };
  }

  /** tslab's diagnostics of a cell that does not compile (the arguments of its console.error calls). */
  function compileErrors(reports, cell) {
    // A diagnostic's explanation comes as further diagnostics at the same place (without its file).
    const groups = [];
    for (const [, file, line, column, text] of reports) {
      const last = groups[groups.length - 1];
      if (last && last.line === line && last.column === column) last.explanation.push(String(text));
      else groups.push({ file: file.trim(), line, column, text: String(text), explanation: [] });
    }
    const place = (d) => `${d.file ? `${d.file}, ` : ""}line ${d.line}, column ${d.column}`;
    const traceback = [`TypeScriptError: cell ${cell} does not compile`];
    for (const d of groups) {
      traceback.push(`${d.file ? "" : `cell ${cell}, `}${place(d)}: ${d.text}`);
      const source = d.file ? undefined : cells.line(cell, d.line);
      if (source !== undefined) traceback.push(`    ${source}`, `    ${" ".repeat(d.column - 1)}^`);
      traceback.push(...d.explanation.map((text) => `      ${text}`));
    }
    const evalue = groups.map((d) => [`${place(d)}: ${d.text}`, ...d.explanation.map((text) => `  ${text}`)].join("\n")).join("\n");
    return { ename: "TypeScriptError", evalue, traceback };
  }

  /** What tslab's executor reported for a failed cell: diagnostics, or one thrown value. */
  function failure(reports, cell) {
    return reports[0][0] === DIAGNOSTIC_FORMAT ? compileErrors(reports, cell) : error(reports[0][0], cell);
  }

  return { error, failure };
};

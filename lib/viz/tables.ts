// Tables of results as one notebook output (HTML, and aligned text for terminals and repository hosts).
// Accepts plain rows or a danfojs DataFrame (anything with `columns` and `values`), so notebooks may
// group and aggregate with danfojs and display here; the library itself does not load danfojs.
import { sendDisplay } from "./notebook";

export type Cell = string | number | boolean | null | undefined;

/** Rows of a table: objects whose fields are all cells, or a data frame. Bounded by the row's own keys
 *  rather than typed `Record<string, Cell>[]`, so rows typed by an interface (which has no index
 *  signature) are accepted too. */
export type TableData<Row extends CellRow<Row>> = readonly Row[] | FrameLike;
export type CellRow<Row> = { [K in keyof Row]: Cell };

export interface TableOptions {
  title: string;
  /** The scale stamp of the numbers (spec §6): a table without one is refused. */
  caption: string;
  /** Significant digits for numbers. Default 4. */
  digits?: number;
  /** Column order (default: the keys of the first row). */
  columns?: string[];
}

/** A danfojs DataFrame, or anything else with column names and rows of values. */
export interface FrameLike {
  columns: string[];
  /** Rows of cells (typed loosely because danfojs types it as 1-D or 2-D). */
  values: unknown;
}

function isFrameLike(data: unknown): data is FrameLike {
  return typeof data === "object" && data !== null && !Array.isArray(data) && Array.isArray((data as FrameLike).columns);
}

export function formatCell(value: Cell, digits = 4): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
    const abs = Math.abs(value);
    return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
  }
  return String(value);
}

export function tableCells<Row extends CellRow<Row>>(data: TableData<Row>, options: TableOptions): { columns: string[]; rows: string[][] } {
  if (!options.caption || options.caption.trim() === "")
    throw new RangeError(`table "${options.title}": a caption (the scale stamp of its numbers) is required`);
  const frame = isFrameLike(data);
  const rowsIn = (frame ? data.values : data) as unknown[];
  if (!Array.isArray(rowsIn) || rowsIn.length === 0) throw new RangeError(`table "${options.title}": no rows`);
  if (frame && !rowsIn.every(Array.isArray)) throw new TypeError(`table "${options.title}": values must be rows (arrays of cells)`);
  const columns = options.columns ?? (frame ? data.columns : Object.keys(rowsIn[0] as object));
  const index = frame ? columns.map((c) => (data as FrameLike).columns.indexOf(c)) : [];
  const rows = rowsIn.map((row) => columns.map((c, j) => formatCell(frame ? (row as Cell[])[index[j]] : (row as Record<string, Cell>)[c], options.digits)));
  return { columns, rows };
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function tableText<Row extends CellRow<Row>>(data: TableData<Row>, options: TableOptions): string {
  const { columns, rows } = tableCells(data, options);
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => "| " + cells.map((c, j) => c.padEnd(widths[j])).join(" | ") + " |";
  return [options.title, line(columns), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line), options.caption].join("\n");
}

export function tableHtml<Row extends CellRow<Row>>(data: TableData<Row>, options: TableOptions): string {
  const { columns, rows } = tableCells(data, options);
  const head = columns.map((c) => `<th>${escape(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table><caption style="caption-side:top;text-align:left"><b>${escape(options.title)}</b><br><small>${escape(options.caption)}</small></caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** Display a table in the notebook (HTML + text), or print it in a terminal. */
export function showTable<Row extends CellRow<Row>>(data: TableData<Row>, options: TableOptions): void {
  const text = tableText(data, options);
  if (!sendDisplay({ "text/html": tableHtml(data, options), "text/plain": text })) console.log(text);
}

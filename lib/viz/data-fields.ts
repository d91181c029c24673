// A chart's options name fields and values of its data. Vega-Lite draws an empty chart, without a word,
// for a field that is not in the data; these checks fail loudly instead, naming what the data has.

/** A row of chart data (charts.ts's Row; not imported from there, which imports this file). */
type Row = Record<string, unknown>;

function fieldsOf(data: readonly Row[]): Set<string> {
  const fields = new Set<string>();
  for (const row of data) for (const key of Object.keys(row)) fields.add(key);
  return fields;
}

const quoted = (names: Iterable<unknown>) => [...names].map((name) => `"${String(name)}"`).join(", ");

/** Throws a RangeError naming the option, the field, and the fields the data has, for the first
 *  option whose field is missing from every row. Undefined options are skipped. */
export function checkFields(chart: string, data: readonly Row[], fields: Record<string, string | undefined>): void {
  const present = fieldsOf(data);
  for (const [option, field] of Object.entries(fields)) {
    if (field !== undefined && !present.has(field)) {
      throw new RangeError(`chart "${chart}": ${option} "${field}" is not a field of the data; its fields are ${quoted(present)}`);
    }
  }
}

/** The rows with the values of `field` renamed by `labels` (e.g. { reattack: "re-attacked" }), so that
 *  legends name series in words. Every label must name a value the field has. */
export function relabel(chart: string, data: readonly Row[], field: string, labels: Readonly<Record<string, string>>): Row[] {
  const values = new Set(data.map((row) => row[field]));
  for (const value of Object.keys(labels)) {
    if (!values.has(value))
      throw new RangeError(`chart "${chart}": labels name "${value}", which is not a value of "${field}"; its values are ${quoted(values)}`);
  }
  return data.map((row) => {
    const value = row[field];
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(labels, value) ? { ...row, [field]: labels[value] } : row;
  });
}

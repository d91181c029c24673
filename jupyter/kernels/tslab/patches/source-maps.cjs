// Source map v3 "mappings", decoded, looked up and chained. A cell reaches the JavaScript engine in two
// compilations (TypeScript → ES module, then ES module → CommonJS), each with its own map; chaining the
// two gives, for a line of the code that runs, the line of the cell it came from.
// A decoded map is an array of generated lines, each an array of segments [column, source, line, column]
// (0-based; segments without a source position are dropped).

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeVlq(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function decodeMappings(mappings) {
  const state = [0, 0, 0]; // source, line, column carry over from segment to segment across lines
  return mappings.split(";").map((line) => {
    let column = 0;
    const segments = [];
    for (const text of line.split(",")) {
      if (!text) continue;
      const fields = decodeVlq(text);
      column += fields[0];
      if (fields.length < 4) continue;
      for (let i = 0; i < 3; i++) state[i] += fields[i + 1];
      segments.push([column, ...state]);
    }
    return segments;
  });
}

/** The segment covering (line, column): the last one starting at or before the column, else the line's first. */
function lookup(decoded, line, column) {
  const segments = decoded[line] || [];
  let found = segments[0] || null;
  for (const segment of segments) if (segment[0] <= column) found = segment;
  return found;
}

/** outer maps final code → intermediate code, inner maps intermediate code → source: returns final → source. */
function chain(outer, inner) {
  return outer.map((segments) => segments.flatMap(([column, , line, sourceColumn]) => {
    const origin = lookup(inner, line, sourceColumn);
    return origin ? [[column, origin[1], origin[2], origin[3]]] : [];
  }));
}

module.exports = { decodeMappings, lookup, chain };

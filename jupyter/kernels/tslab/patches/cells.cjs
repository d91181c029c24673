// Which cell is running, and the source of every cell run so far, for messages that name a cell and a
// line. A cell is named by its execution count: the number its prompt shows (In [7] is "cell 7").
const sources = new Map();
let current = 0;

module.exports = {
  start(count, code) {
    current = count;
    sources.set(count, code.split("\n"));
  },
  get current() {
    return current;
  },
  /** The text of a line (1-based) of a cell, or undefined. */
  line(count, line) {
    return (sources.get(count) || [])[line - 1];
  },
  /** tslab compiles a cell as a file that starts with one line of its own ("export {};"), so line i
   *  (0-based) of that file is line i (1-based) of the cell. */
  lineOfCellFile(fileLine) {
    return fileLine;
  },
};

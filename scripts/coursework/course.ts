// What the student pack's README and the README's "For teachers" section say about the course: the
// notebooks' run times at the quick scale, in whole minutes rounded up. Measured in CI's `npm test` of
// 2026-12-04 (a fresh 2-core machine, two notebooks at a time, kernel start and the library's first
// compilation included, which is most of a short notebook's time): 00 23 s, 01 40, 02 31, 03 40, 04 56,
// 05 30, 06 62, 07 81, 08 210, 09 114, 10 106, 11 115, 12 29. Add a row when a notebook gains exercises.
export const QUICK_RUN_MINUTES: Readonly<Record<string, number>> = {
  "00": 1,
  "01": 1,
  "02": 1,
  "03": 1,
  "04": 1,
  "05": 1,
  "06": 2,
  "07": 2,
  "08": 4,
  "09": 2,
  "10": 2,
  "11": 2,
  "12": 1,
};

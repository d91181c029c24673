// What the student pack's README and the README's "For teachers" section say about the course: the
// notebooks' run times at the quick scale. Measured with `npm run notebooks -- --jobs 1 <notebook>` on the
// project's 2-core machine (kernel start and the library's first compilation included, which is most of a
// short notebook's time); add a row when a notebook gains exercises.
export const QUICK_RUN_MINUTES: Readonly<Record<string, number>> = {
  "00": 1,
  "01": 5,
  "02": 4,
  "03": 1,
  "04": 1,
  "05": 1,
  "06": 1,
  "07": 1,
  "08": 4,
  "09": 2,
  "10": 2,
  "11": 3,
  "12": 2,
};

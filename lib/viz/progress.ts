// Progress of long loops: in a notebook one output line updated in place; in a terminal a bar with ETA
// redrawn on stderr; in a log (CI, pipes) a line at most every 10 seconds.
import { inNotebook, newDisplayId, sendDisplay } from "./notebook";

export interface Progress {
  /** Advance by `steps` (default 1); `status` is shown after the bar (e.g. "loss 0.31, acc 0.92"). */
  tick(steps?: number, status?: string): void;
  /** Mark finished and show the total time. */
  done(status?: string): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * "label [####----] 3/8 (2.1 s elapsed, ETA 3.5 s)  status". A finished line shows the total time,
 * except with AT_STABLE_OUTPUT=1 (the notebook runner's --write): committed outputs then do not change
 * with the machine's speed.
 */
export function progressLine(label: string, current: number, total: number, elapsed: number, status: string, width = 24): string {
  const fraction = total > 0 ? Math.min(1, current / total) : 1;
  const filled = Math.round(fraction * width);
  const eta = current > 0 ? (elapsed * (total - current)) / current : NaN;
  const stable = process.env.AT_STABLE_OUTPUT === "1";
  const timing = current >= total ? (stable ? "" : ` (${formatSeconds(elapsed)})`) : ` (${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)})`;
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${current}/${total}${timing}${status ? "  " + status : ""}`;
}

/** Set AT_QUIET=1 to silence progress (tests). */
export function progress(label: string, total: number): Progress {
  const quiet = process.env.AT_QUIET === "1";
  const notebook = !quiet && inNotebook();
  const terminal = !quiet && !notebook && Boolean(process.stderr.isTTY);
  const id = newDisplayId("progress");
  const start = Date.now();
  let current = 0,
    lastDraw = 0,
    first = true;
  const draw = (status: string, force: boolean) => {
    const now = Date.now();
    const interval = notebook ? 250 : terminal ? 100 : 10000;
    if (quiet || (!force && now - lastDraw < interval)) return;
    lastDraw = now;
    const line = progressLine(label, current, total, (now - start) / 1000, status);
    if (notebook) {
      sendDisplay({ "text/plain": line }, id, !first);
      first = false;
    } else if (terminal) process.stderr.write(`\r${line}\x1b[K`);
    else console.log(line);
  };
  return {
    tick(steps = 1, status = "") {
      current += steps;
      draw(status, false);
    },
    done(status = "") {
      current = Math.max(current, total);
      draw(status, true);
      if (terminal) process.stderr.write("\n");
    },
  };
}

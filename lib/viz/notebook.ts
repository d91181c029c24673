// Talking to the Jupyter front end when running inside the tslab kernel, and nothing otherwise.

interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}
type WriteDisplayData = (message: DisplayMessage, update: boolean) => void;

/**
 * tslab's public `display` sends one MIME type per output; one output carrying several (Vega-Lite, SVG,
 * PNG, text) needs its internal writer. tslab is pinned (1.0.22) for this. Looked up in the require cache
 * so that importing the library outside a kernel never loads tslab (and its zeromq addon).
 */
function writer(): WriteDisplayData | null {
  const id = Object.keys(require.cache).find((key) => /tslab[\\/]dist[\\/]jupyter\.js$/.test(key));
  const write = id ? (require.cache[id]?.exports as { lastWriteDisplayData?: WriteDisplayData | null }).lastWriteDisplayData : null;
  return write ?? null;
}

export function inNotebook(): boolean {
  return writer() !== null;
}

let displayCounter = 0;

/**
 * Send one display output with several representations. With `displayId`, later calls with the same id
 * replace the output in place (used for progress lines). Returns false outside a notebook.
 */
export function sendDisplay(data: Record<string, unknown>, displayId?: string, update = false): boolean {
  const write = writer();
  if (!write) return false;
  write({ data, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, update);
  return true;
}

export function newDisplayId(prefix: string): string {
  displayCounter += 1;
  return `${prefix}-${process.pid}-${displayCounter}`;
}

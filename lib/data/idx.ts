// The IDX file format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
//
//   bytes 0-1   0x00 0x00
//   byte  2     element type; 0x08 = unsigned byte, the only type these data sets use
//   byte  3     N, the number of dimensions (3 for images [count, rows, cols], 1 for labels [count])
//   then N big-endian uint32 sizes, then the elements, row-major.
//
// The files are read whole (47 MB at most) and viewed in place, without copying the elements.
import * as fs from "fs";
import * as zlib from "zlib";

export interface IdxArray {
  /** Sizes, outermost first: [count, rows, cols] for images, [count] for labels. */
  readonly dims: number[];
  /** The elements, row-major; a view into the file's bytes (do not modify). */
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Parse IDX bytes (already gunzipped). `source` names the data in error messages. */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  if (bytes.length < 4) {
    throw new RangeError(`${source}: truncated IDX file, ${bytes.length} bytes is shorter than the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const rank = magic & 0xff;
  if (magic >>> 16 !== 0 || ((magic >>> 8) & 0xff) !== UNSIGNED_BYTE || rank === 0) {
    throw new RangeError(
      `${source}: bad IDX magic number 0x${magic.toString(16).padStart(8, "0")}, ` +
        `expected 0x000008NN (unsigned bytes, NN >= 1 dimensions); is it an IDX file, or still gzipped?`,
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new RangeError(`${source}: truncated IDX file, ${bytes.length} bytes is shorter than its ${headerBytes}-byte header`);
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    dims.push(size);
    count *= size;
  }
  const expected = headerBytes + count;
  if (bytes.length < expected) {
    throw new RangeError(`${source}: truncated IDX file, dimensions [${dims.join(", ")}] need ${expected} bytes but there are ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new RangeError(`${source}: IDX file has ${bytes.length - expected} bytes after the [${dims.join(", ")}] elements it declares`);
  }
  return { dims, data: bytes.subarray(headerBytes, expected) };
}

/** True for gzip data (magic bytes 1f 8b), whatever the file is called. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Read an IDX or gzipped IDX (`.gz`) file. */
export function readIdxFile(file: string): IdxArray {
  let bytes: Uint8Array = fs.readFileSync(file);
  if (isGzip(bytes)) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (error) {
      throw new RangeError(`${file}: cannot gunzip (${(error as Error).message}); the file is damaged or truncated`);
    }
  }
  return parseIdx(bytes, file);
}

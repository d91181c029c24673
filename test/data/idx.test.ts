import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { isGzip, parseIdx, readIdxFile } from "../../lib/data/idx";

/** An IDX ubyte file written independently of the parser: magic, big-endian sizes, elements. */
function idxBytes(dims: number[], elements: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return new Uint8Array(Buffer.concat([header, Buffer.from(elements)]));
}

describe("data/idx", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "idx-test-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads the dimensions (big-endian) and the elements in row-major order", () => {
    const elements = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const idx = parseIdx(idxBytes([2, 3, 4], elements));
    assert.deepEqual(idx.dims, [2, 3, 4]);
    assert.deepEqual(Array.from(idx.data), elements);
    // A size above 255 exercises all four header bytes.
    const long = parseIdx(
      idxBytes(
        [300],
        Array.from({ length: 300 }, (_, i) => i % 7),
      ),
    );
    assert.deepEqual(long.dims, [300]);
    assert.equal(long.data[299], 299 % 7);
  });

  it("rejects a bad magic number, naming it", () => {
    const bytes = idxBytes([2], [1, 2]);
    bytes[2] = 0x0d; // float elements
    assert.throws(() => parseIdx(bytes, "f.idx"), /f\.idx: bad IDX magic number 0x00000d01/);
    const zeroRank = idxBytes([], []);
    assert.throws(() => parseIdx(zeroRank), /bad IDX magic number 0x00000800/);
    assert.throws(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])), /bad IDX magic.*still gzipped/);
  });

  it("rejects truncated files and trailing bytes", () => {
    const bytes = idxBytes([2, 3], [1, 2, 3, 4, 5, 6]);
    assert.throws(() => parseIdx(bytes.subarray(0, 3)), /truncated IDX file, 3 bytes/);
    assert.throws(() => parseIdx(bytes.subarray(0, 9)), /truncated IDX file, 9 bytes is shorter than its 12-byte header/);
    assert.throws(() => parseIdx(bytes.subarray(0, 17)), /dimensions \[2, 3\] need 18 bytes but there are 17/);
    const longer = new Uint8Array(bytes.length + 2);
    longer.set(bytes);
    assert.throws(() => parseIdx(longer), /2 bytes after the \[2, 3\] elements/);
  });

  it("reads plain and gzipped files alike, and reports a damaged .gz", () => {
    const bytes = idxBytes([4], [9, 8, 7, 6]);
    const plain = path.join(dir, "labels-idx1-ubyte");
    const packed = path.join(dir, "labels-idx1-ubyte.gz");
    fs.writeFileSync(plain, bytes);
    const gz = zlib.gzipSync(bytes);
    fs.writeFileSync(packed, gz);
    assert.ok(isGzip(gz) && !isGzip(bytes));
    assert.deepEqual(Array.from(readIdxFile(plain).data), [9, 8, 7, 6]);
    assert.deepEqual(Array.from(readIdxFile(packed).data), [9, 8, 7, 6]);
    const cut = path.join(dir, "cut.gz");
    fs.writeFileSync(cut, gz.subarray(0, gz.length - 6));
    assert.throws(() => readIdxFile(cut), /cut\.gz: cannot gunzip .*damaged or truncated/);
  });
});

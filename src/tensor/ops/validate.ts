/**
 * Validation shared by the op front functions: every check names the public op and argument.
 * Internal to the tensor folder.
 *
 * @packageDocumentation
 */
import { BackendError, DTypeError, invalid } from '../../errors';
import { ENGINE } from '../engine';
import { broadcastShapes, shapesEqual } from '../shape';
import { Tensor } from '../tensor';
import type { Attrs } from '../types';

/** A tensor, or a plain number standing for a scalar of the other operand's dtype. */
export type TensorOrNumber = Tensor | number;

/**
 * Checks that `x` is a live tensor on the active backend.
 * @throws {@link DTypeError} if not a Tensor, {@link MemoryError} if disposed,
 *   {@link BackendError} if it lives on another backend.
 */
export function checkTensor(x: unknown, fn: string, arg: string): Tensor {
  if (!(x instanceof Tensor)) throw new DTypeError(invalid(fn, arg, 'a Tensor', x));
  x.assertAlive(fn, arg);
  const backend = ENGINE.backend;
  if (x.backend !== backend) {
    throw new BackendError(
      invalid(fn, arg, `a tensor on the active backend '${backend.name}' (move it with toBackend)`, `tensor on '${x.backend.name}'`),
    );
  }
  return x;
}

/** @throws {@link DTypeError} when `x` is complex. */
export function checkReal(x: Tensor, fn: string, arg: string): void {
  if (x.complex) throw new DTypeError(invalid(fn, arg, 'a real tensor', `complex ${x.dtype}`));
}

/** @throws {@link DTypeError} when the dtypes of `a` and `b` differ (no implicit casts). */
export function checkSameDtype(a: Tensor, b: Tensor, fn: string, arg: string): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(invalid(fn, arg, `of dtype ${a.dtype} like the other operand (use cast)`, b.dtype));
  }
}

/** @throws {@link DTypeError} when `v` is not a finite number. */
export function checkNumber(v: unknown, fn: string, arg: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DTypeError(invalid(fn, arg, 'a finite number', v));
  return v;
}

/** Runs a single-output kernel. */
export function run1(kernelName: string, inputs: Record<string, Tensor>, attrs?: Attrs): Tensor {
  return ENGINE.runKernel(kernelName, inputs, attrs)[0];
}

/** A float64/float32 scalar tensor (real), created on the active backend. */
export function scalarLike(value: number, like: Tensor): Tensor {
  const arr = like.dtype === 'float64' ? new Float64Array(1) : new Float32Array(1);
  arr[0] = value;
  return ENGINE.fromHost(arr, null, [], like.dtype);
}

/**
 * Runs a binary kernel on two operands, either of which may be a number (made a temporary scalar
 * of the other's dtype and disposed after the call). Checks tensors and dtypes.
 * @throws {@link DTypeError} when both are numbers or dtypes differ.
 */
export function runBinary(kernelName: string, fn: string, a: TensorOrNumber, b: TensorOrNumber, attrs?: Attrs): Tensor {
  if (typeof a === 'number' && typeof b === 'number') {
    throw new DTypeError(invalid(fn, 'a', 'a Tensor when `b` is a number', a));
  }
  let ta: Tensor;
  let tb: Tensor;
  let temp: Tensor | null = null;
  if (typeof a === 'number') {
    tb = checkTensor(b, fn, 'b');
    ta = temp = scalarLike(checkNumber(a, fn, 'a'), tb);
  } else if (typeof b === 'number') {
    ta = checkTensor(a, fn, 'a');
    tb = temp = scalarLike(checkNumber(b, fn, 'b'), ta);
  } else {
    ta = checkTensor(a, fn, 'a');
    tb = checkTensor(b, fn, 'b');
    checkSameDtype(ta, tb, fn, 'b');
  }
  try {
    if (!shapesEqual(ta.shape, tb.shape)) broadcastShapes(ta.shape, tb.shape, fn, 'b');
    return run1(kernelName, { a: ta, b: tb }, attrs);
  } finally {
    if (temp !== null) temp.dispose();
  }
}

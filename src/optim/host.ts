/**
 * The host side of a parameter update: read a tensor's values as typed arrays (the CPU buffers
 * themselves, no copy; a host copy on other backends), and either write a variable's own CPU
 * buffer in place or give it a freshly written buffer through {@link Variable.assign}.
 *
 * A variable's buffer may be shared with other tensors (the tensor it was made from, clones,
 * tensors saved by an autodiff tape), and tensors are immutable. So a variable is updated in place
 * only when it is on the CPU and is the sole tensor viewing its buffer; otherwise it gets one new
 * buffer (copy on write). After its first update a variable usually owns its buffer, and later
 * updates allocate nothing.
 *
 * @packageDocumentation
 */
import { NumericsError, invalid } from '../errors';
import { CpuBackend } from '../tensor/cpu/backend-cpu';
import { ENGINE } from '../tensor/engine';
import type { Tensor, Variable } from '../tensor/tensor';
import type { FloatArray } from '../tensor/types';

/** Real and imaginary parts of a tensor as read-only host arrays (`im` null for a real tensor). */
export interface HostParts {
  readonly re: FloatArray;
  readonly im: FloatArray | null;
}

/** The values of `t`: its own CPU arrays (do not write to them) or a float64 host copy. */
export function hostParts(t: Tensor): HostParts {
  if (t.backend instanceof CpuBackend) return t.dataId as HostParts;
  return t.backend.read(t.dataId);
}

/**
 * The CPU arrays of `v` when writing into them cannot be observed through any other tensor (the
 * engine's reference count of its buffer is 1), else null.
 */
export function ownedCpuParts(v: Variable): HostParts | null {
  return v.backend instanceof CpuBackend && v.buffer.refs === 1 ? (v.dataId as HostParts) : null;
}

/** A zero-filled array of the storage type of `v` (Float64Array or Float32Array). */
export function newParamArray(v: Tensor): FloatArray {
  return v.dtype === 'float64' ? new Float64Array(v.size) : new Float32Array(v.size);
}

function firstNonFinite(a: FloatArray): number {
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return i;
  return -1;
}

/**
 * Makes `re` (+ i `im`) the new value of `v` (the arrays are handed over: do not touch them
 * afterwards). With checkNumerics on, a non-finite value throws {@link NumericsError} and `v` keeps
 * its old value.
 */
export function writeVariable(v: Variable, re: FloatArray, im: FloatArray | null, fn: string): void {
  if (ENGINE.checkNumerics) {
    const i = firstNonFinite(re);
    const j = i < 0 && im !== null ? firstNonFinite(im) : -1;
    if (i >= 0 || j >= 0) {
      const where = i >= 0 ? `${re[i]} at flat index ${i}` : `${im![j]} in the imaginary part at flat index ${j}`;
      throw new NumericsError(invalid(fn, 'grads', `giving finite values of variable '${v.name}' (checkNumerics is on)`, where));
    }
  }
  const t = ENGINE.fromHost(re, im, v.shape, v.dtype, v.backend);
  v.assign(t);
  t.dispose();
}

/**
 * The float64 hot kernels the CPU forward kernels call: the WebAssembly SIMD implementation where
 * the JavaScript engine supports it, the TypeScript reference otherwise, and conversions between
 * tensor storage (float64 or float32, real or complex) and the float64 planes those kernels take.
 * Internal to the CPU backend.
 *
 * Scratch arrays are kept per named slot and grown to the largest size asked for (kernels run
 * synchronously and one at a time, so a slot is never in use twice); fresh large typed arrays
 * cost more than the arithmetic of these kernels.
 *
 * @packageDocumentation
 */
import type { FloatArray } from '../../types';
import { tsKernels, wasmKernels, wasmSimdAvailable, type CpuKernels } from '../wasm/index';

let forced: CpuKernels | null = null;

/** The kernels to use now: a forced choice, else WebAssembly SIMD when available, else TypeScript. */
export function hotKernels(): CpuKernels {
  if (forced !== null) return forced;
  return wasmSimdAvailable() ? wasmKernels() : tsKernels;
}

/** Whether the hot kernels now are the WebAssembly SIMD ones (tests may force the TypeScript reference). */
export function hotKernelsAreWasm(): boolean {
  return hotKernels().name === 'wasm-simd';
}

/**
 * Whether a kernel call on these arrays runs in the WebAssembly kernels: every array is float64
 * (a null one, e.g. a missing imaginary part, counts as not float64) and the hot kernels are
 * WebAssembly SIMD.
 */
export function wasmFloat64(...arrays: readonly (FloatArray | null)[]): boolean {
  return arrays.every((a) => a instanceof Float64Array) && hotKernelsAreWasm();
}

/**
 * Forces one implementation (tests use it to run the kernels through the TypeScript reference
 * even where WebAssembly is available); `null` restores the automatic choice.
 */
export function forceHotKernels(kernels: CpuKernels | null): void {
  forced = kernels;
}

/** `a` itself when it is a Float64Array, else a float64 copy of it. */
export function asF64(a: FloatArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Copies the first `length` elements of `src` into `dst` (any float array classes). */
export function copyInto(src: FloatArray, dst: FloatArray, length: number): void {
  if (src.length === length) dst.set(src);
  else dst.set(src.subarray(0, length));
}

const slots = new Map<string, Float64Array>();

/**
 * A float64 scratch array of `length` elements for one kernel call, with arbitrary contents (the
 * caller overwrites what it reads). Slots are private to the calling kernel file; two arrays
 * needed at once use two slots.
 */
export function scratch(slot: string, length: number): Float64Array {
  let a = slots.get(slot);
  if (a === undefined || a.length < length) {
    a = new Float64Array(Math.max(length, a === undefined ? 0 : 2 * a.length));
    slots.set(slot, a);
  }
  return a.length === length ? a : a.subarray(0, length);
}

let zeroPlane = new Float64Array(0);

/** `length` zeros, shared and read-only: kernels only ever read it (as the imaginary part of a real operand). */
export function zeros(length: number): Float64Array {
  if (zeroPlane.length < length) zeroPlane = new Float64Array(Math.max(length, 2 * zeroPlane.length));
  return zeroPlane.length === length ? zeroPlane : zeroPlane.subarray(0, length);
}

/**
 * The float64 hot kernels the CPU forward kernels call: the WebAssembly SIMD implementation where
 * the JavaScript engine supports it, the TypeScript reference otherwise, and conversions between
 * tensor storage (float64 or float32, real or complex) and the float64 planes those kernels take.
 * Internal to the CPU backend.
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

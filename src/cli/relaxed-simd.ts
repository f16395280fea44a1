/**
 * Turning on the relaxed-SIMD build of the WebAssembly kernels in Node programs.
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdWanted, setWasmKernelVariant, wasmKernelVariant, type WasmKernelVariant } from '../tensor/cpu/wasm/module';

/** The V8 flag behind which Node 20 accepts relaxed SIMD (on by default from Node 22). */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/**
 * Lets the CPU backend run the relaxed-SIMD build of its WebAssembly kernels (fused
 * multiply-adds; LGAE training 5 to 10% faster on an x86-64 processor with FMA) where the engine
 * would otherwise refuse it: on Node 20 it sets the V8 flag {@link RELAXED_SIMD_FLAG} for this
 * process, worker threads included. Nothing happens where relaxed SIMD already works (Node >= 22),
 * or when the environment variable `LORENTZ_IRREPS_KERNELS=simd` asks for the plain build.
 * Programs call it first thing, before any kernel has run (the `lorentz-irreps` command line,
 * the demo and the benchmarks do). Returns the build the kernels use from now on.
 *
 * @example
 * ```ts
 * import { preferRelaxedSimd } from 'lorentz-irreps';
 * const build = preferRelaxedSimd();
 * console.assert(build === 'relaxed-simd' || build === 'simd');
 * ```
 */
export function preferRelaxedSimd(): WasmKernelVariant | null {
  if (!relaxedSimdWanted() || wasmKernelVariant() !== 'simd') return wasmKernelVariant();
  setFlagsFromString(RELAXED_SIMD_FLAG);
  setWasmKernelVariant('auto');
  return wasmKernelVariant();
}

/**
 * Float64 hot kernels of the CPU backend on planar typed arrays: a plain TypeScript reference and
 * a WebAssembly SIMD implementation with identical signatures.
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */
export type { CpuKernels, MatmulShape, SparseCG } from './types';
export { tsKernels } from './reference';
export { wasmKernels } from './wasm';
export { setWasmKernelVariant, type WasmKernelVariant, wasmKernelVariant, wasmSimdAvailable } from './module';

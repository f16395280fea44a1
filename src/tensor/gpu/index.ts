/**
 * lorentz-irreps/gpu: the optional float32 tensor backend on gpu.js. Importing this entry point
 * registers the `'gpujs'` backend without loading gpu.js; `await initGpuBackend()` loads gpu.js and
 * creates it, `setBackend('gpujs')` selects it, `await disposeGpuBackend()` releases it.
 *
 * @packageDocumentation
 */
import './register-gpu';

export { initGpuBackend, disposeGpuBackend, gpuBackendStats, type GpuBackendOptions, type GpuBackendInfo } from './lifecycle';
export { gpuCapabilities, type GpuCapabilities } from './capabilities';
export { importGpuJs } from './load';
export { GPU_BACKEND_NAME, type GpuBackendStats } from './backend-gpu';
export type { GpuMode, GpuJsMode } from './modes';
export type { GpuJsModule, GpuJsInstance, GpuJsKernel, GpuJsKernelClass, GpuJsTexture, GpuJsConstructor } from './gpujs-types';

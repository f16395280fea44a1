/**
 * Side effect: registers the `'gpujs'` backend (priority 0, so it is never the default; its
 * factory fails until `initGpuBackend` has run), its gpu.js kernels, and the CPU fallback of every
 * other kernel. Does not load gpu.js. Listed in package.json "sideEffects".
 *
 * @packageDocumentation
 */
import { registerBackend, registerKernel } from 'lorentz-irreps';
import { GPU_BACKEND_NAME } from './backend-gpu';
import { arithmeticKernels } from './kernels/arithmetic';
import { registerCpuFallbacks } from './kernels/fallback';
import { matmulKernels } from './kernels/matmul';
import { reduceKernels } from './kernels/reduce';
import { shapeKernels } from './kernels/shape';
import { unaryKernels } from './kernels/unary';
import { gpuBackendFactory } from './lifecycle';

registerBackend(GPU_BACKEND_NAME, gpuBackendFactory, 0);
for (const config of [...arithmeticKernels, ...unaryKernels, ...reduceKernels, ...matmulKernels, ...shapeKernels]) registerKernel(config);
registerCpuFallbacks();

/**
 * Side effect: registers the CPU backend (name 'cpu', priority 1: the default) and its kernels.
 * Creating the backend installs the WebAssembly SIMD matmul when available (TypeScript loops
 * otherwise).
 * Listed in package.json "sideEffects".
 *
 * @packageDocumentation
 */
import { ENGINE } from '../engine';
import { registerKernel } from '../kernel-registry';
import { CpuBackend } from './backend-cpu';
import { setMatmulKernels } from './matmul';
import { tsKernels, wasmKernels, wasmSimdAvailable } from './wasm/index';
import { arithmeticKernels } from './kernels/arithmetic';
import { gatherKernels } from './kernels/gather';
import { logicKernels } from './kernels/logic';
import { matmulKernels } from './kernels/matmul';
import { reduceKernels } from './kernels/reduce';
import { shapeKernels } from './kernels/shape';
import { softmaxKernels } from './kernels/softmax';
import { unaryKernels } from './kernels/unary';

ENGINE.registerBackend(
  'cpu',
  () => {
    // float64 matrix products run on the WebAssembly SIMD kernels where the engine has them.
    setMatmulKernels(wasmSimdAvailable() ? wasmKernels() : tsKernels);
    return new CpuBackend();
  },
  1,
);
for (const config of [...arithmeticKernels, ...unaryKernels, ...reduceKernels, ...shapeKernels, ...logicKernels, ...matmulKernels, ...softmaxKernels, ...gatherKernels]) {
  registerKernel(config);
}

/**
 * Side effect: registers the CPU backend (name 'cpu', priority 1: the default) and its kernels.
 * Listed in package.json "sideEffects".
 *
 * @packageDocumentation
 */
import { ENGINE } from '../engine';
import { registerKernel } from '../kernel-registry';
import { CpuBackend } from './backend-cpu';
import { arithmeticKernels } from './kernels/arithmetic';
import { gatherKernels } from './kernels/gather';
import { logicKernels } from './kernels/logic';
import { matmulKernels } from './kernels/matmul';
import { reduceKernels } from './kernels/reduce';
import { shapeKernels } from './kernels/shape';
import { softmaxKernels } from './kernels/softmax';
import { unaryKernels } from './kernels/unary';

ENGINE.registerBackend('cpu', () => new CpuBackend(), 1);
for (const config of [...arithmeticKernels, ...unaryKernels, ...reduceKernels, ...shapeKernels, ...logicKernels, ...matmulKernels, ...softmaxKernels, ...gatherKernels]) {
  registerKernel(config);
}

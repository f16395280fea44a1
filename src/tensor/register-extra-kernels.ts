/**
 * Side effect: registers the CPU forward kernels and the gradients of the Clebsch-Gordan product,
 * the pairwise edge features and the 2-D convolutions. Listed in package.json "sideEffects"
 * (register-*.ts).
 *
 * @packageDocumentation
 */
import { cgKernels } from './cpu/kernels/cg';
import { convKernels } from './cpu/kernels/conv';
import { edgesKernels } from './cpu/kernels/edges';
import { cgGradients } from './gradients/cg';
import { convGradients } from './gradients/conv';
import { edgesGradients } from './gradients/edges';
import { registerGradient, registerKernel } from './kernel-registry';

for (const config of [...cgKernels, ...edgesKernels, ...convKernels]) registerKernel(config);
for (const config of [...cgGradients, ...edgesGradients, ...convGradients]) registerGradient(config);

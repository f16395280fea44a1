/**
 * Side effect: registers the fused kernels of the layers (the LMP edge weights, the LMP core, the
 * channel mixing of features with a dimension axis and the scalar perceptron) on the CPU backend,
 * and their gradients. Listed in package.json "sideEffects" (register-*.ts).
 *
 * @packageDocumentation
 */
import { registerGradient, registerKernel } from '../../tensor/kernel-registry';
import { edgeWeightsCpuKernels } from './cpu-edge-weights';
import { edgeWeightsGradients } from './edge-weights-gradient';
import { lmpCoreCpuKernels } from './cpu-lmp-core';
import { lmpCoreGradients } from './lmp-core-gradient';
import { mixChannelsCpuKernels } from './cpu-mix-channels';
import { mixChannelsGradients } from './mix-channels-gradient';
import { scalarMlpCpuKernels } from './cpu-scalar-mlp';
import { scalarMlpGradients } from './scalar-mlp-gradient';

for (const config of [...edgeWeightsCpuKernels, ...lmpCoreCpuKernels, ...mixChannelsCpuKernels, ...scalarMlpCpuKernels]) registerKernel(config);
for (const config of [...edgeWeightsGradients, ...lmpCoreGradients, ...mixChannelsGradients, ...scalarMlpGradients]) registerGradient(config);

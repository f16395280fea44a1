/**
 * Side effect: registers the fused kernels of the layers (the LMP edge weights, the LMP core and
 * the channel mixing of features with a dimension axis) on the CPU backend, and their gradients. Listed in package.json "sideEffects" (register-*.ts).
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

for (const config of [...edgeWeightsCpuKernels, ...lmpCoreCpuKernels, ...mixChannelsCpuKernels]) registerKernel(config);
for (const config of [...edgeWeightsGradients, ...lmpCoreGradients, ...mixChannelsGradients]) registerGradient(config);

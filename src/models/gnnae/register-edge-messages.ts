// Side effect: registers the GNN edge-message kernel (CPU) and its gradient.
import { registerGradient, registerKernel } from '../../tensor/kernel-registry';
import { edgeMessagesCpuKernels } from './cpu-edge-messages';
import { edgeMessagesGradients } from './edge-messages';

for (const config of edgeMessagesCpuKernels) registerKernel(config);
for (const config of edgeMessagesGradients) registerGradient(config);

/**
 * Channel mixing of features with a dimension axis, out[..., c', :] = sum_c w[c', c] x[..., c, :],
 * as one kernel whose gradient gives the weight gradient as a single matrix product over all rows
 * (the batched product's gradient would form one outer product per row and sum them).
 *
 * @packageDocumentation
 */
import { getBackend } from '../../tensor/environment';
import { getKernel } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';

/** Kernel name. Inputs: w [C_out, C_in] and x [R, C_in, D] (complex, same dtype); output [R, C_out, D]. */
export const MixChannels = 'MixChannels';
/** Kernel name of its gradient: inputs w, x, dy; outputs [gw, gx]. */
export const MixChannelsGrad = 'MixChannelsGrad';

/**
 * Whether the kernel runs on the active backend.
 * @internal
 */
export function mixChannelsAvailable(): boolean {
  return getKernel(MixChannels, getBackend()) !== undefined;
}

/**
 * Runs the kernel (trusting: the caller checked that w is complex [C_out, C_in] and x complex
 * [R, C_in, D] of the same dtype).
 * @internal
 */
export function mixChannelsKernel(w: Tensor, x: Tensor): Tensor {
  return runKernel(MixChannels, { w, x })[0];
}

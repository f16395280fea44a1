/**
 * The edge network and message sum of a {@link MessagePassing} layer as one kernel: the
 * [B, N, N, *] edge tensors of the composed layer (pairwise differences, the concatenated edge
 * inputs, both hidden layers and their gradients) are never formed; the kernel works through
 * chunks of edges, with the per-edge matrix product on the CPU's matrix kernels.
 *
 * With node features h [B, N, F], the per-node parts of the first edge layer p = h W_i + b_0 and
 * q = h W_j (W_0 = [W_i; W_j; w_d] split by rows) and the mask m [B, N]:
 *
 * ```text
 * d_ij     = sqrt(|h_i - h_j|^2 + softening)
 * z_ij     = LeakyReLU(p_i + q_j + d_ij w_d)                 [H]
 * out_i    = sum_j m_i m_j LeakyReLU(z_ij W_1 + b_1)         [M]
 * ```
 *
 * which is the composed layer's sum of masked messages. Edges with m_i m_j = 0 add nothing and are
 * skipped. The mask is a constant (no gradient).
 *
 * @packageDocumentation
 * @internal
 */
import { getBackend } from '../../tensor/environment';
import { getKernel } from '../../tensor/kernel-registry';
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';

/**
 * Kernel name. Inputs h [B, N, F], p [B, N, H], q [B, N, H], wd [H], w1 [H, M], b1 [M], mask
 * [B, N] (real, one dtype); attributes {@link EdgeMessagesAttrs}; output [B, N, M].
 */
export const GNNEdgeMessages = 'GNNEdgeMessages';
/** Kernel name of its gradient: the inputs of {@link GNNEdgeMessages} and dy [B, N, M]; outputs [gh, gp, gq, gwd, gw1, gb1]. */
export const GNNEdgeMessagesGrad = 'GNNEdgeMessagesGrad';

/** Attributes of {@link GNNEdgeMessages}. */
export interface EdgeMessagesAttrs {
  /** Slope of the LeakyReLU for negative inputs. */
  readonly slope: number;
  /** Added under the square root of the distance. */
  readonly softening: number;
}

/** The inputs of the kernel. */
export interface EdgeMessagesInputs {
  readonly h: Tensor;
  readonly p: Tensor;
  readonly q: Tensor;
  readonly wd: Tensor;
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly mask: Tensor;
}

/**
 * Whether the kernel runs on the active backend.
 * @internal
 */
export function edgeMessagesAvailable(): boolean {
  return getKernel(GNNEdgeMessages, getBackend()) !== undefined;
}

/**
 * Runs the kernel (trusting: the caller checked the shapes and dtypes listed at {@link GNNEdgeMessages}).
 * @internal
 */
export function edgeMessages(inputs: EdgeMessagesInputs, attrs: EdgeMessagesAttrs): Tensor {
  return runKernel(GNNEdgeMessages, { ...inputs }, { ...attrs })[0];
}

/** Gradient of the edge messages (the gradient kernel runs once, when the first input asks; the mask gets none). */
export const edgeMessagesGradients: GradConfig[] = [
  {
    kernelName: GNNEdgeMessages,
    gradFunc: ([dy], { inputs, attrs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(GNNEdgeMessagesGrad, { ...inputs, dy }, attrs);
        return all[k];
      };
      return { h: get(0), p: get(1), q: get(2), wd: get(3), w1: get(4), b1: get(5) };
    },
  },
];

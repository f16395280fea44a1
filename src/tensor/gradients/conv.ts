/**
 * VJPs of the 2-D convolutions, written with ops (so every backend that has the three forward
 * kernels gets them).
 *
 * - Conv2D: g_x = conv2dTranspose(g_y, w) with the output padding that gives back H, W (the
 *   remainder of the strided division, always in [0, stride)); g_w = Conv2DBackpropFilter(x, g_y);
 *   g_bias = sum of g_y over batch and positions.
 * - Conv2DTranspose (the adjoint of conv2d with the same w): g_x = conv2d(g_y, w);
 *   g_w = Conv2DBackpropFilter(g_y, x) (conv2d's weight gradient with input and output roles
 *   swapped); g_bias as above.
 *
 * Conv2DBackpropFilter is a backward-only kernel and has no gradient itself (higher-order
 * gradients are not supported).
 *
 * @packageDocumentation
 */
import { Conv2D, Conv2DTranspose, type Conv2DGeometry, type Conv2DTransposeAttrs } from '../kernel-names-extra';
import type { GradConfig } from '../kernel-registry';
import { conv2d, conv2dBackpropFilter, conv2dTranspose } from '../ops/conv';
import { sum } from '../ops/reduce';
import type { Tensor } from '../tensor';

function kernelSize(w: Tensor): [number, number] {
  return [w.shape[2], w.shape[3]];
}

const biasGrad = (dy: Tensor) => (): Tensor => sum(dy, [0, 2, 3]);

/** Gradients of the 2-D convolutions. */
export const convGradients: GradConfig[] = [
  {
    kernelName: Conv2D,
    gradFunc: ([dy], { inputs, attrs }) => {
      const { stride, padding } = attrs as unknown as Conv2DGeometry;
      const { x, w } = inputs;
      const [kH, kW] = kernelSize(w);
      const outputPadding: [number, number] = [
        x.shape[2] + 2 * padding[0] - kH - (dy.shape[2] - 1) * stride[0],
        x.shape[3] + 2 * padding[1] - kW - (dy.shape[3] - 1) * stride[1],
      ];
      return {
        x: () => conv2dTranspose(dy, w, { stride: [stride[0], stride[1]], padding: [padding[0], padding[1]], outputPadding }),
        w: () => conv2dBackpropFilter(x, dy, [kH, kW], stride, padding),
        bias: biasGrad(dy),
      };
    },
  },
  {
    kernelName: Conv2DTranspose,
    gradFunc: ([dy], { inputs, attrs }) => {
      const { stride, padding } = attrs as unknown as Conv2DTransposeAttrs;
      const { x, w } = inputs;
      return {
        x: () => conv2d(dy, w, { stride: [stride[0], stride[1]], padding: [padding[0], padding[1]] }),
        w: () => conv2dBackpropFilter(dy, x, kernelSize(w), stride, padding),
        bias: biasGrad(dy),
      };
    },
  },
];

/**
 * Real 2-D convolutions in NCHW layout: `conv2d` (cross-correlation, as in PyTorch and
 * TensorFlow) and its adjoint `conv2dTranspose`, each with an optional bias.
 *
 * @packageDocumentation
 */
import { DTypeError, ShapeError, invalid } from '../../errors';
import { Conv2D, Conv2DBackpropFilter, Conv2DTranspose } from '../kernel-names-extra';
import type { Tensor } from '../tensor';
import { checkReal, checkSameDtype, checkTensor, run1 } from './validate';

/** Options of {@link conv2d}. A single number stands for the same value along height and width. */
export interface Conv2DOptions {
  /** Step between windows, [strideH, strideW], each an integer >= 1. Default 1. */
  readonly stride?: number | readonly [number, number];
  /** Zero padding on both sides of each spatial axis, [padH, padW], integers >= 0. Default 0. */
  readonly padding?: number | readonly [number, number];
  /** Bias [O] added to every output position of channel o. Default none. */
  readonly bias?: Tensor;
}

/** Options of {@link conv2dTranspose}. */
export interface Conv2DTransposeOptions extends Conv2DOptions {
  /**
   * Extra rows / columns at the bottom / right of the output, [outPadH, outPadW], each in
   * [0, stride). Default 0. Picks among the input sizes a strided conv2d maps to the same size.
   */
  readonly outputPadding?: number | readonly [number, number];
}

function pair(fn: string, arg: string, v: unknown, min: number, fallback: number): [number, number] {
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= 2 ** 31 - 1;
  if (v === undefined) return [fallback, fallback];
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new ShapeError(invalid(fn, arg, `an integer >= ${min} or a pair [h, w] of them`, v));
}

function checkOptions(fn: string, options: unknown): Conv2DTransposeOptions {
  if (options === null || typeof options !== 'object') {
    throw new DTypeError(invalid(fn, 'options', 'an object such as { stride, padding, bias }', options));
  }
  return options as Conv2DTransposeOptions;
}

function checkRank4(fn: string, arg: string, t: Tensor, layout: string): void {
  checkTensor(t, fn, arg);
  checkReal(t, fn, arg);
  if (t.rank !== 4 || t.shape.slice(1).some((n) => n < 1)) {
    throw new ShapeError(invalid(fn, arg, `of shape ${layout} with positive extents after the first`, t.shape));
  }
}

function checkBias(fn: string, bias: unknown, x: Tensor, channels: number): Tensor | undefined {
  if (bias === undefined) return undefined;
  const b = checkTensor(bias, fn, 'options.bias');
  checkReal(b, fn, 'options.bias');
  checkSameDtype(x, b, fn, 'options.bias');
  if (b.rank !== 1 || b.shape[0] !== channels) throw new ShapeError(invalid(fn, 'options.bias', `of shape [${channels}] (one per output channel)`, b.shape));
  return b;
}

/** The checked operands and geometry shared by both convolutions. */
interface Checked {
  readonly o: Conv2DTransposeOptions;
  readonly stride: [number, number];
  readonly padding: [number, number];
  /** Output channels and the window. */
  readonly O: number;
  readonly kH: number;
  readonly kW: number;
}

/**
 * Checks x [N, C, H, W] and w ([O, C, kH, kW] for conv2d, [C, O, kH, kW] when `transposed`),
 * stride and padding.
 */
function checkConv(fn: string, x: Tensor, w: Tensor, options: unknown, transposed: boolean): Checked {
  const o = checkOptions(fn, options);
  checkRank4(fn, 'x', x, '[N, C, H, W]');
  checkRank4(fn, 'w', w, transposed ? '[C, O, kH, kW]' : '[O, C, kH, kW]');
  checkSameDtype(x, w, fn, 'w');
  const C = x.shape[1];
  const [w0, w1, kH, kW] = w.shape;
  if ((transposed ? w0 : w1) !== C) {
    const layout = transposed ? `[${C}, O, kH, kW]` : `[O, ${C}, kH, kW]`;
    throw new ShapeError(invalid(fn, 'w', `of shape ${layout} (the channels of \`x\`)`, w.shape));
  }
  const stride = pair(fn, 'options.stride', o.stride, 1, 1);
  const padding = pair(fn, 'options.padding', o.padding, 0, 0);
  return { o, stride, padding, O: transposed ? w1 : w0, kH, kW };
}

/**
 * 2-D convolution (cross-correlation, no kernel flip) of real NCHW inputs with OIHW weights:
 * y[n, o, r, c] = bias[o] + sum_{ch, a, b} w[o, ch, a, b] x[n, ch, r sH - pH + a, c sW - pW + b],
 * zero outside the input. Shapes: x [N, C, H, W], w [O, C, kH, kW], y [N, O, Ho, Wo] with
 * Ho = floor((H + 2 pH - kH) / sH) + 1 (likewise Wo). Same definition as PyTorch's `conv2d`.
 * Gradients: g_x = conv2dTranspose(g_y, w) (output padding chosen to give back H, W),
 * g_w[o, ch, a, b] = sum g_y[n, o, r, c] x[n, ch, r sH - pH + a, c sW - pW + b], g_bias = sum of
 * g_y over n, r, c. On the CPU: im2col, then one matrix product per image (WebAssembly SIMD where
 * available).
 * @throws {@link ShapeError} if x or w is not of rank 4 with positive extents, channels differ,
 *   the padded input is smaller than the window, stride / padding are not integers >= 1 / >= 0, or
 *   the bias is not [O]; {@link DTypeError} for complex tensors or mixed dtypes.
 *
 * @example
 * ```ts
 * import { conv2d, tensor } from 'lorentz-irreps';
 * const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
 * const w = tensor([1, 0, 0, -1], [1, 1, 2, 2]); // x[r, c] - x[r + 1, c + 1]
 * console.assert(JSON.stringify(conv2d(x, w).array()) === '[[[[-4,-4],[-4,-4]]]]');
 * const y = conv2d(x, w, { stride: 2, padding: 1, bias: tensor([10]) });
 * console.assert(JSON.stringify(y.array()) === '[[[[9,7],[3,6]]]]');
 * ```
 */
export function conv2d(x: Tensor, w: Tensor, options: Conv2DOptions = {}): Tensor {
  const fn = 'conv2d';
  const { o, stride, padding, O, kH, kW } = checkConv(fn, x, w, options, false);
  const [, , H, W] = x.shape;
  if (H + 2 * padding[0] < kH || W + 2 * padding[1] < kW) {
    throw new ShapeError(invalid(fn, 'w', `a window no larger than the padded input [${H + 2 * padding[0]}, ${W + 2 * padding[1]}]`, w.shape));
  }
  const bias = checkBias(fn, o.bias, x, O);
  return run1(Conv2D, bias === undefined ? { x, w } : { x, w, bias }, { stride, padding });
}

/**
 * Transposed 2-D convolution (the adjoint of {@link conv2d} with the same weights, plus a bias),
 * real NCHW: x [N, C, H, W], w [C, O, kH, kW] (PyTorch's ConvTranspose2d layout), y [N, O, Ho, Wo]
 * with Ho = (H - 1) sH - 2 pH + kH + outPadH (likewise Wo);
 * y[n, o, r sH - pH + a, c sW - pW + b] += sum_ch x[n, ch, r, c] w[ch, o, a, b] over in-range
 * positions, then + bias[o]. With stride 2, padding 1, a 3x3 window and output padding 1 it doubles
 * the spatial size. Gradients: g_x = conv2d(g_y, w), g_w the conv2d weight gradient with roles of
 * input and output swapped, g_bias = sum of g_y over n and positions.
 * @throws {@link ShapeError} if x or w is not of rank 4 with positive extents, w's first extent is
 *   not C, an output padding is not in [0, stride), the output would be empty, or the bias is not
 *   [O]; {@link DTypeError} for complex tensors or mixed dtypes.
 *
 * @example
 * ```ts
 * import { conv2d, conv2dTranspose, mul, sum, tensor } from 'lorentz-irreps';
 * const w = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
 * const y = conv2dTranspose(tensor([1, 0, 0, 0], [1, 1, 2, 2]), w, { stride: 2, padding: 1, outputPadding: 1 });
 * console.assert(y.shape.join() === '1,1,4,4' && y.dataSync()[0] === 5);
 * // The adjoint identity <conv2d(x, w), v> = <x, conv2dTranspose(v, w)>:
 * const x = tensor([1, -2, 3, 0.5, 4, 1, 0, 2, -1, 3, 1, 1, 2, 0, 1, -3], [1, 1, 4, 4]);
 * const v = tensor([2, -1, 0.5, 1], [1, 1, 2, 2]);
 * const lhs = sum(mul(conv2d(x, w, { stride: 2, padding: 1 }), v)).dataSync()[0];
 * const rhs = sum(mul(x, conv2dTranspose(v, w, { stride: 2, padding: 1, outputPadding: 1 }))).dataSync()[0];
 * console.assert(Math.abs(lhs - rhs) < 1e-12);
 * ```
 */
export function conv2dTranspose(x: Tensor, w: Tensor, options: Conv2DTransposeOptions = {}): Tensor {
  const fn = 'conv2dTranspose';
  const { o, stride, padding, O, kH, kW } = checkConv(fn, x, w, options, true);
  const [, , H, W] = x.shape;
  const outputPadding = pair(fn, 'options.outputPadding', o.outputPadding, 0, 0);
  if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1]) {
    throw new ShapeError(invalid(fn, 'options.outputPadding', `smaller than the stride [${stride.join(', ')}]`, o.outputPadding));
  }
  const Ho = (H - 1) * stride[0] - 2 * padding[0] + kH + outputPadding[0];
  const Wo = (W - 1) * stride[1] - 2 * padding[1] + kW + outputPadding[1];
  if (Ho < 1 || Wo < 1) {
    throw new ShapeError(invalid(fn, 'options.padding', `small enough for a non-empty output (it gives [${Ho}, ${Wo}])`, o.padding));
  }
  const bias = checkBias(fn, o.bias, x, O);
  return run1(Conv2DTranspose, bias === undefined ? { x, w } : { x, w, bias }, { stride, padding, outputPadding });
}

/**
 * The weight gradient of conv2d (internal to the gradients): dw [O, C, kH, kW] from the input
 * x [N, C, H, W] and the output gradient dy [N, O, Ho, Wo]; trusts its arguments.
 */
export function conv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  kernelSize: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number],
): Tensor {
  return run1(Conv2DBackpropFilter, { x, dy }, { kernelSize, stride, padding });
}


/**
 * Names and attributes of the kernels the equivariant layers and the baseline models need beyond
 * the engine core: the sparse Clebsch-Gordan product, pairwise particle edges, and 2-D
 * convolutions. Re-exported through `kernelNames`.
 *
 * @packageDocumentation
 */
import type { CGSparseTable } from '../math/lorentz-cg';

/**
 * Inputs `x1` [..., d1] and `x2` [..., d2] (leading axes broadcast) and, optionally, `acc`
 * [...lead, d] added to the result; attribute {@link CGProductAttrs}. Output [...lead, d],
 * out[..., i] = acc[..., i] + sum_e values[e] x1[..., i1[e]] x2[..., i2[e]].
 */
export const CGProduct = 'CGProduct';

/**
 * A validated sparse coupling table (see `cgProduct`): entries H[i1[e], i2[e], i[e]] = values[e],
 * every index in range, every value finite. A private copy made by the op, never the caller's.
 */
export type CGTableAttr = CGSparseTable;

/** Attributes of {@link CGProduct}. */
export interface CGProductAttrs {
  readonly table: CGTableAttr;
}

/** Input `p` [B, N, F] (real or complex). Output [B, N, N, F], out[b, i, j] = p[b, i] - p[b, j]. */
export const PairwiseDifferences = 'PairwiseDifferences';

/**
 * Input `p` [B, N, 4] (real four-vectors (E, px, py, pz)). Output [B, N, N],
 * out[b, i, j] = (p_i - p_j)^2 with metric (+,-,-,-).
 */
export const PairwiseMinkowskiSq = 'PairwiseMinkowskiSq';

/** Geometry of a 2-D convolution: [height, width] pairs of non-negative integers. */
export interface Conv2DGeometry {
  /** Step between windows, each >= 1. */
  readonly stride: readonly [number, number];
  /** Zeros added on both sides of the input (or removed from the transposed output), each >= 0. */
  readonly padding: readonly [number, number];
}

/**
 * Inputs `x` [N, C, H, W], `w` [O, C, kH, kW] (real), optional `bias` [O]; attribute
 * {@link Conv2DGeometry}. Output [N, O, Ho, Wo], Ho = floor((H + 2 padH - kH) / strideH) + 1,
 * y[n, o, r, c] = bias[o] + sum_{ch, a, b} w[o, ch, a, b] x[n, ch, r strideH - padH + a, c strideW - padW + b].
 */
export const Conv2D = 'Conv2D';

/**
 * Inputs `x` [N, C, H, W], `w` [C, O, kH, kW] (real), optional `bias` [O]; attribute
 * {@link Conv2DTransposeAttrs}. Output [N, O, Ho, Wo], Ho = (H - 1) strideH - 2 padH + kH + outPadH:
 * the adjoint of {@link Conv2D} with the same weight tensor, plus the bias.
 */
export const Conv2DTranspose = 'Conv2DTranspose';

/** Attributes of {@link Conv2DTranspose}. */
export interface Conv2DTransposeAttrs extends Conv2DGeometry {
  /** Extra rows / columns added at the bottom / right of the output, each in [0, stride). */
  readonly outputPadding: readonly [number, number];
}

/**
 * Inputs `x` [N, C, H, W] and `dy` [N, O, Ho, Wo] (real); attribute
 * {@link Conv2DBackpropFilterAttrs}. Output [O, C, kH, kW], the gradient of {@link Conv2D} with
 * respect to its weight: dw[o, ch, a, b] = sum_{n, r, c} dy[n, o, r, c] x[n, ch, r strideH - padH + a, c strideW - padW + b].
 */
export const Conv2DBackpropFilter = 'Conv2DBackpropFilter';

/** Attributes of {@link Conv2DBackpropFilter}. */
export interface Conv2DBackpropFilterAttrs extends Conv2DGeometry {
  /** [kH, kW], the window of the weight. */
  readonly kernelSize: readonly [number, number];
}

/**
 * The im2col layout of a 2-D convolution and its adjoint col2im, for one NCHW image. For an image
 * `img` [C, H, W] and a window kH x kW moved with stride (sH, sW) over the image padded by (pH, pW),
 * cols is the matrix [C kH kW, Ho Wo] with
 * cols[(ch kH + a) kW + b, r Wo + c] = img[ch, r sH - pH + a, c sW - pW + b] (0 outside the image),
 * so that a convolution is the matrix product W [O, C kH kW] cols.
 *
 * @packageDocumentation
 */
import type { FloatArray } from '../../types';

/** Geometry of one image and its window positions. */
export interface ColGeometry {
  /** Channels, height, width of the image. */
  readonly C: number;
  readonly H: number;
  readonly W: number;
  /** Window extents. */
  readonly kH: number;
  readonly kW: number;
  /** Strides and paddings. */
  readonly sH: number;
  readonly sW: number;
  readonly pH: number;
  readonly pW: number;
  /** Window positions along height and width (the columns of cols are Ho * Wo). */
  readonly Ho: number;
  readonly Wo: number;
}

/**
 * The window positions c in [cLo, cHi) whose column c sW - pW + b lies inside the image (0 <= it < W).
 */
function validColumns(b: number, g: ColGeometry): [number, number] {
  const lo = Math.max(0, Math.ceil((g.pW - b) / g.sW));
  const hi = Math.min(g.Wo, Math.floor((g.W - 1 + g.pW - b) / g.sW) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Fills cols [C kH kW, Ho Wo] from the image starting at `offset` in `img`. With `ld` and `col0`,
 * writes the columns col0 .. col0 + Ho Wo - 1 of a wider matrix with `ld` elements per row (the
 * images of a batch side by side, for one matrix product over all of them).
 */
export function im2col(img: FloatArray, offset: number, g: ColGeometry, cols: Float64Array, ld = g.Ho * g.Wo, col0 = 0): void {
  const { C, H, W, kH, kW, sH, sW, pH, pW, Ho, Wo } = g;
  let row = 0;
  for (let ch = 0; ch < C; ch++) {
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, row++) {
        const base = row * ld + col0;
        const [cLo, cHi] = validColumns(b, g);
        for (let r = 0; r < Ho; r++) {
          const i = r * sH - pH + a;
          const o = base + r * Wo;
          if (i < 0 || i >= H) {
            cols.fill(0, o, o + Wo);
            continue;
          }
          const src = offset + (ch * H + i) * W + b - pW;
          for (let c = 0; c < cLo; c++) cols[o + c] = 0;
          for (let c = cLo; c < cHi; c++) cols[o + c] = img[src + c * sW];
          for (let c = cHi; c < Wo; c++) cols[o + c] = 0;
        }
      }
    }
  }
}

/**
 * The adjoint of {@link im2col}: adds cols [C kH kW, Ho Wo] into the image at `offset` in `img`
 * (with `ld` and `col0`: the columns col0 .. col0 + Ho Wo - 1 of a matrix with `ld` elements per row).
 */
export function col2im(cols: Float64Array, g: ColGeometry, img: FloatArray, offset: number, ld = g.Ho * g.Wo, col0 = 0): void {
  const { C, H, W, kH, kW, sH, sW, pH, pW, Ho, Wo } = g;
  let row = 0;
  for (let ch = 0; ch < C; ch++) {
    for (let a = 0; a < kH; a++) {
      for (let b = 0; b < kW; b++, row++) {
        const base = row * ld + col0;
        const [cLo, cHi] = validColumns(b, g);
        for (let r = 0; r < Ho; r++) {
          const i = r * sH - pH + a;
          if (i < 0 || i >= H) continue;
          const o = base + r * Wo;
          const dst = offset + (ch * H + i) * W + b - pW;
          for (let c = cLo; c < cHi; c++) img[dst + c * sW] += cols[o + c];
        }
      }
    }
  }
}

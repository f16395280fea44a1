/**
 * Fan-in and fan-out of a weight tensor, the numbers variance-scaling initializers divide by.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../../errors';

/** Fan-in and fan-out of a weight shape. */
export interface Fans {
  /** Number of inputs feeding each output unit. */
  readonly fanIn: number;
  /** Number of outputs each input unit feeds. */
  readonly fanOut: number;
}

/**
 * Fans of a weight of `shape`, in the layout `[..., fanIn-axis, fanOut-axis]` used by `x W`
 * products (`W` of shape [in, out]); leading axes are a receptive field that multiplies both:
 * rank 0: (1, 1); rank 1 [n]: (n, n); rank 2 [in, out]: (in, out);
 * rank r > 2 [k..., in, out]: (in * prod(k), out * prod(k)).
 * @throws {@link ShapeError} if `shape` is not an array of non-negative integers.
 *
 * @example
 * ```ts
 * import { computeFans } from 'lorentz-irreps';
 * const { fanIn, fanOut } = computeFans([3, 16, 32]);
 * console.assert(fanIn === 48 && fanOut === 96);
 * ```
 */
export function computeFans(shape: readonly number[]): Fans {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(invalid('computeFans', 'shape', 'an array of non-negative integers', shape));
  }
  const r = shape.length;
  if (r === 0) return { fanIn: 1, fanOut: 1 };
  if (r === 1) return { fanIn: shape[0], fanOut: shape[0] };
  let receptive = 1;
  for (let i = 0; i < r - 2; i++) receptive *= shape[i];
  return { fanIn: shape[r - 2] * receptive, fanOut: shape[r - 1] * receptive };
}

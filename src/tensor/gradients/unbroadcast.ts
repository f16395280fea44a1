/**
 * Reduces a gradient of a broadcast result back to the shape of the operand that was broadcast.
 *
 * @packageDocumentation
 */
import { reshape } from '../ops/reshape';
import { sum } from '../ops/reduce';
import { broadcastAxes, shapesEqual } from '../shape';
import type { Tensor } from '../tensor';
import type { Shape } from '../types';

/** Sums `g` over the axes along which an operand of `shape` was broadcast, then reshapes to `shape`. */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const axes = broadcastAxes(shape, g.shape);
  const s = axes.length > 0 ? sum(g, axes) : g;
  if (shapesEqual(s.shape, shape)) return s;
  const r = reshape(s, shape as number[]);
  if (s !== g) s.dispose();
  return r;
}

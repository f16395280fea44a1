/**
 * Matrix products, batched over leading axes with broadcasting, real or complex, with transpose
 * and conjugate flags per operand.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../../errors';
import { BatchMatMul } from '../kernel-names';
import { broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';
import { checkSameDtype, checkTensor, run1 } from './validate';

/** Options of {@link matmul}: each operand is used as op(x) = conj?(transpose?(x)). */
export interface MatMulOptions {
  /** Use the transpose of the last two axes of `a`. Default false. */
  readonly transposeA?: boolean;
  /** Use the transpose of the last two axes of `b`. Default false. */
  readonly transposeB?: boolean;
  /** Conjugate `a` (with transposeA: the conjugate transpose a^H). Default false. */
  readonly conjA?: boolean;
  /** Conjugate `b` (with transposeB: b^H). Default false. */
  readonly conjB?: boolean;
}

/**
 * Matrix product op(a) op(b) over the last two axes, batched over the leading axes with NumPy
 * broadcasting: a [..., m, k] times b [..., k, n] gives [...broadcast, m, n]. Complex if either
 * operand is complex. Gradients (complex convention): for C = A B, g_A = g_C B^H, g_B = A^H g_C.
 * @throws {@link ShapeError} if an operand has rank < 2, the inner extents differ, or batch axes
 *   do not broadcast; {@link DTypeError} for mixed dtypes.
 *
 * @example
 * ```ts
 * import { matmul, tensor } from 'lorentz-irreps';
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor([[5], [6]]);
 * console.assert(JSON.stringify(matmul(a, b).array()) === '[[17],[39]]');
 * console.assert(JSON.stringify(matmul(a, a, { transposeA: true }).array()) === '[[10,14],[14,20]]');
 * ```
 */
export function matmul(a: Tensor, b: Tensor, options: MatMulOptions = {}): Tensor {
  checkTensor(a, 'matmul', 'a');
  checkTensor(b, 'matmul', 'b');
  checkSameDtype(a, b, 'matmul', 'b');
  if (a.rank < 2) throw new ShapeError(invalid('matmul', 'a', 'of rank >= 2', a.shape));
  if (b.rank < 2) throw new ShapeError(invalid('matmul', 'b', 'of rank >= 2', b.shape));
  const transposeA = options.transposeA === true;
  const transposeB = options.transposeB === true;
  const ka = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const kb = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  if (ka !== kb) {
    throw new ShapeError(invalid('matmul', 'b', `of inner extent ${ka} (the contracted extent of \`a\`)`, b.shape));
  }
  broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul', 'b');
  return run1(BatchMatMul, { a, b }, { transposeA, transposeB, conjA: options.conjA === true, conjB: options.conjB === true });
}

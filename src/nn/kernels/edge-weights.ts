/**
 * The edge weights of the Lorentz message-passing layer as one kernel: Lorentzian-bell functions
 * of the pairwise Minkowski distances, masked and normalized.
 *
 * @packageDocumentation
 */
import { DTypeError, ShapeError, invalid } from '../../errors';
import { getKernel } from '../../tensor/kernel-registry';
import { tidy } from '../../tensor/memory';
import { add, div, mul } from '../../tensor/ops/arithmetic';
import { edgeMask, pairwiseMinkowskiSq } from '../../tensor/ops/edges';
import { matmul } from '../../tensor/ops/matmul';
import { expandDims, reshape, transpose } from '../../tensor/ops/reshape';
import { exp, square } from '../../tensor/ops/unary';
import { runKernel } from '../../tensor/run-kernel';
import { getBackend } from '../../tensor/environment';
import { Tensor } from '../../tensor/tensor';

/** Kernel name: inputs p [B, N, 4], m [B, N], s [B], a [K], beta [K], c [K], u [K, C]; output w [B, C, N, N]. */
export const LMPEdgeWeights = 'LMPEdgeWeights';
/** Kernel name of its gradient: inputs dy, p, m, s, a, beta, c, u; outputs [gp, ga, gbeta, gc, gu]. */
export const LMPEdgeWeightsGrad = 'LMPEdgeWeightsGrad';

/** The bell parameters: a, beta, c [K] and u [K, C], real. */
export interface BellParameters {
  readonly a: Tensor;
  readonly beta: Tensor;
  readonly c: Tensor;
  readonly u: Tensor;
}

function real(fn: string, arg: string, t: unknown, shape: readonly number[] | null, like: Tensor | null): Tensor {
  if (!(t instanceof Tensor)) throw new DTypeError(invalid(fn, arg, 'a Tensor', t));
  t.assertAlive(fn, arg);
  if (t.complex) throw new DTypeError(invalid(fn, arg, 'a real tensor', 'complex'));
  if (like !== null && t.dtype !== like.dtype) throw new DTypeError(invalid(fn, arg, `of dtype ${like.dtype}`, t.dtype));
  if (shape !== null && t.shape.join() !== shape.join()) throw new ShapeError(invalid(fn, arg, `of shape [${shape.join(',')}]`, t.shape));
  return t;
}

/** The same weights composed from ops (any backend; the reference of the fused kernel). */
export function edgeWeightsFromOps(p: Tensor, m: Tensor, s: Tensor, params: BellParameters): Tensor {
  return tidy(() => {
    const [b, n] = p.shape;
    const [k, c] = params.u.shape;
    const x = expandDims(pairwiseMinkowskiSq(p), 3); // [B, N, N, 1]
    const den = add(exp(params.beta), mul(square(params.c), square(x)));
    const phi = reshape(add(params.a, div(1, den)), [b * n * n, k]);
    const f = transpose(reshape(matmul(phi, params.u), [b, n, n, c]), [0, 3, 1, 2]);
    const e = mul(edgeMask(m, { includeSelf: false }), reshape(s, [b, 1, 1]));
    return mul(f, expandDims(e, 1));
  });
}

/**
 * Edge weights w[b, c, i, j] = s_b m_bi m_bj f_c(x_bij) for i != j and 0 on the diagonal, with
 * x_bij = (p_bi - p_bj)^2 the squared Minkowski distance (metric +,-,-,-) and
 * f_c(x) = sum_k u_kc (a_k + 1 / (exp(beta_k) + c_k^2 x^2)).
 *
 * One kernel (the CPU forward visits each unordered pair once: w is symmetric in i, j) with one
 * gradient kernel, for p and the four parameters; m (the mask) and s (a per-jet factor, e.g. the
 * inverse particle count) are constants without gradient. On a backend without the kernel the
 * same values are composed from ops.
 *
 * @param p - real positions [B, N, 4] (E, px, py, pz).
 * @param m - real mask [B, N] (1 particle, 0 padding).
 * @param s - real per-jet factors [B].
 * @throws {@link ShapeError} / {@link DTypeError} for tensors of other shapes, complex tensors or
 *   mixed dtypes.
 * @internal
 */
export function lmpEdgeWeights(p: Tensor, m: Tensor, s: Tensor, params: BellParameters): Tensor {
  const fn = 'lmpEdgeWeights';
  real(fn, 'p', p, null, null);
  if (p.rank !== 3 || p.shape[2] !== 4) throw new ShapeError(invalid(fn, 'p', 'of shape [B, N, 4]', p.shape));
  const [b, n] = p.shape;
  real(fn, 'm', m, [b, n], p);
  real(fn, 's', s, [b], p);
  const k = params.a.shape[0];
  real(fn, 'params.a', params.a, [k], p);
  real(fn, 'params.beta', params.beta, [k], p);
  real(fn, 'params.c', params.c, [k], p);
  real(fn, 'params.u', params.u, null, p);
  if (params.u.rank !== 2 || params.u.shape[0] !== k) throw new ShapeError(invalid(fn, 'params.u', `of shape [${k}, C]`, params.u.shape));
  if (getKernel(LMPEdgeWeights, getBackend()) === undefined) return edgeWeightsFromOps(p, m, s, params);
  return runKernel(LMPEdgeWeights, { p, m, s, a: params.a, beta: params.beta, c: params.c, u: params.u })[0];
}

/**
 * Pairwise edges over the particles of a batch of events: differences of per-particle features,
 * squared Minkowski distances of four-momenta, and the edge mask of a particle mask.
 *
 * @packageDocumentation
 */
import { DTypeError, ShapeError, invalid } from '../../errors';
import { tensor } from '../creation';
import { PairwiseDifferences, PairwiseMinkowskiSq } from '../kernel-names-extra';
import { tidy } from '../memory';
import type { Tensor } from '../tensor';
import { mul } from './arithmetic';
import { expandDims } from './reshape';
import { checkReal, checkSameDtype, checkTensor, run1 } from './validate';

/** Options of {@link edgeMask}. */
export interface EdgeMaskOptions {
  /** Keep the self-edges i = j (default true); false zeroes the diagonal. */
  readonly includeSelf?: boolean;
}

function checkMask(mask: Tensor, fn: string, batch: number, count: number, like: Tensor | null): void {
  checkTensor(mask, fn, 'mask');
  checkReal(mask, fn, 'mask');
  if (like !== null) checkSameDtype(like, mask, fn, 'mask');
  if (mask.rank !== 2 || (batch >= 0 && (mask.shape[0] !== batch || mask.shape[1] !== count))) {
    const rule = batch >= 0 ? `of shape [${batch}, ${count}] (the batch and particle axes of \`p\`)` : 'of shape [B, N]';
    throw new ShapeError(invalid(fn, 'mask', rule, mask.shape));
  }
}

function edgeMaskUnchecked(mask: Tensor, includeSelf: boolean): Tensor {
  return tidy(() => {
    const m = mul(expandDims(mask, 2), expandDims(mask, 1));
    if (includeSelf) return m;
    const n = mask.shape[1];
    const off = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) off[i * n + i] = 0;
    return mul(m, tensor(off, [n, n], { dtype: mask.dtype }));
  });
}

/**
 * The edge mask of a particle mask: out[b, i, j] = mask[b, i] mask[b, j], with the diagonal
 * (self-edges) zeroed when `includeSelf` is false. `mask` is real [B, N], usually 1 for a particle
 * and 0 for padding (any real weights are allowed, and the gradient flows to them).
 * @throws {@link ShapeError} if `mask` is not of rank 2; {@link DTypeError} if it is complex or
 *   not a tensor, or `options` is not an object.
 *
 * @example
 * ```ts
 * import { edgeMask, tensor } from 'lorentz-irreps';
 * const m = edgeMask(tensor([[1, 1, 0]]), { includeSelf: false });
 * console.assert(JSON.stringify(m.array()) === '[[[0,1,0],[1,0,0],[0,0,0]]]');
 * ```
 */
export function edgeMask(mask: Tensor, options: EdgeMaskOptions = {}): Tensor {
  checkMask(mask, 'edgeMask', -1, -1, null);
  if (options === null || typeof options !== 'object') {
    throw new DTypeError(invalid('edgeMask', 'options', 'an object such as { includeSelf: false }', options));
  }
  return edgeMaskUnchecked(mask, options.includeSelf !== false);
}

/**
 * Differences of particle features over all ordered pairs: out[b, i, j, f] = p[b, i, f] - p[b, j, f],
 * times mask[b, i] mask[b, j] when a mask is given. p is [B, N, F], real or complex; the output is
 * [B, N, N, F] with the units of p. Gradient: g_p[b, i] = sum_j g[b, i, j] - sum_j g[b, j, i]
 * (through the mask product when masked; the mask gets its gradient too).
 * @throws {@link ShapeError} if p is not of rank 3 or the mask not [B, N]; {@link DTypeError} for
 *   a complex mask or mixed dtypes.
 *
 * @example
 * ```ts
 * import { pairwiseDifferences, tensor } from 'lorentz-irreps';
 * const p = tensor([[[1, 0], [4, 2]]]); // one event, two particles, two features
 * console.assert(JSON.stringify(pairwiseDifferences(p).array()) === '[[[[0,0],[-3,-2]],[[3,2],[0,0]]]]');
 * const masked = pairwiseDifferences(p, tensor([[1, 0]]));
 * console.assert(masked.dataSync().every((v) => v === 0));
 * ```
 */
export function pairwiseDifferences(p: Tensor, mask?: Tensor): Tensor {
  const fn = 'pairwiseDifferences';
  checkTensor(p, fn, 'p');
  if (p.rank !== 3) throw new ShapeError(invalid(fn, 'p', 'of shape [B, N, F]', p.shape));
  if (mask === undefined) return run1(PairwiseDifferences, { p });
  checkMask(mask, fn, p.shape[0], p.shape[1], p);
  return tidy(() => mul(run1(PairwiseDifferences, { p }), expandDims(edgeMaskUnchecked(mask, true), 3)));
}

/**
 * Squared Minkowski distances of all particle pairs, metric (+,-,-,-):
 * out[b, i, j] = (E_i - E_j)^2 - |p_i - p_j|^2 for four-momenta p [B, N, 4] ordered (E, px, py, pz).
 * Real only; units: the square of the momentum unit. Gradient:
 * g_p[b, i] = 2 eta sum_j (g[b, i, j] + g[b, j, i]) (p_i - p_j), eta = diag(1, -1, -1, -1).
 * @throws {@link ShapeError} if p is not [B, N, 4]; {@link DTypeError} if p is complex.
 *
 * @example
 * ```ts
 * import { pairwiseMinkowskiSq, tensor } from 'lorentz-irreps';
 * const p = tensor([[[5, 1, 2, 3], [2, 1, 0, 1]]]);
 * const d = pairwiseMinkowskiSq(p).dataSync(); // (3, 0, 2, 2): 9 - 0 - 4 - 4 = 1
 * console.assert(d[0] === 0 && d[1] === 1 && d[2] === 1 && d[3] === 0);
 * ```
 */
export function pairwiseMinkowskiSq(p: Tensor): Tensor {
  const fn = 'pairwiseMinkowskiSq';
  checkTensor(p, fn, 'p');
  checkReal(p, fn, 'p');
  if (p.rank !== 3 || p.shape[2] !== 4) throw new ShapeError(invalid(fn, 'p', 'of shape [B, N, 4] (four-momenta E, px, py, pz)', p.shape));
  return run1(PairwiseMinkowskiSq, { p });
}

/**
 * Output layers: irreps features back to real four-momenta, or to Lorentz invariants.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { cgSparseTable } from '../math/lorentz-cg';
import { tidy } from '../tensor/memory';
import { cgProduct } from '../tensor/ops/cg';
import { imag, real } from '../tensor/ops/complex';
import { reshape } from '../tensor/ops/reshape';
import { concat } from '../tensor/ops/slice';
import type { Tensor } from '../tensor/tensor';
import { SCALAR, VECTOR } from './cg-plan';
import { type Features, checkFeatures, featuresLead } from './features';
import { irrepToFourVectors } from './tensor-helpers';

/**
 * The real four-momenta of the (1/2,1/2) channels of features: p = Re(U^H x) for each channel x
 * (U the map of the conventions page), real [...lead, C, 4] ordered (E, px, py, pz). The real part
 * commutes with every Lorentz transformation (L(g) is real), so a model that ends here stays
 * equivariant; for x = U p with p real it returns p exactly (up to rounding).
 * @throws {@link ConfigError} if the features have no (1/2,1/2) part.
 *
 * @example
 * ```ts
 * import { featuresToFourMomenta, makeFeatures, complexTensor } from 'lorentz-irreps';
 * const s = Math.SQRT1_2; // U(5, 1, 2, 3) = [5, (1 + 2i)/sqrt2, 3, -(1 - 2i)/sqrt2]
 * const x = makeFeatures('1x(1/2,1/2)', [complexTensor([5, s, 3, -s], [0, 2 * s, 0, 2 * s], [1, 1, 4])]);
 * const p = featuresToFourMomenta(x).dataSync();
 * console.assert([5, 1, 2, 3].every((v, k) => Math.abs(p[k] - v) < 1e-15));
 * ```
 */
export function featuresToFourMomenta(x: Features): Tensor {
  const fn = 'featuresToFourMomenta';
  checkFeatures(fn, 'x', x, x?.irreps);
  const k = x.irreps.entries.findIndex((e) => e.irrep === VECTOR);
  if (k < 0) throw new ConfigError(invalid(fn, 'x', 'features with (1/2,1/2) channels', x.irreps.toString()));
  return irrepToFourVectors(x.parts[k]);
}

/**
 * Lorentz invariants of features, for classifiers: real [...lead, S]. For each entry in order and
 * each channel c: the (0,0) channels give [Re s_c, Im s_c]; every other irrep gives the real and
 * imaginary parts of its quadratic invariant q_c = CG(x_c, x_c -> (0,0)) (present in every
 * (m,n) (x) (m,n); for a four-vector x = U p it is (p.p)/2). Layout: all Re of an entry, then all
 * its Im, entry after entry (S = 2 * total channels).
 * @throws {@link ShapeError} for malformed features.
 *
 * @example
 * ```ts
 * import { featuresToInvariants, makeFeatures, complexTensor } from 'lorentz-irreps';
 * const x = makeFeatures('1x(0,0)+1x(1/2,1/2)', [
 *   complexTensor([2], [1], [1, 1, 1]),
 *   complexTensor([5, 0, 3, 0], [0, 0, 0, 0], [1, 1, 4]), // U(5, 0, 0, 3)
 * ]);
 * const inv = featuresToInvariants(x).dataSync();
 * console.assert(inv.join() === '2,1,8,0'); // Re s, Im s, Re (p.p)/2 = (25 - 9)/2, Im
 * ```
 */
export function featuresToInvariants(x: Features): Tensor {
  const fn = 'featuresToInvariants';
  checkFeatures(fn, 'x', x, x?.irreps);
  const lead = featuresLead(x);
  return tidy(() => {
    const cols = x.irreps.entries.flatMap(({ mul, irrep }, k) => {
      const q = irrep === SCALAR ? x.parts[k] : cgProduct(x.parts[k], x.parts[k], cgSparseTable(irrep, irrep, SCALAR));
      const flat = reshape(q, [...lead, mul]);
      return [real(flat), imag(flat)];
    });
    return cols.length === 1 ? cols[0] : concat(cols, lead.length);
  });
}

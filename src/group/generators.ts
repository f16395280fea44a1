/**
 * The generators of the Lorentz algebra on an irrep (m, n).
 *
 * @packageDocumentation
 */
import { type IrrepLike, toIrrep } from '../math/irrep-like';
import { type BasisOptions, inBasis, readBasis } from './basis';
import { ComplexMatrix } from './complex-matrix';
import { spinMatrices } from './spin-matrices';

/**
 * The rotation generators J = [Jx, Jy, Jz] and boost generators K = [Kx, Ky, Kz] of an irrep.
 * @example
 * ```ts
 * import { type LorentzGenerators, generators } from 'lorentz-irreps';
 * const g: LorentzGenerators = generators('(1,0)');
 * console.assert(g.J.length === 3 && g.K[0].rows === 3);
 * ```
 */
export interface LorentzGenerators {
  /** Rotation generators: a rotation by t about u is exp(-i t u.J). Hermitian. */
  readonly J: readonly [ComplexMatrix, ComplexMatrix, ComplexMatrix];
  /** Boost generators: a boost of rapidity r along u is exp(-i r u.K). Anti-Hermitian. */
  readonly K: readonly [ComplexMatrix, ComplexMatrix, ComplexMatrix];
}

/**
 * The generators on (m, n) (CONVENTIONS.md): with A = J(m) (x) 1 and B = 1 (x) J(n) (spin
 * matrices of {@link spinMatrices}), J = A + B and K = i(A - B), written in the requested basis.
 *
 * They obey, with these signs,
 * [J_a, J_b] = i eps_abc J_c, [J_a, K_b] = i eps_abc K_c, [K_a, K_b] = -i eps_abc J_c,
 * and the Casimirs J.J - K.K = 2(m(m+1) + n(n+1)) 1 and J.K = i(m(m+1) - n(n+1)) 1.
 * In the canonical basis J is block-diagonal, equal to the spin-l matrices on each block.
 *
 * @param irrep - the irrep (a {@link LorentzIrrep} or its text form).
 * @param options - `basis`: 'canonical' (default) or 'product'.
 * @returns fresh dim x dim matrices.
 * @throws {@link IrrepError} if `irrep` is not an irrep.
 * @throws {@link ConfigError} on an unknown basis.
 * @example
 * ```ts
 * import { generators } from 'lorentz-irreps';
 * const { J, K } = generators('(1/2,0)');
 * // On (1/2,0): K = i J, so a boost along z of rapidity r is exp(r Jz) = diag(e^{-r/2}, e^{r/2}).
 * console.assert(K[2].get(0, 0).im === -0.5 && J[2].get(1, 1).re === 0.5);
 * const commutator = J[0].matmul(K[1]).sub(K[1].matmul(J[0])); // [Jx, Ky] = i Kz
 * console.assert(commutator.approxEquals(K[2].scale({ re: 0, im: 1 }), 1e-15));
 * ```
 */
export function generators(irrep: IrrepLike, options?: BasisOptions): LorentzGenerators {
  const fn = 'generators';
  const rep = toIrrep(fn, 'irrep', irrep);
  const basis = readBasis(fn, options);
  const sm = spinMatrices(rep.m);
  const sn = spinMatrices(rep.n);
  const im = ComplexMatrix.identity(Math.round(2 * rep.m) + 1);
  const iN = ComplexMatrix.identity(Math.round(2 * rep.n) + 1);
  const j: ComplexMatrix[] = [];
  const k: ComplexMatrix[] = [];
  for (let c = 0; c < 3; c++) {
    const a = sm[c].kron(iN);
    const b = im.kron(sn[c]);
    j.push(inBasis(rep, a.add(b), basis));
    k.push(inBasis(rep, a.sub(b).scale({ re: 0, im: 1 }), basis));
  }
  return Object.freeze({ J: Object.freeze([j[0], j[1], j[2]] as const), K: Object.freeze([k[0], k[1], k[2]] as const) });
}

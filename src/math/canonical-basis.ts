/**
 * The canonical basis of a Lorentz irrep (m, n): SU(2) blocks |l, mu> built from the product basis
 * |m, a> (x) |n, b> with Clebsch-Gordan coefficients (see CONVENTIONS.md, "Bases").
 *
 * @packageDocumentation
 */
import { IrrepError, invalid } from '../errors';
import { LorentzIrrep } from './irrep';
import type { SqrtRational } from './sqrt-rational';
import { su2Doubled } from './su2-cg';

/** The SU(2) label of one canonical basis vector |l, mu> (spins as numbers: 0, 0.5, 1, ...). */
export interface CanonicalLabel {
  /** Rotation spin l of the block, |m-n| <= l <= m+n. */
  readonly l: number;
  /** Projection mu, -l <= mu <= l. */
  readonly mu: number;
}

/** One non-zero entry C[row, col] = <m a; n b | l mu> of a canonical change of basis. */
export interface CanonicalBasisEntry {
  /** Canonical index of |l, mu>. */
  readonly row: number;
  /** Product index (a + m)(2n + 1) + (b + n) of |m, a> (x) |n, b>. */
  readonly col: number;
  /** The exact coefficient. */
  readonly value: SqrtRational;
}

/** The canonical change of basis of one irrep, exact and as floats. */
export interface CanonicalBasis {
  /** The irrep (m, n). */
  readonly irrep: LorentzIrrep;
  /** Its dimension d = (2m+1)(2n+1); the matrix is d x d. */
  readonly dim: number;
  /** Label (l, mu) of each canonical index (row), in order. */
  readonly labels: readonly CanonicalLabel[];
  /** The non-zero entries, rows ascending, then columns ascending. */
  readonly entries: readonly CanonicalBasisEntry[];
  /** The matrix as floats, d x d row-major (row = canonical index, column = product index); a fresh copy each call. */
  toDense(): Float64Array;
}

const CACHE = new Map<LorentzIrrep, { basis: CanonicalBasis; dense: Float64Array }>();

function checkIrrep(fn: string, irrep: unknown): LorentzIrrep {
  if (!(irrep instanceof LorentzIrrep)) {
    throw new IrrepError(invalid(fn, 'irrep', 'a LorentzIrrep', irrep));
  }
  return irrep;
}

function build(irrep: LorentzIrrep): { basis: CanonicalBasis; dense: Float64Array } {
  const [tm, tn] = irrep.toDoubled();
  const d = irrep.dim;
  const labels: CanonicalLabel[] = [];
  const entries: CanonicalBasisEntry[] = [];
  const dense = new Float64Array(d * d);
  for (let tl = Math.abs(tm - tn); tl <= tm + tn; tl += 2) {
    for (let tmu = -tl; tmu <= tl; tmu += 2) {
      const row = labels.length;
      labels.push(Object.freeze({ l: tl / 2, mu: tmu / 2 }));
      for (let ta = -tm; ta <= tm; ta += 2) {
        const tb = tmu - ta;
        if (tb < -tn || tb > tn) continue;
        const value = su2Doubled(tm, ta, tn, tb, tl, tmu).value;
        if (value.isZero()) continue;
        const col = ((ta + tm) / 2) * (tn + 1) + (tb + tn) / 2;
        entries.push(Object.freeze({ row, col, value }));
        dense[row * d + col] = value.toNumber();
      }
    }
  }
  Object.freeze(labels);
  Object.freeze(entries);
  const basis: CanonicalBasis = Object.freeze({
    irrep,
    dim: d,
    labels,
    entries,
    toDense: () => dense.slice(),
  });
  return { basis, dense };
}

function cached(irrep: LorentzIrrep): { basis: CanonicalBasis; dense: Float64Array } {
  let item = CACHE.get(irrep);
  if (item === undefined) {
    item = build(irrep);
    CACHE.set(irrep, item);
  }
  return item;
}

/**
 * The canonical change of basis C of the irrep (m, n), per CONVENTIONS.md: row index = canonical
 * index (blocks l = |m-n|..m+n ascending, mu = -l..l ascending), column index = product index
 * (a outer, b inner, both ascending), C[row, col] = <m a; n b | l mu>, so that
 * |l, mu> = sum_col C[row, col] |col>. C is real orthogonal. The result is frozen (computed once).
 *
 * @param irrep - the irrep (m, n).
 * @throws {@link IrrepError} if `irrep` is not a {@link LorentzIrrep}.
 * @example
 * ```ts
 * import { LorentzIrrep, canonicalBasis } from 'lorentz-irreps';
 * const c = canonicalBasis(LorentzIrrep.of(0.5, 0.5));
 * console.assert(c.labels.map((x) => `${x.l},${x.mu}`).join(' ') === '0,0 1,-1 1,0 1,1');
 * // |0,0> = sqrt(1/2) |-1/2,1/2> - sqrt(1/2) |1/2,-1/2>
 * const row0 = c.entries.filter((e) => e.row === 0).map((e) => `${e.col}:${e.value}`);
 * console.assert(row0.join(' ') === '1:-sqrt(1/2) 2:sqrt(1/2)');
 * ```
 */
export function canonicalBasis(irrep: LorentzIrrep): CanonicalBasis {
  return cached(checkIrrep('canonicalBasis', irrep)).basis;
}

/**
 * The canonical change of basis of `irrep` as a float matrix: dim x dim, row-major, row =
 * canonical index, column = product index (see {@link canonicalBasis}); real orthogonal. A fresh
 * copy each call.
 *
 * @throws {@link IrrepError} if `irrep` is not a {@link LorentzIrrep}.
 * @example
 * ```ts
 * import { LorentzIrrep, canonicalBasisMatrix } from 'lorentz-irreps';
 * const c = canonicalBasisMatrix(LorentzIrrep.of(1, 0)); // (1,0): the identity
 * console.assert(c.length === 9 && c[0] === 1 && c[4] === 1 && c[8] === 1);
 * ```
 */
export function canonicalBasisMatrix(irrep: LorentzIrrep): Float64Array {
  return cached(checkIrrep('canonicalBasisMatrix', irrep)).dense.slice();
}

/**
 * The (l, mu) label of each canonical index of `irrep`, in order (frozen).
 *
 * @throws {@link IrrepError} if `irrep` is not a {@link LorentzIrrep}.
 * @example
 * ```ts
 * import { LorentzIrrep, canonicalLabels } from 'lorentz-irreps';
 * const labels = canonicalLabels(LorentzIrrep.of(1, 0.5));
 * console.assert(labels.length === 6 && labels[0].l === 0.5 && labels[2].l === 1.5 && labels[2].mu === -1.5);
 * ```
 */
export function canonicalLabels(irrep: LorentzIrrep): readonly CanonicalLabel[] {
  return cached(checkIrrep('canonicalLabels', irrep)).basis.labels;
}

/**
 * The canonical index of |l, mu> in `irrep`: the offset of block l plus mu + l.
 *
 * @throws {@link IrrepError} if `irrep` is not a {@link LorentzIrrep}, `l` is not one of its
 *   rotation spins, or `mu` is not one of -l, ..., l.
 * @example
 * ```ts
 * import { LorentzIrrep, canonicalIndex } from 'lorentz-irreps';
 * console.assert(canonicalIndex(LorentzIrrep.of(0.5, 0.5), 1, 0) === 2);
 * ```
 */
export function canonicalIndex(irrep: LorentzIrrep, l: number, mu: number): number {
  checkIrrep('canonicalIndex', irrep);
  const lo = Math.abs(irrep.m - irrep.n);
  if (!Number.isInteger(l - lo) || l < lo || l > irrep.m + irrep.n) {
    throw new IrrepError(invalid('canonicalIndex', 'l', `one of the spins ${irrep.spins().join(', ')} of ${irrep}`, l));
  }
  if (!Number.isInteger(mu - l) || Math.abs(mu) > l) {
    throw new IrrepError(invalid('canonicalIndex', 'mu', `one of -l, ..., l (l = ${l})`, mu));
  }
  // Blocks before l hold sum_{k=lo}^{l-1} (2k+1) = l^2 - lo^2 vectors.
  return l * l - lo * lo + mu + l;
}

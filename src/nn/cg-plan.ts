/**
 * Which Clebsch-Gordan products a message-passing layer forms: the kept output irreps, the terms
 * of the self product F (x) F and of the message p (x) F, with their sparse tables. Internal.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { LorentzIrrep } from '../math/irrep';
import { Irreps, type IrrepsLike } from '../math/irreps';
import { type CGSparseTable, cgSparseTable } from '../math/lorentz-cg';

/** The truncation of CG products: an explicit list of irreps, or a largest spin. */
export type KeepIrreps = IrrepsLike | { readonly maxSpin: number };

/** The four-vector irrep (1/2,1/2). */
export const VECTOR = LorentzIrrep.of(0.5, 0.5);
/** The scalar irrep (0,0). */
export const SCALAR = LorentzIrrep.of(0, 0);

/**
 * A predicate on irreps from a {@link KeepIrreps} (default: (0,0) and (1/2,1/2)).
 * @throws {@link ConfigError} for anything else.
 * @internal
 */
export function keepPredicate(fn: string, keep: KeepIrreps | undefined): { test: (irrep: LorentzIrrep) => boolean; text: string } {
  if (keep === undefined) return keepPredicate(fn, '(0,0)+(1/2,1/2)');
  if (keep !== null && typeof keep === 'object' && 'maxSpin' in keep) {
    const s = keep.maxSpin;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || !Number.isInteger(2 * s)) {
      throw new ConfigError(invalid(fn, 'options.keep.maxSpin', 'a non-negative half-integer', s));
    }
    return { test: (ir) => ir.m <= s && ir.n <= s, text: `max spin ${s}` };
  }
  let list: Irreps;
  try {
    list = Irreps.from(keep as IrrepsLike);
  } catch {
    throw new ConfigError(invalid(fn, 'options.keep', 'irreps (e.g. "(0,0)+(1/2,1/2)") or { maxSpin }', keep));
  }
  const set = new Set(list.entries.map((e) => e.irrep));
  return { test: (ir) => set.has(ir), text: [...set].join('+') };
}

/** One CG product term: entry `left` (x) entry `right` -> `out`; left = -1 stands for the four-vector p. */
export interface ProductTerm {
  readonly left: number;
  readonly right: number;
  readonly out: LorentzIrrep;
  readonly table: CGSparseTable;
}

/** The self-product terms F_left (x) F_right -> out over ordered pairs of entries, kept outputs only.
 * @internal */
export function selfTerms(irreps: Irreps, keep: (ir: LorentzIrrep) => boolean): ProductTerm[] {
  const out: ProductTerm[] = [];
  irreps.entries.forEach((a, left) => {
    irreps.entries.forEach((b, right) => {
      for (const o of a.irrep.times(b.irrep)) {
        if (keep(o)) out.push({ left, right, out: o, table: cgSparseTable(a.irrep, b.irrep, o) });
      }
    });
  });
  return out;
}

/** The message terms p (x) F_right -> out, p a four-vector, kept outputs only.
 * @internal */
export function messageTerms(irreps: Irreps, keep: (ir: LorentzIrrep) => boolean): ProductTerm[] {
  const out: ProductTerm[] = [];
  irreps.entries.forEach((b, right) => {
    for (const o of VECTOR.times(b.irrep)) {
      if (keep(o)) out.push({ left: -1, right, out: o, table: cgSparseTable(VECTOR, b.irrep, o) });
    }
  });
  return out;
}

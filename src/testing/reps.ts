/**
 * How the inputs and outputs of a function under test transform under the Lorentz group, and the
 * float64 application of a group element to host values.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import type { LorentzElement } from '../group/lorentz-element';
import { representationMatrix } from '../group/representation';
import { Irreps, type IrrepsLike } from '../math/irreps';
import type { HostValue } from './host-values';
import { lastExtent } from './host-values';

/**
 * How a value transforms under a Lorentz transformation g, along its last axis:
 * - `'fourVector'`: Cartesian four-vectors (E, px, py, pz), p -> L(g) p (real or complex values;
 *   L is real, so real and imaginary parts transform alike); last extent 4.
 * - `'invariant'`: unchanged (Lorentz scalars, masks, parameters).
 * - irreps (an {@link Irreps} or its text, e.g. `"2x(0,0)+1x(1/2,1/2)"`): features in the
 *   canonical basis laid out as the Irreps (each copy of each irrep contiguous, in order),
 *   x -> D(g) x block by block; last extent `irreps.dim`.
 *
 * @example
 * ```ts
 * import { type Rep } from 'lorentz-irreps/testing';
 * const reps: Rep[] = ['fourVector', 'invariant', '1x(0,0)+2x(1/2,1/2)'];
 * console.assert(reps.length === 3);
 * ```
 */
export type Rep = 'fourVector' | 'invariant' | IrrepsLike;

/** A validated {@link Rep}. */
export interface ResolvedRep {
  readonly kind: 'fourVector' | 'invariant' | 'irreps';
  /** The layout, for kind 'irreps'. */
  readonly irreps: Irreps | null;
  /** Text for messages. */
  readonly text: string;
}

/**
 * Validates a {@link Rep}.
 * @throws {@link ConfigError} naming `arg` for anything else.
 * @internal
 */
export function resolveRep(fn: string, arg: string, rep: unknown): ResolvedRep {
  if (rep === 'fourVector' || rep === 'invariant') return { kind: rep, irreps: null, text: rep };
  let irreps: Irreps;
  try {
    irreps = Irreps.from(rep as IrrepsLike);
  } catch {
    throw new ConfigError(invalid(fn, arg, "'fourVector', 'invariant', or irreps (an Irreps or text such as \"1x(0,0)+1x(1/2,1/2)\")", rep));
  }
  return { kind: 'irreps', irreps, text: irreps.toString() };
}

/**
 * Checks that the last extent of `v` fits `rep`.
 * @throws {@link ShapeError} naming `arg`.
 * @internal
 */
export function checkRepShape(fn: string, arg: string, v: HostValue, rep: ResolvedRep): void {
  if (rep.kind === 'invariant') return;
  const want = rep.kind === 'fourVector' ? 4 : rep.irreps!.dim;
  const last = lastExtent(v);
  if (v.kind === 'tensor' ? last !== want || v.shape.length === 0 : v.re.length % want !== 0) {
    const rule = v.kind === 'tensor' ? `a tensor of shape [..., ${want}] (${rep.text})` : `an array of length a multiple of ${want} (${rep.text})`;
    throw new ShapeError(invalid(fn, arg, rule, v.kind === 'tensor' ? v.shape : `length ${v.re.length}`));
  }
}

/** A cache of representation matrices of one element, per irrep text. */
export type MatrixCache = Map<string, { re: Float64Array; im: Float64Array; d: number }>;

function matrixOf(irrepText: string, irrep: Irreps['entries'][number]['irrep'], g: LorentzElement, cache: MatrixCache) {
  let m = cache.get(irrepText);
  if (m === undefined) {
    const d = representationMatrix(irrep, g);
    m = { re: d.re, im: d.im, d: irrep.dim };
    cache.set(irrepText, m);
  }
  return m;
}

/**
 * g applied to the rows of a host value in float64: L(g) for four-vectors, D(g) block by block
 * for irreps, nothing for invariants. Returns new planes (im null only when the result is real).
 * @internal
 */
export function applyElement(v: HostValue, rep: ResolvedRep, g: LorentzElement, cache: MatrixCache): { re: Float64Array; im: Float64Array | null } {
  if (rep.kind === 'invariant') return { re: v.re.slice(), im: v.im === null ? null : v.im.slice() };
  if (rep.kind === 'fourVector') {
    const l = g.toMatrix();
    const apply = (x: Float64Array): Float64Array => {
      const out = new Float64Array(x.length);
      for (let r = 0; r < x.length; r += 4) {
        for (let mu = 0; mu < 4; mu++) {
          out[r + mu] = l[mu * 4] * x[r] + l[mu * 4 + 1] * x[r + 1] + l[mu * 4 + 2] * x[r + 2] + l[mu * 4 + 3] * x[r + 3];
        }
      }
      return out;
    };
    return { re: apply(v.re), im: v.im === null ? null : apply(v.im) };
  }
  const irreps = rep.irreps!;
  const width = irreps.dim;
  const re = new Float64Array(v.re.length);
  const im = new Float64Array(v.re.length);
  const xi = v.im ?? new Float64Array(v.re.length);
  let offset = 0;
  for (const { mul, irrep } of irreps) {
    const m = matrixOf(irrep.toString(), irrep, g, cache);
    const d = m.d;
    for (let c = 0; c < mul; c++, offset += d) {
      for (let row = 0; row < v.re.length; row += width) {
        const base = row + offset;
        for (let i = 0; i < d; i++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < d; j++) {
            const ar = m.re[i * d + j];
            const ai = m.im[i * d + j];
            const br = v.re[base + j];
            const bi = xi[base + j];
            sr += ar * br - ai * bi;
            si += ar * bi + ai * br;
          }
          re[base + i] = sr;
          im[base + i] = si;
        }
      }
    }
  }
  return { re, im };
}

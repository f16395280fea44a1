/**
 * Irreps features: the values that flow between Lorentz-equivariant layers, one complex tensor
 * per irrep with a channel axis.
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, IrrepError, ShapeError, invalid } from '../errors';
import type { LorentzIrrep } from '../math/irrep';
import { toIrrep } from '../math/irrep-like';
import { Irreps, type IrrepsLike } from '../math/irreps';
import { tidy } from '../tensor/memory';
import { reshape } from '../tensor/ops/reshape';
import { concat, slice } from '../tensor/ops/slice';
import { Tensor } from '../tensor/tensor';

/**
 * Features in the canonical basis, one tensor per irrep: `parts[k]` holds the
 * `irreps.entries[k].mul` channels of `irreps.entries[k].irrep` with shape
 * [...lead, mul, dim] (lead is e.g. [B, N] for particles of B jets, [B] for jet-level features;
 * the same for every part). Each irrep appears once in `irreps`. Under a Lorentz transformation g
 * every channel transforms as x -> D(g) x. Parts are complex in general (real parts are allowed and
 * read as complex with zero imaginary part).
 *
 * A plain object (so that `tidy` keeps the tensors of a returned Features); build it with
 * {@link makeFeatures}.
 *
 * @example
 * ```ts
 * import { makeFeatures, complexTensor, zeros } from 'lorentz-irreps';
 * const f = makeFeatures('2x(0,0)+1x(1/2,1/2)', [zeros([3, 5, 2, 1], { complex: true }), zeros([3, 5, 1, 4], { complex: true })]);
 * console.assert(f.irreps.dim === 6 && f.parts[1].shape.join() === '3,5,1,4');
 * ```
 */
export interface Features {
  readonly irreps: Irreps;
  readonly parts: readonly Tensor[];
}

/**
 * Checks that every irrep appears once and returns the Irreps (entries of multiplicity 0 are
 * allowed and kept).
 * @throws {@link IrrepError} for a repeated irrep or a value that is not IrrepsLike.
 * @internal
 */
export function featureIrreps(fn: string, arg: string, irreps: IrrepsLike): Irreps {
  let ir: Irreps;
  try {
    ir = Irreps.from(irreps);
  } catch {
    throw new IrrepError(invalid(fn, arg, 'irreps (an Irreps or text such as "3x(0,0)+3x(1/2,1/2)")', irreps));
  }
  const seen = new Set<LorentzIrrep>();
  for (const { irrep } of ir) {
    if (seen.has(irrep)) throw new IrrepError(invalid(fn, arg, `irreps in which each irrep appears once (${irrep} repeats)`, ir.toString()));
    seen.add(irrep);
  }
  return ir;
}

/**
 * Validates and builds a {@link Features}.
 * @param irreps - the layout: each irrep once, multiplicity = number of channels.
 * @param parts - one tensor [...lead, mul, dim] per entry, all with the same lead and dtype.
 * @throws {@link IrrepError} for a repeated irrep; {@link ShapeError} for a wrong number of parts
 *   or a part of the wrong shape; {@link DTypeError} for a non-tensor part or mixed dtypes.
 *
 * @example
 * ```ts
 * import { makeFeatures, ones } from 'lorentz-irreps';
 * const f = makeFeatures('1x(1/2,1/2)', [ones([2, 1, 4], { complex: true })]);
 * console.assert(f.irreps.toString() === '1x(1/2,1/2)');
 * ```
 */
export function makeFeatures(irreps: IrrepsLike, parts: readonly Tensor[]): Features {
  return checkedFeatures('makeFeatures', featureIrreps('makeFeatures', 'irreps', irreps), parts);
}

function checkedFeatures(fn: string, irreps: Irreps, parts: readonly Tensor[]): Features {
  if (!Array.isArray(parts) || parts.length !== irreps.length) {
    throw new ShapeError(invalid(fn, 'parts', `an array of ${irreps.length} tensors (one per entry of ${irreps})`, parts));
  }
  let lead: readonly number[] | null = null;
  parts.forEach((t, k) => {
    if (!(t instanceof Tensor)) throw new DTypeError(invalid(fn, `parts[${k}]`, 'a Tensor', t));
    const { mul, irrep } = irreps.entries[k];
    const s = t.shape;
    if (s.length < 2 || s[s.length - 2] !== mul || s[s.length - 1] !== irrep.dim) {
      throw new ShapeError(invalid(fn, `parts[${k}]`, `of shape [..., ${mul}, ${irrep.dim}] (${mul} channels of ${irrep})`, s));
    }
    const l = s.slice(0, -2);
    if (lead === null) lead = l;
    else if (l.join() !== lead.join()) throw new ShapeError(invalid(fn, `parts[${k}]`, `of leading shape [${lead.join(',')}] like parts[0]`, s));
    if (t.dtype !== parts[0].dtype) throw new DTypeError(invalid(fn, `parts[${k}]`, `of dtype ${parts[0].dtype} like parts[0]`, t.dtype));
  });
  return Object.freeze({ irreps, parts: Object.freeze(parts.slice()) });
}

/**
 * The leading shape of features (e.g. [B, N]).
 * @throws {@link ConfigError} for features without parts.
 *
 * @example
 * ```ts
 * import { makeFeatures, featuresLead, zeros } from 'lorentz-irreps';
 * const f = makeFeatures('1x(0,0)', [zeros([4, 7, 1, 1], { complex: true })]);
 * console.assert(featuresLead(f).join() === '4,7');
 * ```
 */
export function featuresLead(f: Features): number[] {
  if (f.parts.length === 0) throw new ConfigError(invalid('featuresLead', 'f', 'features with at least one part', f.irreps.toString()));
  return f.parts[0].shape.slice(0, -2);
}

/**
 * Features as one tensor [...lead, irreps.dim] in the layout of their {@link Irreps} (for each
 * entry in order, its channels one after the other, each `dim` components): the layout the
 * testing kit's irreps reps and `cgDecompose` use.
 * @throws {@link ConfigError} for features without parts.
 *
 * @example
 * ```ts
 * import { makeFeatures, featuresToTensor, featuresFromTensor, complexTensor } from 'lorentz-irreps';
 * const x = complexTensor([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 1], [1, 6]);
 * const f = featuresFromTensor('2x(0,0)+1x(1/2,1/2)', x);
 * console.assert(f.parts[0].shape.join() === '1,2,1' && f.parts[1].shape.join() === '1,1,4');
 * console.assert(featuresToTensor(f).reImSync().im[5] === 1);
 * ```
 */
export function featuresToTensor(f: Features): Tensor {
  const lead = featuresLead(f);
  return tidy(() => {
    const flat = f.parts.map((t, k) => reshape(t, [...lead, f.irreps.entries[k].mul * f.irreps.entries[k].irrep.dim]));
    return flat.length === 1 ? reshape(flat[0], flat[0].shape) : concat(flat, lead.length);
  });
}

/**
 * Splits a tensor [...lead, irreps.dim] laid out as `irreps` into {@link Features} (the inverse
 * of {@link featuresToTensor}).
 * @throws {@link IrrepError} for a repeated irrep; {@link ShapeError} if the last extent is not
 *   `irreps.dim`; {@link DTypeError} if `x` is not a tensor.
 *
 * @example
 * ```ts
 * import { featuresFromTensor, complexTensor } from 'lorentz-irreps';
 * // Two jets: one scalar channel, then one four-vector channel.
 * const x = complexTensor(new Float64Array(10).map((_, k) => k), new Float64Array(10), [2, 5]);
 * const f = featuresFromTensor('1x(0,0)+1x(1/2,1/2)', x);
 * console.assert(f.parts[1].shape.join() === '2,1,4' && f.parts[1].reImSync().re[4] === 6);
 * ```
 */
export function featuresFromTensor(irreps: IrrepsLike, x: Tensor): Features {
  const fn = 'featuresFromTensor';
  const ir = featureIrreps(fn, 'irreps', irreps);
  if (!(x instanceof Tensor)) throw new DTypeError(invalid(fn, 'x', 'a Tensor', x));
  if (x.rank < 1 || x.shape[x.rank - 1] !== ir.dim) {
    throw new ShapeError(invalid(fn, 'x', `of shape [..., ${ir.dim}] (the dimension of ${ir})`, x.shape));
  }
  const lead = x.shape.slice(0, -1);
  const parts = tidy(() =>
    ir.slices().map((s, k) => {
      const { mul, irrep } = ir.entries[k];
      const part = slice(x, [...lead.map(() => 0), s.start], [...lead, s.stop - s.start]);
      return reshape(part, [...lead, mul, irrep.dim]);
    }),
  );
  return checkedFeatures(fn, ir, parts);
}

/**
 * The part of `irrep` in `f`, or undefined when absent.
 * @throws {@link IrrepError} if `irrep` is not an irrep or irrep text.
 *
 * @example
 * ```ts
 * import { makeFeatures, featurePart, ones } from 'lorentz-irreps';
 * const f = makeFeatures('1x(0,0)', [ones([2, 1, 1], { complex: true })]);
 * console.assert(featurePart(f, '(0,0)') === f.parts[0] && featurePart(f, '(1/2,1/2)') === undefined);
 * ```
 */
export function featurePart(f: Features, irrep: LorentzIrrep | string): Tensor | undefined {
  const target = toIrrep('featurePart', 'irrep', irrep);
  const k = f.irreps.entries.findIndex((e) => e.irrep === target);
  return k < 0 ? undefined : f.parts[k];
}

/**
 * Checks that `x` is a {@link Features} of exactly `irreps` whose parts have `leadRank` leading
 * axes (any number when undefined) and returns the leading shape.
 * @throws {@link ShapeError} naming `arg` otherwise (irreps, shapes), {@link DTypeError} for
 *   parts that are not tensors.
 * @internal
 */
export function checkFeatures(fn: string, arg: string, x: Features, irreps: Irreps, leadRank?: number): number[] {
  if (x === null || typeof x !== 'object' || !(x.irreps instanceof Irreps) || !Array.isArray(x.parts)) {
    throw new ShapeError(invalid(fn, arg, `features { irreps, parts } of ${irreps}`, x));
  }
  if (!x.irreps.equals(irreps)) throw new ShapeError(invalid(fn, arg, `features of irreps ${irreps}`, x.irreps.toString()));
  checkedFeatures(fn, x.irreps, x.parts);
  const lead = x.parts.length === 0 ? [] : x.parts[0].shape.slice(0, -2);
  if (leadRank !== undefined && lead.length !== leadRank) {
    throw new ShapeError(invalid(fn, arg, `features with ${leadRank} leading axes (${leadRank === 2 ? '[B, N]' : '[B]'})`, x.parts[0]?.shape));
  }
  return lead;
}

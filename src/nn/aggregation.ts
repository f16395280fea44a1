/**
 * Aggregation of particle features into jet features: sum, mean, equivariant min / max, and the
 * learned Mix.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { Irreps, type IrrepsLike } from '../math/irreps';
import { tidy } from '../tensor/memory';
import { add, div, mul } from '../tensor/ops/arithmetic';
import { cgProduct } from '../tensor/ops/cg';
import { real } from '../tensor/ops/complex';
import { equal, where } from '../tensor/ops/logic';
import { max, min, sum } from '../tensor/ops/reduce';
import { expandDims, reshape, squeeze } from '../tensor/ops/reshape';
import { concat } from '../tensor/ops/slice';
import { Tensor } from '../tensor/tensor';
import { cgSparseTable } from '../math/lorentz-cg';
import { SCALAR, VECTOR } from './cg-plan';
import { type Features, checkFeatures, featureIrreps, makeFeatures } from './features';
import { positiveInt } from './lorentzian-bells';
import type { MixRepOptions } from './mix-rep';
import { Module, optionsOf } from './module';
import { ParticleMix } from './particle-mix';

/** How particles are aggregated (see {@link ParticleAggregation}). */
export type AggregationMode = 'sum' | 'mean' | 'min' | 'max' | 'minmax' | 'mix';

/** The Lorentz invariant that selects a particle in the min / max modes. */
export type SelectionInvariant = 'scalar' | 'norm';

/** Options of {@link ParticleAggregation}. */
export interface ParticleAggregationOptions extends MixRepOptions {
  /** Selection invariant of min / max (default 'scalar'). */
  readonly selectBy?: SelectionInvariant;
  /** Number of particle slots N, required for 'mix'. */
  readonly particles?: number;
  /** Output channels per irrep (a number) or irreps, for 'mix' (default: the input's). */
  readonly irrepsOut?: IrrepsLike | number;
}

/**
 * Aggregates the N particles of each jet into one jet feature, per irrep and channel:
 *
 * - 'sum': sum_n m_n x_n; 'mean': that sum divided by the number of particles sum_n m_n (m the
 *   mask, 1 without one; an empty jet gives 0).
 * - 'max' / 'min': for each channel c, the particle n*(c) whose invariant k[n, c] is largest /
 *   smallest among the real particles, and that particle's WHOLE channel c, every irrep at once:
 *   out_rho[c] = x_rho[n*(c), c]. The invariant is `selectBy`: 'scalar' k = Re s_c (the (0,0)
 *   channel c), or 'norm' k = Re(v_c . v_c), the bilinear Minkowski square of the (1/2,1/2)
 *   channel c. Since k is invariant, the same particle is selected in every frame, so the output
 *   transforms like the input (taking the maximum of real and imaginary parts of each component
 *   separately, as the reference code does, mixes particles and is not equivariant). Ties (equal
 *   k) average the tied particles, so the result does not depend on their order. Masked particles
 *   are never selected. Gradients flow to the selected particles' features (the selection itself
 *   is piecewise constant). Like every arg-max, the selection is discontinuous where two
 *   particles nearly tie: in floating point the invariant computed in a strongly boosted frame
 *   carries a rounding error (growing like e^(2 rapidity)), which can flip a near-tie and pick
 *   another particle's feature (on 3000 jets in float64 this happens from rapidity about 9.5).
 * - 'minmax': the min channels followed by the max channels (2 C per irrep).
 * - 'mix': a learned {@link ParticleMix} N -> 1 (not permutation invariant: each slot has its own
 *   weights; padded slots are zeroed first).
 *
 * min / max / minmax need every irrep to have the same number of channels and the selection irrep
 * ((0,0) or (1/2,1/2)) present. Shapes: x parts [B, N, C, dim] -> [B, C_out, dim] (lead [B]).
 *
 * @throws {@link ConfigError} for an unknown mode or selection, a missing selection irrep,
 *   unequal channels (min / max), or for 'mix' a missing particle count or seed.
 *
 * @example
 * ```ts
 * import { ParticleAggregation, makeFeatures, complexTensor, tensor } from 'lorentz-irreps';
 * const agg = new ParticleAggregation('1x(0,0)+1x(1/2,1/2)', 'max');
 * const x = makeFeatures('1x(0,0)+1x(1/2,1/2)', [
 *   complexTensor([1, 3, 2], [5, 0, 0], [1, 3, 1, 1]), // scalars 1+5i, 3, 2 of three particles
 *   complexTensor([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0], new Float64Array(12), [1, 3, 1, 4]),
 * ]);
 * const y = agg.apply(x, tensor([[1, 1, 1]]));
 * console.assert(y.parts[0].reImSync().re[0] === 3 && y.parts[1].reImSync().re[0] === 2); // particle 1, whole
 * ```
 */
export class ParticleAggregation extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly mode: AggregationMode;
  readonly selectBy: SelectionInvariant;
  private readonly mixer: ParticleMix | null;

  constructor(irrepsIn: IrrepsLike, mode: AggregationMode, options?: ParticleAggregationOptions) {
    const fn = 'ParticleAggregation';
    const o = optionsOf(fn, options);
    super(o.name, 'aggregation');
    this.irrepsIn = featureIrreps(fn, 'irrepsIn', irrepsIn);
    if (!['sum', 'mean', 'min', 'max', 'minmax', 'mix'].includes(mode)) {
      throw new ConfigError(invalid(fn, 'mode', "'sum', 'mean', 'min', 'max', 'minmax' or 'mix'", mode));
    }
    this.mode = mode;
    this.selectBy = o.selectBy ?? 'scalar';
    if (this.selectBy !== 'scalar' && this.selectBy !== 'norm') throw new ConfigError(invalid(fn, 'options.selectBy', "'scalar' or 'norm'", this.selectBy));
    this.mixer = null;
    if (mode === 'min' || mode === 'max' || mode === 'minmax') {
      const key = this.selectBy === 'scalar' ? SCALAR : VECTOR;
      const muls = new Set(this.irrepsIn.entries.map((e) => e.mul));
      if (this.irrepsIn.count(key) === 0 || muls.size !== 1) {
        throw new ConfigError(invalid(fn, 'irrepsIn', `irreps containing ${key} (options.selectBy '${this.selectBy}'), all with the same number of channels`, this.irrepsIn.toString()));
      }
    }
    if (mode === 'mix') {
      const n = positiveInt(fn, 'options.particles', o.particles);
      const { particles: _p, selectBy: _s, irrepsOut, ...mixOptions } = o;
      this.mixer = this.addModule('mix', new ParticleMix(this.irrepsIn, n, 1, irrepsOut ?? this.irrepsIn, { ...mixOptions, name: `${this.name}.mix` }));
      this.irrepsOut = this.mixer.irrepsOut;
    } else if (mode === 'minmax') {
      this.irrepsOut = Irreps.from(this.irrepsIn.entries.map((e) => [2 * e.mul, e.irrep] as const));
    } else {
      this.irrepsOut = this.irrepsIn;
    }
  }

  protected describe(): string {
    const sel = this.mode === 'min' || this.mode === 'max' || this.mode === 'minmax' ? ` by ${this.selectBy}` : '';
    return `${this.mode}${sel}: ${this.irrepsIn} -> ${this.irrepsOut}`;
  }

  /** The selection invariant k [B, N, C] (real). */
  private keys(x: Features): Tensor {
    if (this.selectBy === 'scalar') {
      const s = x.parts[this.irrepsIn.entries.findIndex((e) => e.irrep === SCALAR)];
      return squeeze(real(s), 3);
    }
    const v = x.parts[this.irrepsIn.entries.findIndex((e) => e.irrep === VECTOR)];
    // The (0,0) part of v (x) v is (v.v)/2 for v = U p (conventions page).
    return mul(squeeze(real(cgProduct(v, v, cgSparseTable(VECTOR, VECTOR, SCALAR))), 3), 2);
  }

  /** Selection weights [B, N, C, 1]: 1/t on the t tied extremal real particles of each channel. */
  private selection(keys: Tensor, mask: Tensor | undefined, largest: boolean): Tensor {
    const [b, n] = keys.shape;
    const m3 = mask === undefined ? null : reshape(mask, [b, n, 1]);
    const fillValue = largest ? -Number.MAX_VALUE : Number.MAX_VALUE;
    const k = m3 === null ? keys : where(equal(m3, 0), fillValue, keys);
    const extreme = largest ? max(k, 1, true) : min(k, 1, true);
    let hit = equal(k, extreme);
    if (m3 !== null) hit = mul(hit, m3);
    const count = sum(hit, 1, true);
    return expandDims(div(hit, add(count, equal(count, 0))), 3);
  }

  /**
   * Aggregates the particles of each jet.
   * @param x - features of {@link ParticleAggregation.irrepsIn}, parts [B, N, C, dim].
   * @param mask - optional real [B, N] (1 particle, 0 padding).
   * @returns features of {@link ParticleAggregation.irrepsOut}, parts [B, C_out, dim].
   * @throws {@link ShapeError} for features of other irreps or shapes, or a bad mask.
   */
  apply(x: Features, mask?: Tensor): Features {
    const fn = 'ParticleAggregation.apply';
    const [b, n] = checkFeatures(fn, 'x', x, this.irrepsIn, 2);
    if (mask !== undefined && (!(mask instanceof Tensor) || mask.complex || mask.shape.join() !== `${b},${n}`)) {
      throw new ShapeError(invalid(fn, 'mask', `a real tensor [${b}, ${n}]`, mask instanceof Tensor ? mask.shape : mask));
    }
    if (this.mixer !== null) {
      const y = this.mixer.apply(x, mask);
      const parts = tidy(() => y.parts.map((p) => squeeze(p, 1)));
      for (const p of y.parts) p.dispose();
      return makeFeatures(this.irrepsOut, parts);
    }
    const parts = tidy(() => {
      const m4 = mask === undefined ? null : reshape(mask, [b, n, 1, 1]);
      if (this.mode === 'sum' || this.mode === 'mean') {
        const sums = x.parts.map((p) => sum(m4 === null ? p : mul(p, m4), 1));
        if (this.mode === 'sum') return sums;
        const count = mask === undefined ? null : reshape(sum(mask, 1), [b, 1, 1]);
        return sums.map((s) => (count === null ? div(s, n) : div(s, add(count, equal(count, 0)))));
      }
      const keys = this.keys(x);
      const pick = (largest: boolean) => {
        const w = this.selection(keys, mask, largest);
        return x.parts.map((p) => sum(mul(p, w), 1));
      };
      if (this.mode === 'max') return pick(true);
      if (this.mode === 'min') return pick(false);
      const lo = pick(false);
      const hi = pick(true);
      return lo.map((l, k) => concat([l, hi[k]], 1));
    });
    return makeFeatures(this.irrepsOut, parts);
  }
}

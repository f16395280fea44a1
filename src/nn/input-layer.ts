/**
 * The input layer: four-momenta and per-particle Lorentz scalars to irreps features.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { Irreps } from '../math/irreps';
import { scalar, tensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { mul } from '../tensor/ops/arithmetic';
import { abs, complex } from '../tensor/ops/complex';
import { greater } from '../tensor/ops/logic';
import { sum } from '../tensor/ops/reduce';
import { expandDims, reshape } from '../tensor/ops/reshape';
import { concat } from '../tensor/ops/slice';
import { sqrt, square } from '../tensor/ops/unary';
import { onesLike } from '../tensor/creation';
import { Tensor, type Variable } from '../tensor/tensor';
import { type Features, makeFeatures } from './features';
import { Module, type ModuleOptions, optionsOf } from './module';
import { fourVectorsToIrrep } from './tensor-helpers';

/** A Lorentz invariant computed from each particle's four-momentum p (scaled): 1, m^2 = p.p, or m = sqrt|p.p|. */
export type ParticleInvariant = 'one' | 'massSquared' | 'mass';

/** Options of {@link InputLayer}. */
export interface InputLayerOptions extends Omit<ModuleOptions, 'seed' | 'random'> {
  /**
   * Required: the factor that converts the given momenta into the model's unit (e.g. 1e-3 for
   * GeV data in a TeV-scaled model, 1 for data already in that unit). Recorded with the
   * parameters (a non-trainable value `scale`), never guessed.
   */
  readonly scale: number;
  /** Invariants of each particle's momentum given as (0,0) channels, in order (default ['massSquared']). */
  readonly invariants?: readonly ParticleInvariant[];
  /** Number S of extra Lorentz scalars per particle passed to {@link InputLayer.apply} (default 0). */
  readonly scalars?: number;
}

/** What {@link InputLayer.apply} returns. */
export interface InputLayerOutput {
  /** Node features [B, N, ., dim] of {@link InputLayer.irrepsOut}, 0 at padding. */
  readonly features: Features;
  /** The scaled momenta [B, N, 4] (real; the positions of the message-passing layers). */
  readonly positions: Tensor;
  /** The particle mask [B, N] (1 particle, 0 padding), given or derived. */
  readonly mask: Tensor;
}

const METRIC = [1, -1, -1, -1];

/**
 * Turns particle four-momenta p (E, px, py, pz) [B, N, 4] and optional per-particle Lorentz
 * scalars [B, N, S] into node features in the canonical basis:
 *
 * - (1/2,1/2), 1 channel: U (s p) with the map U of the conventions page,
 *   U p = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2] (the semantics of `fourVectorToIrrep`),
 *   s = `options.scale`;
 * - (0,0), I + S channels: the invariants of s p listed in `options.invariants` ('one' = 1,
 *   'massSquared' = (s p).(s p), 'mass' = sqrt|(s p).(s p)|), then the given scalars unchanged
 *   (their units are the caller's).
 *
 * Padding: the mask is taken from `mask` when given, else derived from p (a slot whose four
 * components are all 0 is padding). Features of padded slots are 0. Positions are s p for every
 * slot.
 *
 * Numerics: 'mass' has an unbounded derivative at m = 0 (massless particles) and, for boosted
 * massless particles, a relative rounding error that grows like e^(2 rapidity); 'massSquared'
 * keeps the error absolute and 'one' is exact, so those are the better choices when
 * equivariance must hold to many digits.
 *
 * @throws {@link ConfigError} for a missing or non-positive scale, unknown invariants, or no
 *   (0,0) and no vector channels.
 *
 * @example
 * ```ts
 * import { InputLayer, tensor } from 'lorentz-irreps';
 * const input = new InputLayer({ scale: 1e-3, invariants: ['one', 'massSquared'] }); // GeV in, TeV model
 * const p = tensor([[[500, 0, 0, 400], [0, 0, 0, 0]]]); // one jet: a particle and a padded slot
 * const { features, positions, mask } = input.apply(p);
 * console.assert(input.irrepsOut.toString() === '2x(0,0)+1x(1/2,1/2)');
 * console.assert(mask.dataSync().join() === '1,0' && positions.dataSync()[0] === 0.5);
 * const m2 = features.parts[0].reImSync().re[1];
 * console.assert(Math.abs(m2 - (0.25 - 0.16)) < 1e-15); // (0.5^2 - 0.4^2) TeV^2
 * input.dispose();
 * ```
 */
export class InputLayer extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  /** The invariants computed from the momenta. */
  readonly invariants: readonly ParticleInvariant[];
  /** The number of extra scalars. */
  readonly numScalars: number;
  private readonly scaleVar: Variable;

  constructor(options: InputLayerOptions) {
    const fn = 'InputLayer';
    const o = optionsOf(fn, options);
    super(o.name, 'input');
    const s = o.scale;
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
      throw new ConfigError(invalid(fn, 'options.scale', 'a finite positive number: the factor to the model unit (momentum units are never guessed)', s));
    }
    this.invariants = Object.freeze((o.invariants ?? ['massSquared']).slice());
    for (const [k, v] of this.invariants.entries()) {
      if (v !== 'one' && v !== 'massSquared' && v !== 'mass') throw new ConfigError(invalid(fn, `options.invariants[${k}]`, "'one', 'massSquared' or 'mass'", v));
    }
    const extra = o.scalars ?? 0;
    if (!Number.isInteger(extra) || extra < 0) throw new ConfigError(invalid(fn, 'options.scalars', 'a non-negative integer', extra));
    this.numScalars = extra;
    const nScalars = this.invariants.length + extra;
    this.irrepsIn = Irreps.from(extra > 0 ? [[extra, '(0,0)'], [1, '(1/2,1/2)']] : [[1, '(1/2,1/2)']]);
    this.irrepsOut = Irreps.from(nScalars > 0 ? [[nScalars, '(0,0)'], [1, '(1/2,1/2)']] : [[1, '(1/2,1/2)']]);
    this.scaleVar = this.addParameter('scale', scalar(s, o.dtype === undefined ? undefined : { dtype: o.dtype }), false);
  }

  /** The momentum scale factor (the recorded unit). */
  get scale(): number {
    return this.scaleVar.dataSync()[0];
  }

  protected describe(): string {
    const inv = this.invariants.length > 0 ? ` [${this.invariants.join(', ')}]` : '';
    return `four-momenta x ${this.scale}${inv}${this.numScalars > 0 ? ` + ${this.numScalars} scalars` : ''} -> ${this.irrepsOut}`;
  }

  /**
   * Embeds a batch of jets.
   * @param p - real four-momenta [B, N, 4] (E, px, py, pz) in the data's unit.
   * @param options - `scalars` real [B, N, S] (required when S > 0), `mask` real [B, N].
   * @throws {@link ShapeError} for p that is not real [B, N, 4], scalars or a mask of other shapes.
   */
  apply(p: Tensor, options: { readonly scalars?: Tensor; readonly mask?: Tensor } = {}): InputLayerOutput {
    const fn = 'InputLayer.apply';
    if (!(p instanceof Tensor) || p.complex || p.rank !== 3 || p.shape[2] !== 4) {
      throw new ShapeError(invalid(fn, 'p', 'a real tensor [B, N, 4] of four-momenta (E, px, py, pz)', p instanceof Tensor ? p.shape : p));
    }
    const [b, n] = p.shape;
    const { scalars, mask } = options;
    if (this.numScalars > 0 && (!(scalars instanceof Tensor) || scalars.complex || scalars.shape.join() !== `${b},${n},${this.numScalars}`)) {
      throw new ShapeError(invalid(fn, 'options.scalars', `a real tensor [${b}, ${n}, ${this.numScalars}]`, scalars instanceof Tensor ? scalars.shape : scalars));
    }
    if (this.numScalars === 0 && scalars !== undefined) throw new ShapeError(invalid(fn, 'options.scalars', 'absent (the layer was built with scalars: 0)', scalars.shape));
    if (mask !== undefined && (!(mask instanceof Tensor) || mask.complex || mask.shape.join() !== `${b},${n}`)) {
      throw new ShapeError(invalid(fn, 'options.mask', `a real tensor [${b}, ${n}]`, mask instanceof Tensor ? mask.shape : mask));
    }
    return tidy(() => {
      const positions = mul(p, this.scaleVar);
      const m = mask ?? greater(sum(square(p), 2), 0);
      const m3 = expandDims(m, 2);
      const vector = reshape(mul(fourVectorsToIrrep(positions), m3), [b, n, 1, 4]);
      const cols: Tensor[] = [];
      if (this.invariants.length > 0) {
        const m2 = sum(mul(square(positions), tensor(METRIC, [4], { dtype: p.dtype })), 2, true);
        for (const inv of this.invariants) cols.push(inv === 'one' ? onesLike(m2) : inv === 'massSquared' ? m2 : sqrt(abs(m2)));
      }
      if (scalars !== undefined) cols.push(scalars);
      const parts: Tensor[] = [];
      if (cols.length > 0) {
        const re = mul(cols.length === 1 ? cols[0] : concat(cols, 2), m3);
        parts.push(reshape(complex(re, mul(re, 0)), [b, n, cols.reduce((s, c) => s + c.shape[2], 0), 1]));
      }
      parts.push(vector);
      return { features: makeFeatures(this.irrepsOut, parts), positions, mask: mask === undefined ? m : mul(m, 1) };
    });
  }
}

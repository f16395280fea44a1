/**
 * MixRep: per-irrep complex linear mixing of channels, the only linear map between irreps
 * features that commutes with the Lorentz group (Schur's lemma).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { Irreps, type IrrepsLike } from '../math/irreps';
import { initializers } from '../optim/init/initializers';
import { tidy } from '../tensor/memory';
import { matmul } from '../tensor/ops/matmul';
import { reshape } from '../tensor/ops/reshape';
import type { Tensor, Variable } from '../tensor/tensor';
import { type Features, checkFeatures, featureIrreps, makeFeatures } from './features';
import { mixChannelsAvailable, mixChannelsKernel } from './kernels/mix-channels';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from './module';

/** Options of {@link MixRep}. */
export interface MixRepOptions extends ModuleOptions {
  /** Scale of the initial weights (default 1): complex normal with E|W|^2 = gain^2 / C_in. */
  readonly gain?: number;
}

/**
 * Reads a positive gain.
 * @throws {@link ConfigError} unless finite and > 0.
 * @internal
 */
export function readGain(fn: string, gain: unknown): number {
  if (typeof gain !== 'number' || !Number.isFinite(gain) || gain <= 0) throw new ConfigError(invalid(fn, 'options.gain', 'a finite positive number', gain));
  return gain;
}

/**
 * Output irreps from a count or IrrepsLike; every output irrep must be in the input.
 * @throws {@link ConfigError} for a bad count, an output irrep not in the input, or a multiplicity 0.
 * @internal
 */
export function outputIrreps(fn: string, irrepsIn: Irreps, irrepsOut: IrrepsLike | number): Irreps {
  if (typeof irrepsOut === 'number') {
    if (!Number.isInteger(irrepsOut) || irrepsOut < 1) throw new ConfigError(invalid(fn, 'irrepsOut', 'a positive integer (channels per irrep) or irreps', irrepsOut));
    return Irreps.from(irrepsIn.entries.map((e) => [irrepsOut, e.irrep] as const));
  }
  const out = featureIrreps(fn, 'irrepsOut', irrepsOut);
  for (const { mul, irrep } of out) {
    if (mul < 1) throw new ConfigError(invalid(fn, 'irrepsOut', 'irreps with positive multiplicities', out.toString()));
    if (irrepsIn.count(irrep) === 0) throw new ConfigError(invalid(fn, 'irrepsOut', `irreps present in the input ${irrepsIn} (Schur: no linear map from other irreps)`, out.toString()));
  }
  return out;
}

/**
 * Per-irrep complex linear mixing of channels, shared by all positions (particles, jets):
 * for each output irrep rho, out_rho[..., c', :] = sum_c W_rho[c', c] x_rho[..., c, :], i.e.
 * out_rho = W_rho x_rho with W_rho complex [C_out(rho), C_in(rho)]. It commutes with every
 * Lorentz transformation because it acts on channels only (D(g) acts on the last axis). No bias
 * (a constant would break equivariance for any irrep other than (0,0)).
 *
 * Shapes: x parts [...lead, C_in, dim] -> parts [...lead, C_out, dim]. Initialization: W complex
 * normal with E|W|^2 = gain^2 / C_in (so a mix of independent channels keeps their scale).
 *
 * @param irrepsIn - the input irreps, each irrep once (multiplicity = channels, at least 1).
 * @param irrepsOut - channels per output irrep (a number: the same for every input irrep), or
 *   irreps (each present in the input).
 * @throws {@link ConfigError} for bad channels, an output irrep absent from the input, a bad gain,
 *   or a missing seed / random; {@link IrrepError} for repeated irreps.
 *
 * @example
 * ```ts
 * import { MixRep, makeFeatures, complexTensor } from 'lorentz-irreps';
 * const mix = new MixRep('2x(1/2,1/2)', '1x(1/2,1/2)', { seed: 3 });
 * const x = makeFeatures('2x(1/2,1/2)', [complexTensor(new Float64Array(5 * 2 * 4).fill(1), new Float64Array(40), [5, 2, 4])]);
 * const y = mix.apply(x);
 * console.assert(y.parts[0].shape.join() === '5,1,4' && mix.irrepsOut.toString() === '1x(1/2,1/2)');
 * mix.dispose();
 * ```
 */
export class MixRep extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  /** For each output entry: the input entry it mixes and its weights. */
  private readonly plan: { readonly input: number; readonly weight: Variable }[];

  constructor(irrepsIn: IrrepsLike, irrepsOut: IrrepsLike | number, options?: MixRepOptions) {
    const fn = 'MixRep';
    const o = optionsOf(fn, options);
    super(o.name, 'mixRep');
    this.irrepsIn = featureIrreps(fn, 'irrepsIn', irrepsIn);
    for (const { mul } of this.irrepsIn) if (mul < 1) throw new ConfigError(invalid(fn, 'irrepsIn', 'irreps with positive multiplicities', this.irrepsIn.toString()));
    this.irrepsOut = outputIrreps(fn, this.irrepsIn, irrepsOut);
    const gain = readGain(fn, o.gain ?? 1);
    const random = moduleRandom(fn, o);
    this.plan = this.irrepsOut.entries.map(({ mul, irrep }) => {
      const input = this.irrepsIn.entries.findIndex((e) => e.irrep === irrep);
      const cin = this.irrepsIn.entries[input].mul;
      const init = initializers.normal({ std: gain / Math.sqrt(cin), complex: true, random, dtype: o.dtype });
      return { input, weight: this.addParameter(`weight.${irrep}`, init.tensor([mul, cin])) };
    });
  }

  protected describe(): string {
    return `${this.irrepsIn} -> ${this.irrepsOut}`;
  }

  /**
   * The weights [C_out, C_in] of output entry k (as computed with, inside {@link Module.withParameters}).
   * @internal For layers that mix their own sources with these weights.
   */
  weightOf(k: number): Tensor {
    return this.param(this.plan[k].weight);
  }

  /**
   * Mixes the channels of each irrep.
   * @param x - features of {@link MixRep.irrepsIn}, any leading shape.
   * @returns features of {@link MixRep.irrepsOut} with the same leading shape.
   * @throws {@link ShapeError} if `x` is not features of `irrepsIn`.
   */
  apply(x: Features): Features {
    const lead = checkFeatures('MixRep.apply', 'x', x, this.irrepsIn);
    const parts = tidy(() => this.plan.map(({ input, weight }, k) => mixChannels(this.param(weight), x.parts[input], lead, this.irrepsOut.entries[k].mul)));
    return makeFeatures(this.irrepsOut, parts);
  }
}

/**
 * out[..., c', :] = sum_c w[c', c] x[..., c, :] for x [...lead, C_in, d]. For d = 1 this is one
 * matrix product over all rows (x viewed as [rows, C_in]), so that the weight gradient is one
 * product too rather than a batch of per-row outer products summed afterwards; for d > 1 it is the
 * MixChannels kernel where the backend has it (complex operands of one dtype; its gradient forms
 * the weight gradient as one product as well), else the batched product with w broadcast over
 * the rows.
 */
/** @internal */
export function mixChannels(w: Tensor, x: Tensor, lead: readonly number[], cout: number): Tensor {
  const [cin, d] = x.shape.slice(-2);
  const rows = lead.reduce((a, b) => a * b, 1);
  if (d !== 1) {
    if (!w.complex || !x.complex || w.dtype !== x.dtype || !mixChannelsAvailable()) return matmul(w, x);
    return reshape(mixChannelsKernel(w, reshape(x, [rows, cin, d])), [...lead, cout, d]);
  }
  return reshape(matmul(reshape(x, [rows, cin]), w, { transposeB: true }), [...lead, cout, 1]);
}

/**
 * The Lorentz message-passing layer of the LGAE encoder and decoder.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import type { LorentzIrrep } from '../math/irrep';
import { Irreps, type IrrepsLike } from '../math/irreps';
import { tidy } from '../tensor/memory';
import { add, div, mul, sub } from '../tensor/ops/arithmetic';
import { cgProduct } from '../tensor/ops/cg';
import { fill, ones, tensor } from '../tensor/creation';
import { equal } from '../tensor/ops/logic';
import { matmul } from '../tensor/ops/matmul';
import { sum } from '../tensor/ops/reduce';
import { expandDims, reshape, transpose } from '../tensor/ops/reshape';
import { concat, slice } from '../tensor/ops/slice';
import { Tensor } from '../tensor/tensor';
import { type KeepIrreps, type ProductTerm, keepPredicate, messageTerms, selfTerms } from './cg-plan';
import { type Features, checkFeatures, featureIrreps, makeFeatures } from './features';
import { fourVectorsToIrrep } from './tensor-helpers';
import { lmpCore, lmpCoreAvailable, lmpCoreMix, lmpCoreMixAvailable } from './kernels/lmp-core';
import { LorentzianBells, positiveInt } from './lorentzian-bells';
import { MixRep, mixChannels, readGain } from './mix-rep';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from './module';
import { ScalarMLP, type ScalarMLPOptions } from './scalar-mlp';

/** How the message sum over j is normalized: 'count' divides by the number of particles of the jet, a number divides by that constant. */
export type MessageNormalization = 'count' | number;

/** Options of {@link LMPLayer}. */
export interface LMPLayerOptions extends ModuleOptions {
  /** The irreps kept after each CG product: a list, or { maxSpin }; default (0,0)+(1/2,1/2). */
  readonly keep?: KeepIrreps;
  /** Self products F (x) F per channel ('channelwise', default, as the reference code) or over all channel pairs ('allPairs'). */
  readonly products?: 'channelwise' | 'allPairs';
  /** Number of Lorentzian bells of the edge function (default 10). */
  readonly numBasis?: number;
  /** Normalization of the message sum (default 'count'). */
  readonly messageNormalization?: MessageNormalization;
  /** An MLP on the invariant (0,0) channels after mixing: true for the defaults, or its options (default false). */
  readonly mlp?: boolean | Omit<ScalarMLPOptions, keyof ModuleOptions>;
  /** Gain of the mixing weights (default 1), see {@link MixRep}. */
  readonly gain?: number;
}

/** One source of an output irrep's concatenation. */
interface Source {
  readonly kind: 'message' | 'input' | 'self';
  /** Index into the message or self terms, or the input entry. */
  readonly index: number;
}

/**
 * Lorentz message passing (the LMP layer of the LGAE, Hao et al. 2023), on the features F_i of
 * the N particles of each jet, with four-momenta p_i as positions:
 *
 * ```text
 * m_i    = (1 / n) sum_{j != i} f(p_ij^2) p_ij (x) F_j        p_ij = p_i - p_j   (message)
 * s_i    = F_i (x) F_i                                                          (self term)
 * F'_i   = W [ m_i (+) F_i (+) s_i ]                                           (per irrep)
 * ```
 *
 * - Each (x) is a Clebsch-Gordan product ({@link cgProduct}, canonical basis, p_ij mapped by U)
 *   decomposed into irreps and truncated to the kept irreps (default (0,0) and (1/2,1/2), the
 *   reference's cap to scalars and four-vectors; or a list, or a largest spin). The self term
 *   takes every ordered pair of input irreps (as the reference), channel by channel (channel c
 *   of F_i with channel c of F_i; `products: 'allPairs'` takes all C^2 channel pairs instead).
 *   The message is channel by channel: channel c of m_i uses channel c of F_j and f_c.
 * - f_c(x) = sum_k u_kc (a_k + 1/(exp(beta_k) + c_k^2 x^2)) is a {@link LorentzianBells} with C_in
 *   channels and `numBasis` bells; x = p_ij^2 is the squared Minkowski distance in the model's
 *   momentum unit, so f, like everything multiplying a product, is Lorentz-invariant.
 * - Normalization n: by default the number of real (unmasked) particles of the jet, a Lorentz- and
 *   permutation-invariant count, so that the message is an average and its size does not grow
 *   with the multiplicity (the same weights serve jets of 10 or 150 particles, and a deep stack
 *   does not blow up); `messageNormalization: 1` gives the reference's plain sum.
 * - W: for each output irrep, a complex matrix [C_out, T] over the T channels of the
 *   concatenation, messages first, then F_i, then self products ({@link MixRep}); an optional
 *   {@link ScalarMLP} then acts on the (0,0) channels.
 * - Masks: padded particles (mask 0) neither send (their f is zeroed) nor receive: their outputs
 *   are 0, so their input values never reach a real particle.
 *
 * Computation: the message is bilinear, so
 * sum_j w_ij (p_i - p_j) (x) F_j = p_i (x) (sum_j w_ij F_j) - sum_j w_ij (p_j (x) F_j): the
 * pairwise work is one batched real-by-complex matrix product of the weights [B, C, N, N] with
 * [F_j, p_j (x) F_j] stacked per node, and the CG products are per node (O(N) instead of O(N^2)).
 * The edge weights are one fused kernel (Lorentzian bells of the pairwise distances, masked and
 * normalized). On the CPU backend, for the LGAE layout (C scalars and C four-vectors in,
 * channelwise, kept irreps among (0,0) and (1/2,1/2)), the whole edge, message and self-product
 * stage is one fused kernel with its own gradient (same split, sums of 20 numbers per particle
 * and channel; WebAssembly SIMD where available), which also applies the mask before the
 * (per-particle linear) mixing and gives the equal self products s v and v s once, mixed with the
 * sum of their weight columns; other layouts and backends compose the same values from ops.
 *
 * Shapes: F parts [B, N, C_in, dim], every input irrep with the same C_in channels; positions
 * real [B, N, 4] (E, px, py, pz); mask real [B, N]. Output parts [B, N, channels, dim] for every
 * kept irrep that some term produces (sorted by irrep).
 *
 * @example
 * ```ts
 * import { LMPLayer, makeFeatures, complexTensor, tensor } from 'lorentz-irreps';
 * const layer = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 3, { seed: 1 });
 * const p = tensor([[[1, 0, 0, 0.5], [2, 0.3, 0.1, -1], [1.5, -0.2, 0.4, 0]]]); // one jet, 3 particles
 * const s = Math.SQRT1_2;
 * const x = makeFeatures(layer.irrepsIn, [
 *   complexTensor([1, 1, 1], [0, 0, 0], [1, 3, 1, 1]),
 *   complexTensor([1, 0, 0.5, 0, 2, 0.3 * s, -1, -0.3 * s, 1.5, -0.2 * s, 0, 0.2 * s], [0, 0, 0, 0, 0, 0.1 * s, 0, 0.1 * s, 0, 0.4 * s, 0, 0.4 * s], [1, 3, 1, 4]),
 * ]);
 * const y = layer.apply(x, p);
 * console.assert(layer.irrepsOut.toString() === '3x(0,0)+3x(1/2,1/2)' && y.parts[1].shape.join() === '1,3,3,4');
 * layer.dispose();
 * ```
 */
export class LMPLayer extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  /** Output channels per irrep. */
  readonly channels: number;
  /** Input channels per irrep. */
  readonly channelsIn: number;
  /** The edge function f. */
  readonly bells: LorentzianBells;
  private readonly mix: MixRep;
  private readonly mlp: ScalarMLP | null;
  private readonly selfProducts: ProductTerm[];
  private readonly messageProducts: ProductTerm[];
  private readonly allPairs: boolean;
  private readonly normalization: MessageNormalization;
  private readonly keepText: string;
  /** Per entry of the concatenation irreps: its sources in order. */
  private readonly sources: Source[][];
  private readonly catIrreps: Irreps;
  /**
   * Which outputs of the fused core the layer uses ([scalars, vectors]), or null when the layout
   * is not the fused core's (C scalars and C four-vectors in, channelwise, kept irreps among
   * (0,0) and (1/2,1/2)).
   */
  private readonly fusable: readonly [boolean, boolean] | null;

  /**
   * @param irrepsIn - input irreps, each with the same number of channels C_in >= 1.
   * @param channels - output channels per kept irrep.
   * @throws {@link ConfigError} for unequal input channels, no output irreps, bad options, or a
   *   missing seed / random; {@link IrrepError} for repeated input irreps.
   */
  constructor(irrepsIn: IrrepsLike, channels: number, options?: LMPLayerOptions) {
    const fn = 'LMPLayer';
    const o = optionsOf(fn, options);
    super(o.name, 'lmp');
    this.irrepsIn = featureIrreps(fn, 'irrepsIn', irrepsIn);
    this.channels = positiveInt(fn, 'channels', channels);
    const muls = new Set(this.irrepsIn.entries.map((e) => e.mul));
    if (this.irrepsIn.length === 0 || muls.size !== 1 || muls.has(0)) {
      throw new ConfigError(invalid(fn, 'irrepsIn', 'irreps with the same positive number of channels for every irrep (mix them first with MixRep)', this.irrepsIn.toString()));
    }
    this.channelsIn = this.irrepsIn.entries[0].mul;
    const keep = keepPredicate(fn, o.keep);
    this.keepText = keep.text;
    const products = o.products ?? 'channelwise';
    if (products !== 'channelwise' && products !== 'allPairs') throw new ConfigError(invalid(fn, 'options.products', "'channelwise' or 'allPairs'", products));
    this.allPairs = products === 'allPairs';
    const norm = o.messageNormalization ?? 'count';
    if (norm !== 'count' && !(typeof norm === 'number' && Number.isFinite(norm) && norm > 0)) {
      throw new ConfigError(invalid(fn, 'options.messageNormalization', "'count' or a finite positive number", norm));
    }
    this.normalization = norm;
    const gain = readGain(fn, o.gain ?? 1);
    const random = moduleRandom(fn, o);

    this.selfProducts = selfTerms(this.irrepsIn, keep.test);
    this.messageProducts = messageTerms(this.irrepsIn, keep.test);
    const outs = new Set<LorentzIrrep>([
      ...this.selfProducts.map((t) => t.out),
      ...this.messageProducts.map((t) => t.out),
      ...this.irrepsIn.entries.map((e) => e.irrep).filter(keep.test),
    ]);
    const sorted = [...outs].sort((a, b) => a.m - b.m || a.n - b.n);
    if (sorted.length === 0) throw new ConfigError(invalid(fn, 'options.keep', `irreps that the layer's products can produce from ${this.irrepsIn}`, keep.text));
    const cin = this.channelsIn;
    const selfChannels = this.allPairs ? cin * cin : cin;
    this.sources = sorted.map((irrep) => [
      ...this.messageProducts.flatMap((t, index) => (t.out === irrep ? [{ kind: 'message' as const, index }] : [])),
      ...this.irrepsIn.entries.flatMap((e, index) => (e.irrep === irrep ? [{ kind: 'input' as const, index }] : [])),
      ...this.selfProducts.flatMap((t, index) => (t.out === irrep ? [{ kind: 'self' as const, index }] : [])),
    ]);
    this.catIrreps = Irreps.from(
      sorted.map((irrep, k) => [this.sources[k].reduce((s, src) => s + (src.kind === 'self' ? selfChannels : cin), 0), irrep] as const),
    );
    this.irrepsOut = Irreps.from(sorted.map((irrep) => [this.channels, irrep] as const));
    const cat = this.catIrreps.toString();
    const layoutOk = !this.allPairs && this.irrepsIn.toString() === `${cin}x(0,0)+${cin}x(1/2,1/2)`;
    const both = `${4 * cin}x(0,0)+${4 * cin}x(1/2,1/2)`;
    this.fusable = !layoutOk
      ? null
      : cat === both
        ? [true, true]
        : cat === `${4 * cin}x(1/2,1/2)`
          ? [false, true]
          : cat === `${4 * cin}x(0,0)`
            ? [true, false]
            : null;
    this.bells = this.addModule('bells', new LorentzianBells(cin, { random, numBasis: o.numBasis, dtype: o.dtype, name: `${this.name}.bells` }));
    this.mix = this.addModule('mix', new MixRep(this.catIrreps, this.irrepsOut, { random, gain, dtype: o.dtype, name: `${this.name}.mix` }));
    if (o.mlp !== undefined && o.mlp !== false) {
      const mlpOptions = o.mlp === true ? {} : o.mlp;
      if (mlpOptions === null || typeof mlpOptions !== 'object') throw new ConfigError(invalid(fn, 'options.mlp', 'a boolean or MLP options', o.mlp));
      this.mlp = this.addModule('mlp', new ScalarMLP(this.irrepsOut, { ...mlpOptions, random, dtype: o.dtype, name: `${this.name}.mlp` }));
    } else {
      this.mlp = null;
    }
  }

  protected describe(): string {
    const norm = this.normalization === 'count' ? 'mean over particles' : `sum / ${this.normalization}`;
    return `${this.irrepsIn} -> ${this.irrepsOut}, keep ${this.keepText}, ${this.allPairs ? 'all channel pairs' : 'channelwise'}, ${norm}${this.mlp === null ? '' : ', MLP'}`;
  }

  private checkInputs(fn: string, x: Features, positions: Tensor, mask: Tensor | undefined): [number, number] {
    const lead = checkFeatures(fn, 'x', x, this.irrepsIn, 2);
    const [b, n] = lead;
    if (!(positions instanceof Tensor) || positions.complex || positions.shape.join() !== `${b},${n},4`) {
      throw new ShapeError(invalid(fn, 'positions', `a real tensor [${b}, ${n}, 4] of four-momenta (E, px, py, pz)`, positions instanceof Tensor ? positions.shape : positions));
    }
    if (mask !== undefined && (!(mask instanceof Tensor) || mask.complex || mask.shape.join() !== `${b},${n}`)) {
      throw new ShapeError(invalid(fn, 'mask', `a real tensor [${b}, ${n}] (1 for a particle, 0 for padding)`, mask instanceof Tensor ? mask.shape : mask));
    }
    return [b, n];
  }

  /** The per-jet factor of the message sum [B]: 1 / particle count (at least 1), or 1 / constant. */
  private jetFactors(b: number, m: Tensor): Tensor {
    return tidy(() => {
      if (this.normalization !== 'count') return fill([b], 1 / this.normalization, { dtype: m.dtype });
      const count = sum(m, 1);
      return div(1, add(count, equal(count, 0)));
    });
  }

  /**
   * The messages m_i per message term (before mixing), computed with the factorized form.
   * @internal Exposed for testing against the direct pairwise sum.
   */
  messages(x: Features, positions: Tensor, mask?: Tensor): Tensor[] {
    const [b, n] = this.checkInputs('LMPLayer.messages', x, positions, mask);
    return tidy(() => this.messageParts(x, positions, mask, b, n));
  }

  private messageParts(x: Features, positions: Tensor, mask: Tensor | undefined, b: number, n: number): Tensor[] {
    const terms = this.messageProducts;
    if (terms.length === 0) return [];
    const c = this.channelsIn;
    const m = mask ?? ones([b, n], { dtype: positions.dtype });
    const w = this.bells.edgeWeights(positions, m, this.jetFactors(b, m));
    const up = expandDims(fourVectorsToIrrep(positions), 2); // [B, N, 1, 4]
    const used = [...new Set(terms.map((t) => t.right))];
    const pieces = [...used.map((k) => x.parts[k]), ...terms.map((t) => cgProduct(up, x.parts[t.right], t.table))];
    const stacked = pieces.length === 1 ? pieces[0] : concat(pieces, 3); // [B, N, C, D]
    const d = stacked.shape[3];
    const summed = transpose(matmul(w, transpose(stacked, [0, 2, 1, 3])), [0, 2, 1, 3]); // sum_j w_ij X_j
    const offsets: number[] = [];
    let at = 0;
    for (const piece of pieces) {
      offsets.push(at);
      at += piece.shape[3];
    }
    const part = (k: number) => slice(summed, [0, 0, 0, offsets[k]], [b, n, c, pieces[k].shape[3]]);
    if (at !== d) throw new ShapeError(invalid('LMPLayer', 'x', 'consistent piece widths', at));
    return terms.map((t, k) => {
      const a = part(used.indexOf(t.right));
      return sub(cgProduct(up, a, t.table), part(used.length + k));
    });
  }

  private selfParts(x: Features, b: number, n: number): Tensor[] {
    const c = this.channelsIn;
    return this.selfProducts.map((t) => {
      if (!this.allPairs) return cgProduct(x.parts[t.left], x.parts[t.right], t.table);
      const prod = cgProduct(expandDims(x.parts[t.left], 3), expandDims(x.parts[t.right], 2), t.table);
      return reshape(prod, [b, n, c * c, t.out.dim]);
    });
  }

  /** The concatenated sources per output irrep, composed from ops (any configuration, any backend). */
  private composedSources(x: Features, positions: Tensor, mask: Tensor | undefined, b: number, n: number): Tensor[] {
    const msgs = this.messageParts(x, positions, mask, b, n);
    const selfs = this.selfParts(x, b, n);
    return this.sources.map((list) => {
      const ts = list.map((s) => (s.kind === 'message' ? msgs[s.index] : s.kind === 'self' ? selfs[s.index] : x.parts[s.index]));
      return ts.length === 1 ? ts[0] : concat(ts, 2);
    });
  }

  /**
   * The mixed sources from the fused kernel (scalars and four-vectors only), one tensor per output
   * irrep. The kernel gives the (1/2,1/2) self products s v and v s, which are equal, once, so the
   * (1/2,1/2) mixing uses the sum of their two weight columns (the same values and gradients as
   * mixing both).
   */
  private fusedMixed(x: Features, positions: Tensor, mask: Tensor | undefined, b: number, n: number): Tensor[] {
    const m = mask ?? ones([b, n], { dtype: positions.dtype });
    const [useS, useV] = this.fusable!;
    const c = this.channelsIn;
    const out = this.channels;
    // [W_m | W_v | W_sv + W_vs] = W P with the 0/1 matrix P [4C, 3C] (one product, one in the gradient).
    const vectorWeights = () => {
      const merge = new Float64Array(12 * c * c);
      for (let t = 0; t < 4 * c; t++) merge[t * 3 * c + (t < 3 * c ? t : t - c)] = 1;
      const w = this.mix.weightOf(useS ? 1 : 0);
      return matmul(w, tensor(merge, [4 * c, 3 * c], { dtype: w.dtype }));
    };
    const float64 = [positions, m, ...x.parts, ...this.parameters()].every((t) => t.dtype === 'float64');
    if (useS && useV && float64 && lmpCoreMixAvailable('float64')) {
      // The core and the mixing in one kernel: catS and catV stay in its memory.
      return lmpCoreMix(positions, m, this.jetFactors(b, m), this.bells.values(), x.parts[0], x.parts[1], this.mix.weightOf(0), vectorWeights());
    }
    const [catS, catV] = lmpCore(positions, m, this.jetFactors(b, m), this.bells.values(), x.parts[0], x.parts[1]);
    const mixed: Tensor[] = [];
    if (useS) mixed.push(mixChannels(this.mix.weightOf(0), catS, [b, n], out));
    if (useV) mixed.push(mixChannels(vectorWeights(), catV, [b, n], out));
    return mixed;
  }

  /**
   * The concatenated sources of the mixing, one tensor [B, N, T, dim] per output irrep, computed
   * from ops even where the fused kernel is available.
   * @internal Exposed for testing the fused kernel against the composed computation.
   */
  composedInputs(x: Features, positions: Tensor, mask?: Tensor): Tensor[] {
    const [b, n] = this.checkInputs('LMPLayer.composedInputs', x, positions, mask);
    return tidy(() => this.composedSources(x, positions, mask, b, n));
  }

  /**
   * One round of message passing.
   * @param x - features of {@link LMPLayer.irrepsIn}, parts [B, N, C_in, dim].
   * @param positions - real four-momenta [B, N, 4] (E, px, py, pz) in the model's unit.
   * @param mask - optional real [B, N]: 1 for a particle, 0 for padding.
   * @returns features of {@link LMPLayer.irrepsOut}, parts [B, N, channels, dim]; 0 at padding.
   * @throws {@link ShapeError} for features of other irreps or shapes, positions that are not real
   *   [B, N, 4], or a mask that is not real [B, N].
   */
  apply(x: Features, positions: Tensor, mask?: Tensor): Features {
    const [b, n] = this.checkInputs('LMPLayer.apply', x, positions, mask);
    const parts = tidy(() => {
      let y: Features;
      if (this.fusable !== null && lmpCoreAvailable()) {
        // The kernel's sources are already multiplied by the mask (mixing is linear per particle).
        y = makeFeatures(this.irrepsOut, this.fusedMixed(x, positions, mask, b, n));
      } else {
        y = this.mix.apply(makeFeatures(this.catIrreps, this.composedSources(x, positions, mask, b, n)));
        const m4 = mask === undefined ? null : reshape(mask, [b, n, 1, 1]);
        if (m4 !== null) y = makeFeatures(y.irreps, y.parts.map((p) => mul(p, m4)));
      }
      if (this.mlp !== null) y = this.mlp.apply(y, mask);
      return y.parts;
    });
    return makeFeatures(this.irrepsOut, parts);
  }
}

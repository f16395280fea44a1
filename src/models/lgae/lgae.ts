/**
 * The Lorentz group autoencoder (LGAE) as one model: encoder, decoder, energy unit, loss, and
 * saving and loading (model kind 'lgae').
 *
 * @packageDocumentation
 */
import { BackendError, ConfigError, DataError, ShapeError, invalid } from '../../errors';
import type { EnergyUnit } from '../../jets/units';
import { unitScale } from '../../jets/units';
import { lossByName, type LossName, LOSS_NAMES } from '../../losses/by-name';
import type { Features } from '../../nn/features';
import { positiveInt } from '../../nn/lorentzian-bells';
import type { NamedParameter } from '../../nn/module';
import { irrepToFourVectors } from '../../nn/tensor-helpers';
import { complexTensor, tensor } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import { mul } from '../../tensor/ops/arithmetic';
import { complex } from '../../tensor/ops/complex';
import { reshape } from '../../tensor/ops/reshape';
import { Tensor, type Variable } from '../../tensor/tensor';
import type { DType } from '../../tensor/types';
import type { Backend } from '../../tensor/backend';
import { ENGINE } from '../../tensor/engine';
import { getBackend, listBackends, setBackend } from '../../tensor/environment';
import { isJsonObject, toJson, type JsonObject } from '../../train/json';
import type { JetAutoencoder } from '../../train/model';
import { symmetryTable, type ModelSymmetries } from '../../train/symmetries';
import type { ModelContext } from '../../train/registry';
import { loadWeights, readWeightsInfo, saveWeights } from '../../train/weights';
import { LGAEDecoder } from './decoder';
import { LGAEEncoder, type LGAELayerOptions } from './encoder';

/** Options of {@link LGAE.create}. */
export interface LGAEOptions {
  /** Latent aggregation: 'mix' (default, learned map of all N slots) or 'minmax' (permutation invariant). */
  readonly aggregation?: 'mix' | 'minmax';
  /** Complex four-vectors (1/2,1/2) in the latent (default 2). */
  readonly latentVectors?: number;
  /** Complex scalars (0,0) in the latent (default 1). */
  readonly latentScalars?: number;
  /** Channels of the encoder's LMP layers (default [3, 3, 4, 4]). */
  readonly encoderChannels?: readonly number[];
  /** Channels of the decoder's LMP layers (default [4, 4, 3, 3]). */
  readonly decoderChannels?: readonly number[];
  /** Particle slots N per jet, in and out (default 30). */
  readonly particles?: number;
  /** Seed of the parameter initialization (an integer; required). */
  readonly seed: number;
  /**
   * Energy unit the network works in (required, recorded in saved files): 'GeV', 'TeV' or 'PeV'.
   * The paper uses 'TeV'.
   */
  readonly units: EnergyUnit;
  /**
   * Energy unit of the four-momenta `reconstruct`, `encode` and `loss` take and give (default:
   * `units`). GeV momenta given to a TeV model are scaled by 1e-3 on the way in and by 1e3 on the
   * way out.
   */
  readonly inputUnits?: EnergyUnit;
  /** Training loss (default: the paper's, 'chamfer' for 'minmax' and 'mse' for 'mix'). */
  readonly loss?: LossName;
  /** Storage precision of the parameters, 'float64' or 'float32' (default: the active backend's default, recorded at creation). */
  readonly dtype?: DType;
  /**
   * Name of the backend the model's tensors live and compute on (e.g. 'cpu'; default: the active
   * backend at creation). The model switches to it for each of its calls and back afterwards, so
   * it can live beside tensors of another active backend; tensors given to it must be on it.
   * Not part of {@link LGAE.config} (it is where the model runs, not what it is).
   */
  readonly backend?: string;
  /**
   * Options of every LMP layer of the encoder and the decoder (numBasis, messageNormalization,
   * products, mlp, gain, keep; default: the paper's, with an MLP on the scalars after each layer).
   * Must be JSON (it is recorded in the config); the layers validate the values.
   */
  readonly layer?: LGAELayerOptions;
}

/** The latent of a batch of jets (see {@link LGAE.encode}). */
export interface LGAELatent {
  /** Complex Lorentz scalars [B, latentScalars]. */
  readonly scalars: Tensor;
  /** Real four-vectors (E, px, py, pz) [B, latentVectors, 4]: Re(U^H x) of the canonical features, in the model's unit. */
  readonly vectors: Tensor;
  /** The raw complex canonical features (parts [B, latentScalars, 1] and [B, latentVectors, 4]). */
  readonly features: Features;
}

/** Jets as nested arrays [B][N][4] of (E, px, py, pz); all-zero rows are padding. */
export type JetArrays = number[][][];

/**
 * The paper's training loss of an aggregation: Chamfer for 'minmax', MSE for 'mix'.
 * @internal
 */
export function paperLoss(aggregation: 'mix' | 'minmax' | undefined): LossName {
  return aggregation === 'minmax' ? 'chamfer' : 'mse';
}

const OPTION_KEYS = ['aggregation', 'latentVectors', 'latentScalars', 'encoderChannels', 'decoderChannels', 'particles', 'seed', 'units', 'inputUnits', 'loss', 'dtype', 'layer', 'backend'];

/** The validated, complete options. */
interface Resolved {
  aggregation: 'mix' | 'minmax';
  latentVectors: number;
  latentScalars: number;
  encoderChannels: number[];
  decoderChannels: number[];
  particles: number;
  seed: number;
  units: EnergyUnit;
  inputUnits: EnergyUnit;
  loss: LossName;
  dtype: DType;
  layer: JsonObject;
  /** The named backend, or null to use the active one. */
  backend: string | null;
}

/**
 * The backend named `name` for `fn`'s `options.backend`, initialized.
 * @throws {@link ConfigError} for a name that is not a non-empty string; {@link BackendError} for
 *   a name that is not registered or a backend that cannot run here.
 */
function namedBackend(fn: string, name: unknown): Backend {
  if (typeof name !== 'string' || name.length === 0) throw new ConfigError(invalid(fn, 'options.backend', 'a backend name (a non-empty string)', name));
  const names = listBackends();
  if (!names.includes(name)) throw new BackendError(invalid(fn, 'options.backend', `a registered backend (${names.map((n) => `'${n}'`).join(', ') || 'none'})`, name));
  try {
    return ENGINE.findBackend(name, fn);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new BackendError(invalid(fn, 'options.backend', `a backend that is available here (${reason})`, name));
  }
}

/** Runs `f` with `backend` active (if not null), restoring the active backend afterwards. */
function onBackend<T>(backend: string | null, f: () => T): T {
  if (backend === null) return f();
  const active = getBackend();
  if (active === backend) return f();
  setBackend(backend);
  try {
    return f();
  } finally {
    setBackend(active);
  }
}

function channelList(fn: string, arg: string, value: unknown, fallback: number[]): number[] {
  if (value === undefined) return fallback.slice();
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(invalid(fn, arg, 'a non-empty array of positive integers', value));
  return value.map((c, k) => positiveInt(fn, `${arg}[${k}]`, c));
}

function resolve(fn: string, options: LGAEOptions): Resolved {
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new ConfigError(invalid(fn, `options.${key}`, `one of the options ${OPTION_KEYS.join(', ')}`, key));
  }
  const aggregation = options.aggregation ?? 'mix';
  if (aggregation !== 'mix' && aggregation !== 'minmax') throw new ConfigError(invalid(fn, 'options.aggregation', "'mix' or 'minmax'", aggregation));
  if (!Number.isSafeInteger(options.seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', options.seed));
  unitScale(options.units, fn, 'options.units');
  const inputUnits = options.inputUnits ?? options.units;
  unitScale(inputUnits, fn, 'options.inputUnits');
  const given = options.layer ?? {};
  const layer = toJson(given);
  if (!isJsonObject(given) || !isJsonObject(layer)) throw new ConfigError(invalid(fn, 'options.layer', 'a JSON object of LMP layer options', given));
  const backend = options.backend === undefined ? null : namedBackend(fn, options.backend);
  const dtype = options.dtype ?? (backend ?? ENGINE.backend).defaultDtype;
  if (dtype !== 'float64' && dtype !== 'float32') throw new ConfigError(invalid(fn, 'options.dtype', "'float64' or 'float32'", dtype));
  if (backend !== null && !backend.supportsDtype(dtype)) {
    throw new ConfigError(invalid(fn, 'options.dtype', `a precision backend '${backend.name}' supports`, dtype));
  }
  const loss = options.loss ?? paperLoss(aggregation);
  if (!LOSS_NAMES.includes(loss)) throw new ConfigError(invalid(fn, 'options.loss', `one of ${LOSS_NAMES.join(', ')}`, loss));
  return {
    aggregation,
    latentVectors: positiveInt(fn, 'options.latentVectors', options.latentVectors ?? 2),
    latentScalars: positiveInt(fn, 'options.latentScalars', options.latentScalars ?? 1),
    encoderChannels: channelList(fn, 'options.encoderChannels', options.encoderChannels, [3, 3, 4, 4]),
    decoderChannels: channelList(fn, 'options.decoderChannels', options.decoderChannels, [4, 4, 3, 3]),
    particles: positiveInt(fn, 'options.particles', options.particles ?? 30),
    seed: options.seed,
    units: options.units,
    inputUnits,
    loss,
    dtype,
    layer,
    backend: backend === null ? null : backend.name,
  };
}

/** The file base name of a saved LGAE: `<dir>/lgae.json` and its `lgae.<hash>.bin`. */
const BASE = 'lgae';

/** The symmetry table of an LGAE with the given aggregation (frozen, made once per aggregation). */
function lgaeSymmetries(minmax: boolean): ModelSymmetries {
  return symmetryTable({
    permutation: minmax
      ? { respected: true, note: 'min/max select whole particles by a Lorentz invariant: the latent is invariant under particle permutations' }
      : { respected: false, note: "'mix' aggregation is a learned linear map of the particle slots: the latent depends on their order" },
    translation: { respected: true, note: '(eta, phi) translations are boosts along z and rotations about z of massless particles: the output and latent four-vectors transform with them' },
    rotation: { respected: true, note: 'rotations are Lorentz transformations: the output and latent four-vectors rotate, the latent scalars are invariant' },
    lorentz: { respected: true, note: 'Lorentz-equivariant encoder and decoder: output and latent four-vectors transform, latent scalars are invariant (float64, rapidity up to 10)' },
  });
}
const MIX_SYMMETRIES = lgaeSymmetries(false);
const MINMAX_SYMMETRIES = lgaeSymmetries(true);

/**
 * The Lorentz group autoencoder (Hao, Kansal, Duarte, Chernyavskaya 2023): an
 * {@link LGAEEncoder} to a latent of complex Lorentz scalars and four-vectors and an
 * {@link LGAEDecoder} back to N particle four-momenta. The whole map is Lorentz-equivariant:
 * reconstruct(L p) = L reconstruct(p). It implements the {@link JetAutoencoder} interface
 * (kind 'lgae'), so the trainer, the checkpoints and the evaluation take it as it is.
 *
 * Units: the network works in `units` (the paper: TeV); four-momenta come and go in `inputUnits`
 * (default `units`) and are scaled by the ratio of the two on the way in and out.
 *
 * Padding: particles whose mask is 0 (or, without a mask, whose four-momentum is all zeros) do
 * not change the latent nor the reconstruction. The decoder produces N real particles for every
 * jet.
 *
 * @example
 * ```ts
 * import { LGAE } from 'lorentz-irreps';
 * const model = LGAE.create({ particles: 3, seed: 1, units: 'TeV' });
 * const jets = [[[1, 0.2, 0.1, 0.9], [0.5, -0.1, 0.2, 0.4], [0, 0, 0, 0]]];
 * const reco = model.reconstruct(jets);
 * console.assert(reco.length === 1 && reco[0].length === 3 && reco[0][0].length === 4);
 * const { vectors } = model.encode(jets);
 * console.assert(vectors.shape.join() === '1,2,4');
 * model.dispose();
 * ```
 */
export class LGAE implements JetAutoencoder {
  /** The registered kind. */
  readonly kind = 'lgae';
  /** The encoder network. */
  readonly encoder: LGAEEncoder;
  /** The decoder network. */
  readonly decoder: LGAEDecoder;
  private readonly options: Resolved;
  /** Factor from `inputUnits` to `units`. */
  private readonly scale: number;

  /**
   * The symmetries this model respects ({@link JetAutoencoder.symmetries}), for the symmetry table
   * of reports: Lorentz transformations, and with them rotations and (eta, phi) translations (a
   * translation in eta is a boost along z for massless particles, one in phi a rotation about z),
   * always; particle permutations only with 'minmax' aggregation.
   *
   * @example
   * ```ts
   * import { LGAE } from 'lorentz-irreps';
   * const mix = LGAE.create({ particles: 3, seed: 0, units: 'TeV' });
   * const minmax = LGAE.create({ aggregation: 'minmax', particles: 3, seed: 0, units: 'TeV' });
   * console.assert(mix.symmetries.lorentz.respected && !mix.symmetries.permutation.respected);
   * console.assert(minmax.symmetries.permutation.respected);
   * mix.dispose();
   * minmax.dispose();
   * ```
   */
  get symmetries(): ModelSymmetries {
    return this.options.aggregation === 'minmax' ? MINMAX_SYMMETRIES : MIX_SYMMETRIES;
  }

  private constructor(options: Resolved) {
    this.options = options;
    this.scale = unitScale(options.units, 'LGAE', 'units') / unitScale(options.inputUnits, 'LGAE', 'inputUnits');
    const { seed } = options;
    this.encoder = new LGAEEncoder({
      scale: this.scale,
      particles: options.particles,
      channels: options.encoderChannels,
      latentScalars: options.latentScalars,
      latentVectors: options.latentVectors,
      aggregation: options.aggregation,
      dtype: options.dtype,
      layer: options.layer as LGAELayerOptions,
      seed,
      name: 'encoder',
    });
    try {
      this.decoder = new LGAEDecoder({
        particles: options.particles,
        channels: options.decoderChannels,
        latentScalars: options.latentScalars,
        latentVectors: options.latentVectors,
        dtype: options.dtype,
        layer: options.layer as LGAELayerOptions,
        // A generator of its own, so that the decoder's weights do not repeat the encoder's draws.
        seed: seed + 1_000_003,
        name: 'decoder',
      });
    } catch (e) {
      this.encoder.dispose();
      throw e;
    }
  }

  /**
   * Builds an LGAE with the paper's architecture unless told otherwise.
   * @param options - see {@link LGAEOptions}; `seed` and `units` are required.
   * @throws {@link ConfigError} naming the option for an unknown option or a bad value;
   *   {@link BackendError} for an `options.backend` that is not registered or cannot run here.
   *
   * @example
   * ```ts
   * import { LGAE, ConfigError } from 'lorentz-irreps';
   * const model = LGAE.create({ aggregation: 'minmax', seed: 0, units: 'TeV' });
   * console.assert(model.config().loss === 'chamfer' && model.config().particles === 30);
   * model.dispose();
   * try { LGAE.create({ seed: 0, units: 'eV' as never }); console.assert(false); } catch (e) { console.assert(e instanceof ConfigError); }
   * ```
   */
  static create(options: LGAEOptions): LGAE {
    const resolved = resolve('LGAE.create', options);
    return onBackend(resolved.backend, () => new LGAE(resolved));
  }

  /**
   * Rebuilds an LGAE from its `config()` (fresh weights from the recorded seed).
   * @throws {@link ConfigError} as {@link LGAE.create}.
   */
  static fromConfig(config: JsonObject): LGAE {
    const resolved = resolve('LGAE.fromConfig', config as unknown as LGAEOptions);
    return onBackend(resolved.backend, () => new LGAE(resolved));
  }

  /**
   * Loads an LGAE saved by {@link LGAE.save} from `dir` (`lgae.json` and its `.bin`).
   * @throws {@link DataError} naming the file when it is missing, malformed, of another model kind,
   *   or its weights do not fit the recorded architecture.
   *
   * @example
   * ```ts
   * import { LGAE } from 'lorentz-irreps';
   * import { mkdtempSync, rmSync } from 'node:fs';
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * const dir = mkdtempSync(join(tmpdir(), 'lgae-'));
   * const model = LGAE.create({ particles: 4, seed: 5, units: 'TeV' });
   * await model.save(dir);
   * const again = await LGAE.load(dir);
   * const jets = [[[1, 0.2, 0.1, 0.9], [0.5, -0.1, 0.2, 0.4], [0.8, 0, -0.3, 0.7], [0, 0, 0, 0]]];
   * console.assert(JSON.stringify(again.reconstruct(jets)) === JSON.stringify(model.reconstruct(jets)));
   * model.dispose();
   * again.dispose();
   * rmSync(dir, { recursive: true });
   * ```
   */
  static async load(dir: string): Promise<LGAE> {
    const fn = 'LGAE.load';
    if (typeof dir !== 'string' || dir.length === 0) throw new ConfigError(invalid(fn, 'dir', 'a folder path', dir));
    const source = `${dir}/${BASE}.json`;
    const info = readWeightsInfo(dir, BASE);
    if (info.kind !== 'lgae') throw new DataError(invalid(fn, 'dir', `a folder holding an LGAE (${source} holds kind '${info.kind}')`, dir));
    let model: LGAE;
    try {
      model = LGAE.fromConfig(info.config);
    } catch (e) {
      throw new DataError(invalid(fn, 'dir', `a folder whose ${source} holds a valid LGAE config (${(e as Error).message})`, dir));
    }
    try {
      loadWeights(model, dir, BASE);
    } catch (e) {
      model.dispose();
      if (e instanceof DataError) throw e;
      throw new DataError(invalid(fn, 'dir', `a folder whose weights fit the architecture in ${source} (${(e as Error).message})`, dir));
    }
    return model;
  }

  /**
   * Saves the config, the units and the weights into `dir` (created if missing): `lgae.json`
   * (format 'lorentz-irreps-weights': kind, config, context with seed, particle slots and unit,
   * parameter names and shapes) and `lgae.<hash>.bin` (float64 values), written atomically.
   * @throws {@link ConfigError} for a bad `dir`.
   */
  async save(dir: string): Promise<void> {
    if (typeof dir !== 'string' || dir.length === 0) throw new ConfigError(invalid('LGAE.save', 'dir', 'a folder path', dir));
    saveWeights(this, dir, BASE, this.context());
  }

  /** The creation context in the registry's terms (seed, particle slots, unit of the four-momenta). */
  context(): ModelContext {
    return { seed: this.options.seed, numParticles: this.options.particles, units: this.options.inputUnits };
  }

  /** The complete options as JSON (what {@link LGAE.fromConfig} takes). */
  config(): JsonObject {
    const { backend: _backend, ...o } = this.options;
    return { ...o, encoderChannels: o.encoderChannels.slice(), decoderChannels: o.decoderChannels.slice(), layer: toJson(o.layer) as JsonObject };
  }

  /** Every parameter, named 'encoder.…' and 'decoder.…'. */
  namedParameters(): readonly NamedParameter[] {
    const prefix = (side: string, list: NamedParameter[]) => list.map((p) => ({ ...p, name: `${side}.${p.name}` }));
    return [...prefix('encoder', this.encoder.namedParameters()), ...prefix('decoder', this.decoder.namedParameters())];
  }

  /** The trainable variables. */
  parameters(): Variable[] {
    return [...this.encoder.parameters(), ...this.decoder.parameters()];
  }

  /** Number of real trainable numbers (a complex entry counts 2). */
  numParameters(): number {
    return this.encoder.numParameters() + this.decoder.numParameters();
  }

  /**
   * Several lines: the model, then each layer of the encoder and the decoder with its parameter count.
   *
   * @example
   * ```ts
   * import { LGAE } from 'lorentz-irreps';
   * const model = LGAE.create({ seed: 0, units: 'TeV' });
   * console.assert(model.summary().split('\n').length > 10 && model.summary().includes('LMPLayer'));
   * model.dispose();
   * ```
   */
  summary(): string {
    const e = this.encoder;
    const d = this.decoder;
    const lines = [
      `LGAE(${this.options.aggregation}, latent ${e.irrepsOut}, ${this.options.particles} particles, units ${this.options.units}, loss ${this.options.loss}, ${this.numParameters()} parameters)`,
      `  ${e.summary()}`,
      ...[e.input, e.inputMix, ...e.layers, e.aggregation, ...(e.latentMix === null ? [] : [e.latentMix])].map((m) => `    ${m.summary()}`),
      `  ${d.summary()}`,
      ...[d.expand, ...d.layers, d.outputMix].map((m) => `    ${m.summary()}`),
    ];
    return lines.join('\n');
  }

  /**
   * Reconstructs jets. Nested arrays in give nested arrays out; a tensor in gives a tensor out.
   * @param jets - four-momenta (E, px, py, pz) in `inputUnits`: number[B][N][4] (all-zero rows are
   *   padding) or a real Tensor [B, N, 4].
   * @param mask - with a tensor: [B, N] of 0/1 (default: 1 where the four-momentum is not all zeros).
   * @returns the reconstructed four-momenta [B, N, 4] in `inputUnits` (N real particles per jet).
   * @throws {@link ShapeError} for jets that are not [B, N, 4] with N = `particles`;
   *   {@link ConfigError} for a mask with nested arrays.
   */
  reconstruct(jets: JetArrays, mask?: undefined): JetArrays;
  reconstruct(jets: Tensor, mask?: Tensor): Tensor;
  reconstruct(jets: JetArrays | Tensor, mask?: Tensor): JetArrays | Tensor {
    return onBackend(this.options.backend, () => this.reconstructHere(jets, mask));
  }

  /**
   * The backend named by `options.backend` at creation, or null when the model uses the active
   * backend.
   *
   * @example
   * ```ts
   * import { LGAE } from 'lorentz-irreps';
   * const model = LGAE.create({ particles: 2, seed: 1, units: 'TeV', backend: 'cpu' });
   * console.assert(model.backend === 'cpu' && model.parameters().every((v) => v.backend.name === 'cpu'));
   * console.assert(!('backend' in model.config()));
   * model.dispose();
   * ```
   */
  get backend(): string | null {
    return this.options.backend;
  }

  private reconstructHere(jets: JetArrays | Tensor, mask?: Tensor): JetArrays | Tensor {
    const fn = 'LGAE.reconstruct';
    if (jets instanceof Tensor) {
      const m = this.checkTensor(fn, jets, mask);
      try {
        return tidy(() => {
          const out = this.decoder.apply(this.encoder.apply(jets, { mask: m }));
          return this.scale === 1 ? out : mul(out, 1 / this.scale);
        });
      } finally {
        if (m !== mask) m.dispose();
      }
    }
    if (mask !== undefined) throw new ConfigError(invalid(fn, 'mask', 'absent with nested arrays (all-zero rows are padding)', mask));
    const p = this.fromArrays(fn, jets);
    try {
      const out = this.reconstructHere(p) as Tensor;
      try {
        return toArrays(out);
      } finally {
        out.dispose();
      }
    } finally {
      p.dispose();
    }
  }

  /**
   * The latent irreps of jets (tensors, also for nested-array input; dispose them).
   * @param jets - as for {@link LGAE.reconstruct}.
   * @param mask - as for {@link LGAE.reconstruct}.
   * @returns `scalars` complex [B, latentScalars] (Lorentz invariant), `vectors` real
   *   [B, latentVectors, 4] (E, px, py, pz in the model's `units`: Re(U^H x) of the canonical
   *   features, they transform as four-vectors), and the raw complex `features`.
   * @throws as {@link LGAE.reconstruct}.
   */
  encode(jets: JetArrays | Tensor, mask?: Tensor): LGAELatent {
    return onBackend(this.options.backend, () => this.encodeHere(jets, mask));
  }

  private encodeHere(jets: JetArrays | Tensor, mask?: Tensor): LGAELatent {
    const fn = 'LGAE.encode';
    const p = jets instanceof Tensor ? jets : this.fromArrays(fn, jets);
    if (!(jets instanceof Tensor) && mask !== undefined) throw new ConfigError(invalid(fn, 'mask', 'absent with nested arrays (all-zero rows are padding)', mask));
    const m = this.checkTensor(fn, p, mask);
    try {
      const features = this.encoder.apply(p, { mask: m });
      const [b] = p.shape;
      const scalars = reshape(features.parts[0], [b, this.options.latentScalars]);
      const vectors = irrepToFourVectors(features.parts[1]);
      return { scalars, vectors, features };
    } finally {
      if (m !== mask) m.dispose();
      if (p !== jets) p.dispose();
    }
  }

  /**
   * {@link JetAutoencoder} latent four-vectors: complex [B, K, 4], U^H x of the canonical latent
   * features x, whose real part is the `vectors` of {@link LGAE.encode} and whose imaginary part
   * is a second four-vector per channel (Lorentz transformations act on both by the same real
   * matrix, so all their Minkowski products are invariants).
   */
  latentFourVectors(p: Tensor, mask: Tensor): Tensor {
    const { scalars, vectors, features } = this.encode(p, mask);
    scalars.dispose();
    try {
      return onBackend(this.options.backend, () =>
        tidy(() => {
          const x = features.parts[1];
          // Im(U^H x) = Re(U^H (-i x))
          const imaginary = irrepToFourVectors(mul(x, complexTensor([0], [-1], [1], { dtype: x.dtype })));
          return complex(vectors, imaginary);
        }),
      );
    } finally {
      vectors.dispose();
      for (const part of features.parts) part.dispose();
    }
  }

  /**
   * The training loss of a batch: the model's `loss` ('mse' for 'mix', 'chamfer' for 'minmax' by
   * default) between the reconstruction and `p`, padded slots of `p` ignored.
   * @param p - real [B, N, 4] in `inputUnits`.
   * @param mask - [B, N] of 0/1 (default from the all-zero rows).
   * @returns a scalar tensor in inputUnits^2.
   *
   * @example
   * ```ts
   * import { LGAE, tensor } from 'lorentz-irreps';
   * const model = LGAE.create({ particles: 2, seed: 3, units: 'TeV' });
   * const loss = model.loss(tensor([[[1, 0.2, 0.1, 0.9], [0.5, -0.1, 0.2, 0.4]]]));
   * console.assert(loss.shape.length === 0 && loss.dataSync()[0] >= 0);
   * model.dispose();
   * ```
   */
  loss(p: Tensor, mask?: Tensor): Tensor {
    return onBackend(this.options.backend, () => {
      const m = this.checkTensor('LGAE.loss', p, mask);
      try {
        return tidy(() => lossByName(this.options.loss)(this.reconstruct(p, m), p, { mask: m }));
      } finally {
        if (m !== mask) m.dispose();
      }
    });
  }

  /** Frees the variables. */
  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }

  /** Checks p [B, N, 4] and returns the mask (the given one, or a new one from the nonzero rows). */
  private checkTensor(fn: string, p: Tensor, mask: Tensor | undefined): Tensor {
    const n = this.options.particles;
    if (!(p instanceof Tensor) || p.shape.length !== 3 || p.shape[1] !== n || p.shape[2] !== 4) {
      throw new ShapeError(invalid(fn, 'jets', `a tensor [B, ${n}, 4]`, p instanceof Tensor ? p.shape : p));
    }
    const backend = this.options.backend;
    for (const [arg, t] of [['jets', p], ['mask', mask]] as const) {
      if (backend !== null && t instanceof Tensor && t.backend.name !== backend) {
        throw new BackendError(invalid(fn, arg, `a tensor on the model's backend '${backend}' (move it with toBackend)`, t.backend.name));
      }
    }
    if (mask !== undefined) return mask;
    const data = p.dataSync();
    const m = new Float64Array(p.shape[0] * n);
    for (let k = 0; k < m.length; k++) m[k] = data[4 * k] !== 0 || data[4 * k + 1] !== 0 || data[4 * k + 2] !== 0 || data[4 * k + 3] !== 0 ? 1 : 0;
    return tensor(m, [p.shape[0], n], { dtype: p.dtype });
  }

  private fromArrays(fn: string, jets: unknown): Tensor {
    const n = this.options.particles;
    const rule = `nested arrays [B][${n}][4] of finite numbers`;
    if (!Array.isArray(jets) || jets.length === 0) throw new ShapeError(invalid(fn, 'jets', rule, jets));
    const out = new Float64Array(jets.length * n * 4);
    jets.forEach((jet: unknown, b) => {
      if (!Array.isArray(jet) || jet.length !== n) throw new ShapeError(invalid(fn, `jets[${b}]`, `an array of ${n} four-momenta`, jet));
      jet.forEach((row: unknown, i) => {
        if (!Array.isArray(row) || row.length !== 4 || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
          throw new ShapeError(invalid(fn, `jets[${b}][${i}]`, 'an array of 4 finite numbers (E, px, py, pz)', row));
        }
        out.set(row as number[], (b * n + i) * 4);
      });
    });
    return tensor(out, [jets.length, n, 4], { dtype: this.options.dtype });
  }
}

function toArrays(t: Tensor): JetArrays {
  const [b, n] = t.shape;
  const d = t.dataSync();
  return Array.from({ length: b }, (_, i) => Array.from({ length: n }, (_, j) => Array.from(d.subarray((i * n + j) * 4, (i * n + j + 1) * 4))));
}

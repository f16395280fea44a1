/**
 * Model weights on disk: `<base>.json` holds the model kind, its config, the creation context
 * (seed, particle slots, energy unit), the energy unit again as `units`, and the names and shapes
 * of the parameters; the values are float64 in `<base>.<hash>.bin` (see the tensor bundles of this
 * module's folder).
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, DataError, ShapeError, invalid } from '../errors';
import { complexTensor, tensor } from '../tensor/creation';
import type { Variable } from '../tensor/tensor';
import { readBundle, writeBundle, type BundleArray } from './bundle';
import { isJsonObject, type JsonObject } from './json';
import { checkAutoencoder, parameterMap, type JetAutoencoder } from './model';
import { checkContext, restoreModel, type ModelContext } from './registry';

/** The format tag of weights files. */
export const WEIGHTS_FORMAT = 'lorentz-irreps-weights';

/** What a weights file says about its model. */
export interface WeightsInfo {
  /** The model kind. */
  readonly kind: string;
  /** The model's `config()`. */
  readonly config: JsonObject;
  /** The context the model was created with (its `units` are those of the four-momenta). */
  readonly context: ModelContext;
  /** Other header fields written with the weights (e.g. epoch, validation loss). */
  readonly meta: JsonObject;
}

/** Float64 copies of the values of each parameter, by name. */
export function parameterArrays(params: ReadonlyMap<string, Variable>, prefix = ''): Map<string, BundleArray> {
  const out = new Map<string, BundleArray>();
  for (const [name, v] of params) {
    const { re, im } = v.reImSync();
    out.set(prefix + name, v.complex ? { shape: v.shape.slice(), re, im } : { shape: v.shape.slice(), re });
  }
  return out;
}

/**
 * Sets each parameter from `arrays[prefix + name]`. Everything is checked before anything is
 * assigned. Extra arrays not starting with `prefix` are ignored; extra ones with it are an error.
 * @throws {@link DataError} for a missing or unknown parameter; {@link ShapeError} for another
 *   shape; {@link DTypeError} for real values for a complex parameter or the reverse.
 */
export function assignParameters(params: ReadonlyMap<string, Variable>, arrays: ReadonlyMap<string, BundleArray>, fn: string, source: string, prefix = ''): void {
  for (const key of arrays.keys()) {
    if (key.startsWith(prefix) && !params.has(key.slice(prefix.length))) {
      throw new DataError(invalid(fn, 'weights', `free of parameters the model lacks (${source})`, key.slice(prefix.length)));
    }
  }
  const plan: [Variable, BundleArray][] = [];
  for (const [name, v] of params) {
    const a = arrays.get(prefix + name);
    if (a === undefined) throw new DataError(invalid(fn, 'weights', `holding every parameter of the model (${source})`, `missing ${name}`));
    if (a.shape.join() !== v.shape.join()) throw new ShapeError(invalid(fn, `weights[${JSON.stringify(name)}]`, `of shape [${v.shape.join(',')}]`, a.shape));
    if ((a.im !== undefined) !== v.complex) throw new DTypeError(invalid(fn, `weights[${JSON.stringify(name)}]`, v.complex ? 'complex' : 'real', a.im !== undefined ? 'complex' : 'real'));
    plan.push([v, a]);
  }
  for (const [v, a] of plan) {
    const t = a.im === undefined ? tensor(a.re, v.shape, { dtype: v.dtype }) : complexTensor(a.re, a.im, v.shape, { dtype: v.dtype });
    v.assign(t);
    t.dispose();
  }
}

/**
 * Saves a model's weights as `<base>.json` + `<base>.<hash>.bin` in `dir` (created if missing),
 * atomically replacing older weights of that name.
 *
 * @param model - the model.
 * @param dir - the folder.
 * @param base - file base name, e.g. 'best' (letters, digits, '-', '_').
 * @param context - the context the model was created with.
 * @param meta - extra JSON header fields (not 'format', 'version', 'kind', 'config', 'context', 'units').
 * @throws {@link ConfigError} for a bad model, base name, context or meta; file-system errors.
 *
 * @example
 * ```ts
 * import { saveWeights, readWeightsInfo, variable, tensor, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const w = variable(tensor([1.5, -2]), { name: 'example.w' });
 * const model = { kind: 'example', config: () => ({ width: 2 }), namedParameters: () => [{ name: 'w', variable: w }],
 *   reconstruct: (p: Tensor) => p, dispose: () => w.dispose() };
 * const dir = mkdtempSync(join(tmpdir(), 'weights-'));
 * saveWeights(model, dir, 'final', { seed: 1, numParticles: 30, units: 'TeV' }, { epoch: 3 });
 * const info = readWeightsInfo(dir, 'final');
 * console.assert(info.kind === 'example' && info.config.width === 2 && info.meta.epoch === 3);
 * model.dispose();
 * rmSync(dir, { recursive: true });
 * ```
 */
export function saveWeights(model: JetAutoencoder, dir: string, base: string, context: ModelContext, meta: JsonObject = {}): void {
  const fn = 'saveWeights';
  const m = checkAutoencoder(model, fn, 'model');
  checkBase(base, fn);
  const ctx = checkContext(context, fn);
  if (!isJsonObject(meta)) throw new ConfigError(invalid(fn, 'meta', 'a JSON object', meta));
  for (const k of ['format', 'version', 'kind', 'config', 'context', 'units']) if (k in meta) throw new ConfigError(invalid(fn, 'meta', `free of the key '${k}'`, k));
  const header: JsonObject = { format: WEIGHTS_FORMAT, version: 1, kind: m.kind, config: m.config(), context: { ...ctx }, units: ctx.units, ...meta };
  writeBundle(dir, base, header, parameterArrays(parameterMap(m, fn)));
}

/**
 * Reads the header of weights `<base>.json` in `dir` (kind, config, context, other fields).
 * @throws {@link DataError} for a missing or malformed file.
 *
 * @example
 * ```ts
 * import { saveWeights, readWeightsInfo, variable, tensor, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const w = variable(tensor([2]), { name: 'info-example.w' });
 * const model = { kind: 'example', config: () => ({ depth: 1 }), namedParameters: () => [{ name: 'w', variable: w }],
 *   reconstruct: (p: Tensor) => p, dispose: () => w.dispose() };
 * const dir = mkdtempSync(join(tmpdir(), 'weights-'));
 * saveWeights(model, dir, 'best', { seed: 7, numParticles: 30, units: 'GeV' });
 * const info = readWeightsInfo(dir, 'best');
 * console.assert(info.kind === 'example' && info.context.units === 'GeV' && info.config.depth === 1);
 * model.dispose();
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readWeightsInfo(dir: string, base: string): WeightsInfo {
  return infoOf(readBundle(dir, checkBase(base, 'readWeightsInfo')).header, `${dir}/${base}.json`, 'readWeightsInfo');
}

function infoOf(header: JsonObject, source: string, fn: string): WeightsInfo {
  const { format, version, kind, config, context, units: _units, ...meta } = header;
  if (format !== WEIGHTS_FORMAT || version !== 1 || typeof kind !== 'string' || !isJsonObject(config)) {
    throw new DataError(invalid(fn, 'path', `a weights file (format '${WEIGHTS_FORMAT}', version 1, with kind and config)`, source));
  }
  let ctx: ModelContext;
  try {
    ctx = checkContext(context, fn);
  } catch (e) {
    throw new DataError(invalid(fn, 'path', `a weights file with a valid context (${(e as Error).message})`, source));
  }
  return { kind, config, context: ctx, meta };
}

/**
 * Loads weights `<base>` from `dir` into `model`, whose kind and parameter names and shapes must
 * match the file's. Nothing changes when it throws.
 * @throws {@link DataError} for a missing or malformed file, another kind, or missing or extra
 *   parameters; {@link ShapeError} / {@link DTypeError} for a parameter of another shape or kind.
 *
 * @example
 * ```ts
 * import { saveWeights, loadWeights, variable, tensor, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const make = (value: number, name: string) => {
 *   const w = variable(tensor([value, -value]), { name });
 *   return { kind: 'example', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }],
 *     reconstruct: (p: Tensor) => p, dispose: () => w.dispose() };
 * };
 * const trained = make(1.25, 'load-example-a.w');
 * const fresh = make(0, 'load-example-b.w');
 * const dir = mkdtempSync(join(tmpdir(), 'weights-'));
 * saveWeights(trained, dir, 'best', { seed: 0, numParticles: 30, units: 'TeV' });
 * loadWeights(fresh, dir, 'best');
 * console.assert(fresh.namedParameters()[0].variable.dataSync()[1] === -1.25);
 * trained.dispose();
 * fresh.dispose();
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadWeights(model: JetAutoencoder, dir: string, base: string): WeightsInfo {
  const fn = 'loadWeights';
  const m = checkAutoencoder(model, fn, 'model');
  const bundle = readBundle(dir, checkBase(base, fn));
  const source = `${dir}/${base}.json`;
  const info = infoOf(bundle.header, source, fn);
  if (info.kind !== m.kind) throw new DataError(invalid(fn, 'model', `a model of the kind in ${source} ('${info.kind}')`, m.kind));
  assignParameters(parameterMap(m, fn), bundle.arrays, fn, source);
  return info;
}

/**
 * Rebuilds the model saved as `<base>` in `dir`: its kind must be registered; the factory gets the
 * saved config and context, then the weights are loaded.
 *
 * @returns the model (dispose it) and the file's header.
 * @throws {@link ConfigError} when the kind is not registered; as {@link loadWeights}.
 *
 * @example
 * ```ts
 * import { loadModel, registerModel, saveWeights, unregisterModel, variable, tensor, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * let made = 0;
 * registerModel('example-load', {
 *   description: 'an example',
 *   create: () => {
 *     const w = variable(tensor([0]), { name: `example-load-${made++}.w` });
 *     return { kind: 'example-load', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }],
 *       reconstruct: (p: Tensor) => p, dispose: () => w.dispose() };
 *   },
 * });
 * const dir = mkdtempSync(join(tmpdir(), 'weights-'));
 * const w = variable(tensor([3.5]), { name: 'example-load-saved.w' });
 * saveWeights({ kind: 'example-load', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }], reconstruct: (p: Tensor) => p, dispose: () => w.dispose() },
 *   dir, 'best', { seed: 0, numParticles: 30, units: 'TeV' });
 * const { model } = loadModel(dir, 'best');
 * console.assert(model.namedParameters()[0].variable.dataSync()[0] === 3.5);
 * model.dispose();
 * w.dispose();
 * unregisterModel('example-load');
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadModel(dir: string, base: string): { model: JetAutoencoder; info: WeightsInfo } {
  const info = readWeightsInfo(dir, base);
  const model = restoreModel(info.kind, info.config, info.context);
  try {
    loadWeights(model, dir, base);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, info };
}

function checkBase(base: string, fn: string): string {
  if (typeof base !== 'string' || !/^[A-Za-z0-9_-]+$/.test(base)) throw new ConfigError(invalid(fn, 'base', "a file base name of letters, digits, '-' and '_'", base));
  return base;
}

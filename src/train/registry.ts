/**
 * The model registry: autoencoders register a factory under their kind ('lgae', 'gnnae', ...),
 * and the trainer, the evaluation and the command line create and restore them by that name.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { EnergyUnit } from '../jets/units';
import { unitScale } from '../jets/units';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from './json';
import { checkAutoencoder, TRAIN_LOSS_NAMES, type JetAutoencoder, type TrainLoss } from './model';

/** What a model is created for, besides its own options. */
export interface ModelContext {
  /** Seed of the parameter initialization (an integer). */
  readonly seed: number;
  /** Particle slots per jet N of the data (30 for JetNet30). */
  readonly numParticles: number;
  /** Energy unit of the four-momenta the model takes and gives. */
  readonly units: EnergyUnit;
}

/** The value types of model options (lists are written `1,2,3` on the command line). */
export type ModelOptionType = 'integer' | 'number' | 'string' | 'boolean' | 'integers' | 'numbers';

/** One option of a model, as shown by `--help` and parsed by the command line. */
export interface ModelOptionSpec {
  /** camelCase name, e.g. 'latentVectors' (the flag is `--latent-vectors`). */
  readonly name: string;
  /** Value type. */
  readonly type: ModelOptionType;
  /** One line of help. */
  readonly description: string;
  /** Value used when the option is not given (omit for options without a default). */
  readonly default?: JsonValue;
  /** Allowed values of a 'string' option. */
  readonly choices?: readonly string[];
  /** A shorter kebab-case flag that means the same, e.g. 'agg' for 'aggregation' (`--agg`). */
  readonly alias?: string;
}

/** How a model kind is created. */
export interface ModelFactory {
  /** One line shown by `lorentz-irreps models`. */
  readonly description: string;
  /** The options `create` accepts, for validation and help; undefined accepts any JSON options. */
  readonly options?: readonly ModelOptionSpec[];
  /**
   * The training loss the command line records when `--loss` is not given (default 'chamfer');
   * 'model' for kinds whose models supply their own `trainingLoss` (e.g. 'cnnae'). A function
   * picks it from the model options (defaults filled in), e.g. the LGAE's 'mse' for 'mix' and
   * 'chamfer' for 'minmax'.
   */
  readonly defaultLoss?: TrainLoss | ((options: JsonObject) => TrainLoss);
  /**
   * Makes a model. Called with validated options (defaults filled in) for a new model, and with a
   * model's own `config()` when it is restored from saved weights: both must work.
   */
  create(options: JsonObject, context: ModelContext): JetAutoencoder;
}

const factories = new Map<string, ModelFactory>();
const KIND = /^[a-z][a-z0-9-]*$/;
const OPTION_TYPES: readonly ModelOptionType[] = ['integer', 'number', 'string', 'boolean', 'integers', 'numbers'];

/**
 * Registers (or replaces) the factory of a model kind.
 *
 * @param kind - lower-case name: a letter, then letters, digits or '-'.
 * @param factory - description, option specs and `create`.
 * @throws {@link ConfigError} for a bad kind, a factory without `create`, or malformed option specs.
 *
 * @example
 * ```ts
 * import { registerModel, unregisterModel, listModels } from 'lorentz-irreps';
 * registerModel('example-ae', { description: 'an example', create: () => { throw new Error('not built here'); } });
 * console.assert(listModels().includes('example-ae'));
 * console.assert(unregisterModel('example-ae') && !listModels().includes('example-ae'));
 * ```
 */
export function registerModel(kind: string, factory: ModelFactory): void {
  const fn = 'registerModel';
  if (typeof kind !== 'string' || !KIND.test(kind)) throw new ConfigError(invalid(fn, 'kind', "a lower-case name like 'lgae'", kind));
  if (factory === null || typeof factory !== 'object' || typeof factory.create !== 'function') {
    throw new ConfigError(invalid(fn, 'factory', 'an object { description, options?, create(options, context) }', factory));
  }
  if (typeof factory.description !== 'string') throw new ConfigError(invalid(fn, 'factory.description', 'a string', factory.description));
  if (factory.defaultLoss !== undefined && typeof factory.defaultLoss !== 'function' && !TRAIN_LOSS_NAMES.includes(factory.defaultLoss)) {
    throw new ConfigError(invalid(fn, 'factory.defaultLoss', `one of ${TRAIN_LOSS_NAMES.join(', ')} or a function of the options`, factory.defaultLoss));
  }
  if (factory.options !== undefined) {
    if (!Array.isArray(factory.options)) throw new ConfigError(invalid(fn, 'factory.options', 'an array of option specs', factory.options));
    const seen = new Set<string>();
    factory.options.forEach((o: ModelOptionSpec, i: number) => {
      const arg = `factory.options[${i}]`;
      if (o === null || typeof o !== 'object' || typeof o.name !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(o.name)) {
        throw new ConfigError(invalid(fn, `${arg}.name`, 'a camelCase name', o?.name));
      }
      if (seen.has(o.name)) throw new ConfigError(invalid(fn, `${arg}.name`, 'unique among the options', o.name));
      seen.add(o.name);
      if (!OPTION_TYPES.includes(o.type)) throw new ConfigError(invalid(fn, `${arg}.type`, `one of ${OPTION_TYPES.join(', ')}`, o.type));
      if (o.choices !== undefined && (o.type !== 'string' || !Array.isArray(o.choices))) {
        throw new ConfigError(invalid(fn, `${arg}.choices`, "an array of strings on a 'string' option", o.choices));
      }
      if (o.default !== undefined) checkOptionValue(o, o.default, fn, `${arg}.default`);
    });
  }
  factories.set(kind, factory);
}

/**
 * Removes a model kind; returns whether it was registered.
 *
 * @example
 * ```ts
 * import { unregisterModel } from 'lorentz-irreps';
 * console.assert(unregisterModel('no-such-model') === false);
 * ```
 */
export function unregisterModel(kind: string): boolean {
  return factories.delete(kind);
}

/**
 * The registered model kinds, sorted.
 *
 * @example
 * ```ts
 * import { listModels } from 'lorentz-irreps';
 * console.assert(Array.isArray(listModels()));
 * ```
 */
export function listModels(): string[] {
  return [...factories.keys()].sort();
}

/**
 * The factory of a kind.
 * @throws {@link ConfigError} naming the registered kinds when `kind` is not registered.
 *
 * @example
 * ```ts
 * import { getModelFactory, ConfigError } from 'lorentz-irreps';
 * try { getModelFactory('no-such-model'); console.assert(false); } catch (e) { console.assert(e instanceof ConfigError); }
 * ```
 */
export function getModelFactory(kind: string): ModelFactory {
  const f = factories.get(kind);
  if (f === undefined) {
    const known = listModels();
    throw new ConfigError(invalid('getModelFactory', 'kind', known.length > 0 ? `a registered model (${known.join(', ')})` : 'a registered model (none is registered)', kind));
  }
  return f;
}

/** Checks one option value against its spec; returns it. */
export function checkOptionValue(spec: ModelOptionSpec, value: unknown, fn: string, arg: string): JsonValue {
  const bad = (rule: string) => new ConfigError(invalid(fn, arg, rule, value));
  switch (spec.type) {
    case 'integer':
      if (!Number.isSafeInteger(value)) throw bad('an integer');
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a finite number');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      break;
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      if (spec.choices !== undefined && !spec.choices.includes(value)) throw bad(`one of ${spec.choices.join(', ')}`);
      break;
    case 'integers':
      if (!Array.isArray(value) || !value.every((x) => Number.isSafeInteger(x))) throw bad('a list of integers');
      break;
    case 'numbers':
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) throw bad('a list of finite numbers');
      break;
  }
  return value as JsonValue;
}

/** Checks a {@link ModelContext}. */
export function checkContext(context: unknown, fn: string): ModelContext {
  const c = context as ModelContext;
  if (c === null || typeof c !== 'object') throw new ConfigError(invalid(fn, 'context', 'an object { seed, numParticles, units }', context));
  if (!Number.isSafeInteger(c.seed)) throw new ConfigError(invalid(fn, 'context.seed', 'an integer', c.seed));
  if (!Number.isSafeInteger(c.numParticles) || c.numParticles < 1) throw new ConfigError(invalid(fn, 'context.numParticles', 'a positive integer', c.numParticles));
  unitScale(c.units, fn, 'context.units');
  return { seed: c.seed, numParticles: c.numParticles, units: c.units };
}

/**
 * The options of a kind with defaults filled in, each checked against the kind's option specs.
 * @throws {@link ConfigError} for an unknown kind, an unknown option or a value of the wrong type.
 *
 * @example
 * ```ts
 * import { registerModel, resolveModelOptions, unregisterModel } from 'lorentz-irreps';
 * registerModel('example-options', {
 *   description: 'an example',
 *   options: [{ name: 'width', type: 'integer', default: 4, description: 'layer width' }],
 *   create: () => { throw new Error('not built here'); },
 * });
 * console.assert(resolveModelOptions('example-options', {}).width === 4);
 * console.assert(resolveModelOptions('example-options', { width: 8 }).width === 8);
 * unregisterModel('example-options');
 * ```
 */
export function resolveModelOptions(kind: string, options: JsonObject = {}): JsonObject {
  const fn = 'resolveModelOptions';
  const factory = getModelFactory(kind);
  if (!isJsonObject(options) || toJson(options) === undefined) throw new ConfigError(invalid(fn, 'options', 'a JSON object', options));
  if (factory.options === undefined) return { ...options };
  const specs = new Map(factory.options.map((s) => [s.name, s]));
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(options)) {
    const spec = specs.get(k);
    if (spec === undefined) {
      throw new ConfigError(invalid(fn, `options.${k}`, `an option of model '${kind}' (${[...specs.keys()].join(', ') || 'it has none'})`, v));
    }
    out[k] = checkOptionValue(spec, v, fn, `options.${k}`);
  }
  for (const s of factory.options) if (!(s.name in out) && s.default !== undefined) out[s.name] = s.default;
  return out;
}

/**
 * Creates a new model of a registered kind: options are checked against the kind's specs and
 * completed with defaults, then passed to its factory with the context.
 *
 * @param kind - the registered kind.
 * @param options - the model's options (JSON).
 * @param context - seed, particle slots and units.
 * @returns the model (owned by the caller: dispose it).
 * @throws {@link ConfigError} for an unknown kind, bad options or context, or a factory that
 *   returns something that is not an autoencoder of that kind.
 *
 * @example
 * ```ts
 * import { createModel, ConfigError } from 'lorentz-irreps';
 * try {
 *   createModel('no-such-model', {}, { seed: 0, numParticles: 30, units: 'TeV' });
 *   console.assert(false);
 * } catch (e) {
 *   console.assert(e instanceof ConfigError);
 * }
 * ```
 */
export function createModel(kind: string, options: JsonObject, context: ModelContext): JetAutoencoder {
  const resolved = resolveModelOptions(kind, options);
  return build(kind, resolved, checkContext(context, 'createModel'), 'createModel');
}

/**
 * Rebuilds a model from its saved `config()` (no option checks: the config is the model's own),
 * with freshly initialized parameters; load weights into it afterwards.
 * @throws {@link ConfigError} for an unknown kind or a factory result of another kind.
 *
 * @example
 * ```ts
 * import { registerModel, restoreModel, unregisterModel, variable, tensor, type JsonObject, type Tensor } from 'lorentz-irreps';
 * registerModel('example-restore', {
 *   description: 'an example',
 *   create: (config: JsonObject) => {
 *     const w = variable(tensor([1]), { name: 'example-restore.w' });
 *     return { kind: 'example-restore', config: () => config, namedParameters: () => [{ name: 'w', variable: w }],
 *       reconstruct: (p: Tensor) => p, dispose: () => w.dispose() };
 *   },
 * });
 * const model = restoreModel('example-restore', { size: 3 }, { seed: 0, numParticles: 30, units: 'TeV' });
 * console.assert(model.config().size === 3);
 * model.dispose();
 * unregisterModel('example-restore');
 * ```
 */
export function restoreModel(kind: string, config: JsonObject, context: ModelContext): JetAutoencoder {
  if (!isJsonObject(config)) throw new ConfigError(invalid('restoreModel', 'config', 'a JSON object', config));
  return build(kind, config, checkContext(context, 'restoreModel'), 'restoreModel');
}

function build(kind: string, options: JsonObject, context: ModelContext, fn: string): JetAutoencoder {
  const model = checkAutoencoder(getModelFactory(kind).create(options, context), fn, `the model made by '${kind}'`);
  if (model.kind !== kind) {
    model.dispose();
    throw new ConfigError(invalid(fn, 'kind', `the kind of the model its factory makes ('${model.kind}')`, kind));
  }
  return model;
}

/**
 * The training loss a model kind trains with when none is asked for: its factory's `defaultLoss`
 * (a name, or a function of the options), else 'chamfer'.
 *
 * @param kind - a registered model kind.
 * @param options - the model options, defaults filled in.
 * @throws {@link ConfigError} for an unregistered kind or a factory that picks an unknown loss.
 *
 * @example
 * ```ts
 * import { factoryDefaultLoss } from 'lorentz-irreps';
 * console.assert(factoryDefaultLoss('lgae', { aggregation: 'mix' }) === 'mse');
 * console.assert(factoryDefaultLoss('lgae', { aggregation: 'minmax' }) === 'chamfer');
 * console.assert(factoryDefaultLoss('cnnae', {}) === 'model');
 * ```
 */
export function factoryDefaultLoss(kind: string, options: JsonObject): TrainLoss {
  const d = getModelFactory(kind).defaultLoss;
  const loss = typeof d === 'function' ? d(options) : (d ?? 'chamfer');
  if (!TRAIN_LOSS_NAMES.includes(loss)) {
    throw new ConfigError(invalid('factoryDefaultLoss', `defaultLoss of model '${kind}'`, `one of ${TRAIN_LOSS_NAMES.join(', ')}`, loss));
  }
  return loss;
}

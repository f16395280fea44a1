/**
 * The base class of layers and models: named parameters, irreps in and out, a one-line summary,
 * parameter save / load and functional parameter substitution.
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, ShapeError, invalid } from '../errors';
import type { Irreps } from '../math/irreps';
import { complexTensor, tensor, variable } from '../tensor/creation';
import { Tensor, type Variable } from '../tensor/tensor';
import type { DType } from '../tensor/types';
import { Random } from '../util/random';

/** Options every module accepts. */
export interface ModuleOptions {
  /** Prefix of the names of the module's variables (default: set by the class, e.g. 'mixRep'). */
  readonly name?: string;
  /**
   * Seed of the module's own generator for parameter initialization (an integer). Modules with
   * random parameters need `seed` or `random`.
   */
  readonly seed?: number;
  /** A generator to draw the initial parameters from instead of `seed` (shared: draws advance it). */
  readonly random?: Random;
  /** Storage precision of the parameters; default the active backend's default. */
  readonly dtype?: DType;
}

/** A parameter with its name relative to the module it is listed from, e.g. 'lmp1.mix.(0,0)'. */
export interface NamedParameter {
  readonly name: string;
  readonly variable: Variable;
}

/** Saved values of one parameter: its shape and values row-major (`im` for complex parameters). */
export interface ParameterState {
  readonly shape: readonly number[];
  readonly re: readonly number[];
  readonly im?: readonly number[];
}

/** Saved parameter values of a module by relative name (a plain, JSON-serializable object). */
export type ModuleState = { readonly [name: string]: ParameterState };

let overrides: Map<Variable, Tensor> | null = null;

/**
 * The generator of a module's initial parameters: `options.random`, or a new one from
 * `options.seed`.
 * @throws {@link ConfigError} when neither or both are given, or they are of the wrong type.
 * @internal
 */
export function moduleRandom(fn: string, options: ModuleOptions): Random {
  const { seed, random } = options;
  if (seed !== undefined && random !== undefined) throw new ConfigError(invalid(fn, 'options', 'given either seed or random, not both', { seed }));
  if (random !== undefined) {
    if (!(random instanceof Random)) throw new ConfigError(invalid(fn, 'options.random', 'a Random', random));
    return random;
  }
  if (seed === undefined) throw new ConfigError(invalid(fn, 'options', 'given a seed or a random generator (initialization is reproducible)', options));
  if (!Number.isInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', seed));
  return new Random(seed);
}

/**
 * Checks an options bag.
 * @throws {@link ConfigError} unless it is an object (or undefined, read as {}).
 * @internal
 */
export function optionsOf<T extends object>(fn: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  return options;
}

/**
 * A layer or model. A module declares the irreps it takes and gives ({@link Module.irrepsIn},
 * {@link Module.irrepsOut}, known without data), owns named {@link Variable}s (its parameters and
 * those of its sub-modules, listed by {@link Module.namedParameters}), prints a one-line
 * {@link Module.summary}, and saves and loads parameter values by name. Modules compute only with
 * tensor ops, so they run on every backend. Dispose a module to free its variables.
 *
 * Subclasses register parameters with `addParameter` and sub-modules with `addModule` in their
 * constructor, and read parameters through `param` so that {@link Module.withParameters} can
 * substitute them.
 *
 * @example
 * ```ts
 * import { MixRep } from 'lorentz-irreps';
 * const mix = new MixRep('1x(0,0)+1x(1/2,1/2)', 3, { seed: 1 });
 * console.assert(mix.summary() === 'MixRep(1x(0,0)+1x(1/2,1/2) -> 3x(0,0)+3x(1/2,1/2), 12 parameters)');
 * const saved = mix.state();
 * const again = new MixRep('1x(0,0)+1x(1/2,1/2)', 3, { seed: 2 });
 * again.loadState(JSON.parse(JSON.stringify(saved)));
 * console.assert(JSON.stringify(again.state()) === JSON.stringify(saved));
 * mix.dispose();
 * again.dispose();
 * ```
 */
export abstract class Module {
  /** Prefix of this module's variable names. */
  readonly name: string;
  /** The irreps of the features the module takes (Irreps.EMPTY when it takes none). */
  abstract readonly irrepsIn: Irreps;
  /** The irreps of the features the module gives. */
  abstract readonly irrepsOut: Irreps;
  private readonly own: [string, Variable][] = [];
  private readonly children: [string, Module][] = [];

  protected constructor(name: string | undefined, defaultName: string) {
    const n = name ?? defaultName;
    if (typeof n !== 'string' || n.length === 0) throw new ConfigError(invalid(this.constructor.name, 'options.name', 'a non-empty string', n));
    this.name = n;
  }

  /** Makes a variable `<name>.<localName>` holding `initial`'s values and disposes `initial`. */
  protected addParameter(localName: string, initial: Tensor, trainable = true): Variable {
    try {
      const v = variable(initial, { name: `${this.name}.${localName}`, trainable });
      this.own.push([localName, v]);
      return v;
    } finally {
      initial.dispose();
    }
  }

  /** Registers a sub-module under `localName` (its parameters are listed as `localName.<name>`). */
  protected addModule<M extends Module>(localName: string, module: M): M {
    this.children.push([localName, module]);
    return module;
  }

  /** The value to compute with: `v`, or its substitute inside {@link Module.withParameters}. */
  protected param(v: Variable): Tensor {
    return overrides?.get(v) ?? v;
  }

  /** The inside of the summary, e.g. '1x(0,0) -> 3x(0,0)'. */
  protected abstract describe(): string;

  /** Every parameter (trainable or not) of this module and its sub-modules, own ones first. */
  namedParameters(): NamedParameter[] {
    const out: NamedParameter[] = this.own.map(([name, v]) => ({ name, variable: v }));
    for (const [prefix, child] of this.children) {
      for (const p of child.namedParameters()) out.push({ name: `${prefix}.${p.name}`, variable: p.variable });
    }
    return out;
  }

  /** The trainable variables (what an optimizer updates), in the order of {@link Module.namedParameters}. */
  parameters(): Variable[] {
    return this.namedParameters()
      .map((p) => p.variable)
      .filter((v) => v.trainable);
  }

  /** Number of real trainable numbers (a complex entry counts 2). */
  numParameters(): number {
    return this.parameters().reduce((s, v) => s + v.size * (v.complex ? 2 : 1), 0);
  }

  /** One line: `Class(description, N parameters)`. */
  summary(): string {
    return `${this.constructor.name}(${this.describe()}, ${this.numParameters()} parameters)`;
  }

  /** The summary. */
  toString(): string {
    return this.summary();
  }

  /**
   * The parameter values by relative name, as plain arrays (JSON-serializable copies).
   * @throws {@link MemoryError} if the module was disposed.
   */
  state(): ModuleState {
    const out: Record<string, ParameterState> = {};
    for (const { name, variable: v } of this.namedParameters()) {
      const { re, im } = v.reImSync();
      out[name] = v.complex ? { shape: v.shape.slice(), re: Array.from(re), im: Array.from(im) } : { shape: v.shape.slice(), re: Array.from(re) };
    }
    return out;
  }

  /**
   * Sets every parameter from `state` (as made by {@link Module.state}); names must match exactly.
   * @throws {@link ConfigError} for a missing or unknown name or a non-object; {@link ShapeError}
   *   for a shape or length that differs; {@link DTypeError} for real values given to a complex
   *   parameter or the reverse, or values that are not finite numbers.
   */
  loadState(state: ModuleState): void {
    const fn = `${this.constructor.name}.loadState`;
    if (state === null || typeof state !== 'object') throw new ConfigError(invalid(fn, 'state', 'an object of parameter states by name', state));
    const params = this.namedParameters();
    const known = new Set(params.map((p) => p.name));
    for (const name of Object.keys(state)) {
      if (!known.has(name)) throw new ConfigError(invalid(fn, 'state', `a state with only the module's parameter names (${[...known].join(', ')})`, name));
    }
    const values = params.map(({ name, variable: v }) => {
      const s = state[name];
      if (s === undefined) throw new ConfigError(invalid(fn, 'state', `a state with every parameter (missing ${name})`, Object.keys(state)));
      const arg = `state[${JSON.stringify(name)}]`;
      if (!Array.isArray(s.shape) || s.shape.join() !== v.shape.join()) throw new ShapeError(invalid(fn, `${arg}.shape`, `[${v.shape.join(',')}]`, s.shape));
      const read = (a: unknown, part: string): Float64Array => {
        if (!Array.isArray(a) || a.length !== v.size) throw new ShapeError(invalid(fn, `${arg}.${part}`, `an array of ${v.size} numbers`, a));
        if (!a.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new DTypeError(invalid(fn, `${arg}.${part}`, 'finite numbers', a));
        return Float64Array.from(a as number[]);
      };
      if ((s.im !== undefined) !== v.complex) throw new DTypeError(invalid(fn, `${arg}.im`, v.complex ? 'present (complex parameter)' : 'absent (real parameter)', s.im));
      return { v, re: read(s.re, 're'), im: s.im === undefined ? null : read(s.im, 'im') };
    });
    for (const { v, re, im } of values) {
      const t = im === null ? tensor(re, v.shape, { dtype: v.dtype }) : complexTensor(re, im, v.shape, { dtype: v.dtype });
      v.assign(t);
      t.dispose();
    }
  }

  /**
   * Runs `fn` with some parameters replaced by the given tensors (by relative name), e.g. to
   * differentiate with respect to parameter values as ordinary inputs; restores them after.
   * @throws {@link ConfigError} for an unknown name; {@link ShapeError} / {@link DTypeError} for
   *   a substitute of another shape or kind.
   */
  withParameters<T>(values: Readonly<Record<string, Tensor>>, fn: () => T): T {
    const f = `${this.constructor.name}.withParameters`;
    const byName = new Map(this.namedParameters().map((p) => [p.name, p.variable]));
    const next = new Map(overrides ?? []);
    for (const [name, t] of Object.entries(values)) {
      const v = byName.get(name);
      if (v === undefined) throw new ConfigError(invalid(f, 'values', `keyed by parameter names (${[...byName.keys()].join(', ')})`, name));
      if (!(t instanceof Tensor)) throw new DTypeError(invalid(f, `values[${JSON.stringify(name)}]`, 'a Tensor', t));
      if (t.shape.join() !== v.shape.join()) throw new ShapeError(invalid(f, `values[${JSON.stringify(name)}]`, `of shape [${v.shape.join(',')}]`, t.shape));
      if (t.dtype !== v.dtype) throw new DTypeError(invalid(f, `values[${JSON.stringify(name)}]`, `of dtype ${v.dtype}`, t.dtype));
      next.set(v, t);
    }
    const saved = overrides;
    overrides = next;
    try {
      return fn();
    } finally {
      overrides = saved;
    }
  }

  /** Disposes every variable of this module and its sub-modules. */
  dispose(): void {
    for (const { variable: v } of this.namedParameters()) v.dispose();
  }
}

/**
 * The base of every optimizer: variable bookkeeping, the three accepted gradient forms, `step`,
 * `minimize`, the learning rate, and state save / restore. Subclasses supply one update rule on
 * real arrays; a complex variable w = a + ib is updated as the two real arrays a and b (the
 * gradient convention dL/da + i dL/db makes its gradient the pair (dL/da, dL/db)).
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, ShapeError, invalid } from '../errors';
import { variableGrads } from '../tensor/autodiff';
import { ENGINE } from '../tensor/engine';
import { Tensor, Variable } from '../tensor/tensor';
import type { FloatArray } from '../tensor/types';
import { resolveGradients, type GradientsInput } from './gradients';
import { hostParts, newParamArray, ownedCpuParts, writeVariable } from './host';
import { count, defineEntry, plainObject, slotArray, type OptimizerState, type VariableState } from './state';
import { nonNegative } from './validate';

/** State of one variable: its slots (real parts then imaginary parts) and views on each part. */
interface Entry {
  readonly variable: Variable;
  step: number;
  readonly slots: Float64Array[];
  /** `parts[0]`: views on the real halves of the slots; `parts[1]`: on the imaginary halves. */
  readonly parts: Float64Array[][];
}

function makeEntry(variable: Variable, step: number, slots: Float64Array[]): Entry {
  const n = variable.size;
  const parts = variable.complex ? [slots.map((s) => s.subarray(0, n)), slots.map((s) => s.subarray(n, 2 * n))] : [slots];
  return { variable, step, slots, parts };
}

/**
 * Common behaviour of {@link Adam} and {@link SGD}. Not constructed directly.
 *
 * Life cycle: state for a variable is created (zeros) the first time it receives a gradient, kept
 * by variable, and keyed by the variable's name in {@link Optimizer.getState}; names of the
 * variables an optimizer updates must therefore be distinct. The state of a disposed variable is
 * dropped. An update writes into a variable's CPU buffer only when no other tensor views it;
 * otherwise the variable gets a new buffer through `Variable.assign` (tensors sharing the old
 * buffer keep their values).
 *
 * @example
 * ```ts
 * import { Adam, variable, tensor, variableGrads, sum, square, dispose } from 'lorentz-irreps';
 * const w = variable(tensor([1, -1]), { name: 'checkpoint-w' });
 * const opt = new Adam({ lr: 0.1 });
 * const r = variableGrads(() => sum(square(w)), [w]);
 * opt.step(r); // or a Map from variable to gradient, or { 'checkpoint-w': gradient }
 * dispose([r.value, ...r.grads]);
 * const checkpoint = structuredClone(opt.getState());
 * const resumed = new Adam({ lr: 0.1 });
 * resumed.setState(checkpoint);
 * console.assert(resumed.iterations === 1 && checkpoint.variables['checkpoint-w'].step === 1);
 * w.dispose();
 * ```
 */
export abstract class Optimizer {
  /** Name used in errors and state: `'Adam'`, `'SGD'`. */
  readonly kind: string;
  private lrValue: number;
  private iterationCount = 0;
  private readonly entries = new Map<Variable, Entry>();
  private readonly byName = new Map<string, Entry>();

  /** @internal */
  protected constructor(kind: string, lr: unknown) {
    this.kind = kind;
    this.lrValue = nonNegative(lr, kind, 'options.lr');
  }

  /** Names of the per-variable slots (in storage order). */
  protected abstract slotNames(): readonly string[];

  /** Hyperparameters other than `lr`, as stored in the state. */
  protected abstract config(): { [key: string]: number | boolean };

  /**
   * Updates one real array: reads parameters `p` and gradients `g`, updates the slot arrays in
   * place, writes the new parameters to `out`. `step` counts this update (1 on the first).
   */
  protected abstract updateReal(slots: readonly Float64Array[], step: number, p: FloatArray, g: FloatArray, out: FloatArray): void;

  /**
   * The learning rate (>= 0). Settable between steps, e.g. by a schedule.
   * @throws {@link ConfigError} when set to a negative or non-finite value.
   */
  get lr(): number {
    return this.lrValue;
  }

  set lr(value: number) {
    this.lrValue = nonNegative(value, `${this.kind}.lr`, 'lr');
  }

  /** Number of {@link Optimizer.step} calls since creation (or since the state was reset or restored). */
  get iterations(): number {
    return this.iterationCount;
  }

  /**
   * Applies one update to each variable that has a gradient in `grads` (variables absent from
   * `grads` are left alone and their state does not advance). Every gradient is validated before
   * anything changes. `grads` stays owned by the caller.
   * @param grads - the result of `variableGrads`, a `Map<Variable, Tensor>`, or an object from
   *   variable name to gradient (a name resolves to a variable this optimizer already updates, else
   *   to the one live trainable variable of that name).
   * @throws {@link ConfigError} for an unknown or ambiguous name, a repeated variable, two
   *   variables of one name, or an input of none of the forms; {@link ShapeError},
   *   {@link DTypeError}, {@link BackendError} for a gradient of another shape, dtype, complexity or
   *   backend than its variable; {@link MemoryError} for a disposed variable or gradient;
   *   {@link NumericsError} with checkNumerics on when a new value is not finite (that variable
   *   keeps its value; its slots have advanced).
   */
  step(grads: GradientsInput): void {
    const fn = `${this.kind}.step`;
    const pairs = resolveGradients(fn, grads, (name, arg) => this.lookup(fn, name, arg));
    const entries = this.entriesFor(fn, pairs.map((p) => p.variable));
    this.iterationCount++;
    for (let k = 0; k < pairs.length; k++) this.apply(fn, entries[k], pairs[k].grad);
  }

  /**
   * Computes the loss and its gradients with `variableGrads`, applies one {@link Optimizer.step},
   * disposes the gradients and the loss tensor, and returns the loss value (before the update).
   * @param loss - a function returning a real scalar loss tensor.
   * @param variables - the variables to update; default every live trainable variable.
   * @throws as `variableGrads` and {@link Optimizer.step}.
   */
  minimize(loss: () => Tensor, variables?: readonly Variable[]): number {
    if (typeof loss !== 'function') {
      throw new ConfigError(invalid(`${this.kind}.minimize`, 'loss', 'a function returning a scalar loss tensor', loss));
    }
    const { value, grads, variables: used } = variableGrads(loss, variables);
    try {
      this.step({ grads, variables: used });
      return value.dataSync()[0];
    } finally {
      value.dispose();
      for (const g of grads) g.dispose();
    }
  }

  /**
   * Forgets the state (moments, step counts) of the given variables, or of all variables and the
   * iteration count when called without arguments; the next update of such a variable starts from
   * zero state.
   * @throws {@link ConfigError} if `variables` is not an array of Variables.
   */
  resetState(variables?: readonly Variable[]): void {
    if (variables === undefined) {
      this.entries.clear();
      this.byName.clear();
      this.iterationCount = 0;
      return;
    }
    if (!Array.isArray(variables)) throw new ConfigError(invalid(`${this.kind}.resetState`, 'variables', 'an array of Variables', variables));
    variables.forEach((v, i) => {
      if (!(v instanceof Variable)) throw new ConfigError(invalid(`${this.kind}.resetState`, `variables[${i}]`, 'a Variable', v));
    });
    for (const v of variables) {
      const e = this.entries.get(v);
      if (e === undefined) continue;
      this.entries.delete(v);
      if (this.byName.get(v.name) === e) this.byName.delete(v.name);
    }
  }

  /**
   * A copy of the whole state, for checkpoints: hyperparameters (with the current `lr`), the
   * iteration count, and each live variable's step count and slots keyed by its name. Restoring it
   * with {@link Optimizer.setState} (on variables of the same names and values) continues the
   * trajectory exactly.
   */
  getState(): OptimizerState {
    this.prune();
    const names = this.slotNames();
    const variables: Record<string, VariableState> = {};
    for (const e of this.entries.values()) {
      const slots: Record<string, Float64Array> = {};
      names.forEach((s, i) => defineEntry(slots, s, e.slots[i].slice()));
      defineEntry(variables, e.variable.name, { step: e.step, complex: e.variable.complex, slots });
    }
    return { optimizer: this.kind, iterations: this.iterationCount, config: { ...this.config(), lr: this.lrValue }, variables };
  }

  /**
   * Replaces the whole state by `state` (from {@link Optimizer.getState}; the arrays are copied).
   * With `variables`, each name in `state` is looked up among these variables only (their names
   * must be distinct), so other live variables of the same name (a second copy of a model, say) do
   * not matter. Without it, variables are found by name among those this optimizer updates and
   * the live trainable variables. Variables not in `state` start from zero state. The
   * hyperparameters in `state` must equal this optimizer's, except `lr`, which is restored.
   * Nothing changes when it throws.
   * @param state - a state from {@link Optimizer.getState} (Float64Arrays or number arrays).
   * @param variables - the variables the state belongs to (optional).
   * @throws {@link ConfigError} for another optimizer kind, different hyperparameters, a name
   *   that matches no variable (or several), `variables` that is not an array of distinct-named
   *   live Variables, a missing or unknown slot, or a malformed field;
   *   {@link DTypeError} when a variable's complexity differs from the state's;
   *   {@link ShapeError} when a slot's length does not match its variable.
   *
   * @example
   * ```ts
   * import { Adam, variable, tensor, variableGrads, sum, square, dispose } from 'lorentz-irreps';
   * const w = variable(tensor([1, -1]), { name: 'explicit-w' });
   * const opt = new Adam({ lr: 0.1 });
   * const r = variableGrads(() => sum(square(w)), [w]);
   * opt.step(r);
   * dispose([r.value, ...r.grads]);
   * const saved = opt.getState();
   * const twin = variable(tensor([1, -1]), { name: 'explicit-w' }); // same name: ambiguous by name alone
   * const resumed = new Adam({ lr: 0.1 });
   * resumed.setState(saved, [twin]);
   * console.assert(resumed.getState().variables['explicit-w'].step === 1);
   * w.dispose();
   * twin.dispose();
   * ```
   */
  setState(state: OptimizerState, variables?: readonly Variable[]): void {
    const fn = `${this.kind}.setState`;
    const given = variables === undefined ? null : this.variablesByName(fn, variables);
    const s = plainObject(state, fn, 'state');
    if (s.optimizer !== this.kind) throw new ConfigError(invalid(fn, 'state.optimizer', `'${this.kind}'`, s.optimizer));
    const iterations = count(s.iterations, fn, 'state.iterations');
    const config = plainObject(s.config, fn, 'state.config');
    const ours = this.config();
    for (const key of Object.keys(config)) {
      if (key !== 'lr' && !(key in ours)) throw new ConfigError(invalid(fn, `state.config.${key}`, `one of the hyperparameters of ${this.kind}`, key));
    }
    for (const [key, value] of Object.entries(ours)) {
      if (config[key] !== value) {
        throw new ConfigError(invalid(fn, `state.config.${key}`, `${String(value)} (the value this optimizer was made with)`, config[key]));
      }
    }
    const lr = nonNegative(config.lr, fn, 'state.config.lr');
    const vars = plainObject(s.variables, fn, 'state.variables');
    const slotNames = this.slotNames();
    const restored: Entry[] = [];
    for (const [name, raw] of Object.entries(vars)) {
      const arg = `state.variables[${JSON.stringify(name)}]`;
      const v = given === null ? this.lookup(fn, name, arg) : given.get(name);
      if (v === undefined) throw new ConfigError(invalid(fn, arg, 'the name of one of the given variables', name));
      const vs = plainObject(raw, fn, arg);
      if (vs.complex !== v.complex) {
        throw new DTypeError(invalid(fn, `${arg}.complex`, `${v.complex} like variable '${name}'`, vs.complex));
      }
      const step = count(vs.step, fn, `${arg}.step`);
      const slots = plainObject(vs.slots, fn, `${arg}.slots`);
      for (const key of Object.keys(slots)) {
        if (!slotNames.includes(key)) throw new ConfigError(invalid(fn, `${arg}.slots`, `free of slots other than ${slotNames.join(', ') || 'none'}`, key));
      }
      const length = v.size * (v.complex ? 2 : 1);
      const arrays = slotNames.map((slot) => {
        if (!(slot in slots)) throw new ConfigError(invalid(fn, `${arg}.slots`, `holding slot '${slot}'`, Object.keys(slots)));
        const a = slotArray(slots[slot], fn, `${arg}.slots.${slot}`);
        if (a.length !== length) throw new ShapeError(invalid(fn, `${arg}.slots.${slot}`, `of length ${length} for variable '${name}'`, a.length));
        return a;
      });
      restored.push(makeEntry(v, step, arrays));
    }
    this.entries.clear();
    this.byName.clear();
    for (const e of restored) {
      this.entries.set(e.variable, e);
      this.byName.set(e.variable.name, e);
    }
    this.iterationCount = iterations;
    this.lrValue = lr;
  }

  /** One-line summary, e.g. `Adam(lr=0.001, beta1=0.9, ...)`. */
  toString(): string {
    const parts = Object.entries({ lr: this.lrValue, ...this.config() }).map(([k, v]) => `${k}=${String(v)}`);
    return `${this.kind}(${parts.join(', ')})`;
  }

  private apply(fn: string, e: Entry, grad: Tensor): void {
    const v = e.variable;
    const g = hostParts(grad);
    e.step++;
    // In place when nothing else can see the buffer (and no non-finite check must be able to refuse
    // the new values): each element is read before it is written, so p and out may be one array.
    const owned = ENGINE.checkNumerics ? null : ownedCpuParts(v);
    if (owned !== null) {
      this.updateReal(e.parts[0], e.step, owned.re, g.re, owned.re);
      if (v.complex) this.updateReal(e.parts[1], e.step, owned.im!, g.im!, owned.im!);
      return;
    }
    const p = hostParts(v);
    const re = newParamArray(v);
    this.updateReal(e.parts[0], e.step, p.re, g.re, re);
    let im: FloatArray | null = null;
    if (v.complex) {
      im = newParamArray(v);
      this.updateReal(e.parts[1], e.step, p.im!, g.im!, im);
    }
    writeVariable(v, re, im, fn);
  }

  /** The entries of `variables`, creating zero state for new ones after checking name clashes. */
  private entriesFor(fn: string, variables: readonly Variable[]): Entry[] {
    const fresh = new Map<string, Variable>();
    for (const v of variables) {
      if (this.entries.has(v)) continue;
      const owner = this.byName.get(v.name)?.variable;
      const clash = owner !== undefined && !owner.isDisposed ? owner : fresh.get(v.name);
      if (clash !== undefined && clash !== v) {
        throw new ConfigError(invalid(fn, 'grads', 'variables of distinct names (the state is keyed by name)', v.name));
      }
      fresh.set(v.name, v);
    }
    const n = this.slotNames().length;
    return variables.map((v) => {
      let e = this.entries.get(v);
      if (e === undefined) {
        const old = this.byName.get(v.name);
        if (old !== undefined) this.entries.delete(old.variable);
        const length = v.size * (v.complex ? 2 : 1);
        e = makeEntry(v, 0, Array.from({ length: n }, () => new Float64Array(length)));
        this.entries.set(v, e);
        this.byName.set(v.name, e);
      }
      return e;
    });
  }

  /** The variable named `name`: one this optimizer updates, else the one live trainable variable of that name. */
  private lookup(fn: string, name: string, arg: string): Variable {
    const own = this.byName.get(name)?.variable;
    if (own !== undefined && !own.isDisposed) return own;
    const live = ENGINE.trainableVariables().filter((v) => v.name === name);
    if (live.length === 1) return live[0];
    const rule =
      live.length === 0
        ? 'the name of a variable this optimizer updates or of a live trainable variable'
        : `the name of one live trainable variable (${live.length} share it)`;
    throw new ConfigError(invalid(fn, arg, rule, name));
  }

  /** The given variables by name, after checking they are live Variables of distinct names. */
  private variablesByName(fn: string, variables: unknown): Map<string, Variable> {
    if (!Array.isArray(variables)) throw new ConfigError(invalid(fn, 'variables', 'an array of Variables', variables));
    const byName = new Map<string, Variable>();
    variables.forEach((v: unknown, i) => {
      if (!(v instanceof Variable) || v.isDisposed) throw new ConfigError(invalid(fn, `variables[${i}]`, 'a live (not disposed) Variable', v));
      const other = byName.get(v.name);
      if (other !== undefined && other !== v) throw new ConfigError(invalid(fn, `variables[${i}]`, 'a Variable whose name no other given variable has (the state is keyed by name)', v.name));
      byName.set(v.name, v);
    });
    return byName;
  }

  /** Drops the state of disposed variables. */
  private prune(): void {
    for (const [v, e] of this.entries) {
      if (!v.isDisposed) continue;
      this.entries.delete(v);
      if (this.byName.get(v.name) === e) this.byName.delete(v.name);
    }
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import {
  Adam,
  BackendError,
  ConfigError,
  DTypeError,
  MemoryError,
  NumericsError,
  SGD,
  ShapeError,
  abs,
  add,
  clone,
  complexTensor,
  matmul,
  memory,
  mul,
  registerBackend,
  removeBackend,
  setBackend,
  setCheckNumerics,
  setTestMode,
  square,
  sub,
  sum,
  tensor,
  tidy,
  variable,
  variableGrads,
  type Backend,
  type DataId,
  type DType,
  type FloatArray,
  type OptimizerState,
  type PlanarData,
  type Tensor,
  type Variable,
} from 'lorentz-irreps';
import { RefAdamParam } from './reference';

/** A loss over several small variables, one of them complex. */
function makeModel(prefix: string, values?: { w: number[]; b: number[]; zRe: number[]; zIm: number[] }) {
  const v = values ?? { w: [0.5, -0.25, 1, 0.75], b: [0.1, -0.1], zRe: [0.3, -0.2], zIm: [0.6, 0.1] };
  const own = (t: Tensor, name: string): Variable => {
    const made = variable(t, { name });
    t.dispose();
    return made;
  };
  const w = own(tensor(v.w, [2, 2]), `${prefix}w`);
  const b = own(tensor(v.b, [1, 2]), `${prefix}b`);
  const z = own(complexTensor(v.zRe, v.zIm), `${prefix}z`);
  const x = tensor([[1, 2], [-1, 0.5], [0.25, -3]]);
  const y = tensor([[0.5, -1], [2, 0], [1, 1]]);
  const target = complexTensor([1, -1], [0.5, 2]);
  const loss = (): Tensor =>
    add(sum(square(sub(add(matmul(x, w), b), y))), sum(square(abs(sub(mul(z, z), target)))));
  const snapshot = () => ({
    w: Array.from(w.dataSync()),
    b: Array.from(b.dataSync()),
    zRe: Array.from(z.reImSync().re),
    zIm: Array.from(z.reImSync().im),
  });
  const dispose = () => [w, b, z, x, y, target].forEach((t) => t.dispose());
  return { w, b, z, vars: [w, b, z] as Variable[], loss, snapshot, dispose };
}

function withJsonArrays(state: OptimizerState): OptimizerState {
  return JSON.parse(
    JSON.stringify(state, (_key, value) => (value instanceof Float64Array ? Array.from(value) : value)),
  ) as OptimizerState;
}

afterEach(() => {
  setTestMode(false);
  setCheckNumerics(false);
});

describe('Optimizer.step', () => {
  it('accepts the result of variableGrads, a Map, and an object keyed by variable name, with the same effect', () => {
    const results = (['grads', 'map', 'names'] as const).map((form) => {
      const m = makeModel(`step-${form}-`);
      const opt = new Adam({ lr: 0.01 });
      for (let i = 0; i < 3; i++) {
        const r = variableGrads(m.loss, m.vars);
        if (form === 'grads') opt.step(r);
        else if (form === 'map') opt.step(new Map(m.vars.map((v, k) => [v, r.grads[k]])));
        else opt.step(Object.fromEntries(m.vars.map((v, k) => [v.name, r.grads[k]])));
        r.value.dispose();
        r.grads.forEach((g) => g.dispose());
      }
      const s = m.snapshot();
      m.dispose();
      return s;
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('leaves variables without a gradient and their state untouched', () => {
    const a = variable(tensor([1]), { name: 'untouched-a' });
    const b = variable(tensor([2]), { name: 'untouched-b' });
    const opt = new Adam({ lr: 0.1 });
    const g = tensor([1]);
    opt.step(new Map([[a, g]]));
    opt.step(new Map([[a, g]]));
    opt.step(new Map([[b, g]]));
    const state = opt.getState();
    expect(state.iterations).toBe(3);
    expect(state.variables['untouched-a'].step).toBe(2);
    expect(state.variables['untouched-b'].step).toBe(1);
    // b's first update has bias-corrected step exactly lr (eps aside).
    expect(b.dataSync()[0]).toBeCloseTo(1.9, 7);
    [a, b, g].forEach((t) => t.dispose());
  });

  it('never writes into a buffer another tensor shares: the initial tensor and clones keep their values', () => {
    const initial = tensor([1, 2, 3]);
    const w = variable(initial);
    const before = clone(w);
    const g = tensor([1, 1, 1]);
    const opt = new SGD({ lr: 0.5 });
    opt.step(new Map([[w, g]]));
    expect(Array.from(w.dataSync())).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(initial.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(before.dataSync())).toEqual([1, 2, 3]);
    // Now w owns its buffer; a clone taken later must not see the next update either.
    opt.step(new Map([[w, g]]));
    const later = clone(w);
    opt.step(new Map([[w, g]]));
    expect(Array.from(later.dataSync())).toEqual([0, 1, 2]);
    expect(Array.from(w.dataSync())).toEqual([-0.5, 0.5, 1.5]);
    [initial, w, before, later, g].forEach((t) => t.dispose());
  });

  it('updates a variable that owns its CPU buffer in place and copies one whose buffer is shared', () => {
    const initial = tensor([1, 2]);
    const w = variable(initial);
    const g = tensor([1, 1]);
    const opt = new Adam();
    const shared = w.dataId;
    opt.step(new Map([[w, g]]));
    expect(w.dataId).not.toBe(shared);
    const owned = w.dataId;
    opt.step(new Map([[w, g]]));
    expect(w.dataId).toBe(owned);
    [initial, w, g].forEach((t) => t.dispose());
  });

  it('gives the same trajectory whether a variable is updated in place or copied because another tensor shares it', () => {
    const owned = makeModel('owned-');
    const shared = makeModel('shared-');
    const holders = shared.vars.map((v) => clone(v));
    const optOwned = new Adam({ lr: 0.05, amsgrad: true });
    const optShared = new Adam({ lr: 0.05, amsgrad: true });
    for (let i = 0; i < 10; i++) {
      optOwned.minimize(owned.loss, owned.vars);
      optShared.minimize(shared.loss, shared.vars);
      // Keep a tensor sharing each variable's current buffer, so every update must copy.
      holders.forEach((h) => h.dispose());
      holders.splice(0, holders.length, ...shared.vars.map((v) => clone(v)));
      expect(shared.snapshot()).toEqual(owned.snapshot());
    }
    holders.forEach((h) => h.dispose());
    owned.dispose();
    shared.dispose();
  });

  it('leaks no tensor or buffer over many steps, in test mode, inside and outside tidy', () => {
    setTestMode(true);
    const m = makeModel('leak-');
    const optimizers = [new Adam({ lr: 0.01, amsgrad: true, weightDecay: 0.1 }), new SGD({ lr: 0.01, momentum: 0.9 })];
    const before = memory();
    for (const opt of optimizers) {
      for (let i = 0; i < 30; i++) opt.minimize(m.loss, m.vars);
      tidy(() => {
        const r = variableGrads(m.loss, m.vars);
        opt.step(r);
      });
    }
    expect(memory()).toEqual(before);
    m.dispose();
  });

  it('rejects gradients that do not fit their variable, unknown names, repeated variables and other inputs', () => {
    const w = variable(tensor([1, 2]), { name: 'fit-w' });
    const z = variable(complexTensor([1], [2]), { name: 'fit-z' });
    const opt = new Adam();
    const cases: [unknown, new (...args: never[]) => Error, string][] = [
      [new Map([[w, tensor([1, 2, 3])]]), ShapeError, 'grads.get(fit-w)'],
      [new Map([[w, complexTensor([1, 2], [0, 0])]]), DTypeError, 'grads.get(fit-w)'],
      [new Map([[z, tensor([1])]]), DTypeError, 'grads.get(fit-z)'],
      [new Map([[w, tensor([1, 2], undefined, { dtype: 'float32' })]]), DTypeError, 'grads.get(fit-w)'],
      [new Map([[w, 'g']]), DTypeError, 'grads.get(fit-w)'],
      [new Map([[tensor([1, 2]), tensor([1, 2])]]), ConfigError, 'grads.get(?)'],
      [{ 'no-such-variable': tensor([1]) }, ConfigError, 'grads["no-such-variable"]'],
      [{ grads: [tensor([1, 2])], variables: [w, z] }, ConfigError, 'grads'],
      [{ grads: [tensor([1, 2]), tensor([1, 2])], variables: [w, w] }, ConfigError, 'grads'],
      [[tensor([1, 2])], ConfigError, 'grads'],
      [null, ConfigError, 'grads'],
    ];
    for (const [input, kind, argument] of cases) {
      try {
        opt.step(input as never);
        expect.unreachable(`${argument} accepted`);
      } catch (e) {
        expect(e).toBeInstanceOf(kind);
        expect((e as ConfigError).fn).toBe('Adam.step');
        expect((e as ConfigError).argument).toBe(argument);
      }
    }
    expect(opt.iterations).toBe(0);
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    w.dispose();
    z.dispose();
  });

  it('rejects a disposed variable or gradient with MemoryError', () => {
    const w = variable(tensor([1]));
    const g = tensor([1]);
    g.dispose();
    expect(() => new SGD({ lr: 1 }).step(new Map([[w, g]]))).toThrow(MemoryError);
    w.dispose();
    expect(() => new SGD({ lr: 1 }).step(new Map([[w, tensor([1])]]))).toThrow(MemoryError);
  });

  it('refuses two live variables of one name, since the state is keyed by name', () => {
    const a = variable(tensor([1]), { name: 'twin' });
    const b = variable(tensor([1]), { name: 'twin' });
    const g = tensor([1]);
    const opt = new SGD({ lr: 1, momentum: 0.5 });
    opt.step(new Map([[a, g]]));
    expect(() => opt.step(new Map([[b, g]]))).toThrow(ConfigError);
    expect(() => new SGD({ lr: 1 }).step({ twin: g })).toThrow(/2 share it/);
    // Once the first is disposed its state is dropped and the name is free again.
    a.dispose();
    opt.step(new Map([[b, g]]));
    expect(Object.keys(opt.getState().variables)).toEqual(['twin']);
    expect(opt.getState().variables.twin.step).toBe(1);
    b.dispose();
    g.dispose();
  });

  it('with checkNumerics on, refuses a non-finite result and keeps the old value', () => {
    setCheckNumerics(true);
    const w = variable(tensor([1, 2]), { name: 'numerics-w' });
    const g = tensor([0, Infinity]);
    try {
      new SGD({ lr: 1 }).step(new Map([[w, g]]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NumericsError);
      expect((e as NumericsError).message).toContain("'numerics-w'");
      expect((e as NumericsError).message).toContain('flat index 1');
    }
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    w.dispose();
    g.dispose();
  });
});

describe('Optimizer.minimize', () => {
  it('returns the loss before the update and by default updates every live trainable variable', () => {
    const w = variable(tensor([3]), { name: 'minimize-w' });
    const frozen = variable(tensor([5]), { name: 'minimize-frozen', trainable: false });
    const opt = new SGD({ lr: 0.25 });
    const loss = opt.minimize(() => sum(square(mul(w, frozen))));
    expect(loss).toBe(225);
    // dL/dw = 2 w frozen^2 = 150.
    expect(w.dataSync()[0]).toBe(3 - 0.25 * 150);
    expect(frozen.dataSync()[0]).toBe(5);
    w.dispose();
    frozen.dispose();
  });

  it('rejects a loss that is not a function', () => {
    expect(() => new Adam().minimize(3 as never)).toThrow(ConfigError);
  });
});

describe('Optimizer.lr', () => {
  it('can follow a schedule set between steps, matching the reference step by step', () => {
    const w = variable(tensor([2, -1]));
    const opt = new Adam({ lr: 1 });
    const h = { lr: 1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false };
    const refs = [new RefAdamParam(2, h), new RefAdamParam(-1, h)];
    for (let t = 0; t < 30; t++) {
      const lr = 0.1 * 0.5 * (1 + Math.cos((Math.PI * t) / 30));
      opt.lr = lr;
      h.lr = lr;
      const gValues = Array.from(w.dataSync()).map((x) => 2 * x - 1);
      const g = tensor(gValues);
      opt.step(new Map([[w, g]]));
      g.dispose();
      refs.forEach((r, i) => r.update(gValues[i]));
      expect(Array.from(w.dataSync())).toEqual(refs.map((r) => r.theta));
    }
    w.dispose();
  });

  it('rejects a negative or non-finite learning rate', () => {
    const opt = new SGD({ lr: 0.1 });
    for (const lr of [-0.1, Number.NaN, Infinity, '0.1']) expect(() => (opt.lr = lr as number)).toThrow(ConfigError);
    expect(opt.lr).toBe(0.1);
    opt.lr = 0;
    expect(opt.lr).toBe(0);
  });
});

describe('Optimizer state', () => {
  for (const [label, make] of [
    ['Adam', () => new Adam({ lr: 0.02, amsgrad: true, weightDecay: 0.01 })],
    ['AdamW', () => new Adam({ lr: 0.02, weightDecay: 0.1, decoupled: true })],
    ['SGD', () => new SGD({ lr: 0.01, momentum: 0.9, nesterov: true })],
  ] as const) {
    it(`${label}: a checkpoint restored into fresh variables and a fresh optimizer continues identically`, () => {
      const m = makeModel(`ckpt-${label}-`);
      const opt = make();
      for (let i = 0; i < 7; i++) opt.minimize(m.loss, m.vars);
      const state = structuredClone(opt.getState());
      const jsonState = withJsonArrays(opt.getState());
      const values = m.snapshot();
      const trajectory: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        trajectory.push(opt.minimize(m.loss, m.vars), m.snapshot());
      }
      m.dispose();
      for (const saved of [state, jsonState]) {
        const fresh = makeModel(`ckpt-${label}-`, values);
        const resumed = make();
        resumed.setState(saved);
        expect(resumed.iterations).toBe(7);
        const replay: unknown[] = [];
        for (let i = 0; i < 5; i++) replay.push(resumed.minimize(fresh.loss, fresh.vars), fresh.snapshot());
        expect(replay).toEqual(trajectory);
        fresh.dispose();
      }
    });
  }

  it('getState returns copies: later steps do not change a saved state', () => {
    const w = variable(tensor([1]), { name: 'copy-w' });
    const opt = new Adam();
    opt.minimize(() => sum(square(w)), [w]);
    const state = opt.getState();
    const m0 = state.variables['copy-w'].slots.m[0];
    opt.minimize(() => sum(square(w)), [w]);
    expect(state.variables['copy-w'].slots.m[0]).toBe(m0);
    expect(state.variables['copy-w'].complex).toBe(false);
    expect(Object.keys(state.variables['copy-w'].slots)).toEqual(['m', 'v']);
    expect(state.config).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false, lr: 1e-3 });
    w.dispose();
  });

  it('stores a complex variable as real parts then imaginary parts in each slot', () => {
    const z = variable(complexTensor([0, 0], [0, 0]), { name: 'layout-z' });
    const g = complexTensor([1, 2], [3, 4]);
    const opt = new SGD({ lr: 0.1, momentum: 0.5 });
    opt.step(new Map([[z, g]]));
    const s = opt.getState().variables['layout-z'];
    expect(s.complex).toBe(true);
    expect(Array.from(s.slots.momentum)).toEqual([1, 2, 3, 4]);
    z.dispose();
    g.dispose();
  });

  it('resetState forgets the moments, so the next update is a first update again', () => {
    const w = variable(tensor([0]), { name: 'reset-w' });
    const opt = new Adam({ lr: 0.1, eps: 0 });
    const g = tensor([4]);
    opt.step(new Map([[w, g]]));
    opt.step(new Map([[w, g]]));
    opt.resetState([w]);
    expect(opt.getState().variables).toEqual({});
    const before = w.dataSync()[0];
    opt.step(new Map([[w, g]]));
    expect(before - w.dataSync()[0]).toBeCloseTo(0.1, 15);
    opt.resetState();
    expect(opt.iterations).toBe(0);
    expect(() => opt.resetState([g as never])).toThrow(ConfigError);
    w.dispose();
    g.dispose();
  });

  it('setState rejects an unknown variable, another optimizer, other hyperparameters and malformed slots, changing nothing', () => {
    const w = variable(tensor([1, 2]), { name: 'set-w' });
    const opt = new Adam({ lr: 0.1 });
    opt.minimize(() => sum(square(w)), [w]);
    const good = opt.getState();
    const slot = good.variables['set-w'].slots;
    const bad: [string, unknown, new (...args: never[]) => Error, string][] = [
      ['unknown variable', { ...good, variables: { ...good.variables, 'no-such-variable': good.variables['set-w'] } }, ConfigError, 'state.variables["no-such-variable"]'],
      ['another optimizer', { ...good, optimizer: 'SGD' }, ConfigError, 'state.optimizer'],
      ['other betas', { ...good, config: { ...good.config, beta1: 0.8 } }, ConfigError, 'state.config.beta1'],
      ['unknown hyperparameter', { ...good, config: { ...good.config, momentum: 0.9 } }, ConfigError, 'state.config.momentum'],
      ['negative lr', { ...good, config: { ...good.config, lr: -1 } }, ConfigError, 'state.config.lr'],
      ['fractional iterations', { ...good, iterations: 1.5 }, ConfigError, 'state.iterations'],
      ['short slot', { ...good, variables: { 'set-w': { step: 1, complex: false, slots: { m: new Float64Array(1), v: slot.v } } } }, ShapeError, 'state.variables["set-w"].slots.m'],
      ['missing slot', { ...good, variables: { 'set-w': { step: 1, complex: false, slots: { m: slot.m } } } }, ConfigError, 'state.variables["set-w"].slots'],
      ['extra slot', { ...good, variables: { 'set-w': { step: 1, complex: false, slots: { ...slot, vMax: slot.v } } } }, ConfigError, 'state.variables["set-w"].slots'],
      ['complex state', { ...good, variables: { 'set-w': { ...good.variables['set-w'], complex: true } } }, DTypeError, 'state.variables["set-w"].complex'],
      ['negative step', { ...good, variables: { 'set-w': { ...good.variables['set-w'], step: -1 } } }, ConfigError, 'state.variables["set-w"].step'],
      ['not an object', 'state', ConfigError, 'state'],
    ];
    for (const [label, state, kind, argument] of bad) {
      try {
        opt.setState(state as OptimizerState);
        expect.unreachable(label);
      } catch (e) {
        expect(e, label).toBeInstanceOf(kind);
        expect((e as ConfigError).fn, label).toBe('Adam.setState');
        expect((e as ConfigError).argument, label).toBe(argument);
      }
    }
    expect(opt.getState()).toEqual(good);
    w.dispose();
  });
});

/** A minimal non-CPU backend: stores host copies, so the optimizer must use read / write. */
class HostBackend implements Backend {
  readonly name = 'optim-host';
  readonly defaultDtype: DType = 'float64';
  private readonly live = new Set<DataId>();
  supportsDtype(dtype: DType): boolean {
    return dtype === 'float64';
  }
  write(re: FloatArray, im: FloatArray | null): DataId {
    const id = { re: Float64Array.from(re), im: im === null ? null : Float64Array.from(im) };
    this.live.add(id);
    return id;
  }
  read(dataId: DataId): PlanarData {
    const d = dataId as PlanarData;
    return { re: d.re.slice(), im: d.im === null ? null : d.im.slice() };
  }
  disposeData(dataId: DataId): void {
    this.live.delete(dataId);
  }
  numDataIds(): number {
    return this.live.size;
  }
  dispose(): void {
    this.live.clear();
  }
}

describe('Optimizers on a backend other than the CPU', () => {
  it('read and write values through the backend interface, with the CPU trajectory', () => {
    const run = (): number[][] => {
      const w = variable(complexTensor([1, -2], [0.5, 0.25]), { name: 'backend-w' });
      const opt = new Adam({ lr: 0.1, amsgrad: true });
      const out: number[][] = [];
      for (const [re, im] of [[[1, 2], [3, -1]], [[-0.5, 0.1], [0, 2]], [[2, 2], [-2, -2]]]) {
        const g = complexTensor(re, im);
        opt.step(new Map([[w, g]]));
        g.dispose();
        out.push([...w.reImSync().re, ...w.reImSync().im]);
      }
      w.dispose();
      return out;
    };
    const onCpu = run();
    registerBackend('optim-host', () => new HostBackend());
    try {
      setBackend('optim-host');
      expect(run()).toEqual(onCpu);
      const w = variable(tensor([1]));
      setBackend('cpu');
      const g = tensor([1]);
      expect(() => new SGD({ lr: 1 }).step(new Map([[w, g]]))).toThrow(BackendError);
      g.dispose();
      w.dispose();
    } finally {
      setBackend('cpu');
      removeBackend('optim-host');
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DTypeError,
  Irreps,
  MixRep,
  Module,
  Random,
  ShapeError,
  memory,
  tensor,
  type Features,
  type ModuleOptions,
} from 'lorentz-irreps';
import { disposeFeatures, randomComplex, randomFeatures } from './helpers';

/** Two mixes in a row: a module with sub-modules. */
class TwoMixes extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly first: MixRep;
  readonly second: MixRep;
  constructor(options: ModuleOptions) {
    super(options.name, 'twoMixes');
    const random = new Random(options.seed ?? 0);
    this.first = this.addModule('first', new MixRep('1x(0,0)+1x(1/2,1/2)', 2, { random, name: `${this.name}.first` }));
    this.second = this.addModule('second', new MixRep(this.first.irrepsOut, 1, { random, name: `${this.name}.second` }));
    this.irrepsIn = this.first.irrepsIn;
    this.irrepsOut = this.second.irrepsOut;
  }
  protected describe(): string {
    return `${this.irrepsIn} -> ${this.irrepsOut}`;
  }
  apply(x: Features): Features {
    return this.second.apply(this.first.apply(x));
  }
}

describe('Module', () => {
  it('lists the parameters of its sub-modules under prefixed names, with variables named after the module', () => {
    const m = new TwoMixes({ seed: 1, name: 'enc' });
    const names = m.namedParameters().map((p) => p.name);
    expect(names).toEqual(['first.weight.(0,0)', 'first.weight.(1/2,1/2)', 'second.weight.(0,0)', 'second.weight.(1/2,1/2)']);
    expect(m.namedParameters()[0].variable.name).toBe('enc.first.weight.(0,0)');
    expect(m.parameters()).toHaveLength(4);
    // (2x1 + 2x1 + 1x2 + 1x2) complex weights, 2 real numbers each.
    expect(m.numParameters()).toBe(16);
    expect(m.summary()).toBe('TwoMixes(1x(0,0)+1x(1/2,1/2) -> 1x(0,0)+1x(1/2,1/2), 16 parameters)');
    expect(String(m)).toBe(m.summary());
    m.dispose();
  });

  it('saves parameter values as plain arrays and loads them back by name', () => {
    const a = new TwoMixes({ seed: 1 });
    const b = new TwoMixes({ seed: 2 });
    const x = randomFeatures(new Random(3), '1x(0,0)+1x(1/2,1/2)', [4]);
    const saved = JSON.parse(JSON.stringify(a.state()));
    expect(saved['first.weight.(0,0)']).toEqual({ shape: [2, 1], re: expect.any(Array), im: expect.any(Array) });
    b.loadState(saved);
    const ya = a.apply(x);
    const yb = b.apply(x);
    ya.parts.forEach((t, k) => expect(Array.from(t.reImSync().re)).toEqual(Array.from(yb.parts[k].reImSync().re)));
    for (const f of [x, ya, yb]) disposeFeatures(f);
    a.dispose();
    b.dispose();
  });

  it('rejects states with missing, unknown, misshaped or mistyped entries, naming them', () => {
    const m = new TwoMixes({ seed: 1 });
    const good = m.state();
    const without = { ...good } as Record<string, unknown>;
    delete without['second.weight.(0,0)'];
    expect(() => m.loadState(without as never)).toThrow(/missing second\.weight\.\(0,0\)/);
    expect(() => m.loadState({ ...good, extra: good['first.weight.(0,0)'] })).toThrow(ConfigError);
    const badShape = { ...good, 'first.weight.(0,0)': { ...good['first.weight.(0,0)'], shape: [1, 2] } };
    expect(() => m.loadState(badShape)).toThrow(ShapeError);
    const real = { ...good, 'first.weight.(0,0)': { shape: [2, 1], re: [1, 2] } };
    expect(() => m.loadState(real)).toThrow(DTypeError);
    const nan = { ...good, 'first.weight.(0,0)': { shape: [2, 1], re: [1, Number.NaN], im: [0, 0] } };
    expect(() => m.loadState(nan)).toThrow(/finite numbers/);
    expect(() => m.loadState(null as never)).toThrow(ConfigError);
    m.dispose();
  });

  it('substitutes tensors for parameters inside withParameters and restores them after', () => {
    const m = new TwoMixes({ seed: 1 });
    const x = randomFeatures(new Random(4), '1x(0,0)+1x(1/2,1/2)', [2]);
    const w = randomComplex(new Random(5), [2, 1]);
    const before = m.apply(x);
    const inside = m.withParameters({ 'first.weight.(0,0)': w }, () => m.apply(x));
    const after = m.apply(x);
    expect(Array.from(after.parts[0].reImSync().re)).toEqual(Array.from(before.parts[0].reImSync().re));
    expect(Array.from(inside.parts[0].reImSync().re)).not.toEqual(Array.from(before.parts[0].reImSync().re));
    expect(Array.from(inside.parts[1].reImSync().re)).toEqual(Array.from(before.parts[1].reImSync().re));
    expect(() => m.withParameters({ nope: w }, () => 0)).toThrow(ConfigError);
    expect(() => m.withParameters({ 'first.weight.(0,0)': tensor([1, 2]) }, () => 0)).toThrow(ShapeError);
    for (const f of [x, before, inside, after]) disposeFeatures(f);
    w.dispose();
    m.dispose();
  });

  it('draws the same initial values from the same seed and needs a seed or a generator', () => {
    const a = new MixRep('3x(0,0)', 2, { seed: 9 });
    const b = new MixRep('3x(0,0)', 2, { seed: 9 });
    const c = new MixRep('3x(0,0)', 2, { seed: 10 });
    expect(a.state()).toEqual(b.state());
    expect(a.state()).not.toEqual(c.state());
    expect(() => new MixRep('3x(0,0)', 2)).toThrow(/seed or a random generator/);
    expect(() => new MixRep('3x(0,0)', 2, { seed: 1.5 })).toThrow(/options\.seed/);
    expect(() => new MixRep('3x(0,0)', 2, { seed: 1, random: new Random(1) })).toThrow(/not both/);
    for (const m of [a, b, c]) m.dispose();
  });

  it('frees its variables when disposed', () => {
    const before = memory().numTensors;
    const m = new TwoMixes({ seed: 1 });
    expect(memory().numTensors).toBe(before + 4);
    m.dispose();
    expect(memory().numTensors).toBe(before);
  });
});

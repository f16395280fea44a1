import { describe, expect, it } from 'vitest';
import { Adam, ConfigError, SGD, add, complexTensor, matmul, square, sub, sum, abs, mul, tensor, type Tensor, type Variable, variable } from 'lorentz-irreps';

/** A loss over a real matrix and a complex vector, with variables named `<prefix>w` and `<prefix>z`. */
function makeModel(prefix: string, values?: { w: number[]; zRe: number[]; zIm: number[] }) {
  const v = values ?? { w: [0.5, -0.25, 1, 0.75], zRe: [0.3, -0.2], zIm: [0.6, 0.1] };
  const own = (t: Tensor, name: string): Variable => {
    const made = variable(t, { name });
    t.dispose();
    return made;
  };
  const w = own(tensor(v.w, [2, 2]), `${prefix}w`);
  const z = own(complexTensor(v.zRe, v.zIm), `${prefix}z`);
  const x = tensor([[1, 2], [-1, 0.5], [0.25, -3]]);
  const y = tensor([[0.5, -1], [2, 0], [1, 1]]);
  const target = complexTensor([1, -1], [0.5, 2]);
  const loss = (): Tensor => add(sum(square(sub(matmul(x, w), y))), sum(square(abs(sub(mul(z, z), target)))));
  const snapshot = () => ({ w: Array.from(w.dataSync()), zRe: Array.from(z.reImSync().re), zIm: Array.from(z.reImSync().im) });
  const dispose = () => [w, z, x, y, target].forEach((t) => t.dispose());
  return { vars: [w, z] as Variable[], loss, snapshot, dispose };
}

describe('Optimizer.setState(state, variables)', () => {
  for (const [label, make] of [
    ['Adam', () => new Adam({ lr: 0.02, amsgrad: true, weightDecay: 0.01 })],
    ['SGD', () => new SGD({ lr: 0.01, momentum: 0.9 })],
  ] as const) {
    it(`${label}: restores onto the given variables while another live copy shares their names, and continues identically`, () => {
      const m = makeModel(`explicit-${label}-`);
      const opt = make();
      for (let i = 0; i < 4; i++) opt.minimize(m.loss, m.vars);
      const saved = structuredClone(opt.getState());
      const fresh = makeModel(`explicit-${label}-`, m.snapshot());
      const trajectory: unknown[] = [];
      for (let i = 0; i < 3; i++) trajectory.push(opt.minimize(m.loss, m.vars), m.snapshot());

      // By name alone the state is ambiguous: both copies are live.
      const byName = make();
      expect(() => byName.setState(saved)).toThrow(/2 share it/);
      expect(byName.iterations).toBe(0);

      const resumed = make();
      resumed.setState(saved, fresh.vars);
      expect(resumed.iterations).toBe(4);
      const replay: unknown[] = [];
      for (let i = 0; i < 3; i++) replay.push(resumed.minimize(fresh.loss, fresh.vars), fresh.snapshot());
      expect(replay).toEqual(trajectory);
      m.dispose();
      fresh.dispose();
    });
  }

  it('keeps the one-argument form: names resolve among live variables', () => {
    const m = makeModel('explicit-old-');
    const opt = new Adam({ lr: 0.05 });
    opt.minimize(m.loss, m.vars);
    const saved = opt.getState();
    const resumed = new Adam({ lr: 0.05 });
    resumed.setState(saved);
    expect(resumed.getState()).toEqual(saved);
    m.dispose();
  });

  it('rejects variables that are not an array of live, distinct-named Variables, or that miss a name of the state, and changes nothing', () => {
    const m = makeModel('explicit-bad-');
    const opt = new Adam({ lr: 0.05 });
    opt.minimize(m.loss, m.vars);
    const saved = opt.getState();
    const target = new Adam({ lr: 0.05 });
    const other = makeModel('explicit-other-');
    const twin = makeModel('explicit-bad-');
    const gone = variable(tensor([1]), { name: 'explicit-gone' });
    gone.dispose();
    const cases: [unknown, RegExp][] = [
      ['w', /`variables` must be an array of Variables/],
      [[m.vars[0], 3], /`variables\[1\]` must be a live \(not disposed\) Variable/],
      [[m.vars[0], gone], /`variables\[1\]` must be a live/],
      [[m.vars[0], m.vars[1], twin.vars[0]], /`variables\[2\]` must be a Variable whose name no other given variable has/],
      [[m.vars[0]], /must be the name of one of the given variables/],
      [other.vars, /must be the name of one of the given variables/],
    ];
    for (const [variables, message] of cases) {
      expect(() => target.setState(saved, variables as Variable[])).toThrow(ConfigError);
      expect(() => target.setState(saved, variables as Variable[])).toThrow(message);
      expect(target.iterations).toBe(0);
      expect(target.getState().variables).toEqual({});
    }
    // The same variable twice is one variable, not a clash.
    target.setState(saved, [...m.vars, m.vars[0]]);
    expect(target.iterations).toBe(1);
    for (const x of [m, other, twin]) x.dispose();
  });
});

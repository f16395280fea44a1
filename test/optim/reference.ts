/**
 * Slow, obviously-correct optimizers on plain numbers, written from the textbook update rules,
 * one parameter at a time, for comparison with the library's optimizers.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { complexTensor, tensor, variable, type Optimizer } from 'lorentz-irreps';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  amsgrad: boolean;
}

/** One scalar parameter under Adam. */
export class RefAdamParam implements ScalarReference {
  theta: number;
  m = 0;
  v = 0;
  vMax = 0;
  t = 0;

  /** `h` is read at every update, so changing it between updates follows a schedule. */
  constructor(
    theta: number,
    private readonly h: AdamHyper,
  ) {
    this.theta = theta;
  }

  update(gradient: number): void {
    const h = this.h;
    this.t += 1;
    let g = gradient;
    if (!h.decoupled && h.weightDecay !== 0) g = g + h.weightDecay * this.theta;
    if (h.decoupled && h.weightDecay !== 0) this.theta = this.theta * (1 - h.lr * h.weightDecay);
    this.m = h.beta1 * this.m + (1 - h.beta1) * g;
    this.v = h.beta2 * this.v + (1 - h.beta2) * (g * g);
    let vUsed = this.v;
    if (h.amsgrad) {
      this.vMax = Math.max(this.vMax, this.v);
      vUsed = this.vMax;
    }
    const biasCorrection1 = 1 - h.beta1 ** this.t;
    const biasCorrection2 = 1 - h.beta2 ** this.t;
    const denominator = Math.sqrt(vUsed) / Math.sqrt(biasCorrection2) + h.eps;
    this.theta = this.theta - (h.lr / biasCorrection1) * (this.m / denominator);
  }
}

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

/** One scalar parameter under SGD. */
export class RefSgdParam implements ScalarReference {
  theta: number;
  buffer = 0;
  t = 0;

  constructor(
    theta: number,
    private readonly h: SgdHyper,
  ) {
    this.theta = theta;
  }

  update(gradient: number): void {
    const h = this.h;
    this.t += 1;
    let g = gradient;
    if (h.weightDecay !== 0) g = g + h.weightDecay * this.theta;
    if (h.momentum !== 0) {
      this.buffer = this.t === 1 ? g : h.momentum * this.buffer + (1 - h.dampening) * g;
      g = h.nesterov ? g + h.momentum * this.buffer : this.buffer;
    }
    this.theta = this.theta - h.lr * g;
  }
}

/** A drawn parameter tensor (real or complex) and a sequence of gradients for it. */
export interface DrawnTrajectory {
  complex: boolean;
  re: number[];
  im: number[];
  gradients: { re: number[]; im: number[] }[];
}

const drawnValue = fc.double({ min: -10, max: 10, noNaN: true });

/** Parameters of 1 to 4 elements, real or complex, with 1 to 6 gradients. */
export const drawnTrajectory: fc.Arbitrary<DrawnTrajectory> = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.boolean())
  .chain(([n, complex]) => {
    const part = fc.array(drawnValue, { minLength: n, maxLength: n });
    return fc.record({
      complex: fc.constant(complex),
      re: part,
      im: part,
      gradients: fc.array(fc.record({ re: part, im: part }), { minLength: 1, maxLength: 6 }),
    });
  });

/** A scalar reference parameter. */
export interface ScalarReference {
  readonly theta: number;
  update(gradient: number): void;
}

/**
 * Steps `opt` on a variable holding `drawn` and, element by element, a scalar reference per real
 * component (real parts, then imaginary parts), expecting identical values after every step.
 */
export function expectReferenceTrajectory(opt: Optimizer, drawn: DrawnTrajectory, reference: (theta: number) => ScalarReference): void {
  const initial = drawn.complex ? complexTensor(drawn.re, drawn.im) : tensor(drawn.re);
  const w = variable(initial);
  const refs = (drawn.complex ? [...drawn.re, ...drawn.im] : drawn.re).map(reference);
  for (const g of drawn.gradients) {
    const gt = drawn.complex ? complexTensor(g.re, g.im) : tensor(g.re);
    opt.step(new Map([[w, gt]]));
    gt.dispose();
    const components = drawn.complex ? [...g.re, ...g.im] : g.re;
    refs.forEach((r, i) => r.update(components[i]));
    const values = drawn.complex ? [...w.reImSync().re, ...w.reImSync().im] : Array.from(w.dataSync());
    expect(values).toEqual(refs.map((r) => r.theta));
  }
  w.dispose();
  initial.dispose();
}

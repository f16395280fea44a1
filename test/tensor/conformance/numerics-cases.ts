/** Conformance: checkNumerics finds the first NaN/Inf, names the kernel, and leaks nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  NumericsError,
  div,
  exp,
  grad,
  log,
  memory,
  mul,
  setCheckNumerics,
  sqrt,
  sum,
  tensor,
  tidy,
  type Tensor,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';

export function numericsCases(ctx: SuiteContext): void {
  const { dtype } = ctx;
  const t = (v: number[]) => tensor(v, undefined, { dtype });
  describe('checkNumerics', () => {
    afterEach(() => setCheckNumerics(false));

    const cases: [string, string, (x: Tensor) => Tensor][] = [
      ['log of zero', 'Log', (x) => log(mul(x, 0))],
      ['division by zero', 'Div', (x) => div(x, 0)],
      ['sqrt of a negative', 'Sqrt', (x) => sqrt(mul(x, -1))],
      ['exp overflow', 'Exp', (x) => exp(mul(x, 1000))],
    ];
    for (const [what, kernel, f] of cases) {
      it(`throws NumericsError naming ${kernel} on ${what} and disposes the bad output`, () => {
        const x = t([1, 2]);
        setCheckNumerics(true);
        const before = memory().numTensors;
        let thrown: unknown = null;
        try {
          tidy(() => f(x));
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(NumericsError);
        expect((thrown as Error).message).toContain(`\`${kernel}\``);
        expect(memory().numTensors).toBe(before);
        x.dispose();
      });
    }

    it('reports the flat index and value of the first bad element', () => {
      setCheckNumerics(true);
      tidy(() => expect(() => log(t([1, 0, -1]))).toThrow(/-Infinity at flat index 1/));
    });

    it('also scans the kernels of the backward pass', () => {
      setCheckNumerics(true);
      tidy(() => expect(() => grad((x) => sum(sqrt(x)))(t([0, 1]))).toThrow(NumericsError));
    });

    it('lets NaN through silently when it is off', () => {
      setCheckNumerics(false);
      tidy(() => expect(Number.isNaN(log(t([-1])).dataSync()[0])).toBe(true));
    });
  });
}

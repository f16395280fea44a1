/**
 * The su(2) spin-j matrices Jx, Jy, Jz in the basis |j, a>, a = -j, ..., j ascending, with the
 * Condon-Shortley phase: Jz = diag(a), J+ |j,a> = sqrt((j-a)(j+a+1)) |j,a+1>,
 * Jx = (J+ + J-)/2, Jy = (J+ - J-)/(2i).
 *
 * @packageDocumentation
 */
import { IrrepError, invalid } from '../errors';
import { ComplexMatrix } from './complex-matrix';

/** Throws unless `j` is a non-negative half-integer. */
export function checkSpinLabel(fn: string, argument: string, j: unknown): void {
  if (typeof j !== 'number' || !Number.isFinite(j) || j < 0 || !Number.isInteger(2 * j)) {
    throw new IrrepError(invalid(fn, argument, 'a non-negative half-integer (0, 1/2, 1, ...)', j));
  }
}

/**
 * The spin-j matrices [Jx, Jy, Jz], each (2j+1) x (2j+1), in the basis a = -j..j ascending
 * (Condon-Shortley). They satisfy [Jx, Jy] = i Jz (cyclically) and Jx^2 + Jy^2 + Jz^2 = j(j+1).
 *
 * @param j - the spin, a non-negative half-integer (0, 0.5, 1, ...).
 * @returns three fresh (2j+1) x (2j+1) matrices.
 * @throws {@link IrrepError} if `j` is not a non-negative half-integer.
 * @example
 * ```ts
 * import { spinMatrices } from 'lorentz-irreps';
 * const [jx, jy, jz] = spinMatrices(0.5);
 * console.assert(jz.get(0, 0).re === -0.5 && jz.get(1, 1).re === 0.5);
 * console.assert(jx.get(0, 1).re === 0.5 && jy.get(0, 1).im === 0.5);
 * ```
 */
export function spinMatrices(j: number): [ComplexMatrix, ComplexMatrix, ComplexMatrix] {
  checkSpinLabel('spinMatrices', 'j', j);
  const d = Math.round(2 * j) + 1;
  const jx = new ComplexMatrix(d, d);
  const jy = new ComplexMatrix(d, d);
  const jz = new ComplexMatrix(d, d);
  for (let k = 0; k < d; k++) {
    const a = k - j;
    jz.re[k * d + k] = a;
    if (k + 1 < d) {
      // <a+1| J+ |a> = sqrt((j-a)(j+a+1)); J- is its transpose.
      const c = Math.sqrt((j - a) * (j + a + 1));
      const up = (k + 1) * d + k; // row a+1, column a
      const down = k * d + (k + 1); // row a, column a+1
      jx.re[up] = c / 2;
      jx.re[down] = c / 2;
      // Jy = (J+ - J-)/(2i) = -i/2 (J+ - J-).
      jy.im[up] = -c / 2;
      jy.im[down] = c / 2;
    }
  }
  return [jx, jy, jz];
}

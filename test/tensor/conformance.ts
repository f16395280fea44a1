/**
 * The backend conformance suite: every op of the tensor engine against slow references on drawn
 * shapes, gradient checks, memory accounting, bad inputs and checkNumerics. Written once; every
 * backend's test file calls `runConformanceSuite(name, tolerances)`.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { getBackend, isTestMode, setBackend, setTestMode, type DType } from 'lorentz-irreps';
import { autodiffCases } from './conformance/autodiff-cases';
import { elementwiseCases } from './conformance/elementwise-cases';
import { errorCases } from './conformance/error-cases';
import { gradientCases } from './conformance/gradient-cases';
import { matmulCases } from './conformance/matmul-cases';
import { memoryCases } from './conformance/memory-cases';
import { numericsCases } from './conformance/numerics-cases';
import { reduceCases } from './conformance/reduce-cases';
import type { Tolerance } from './conformance/reference';
import { shapeCases } from './conformance/shape-cases';
import { unaryCases } from './conformance/unary-cases';

/** Per-backend tolerances and effort of the conformance suite. */
export interface ConformanceTolerances {
  /** dtype the suite creates its tensors in (the backend's working precision). */
  readonly dtype: DType;
  /** Forward results against references. */
  readonly forward: Tolerance;
  /** Finite-difference gradient checks (eps, atol, rtol of `gradcheck`). */
  readonly grad: { readonly eps: number; readonly atol: number; readonly rtol: number };
  /** fast-check runs per forward property (default 25). */
  readonly forwardRuns?: number;
  /** fast-check runs per gradient property (default 6). */
  readonly gradRuns?: number;
}

/** What each case file receives. */
export interface SuiteContext {
  readonly backend: string;
  readonly dtype: DType;
  readonly tol: Tolerance;
  readonly grad: ConformanceTolerances['grad'];
  readonly runs: number;
  readonly gradRuns: number;
}

/**
 * Registers the whole suite (as vitest `describe` blocks) for backend `backendName`. Test mode is
 * on throughout, so a kernel that leaks a buffer fails whichever test runs it.
 */
export function runConformanceSuite(backendName: string, tolerances: ConformanceTolerances): void {
  const ctx: SuiteContext = {
    backend: backendName,
    dtype: tolerances.dtype,
    tol: tolerances.forward,
    grad: tolerances.grad,
    runs: tolerances.forwardRuns ?? 25,
    gradRuns: tolerances.gradRuns ?? 6,
  };
  describe(`backend '${backendName}' conformance`, () => {
    let previousBackend = 'cpu';
    let previousTestMode = false;
    beforeAll(() => {
      previousBackend = getBackend();
      previousTestMode = isTestMode();
      setBackend(backendName);
      setTestMode(true);
    });
    afterAll(() => {
      setTestMode(previousTestMode);
      setBackend(previousBackend);
    });
    elementwiseCases(ctx);
    unaryCases(ctx);
    reduceCases(ctx);
    matmulCases(ctx);
    shapeCases(ctx);
    gradientCases(ctx);
    autodiffCases(ctx);
    memoryCases(ctx);
    errorCases(ctx);
    numericsCases(ctx);
  });
}

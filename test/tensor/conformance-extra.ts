/**
 * Shared set-up of the conformance case files of the Clebsch-Gordan, edge and convolution
 * kernels: the suite context built from a backend's tolerances, and a describe block that selects
 * the backend and turns test mode on for its duration (so a leaked buffer fails the test).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { getBackend, isTestMode, setBackend, setTestMode } from 'lorentz-irreps';
import { forceHotKernels } from '../../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels } from '../../src/tensor/cpu/wasm/index';
import type { ConformanceTolerances, SuiteContext } from './conformance';

/** The context the case files use, with the same defaults as the engine's conformance suite. */
export function suiteContext(backendName: string, tolerances: ConformanceTolerances): SuiteContext {
  return {
    backend: backendName,
    dtype: tolerances.dtype,
    tol: tolerances.forward,
    grad: tolerances.grad,
    runs: tolerances.forwardRuns ?? 25,
    gradRuns: tolerances.gradRuns ?? 6,
  };
}

/** `describe(title)` run on `backendName` with test mode on; restores both afterwards. */
export function describeOnBackend(title: string, backendName: string, body: () => void): void {
  describe(`${title} on backend '${backendName}'`, () => {
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
    body();
  });
}

/** Asserts that `f` throws an error of class `cls` whose `fn` and `argument` are the given names. */
export function expectTypedError(f: () => unknown, cls: new (...args: never[]) => Error, fn: string, arg: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `${fn} ${arg}`).toBeInstanceOf(cls);
  expect((caught as { fn: string }).fn).toBe(fn);
  expect((caught as { argument: string }).argument).toBe(arg);
}

/** The CPU backend's float64 tolerances (those of its engine conformance run). */
const CPU: ConformanceTolerances = { dtype: 'float64', forward: { atol: 1e-12, rtol: 1e-12 }, grad: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 } };

/**
 * Runs a case file on the CPU backend three ways: as configured (WebAssembly SIMD kernels where
 * available), with the TypeScript reference forced in their place, and in float32 storage.
 */
export function runOnCpu(cases: (backendName: string, tolerances: ConformanceTolerances) => void): void {
  cases('cpu', CPU);
  describe('with the TypeScript reference in place of the WebAssembly kernels', () => {
    beforeAll(() => forceHotKernels(tsKernels));
    afterAll(() => forceHotKernels(null));
    cases('cpu', { ...CPU, forwardRuns: 8, gradRuns: 2 });
  });
  describe('in float32 storage (computed in float64, rounded once)', () => {
    cases('cpu', { dtype: 'float32', forward: { atol: 1e-4, rtol: 1e-4 }, grad: { eps: 1e-2, atol: 1e-2, rtol: 1e-2 }, forwardRuns: 5, gradRuns: 1 });
  });
}

/**
 * The backend conformance suite against the gpu.js backend: in gpu.js's 'cpu' mode (runs
 * everywhere gpu.js is installed: the generated kernel sources and all backend plumbing), and in
 * 'headlessgl' mode when the capability probe finds a GL context.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { disposeGpuBackend, gpuCapabilities, initGpuBackend } from 'lorentz-irreps/gpu';
import { runConformanceSuite, type ConformanceTolerances } from './conformance';

/** float32 storage: inputs are rounded to 2^-24 relative, and GL evaluates exp/sin/cos in float32. */
const FLOAT32: ConformanceTolerances = {
  dtype: 'float32',
  forward: { atol: 1e-5, rtol: 1e-4 },
  grad: { eps: 1e-2, atol: 1e-2, rtol: 1e-2 },
  forwardRuns: 10,
  gradRuns: 3,
};

const caps = await gpuCapabilities();

describe("gpu.js 'cpu' mode", () => {
  beforeAll(async () => {
    await initGpuBackend({ mode: 'cpu' });
  });
  afterAll(async () => {
    await disposeGpuBackend();
  });
  runConformanceSuite('gpujs', FLOAT32);
});

describe.skipIf(!caps.headlessGL)("gpu.js 'headlessgl' mode", () => {
  beforeAll(async () => {
    await initGpuBackend({ mode: 'headlessgl' });
  });
  afterAll(async () => {
    await disposeGpuBackend();
  });
  runConformanceSuite('gpujs', FLOAT32);
});

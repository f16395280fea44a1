/**
 * The backend conformance suite against the gpu.js backend on a real GL context (gpu.js
 * 'headlessgl' mode, which needs the optional `gl` package); skipped where the capability probe
 * finds none.
 */
import { describe } from 'vitest';
import { gpuCapabilities } from 'lorentz-irreps/gpu';
import { FLOAT32, conformanceOnGpujs } from './gpu-suite';

const caps = await gpuCapabilities();

describe.skipIf(!caps.headlessGL)('a headless GL context', () => {
  conformanceOnGpujs("gpu.js 'headlessgl' mode", () => ({ mode: 'headlessgl' }), FLOAT32);
});

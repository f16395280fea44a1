/**
 * The backend conformance suite against the gpu.js backend in a GL mode emulated by an
 * instrumented gpu.js (see gpu-emulated-gl.ts): every kernel result is a reference-counted texture,
 * so the suite also checks uploads, shared planes, downloads and that every texture is deleted
 * exactly once by the time the backend is disposed.
 */
import { expect } from 'vitest';
import { importGpuJs } from 'lorentz-irreps/gpu';
import { emulatedGl } from './gpu-emulated-gl';
import { FLOAT32, conformanceOnGpujs } from './gpu-suite';

const emulation = emulatedGl(await importGpuJs());

conformanceOnGpujs('emulated GL textures', () => ({ mode: 'headlessgl', gpuJs: emulation.module }), { ...FLOAT32, forwardRuns: 5, gradRuns: 2 }, () => {
  expect(emulation.log.liveTextures).toBe(0);
  expect(emulation.log.doubleDeletes).toBe(0);
  expect(emulation.log.destroyed).toBe(true);
});

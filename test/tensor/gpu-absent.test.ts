/**
 * Without gpu.js: importing lorentz-irreps/gpu still works, the library runs on the CPU, the probe
 * says gpu.js is missing, and asking for the backend is a BackendError that says how to install it.
 * (gpu.js is made unimportable for this file only.)
 */
import { describe, expect, it, vi } from 'vitest';
import { BackendError, getBackend, matmul, setBackend, tensor, tidy } from 'lorentz-irreps';
import { gpuCapabilities, importGpuJs, initGpuBackend } from 'lorentz-irreps/gpu';

vi.mock('gpu.js', () => {
  throw new Error("Cannot find package 'gpu.js'");
});

describe('when gpu.js is not installed', () => {
  it('the library still computes on the CPU backend with the gpu entry point imported', () => {
    expect(getBackend()).toBe('cpu');
    tidy(() => expect(Array.from(matmul(tensor([[1, 2]]), tensor([[3], [4]])).dataSync())).toEqual([11]));
  });

  it('the probe reports gpu.js missing and no modes', async () => {
    const caps = await gpuCapabilities();
    expect(caps.gpuJsInstalled).toBe(false);
    expect(caps.modes).toEqual([]);
    expect(caps.reasons[0]).toMatch(/could not be imported/);
  });

  it('initGpuBackend throws BackendError naming the mode and how to install gpu.js, in every mode', async () => {
    for (const mode of ['gpu', 'auto', 'cpu'] as const) {
      await expect(initGpuBackend({ mode })).rejects.toThrow(BackendError);
      await expect(initGpuBackend({ mode })).rejects.toThrow(/`initGpuBackend`: `options.mode` must be a mode of an installed gpu.js \(npm install gpu.js/);
    }
    await expect(importGpuJs()).rejects.toThrow(BackendError);
    expect(() => setBackend('gpujs')).toThrow(BackendError);
  });
});

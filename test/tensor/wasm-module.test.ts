import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { Random } from 'lorentz-irreps';
import { tsKernels, wasmKernels, wasmSimdAvailable } from '../../src/tensor/cpu/wasm/index';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const compilerPresent = existsSync(join(root, 'node_modules', 'assemblyscript', 'package.json'));

describe('the embedded WebAssembly module', () => {
  it('is usable on Node 20, which has WebAssembly SIMD', () => {
    expect(wasmSimdAvailable()).toBe(true);
    expect(wasmKernels().name).toBe('wasm-simd');
    expect(tsKernels.name).toBe('typescript');
  });

  it('is instantiated once and handed out frozen', () => {
    expect(wasmKernels()).toBe(wasmKernels());
    expect(Object.isFrozen(wasmKernels())).toBe(true);
    expect(Object.isFrozen(tsKernels)).toBe(true);
  });

  it('keeps correct results when a call grows the memory between smaller calls', () => {
    const kernels = wasmKernels();
    const rng = new Random(9);
    const run = (n: number) => {
      const a = Float64Array.from({ length: n * n }, () => rng.uniformIn(-1, 1));
      const b = Float64Array.from({ length: n * n }, () => rng.uniformIn(-1, 1));
      const want = new Float64Array(n * n);
      const got = new Float64Array(n * n);
      tsKernels.matmulReal(a, b, want, { batch: 1, m: n, k: n, n });
      kernels.matmulReal(a, b, got, { batch: 1, m: n, k: n, n });
      let e = 0;
      for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(want[i] - got[i]));
      return e;
    };
    // 3 x 150^2 doubles need far more than the initial 128 KiB of memory.
    for (const n of [5, 150, 6]) expect(run(n)).toBeLessThan(1e-12 * n);
  });

  it('is up to date with the AssemblyScript sources in asm/', { skip: !compilerPresent, timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'lorentz-irreps-wasm-'));
    try {
      const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--out', dir], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      const rebuilt = readFileSync(join(dir, 'kernels.generated.ts'), 'utf8');
      const committed = readFileSync(join(root, 'src', 'tensor', 'cpu', 'wasm', 'kernels.generated.ts'), 'utf8');
      // On failure: run `npm run build:wasm` and commit src/tensor/cpu/wasm/kernels.generated.ts.
      expect(rebuilt === committed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wasmKernels on an engine without WebAssembly', () => {
  it('reports SIMD as unavailable and throws a BackendError instead of failing later', async () => {
    const saved = (globalThis as { WebAssembly?: unknown }).WebAssembly;
    vi.resetModules();
    (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
    try {
      const fresh = await import('../../src/tensor/cpu/wasm/index');
      const errors = await import('../../src/errors');
      expect(fresh.wasmSimdAvailable()).toBe(false);
      expect(() => fresh.wasmKernels()).toThrow(errors.BackendError);
      expect(() => fresh.wasmKernels()).toThrow(/`wasmKernels`: `engine` must be a JavaScript engine with WebAssembly SIMD/);
    } finally {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = saved;
      vi.resetModules();
    }
  });
});

/**
 * The two builds of the WebAssembly kernels (plain SIMD and relaxed SIMD with fused multiply-adds)
 * agree to rounding on every model's training step and on the matrix kernels, and the choice
 * between them follows `setWasmKernelVariant`, `preferRelaxedSimd` and LORENTZ_IRREPS_KERNELS.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, createModel, Random, tidy, variableGrads, wasmKernelVariant, type TrainData } from 'lorentz-irreps';
import { setWasmKernelVariant, wasmKernels, type WasmKernelVariant } from '../../src/tensor/cpu/wasm/index';
import { batchLoss } from '../../src/train/trainer';
import { parameterMap } from '../../src/train/model';
import { relDiff, sampleTrainData } from '../train/fixtures';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `fn` on one build, then restores the automatic choice. */
function on<T>(variant: WasmKernelVariant, fn: () => T): T {
  setWasmKernelVariant(variant);
  try {
    expect(wasmKernelVariant()).toBe(variant);
    return fn();
  } finally {
    setWasmKernelVariant('auto');
  }
}

let data: TrainData;
beforeAll(async () => {
  data = await sampleTrainData(24);
});
afterEach(() => setWasmKernelVariant('auto'));

describe('the builds of the WebAssembly kernels', () => {
  it('is the relaxed-SIMD build in the tests, as in the command line', () => {
    expect(wasmKernelVariant()).toBe('relaxed-simd');
    expect(wasmKernels().name).toBe('wasm-simd');
  });

  it('switches between the builds, each with its own instance, and refuses an unknown one', () => {
    const relaxed = wasmKernels();
    const plain = on('simd', () => wasmKernels());
    expect(plain).not.toBe(relaxed);
    expect(on('simd', () => wasmKernels())).toBe(plain);
    expect(wasmKernels()).toBe(relaxed);
    expect(() => setWasmKernelVariant('avx' as WasmKernelVariant)).toThrow(BackendError);
    expect(wasmKernelVariant()).toBe('relaxed-simd');
  });

  it.each(['lgae', 'gnnae', 'cnnae'])('agree on the loss and every gradient of a %s training step', (kind) => {
    const model = createModel(kind, {}, { seed: 7, numParticles: 30, units: 'TeV' });
    try {
      const variables = [...parameterMap(model, 'test')].filter(([, v]) => v.trainable).map(([, v]) => v);
      const settings = { loss: 'chamfer' as const, maskPadding: false };
      const b = 12;
      const N = data.train.numParticles;
      const p = data.train.p.slice(0, b * N * 4);
      const mask = data.train.mask.slice(0, b * N);
      const step = () =>
        tidy(() => {
          const { value, grads } = variableGrads(() => batchLoss(model, settings, p, mask, b, N, 'mean'), variables);
          return { loss: value.dataSync()[0], grads: grads.flatMap((g) => { const { re, im } = g.reImSync(); return [...Array.from(re), ...(im ? Array.from(im) : [])]; }) };
        });
      const plain = on('simd', step);
      const relaxed = on('relaxed-simd', step);
      expect(Math.abs(relaxed.loss - plain.loss) / plain.loss).toBeLessThan(1e-12);
      expect(relDiff(relaxed.grads, plain.grads)).toBeLessThan(1e-10);
    } finally {
      model.dispose();
    }
  });

  it('agree on real and complex matrix products', () => {
    const rng = new Random(4);
    const [m, k, n] = [37, 29, 41];
    const draw = (len: number) => Float64Array.from({ length: len }, () => rng.uniformIn(-1, 1));
    const [a, b, ai, bi] = [draw(m * k), draw(k * n), draw(m * k), draw(k * n)];
    const shape = { batch: 1, m, k, n };
    const run = () => {
      const c = new Float64Array(m * n);
      const cr = new Float64Array(m * n);
      const ci = new Float64Array(m * n);
      wasmKernels().matmulReal(a, b, c, shape);
      wasmKernels().matmulComplex(a, ai, b, bi, cr, ci, shape);
      return [...c, ...cr, ...ci];
    };
    expect(relDiff(on('relaxed-simd', run), on('simd', run))).toBeLessThan(1e-14);
  });

  it('is the plain build under LORENTZ_IRREPS_KERNELS=simd, even after preferRelaxedSimd', () => {
    const script = [
      "import { preferRelaxedSimd, wasmKernelVariant } from './src/index';",
      'const before = wasmKernelVariant();',
      'console.log(JSON.stringify({ before, after: preferRelaxedSimd() }));',
    ].join('\n');
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { before: string; after: string };
    };
    expect(run({ LORENTZ_IRREPS_KERNELS: 'simd' })).toEqual({ before: 'simd', after: 'simd' });
    const auto = run({ LORENTZ_IRREPS_KERNELS: '' });
    expect(auto.after).toBe('relaxed-simd');
    // Node 20 accepts relaxed SIMD only once the flag is set; later versions from the start.
    expect(auto.before).toBe(Number(process.versions.node.split('.')[0]) >= 22 ? 'relaxed-simd' : 'simd');
  }, 60_000);
});

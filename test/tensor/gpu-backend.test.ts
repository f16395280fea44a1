/**
 * The gpu.js backend beyond the conformance suite: how it is created and refused, texture
 * ownership (counted by an instrumented gpu.js that emulates GL textures), transfers and CPU
 * fallbacks, the kernel cache, backend mixing, and results on shapes larger than the suite draws.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendError,
  ConfigError,
  Random,
  add,
  cgProduct,
  complexTensor,
  conj,
  exp,
  getBackend,
  matmul,
  memory,
  mul,
  neg,
  real,
  setBackend,
  softmax,
  sum,
  tensor,
  tidy,
  toBackend,
  zeros,
  type Tensor,
} from 'lorentz-irreps';
import {
  disposeGpuBackend,
  gpuBackendStats,
  gpuCapabilities,
  importGpuJs,
  initGpuBackend,
  type GpuCapabilities,
  type GpuJsModule,
} from 'lorentz-irreps/gpu';
import { emulatedGl, type EmulationLog } from './gpu-emulated-gl';

const caps: GpuCapabilities = await gpuCapabilities();
const gpujs: GpuJsModule = await importGpuJs();

afterEach(async () => {
  setBackend('cpu');
  await disposeGpuBackend();
});

/**
 * A tensor of float32-representable normal draws on the active backend (float64 on the CPU,
 * float32 on gpujs: the same values), so that the CPU result is the reference.
 */
function drawTensor(rng: Random, shape: number[], complex: boolean): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const v = () => Array.from({ length: n }, () => Math.fround(rng.normal()));
  return complex ? complexTensor(v(), v(), shape) : tensor(v(), shape);
}

function maxRelError(actual: Tensor, expected: Tensor): number {
  const a = actual.reImSync();
  const e = expected.reImSync();
  let scale = 0;
  for (let i = 0; i < e.re.length; i++) scale = Math.max(scale, Math.abs(e.re[i]), Math.abs(e.im[i]));
  let err = 0;
  for (let i = 0; i < e.re.length; i++) err = Math.max(err, Math.abs(a.re[i] - e.re[i]), Math.abs(a.im[i] - e.im[i]));
  return err / Math.max(scale, Number.MIN_VALUE);
}

describe('capabilities and creation', () => {
  it('the probe finds gpu.js and its cpu mode, and reports headlessGL exactly when that mode works', () => {
    expect(caps.gpuJsInstalled).toBe(true);
    expect(caps.modes).toContain('cpu');
    expect(caps.headlessGL).toBe(caps.modes.includes('headlessgl'));
    expect(caps.gpu).toBe(caps.modes.some((m) => m === 'headlessgl' || m === 'webgl2' || m === 'webgl'));
  });

  it('selecting the backend before initGpuBackend throws BackendError saying how to create it', () => {
    expect(() => setBackend('gpujs')).toThrow(BackendError);
    expect(() => setBackend('gpujs')).toThrow(/initGpuBackend/);
    expect(getBackend()).toBe('cpu');
  });

  it.skipIf(caps.gpu)("asking for 'gpu' without a GL context throws BackendError instead of falling back", async () => {
    await expect(initGpuBackend({ mode: 'gpu' })).rejects.toThrow(BackendError);
    await expect(initGpuBackend()).rejects.toThrow(/`initGpuBackend`: `options.mode` must be a mode with a GL context/);
    expect(() => setBackend('gpujs')).toThrow(BackendError);
  });

  it.skipIf(caps.headlessGL)("asking for 'headlessgl' without the gl package throws BackendError", async () => {
    await expect(initGpuBackend({ mode: 'headlessgl' })).rejects.toThrow(BackendError);
  });

  it('every concrete mode the probe did not find is refused with a BackendError naming initGpuBackend and options.mode, and nothing runs', async () => {
    const missing = (['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'] as const).filter((m) => !caps.modes.includes(m));
    // Node has no browser WebGL: these two are never available here.
    expect(missing).toEqual(expect.arrayContaining(['webgl2', 'webgl']));
    for (const mode of missing) {
      const error: unknown = await initGpuBackend({ mode }).then(() => null, (e: unknown) => e);
      expect(error, mode).toBeInstanceOf(BackendError);
      expect((error as BackendError).fn).toBe('initGpuBackend');
      expect((error as BackendError).argument).toBe('options.mode');
      expect((error as Error).message).toContain(mode);
      expect(() => gpuBackendStats()).toThrow(BackendError);
      expect(() => setBackend('gpujs')).toThrow(BackendError);
      expect(getBackend()).toBe('cpu');
    }
  });

  it('a gpuJs option without a GPU class throws BackendError naming options.gpuJs', async () => {
    await expect(initGpuBackend({ mode: 'cpu', gpuJs: {} as GpuJsModule })).rejects.toThrow(/`options.gpuJs`/);
    await expect(initGpuBackend({ mode: 'cpu', gpuJs: {} as GpuJsModule })).rejects.toThrow(BackendError);
  });

  it('a gpu.js whose kernels compute wrongly fails the smoke kernel with BackendError', async () => {
    const { module } = emulatedGl(gpujs);
    const Broken = class extends module.GPU {
      override createKernel(source: string, settings: Readonly<Record<string, unknown>>) {
        return super.createKernel(source.replace('* 2', '* 3'), settings);
      }
    };
    await expect(initGpuBackend({ mode: 'headlessgl', gpuJs: { GPU: Broken } })).rejects.toThrow(/smoke kernel returned \[3.5, 6.5, 9.5\]/);
  });

  it('an unknown mode or a non-object options argument throws ConfigError', async () => {
    await expect(initGpuBackend({ mode: 'webasm2' as never })).rejects.toThrow(ConfigError);
    await expect(initGpuBackend(null as never)).rejects.toThrow(ConfigError);
  });

  it('initializing again with a satisfied request returns the running backend; another mode throws ConfigError', async () => {
    await initGpuBackend({ mode: 'cpu' });
    expect((await initGpuBackend({ mode: 'cpu' })).mode).toBe('cpu');
    expect((await initGpuBackend({ mode: 'auto' })).mode).toBe('cpu');
    await expect(initGpuBackend({ mode: 'webasm' })).rejects.toThrow(ConfigError);
  });

  it("'auto' picks the best mode the probe found", async () => {
    const info = await initGpuBackend({ mode: 'auto' });
    expect(info.mode).toBe(caps.modes[0]);
  });

  it('lists the kernels that fall back to the CPU, and not the ones that run as gpu.js kernels', async () => {
    const info = await initGpuBackend({ mode: 'cpu' });
    expect(info.fallbackKernels).toContain('Softmax');
    for (const k of ['Add', 'Sub', 'Mul', 'Div', 'BatchMatMul', 'Sum', 'Exp', 'Neg', 'Conj', 'Abs', 'Real', 'Imag', 'Transpose', 'Relu', 'Sigmoid']) {
      expect(info.fallbackKernels).not.toContain(k);
    }
  });
});

describe('tensors on the backend', () => {
  it('are float32 and refuse float64 with DTypeError', async () => {
    await initGpuBackend({ mode: 'cpu' });
    setBackend('gpujs');
    tidy(() => {
      expect(tensor([1, 2]).dtype).toBe('float32');
      expect(() => tensor([1], undefined, { dtype: 'float64' })).toThrow(/float32/);
    });
  });

  it('mixing a cpu tensor with a gpujs tensor throws BackendError until one is moved with toBackend', async () => {
    await initGpuBackend({ mode: 'cpu' });
    const onCpu = tensor([1, 2, 3]);
    setBackend('gpujs');
    const onGpu = tensor([10, 20, 30]);
    expect(() => add(onGpu, onCpu)).toThrow(BackendError);
    expect(() => add(onGpu, onCpu)).toThrow(/`add`: `b` must be a tensor on the active backend 'gpujs'/i);
    const moved = toBackend(onCpu, 'gpujs');
    const sumOnGpu = add(onGpu, moved);
    expect(Array.from(sumOnGpu.dataSync())).toEqual([11, 22, 33]);
    setBackend('cpu');
    expect(() => mul(onCpu, sumOnGpu)).toThrow(BackendError);
    const back = toBackend(sumOnGpu, 'cpu');
    expect(back.backend.name).toBe('cpu');
    expect(back.dtype).toBe('float32'); // the CPU backend stores float32 too
    expect(Array.from(back.dataSync())).toEqual([11, 22, 33]);
    for (const t of [onCpu, onGpu, moved, sumOnGpu, back]) t.dispose();
  });

  it('compiles each kernel once per shape signature and reuses it', async () => {
    await initGpuBackend({ mode: 'cpu' });
    setBackend('gpujs');
    tidy(() => {
      const a = tensor([[1, 2, 3], [4, 5, 6]]);
      const b = tensor([1, 2, 3]);
      add(a, b);
      const compiled = gpuBackendStats().kernelsCompiled;
      const runs = gpuBackendStats().kernelRuns;
      add(a, b);
      add(tensor([[0, 0, 0], [1, 1, 1]]), tensor([5, 6, 7]));
      expect(gpuBackendStats().kernelsCompiled).toBe(compiled);
      expect(gpuBackendStats().kernelRuns).toBe(runs + 2);
      add(tensor([1, 2]), tensor([3, 4]));
      expect(gpuBackendStats().kernelsCompiled).toBe(compiled + 1);
    });
  });

  it('counts every CPU fallback by kernel name, and the fallback result matches the CPU backend', async () => {
    await initGpuBackend({ mode: 'cpu' });
    const x = [[0.5, -1, 2], [3, 0.25, -4]];
    const expected = tidy(() => Array.from(softmax(tensor(x), 1).dataSync()));
    setBackend('gpujs');
    const before = gpuBackendStats();
    const got = tidy(() => Array.from(softmax(tensor(x), 1).dataSync()));
    const after = gpuBackendStats();
    expect(after.fallbacks).toBe(before.fallbacks + 1);
    expect(after.fallbackKernels.Softmax).toBe((before.fallbackKernels.Softmax ?? 0) + 1);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
});

describe('CPU fallback outputs', () => {
  // The CPU kernels allocate their outputs from a pool of freed arrays; a fallback output adopted
  // by a gpujs buffer must never go back to that pool, or the next fallback writes over it.
  it('results of consecutive fallback kernels stay independent: a later fallback never writes over an earlier output', async () => {
    await initGpuBackend({ mode: 'cpu' });
    const rng = new Random(11);
    const n = 256;
    const xs = [0, 1, 2].map(() => Array.from({ length: n }, () => Math.fround(rng.normal())));
    const expected = xs.map((x) => tidy(() => Array.from(softmax(tensor(x, [4, n / 4]), 1).dataSync())));
    setBackend('gpujs');
    const outs = xs.map((x) => tidy(() => softmax(tensor(x, [4, n / 4]), 1)));
    // A fallback whose output is disposed releases its array; the live ones must not be reused.
    tidy(() => softmax(tensor(xs[0], [4, n / 4]), 1));
    const more = tidy(() => softmax(tensor(xs[2], [4, n / 4]), 1));
    outs.forEach((o, k) => {
      const got = o.dataSync();
      got.forEach((v, i) => expect(Math.abs(v - expected[k][i])).toBeLessThan(1e-6));
    });
    for (const t of [...outs, more]) t.dispose();
  });

  it('two Clebsch-Gordan products in a row: the first result keeps its values', async () => {
    await initGpuBackend({ mode: 'cpu' });
    const rng = new Random(12);
    const table = { d1: 3, d2: 3, d: 4, i1: Int32Array.from([0, 1, 2, 1]), i2: Int32Array.from([2, 0, 1, 1]), i: Int32Array.from([0, 1, 2, 3]), values: Float64Array.from([1, -2, 0.5, 3]) };
    const draw = (n: number) => Array.from({ length: n }, () => Math.fround(rng.normal()));
    const inputs = [0, 1].map(() => ({ x1: draw(64 * 3), x2: draw(64 * 3) }));
    const run = ({ x1, x2 }: { x1: number[]; x2: number[] }) => cgProduct(tensor(x1, [64, 3]), tensor(x2, [64, 3]), table);
    const expected = inputs.map((v) => tidy(() => Array.from(run(v).dataSync())));
    setBackend('gpujs');
    const first = tidy(() => run(inputs[0]));
    const second = tidy(() => run(inputs[1]));
    expect(gpuBackendStats().fallbackKernels.CGProduct).toBeGreaterThanOrEqual(2);
    for (const [t, want] of [[first, expected[0]], [second, expected[1]]] as const) {
      Array.from(t.dataSync()).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i]))));
    }
    first.dispose();
    second.dispose();
  });
});

describe('textures (instrumented gpu.js emulating GL textures)', () => {
  let log: EmulationLog;
  const start = async () => {
    const emulation = emulatedGl(gpujs);
    log = emulation.log;
    const info = await initGpuBackend({ mode: 'headlessgl', gpuJs: emulation.module });
    expect(info.onGpu).toBe(true);
    setBackend('gpujs');
  };

  it('chained kernels keep their results as textures: uploads once per input plane, no download until read', async () => {
    await start();
    const s0 = gpuBackendStats();
    const a = complexTensor([[1, 2], [3, 4]], [[0, 1], [-1, 0]]);
    const b = tensor([[2, 0], [1, 1]]);
    const c = tidy(() => add(matmul(a, b, { transposeB: true }), exp(conj(a))));
    const s1 = gpuBackendStats();
    expect(s1.uploads - s0.uploads).toBe(3); // a.re, a.im, b.re, each once although a is read twice
    expect(s1.downloads).toBe(s0.downloads);
    expect(s1.liveTextures).toBe(log.liveTextures);
    const { re, im } = c.reImSync();
    expect(gpuBackendStats().downloads).toBe(s1.downloads + 2);
    // (a b^T)[0][0] = (1 + 0i) * 2 + (2 + i) * 0 = 2; exp(conj(1)) = e.
    expect(re[0]).toBeCloseTo(2 + Math.E, 5);
    expect(im[0]).toBeCloseTo(0, 6);
    for (const t of [a, b, c]) t.dispose();
    expect(log.liveTextures).toBe(0);
    expect(gpuBackendStats().liveTextures).toBe(0);
    expect(log.doubleDeletes).toBe(0);
  });

  it('dispose deletes a tensor texture; a plane shared by conj/real stays alive until its last owner is disposed', async () => {
    await start();
    const z = complexTensor([1, 2, 3], [4, 5, 6]);
    const zc = conj(z); // shares the real plane
    const r = real(z); // shares it again
    expect(log.liveTextures).toBe(3); // z.re (shared three ways), z.im, zc.im
    z.dispose();
    expect(log.liveTextures).toBe(2);
    expect(Array.from(r.dataSync())).toEqual([1, 2, 3]);
    zc.dispose();
    expect(Array.from(r.dataSync())).toEqual([1, 2, 3]);
    expect(log.liveTextures).toBe(1);
    r.dispose();
    expect(log.liveTextures).toBe(0);
    expect(log.doubleDeletes).toBe(0);
  });

  it('tidy releases every intermediate texture and memory() is unchanged', async () => {
    await start();
    const x = tensor([[1, 2], [3, 4]]);
    tidy(() => sum(exp(x)));
    const before = { mem: memory(), live: log.liveTextures };
    tidy(() => {
      const y = matmul(x, x);
      sum(mul(exp(y), y), 1);
    });
    expect(memory()).toEqual(before.mem);
    expect(log.liveTextures).toBe(before.live);
    x.dispose();
  });

  it('a CPU fallback downloads its texture inputs, and its output is uploaded when a GPU kernel reads it', async () => {
    await start();
    const x = tensor([1, 2, 3]);
    const y = exp(x); // a texture
    const s0 = gpuBackendStats();
    const p = softmax(y); // fallback: one download
    const s1 = gpuBackendStats();
    expect(s1.fallbacks).toBe(s0.fallbacks + 1);
    expect(s1.downloads).toBe(s0.downloads + 1);
    const q = add(p, y); // p's host plane is uploaded
    expect(gpuBackendStats().uploads).toBe(s1.uploads + 1);
    const ys = [1, 2, 3].map(Math.exp);
    const total = ys.reduce((acc, v) => acc + Math.exp(v), 0);
    Array.from(q.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(Math.exp(ys[i]) / total + ys[i], 4));
    for (const t of [x, y, p, q]) t.dispose();
    expect(log.liveTextures).toBe(0);
  });

  it('a kernel whose second output plane fails deletes the texture of its first plane', async () => {
    const emulation = emulatedGl(gpujs);
    log = emulation.log;
    // Compiling the imaginary plane of complex exp (and only that) fails, as a driver error would.
    const Failing = class extends emulation.module.GPU {
      override createKernel(source: string, settings: Readonly<Record<string, unknown>>) {
        if (source.includes('Math.sin')) throw new Error('emulated compile failure');
        return super.createKernel(source, settings);
      }
    };
    await initGpuBackend({ mode: 'headlessgl', gpuJs: { GPU: Failing } });
    setBackend('gpujs');
    const z = complexTensor([1, 2, 3], [0.5, -1, 2]);
    const w = tensor([1, 2, 3]);
    tidy(() => {
      // Uploads the planes of z and w.
      neg(z);
      neg(w);
    });
    const before = log.liveTextures;
    expect(() => exp(z)).toThrow(/emulated compile failure/);
    expect(log.liveTextures).toBe(before);
    expect(gpuBackendStats().liveTextures).toBe(before);
    z.dispose();
    w.dispose();
    expect(log.liveTextures).toBe(0);
    expect(log.doubleDeletes).toBe(0);
  });

  it('a tensor of more than 2^24 elements is refused with BackendError on a GL context, whose indices are float32', async () => {
    await start();
    const big = zeros([2 ** 24 + 1]);
    expect(() => neg(big)).toThrow(BackendError);
    expect(() => neg(big)).toThrow(/at most 2\^24 elements/);
    big.dispose();
    expect(log.liveTextures).toBe(0);
  });

  it('disposeGpuBackend deletes the textures still held and awaits the destruction of gpu.js', async () => {
    await start();
    const kept = [tensor([1, 2]), exp(tensor([3, 4])), complexTensor([1], [2])];
    kept.push(mul(kept[0], kept[1]));
    expect(log.liveTextures).toBeGreaterThan(0);
    setBackend('cpu');
    await disposeGpuBackend();
    expect(log.liveTextures).toBe(0);
    expect(log.doubleDeletes).toBe(0);
    expect(log.destroyed).toBe(true);
    expect(() => setBackend('gpujs')).toThrow(BackendError);
    expect(() => gpuBackendStats()).toThrow(BackendError);
    const before = memory().numTensors;
    for (const t of kept) t.dispose(); // harmless after the backend is gone
    expect(memory().numTensors).toBe(before - kept.length);
  });
});

describe.skipIf(!caps.headlessGL)('textures on a real GL context', () => {
  it('results stay in textures until read, and disposing tensors and the backend deletes them all', async () => {
    const info = await initGpuBackend({ mode: 'headlessgl' });
    expect(info.onGpu).toBe(true);
    setBackend('gpujs');
    const a = complexTensor([[1, 2], [3, 4]], [[0, 1], [-1, 0]]);
    const s0 = gpuBackendStats();
    const c = tidy(() => sum(exp(matmul(a, a, { transposeB: true, conjB: true })), 1));
    const s1 = gpuBackendStats();
    expect(s1.uploads - s0.uploads).toBe(2);
    expect(s1.downloads).toBe(s0.downloads);
    expect(s1.liveTextures).toBe(4); // a.re, a.im, c.re, c.im
    // (a a^H)[0] = [1 + |2 + i|^2, (1)(3 + i) + (2 + i)(4)] = [6, 11 + 5i]; row sum of exp.
    const { re, im } = c.reImSync();
    const e = [Math.exp(6), Math.exp(11) * Math.cos(5), Math.exp(11) * Math.sin(5)];
    expect(re[0]).toBeCloseTo(e[0] + e[1], 0);
    expect(im[0]).toBeCloseTo(e[2], 0);
    expect(Math.abs(re[0] - (e[0] + e[1])) / Math.exp(11)).toBeLessThan(1e-5);
    expect(gpuBackendStats().downloads).toBe(s1.downloads + 2);
    c.dispose();
    expect(gpuBackendStats().liveTextures).toBe(2);
    setBackend('cpu');
    await disposeGpuBackend();
    a.dispose();
  });
});

describe('results on shapes larger than the conformance suite draws', () => {
  const cases: [string, () => Tensor][] = [
    ['a batched complex matmul with broadcast batches and conjugate transposes', () => {
      const rng = new Random(5);
      return matmul(drawTensor(rng, [3, 1, 37, 29], true), drawTensor(rng, [4, 41, 37], true), { transposeA: true, transposeB: true, conjB: true });
    }],
    ['a complex sum over interior and trailing axes of 36 000 elements', () => sum(drawTensor(new Random(6), [5, 60, 10, 12], true), [1, 3])],
    ['broadcast arithmetic on [120, 1, 150] and [7, 1]', () => {
      const rng = new Random(7);
      const x = drawTensor(rng, [120, 1, 150], true);
      const y = drawTensor(rng, [7, 1], false);
      return add(mul(x, y), conj(x));
    }],
  ];
  // On a GL context sums accumulate in float32 too, hence the shared bound.
  const modes = caps.headlessGL ? (['cpu', 'headlessgl'] as const) : (['cpu'] as const);
  for (const [what, make] of cases) {
    it.each(modes)(`${what} agrees with the float64 CPU backend to float32 accuracy (mode %s)`, async (mode) => {
      await initGpuBackend({ mode });
      const expected = tidy(make);
      setBackend('gpujs');
      const actual = tidy(make);
      setBackend('cpu');
      expect(actual.shape).toEqual(expected.shape);
      expect(maxRelError(actual, expected)).toBeLessThan(1e-5);
      expected.dispose();
      actual.dispose();
    });
  }
});

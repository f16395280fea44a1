import { describe, expect, it } from 'vitest';
import {
  BackendError,
  add,
  grad,
  mul,
  sum,
  ConfigError,
  DTypeError,
  ShapeError,
  complexTensor,
  fill,
  getBackend,
  kernelNames,
  listBackends,
  listKernels,
  memory,
  ones,
  onesLike,
  registerBackend,
  registerGradient,
  registerKernel,
  removeBackend,
  reshape,
  runKernel,
  scalar,
  setBackend,
  setTestMode,
  tensor,
  tidy,
  variable,
  zeros,
  zerosLike,
} from 'lorentz-irreps';
import { CpuBackend } from '../../src/tensor/cpu/backend-cpu';

describe('tensor factories', () => {
  it('infer the shape of nested arrays and copy the values', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    t.dispose();
  });

  it('copy a typed array, so later writes to it do not reach the tensor', () => {
    const src = new Float64Array([1, 2, 3, 4]);
    const t = tensor(src, [2, 2]);
    src[0] = 99;
    expect(t.dataSync()[0]).toBe(1);
    t.dispose();
  });

  it('reject ragged arrays, non-numbers and a shape of the wrong size', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(DTypeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/`tensor`: `shape`/);
    expect(() => tensor([1], [1.5])).toThrow(ShapeError);
    expect(() => complexTensor([1, 2], [1])).toThrow(ShapeError);
    expect(() => tensor([1], undefined, { dtype: 'int8' as 'float64' })).toThrow(DTypeError);
  });

  it('store float32 tensors with float32 rounding', () => {
    const t = tensor([0.1], undefined, { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.dataSync()[0]).toBe(Math.fround(0.1));
    t.dispose();
  });

  it('make scalars, fills, zeros and ones of the requested kind', () => {
    const s = scalar(3);
    expect(s.rank).toBe(0);
    expect(s.array()).toBe(3);
    const f = fill([2], 7, { complex: true });
    expect(f.complexArray()).toEqual({ re: [7, 7], im: [0, 0] });
    const z = zeros([0, 3]);
    expect(z.size).toBe(0);
    const o = ones([2, 1], { dtype: 'float32' });
    expect(o.dtype).toBe('float32');
    const zl = zerosLike(f);
    const ol = onesLike(o);
    expect(zl.complex && zl.shape.join() === '2').toBe(true);
    expect(ol.dtype).toBe('float32');
    for (const t of [s, f, z, o, zl, ol]) t.dispose();
  });
});

describe('tensor readers', () => {
  it('return copies the caller may mutate', () => {
    const t = tensor([1, 2]);
    t.dataSync()[0] = 100;
    expect(t.dataSync()[0]).toBe(1);
    t.dispose();
  });

  it('refuse to read a complex tensor as real', () => {
    const z = complexTensor([1], [2]);
    expect(() => z.dataSync()).toThrow(DTypeError);
    expect(() => z.array()).toThrow(DTypeError);
    expect(z.reImSync().im[0]).toBe(2);
    expect(z.toString()).toMatch(/float64 complex\[1\]/);
    z.dispose();
    expect(z.toString()).toMatch(/disposed/);
  });
});

describe('memory accounting', () => {
  it('counts bytes by dtype and complexity', () => {
    const before = memory().numBytes;
    const a = zeros([10]);
    const b = zeros([10], { dtype: 'float32' });
    const c = zeros([10], { complex: true });
    expect(memory().numBytes - before).toBe(80 + 40 + 160);
    for (const t of [a, b, c]) t.dispose();
    expect(memory().numBytes).toBe(before);
  });

  it('shares the buffer of a reshape until the last view is disposed', () => {
    const a = tensor([1, 2, 3, 4]);
    const before = memory();
    const b = reshape(a, [2, 2]);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    a.dispose();
    expect(b.dataSync()[3]).toBe(4);
    b.dispose();
    expect(memory().numDataBuffers).toBe(before.numDataBuffers - 1);
  });

  it('hands out zeroed storage after reusing a pooled array', () => {
    const filled = fill([4, 64], 7);
    filled.dispose();
    const z = zeros([4, 64]);
    expect(z.dataSync().every((v) => v === 0)).toBe(true);
    z.dispose();
  });

  it('makes fills from recycled arrays: the value everywhere, a zero imaginary part', () => {
    const backend = new CpuBackend();
    const a = backend.fill(100, 'float64', true, 5);
    expect(a.re.every((v) => v === 5) && a.im!.every((v) => v === 0)).toBe(true);
    a.im!.fill(9);
    backend.disposeData(a);
    expect(backend.pooledByteCount).toBe(1600);
    const b = backend.fill(100, 'float64', true, -2);
    expect(backend.pooledByteCount).toBe(0);
    expect([a.re, a.im]).toContain(b.re);
    expect(b.re.every((v) => v === -2) && b.im!.every((v) => v === 0)).toBe(true);
    b.re.fill(3);
    backend.disposeData(b);
    const c = backend.fill(100, 'float64', false, 0);
    expect(c.im).toBe(null);
    expect(c.re.every((v) => v === 0)).toBe(true);
    const d = backend.fill(100, 'float32', false, 0.1);
    expect(d.re).toBeInstanceOf(Float32Array);
    expect(d.re.every((v) => v === Math.fround(0.1))).toBe(true);
    expect(backend.numDataIds()).toBe(2);
    backend.dispose();
  });

  it('pools only the arrays it allocated: adopted host arrays do not pile up step after step', () => {
    const backend = new CpuBackend();
    for (let step = 0; step < 5; step++) {
      // A training step: a batch copied in from the host, two kernel outputs, all freed.
      const batch = backend.write(new Float64Array(200), null, 'float64');
      const out = backend.alloc(100, 'float64', true);
      const scratch = backend.alloc(300, 'float64', false);
      for (const d of [batch, out, scratch]) backend.disposeData(d);
      expect(backend.pooledByteCount).toBe((2 * 100 + 300) * 8);
    }
    const adopted = new Float64Array(100);
    backend.disposeData(backend.write(adopted, null, 'float64'));
    const next = backend.alloc(100, 'float64', false);
    expect(next.re).not.toBe(adopted);
    backend.dispose();
  });

  it('makes fills on a backend without a fill of its own from host arrays', () => {
    registerBackend('engine-test-nofill', () => {
      const b = new CpuBackend();
      Object.defineProperty(b, 'fill', { value: undefined });
      return b;
    }, -1);
    setBackend('engine-test-nofill');
    try {
      const f = fill([3], 4, { complex: true });
      expect(f.complexArray()).toEqual({ re: [4, 4, 4], im: [0, 0, 0] });
      const z = zeros([2], { dtype: 'float32' });
      expect(z.dtype).toBe('float32');
      expect(Array.from(z.dataSync())).toEqual([0, 0]);
      f.dispose();
      z.dispose();
    } finally {
      setBackend('cpu');
      removeBackend('engine-test-nofill');
    }
  });
});

describe('variables', () => {
  it('reject an assignment of another shape, dtype or complexity', () => {
    const v = variable(zeros([2]));
    expect(() => v.assign(zeros([3]))).toThrow(ShapeError);
    expect(() => v.assign(zeros([2], { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => v.assign(zeros([2], { complex: true }))).toThrow(DTypeError);
    expect(() => v.assign([1, 2] as never)).toThrow(/`Variable.assign`: `value`/);
    v.dispose();
  });
});

describe('the kernel registry', () => {
  it('has a CPU forward for every kernel name of the engine', () => {
    const names = (Object.values(kernelNames) as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(names.length).toBeGreaterThan(30);
    const cpu = new Set(listKernels('cpu'));
    for (const name of names) expect(cpu.has(name), name).toBe(true);
  });

  it('refuses to register a kernel or a gradient twice', () => {
    expect(() => registerKernel({ kernelName: kernelNames.Add, backendName: 'cpu', kernelFunc: ({ inputs }) => inputs.a })).toThrow(ConfigError);
    expect(() => registerGradient({ kernelName: kernelNames.Add, gradFunc: () => ({}) })).toThrow(ConfigError);
  });

  it('throws BackendError for a kernel the active backend does not implement', () => {
    const x = tensor([1]);
    expect(() => runKernel('NoSuchKernel', { x })).toThrow(BackendError);
    x.dispose();
  });
});

describe('kernels with state outputs', () => {
  // y = 2 x and a state output s = x * x that only the gradient reads.
  const name = 'EngineTestStateOutput';
  const seen: number[] = [];
  registerKernel({
    kernelName: name,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const cpu = backend as CpuBackend;
      const x = inputs.x.dataId as unknown as { re: Float64Array };
      const y = cpu.output(inputs.x.shape, 'float64', false);
      const st = cpu.output(inputs.x.shape, 'float64', false);
      x.re.forEach((v, i) => {
        y.data.re[i] = 2 * v;
        st.data.re[i] = v * v;
      });
      return [y.info, st.info];
    },
  });
  registerGradient({
    kernelName: name,
    saveOutputs: true,
    stateOutputs: 1,
    gradFunc: (dy, { outputs }) => {
      seen.push(dy.length);
      return { x: () => mul(mul(dy[0], onesLike(outputs[1])), scalar(2)) };
    },
  });

  it('pass the gradients of the other outputs only, and no zeros for the state', () => {
    seen.length = 0;
    const x = tensor([1, 2, 3]);
    const [g] = grad((t) => sum(runKernel(name, { x: t })[0]))(x);
    expect(Array.from(g.dataSync())).toEqual([2, 2, 2]);
    expect(seen).toEqual([1]);
    for (const t of [x, g]) t.dispose();
  });

  it('refuse to differentiate through a state output, leaking nothing', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    expect(() => grad((t) => sum(runKernel(name, { x: t })[1]))(x)).toThrow(ConfigError);
    expect(memory().numTensors).toBe(before);
    expect(() => grad((t) => sum(runKernel(name, { x: t })[1]))(x)).toThrow(/output 1 of kernel 'EngineTestStateOutput'.*no gradient/);
    expect(() =>
      grad((t) => {
        const [y, st] = runKernel(name, { x: t });
        return add(sum(y), sum(st));
      })(x),
    ).toThrow(ConfigError);
    x.dispose();
  });
});

describe('backends', () => {
  it('start on the CPU backend', () => {
    expect(getBackend()).toBe('cpu');
    expect(listBackends()).toContain('cpu');
  });

  it('refuse an unavailable or unknown backend instead of falling back', () => {
    registerBackend('engine-test-throws', () => {
      throw new Error('no device');
    });
    registerBackend('engine-test-null', () => null);
    expect(() => setBackend('engine-test-throws')).toThrow(/no device/);
    expect(() => setBackend('engine-test-null')).toThrow(BackendError);
    expect(() => setBackend('no-such-backend')).toThrow(BackendError);
    expect(getBackend()).toBe('cpu');
    removeBackend('engine-test-throws');
    removeBackend('engine-test-null');
    expect(listBackends()).not.toContain('engine-test-null');
  });

  it('stop accounting for the buffers of a removed backend, also when one of its tensors outlives it', () => {
    registerBackend('engine-test-removed', () => new CpuBackend(), -1);
    setBackend('engine-test-removed');
    const outlives = tensor([1, 2, 3]);
    setBackend('cpu');
    const before = memory();
    // CpuBackend.dispose forgets its buffers: a stale per-backend count would now read as a leak.
    removeBackend('engine-test-removed');
    expect(listBackends()).not.toContain('engine-test-removed');
    setTestMode(true);
    try {
      expect(() => tidy(() => void tensor([4]))).not.toThrow();
      outlives.dispose();
      expect(memory().numDataBuffers).toBe(before.numDataBuffers - 1);
      // A backend registered again under the name starts its accounting afresh.
      registerBackend('engine-test-removed', () => new CpuBackend(), -1);
      setBackend('engine-test-removed');
      const again = tensor([5]);
      expect(() => tidy(() => void tensor([6]))).not.toThrow();
      again.dispose();
    } finally {
      setTestMode(false);
      setBackend('cpu');
      removeBackend('engine-test-removed');
    }
  });

  it('validate registration arguments', () => {
    expect(() => registerBackend('', () => null)).toThrow(ConfigError);
    expect(() => registerBackend('x', null as never)).toThrow(ConfigError);
    expect(() => registerBackend('x', () => null, Number.NaN)).toThrow(ConfigError);
  });
});

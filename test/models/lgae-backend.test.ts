/**
 * LGAE.create({ backend }): the model's tensors live and compute on the named backend whatever
 * backend is active, and a name that is not registered is a typed error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, ConfigError, LGAE, getBackend, listBackends, registerBackend, removeBackend, setBackend, tensor } from 'lorentz-irreps';
import { disposeGpuBackend, initGpuBackend } from 'lorentz-irreps/gpu';

afterEach(async () => {
  setBackend('cpu');
  await disposeGpuBackend();
});

const small = { particles: 3, encoderChannels: [2], decoderChannels: [2], seed: 4, units: 'TeV' } as const;
const jets = [
  [[1, 0.2, 0.1, 0.9], [0.5, -0.1, 0.2, 0.4], [0, 0, 0, 0]],
  [[0.8, -0.3, 0.2, 0.6], [0.3, 0.1, 0.1, 0.2], [0.2, 0, -0.1, 0.15]],
];

describe("LGAE.create({ backend: 'cpu' })", () => {
  it('keeps its parameters on the CPU and computes there while another backend is active, leaving that one active', async () => {
    const reference = LGAE.create(small); // made with the CPU active
    const expected = reference.reconstruct(jets);
    const lossExpected = reference.loss(tensor(jets)).dataSync()[0];
    await initGpuBackend({ mode: 'cpu' });
    setBackend('gpujs');
    const model = LGAE.create({ ...small, backend: 'cpu' });
    expect(getBackend()).toBe('gpujs');
    expect(model.backend).toBe('cpu');
    expect(model.config().dtype).toBe('float64'); // the CPU's default, not the active backend's
    expect(model.parameters().length).toBeGreaterThan(0);
    expect(model.parameters().every((v) => v.backend.name === 'cpu')).toBe(true);
    expect(model.reconstruct(jets)).toEqual(expected);
    expect(getBackend()).toBe('gpujs');

    const onGpu = tensor(jets); // made on the active backend
    expect(onGpu.backend.name).toBe('gpujs');
    expect(() => model.reconstruct(onGpu)).toThrow(BackendError);
    expect(() => model.reconstruct(onGpu)).toThrow(/LGAE\.reconstruct.*`jets`.*model's backend 'cpu'.*gpujs/s);
    expect(() => model.loss(onGpu)).toThrow(/LGAE\.loss.*model's backend 'cpu'/s);
    setBackend('cpu');
    const onCpu = tensor(jets); // float64, like the model
    setBackend('gpujs');
    const loss = model.loss(onCpu);
    expect(loss.backend.name).toBe('cpu');
    expect(loss.dataSync()[0]).toBe(lossExpected);
    const { vectors, scalars, features } = model.encode(onCpu);
    expect([vectors.backend.name, scalars.backend.name]).toEqual(['cpu', 'cpu']);
    expect(getBackend()).toBe('gpujs');
    for (const t of [onGpu, onCpu, loss, vectors, scalars, ...features.parts]) t.dispose();
    model.dispose();
    reference.dispose();
  });

  it('gives the same model as one made with the CPU active (same seed), and leaves backend out of config', () => {
    const a = LGAE.create({ ...small, backend: 'cpu' });
    const b = LGAE.create(small);
    expect(a.reconstruct(jets)).toEqual(b.reconstruct(jets));
    expect(a.config()).toEqual(b.config());
    expect('backend' in a.config()).toBe(false);
    expect(b.backend).toBeNull();
    a.dispose();
    b.dispose();
  });
});

describe('LGAE.create({ backend }) errors', () => {
  it('throws a BackendError naming the option, the registered backends and the name for a backend that is not registered', () => {
    expect(() => LGAE.create({ ...small, backend: 'tpu' })).toThrow(BackendError);
    expect(() => LGAE.create({ ...small, backend: 'tpu' })).toThrow(/LGAE\.create.*`options\.backend`.*a registered backend \('cpu'.*tpu/s);
    expect(listBackends()).not.toContain('tpu');
  });

  it('throws a BackendError for a registered backend that cannot run here', () => {
    registerBackend('lgae-never', () => null, -1);
    try {
      expect(() => LGAE.create({ ...small, backend: 'lgae-never' })).toThrow(BackendError);
      expect(() => LGAE.create({ ...small, backend: 'lgae-never' })).toThrow(/`options\.backend`.*available here/s);
    } finally {
      removeBackend('lgae-never');
    }
  });

  it('throws a ConfigError for a backend that is not a non-empty string', () => {
    for (const bad of ['', 1, null]) expect(() => LGAE.create({ ...small, backend: bad as never })).toThrow(ConfigError);
  });
});

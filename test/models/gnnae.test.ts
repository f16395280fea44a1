import { describe, expect, it } from 'vitest';
import { Adam, ConfigError, GNNAE, Random, ShapeError, loadJetNetSample, mean, memory, mul, expandDims, square, sub, sum, tensor, tidy, type Tensor } from 'lorentz-irreps';
import { assertPermutationEquivariant, assertPermutationInvariant, gradcheck } from 'lorentz-irreps/testing';

const small = { nodeSize: 4, messageSize: 3, hiddenSize: 4 } as const;

/** Random particle features [B, N, 3] (zeros on padding) and a mask with `real[b]` particles first. */
function jets(seed: number, real: number[], N: number): { x: Tensor; mask: Tensor; values: number[][][]; maskValues: number[][] } {
  const rng = new Random(seed);
  const maskValues = real.map((r) => Array.from({ length: N }, (_, i) => (i < r ? 1 : 0)));
  const values = maskValues.map((m) => m.map((v) => (v === 1 ? [rng.uniformIn(-0.8, 0.8), rng.uniformIn(-0.8, 0.8), rng.uniformIn(0, 0.5)] : [0, 0, 0])));
  return { x: tensor(values), mask: tensor(maskValues), values, maskValues };
}

describe('GNNAE (jet level)', () => {
  it('encodes to one latent vector per jet and reconstructs N particles, zero on padding', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 5, latentSize: 6, seed: 1, ...small });
    const { x, mask } = jets(2, [5, 3], 5);
    expect(ae.encode(x, mask).shape).toEqual([2, 6]);
    const y = ae.apply(x, mask).array() as number[][][];
    expect(y.length).toBe(2);
    expect(y[1].slice(3).flat()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(y[0].flat().some((v) => v !== 0)).toBe(true);
    expect(ae.summary()).toMatch(/^GNNAE\(jet level, 3 features, latent 6 per jet, N=5, nodes 4, messages 3 \(mean\), hidden 4, \d+ parameters\)$/);
    ae.dispose();
  });

  it('has a latent invariant under permutations of the real particles (padding kept in place)', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 6, latentSize: 4, seed: 3, ...small });
    const { x, mask } = jets(4, [6, 4, 2], 6);
    const report = assertPermutationInvariant((a: Tensor, m: Tensor) => ae.encode(a, m), [{ value: x }, { value: mask }], { mask: 1, count: 4, tolerance: 1e-12 });
    expect(report.passed).toBe(true);
    expect(GNNAE.symmetries.jet.permutation.respected).toBe(true);
    ae.dispose();
  });

  it('has an output that is not permutation equivariant (the linear expansion fixes an order)', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 4, latentSize: 4, seed: 5, ...small });
    const { x, mask } = jets(6, [4], 4);
    expect(() => assertPermutationEquivariant((a: Tensor, m: Tensor) => ae.apply(a, m), [{ value: x }, { value: mask }], { mask: 1, tolerance: 1e-6 })).toThrow(/permutation equivariant/);
    ae.dispose();
  });

  it('ignores the features stored in padded slots', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 4, latentSize: 3, seed: 7, ...small });
    const { values, maskValues, mask } = jets(8, [2], 4);
    const dirty = values.map((jet, b) => jet.map((p, i) => (maskValues[b][i] === 0 ? [5, -3, 2] : p)));
    const a = ae.apply(tensor(values), mask).dataSync();
    const b = ae.apply(tensor(dirty), mask).dataSync();
    Array.from(a).forEach((v, k) => expect(b[k]).toBe(v));
    ae.dispose();
  });

  it('rejects inputs of another particle count, feature count or mask shape with ShapeErrors', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 4, latentSize: 3, seed: 0, ...small });
    const { x, mask } = jets(0, [4], 4);
    const five = jets(0, [4], 5);
    expect(() => ae.encode(five.x, five.mask)).toThrow(/GNNAE\.encode.*\[B, 4, 3\]/);
    expect(() => ae.encode(tensor([[[1, 2]]]), tensor([[1]]))).toThrow(ShapeError);
    expect(() => ae.encode(x, tensor([[1, 1]]))).toThrow(/GNNAE\.encode.*mask/);
    expect(() => ae.decode(tensor([[1, 2]]), mask)).toThrow(/GNNAE\.decode.*z/);
    expect(() => ae.decode(tensor([[1, 2, 3]]), tensor([[1, 1]]))).toThrow(/GNNAE\.decode.*mask/);
    ae.dispose();
  });
});

describe('GNNAE (particle level)', () => {
  it('encodes to d latent features per particle', () => {
    const ae = new GNNAE({ level: 'particle', latentSize: 2, seed: 1, ...small });
    const { x, mask } = jets(2, [5, 3], 5);
    const z = ae.encode(x, mask);
    expect(z.shape).toEqual([2, 5, 2]);
    expect((z.array() as number[][][])[1].slice(3).flat()).toEqual([0, 0, 0, 0]);
    expect(ae.apply(x, mask).shape).toEqual([2, 5, 3]);
    ae.dispose();
  });

  it('has a latent and an output equivariant under permutations of the real particles, with mean or summed messages', () => {
    const ae = new GNNAE({ level: 'particle', latentSize: 2, seed: 9, ...small });
    const { x, mask } = jets(10, [6, 5], 7);
    expect(assertPermutationEquivariant((a: Tensor, m: Tensor) => ae.encode(a, m), [{ value: x }, { value: mask }], { mask: 1, tolerance: 1e-12 }).passed).toBe(true);
    expect(assertPermutationEquivariant((a: Tensor, m: Tensor) => ae.apply(a, m), [{ value: x }, { value: mask }], { mask: 1, tolerance: 1e-12 }).passed).toBe(true);
    expect(GNNAE.symmetries.particle.permutation.respected).toBe(true);
    const summed = new GNNAE({ level: 'particle', latentSize: 2, seed: 9, aggregation: 'sum', ...small });
    expect(assertPermutationEquivariant((a: Tensor, m: Tensor) => summed.apply(a, m), [{ value: x }, { value: mask }], { mask: 1, tolerance: 1e-12 }).passed).toBe(true);
    summed.dispose();
    ae.dispose();
  });

  it('works on any number of particle slots', () => {
    const ae = new GNNAE({ level: 'particle', seed: 1, ...small });
    for (const N of [1, 3, 8]) expect(ae.apply(jets(N, [N], N).x, jets(N, [N], N).mask).shape).toEqual([1, N, 3]);
    ae.dispose();
  });
});

describe('GNNAE symmetries', () => {
  it('lists every symmetry of both forms, claiming only permutations', () => {
    for (const level of ['jet', 'particle'] as const) {
      const t = GNNAE.symmetries[level];
      expect(Object.keys(t).sort()).toEqual(['lorentz', 'permutation', 'rotation', 'translation']);
      expect([t.permutation.respected, t.translation.respected, t.rotation.respected, t.lorentz.respected]).toEqual([true, false, false, false]);
      expect(Object.isFrozen(t) && Object.isFrozen(t.permutation)).toBe(true);
    }
  });

  it('has first-layer edge features invariant under a common (eta, phi) translation, but a latent that changes', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 5, latentSize: 4, seed: 12, ...small });
    const { values, mask, maskValues } = jets(13, [5, 4], 5);
    const moved = values.map((jet, b) => jet.map((p, i) => (maskValues[b][i] === 1 ? [p[0] + 0.3, p[1] - 0.2, p[2]] : p)));
    const d0 = ae.edgeFeatures(tensor(values)).array() as number[][][];
    const d1 = ae.edgeFeatures(tensor(moved)).array() as number[][][];
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (maskValues[b][i] && maskValues[b][j]) expect(d1[b][i][j]).toBeCloseTo(d0[b][i][j], 14);
    }
    const z0 = ae.encode(tensor(values), mask).dataSync();
    const z1 = ae.encode(tensor(moved), mask).dataSync();
    const change = Math.max(...Array.from(z0, (v, k) => Math.abs(v - z1[k])));
    const scale = Math.max(...Array.from(z0, Math.abs));
    expect(change / scale).toBeGreaterThan(1e-3);
    ae.dispose();
  });
});

describe('GNNAE parameters', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const opts = { level: 'jet', numParticles: 3, latentSize: 2, ...small } as const;
    const a = new GNNAE({ ...opts, seed: 21 });
    const b = new GNNAE({ ...opts, seed: 21 });
    const c = new GNNAE({ ...opts, seed: 22 });
    expect(JSON.stringify(b.state())).toBe(JSON.stringify(a.state()));
    expect(JSON.stringify(c.state())).not.toBe(JSON.stringify(a.state()));
    const names = a.namedParameters().map((p) => p.name);
    expect(names[0]).toBe('enc0.edge.l0.w');
    expect(names).toContain('expand.w');
    expect(names[names.length - 1]).toBe('dec2.node.l1.b');
    expect(new Set(a.namedParameters().map((p) => p.variable.name)).size).toBe(names.length);
    for (const m of [a, b, c]) m.dispose();
  });

  it('round-trips its state through JSON into a model of the same config', () => {
    const a = new GNNAE({ level: 'particle', latentSize: 2, seed: 1, ...small });
    const b = new GNNAE({ ...a.config(), seed: 2 });
    const { x, mask } = jets(3, [3], 3);
    b.loadState(JSON.parse(JSON.stringify(a.state())));
    expect(Array.from(b.apply(x, mask).dataSync())).toEqual(Array.from(a.apply(x, mask).dataSync()));
    const other = new GNNAE({ level: 'jet', numParticles: 3, latentSize: 2, seed: 1, ...small });
    expect(() => other.loadState(a.state())).toThrow(ConfigError);
    for (const m of [a, b, other]) m.dispose();
  });

  it('passes a finite-difference check of the gradient with respect to parameters of every stage', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 3, latentSize: 2, seed: 4, nodeSize: 2, messageSize: 2, hiddenSize: 2 });
    const { x, mask } = jets(5, [3], 3);
    const names = ['enc0.edge.l0.b', 'enc2.node.l1.w', 'expand.w', 'dec2.node.l1.b'];
    const byName = new Map(ae.namedParameters().map((p) => [p.name, p.variable]));
    const values = names.map((n) => {
      const v = byName.get(n)!;
      return tensor(v.dataSync(), v.shape);
    });
    const report = gradcheck((...ws) => ae.withParameters(Object.fromEntries(names.map((n, k) => [n, ws[k]])), () => sum(ae.apply(x, mask))), values);
    expect(report.passed).toBe(true);
    expect(report.checked).toBe(2 + 4 + 12 + 3);
    ae.dispose();
  });

  it('leaks no tensors in a forward pass', () => {
    const ae = new GNNAE({ level: 'jet', numParticles: 3, latentSize: 2, seed: 4, ...small });
    const { x, mask } = jets(5, [2], 3);
    const before = memory().numTensors;
    tidy(() => {
      ae.apply(x, mask);
    });
    expect(memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('rejects bad options with ConfigErrors naming the option', () => {
    expect(() => new GNNAE({ level: 'node' as never, seed: 0 })).toThrow(/GNNAE.*options\.level/);
    expect(() => new GNNAE({ level: 'jet', seed: 0 })).toThrow(/options\.numParticles/);
    expect(() => new GNNAE({ level: 'particle', latentSize: 0, seed: 0 })).toThrow(ConfigError);
    expect(() => new GNNAE({ level: 'particle' })).toThrow(ConfigError);
    expect(() => new GNNAE({ level: 'particle', aggregation: 'max' as never, seed: 0 })).toThrow(/GNNAE.*options\.aggregation/);
    expect(() => new GNNAE(null as never)).toThrow(ConfigError);
  });
});

describe('GNNAE training', () => {
  it('lowers the masked reconstruction error of sample jets over a few Adam steps', async () => {
    const { q } = await loadJetNetSample(['q']);
    const B = 6;
    const N = q.numParticles;
    const feats: number[] = [];
    const maskValues: number[] = [];
    for (let k = 0; k < B * N; k++) {
      feats.push(q.particleFeatures[4 * k], q.particleFeatures[4 * k + 1], q.particleFeatures[4 * k + 2]);
      maskValues.push(q.particleFeatures[4 * k + 3]);
    }
    const x = tensor(feats, [B, N, 3]);
    const mask = tensor(maskValues, [B, N]);
    for (const level of ['jet', 'particle'] as const) {
      const ae = new GNNAE({ level, numParticles: N, latentSize: level === 'jet' ? 8 : 2, nodeSize: 8, messageSize: 8, hiddenSize: 8, seed: 0 });
      const lossFn = () => mean(mul(square(sub(ae.apply(x, mask), x)), expandDims(mask, 2)));
      const adam = new Adam({ lr: 1e-2 });
      const losses: number[] = [];
      for (let step = 0; step < 15; step++) losses.push(adam.minimize(lossFn, ae.parameters()));
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[losses.length - 1], `${level}: ${losses.join(', ')}`).toBeLessThan((level === 'jet' ? 0.9 : 0.7) * losses[0]);
      ae.dispose();
    }
  });
});

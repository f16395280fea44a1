import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Adam,
  ConfigError,
  DataError,
  LGAE,
  LorentzElement,
  ShapeError,
  chamferLoss,
  createModel,
  featuresToTensor,
  jetNetToFourMomenta,
  loadJetNetSample,
  loadModel,
  mseLoss,
  trainAutoencoder,
  tensor,
  type Tensor,
} from 'lorentz-irreps';
import { PermutationError, assertEquivariant, assertPermutationInvariant } from 'lorentz-irreps/testing';
import { sampleJetSlots } from './sample-jets';

const N = 10;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lgae-model-'));
  dirs.push(d);
  return d;
}

/** B sample quark jets in TeV: their first n slots (the last jet with its final 3 slots padded), and masks. */
async function sampleJets(b: number, n: number): Promise<{ p: Tensor; mask: Tensor; values: Float64Array; maskValues: Float64Array }> {
  const { p: values, mask: maskValues } = await sampleJetSlots('q', b, n, 11);
  for (let k = n - 3; k < n; k++) {
    maskValues[(b - 1) * n + k] = 0;
    values.fill(0, ((b - 1) * n + k) * 4, ((b - 1) * n + k + 1) * 4);
  }
  return { p: tensor(values, [b, n, 4]), mask: tensor(maskValues, [b, n]), values, maskValues };
}

function nested(values: Float64Array, b: number, n: number): number[][][] {
  return Array.from({ length: b }, (_, i) => Array.from({ length: n }, (_, j) => Array.from(values.subarray((i * n + j) * 4, (i * n + j + 1) * 4))));
}

describe('LGAE.create', () => {
  it('builds the paper architecture by default and records every option', () => {
    const model = LGAE.create({ seed: 1, units: 'TeV' });
    expect(model.kind).toBe('lgae');
    expect(model.config()).toEqual({
      aggregation: 'mix',
      latentVectors: 2,
      latentScalars: 1,
      encoderChannels: [3, 3, 4, 4],
      decoderChannels: [4, 4, 3, 3],
      particles: 30,
      seed: 1,
      units: 'TeV',
      inputUnits: 'TeV',
      loss: 'mse',
      dtype: 'float64',
      layer: {},
    });
    expect(model.encoder.layers.map((l) => l.channels)).toEqual([3, 3, 4, 4]);
    expect(model.decoder.layers.map((l) => l.channels)).toEqual([4, 4, 3, 3]);
    expect(model.encoder.irrepsOut.toString()).toBe('1x(0,0)+2x(1/2,1/2)');
    expect(model.numParameters()).toBe(model.encoder.numParameters() + model.decoder.numParameters());
    const summary = model.summary().split('\n');
    expect(summary[0]).toContain(`${model.numParameters()} parameters`);
    expect(summary.filter((l) => l.includes('LMPLayer'))).toHaveLength(8);
    const names = model.namedParameters().map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((n) => n.startsWith('encoder.')) && names.some((n) => n.startsWith('decoder.'))).toBe(true);
    model.dispose();
  });

  it("picks the paper's loss per aggregation unless told otherwise, and the storage precision", () => {
    const minmax = LGAE.create({ aggregation: 'minmax', seed: 1, units: 'TeV', particles: 4 });
    const mix = LGAE.create({ aggregation: 'mix', seed: 1, units: 'TeV', particles: 4, loss: 'hungarian' });
    expect(minmax.config().loss).toBe('chamfer');
    expect(mix.config().loss).toBe('hungarian');
    const small = LGAE.create({ seed: 1, units: 'TeV', particles: 4, layer: { numBasis: 3, mlp: false } });
    expect(small.config().layer).toEqual({ numBasis: 3, mlp: false });
    expect(small.encoder.layers[0].summary()).not.toMatch(/MLP/);
    expect(small.numParameters()).toBeLessThan(mix.numParameters());
    small.dispose();
    const single = LGAE.create({ seed: 1, units: 'TeV', particles: 4, dtype: 'float32' });
    expect(single.config().dtype).toBe('float32');
    expect(single.namedParameters().every((p) => p.variable.dtype === 'float32')).toBe(true);
    expect(single.reconstruct(tensor(new Float64Array(4 * 4).fill(0.5), [1, 4, 4], { dtype: 'float32' })).dtype).toBe('float32');
    for (const m of [minmax, mix, single]) m.dispose();
  });

  it('rejects every bad option with a ConfigError that names it', () => {
    const base = { seed: 1, units: 'TeV' as const, particles: 4 };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, aggregation: 'sum' }, /options\.aggregation/],
      [{ ...base, latentVectors: 0 }, /options\.latentVectors/],
      [{ ...base, latentScalars: 1.5 }, /options\.latentScalars/],
      [{ ...base, encoderChannels: [] }, /options\.encoderChannels/],
      [{ ...base, decoderChannels: [4, -1] }, /options\.decoderChannels\[1\]/],
      [{ ...base, particles: 0 }, /options\.particles/],
      [{ units: 'TeV' }, /options\.seed/],
      [{ ...base, seed: 0.5 }, /options\.seed/],
      [{ seed: 1 }, /options\.units/],
      [{ ...base, units: 'MeV' }, /options\.units/],
      [{ ...base, inputUnits: 'keV' }, /options\.inputUnits/],
      [{ ...base, loss: 'l1' }, /options\.loss/],
      [{ ...base, dtype: 'int8' }, /options\.dtype/],
      [{ ...base, layer: 'wide' }, /options\.layer/],
      [{ ...base, layer: { numBasis: 0 } }, /numBasis/],
      [{ ...base, width: 3 }, /options\.width/],
    ];
    for (const [options, pattern] of cases) {
      expect(() => LGAE.create(options as never), JSON.stringify(options)).toThrow(ConfigError);
      expect(() => LGAE.create(options as never), JSON.stringify(options)).toThrow(pattern);
    }
    expect(() => LGAE.create(null as never)).toThrow(ConfigError);
  });
});

describe('LGAE.reconstruct and LGAE.encode', () => {
  it('return nested arrays for nested arrays and tensors for tensors, with the same values', async () => {
    const { p, mask, values } = await sampleJets(2, N);
    const model = LGAE.create({ particles: N, seed: 2, units: 'TeV' });
    const fromTensor = model.reconstruct(p, mask);
    expect(fromTensor.shape).toEqual([2, N, 4]);
    const fromArrays = model.reconstruct(nested(values, 2, N));
    expect(Array.isArray(fromArrays) && fromArrays.length === 2 && fromArrays[0].length === N && fromArrays[1][N - 1].length === 4).toBe(true);
    expect(fromArrays.flat(2)).toEqual(Array.from(fromTensor.dataSync()));
    // Without a mask the all-zero rows are the padding: the same result as the explicit mask.
    const noMask = model.reconstruct(p);
    expect(Array.from(noMask.dataSync())).toEqual(Array.from(fromTensor.dataSync()));
    const latent = model.encode(nested(values, 2, N));
    expect(latent.scalars.shape).toEqual([2, 1]);
    expect(latent.scalars.complex).toBe(true);
    expect(latent.vectors.shape).toEqual([2, 2, 4]);
    expect(latent.vectors.complex).toBe(false);
    expect(latent.features.parts.map((t) => t.shape)).toEqual([
      [2, 1, 1],
      [2, 2, 4],
    ]);
    for (const t of [p, mask, fromTensor, noMask, latent.scalars, latent.vectors, ...latent.features.parts]) t.dispose();
    model.dispose();
  });

  it('rejects jets of the wrong shape and a mask beside nested arrays', () => {
    const model = LGAE.create({ particles: 3, seed: 2, units: 'TeV' });
    expect(() => model.reconstruct(tensor(new Float64Array(2 * 4 * 4), [2, 4, 4]))).toThrow(ShapeError);
    expect(() => model.reconstruct([[[1, 0, 0, 1]]])).toThrow(/jets\[0\]/);
    expect(() => model.reconstruct([[[1, 0, 0, 1], [1, 0, 0], [0, 0, 0, 0]]])).toThrow(/jets\[0\]\[1\]/);
    expect(() => model.reconstruct([[[1, 0, 0, 1], [1, 0, 0, Number.NaN], [0, 0, 0, 0]]])).toThrow(ShapeError);
    expect(() => model.reconstruct([] as never)).toThrow(ShapeError);
    expect(() => model.encode([[[1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]], tensor([[1, 0, 0]]))).toThrow(ConfigError);
    model.dispose();
  });

  it('scales momenta given in GeV to the model unit and back', async () => {
    const { p, mask, values } = await sampleJets(2, N);
    const tev = LGAE.create({ particles: N, seed: 3, units: 'TeV' });
    const gev = LGAE.create({ particles: N, seed: 3, units: 'TeV', inputUnits: 'GeV' });
    const a = tev.reconstruct(p, mask).dataSync();
    const b = gev.reconstruct(tensor(values.map((v) => v * 1000), [2, N, 4]), mask).dataSync();
    const max = a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(max).toBeGreaterThan(0);
    for (let k = 0; k < a.length; k++) expect(Math.abs(b[k] / 1000 - a[k])).toBeLessThan(1e-12 * max);
    for (const t of [p, mask]) t.dispose();
    tev.dispose();
    gev.dispose();
  });

  it('are Lorentz-equivariant as a whole in float64: the reconstruction and the latent four-vectors transform, the latent scalars do not', async () => {
    const { p, mask } = await sampleJets(2, N);
    const args = [
      { value: p, rep: 'fourVector' as const },
      { value: mask, rep: 'invariant' as const },
    ];
    for (const aggregation of ['mix', 'minmax'] as const) {
      const model = LGAE.create({ aggregation, particles: N, seed: 4, units: 'TeV' });
      // Drawn elements: a boost of rapidity exactly 10 then a rotation, and rotations, boosts and products.
      const reco = assertEquivariant((x: Tensor, m: Tensor) => model.reconstruct(x, m), args, { outputs: ['fourVector'], count: 4, maxRapidity: 10 });
      expect(reco.trials[0].description).toMatch(/rapidity 10\.0000/);
      const encode = (x: Tensor, m: Tensor) => {
        const { scalars, vectors } = model.encode(x, m);
        return [scalars, vectors];
      };
      expect(assertEquivariant(encode, args, { outputs: ['invariant', 'fourVector'], count: 4, seed: 1 }).passed).toBe(true);
      const raw = (x: Tensor, m: Tensor) => featuresToTensor(model.encode(x, m).features);
      expect(assertEquivariant(raw, args, { outputs: [model.encoder.irrepsOut], count: 3, seed: 2 }).passed).toBe(true);
      model.dispose();
    }
    for (const t of [p, mask]) t.dispose();
  });

  it("gives a permutation-invariant latent and reconstruction with 'minmax'; 'mix' depends on the slot order", async () => {
    const { p, mask } = await sampleJets(2, N);
    const args = [{ value: p }, { value: mask }];
    const minmax = LGAE.create({ aggregation: 'minmax', particles: N, seed: 5, units: 'TeV' });
    const mix = LGAE.create({ aggregation: 'mix', particles: N, seed: 5, units: 'TeV' });
    const latent = (m: LGAE) => (x: Tensor, k: Tensor) => featuresToTensor(m.encode(x, k).features);
    expect(assertPermutationInvariant(latent(minmax), args, { mask: 1, count: 3 }).passed).toBe(true);
    expect(assertPermutationInvariant((x: Tensor, k: Tensor) => minmax.reconstruct(x, k), args, { mask: 1, count: 3 }).passed).toBe(true);
    expect(() => assertPermutationInvariant(latent(mix), args, { mask: 1, count: 3 })).toThrow(PermutationError);
    for (const t of [p, mask]) t.dispose();
    minmax.dispose();
    mix.dispose();
  });

  it('declares its symmetry table, and an (eta, phi) translation of massless particles moves the reconstruction by the boost and rotation it claims', async () => {
    const { values, maskValues } = await sampleJets(2, N);
    const [dEta, dPhi] = [0.7, -0.4];
    // Translate each particle in (eta, phi) from its own pt, eta, phi (massless), independently of the group code.
    const moved = new Float64Array(values.length);
    for (let k = 0; k < values.length / 4; k++) {
      if (!maskValues[k]) continue;
      const [, px, py, pz] = values.subarray(4 * k, 4 * k + 4);
      const pt = Math.hypot(px, py);
      const eta = Math.asinh(pz / pt) + dEta;
      const phi = Math.atan2(py, px) + dPhi;
      moved.set([pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)], 4 * k);
    }
    const L = LorentzElement.fromRotation([0, 0, 1], dPhi).compose(LorentzElement.fromBoost([0, 0, 1], dEta));
    const mask = tensor(maskValues, [2, N]);
    for (const aggregation of ['mix', 'minmax'] as const) {
      const model = LGAE.create({ aggregation, particles: N, seed: 8, units: 'TeV' });
      const t = model.symmetries;
      expect([t.permutation.respected, t.translation.respected, t.rotation.respected, t.lorentz.respected]).toEqual([aggregation === 'minmax', true, true, true]);
      const expected = L.apply(model.reconstruct(tensor(values, [2, N, 4]), mask).dataSync() as Float64Array);
      const got = model.reconstruct(tensor(moved, [2, N, 4]), mask).dataSync();
      const scale = Math.max(...Array.from(expected, Math.abs));
      const err = Math.max(...Array.from(got, (v, k) => Math.abs(v - expected[k])));
      expect(err / scale).toBeLessThan(1e-10);
      const created = createModel('lgae', { aggregation }, { seed: 0, numParticles: N, units: 'TeV' });
      expect(created.symmetries).toEqual(t);
      created.dispose();
      model.dispose();
    }
    mask.dispose();
  });

  it('ignores padded particles: changing their momenta under the mask leaves the output bit for bit', async () => {
    const { p, mask, values, maskValues } = await sampleJets(2, N);
    const moved = tensor(
      values.map((v, k) => (maskValues[Math.floor(k / 4)] ? v : 0.2 + 0.1 * (k % 4))),
      [2, N, 4],
    );
    for (const aggregation of ['mix', 'minmax'] as const) {
      const model = LGAE.create({ aggregation, particles: N, seed: 6, units: 'TeV' });
      expect(Array.from(model.reconstruct(moved, mask).dataSync())).toEqual(Array.from(model.reconstruct(p, mask).dataSync()));
      model.dispose();
    }
    for (const t of [p, mask, moved]) t.dispose();
  });
});

describe('LGAE save and load', () => {
  it('round-trips to bit-identical reconstructions, also through the model registry', async () => {
    const { values } = await sampleJets(2, N);
    const jets = nested(values, 2, N);
    const model = LGAE.create({ aggregation: 'minmax', particles: N, seed: 7, units: 'TeV', latentVectors: 3, layer: { numBasis: 4 } });
    // Move the weights off their initial values so that a fresh model from the seed would differ.
    const adam = new Adam({ lr: 1e-2 });
    const p = tensor(values, [2, N, 4]);
    adam.minimize(() => model.loss(p), model.parameters());
    const dir = tempDir();
    await model.save(dir);
    const header = JSON.parse(readFileSync(join(dir, 'lgae.json'), 'utf8'));
    expect(header.units).toBe('TeV');
    expect(header.config.latentVectors).toBe(3);
    const again = await LGAE.load(dir);
    expect(again.config()).toEqual(model.config());
    expect(again.reconstruct(jets)).toEqual(model.reconstruct(jets));
    const fresh = LGAE.create({ aggregation: 'minmax', particles: N, seed: 7, units: 'TeV', latentVectors: 3, layer: { numBasis: 4 } });
    expect(fresh.reconstruct(jets)).not.toEqual(model.reconstruct(jets));
    const { model: viaRegistry } = loadModel(dir, 'lgae');
    expect((viaRegistry as LGAE).reconstruct(jets)).toEqual(model.reconstruct(jets));
    for (const m of [model, again, fresh, viaRegistry]) m.dispose();
    p.dispose();
  });

  it('throws a DataError naming the file for a missing, malformed or mismatched save', async () => {
    const empty = tempDir();
    await expect(LGAE.load(empty)).rejects.toThrow(DataError);
    await expect(LGAE.load(empty)).rejects.toThrow(/lgae\.json/);
    const model = LGAE.create({ particles: 4, seed: 8, units: 'TeV' });
    const broken = tempDir();
    await model.save(broken);
    writeFileSync(join(broken, 'lgae.json'), '{ not json');
    await expect(LGAE.load(broken)).rejects.toThrow(DataError);
    await expect(LGAE.load(broken)).rejects.toThrow(/lgae\.json/);
    const truncated = tempDir();
    await model.save(truncated);
    const bin = readdirSync(truncated).find((f) => f.endsWith('.bin'));
    expect(bin).toBeDefined();
    writeFileSync(join(truncated, bin as string), Buffer.alloc(8));
    await expect(LGAE.load(truncated)).rejects.toThrow(DataError);
    await expect(LGAE.load(truncated)).rejects.toThrow(/lgae/);
    const badConfig = tempDir();
    await model.save(badConfig);
    const header = JSON.parse(readFileSync(join(badConfig, 'lgae.json'), 'utf8'));
    header.config.aggregation = 'sum';
    writeFileSync(join(badConfig, 'lgae.json'), JSON.stringify(header));
    await expect(LGAE.load(badConfig)).rejects.toThrow(DataError);
    await expect(LGAE.load(badConfig)).rejects.toThrow(/lgae\.json/);
    model.dispose();
  });
});

describe('LGAE training', () => {
  it('is created by the registry as kind lgae with the context unit and slots', () => {
    const ae = createModel('lgae', { aggregation: 'minmax', encoderChannels: [2, 2] }, { seed: 3, numParticles: 12, units: 'GeV' }) as LGAE;
    expect(ae).toBeInstanceOf(LGAE);
    expect(ae.config()).toMatchObject({ aggregation: 'minmax', particles: 12, units: 'GeV', inputUnits: 'GeV', seed: 3, loss: 'chamfer', encoderChannels: [2, 2] });
    ae.dispose();
  });

  it("computes the paper's loss and lowers it over a few Adam steps on 32 sample jets in TeV", async () => {
    const { p, mask } = await sampleJets(32, 30);
    for (const [aggregation, reference] of [
      ['minmax', chamferLoss],
      ['mix', mseLoss],
    ] as const) {
      const model = LGAE.create({ aggregation, seed: 9, units: 'TeV', encoderChannels: [3, 3], decoderChannels: [3, 3] });
      const loss = model.loss(p, mask).dataSync()[0];
      const expected = reference(model.reconstruct(p, mask), p, { mask }).dataSync()[0];
      expect(loss).toBe(expected);
      const adam = new Adam({ lr: 3e-3 });
      const losses: number[] = [];
      for (let step = 0; step < 8; step++) losses.push(adam.minimize(() => model.loss(p, mask), model.parameters()));
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[losses.length - 1], `${aggregation}: ${losses.join(', ')}`).toBeLessThan(0.9 * losses[0]);
      model.dispose();
    }
    for (const t of [p, mask]) t.dispose();
  });

  it('trains as kind lgae through trainAutoencoder to finite validation losses', async () => {
    const { q } = await loadJetNetSample(['q']);
    const B = 16;
    const P = q.numParticles;
    const block = { numJets: B, numParticles: P, particleFeatures: q.particleFeatures.subarray(0, B * P * 4), jetFeatures: q.jetFeatures.subarray(0, B * 4) };
    const jets = jetNetToFourMomenta(block, { units: 'TeV', seed: 4 });
    const ae = createModel('lgae', { aggregation: 'minmax', encoderChannels: [2, 2], decoderChannels: [2, 2] }, { seed: 5, numParticles: P, units: 'TeV' });
    const result = await trainAutoencoder(ae, { train: jets, val: jets }, { epochs: 2, batchSize: 8, lr: 3e-3, loss: 'chamfer', maskPadding: true });
    expect(result.status).toBe('completed');
    expect(result.history.map((h) => h.valLoss).every(Number.isFinite)).toBe(true);
    ae.dispose();
  });
});

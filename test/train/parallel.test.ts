/**
 * Data-parallel training over worker threads (`workers` > 1): a step's loss and gradients agree
 * with the single-thread step to rounding, training agrees with `workers: 1`, resumes bit for bit
 * with the same number of workers, and the threads end with training, on errors and on abort.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  NumericsError,
  createModel,
  evaluateLoss,
  readCheckpoint,
  registerModel,
  restoreModel,
  trainAutoencoder,
  unregisterModel,
  variableGrads,
  tidy,
  mseLoss,
  Random,
  tensor,
  type TrainData,
} from 'lorentz-irreps';
import { GradientWorkers, liveWorkerThreads, sliceBounds, sliceGradients } from '../../src/train/parallel';
import { batchLoss } from '../../src/train/trainer';
import { parameterMap } from '../../src/train/model';
import { relDiff, sampleTrainData, tempDir, weightsOf, withReconstruct } from './fixtures';
import { dropInputParticles } from '../../src/train/input-dropout';
import { gatherJets } from '../../src/jets/dataset';
import { TOY_KIND, toyFactory } from './toy-model';
import { WORKER_FAILING_KIND, WORKER_TOY_KIND } from './worker-toy';

const plugin = fileURLToPath(new URL('./worker-toy.ts', import.meta.url));
const context = { seed: 5, numParticles: 30, units: 'TeV' as const };
let data: TrainData;

beforeAll(async () => {
  data = await sampleTrainData(40);
  registerModel(TOY_KIND, toyFactory);
});

afterAll(() => {
  unregisterModel(TOY_KIND);
});

describe('sliceBounds', () => {
  it('cuts b jets into W contiguous slices covering them in order, sizes differing by at most one', () => {
    for (const [b, W] of [[128, 2], [5, 3], [1, 2], [7, 7], [3, 4]]) {
      const bounds = Array.from({ length: W }, (_, i) => sliceBounds(b, W, i));
      expect(bounds[0][0]).toBe(0);
      expect(bounds[W - 1][1]).toBe(b);
      for (let i = 1; i < W; i++) expect(bounds[i][0]).toBe(bounds[i - 1][1]);
      const sizes = bounds.map(([s, e]) => e - s);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('GradientWorkers', () => {
  it.each([
    ['lgae', 2, 16],
    [WORKER_TOY_KIND, 3, 5],
    [WORKER_TOY_KIND, 2, 1],
  ] as const)('gives the mean loss and gradients of one thread to rounding (%s, %i threads, %i jets)', async (kind, W, b) => {
    const model = kind === 'lgae' ? createModel('lgae', {}, context) : restoreModel(kind, {}, context);
    const params = parameterMap(model, 'test');
    const trainable = [...params].filter(([, v]) => v.trainable);
    const variables = trainable.map(([, v]) => v);
    const settings = { loss: 'chamfer' as const, maskPadding: false };
    const N = data.train.numParticles;
    const p = data.train.p.slice(0, b * N * 4);
    const mask = data.train.mask.slice(0, b * N);
    const pool = await GradientWorkers.start({ workers: W, kind, config: model.config(), context, settings, imports: [plugin], params, trainable, fn: 'test' });
    try {
      expect(pool.size).toBe(W);
      // a small young generation in every worker (about 20 MB less resident memory per worker)
      expect(pool.threadResourceLimits.map((r) => r?.maxYoungGenerationSizeMb)).toEqual(Array(W - 1).fill(12));
      const ref = tidy(() => {
        const { value, grads } = variableGrads(() => batchLoss(model, settings, p, mask, b, N, 'mean'), variables);
        return { loss: value.dataSync()[0], grads: grads.map((g) => g.reImSync()) };
      });
      const local = (from: number, to: number) => sliceGradients(() => batchLoss(model, settings, p.slice(from * N * 4, to * N * 4), mask.slice(from * N, to * N), to - from, N, 'sum'), variables);
      const got = await pool.batch(p, mask, b, N, local);
      expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(1e-12);
      const all = (gs: readonly { re: ArrayLike<number>; im: ArrayLike<number> | null }[]) => gs.flatMap((g) => [...Array.from(g.re), ...(g.im === null ? [] : Array.from(g.im))]);
      const refAll = all(ref.grads.map((g, k) => ({ re: g.re, im: variables[k].complex ? g.im : null })));
      expect(relDiff(all(got.grads), refAll)).toBeLessThan(1e-12);
      // the loss alone, over a dataset in batches
      const ds = { numJets: 2 * b + 1, numParticles: N, units: 'TeV' as const, p: data.train.p.slice(0, (2 * b + 1) * N * 4), mask: data.train.mask.slice(0, (2 * b + 1) * N) };
      const evaluated = await pool.evaluate(ds, b, (sp, sm, sb) => tidy(() => batchLoss(model, settings, sp, sm, sb, N, 'sum').dataSync()[0]));
      expect(Math.abs(evaluated - evaluateLoss(model, ds, { ...settings, batchSize: b })) / evaluated).toBeLessThan(1e-12);
      // the same step again: bit for bit
      const again = await pool.batch(p, mask, b, N, local);
      expect(again.loss).toBe(got.loss);
      expect(all(again.grads)).toEqual(all(got.grads));
    } finally {
      await pool.close();
      model.dispose();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 60_000);
});

describe('trainAutoencoder with workers', () => {
  it('trains the LGAE with 2 workers as with 1, to rounding', async () => {
    const run = async (workers: number) => {
      const model = createModel('lgae', {}, context);
      const notes: string[] = [];
      try {
        const r = await trainAutoencoder(model, data, { epochs: 1, batchSize: 16, workers, restoreBest: false, progress: { note: (s) => notes.push(s) } });
        return { r, w: weightsOf(model), notes };
      } finally {
        model.dispose();
      }
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.r.steps).toBe(one.r.steps);
    expect(one.notes).toEqual([]);
    expect(two.notes[0]).toMatch(/^computing gradients on 2 threads/);
    expect(Math.abs(two.r.history[0].trainLoss - one.r.history[0].trainLoss) / one.r.history[0].trainLoss).toBeLessThan(1e-10);
    expect(Math.abs(two.r.history[0].valLoss - one.r.history[0].valLoss) / one.r.history[0].valLoss).toBeLessThan(1e-10);
    for (const name of Object.keys(one.w)) expect(relDiff(two.w[name], one.w[name])).toBeLessThan(1e-8);
    expect(liveWorkerThreads()).toBe(0);
  }, 120_000);

  it('resumes bit for bit after an abort with the same number of workers', async () => {
    const t = tempDir('parallel-resume');
    try {
      const options = { epochs: 3, batchSize: 8, lr: 1e-2, loss: 'mse' as const, seed: 2, workers: 2, workerImports: [plugin] };
      const straight = createModel(WORKER_TOY_KIND, {}, context);
      const r0 = await trainAutoencoder(straight, data, { ...options, dir: `${t.dir}/straight` });
      expect(r0.status).toBe('completed');
      const controller = new AbortController();
      let batches = 0;
      const cut = createModel(WORKER_TOY_KIND, {}, context);
      const progress = { batch: () => (++batches === 5 ? controller.abort() : undefined) };
      const r1 = await trainAutoencoder(cut, data, { ...options, dir: `${t.dir}/cut`, signal: controller.signal, progress });
      expect(r1.status).toBe('interrupted');
      expect(r1.steps).toBe(5);
      expect(liveWorkerThreads()).toBe(0);
      expect(readCheckpoint(`${t.dir}/cut`).state.steps).toBe(5);
      const resumed = createModel(WORKER_TOY_KIND, {}, { ...context, seed: 99 });
      const r2 = await trainAutoencoder(resumed, data, { ...options, dir: `${t.dir}/cut`, resume: true });
      expect(r2.history).toEqual(r0.history.map((h, i) => ({ ...h, seconds: r2.history[i].seconds, jetsPerSecond: r2.history[i].jetsPerSecond })));
      expect(weightsOf(resumed)).toEqual(weightsOf(straight));
      for (const m of [straight, cut, resumed]) m.dispose();
    } finally {
      t.cleanup();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 120_000);

  it('stops at the time budget with the threads ended', async () => {
    let clock = 0;
    const model = createModel(WORKER_TOY_KIND, {}, context);
    try {
      // each reading of the clock advances it by 100 ms: the 1 s budget runs out within the first epoch
      const r = await trainAutoencoder(model, data, { epochs: 5, batchSize: 4, loss: 'mse', workers: 2, workerImports: [plugin], maxSeconds: 1, now: () => (clock += 100) });
      expect(r.status).toBe('time-limit');
      expect(r.history).toHaveLength(1);
      expect(r.history[0].partial).toBe(true);
    } finally {
      model.dispose();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 60_000);

  it('fails with a ConfigError naming a model kind that the worker threads do not know, and ends them', async () => {
    const model = createModel(TOY_KIND, {}, context);
    try {
      await expect(trainAutoencoder(model, data, { epochs: 1, workers: 2 })).rejects.toThrow(ConfigError);
      await expect(trainAutoencoder(model, data, { epochs: 1, workers: 2 })).rejects.toThrow(/model kind 'toy-linear' is not registered in worker threads/);
    } finally {
      model.dispose();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 60_000);

  it("passes a worker's error on as the library's error class, and ends the threads", async () => {
    const model = createModel(WORKER_FAILING_KIND, {}, context);
    try {
      const p = trainAutoencoder(model, data, { epochs: 1, batchSize: 8, loss: 'mse', workers: 2, workerImports: [plugin] });
      await expect(p).rejects.toThrow(NumericsError);
      await expect(p).rejects.toThrow(/reconstructed on the main thread only/);
    } finally {
      model.dispose();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 60_000);

  it('rejects bad workers and workerImports with ConfigErrors naming them', async () => {
    const model = createModel(TOY_KIND, {}, context);
    try {
      for (const workers of [0, 1.5, -1, '2', Number.NaN]) {
        await expect(trainAutoencoder(model, data, { epochs: 1, workers: workers as number })).rejects.toThrow(/`options\.workers` must be an integer >= 1/);
      }
      for (const workerImports of ['x', [''], [3]]) {
        await expect(trainAutoencoder(model, data, { epochs: 1, workers: 2, workerImports: workerImports as string[] })).rejects.toThrow(/`options\.workerImports` must be a list of module names/);
      }
    } finally {
      model.dispose();
    }
    expect(liveWorkerThreads()).toBe(0);
  });
});

describe('trainAutoencoder with inputDropout', () => {
  it('reconstructs the thinned jets and scores them against the whole jets; validation sees whole jets', async () => {
    const n = data.train.numJets;
    const seed = 4;
    const dropout = { probability: 0.4, keep: 2 };
    const inputs: { p: Float64Array; mask: Float64Array }[] = [];
    const inner = createModel(TOY_KIND, {}, context);
    const model = withReconstruct(inner, (p, mask) => {
      inputs.push({ p: Float64Array.from(p.dataSync()), mask: Float64Array.from(mask.dataSync()) });
      return inner.reconstruct(p, mask);
    });
    const reference = createModel(TOY_KIND, {}, context);
    try {
      // one batch holding every training jet: its loss is taken before the step
      const r = await trainAutoencoder(model, data, { epochs: 1, batchSize: n, loss: 'mse', seed, inputDropout: dropout });
      const order = new Random(seed).permutation(n);
      const batch = gatherJets(data.train, order);
      const N = data.train.numParticles;
      const expected = dropInputParticles(batch.p, batch.mask, n, N, dropout, seed, 0, 0);
      expect(inputs[0].mask).toEqual(expected.mask);
      expect(inputs[0].p).toEqual(expected.p);
      expect(inputs[0].mask.reduce((s, m) => s + m, 0)).toBeLessThan(batch.mask.reduce((s, m) => s + m, 0));
      const want = tidy(() => mseLoss(reference.reconstruct(tensor(expected.p, [n, N, 4]), tensor(expected.mask, [n, N])), tensor(batch.p, [n, N, 4])).dataSync()[0]);
      expect(Math.abs(r.history[0].trainLoss - want) / want).toBeLessThan(1e-12);
      // the validation batches after the step are the validation jets, whole
      const valMask = inputs.slice(1).flatMap((x) => Array.from(x.mask));
      expect(valMask).toEqual(Array.from(data.val.mask));
      expect(r.status).toBe('completed');
    } finally {
      model.dispose();
      reference.dispose();
    }
  });

  it('trains with 2 workers as with 1, to rounding, and resumes bit for bit', async () => {
    const t = tempDir('input-dropout');
    try {
      const options = { epochs: 2, batchSize: 8, lr: 1e-2, loss: 'mse' as const, seed: 2, inputDropout: { probability: 0.3 }, restoreBest: false };
      const run = async (workers: number, extra: object = {}) => {
        const model = createModel(WORKER_TOY_KIND, {}, context);
        const r = await trainAutoencoder(model, data, { ...options, workers, workerImports: [plugin], ...extra });
        const w = weightsOf(model);
        model.dispose();
        return { r, w };
      };
      const one = await run(1);
      const two = await run(2);
      expect(Math.abs(two.r.history[1].trainLoss - one.r.history[1].trainLoss) / one.r.history[1].trainLoss).toBeLessThan(1e-10);
      for (const name of Object.keys(one.w)) expect(relDiff(two.w[name], one.w[name])).toBeLessThan(1e-8);
      // without dropout the same run ends elsewhere
      const plain = createModel(WORKER_TOY_KIND, {}, context);
      await trainAutoencoder(plain, data, { ...options, inputDropout: undefined });
      expect(weightsOf(plain)).not.toEqual(one.w);
      plain.dispose();
      // cut after 3 steps, resumed: the same weights as the straight run
      const controller = new AbortController();
      let batches = 0;
      const cut = await run(1, { dir: t.dir, signal: controller.signal, progress: { batch: () => (++batches === 3 ? controller.abort() : undefined) } });
      expect(cut.r.status).toBe('interrupted');
      expect(readCheckpoint(t.dir).settings.inputDropout).toEqual({ probability: 0.3, keep: 3 });
      const resumed = await run(1, { dir: t.dir, resume: true });
      expect(resumed.w).toEqual(one.w);
      // the settings are fixed for a run
      await expect(run(1, { dir: t.dir, resume: true, inputDropout: { probability: 0.2 } })).rejects.toThrow(/inputDropout/);
    } finally {
      t.cleanup();
    }
    expect(liveWorkerThreads()).toBe(0);
  }, 120_000);

  it('refuses bad settings and a model loss', async () => {
    const model = createModel(TOY_KIND, {}, context);
    try {
      await expect(trainAutoencoder(model, data, { epochs: 1, inputDropout: { probability: 1.5 } })).rejects.toThrow(/options\.inputDropout\.probability/);
      const own = Object.assign(Object.create(model), { trainingLoss: () => tensor([0]) });
      await expect(trainAutoencoder(own, data, { epochs: 1, loss: 'model', inputDropout: { probability: 0.2 } })).rejects.toThrow(ConfigError);
    } finally {
      model.dispose();
    }
  });
});

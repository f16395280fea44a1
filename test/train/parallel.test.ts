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
  type TrainData,
} from 'lorentz-irreps';
import { GradientWorkers, liveWorkerThreads, sliceBounds, sliceGradients } from '../../src/train/parallel';
import { batchLoss } from '../../src/train/trainer';
import { parameterMap } from '../../src/train/model';
import { relDiff, sampleTrainData, tempDir, weightsOf } from './fixtures';
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

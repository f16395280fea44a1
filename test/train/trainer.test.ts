import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  NumericsError,
  add,
  div,
  sub,
  evaluateLoss,
  hasCheckpoint,
  loadWeights,
  memory,
  mul,
  readCheckpoint,
  readWeightsInfo,
  tensor,
  trainAutoencoder,
  variable,
  type EpochRecord,
  type JetAutoencoder,
  type Tensor,
  type TrainData,
  type TrainOptions,
} from 'lorentz-irreps';
import { sampleTrainData, tempDir, weightsOf, withReconstruct } from './fixtures';
import { LinearAutoencoder } from './toy-model';

let data: TrainData;
const folders: (() => void)[] = [];
const folder = (name: string) => {
  const t = tempDir(name);
  folders.push(t.cleanup);
  return t.dir;
};
const toy = (seed = 5, prefix = 'toy') => new LinearAutoencoder(8, { seed, numParticles: 30, units: 'TeV' }, prefix);
const base: Omit<TrainOptions, 'epochs'> = { batchSize: 16, lr: 3e-3, seed: 11, restoreBest: false };

beforeAll(async () => {
  data = await sampleTrainData(60); // 72 train, 24 validation jets
});
afterAll(() => folders.forEach((f) => f()));

describe('trainAutoencoder', () => {
  it('lowers the validation loss of a linear autoencoder on sample jets', async () => {
    const model = toy();
    const before = evaluateLoss(model, data.val);
    const epochs: EpochRecord[] = [];
    const result = await trainAutoencoder(model, data, { ...base, epochs: 4, progress: { epoch: (r) => epochs.push(r) } });
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(4 * Math.ceil(72 / 16));
    expect(epochs.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.history).toEqual(epochs);
    expect(epochs[3].valLoss).toBeLessThan(before);
    expect(epochs[3].valLoss).toBe(evaluateLoss(model, data.val, { batchSize: 16 }));
    model.dispose();
  });

  it('leaves no tensors behind across epochs', async () => {
    const model = toy();
    const before = memory().numTensors;
    await trainAutoencoder(model, data, { ...base, epochs: 2, loss: 'hungarian', maskPadding: true });
    expect(memory().numTensors).toBe(before);
    model.dispose();
  });

  it('continues after a resume bit for bit as if never stopped', async () => {
    const straight = toy();
    const dirA = folder('straight');
    await trainAutoencoder(straight, data, { ...base, epochs: 2, dir: dirA });

    const dirB = folder('resumed');
    const first = toy();
    const r1 = await trainAutoencoder(first, data, { ...base, epochs: 1, dir: dirB });
    expect(r1.epochs).toBe(1);
    first.dispose();
    const second = toy(99, 'renamed'); // other initial weights and variable names: the checkpoint must replace and map them
    const r2 = await trainAutoencoder(second, data, { ...base, epochs: 2, dir: dirB, resume: true });
    expect(r2.epochs).toBe(2);
    expect(r2.steps).toBe(2 * Math.ceil(72 / 16));

    expect(weightsOf(second)).toEqual(weightsOf(straight));
    const [a, b] = [readCheckpoint(dirA), readCheckpoint(dirB)];
    expect(b.optimizer).toEqual(a.optimizer);
    expect({ ...b.state, secondsSpent: 0 }).toEqual({ ...a.state, secondsSpent: 0 }); // wall time differs, the rest may not
    expect(b.history.map((r) => [r.trainLoss, r.valLoss])).toEqual(a.history.map((r) => [r.trainLoss, r.valLoss]));
    straight.dispose();
    second.dispose();
  });

  it('stops on an abort signal mid-epoch with a checkpoint that resumes bit for bit', async () => {
    const straight = toy();
    await trainAutoencoder(straight, data, { ...base, epochs: 2 });

    const dir = folder('abort');
    const controller = new AbortController();
    const first = toy();
    let batches = 0;
    const r1 = await trainAutoencoder(first, data, {
      ...base,
      epochs: 2,
      dir,
      signal: controller.signal,
      progress: { batch: () => ++batches === 7 && controller.abort() },
    });
    expect(r1.status).toBe('interrupted');
    expect(r1.steps).toBe(7);
    const saved = readCheckpoint(dir);
    expect([saved.state.epochsDone, saved.state.batchesDone, saved.state.steps]).toEqual([1, 2, 7]);
    first.dispose();

    const second = toy();
    const r2 = await trainAutoencoder(second, data, { ...base, epochs: 2, dir, resume: true });
    expect(r2.status).toBe('completed');
    expect(weightsOf(second)).toEqual(weightsOf(straight));
    straight.dispose();
    second.dispose();
  });

  it('keeps the last good checkpoint intact when a step throws mid-epoch', async () => {
    const dir = folder('throw');
    const model = toy();
    const failing = withReconstruct(model, (p, _m, call) => {
      if (call === 8) throw new Error('simulated failure');
      return model.reconstruct(p);
    });
    await expect(trainAutoencoder(failing, data, { ...base, epochs: 3, dir })).rejects.toThrow('simulated failure');
    const ck = readCheckpoint(dir);
    expect([ck.state.epochsDone, ck.state.batchesDone]).toEqual([1, 0]);
    const leftovers = readdirSync(dir).filter((f) => f.includes('.tmp-'));
    expect(leftovers).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin')).length).toBe(2); // checkpoint and best
    const again = toy(1);
    const r = await trainAutoencoder(again, data, { ...base, epochs: 3, dir, resume: true });
    expect(r.epochs).toBe(3);
    model.dispose();
    again.dispose();
  });

  it('stops early after `patience` epochs without a better validation loss, and restores the best weights', async () => {
    // reconstruct(p) = p * s + 0 * w: w gets zero gradients, so nothing improves after epoch 1
    const s = variable(tensor([0.9]), { name: 'frozen.s' });
    const w = variable(tensor([0.3]), { name: 'frozen.w' });
    const model: JetAutoencoder = {
      kind: 'frozen',
      config: () => ({}),
      namedParameters: () => [
        { name: 's', variable: s },
        { name: 'w', variable: w },
      ],
      reconstruct: (p: Tensor) => add(mul(p, 0.5), mul(w, 0)),
      dispose: () => {
        s.dispose();
        w.dispose();
      },
    };
    const notes: string[] = [];
    const dir = folder('early');
    const r = await trainAutoencoder(model, data, { ...base, epochs: 10, patience: 2, dir, restoreBest: true, progress: { note: (t) => notes.push(t) } });
    expect(r.status).toBe('early-stopped');
    expect(r.epochs).toBe(3);
    expect(r.bestEpoch).toBe(1);
    expect(r.history.map((h) => h.best)).toEqual([true, false, false]);
    expect(notes.some((n) => n.startsWith('early stop'))).toBe(true);
    expect(readWeightsInfo(dir, 'best').meta.epoch).toBe(1);
    model.dispose();
  });

  it('saves the best weights, which load into a fresh model', async () => {
    const dir = folder('best');
    const model = toy();
    const r = await trainAutoencoder(model, data, { ...base, epochs: 2, dir, restoreBest: true });
    const info = readWeightsInfo(dir, 'best');
    expect(info.meta.epoch).toBe(r.bestEpoch);
    expect(info.meta.valLoss).toBe(r.bestValLoss);
    expect(info.context).toEqual({ seed: 11, numParticles: 30, units: 'TeV' });
    const fresh = toy(77, 'fresh');
    loadWeights(fresh, dir, 'best');
    expect(weightsOf(fresh)).toEqual(weightsOf(model));
    model.dispose();
    fresh.dispose();
  });

  it('refuses a non-finite loss with a NumericsError and keeps the checkpoint before it', async () => {
    const dir = folder('nan');
    const model = toy();
    const nan = withReconstruct(model, (p, _m, call) => {
      const r = model.reconstruct(p);
      return call > 8 ? div(sub(r, r), sub(r, r)) : r; // 0 / 0 from the 2nd step of epoch 2 on
    });
    await expect(trainAutoencoder(nan, data, { ...base, epochs: 2, dir })).rejects.toThrow(NumericsError);
    const ck = readCheckpoint(dir);
    expect([ck.state.epochsDone, ck.state.batchesDone]).toEqual([1, 0]);
    await expect(trainAutoencoder(toy(), data, { ...base, epochs: 2, dir })).rejects.toThrow(/without a checkpoint/);
    expect(hasCheckpoint(dir)).toBe(true);
    model.dispose();
  });

  it('stops a diverging run with a NumericsError although its loss is still finite', async () => {
    const model = toy();
    const blowUp = withReconstruct(model, (p, _m, call) => {
      const r = model.reconstruct(p);
      return call > 3 ? mul(r, tensor([1e6])) : r; // loss x 1e12 from the 4th step on: finite, but diverged
    });
    await expect(trainAutoencoder(blowUp, data, { ...base, epochs: 1 })).rejects.toThrow(/does not diverge.*batch 4/);
    model.dispose();
  });

  it('stops when its time budget is spent, marks the cut epoch partial, and resumes with a larger budget', async () => {
    const dir = folder('budget');
    const model = toy();
    let clock = 0;
    const now = () => (clock += 250); // every reading of the clock advances it by 0.25 s
    const first = await trainAutoencoder(model, data, { ...base, epochs: 3, dir, now, maxSeconds: 1.5 });
    expect(first.status).toBe('time-limit');
    expect(first.history.length).toBe(1);
    expect(first.history[0].partial).toBe(true);
    expect(first.steps).toBeLessThan(Math.ceil(72 / 16));
    const ck = readCheckpoint(dir);
    expect(ck.state.secondsSpent).toBeGreaterThanOrEqual(1.5);
    const again = await trainAutoencoder(model, data, { ...base, epochs: 3, dir, now, maxSeconds: 1.5, resume: true });
    expect([again.status, again.steps]).toEqual(['time-limit', first.steps]); // nothing left to spend
    const rest = await trainAutoencoder(model, data, { ...base, epochs: 3, dir, now, maxSeconds: 1e6, resume: true });
    expect(rest.status).toBe('completed');
    expect(rest.history.length).toBe(3);
    expect(rest.history.slice(1).every((r) => r.partial === undefined)).toBe(true);
    await expect(trainAutoencoder(toy(), data, { ...base, epochs: 1, maxSeconds: 0 })).rejects.toThrow(/options\.maxSeconds/);
    model.dispose();
  });

  it('refuses to resume with other settings, another model config or other data', async () => {
    const dir = folder('mismatch');
    const model = toy();
    await trainAutoencoder(model, data, { ...base, epochs: 1, dir });
    await expect(trainAutoencoder(model, data, { ...base, lr: 1e-2, epochs: 2, dir, resume: true })).rejects.toThrow(/training settings.*lr/);
    const wide = new LinearAutoencoder(12, { seed: 1, numParticles: 30, units: 'TeV' }, 'wide');
    await expect(trainAutoencoder(wide, data, { ...base, epochs: 2, dir, resume: true })).rejects.toThrow(/model config.*latent/);
    const other = await sampleTrainData(40);
    await expect(trainAutoencoder(model, other, { ...base, epochs: 2, dir, resume: true })).rejects.toThrow(/training data/);
    await expect(trainAutoencoder(model, data, { ...base, epochs: 2, resume: true })).rejects.toThrow(ConfigError);
    model.dispose();
    wide.dispose();
  });

  it('rejects bad options with ConfigErrors naming the option', async () => {
    const model = toy();
    const cases: [Partial<TrainOptions>, RegExp][] = [
      [{ epochs: 0 }, /options\.epochs/],
      [{ epochs: 1, batchSize: 2.5 }, /options\.batchSize/],
      [{ epochs: 1, lr: -1 }, /options\.lr/],
      [{ epochs: 1, loss: 'l1' as 'mse' }, /options\.loss/],
      [{ epochs: 1, patience: -1 }, /options\.patience/],
      [{ epochs: 1, maskPadding: 'yes' as unknown as boolean }, /options\.maskPadding/],
    ];
    for (const [o, message] of cases) {
      await expect(trainAutoencoder(model, data, o as TrainOptions)).rejects.toThrow(message);
    }
    await expect(trainAutoencoder(model, { train: data.train, val: { ...data.val, units: 'GeV' } }, { epochs: 1 })).rejects.toThrow(/data\.val\.units/);
    model.dispose();
  });

  it('writes checkpoints whose files name each other consistently', async () => {
    const dir = folder('files');
    const model = toy();
    await trainAutoencoder(model, data, { ...base, epochs: 2, dir });
    const json = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['best.json', readWeightsBin(dir), 'checkpoint.json', json.bin].sort());
    expect(json.state.epochsDone).toBe(2);
    expect(json.settings).toEqual({ loss: 'chamfer', batchSize: 16, lr: 3e-3, patience: 10, seed: 11, maskPadding: false });
    model.dispose();
  });
});

function readWeightsBin(dir: string): string {
  return JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')).bin;
}

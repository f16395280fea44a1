import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ShapeError,
  evaluateLoss,
  mean,
  readCheckpoint,
  square,
  sub,
  sum,
  tensor,
  trainAutoencoder,
  type Tensor,
  type TrainData,
} from 'lorentz-irreps';
import { sampleTrainData, tempDir } from './fixtures';
import { LinearAutoencoder } from './toy-model';

let data: TrainData;
const t = tempDir('model-loss');
afterAll(t.cleanup);
beforeAll(async () => {
  data = await sampleTrainData(30);
});

/** The toy autoencoder with its own per-jet loss: the squared error summed over each jet's four-momenta, counted per call. */
class OwnLoss extends LinearAutoencoder {
  calls = 0;
  trainingLoss(p: Tensor): Tensor {
    this.calls++;
    return sum(square(sub(this.reconstruct(p), p)), [1, 2]);
  }
}

describe("the trainer with a model's own loss", () => {
  it("uses trainingLoss by default and records the loss 'model'; the per-jet mean is what it minimizes", async () => {
    const model = new OwnLoss(8, { seed: 2, numParticles: 30, units: 'TeV' }, 'own');
    // per jet: sum over 120 numbers = 120 x the per-jet MSE of the particle loss 'mse'
    expect(evaluateLoss(model, data.val)).toBeCloseTo(120 * evaluateLoss(model, data.val, { loss: 'mse' }), 10);
    const dir = `${t.dir}/own`;
    const result = await trainAutoencoder(model, data, { epochs: 2, batchSize: 16, lr: 3e-3, seed: 1, dir, restoreBest: false });
    expect(readCheckpoint(dir).settings.loss).toBe('model');
    expect(model.calls).toBeGreaterThanOrEqual(2 * Math.ceil(data.train.numJets / 16));
    expect(result.history[1].valLoss).toBeCloseTo(evaluateLoss(model, data.val, { loss: 'model' }), 12);
    expect(result.history[1].valLoss).toBeLessThan(result.history[0].valLoss);
    // asking for a particle loss trains on it instead
    const calls = model.calls;
    await trainAutoencoder(model, data, { epochs: 1, batchSize: 16, loss: 'mse' });
    expect(model.calls).toBe(calls);
    model.dispose();
  });

  it('rejects a trainingLoss that does not give one real value per jet, and non-methods', async () => {
    const model = new LinearAutoencoder(8, { seed: 2, numParticles: 30, units: 'TeV' }, 'scalar');
    const scalar = Object.assign(model, { trainingLoss: (p: Tensor) => mean(square(p)) });
    await expect(trainAutoencoder(scalar, data, { epochs: 1 })).rejects.toThrow(ShapeError);
    await expect(trainAutoencoder(scalar, data, { epochs: 1 })).rejects.toThrow(/model\.trainingLoss.*one loss per jet/);
    const notMethod = Object.assign(new LinearAutoencoder(8, { seed: 2, numParticles: 30, units: 'TeV' }, 'nm'), { trainingLoss: 3 });
    expect(() => evaluateLoss(notMethod as never, data.val)).toThrow(ConfigError);
    model.dispose();
    notMethod.dispose();
  });
});

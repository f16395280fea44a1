/**
 * The end-to-end part of bench:lgae, which runs it in a child process of its own on the built
 * package (dist/, as the command line and the package's users run it; `npm run bench:lgae` builds
 * it first), so that the peak resident memory it reports is that of a training run alone: the
 * registered 'lgae' model (loss 'mse') trained with `trainAutoencoder` for `LGAE_TRAINER_EPOCHS`
 * (default 3, as bench:lgae runs it) epochs of batches of 128 jets with `LGAE_TRAINER_WORKERS`
 * threads.
 *
 * Input: `LGAE_TRAINER_JETS`, a file that bench:lgae wrote with the four-momenta [count, N, 4]
 * (TeV) then the masks [count, N] as float64, `LGAE_TRAINER_PARTICLES` = N, and
 * `LGAE_TRAINER_BATCHES`: that many batches train, one more validates.
 *
 * Prints one JSON line: `jetsPerSec` (the training jets of the last two epochs over their training
 * time: the rate rises over the first hundred or so batches of a run, while the engine compiles
 * and tiers up every thread's code), `epochJetsPerSec` (each epoch's) and
 * `peakRssMB` (`process.resourceUsage().maxRSS` at the end: the process's largest resident set,
 * the jets, the model and every thread included).
 */
import { readFileSync } from 'node:fs';
import { createModel, preferRelaxedSimd, trainAutoencoder } from '../dist/index.js';

preferRelaxedSimd();
const BATCH = 128;
const n = Number(process.env.LGAE_TRAINER_PARTICLES);
const batches = Number(process.env.LGAE_TRAINER_BATCHES);
const workers = Number(process.env.LGAE_TRAINER_WORKERS ?? 1);
const count = (batches + 1) * BATCH;
const bytes = readFileSync(process.env.LGAE_TRAINER_JETS);
if (!(n > 0 && batches > 0) || bytes.byteLength !== count * n * 5 * 8) {
  throw new Error(`lgae-trainer: LGAE_TRAINER_JETS holds ${bytes.byteLength} bytes, not the ${count} jets x ${n} particles x (4 + 1) doubles that LGAE_TRAINER_BATCHES=${batches} and LGAE_TRAINER_PARTICLES=${n} ask for`);
}
const all = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
const p = all.subarray(0, count * n * 4);
const mask = all.subarray(count * n * 4, count * n * 5);
// Views into the file's buffer: the process holds one copy of the jets, as a loaded dataset does.
const slice = (from, jets) => ({
  numJets: jets,
  numParticles: n,
  p: p.subarray(from * n * 4, (from + jets) * n * 4),
  mask: mask.subarray(from * n, (from + jets) * n),
  units: 'TeV',
});
const data = { train: slice(0, batches * BATCH), val: slice(batches * BATCH, BATCH) };
const model = createModel('lgae', { loss: 'mse' }, { seed: 1, numParticles: n, units: 'TeV' });
const r = await trainAutoencoder(model, data, { epochs: Number(process.env.LGAE_TRAINER_EPOCHS ?? 3), batchSize: BATCH, workers, restoreBest: false });
model.dispose();
const jetsTrained = data.train.numJets;
const late = r.history.slice(-2);
const jetsPerSec = (late.length * jetsTrained) / late.reduce((s, h) => s + jetsTrained / h.jetsPerSecond, 0);
process.stdout.write(
  `${JSON.stringify({ workers, jetsPerSec: Math.round(jetsPerSec), epochJetsPerSec: r.history.map((h) => Math.round(h.jetsPerSecond)), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, readRunConfig, registerModel, sampleDataDir, unregisterModel } from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { TOY_KIND, toyFactory } from '../train/toy-model';
import { cli } from './helpers';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const t = tempDir('cli');
const tiny = ['--max-jets', '60', '--epochs', '2', '--batch-size', '16', '--seed', '3'];

beforeAll(() => registerModel(TOY_KIND, toyFactory));
afterAll(() => {
  unregisterModel(TOY_KIND);
  t.cleanup();
});

describe('lorentz-irreps', () => {
  it('prints help for the program and every command, and its version', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Commands:\n {2}train .*\n {2}eval .*\n {2}models /);
    for (const c of ['train', 'eval', 'models']) {
      const h = await cli([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: lorentz-irreps ${c}`));
      expect((await cli(['help', c])).stdout).toMatch(new RegExp(`^Usage: lorentz-irreps ${c}`));
    }
    expect((await cli(['train', TOY_KIND, '--help'])).stdout).toMatch(/Options of model 'toy-linear'.*\n {2}--latent <n> +latent size/);
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const none = await cli([]);
    expect([none.code, none.stderr.startsWith('Usage:')]).toEqual([2, true]);
  });

  it('reports usage errors on one line with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['fly'], /`<command>` must be one of train, eval, models, compare, study, help/],
      [['train', TOY_KIND], /`--out` must be given/],
      [['train', '--out', join(t.dir, 'x')], /`<model>` must be given/],
      [['train', 'nope', '--out', join(t.dir, 'x')], /a registered model \(.*toy-linear/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--epochs', '0'], /`--epochs` must be an integer >= 1/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--units', 'eV'], /one of GeV, TeV, PeV/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--latent', 'big'], /`--latent` must be an integer/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--data', t.dir], /holding g\.hdf5/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--split', '0.5,0.5,0.5'], /`--split` must be three fractions/],
      [['train', TOY_KIND, '--out', join(t.dir, 'x'), '--plugin', './no/such/module.js'], /`--plugin` must be an importable module/],
      [['train', '--out', join(t.dir, 'x'), '--resume'], /a run folder with run\.json and a checkpoint/],
      [['eval'], /`--run` must be given/],
      [['eval', '--run', t.dir], /a run folder holding run\.json/],
      [['help', 'fly'], /one of train, eval, models, compare, study/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^lorentz-irreps: UsageError: .*\(see: lorentz-irreps /);
    }
  });

  it('lists the registered models with their options', async () => {
    const r = await cli(['models']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/toy-linear: linear autoencoder.*\n {2}--latent <n>/);
  });

  it('trains on the shipped sample, resumes with more epochs, and evaluates into report.json and figures', async () => {
    const out = join(t.dir, 'run');
    const train = await cli(['train', TOY_KIND, '--out', out, '--latent', '12', ...tiny]);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/^toy-linear: completed after 2 epochs; best validation loss [\d.e-]+ at epoch \d/);
    expect(train.stderr).toMatch(/training on 72 jets, validating on 24, 5 batches per epoch\nepoch 1\/2 batch 1\/5/);
    expect(train.stderr).toMatch(/epoch 2\/2 {2}train [\d.e-]+ {2}val [\d.e-]+/);
    const config = readRunConfig(out);
    expect(config).toMatchObject({ model: TOY_KIND, options: { latent: 12 }, train: { epochs: 2, batchSize: 16, seed: 3, loss: 'chamfer' } });
    expect(config.data).toEqual({ dir: sampleDataDir(), trainClasses: ['g', 'q'], maxJets: 60, fractions: [0.6, 0.2, 0.2], units: 'TeV' });

    const again = await cli(['train', TOY_KIND, '--out', out, ...tiny]);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/without a run \(pass --resume/)]);
    const conflict = await cli(['train', '--out', out, '--resume', '--lr', '0.5']);
    expect([conflict.code, conflict.stderr]).toEqual([2, expect.stringMatching(/`--lr` must be the value of the run being resumed \(0\.001\)/)]);
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', '3', '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toBe('');
    expect(readCheckpoint(out).state.epochsDone).toBe(3);
    expect(readRunConfig(out).train.epochs).toBe(3);

    const ev = await cli(['eval', '--run', out]);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toMatch(/Anomaly detection \(qcd: 24 jets, t: 12 jets, w: 12 jets, z: 12 jets\)\nscore +signal +AUC +eS@eB=0\.1 +eS@eB=0\.01 +eS@eB=0\.001/);
    expect(ev.stdout).toMatch(/\nhungarian +combined +0\.\d{3} /);
    expect(ev.stdout).toMatch(/\nqcd +particle ptRel +-?\d+\.\d{4} +\d+\.\d{4} +\d+\n/);
    expect(ev.stdout).toMatch(/report: .*report\.json \(8 figures in .*figures\)/);
    const report = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8'));
    expect(report.meta.model).toEqual({ kind: TOY_KIND, config: { latent: 12 }, parameters: 2 * 120 * 12 + 12 + 120 });
    expect(existsSync(join(out, 'report', 'figures', 'latent-masses.png'))).toBe(true);
    // the latent kNN score: reference = the run's 72 training jets (36 g + 36 q), k = 5, 3 real latent vectors
    expect(ev.stdout).toMatch(/\nlatentKnn +combined +0\.\d{3} /);
    expect(ev.stdout).toMatch(/\nLatent kNN: k = 5 of 72 training jets, \d of 6 latent invariants\n/);
    expect(report.latentKnn).toMatchObject({ referenceJets: 72, k: 5, features: 6 });
    expect(report.meta.latentReference).toEqual({ split: 'train', classes: ['g', 'q'], requested: 5000, jets: 72, k: 5 });
    const few = await cli(['eval', '--run', out, '--no-figures', '--json', '--latent-reference', '11', '--latent-k', '2', '--out', join(t.dir, 'few')]);
    expect(JSON.parse(few.stdout).latentKnn).toMatchObject({ referenceJets: 11, k: 2 });
    const off = await cli(['eval', '--run', out, '--no-figures', '--json', '--latent-reference', '0', '--out', join(t.dir, 'off')]);
    const offReport = JSON.parse(off.stdout);
    expect([offReport.latentKnn.skipped, offReport.anomaly.rows.some((r: { score: string }) => r.score === 'latentKnn')]).toEqual([expect.stringMatching(/no reference jets/), false]);
    const negative = await cli(['eval', '--run', out, '--latent-reference', '-1']);
    expect([negative.code, negative.stderr]).toEqual([2, expect.stringMatching(/`--latent-reference` must be an integer >= 0/)]);

    const json = await cli(['eval', '--run', out, '--weights', 'last', '--no-figures', '--json', '--signals', 't', '--out', join(t.dir, 'last')]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect([parsed.meta.weights, parsed.figures, parsed.samples.map((s: { name: string }) => s.name)]).toEqual(['last', [], ['qcd', 't']]);
  }, 60_000);

  it('trains on the hardest --particles of each jet, records them, and evaluates the same jets', async () => {
    const out = join(t.dir, 'particles');
    const train = await cli(['train', TOY_KIND, '--out', out, '--latent', '4', '--particles', '10', '--quiet', ...tiny]);
    expect(train.code).toBe(0);
    expect(readRunConfig(out).data).toEqual({ dir: sampleDataDir(), trainClasses: ['g', 'q'], maxJets: 60, fractions: [0.6, 0.2, 0.2], units: 'TeV', particles: 10 });
    const ev = await cli(['eval', '--run', out, '--no-figures', '--json']);
    expect(ev.code).toBe(0);
    // the toy model's weights are sized by the slots it was built for: 10 particles x 4 components
    expect(JSON.parse(ev.stdout).meta.model).toEqual({ kind: TOY_KIND, config: { latent: 4 }, parameters: 2 * 40 * 4 + 4 + 40 });
    const changed = await cli(['train', '--out', out, '--resume', '--particles', '12', '--epochs', '3']);
    expect([changed.code, changed.stderr]).toEqual([2, expect.stringMatching(/`--particles` must be the value of the run being resumed \(10\)/)]);
    const zero = await cli(['train', TOY_KIND, '--out', join(t.dir, 'particles-0'), '--particles', '0', ...tiny]);
    expect([zero.code, zero.stderr]).toEqual([2, expect.stringMatching(/`--particles` must be an integer >= 1/)]);
    const many = await cli(['train', TOY_KIND, '--out', join(t.dir, 'particles-31'), '--particles', '31', '--quiet', ...tiny]);
    expect(many.code).not.toBe(0);
    expect(many.stderr).toMatch(/at most the 30 particle slots of g\.hdf5/);
  }, 60_000);

  it('trains a denoising run with --input-dropout, records it, and keeps it fixed on resume', async () => {
    const out = join(t.dir, 'dropout');
    const train = await cli(['train', TOY_KIND, '--out', out, '--input-dropout', '0.25', '--loss', 'mse', '--quiet', ...tiny]);
    expect(train.code).toBe(0);
    expect(readRunConfig(out).train.inputDropout).toEqual({ probability: 0.25, keep: 3 });
    expect(readCheckpoint(out).settings.inputDropout).toEqual({ probability: 0.25, keep: 3 });
    const ev = await cli(['eval', '--run', out, '--no-figures', '--json']);
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout).meta.training.inputDropout).toEqual({ probability: 0.25, keep: 3 });
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', '3', '--quiet']);
    expect(resumed.code).toBe(0);
    expect(readCheckpoint(out).state.epochsDone).toBe(3);
    const changed = await cli(['train', '--out', out, '--resume', '--input-dropout', '0.5', '--epochs', '4']);
    expect([changed.code, changed.stderr]).toEqual([2, expect.stringMatching(/`--input-dropout` must be the value of the run being resumed \(0\.25\)/)]);
    const kept = await cli(['train', TOY_KIND, '--out', join(t.dir, 'dropout-keep'), '--input-dropout', '0.25', '--input-dropout-keep', '10', '--loss', 'mse', '--quiet', ...tiny]);
    expect(kept.code).toBe(0);
    expect(readRunConfig(join(t.dir, 'dropout-keep')).train.inputDropout).toEqual({ probability: 0.25, keep: 10 });
    for (const [args, message] of [
      [['--input-dropout', '1'], /`--input-dropout` must be a probability in \(0, 1\)/],
      [['--input-dropout-keep', '2'], /`--input-dropout-keep` must be given with --input-dropout/],
      [['--input-dropout', '0.2', '--input-dropout-keep', '-1'], /`--input-dropout-keep` must be an integer >= 0/],
      [['--input-dropout', '0.2', '--loss', 'model'], /`--input-dropout` must be a particle --loss/],
    ] as const) {
      const r = await cli(['train', TOY_KIND, '--out', join(t.dir, 'dropout-bad'), ...args, ...tiny]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  }, 60_000);

  it('stops at the --max-minutes time budget, records it, and resumes with a larger one', async () => {
    const out = join(t.dir, 'budget');
    const r = await cli(['train', TOY_KIND, '--out', out, '--max-minutes', '1e-6', ...tiny]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^toy-linear: time-limit after 1 epochs; best validation loss/);
    expect(r.stderr).toMatch(/time limit: 0\.00006 s of training spent/);
    expect(readRunConfig(out).train.maxMinutes).toBe(1e-6);
    const ck = readCheckpoint(out);
    expect([ck.state.epochsDone, ck.history[0].partial]).toEqual([1, true]);
    const bad = await cli(['train', TOY_KIND, '--out', join(t.dir, 'budget-bad'), '--max-minutes', '0', ...tiny]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--max-minutes.*minutes > 0/)]);
    const more = await cli(['train', '--out', out, '--resume', '--max-minutes', '60', '--quiet']);
    expect(more.stdout).toMatch(/^toy-linear: completed after 2 epochs/);
    expect(readRunConfig(out).train.maxMinutes).toBe(60);
  }, 60_000);

  it('saves a checkpoint and exits with code 130 on SIGINT, and the run resumes afterwards', async () => {
    const out = join(t.dir, 'sigint');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'train', TOY_KIND, '--plugin', 'test/cli/fixtures/register-toy.ts', '--out', out, '--max-jets', '200', '--epochs', '500', '--batch-size', '8', '--patience', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /epoch 1\/500 {2}train/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/stopping after the current step/);
    expect(stderr).toMatch(/interrupted after \d+ steps \(\d+ epochs done\); checkpoint in .*\ncontinue with: lorentz-irreps train --out .* --resume\n$/);
    const ck = readCheckpoint(out);
    expect(ck.state.epochsDone).toBeGreaterThanOrEqual(1);
    expect(ck.state.epochsDone).toBeLessThan(500);
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', String(ck.state.epochsDone + 1), '--quiet']);
    expect(resumed.code).toBe(0);
    expect(readCheckpoint(out).state.epochsDone).toBe(ck.state.epochsDone + 1);
  }, 60_000);
});

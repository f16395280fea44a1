import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  factoryDefaultLoss,
  loadJetNetSplits,
  massErrorStats,
  mul,
  registerModel,
  reshape,
  runDataEfficiencyStudy,
  sampleDataDir,
  tensor,
  unregisterModel,
  variable,
  type DataEfficiencyOptions,
  type Tensor,
} from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { TOY_KIND, toyFactory } from '../train/toy-model';
import { cli } from './helpers';

const t = tempDir('study');
beforeAll(() => registerModel(TOY_KIND, toyFactory));
afterAll(() => {
  unregisterModel(TOY_KIND);
  t.cleanup();
});

const tiny = ['--max-jets', '30', '--epochs', '1', '--batch-size', '16', '--latent', '4'];

describe('massErrorStats', () => {
  it('is 0 for a perfect reconstruction and 1 for doubled four-momenta', async () => {
    const { g } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g'], units: 'TeV', seed: 0, maxJets: 20 });
    for (const [scale, expected] of [[1, 0], [2, 1]] as const) {
      const w = variable(tensor([scale]), { name: `mass-stats.w${scale}` });
      const model = { kind: 'scale', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }], reconstruct: (p: Tensor) => mul(p, w), dispose: () => w.dispose() };
      const s = massErrorStats(model, g.test, false);
      expect(s.median).toBeCloseTo(expected, 12);
      expect(s.iqr).toBeCloseTo(0, 12);
      expect(s.count).toBe(g.test.numJets);
      model.dispose();
    }
  });

  it('refuses a reconstruction that is not [b, N\', 4] with one N\' for every batch', async () => {
    const { g } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g'], units: 'TeV', seed: 0, maxJets: 20 });
    const w = variable(tensor([1]), { name: 'mass-stats.shape' });
    const flat = { kind: 'flat', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }], reconstruct: (p: Tensor) => mul(reshape(p, [p.shape[0], p.shape[1] * 4]), w), dispose: () => {} };
    expect(() => massErrorStats(flat, g.test, false)).toThrow(/`massErrorStats`: `model\.reconstruct` must be a real tensor of shape \[4, N', 4\]\. Value: `\[4,120\]`/);
    w.dispose();
  });
});

describe('lorentz-irreps study data-efficiency', () => {
  it('trains every fraction and seed, records the test jet-mass errors, draws the figure, and skips finished cells on rerun', async () => {
    const out = join(t.dir, 'de');
    const argv = ['study', 'data-efficiency', '--model', TOY_KIND, '--fractions', '0.5,1', '--seeds', '0,1', '--out', out, ...tiny];
    const r = await cli(argv);
    expect([r.code, r.stderr.match(/^\[\d\/4\] .*: training on .*$/gm)]).toEqual([
      0,
      ['[1/4] fraction 0.5 seed 0: training on 18 of 36 jets', '[2/4] fraction 0.5 seed 1: training on 18 of 36 jets', '[3/4] fraction 1 seed 0: training on 36 of 36 jets', '[4/4] fraction 1 seed 1: training on 36 of 36 jets'],
    ]);
    expect(r.stderr).toMatch(/\[1\/4\] fraction 0\.5 seed 0: epoch 1\/1 train [\d.e+-]+ val [\d.e+-]+\n\[1\/4\] fraction 0\.5 seed 0: median relative jet mass error -?[\d.e+-]+ \(IQR [\d.e+-]+\) on 12 test jets/);
    expect(r.stdout).toMatch(/^toy-linear: data efficiency on 12 test jets \(4 cells trained, 0 done before\)\nfraction +jets +seeds +median/);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect(study).toMatchObject({ format: 'lorentz-irreps-study', study: 'data-efficiency', model: TOY_KIND, options: { latent: 4 }, splitJets: { train: 36, val: 12, test: 12 } });
    expect(study.cells.map((c: { fraction: number; seed: number; trainJets: number }) => `${c.fraction}/${c.seed}/${c.trainJets}`)).toEqual(['0.5/0/18', '0.5/1/18', '1/0/36', '1/1/36']);
    for (const s of study.summary) {
      const medians = study.cells.filter((c: { fraction: number }) => c.fraction === s.fraction).map((c: { mass: { median: number } }) => c.mass.median);
      expect([s.min, s.max, s.median]).toEqual([Math.min(...medians), Math.max(...medians), (medians[0] + medians[1]) / 2]);
    }
    expect(existsSync(join(out, 'data-efficiency.svg')) && existsSync(join(out, 'data-efficiency.png'))).toBe(true);
    expect(existsSync(join(out, 'cells', 'fraction-0.5-seed-1', 'checkpoint.json'))).toBe(true);

    const again = await cli([...argv.map((a) => (a === '0,1' ? '0,1,2' : a)), '--no-figures']);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/done before, skipped/g)).toHaveLength(4);
    expect(again.stderr).toMatch(/\[3\/6\] fraction 0\.5 seed 2: training on 18 of 36 jets/);
    expect(again.stdout).toMatch(/\(2 cells trained, 4 done before\)/);
    const grown = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect(grown.cells).toHaveLength(6);
    expect(grown.cells[0]).toEqual(study.cells[0]);

    const changed = await cli([...argv.map((a) => (a === '1' ? '2' : a))]);
    expect([changed.code, changed.stderr]).toEqual([2, expect.stringMatching(/only fractions and seeds may change; 'train\.epochs' differs/)]);
  }, 60_000);

  it('studies the hardest --particles of each jet and records them', async () => {
    const out = join(t.dir, 'de-particles');
    const argv = ['study', 'data-efficiency', '--model', TOY_KIND, '--fractions', '1', '--seeds', '0', '--out', out, '--particles', '6', '--no-figures', '--quiet', ...tiny];
    const r = await cli(argv);
    expect(r.code).toBe(0);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect([study.data.particles, study.cells.length, study.splitJets]).toEqual([6, 1, { train: 36, val: 12, test: 12 }]);
    // the cell's model was built for 6 slots: its weights hold 2 * 24 * latent + latent + 24 numbers
    const weights = JSON.parse(readFileSync(join(out, 'cells', 'fraction-1-seed-0', 'checkpoint.json'), 'utf8'));
    expect(JSON.stringify(weights)).toMatch(/"shape":\[24,4\]/);
    const changed = await cli(argv.map((a) => (a === '6' ? '7' : a)));
    expect([changed.code, changed.stderr]).toEqual([2, expect.stringMatching(/only fractions and seeds may change; 'data\.particles' differs/)]);
  }, 60_000);

  it('ends each cell at its --max-minutes time budget and records the budget and the cells\' status', async () => {
    const out = join(t.dir, 'de-budget');
    const r = await cli(['study', 'data-efficiency', '--model', TOY_KIND, '--fractions', '1', '--seeds', '0', '--out', out, '--max-minutes', '1e-6', '--no-figures', ...tiny.map((a) => (a === '1' ? '5' : a))]);
    expect(r.code).toBe(0);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect(study.train.maxMinutes).toBe(1e-6);
    expect(study.cells.map((c: { status: string; epochs: number }) => `${c.status}/${c.epochs}`)).toEqual(['time-limit/1']);
    const bad = await cli(['study', 'data-efficiency', '--model', TOY_KIND, '--out', join(t.dir, 'de-bad'), '--max-minutes', '-1', ...tiny]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--max-minutes/)]);
  }, 60_000);

  it('resumes an interrupted cell from its checkpoint to the same result as an uninterrupted study', async () => {
    const base = (out: string): DataEfficiencyOptions => ({
      model: TOY_KIND,
      options: { latent: 4 },
      train: { epochs: 2, batchSize: 8, lr: 1e-3, patience: 0, loss: 'chamfer', maskPadding: false },
      data: { dir: sampleDataDir(), trainClasses: ['g', 'q'], maxJets: 30, fractions: [0.6, 0.2, 0.2], units: 'TeV', splitSeed: 0 },
      fractions: [1],
      seeds: [3],
      out,
      figures: false,
    });
    const whole = await runDataEfficiencyStudy(base(join(t.dir, 'whole')));
    const controller = new AbortController();
    const lines: string[] = [];
    const cut = await runDataEfficiencyStudy({ ...base(join(t.dir, 'cut')), signal: controller.signal, progress: (l) => (lines.push(l), /epoch 1\/2/.test(l) && controller.abort()) });
    expect([cut.interrupted, cut.study.cells.length]).toEqual([true, 0]);
    expect(lines.at(-1)).toMatch(/interrupted; its checkpoint is kept/);
    const rest = await runDataEfficiencyStudy({ ...base(join(t.dir, 'cut')), progress: (l) => lines.push(l) });
    expect(lines).toContain('[1/1] fraction 1 seed 3: resuming on 36 of 36 jets');
    expect(rest.study.cells).toEqual(whole.study.cells);
  }, 60_000);

  it('reports usage errors with exit code 2 and prints help with the model options', async () => {
    const cases: [string[], RegExp][] = [
      [['study'], /`<study>` must be given: one of data-efficiency/],
      [['study', 'speed'], /`<study>` must be one of data-efficiency/],
      [['study', 'data-efficiency', '--out', t.dir], /`--model` must be given/],
      [['study', 'data-efficiency', '--model', 'nope', '--out', t.dir], /a registered model/],
      [['study', 'data-efficiency', '--model', TOY_KIND], /`--out` must be given/],
      [['study', 'data-efficiency', '--model', TOY_KIND, '--out', t.dir, '--fractions', '0,1'], /`--fractions` must be distinct numbers in \(0, 1\]/],
      [['study', 'data-efficiency', '--model', TOY_KIND, '--out', t.dir, '--seeds', '1,1'], /`--seeds` must be distinct integers/],
      [['study', 'data-efficiency', '--model', TOY_KIND, '--out', t.dir, '--split', '0.8,0.2,0'], /the study needs test jets/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect((await cli(['study', '--help'])).stdout).toMatch(/^Usage: lorentz-irreps study data-efficiency --model <kind> --out <dir>/);
    expect((await cli(['study', 'data-efficiency', '--model', TOY_KIND, '--help'])).stdout).toMatch(/Options of model 'toy-linear':\n {2}--latent <n>/);
  });
});

describe("lorentz-irreps train --loss", () => {
  it("records the model's own loss by default for cnnae, and refuses 'model' for a model without one", async () => {
    const out = join(t.dir, 'cnnae-run');
    const r = await cli(['train', 'cnnae', '--out', out, '--image-size', '8', '--channels', '2', '--latent-size', '2', '--max-jets', '20', '--epochs', '1', '--batch-size', '8', '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).train.loss).toBe('model');
    expect((await cli(['train', '--help'])).stdout).toMatch(/--loss <name> +training loss: a particle loss, or 'model' .*one of chamfer, mse, hungarian, model/);
    const bad = await cli(['train', TOY_KIND, '--out', join(t.dir, 'toy-model-loss'), '--loss', 'model', ...tiny]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/the model 'toy-linear' has no trainingLoss method/)]);
  }, 60_000);
});

describe('lorentz-irreps train lgae', () => {
  it("trains 'mix' on MSE and 'minmax' on Chamfer unless --loss says otherwise, and takes --agg for --aggregation", async () => {
    const lgae = ['--encoder-channels', '1', '--decoder-channels', '1', '--max-jets', '8', '--epochs', '1', '--batch-size', '8', '--quiet'];
    const cases: [string[], string, string][] = [
      [[], 'mix', 'mse'],
      [['--agg', 'minmax'], 'minmax', 'chamfer'],
      [['--aggregation', 'minmax', '--loss', 'hungarian'], 'minmax', 'hungarian'],
    ];
    for (const [k, [flags, aggregation, loss]] of cases.entries()) {
      const out = join(t.dir, `lgae-loss-${k}`);
      const r = await cli(['train', 'lgae', '--out', out, ...flags, ...lgae]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
      expect([run.options.aggregation, run.train.loss]).toEqual([aggregation, loss]);
    }
    const both = await cli(['train', 'lgae', '--out', join(t.dir, 'lgae-both'), '--agg', 'mix', '--aggregation', 'minmax', ...lgae]);
    expect([both.code, both.stderr]).toEqual([2, expect.stringMatching(/--agg.*not given together with --aggregation/)]);
    expect((await cli(['train', 'lgae', '--help'])).stdout).toMatch(/--agg <value> +same as --aggregation/);
  }, 120_000);

  it('resolves the default loss of each registered kind from its options', () => {
    expect(factoryDefaultLoss('lgae', { aggregation: 'mix' })).toBe('mse');
    expect(factoryDefaultLoss('lgae', { aggregation: 'minmax' })).toBe('chamfer');
    expect(factoryDefaultLoss('lgae', { aggregation: 'minmax', loss: 'mse' })).toBe('mse');
    expect(factoryDefaultLoss('cnnae', {})).toBe('model');
    expect(factoryDefaultLoss(TOY_KIND, {})).toBe('chamfer');
    expect(() => factoryDefaultLoss('no-such-kind', {})).toThrow(ConfigError);
  });
});

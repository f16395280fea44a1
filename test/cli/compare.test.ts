import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports, ConfigError, formatComparisonMarkdown, registerModel, unregisterModel, type StoredReport } from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { TOY_KIND, toyFactory } from '../train/toy-model';
import { cli } from './helpers';

const t = tempDir('compare');
beforeAll(() => registerModel(TOY_KIND, toyFactory));
afterAll(() => {
  unregisterModel(TOY_KIND);
  t.cleanup();
});

const EFFS = [0.1, 0.01, 0.001];
const SYM = {
  permutation: { respected: true, note: 'p' },
  translation: { respected: false, note: 't' },
  rotation: { respected: false, note: 'r' },
  lorentz: { respected: true, note: 'l' },
};

/**
 * A report with known numbers: for score k (0 chamfer, 1 emd) and signal s (0 t, 1 w, 2 z, 3
 * combined), AUC = base + 0.01 k + 0.001 s and signal efficiency at 10^-e = AUC / (e + 1); jet
 * mass median = base / 10, IQR = base / 5; other features left out.
 */
function report(kind: string, base: number, extra: Partial<StoredReport> = {}): StoredReport {
  const rows = ['chamfer', 'emd'].flatMap((score, k) =>
    ['t', 'w', 'z', 'combined'].map((signal, s) => {
      const auc = base + 0.01 * k + 0.001 * s;
      return {
        score,
        signal,
        signalJets: 10,
        backgroundJets: 100,
        auc,
        efficiencies: EFFS.map((e, i) => ({ backgroundEfficiency: e, signalEfficiency: auc / (i + 1), resolved: e * 100 >= 1 })),
      };
    }),
  );
  return {
    format: 'lorentz-irreps-report',
    version: 1,
    meta: { model: { kind, config: {}, parameters: 42 } },
    units: 'TeV',
    maskPadding: false,
    samples: [
      { name: 'qcd', role: 'background', jets: 100 },
      { name: 't', role: 'signal', jets: 10 },
    ],
    anomaly: { backgroundEfficiencies: EFFS, rows },
    reconstruction: [{ sample: 'qcd', level: 'jet', feature: 'mass', median: base / 10, iqr: base / 5, q25: 0, q75: 0, count: 100, excluded: 0 }],
    latent: { skipped: 'none' },
    figures: [],
    notes: [],
    ...extra,
  } as StoredReport;
}

const roc = (score: string) => [{ score, signal: 'combined', fpr: [0, 0.001, 0.1, 1], tpr: [0, 0.2, 0.7, 1] }];

describe('compareReports', () => {
  it("puts each run's best score in one row with AUC and efficiencies per signal and combined", () => {
    const c = compareReports([
      { name: 'a', source: 'a.json', report: report('lgae', 0.8, { symmetries: SYM, roc: roc('emd') }) },
      { name: 'b', source: 'b.json', report: report('gnnae', 0.6) },
    ]);
    expect(c.signals).toEqual(['t', 'w', 'z', 'combined']);
    expect(c.backgroundEfficiencies).toEqual(EFFS);
    expect(c.anomaly.map((r) => [r.run, r.kind, r.score])).toEqual([
      ['a', 'lgae', 'emd'],
      ['b', 'gnnae', 'emd'],
    ]);
    const w = c.anomaly[0].cells[1]!;
    expect(w.auc).toBeCloseTo(0.811, 12);
    expect(w.efficiencies.map((e) => e!.signalEfficiency)).toEqual([0.811, 0.811 / 2, 0.811 / 3].map((x) => expect.closeTo(x, 12)));
    expect(w.efficiencies.map((e) => e!.resolved)).toEqual([true, true, false]);
    expect(c.anomaly[1].cells[3]!.auc).toBeCloseTo(0.613, 12);
    expect(c.features[0]).toBe('jet mass');
    expect(c.reconstruction.map((r) => [r.run, r.sample, r.stats[0]])).toEqual([
      ['a', 'qcd', { median: expect.closeTo(0.08, 12), iqr: expect.closeTo(0.16, 12) }],
      ['b', 'qcd', { median: expect.closeTo(0.06, 12), iqr: expect.closeTo(0.12, 12) }],
    ]);
    expect(c.reconstruction[0].stats[1]).toBeNull();
    expect(c.symmetries).toEqual([
      { run: 'a', kind: 'lgae', parameters: 42, symmetries: SYM },
      { run: 'b', kind: 'gnnae', parameters: 42, symmetries: null },
    ]);
    expect(c.roc.map((r) => [r.run, r.score, r.curve !== null])).toEqual([
      ['a', 'emd', true],
      ['b', 'emd', false],
    ]);
    expect(c.notes.join('\n')).toMatch(/Run 'b': its report has no stored ROC curves[\s\S]*Run 'b': its report predates symmetry tables[\s\S]*marked \* are interpolated/);

    const md = formatComparisonMarkdown(c).split('\n');
    expect(md[0]).toBe('## Anomaly detection (score: the best per model (highest combined AUC))');
    expect(md[2]).toBe(
      '| model | kind | score | t AUC | t eS@eB=1e-1 | t eS@eB=1e-2 | t eS@eB=1e-3 | w AUC | w eS@eB=1e-1 | w eS@eB=1e-2 | w eS@eB=1e-3 | z AUC | z eS@eB=1e-1 | z eS@eB=1e-2 | z eS@eB=1e-3 | combined AUC | combined eS@eB=1e-1 | combined eS@eB=1e-2 | combined eS@eB=1e-3 |',
    );
    expect(md[4]).toBe('| a | lgae | EMD | 0.810 | 0.810 | 0.405 | 0.270* | 0.811 | 0.811 | 0.406 | 0.270* | 0.812 | 0.812 | 0.406 | 0.271* | 0.813 | 0.813 | 0.407 | 0.271* |');
    expect(md).toContain('| a | 0.0800 (0.1600) | n/a | n/a | n/a | n/a | n/a | n/a |');
    expect(md).toContain('| a | lgae | 42 | yes | no | no | yes |');
    expect(md).toContain('| --- | --- | --- | --- | --- | --- | --- |');
    expect(md).toContain('| b | gnnae | 42 | n/a | n/a | n/a | n/a |');
  });

  it("shows every score or a named one, and refuses a score a run lacks or repeated labels", () => {
    const runs = [
      { name: 'a', source: 'a.json', report: report('lgae', 0.8) },
      { name: 'b', source: 'b.json', report: report('cnnae', 0.7) },
    ];
    expect(compareReports(runs, { score: 'all' }).anomaly.map((r) => `${r.run}:${r.score}`)).toEqual(['a:chamfer', 'a:emd', 'b:chamfer', 'b:emd']);
    const chamfer = compareReports(runs, { score: 'chamfer' });
    expect(chamfer.anomaly.map((r) => r.cells[0]!.auc)).toEqual([0.8, 0.7]);
    expect(() => compareReports(runs, { score: 'imageMse' })).toThrow(ConfigError);
    expect(() => compareReports([runs[0], { ...runs[1], name: 'a' }])).toThrow(/distinct names/);
    expect(() => compareReports([])).toThrow(ConfigError);
  });
});

describe('lorentz-irreps compare', () => {
  const write = (path: string, r: StoredReport) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify(r));
  };

  it('reads reports from run folders, report folders and files, and writes compare.json, compare.md and the ROC figure', async () => {
    write(join(t.dir, 'lgae-run', 'report', 'report.json'), report('lgae', 0.8, { symmetries: SYM, roc: roc('emd') }));
    write(join(t.dir, 'gnnae-out', 'report.json'), report('gnnae', 0.6, { roc: roc('emd') }));
    write(join(t.dir, 'c.json'), report('cnnae', 0.7, { roc: roc('emd') }));
    const out = join(t.dir, 'cmp');
    const r = await cli(['compare', join(t.dir, 'lgae-run'), '--runs', `${join(t.dir, 'gnnae-out')},${join(t.dir, 'c.json')}`, '--out', out, '--names', 'LGAE,GNNAE,CNNAE']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    // positional runs first, then --runs
    expect(r.stdout).toMatch(/\| LGAE \| lgae \| EMD \| 0\.810 \|[\s\S]*\| GNNAE \| gnnae \| EMD \| 0\.610 \|[\s\S]*\| CNNAE \| cnnae \| EMD \| 0\.710 \|/);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(json.format).toBe('lorentz-irreps-compare');
    expect(json.anomaly.map((x: { run: string }) => x.run)).toEqual(['LGAE', 'GNNAE', 'CNNAE']);
    expect(json.symmetries[0].symmetries).toEqual(SYM);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toBe(r.stdout.slice(0, r.stdout.indexOf('\nwritten: ')));
    expect(existsSync(join(out, 'roc-combined.svg')) && existsSync(join(out, 'roc-combined.png'))).toBe(true);
    expect(readFileSync(join(out, 'roc-combined.svg'), 'utf8')).toMatch(/LGAE: EMD \(AUC 0\.813\)/);
    const defaultNames = await cli(['compare', join(t.dir, 'lgae-run'), join(t.dir, 'gnnae-out'), '--out', join(t.dir, 'cmp2'), '--no-figures', '--score', 'chamfer']);
    expect(defaultNames.code).toBe(0);
    expect(defaultNames.stdout).toMatch(/\| lgae-run \| lgae \| Chamfer \| 0\.800 \|[\s\S]*\| gnnae-out \| gnnae \| Chamfer \| 0\.600 \|/);
    expect(existsSync(join(t.dir, 'cmp2', 'roc-combined.svg'))).toBe(false);
  });

  it('reports usage errors with exit code 2', async () => {
    mkdirSync(join(t.dir, 'no-report'), { recursive: true });
    writeFileSync(join(t.dir, 'no-report', 'run.json'), '{}');
    write(join(t.dir, 'x', 'report.json'), report('lgae', 0.8));
    const x = join(t.dir, 'x');
    const cases: [string[], RegExp][] = [
      [['compare', '--out', t.dir], /`<run>` must be given/],
      [['compare', x], /`--out` must be given/],
      [['compare', join(t.dir, 'nothing-here'), '--out', t.dir], /a run folder \(with run\.json or report\/report\.json\) or a report\.json file/],
      [['compare', x, '--out', t.dir, '--names', 'a,b'], /`--names` must be 1 labels/],
      [['compare', x, x, '--out', t.dir], /distinct row labels/],
      [['compare', x, '--out', t.dir, '--score', 'imageMse'], /a score every run has/],
      [['compare', join(t.dir, 'no-report'), '--out', t.dir, '--no-eval'], /lorentz-irreps eval --run/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect((await cli(['compare', '--help'])).stdout).toMatch(/^Usage: lorentz-irreps compare <run> <run> \.\.\. --out <dir>/);
    expect((await cli(['help', 'compare'])).stdout).toMatch(/^Usage: lorentz-irreps compare/);
  });

  it('evaluates trained runs without a report first, end to end', async () => {
    const tiny = ['--max-jets', '30', '--epochs', '1', '--batch-size', '16', '--quiet'];
    for (const [name, latent] of [['toy-a', '4'], ['toy-b', '8']]) {
      const r = await cli(['train', TOY_KIND, '--out', join(t.dir, name), '--latent', latent, ...tiny]);
      expect([r.code, r.stderr]).toEqual([0, '']);
    }
    const r = await cli(['compare', join(t.dir, 'toy-a'), join(t.dir, 'toy-b'), '--out', join(t.dir, 'cmp-toy'), '--no-figures']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/evaluating .*toy-a \(no report\.json yet\)\nevaluating .*toy-b/);
    expect(existsSync(join(t.dir, 'toy-a', 'report', 'report.json'))).toBe(true);
    const json = JSON.parse(readFileSync(join(t.dir, 'cmp-toy', 'compare.json'), 'utf8'));
    expect(json.runs.map((x: { name: string; kind: string }) => `${x.name}:${x.kind}`)).toEqual(['toy-a:toy-linear', 'toy-b:toy-linear']);
    expect(json.signals).toEqual(['t', 'w', 'z', 'combined']);
    expect(json.roc.every((x: { curve: unknown }) => x.curve !== null)).toBe(true);
    expect(json.reconstruction[0].stats).toHaveLength(7);
  }, 60_000);
});

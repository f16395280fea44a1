/**
 * The README's demo (examples/demo.ts) at tiny size: the representation checks, training an LGAE
 * on the shipped sample, evaluation and the report, through the same function `npm run demo` runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../examples/demo';

const out = mkdtempSync(join(tmpdir(), 'lorentz-irreps-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/demo.ts', () => {
  it('runs its checks, trains, evaluates and writes the report and figures', async () => {
    const lines: string[] = [];
    const result = await runDemo({ epochs: 1, maxJets: 64, out, log: (l) => lines.push(l), progress: null });
    const text = lines.join('\n');
    expect(result.failures).toEqual([]);
    expect(text).not.toMatch(/FAIL/);
    expect(text).toMatch(/ok {3}\(p, q\) -> \(0,0\) is p\.q \/ 2/);
    expect(text).toMatch(/ok {3}a boost by rapidity 10/);
    // 64 jets per class, split 0.6 / 0.2 / 0.2 with the run's seed: the test parts of g + q, t, w, z.
    expect(result.report.samples.map((s) => s.name)).toEqual(['qcd', 't', 'w', 'z']);
    expect(result.report.anomaly.rows.map((r) => `${r.score}:${r.signal}`)).toEqual(
      ['chamfer', 'hungarian', 'emd', 'emdRel', 'latentKnn'].flatMap((s) => ['t', 'w', 'z', 'combined'].map((c) => `${s}:${c}`)),
    );
    expect(result.report.anomaly.backgroundEfficiencies).toEqual([0.1, 0.01, 0.001]);
    expect(text).toContain('eS@eB=0.001');
    expect(text).toMatch(/qcd +jet mass/);
    // report.json and an SVG and a PNG per figure, all listed in the output.
    const reportFile = join(out, 'report', 'report.json');
    expect(result.files).toContain(reportFile);
    const json = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(json.anomaly.rows).toHaveLength(20);
    // the latent kNN reference: the run's training jets (0.6 x 64 of g and of q)
    expect(json.latentKnn).toMatchObject({ referenceJets: 76, k: 5, features: 10 });
    const svgs = result.files.filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(4);
    for (const f of result.files) {
      expect(existsSync(f)).toBe(true);
      expect(text).toContain(f);
    }
    expect(result.files.filter((f) => f.endsWith('.png'))).toHaveLength(svgs.length);
  }, 120_000);

  it('replaces its previous output and gives the same numbers again (seeded)', async () => {
    const first = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8'));
    const again = await runDemo({ epochs: 1, maxJets: 64, out, log: () => {}, progress: null, figures: false });
    expect(again.failures).toEqual([]);
    expect(again.report.anomaly).toEqual(first.anomaly);
    expect(again.report.reconstruction).toEqual(first.reconstruction);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ShapeError,
  concatJets,
  evaluateAutoencoder,
  formatSymmetries,
  loadJetNetSplits,
  rocAuc,
  sampleDataDir,
  sum,
  symmetryTable,
  writeReport,
  type EvaluationData,
  type Tensor,
} from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { perfectModel } from './fixtures';

let data: EvaluationData;
const t = tempDir('model-scores');
afterAll(t.cleanup);
beforeAll(async () => {
  const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't', 'w'], units: 'TeV', seed: 2, maxJets: 30 });
  data = { background: concatJets([s.g.test, s.q.test]), signals: { t: s.t.test, w: s.w.test } };
});

const table = symmetryTable({
  permutation: { respected: true, note: 'p' },
  translation: { respected: false, note: 't' },
  rotation: { respected: true, note: 'r' },
  lorentz: { respected: false, note: 'l' },
});

/** Jet energy as a model-supplied score (known per jet). */
const energy = (p: Tensor) => Float64Array.from(sum(p, [1]).dataSync().filter((_, k) => k % 4 === 0));

describe('model-supplied scores and symmetries in the evaluation', () => {
  it('adds the model scores after the built-in ones, with the AUC of those very values', async () => {
    const m = Object.assign(perfectModel(), { anomalyScores: (p: Tensor) => ({ energy: energy(p) }), symmetries: table });
    const e = evaluateAutoencoder(m, data);
    expect([...new Set(e.anomaly.rows.map((r) => r.score))]).toEqual(['chamfer', 'hungarian', 'emd', 'emdRel', 'energy']);
    const bkgE = Array.from({ length: data.background.numJets }, (_, j) => data.background.p.subarray(j * 120, (j + 1) * 120).filter((_, k) => k % 4 === 0).reduce((a, b) => a + b, 0));
    const sigE = Array.from({ length: data.signals.t.numJets }, (_, j) => data.signals.t.p.subarray(j * 120, (j + 1) * 120).filter((_, k) => k % 4 === 0).reduce((a, b) => a + b, 0));
    const row = e.anomaly.rows.find((r) => r.score === 'energy' && r.signal === 't')!;
    expect(row.auc).toBeCloseTo(rocAuc(sigE, bkgE), 12);
    const { report } = await writeReport(t.dir, e, { model: { kind: 'perfect' } }, { figures: false });
    expect(report.symmetries).toEqual(table);
    expect(report.notes.some((n) => n.includes("'energy' score is supplied by the model"))).toBe(true);
    expect(formatSymmetries(table)).toBe('permutation yes, translation no, rotation yes, lorentz no');
    m.dispose();
  });

  it('records a model without a symmetry table as skipped, and rejects malformed model scores', async () => {
    const plain = perfectModel();
    const { report } = await writeReport(t.dir, evaluateAutoencoder(plain, data), { model: 'perfect' }, { figures: false });
    expect(report.symmetries).toEqual({ skipped: 'the model declares no symmetry table (no symmetries member)' });
    plain.dispose();
    const short = Object.assign(perfectModel(), { anomalyScores: () => ({ energy: new Float64Array(1) }) });
    expect(() => evaluateAutoencoder(short, data)).toThrow(ShapeError);
    short.dispose();
    const clash = Object.assign(perfectModel(), { anomalyScores: (p: Tensor) => ({ emd: energy(p) }) });
    expect(() => evaluateAutoencoder(clash, data)).toThrow(ConfigError);
    clash.dispose();
    const badTable = Object.assign(perfectModel(), { symmetries: { permutation: { respected: 'yes', note: '' } } });
    expect(() => evaluateAutoencoder(badTable as never, data)).toThrow(/symmetryTable/);
    badTable.dispose();
  });
});

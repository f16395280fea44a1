/**
 * Writing an evaluation to disk: `report.json` and the figures (SVG and PNG) in `figures/`.
 *
 * @packageDocumentation
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, invalid } from '../errors';
import { writeFigure, type VegaLiteSpec } from '../plot/render';
import { writeFileAtomic } from '../train/atomic';
import { isJsonObject, type JsonObject } from '../train/json';
import type { Evaluation } from './evaluate';
import { jetFeaturesFigure, jetImagesFigure, latentMassFigure, particleFeaturesFigure, rocFigure } from './figures';
import { buildReport, reportJson, type Report } from './report-json';

/** The file name of the report document. */
export const REPORT_FILE = 'report.json';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Render the figures (default true). */
  readonly figures?: boolean;
  /** Called with each figure file base name as it is written. */
  readonly onFigure?: (name: string) => void;
}

/** The figures of an evaluation: base file name and specification (the latent masses only when present). */
export function evaluationFigures(e: Evaluation): [string, VegaLiteSpec][] {
  const figures: [string, VegaLiteSpec][] = [];
  for (const s of e.signals) figures.push([`roc-${s.name}`, rocFigure(e, s.name)]);
  if (e.signals.length > 1) figures.push(['roc-combined', rocFigure(e, 'combined')]);
  figures.push(['particle-features', particleFeaturesFigure(e)], ['jet-features', jetFeaturesFigure(e)], ['jet-images', jetImagesFigure(e)]);
  const latent = latentMassFigure(e);
  if (latent !== null) figures.push(['latent-masses', latent]);
  return figures;
}

/**
 * Writes `report.json` into `dir` (created if missing) and, unless `figures: false`, every figure
 * as `figures/<name>.svg` and `.png`: ROC curves per signal (`roc-t`, ...) and combined
 * (`roc-combined`), `particle-features`, `jet-features`, `jet-images`, and `latent-masses` when the
 * model has latent four-vectors.
 *
 * @param dir - output folder.
 * @param evaluation - the result of `evaluateAutoencoder`.
 * @param meta - a JSON description of the model and run, stored as `meta`.
 * @param options - figures on/off.
 * @returns the report document and the paths written.
 * @throws {@link ConfigError} for a meta that is not a JSON object; file-system errors.
 *
 * @example
 * ```ts
 * import { concatJets, evaluateAutoencoder, loadJetNetSplits, sampleDataDir, writeReport, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const { g, q, t } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 20 });
 * const w = variable(tensor([1]), { name: 'report-example.w' });
 * const identity = { kind: 'identity', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }],
 *   reconstruct: (p: Tensor) => mul(p, w), dispose: () => w.dispose() };
 * const evaluation = evaluateAutoencoder(identity, { background: concatJets([g.test, q.test]), signals: { t: t.test } });
 * const dir = mkdtempSync(join(tmpdir(), 'report-'));
 * const { report, files } = await writeReport(dir, evaluation, { model: 'identity' }, { figures: false });
 * console.assert(report.format === 'lorentz-irreps-report' && files.length === 1 && files[0].endsWith('report.json'));
 * identity.dispose();
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function writeReport(dir: string, evaluation: Evaluation, meta: JsonObject, options: WriteReportOptions = {}): Promise<{ report: Report; files: string[] }> {
  if (!isJsonObject(meta)) throw new ConfigError(invalid('writeReport', 'meta', 'a JSON object', meta));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const figureNames: string[] = [];
  if (options.figures ?? true) {
    mkdirSync(join(dir, 'figures'), { recursive: true });
    for (const [name, spec] of evaluationFigures(evaluation)) {
      const written = await writeFigure(join(dir, 'figures', name), spec);
      files.push(written.svg, written.png);
      figureNames.push(`figures/${name}.svg`, `figures/${name}.png`);
      options.onFigure?.(name);
    }
  }
  const report = buildReport(evaluation, meta, figureNames);
  const path = join(dir, REPORT_FILE);
  writeFileAtomic(path, reportJson(report));
  return { report, files: [path, ...files] };
}

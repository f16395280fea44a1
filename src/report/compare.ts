/**
 * Comparison of evaluated runs, in the layout of the LGAE paper's Tables 2-4: one row per model
 * with the AUC and the signal efficiencies at fixed background efficiencies per signal and for all
 * signals together; the background's reconstruction errors per model; each model's symmetry
 * table; and the combined-signal ROC curves of all runs in one figure.
 *
 * @packageDocumentation
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, DataError, invalid } from '../errors';
import { writeFigure, type VegaLiteSpec } from '../plot/render';
import { writeFileAtomic } from '../train/atomic';
import { isJsonObject, type JsonObject } from '../train/json';
import { SYMMETRY_NAMES, type ModelSymmetries } from '../train/symmetries';
import { scoreLabel, type EfficiencyPoint } from './anomaly';
import { REPORT_FORMAT, type Report, type RocSummary } from './report-json';
import { REPORT_FILE } from './write';

/** The format tag of `compare.json`. */
export const COMPARE_FORMAT = 'lorentz-irreps-compare';

/** A report read from disk: older reports may lack `symmetries` and `roc`. */
export type StoredReport = Omit<Report, 'symmetries' | 'roc'> & Partial<Pick<Report, 'symmetries' | 'roc'>>;

/** One run to compare: a row label, where its report came from, and the report. */
export interface ComparedRun {
  /** Row label (e.g. the run folder's name). */
  readonly name: string;
  /** Path of the report.json. */
  readonly source: string;
  readonly report: StoredReport;
}

/** Which anomaly score a run's row shows: one score by name, the best (highest combined AUC), or every score (one row each). */
export type CompareScore = 'best' | 'all' | string;

/** The AUC and signal efficiencies of one run, score and signal. */
export interface ComparisonCell {
  readonly auc: number;
  /** Signal efficiency at each of the comparison's background efficiencies (null where the run's table lacks it). */
  readonly efficiencies: readonly (EfficiencyPoint | null)[];
}

/** One row of the anomaly comparison. */
export interface ComparisonAnomalyRow {
  readonly run: string;
  readonly kind: string;
  readonly score: string;
  /** Per signal (in {@link Comparison.signals} order): the cell, or null when the run has no such row. */
  readonly cells: readonly (ComparisonCell | null)[];
}

/** The median and IQR of one feature's relative errors. */
export interface ComparisonStat {
  readonly median: number;
  readonly iqr: number;
}

/** One row of the reconstruction comparison (the background sample of the run). */
export interface ComparisonReconstructionRow {
  readonly run: string;
  /** The background sample's name in the run, e.g. 'qcd'. */
  readonly sample: string;
  /** Per feature (in {@link Comparison.features} order), or null when missing. */
  readonly stats: readonly (ComparisonStat | null)[];
}

/** One row of the symmetry comparison. */
export interface ComparisonSymmetryRow {
  readonly run: string;
  readonly kind: string;
  /** Trainable parameters (null when the report does not say). */
  readonly parameters: number | null;
  /** The model's table, or null when it declares none (or the report predates symmetry tables). */
  readonly symmetries: ModelSymmetries | null;
}

/** The result of {@link compareReports}: what `compare.json` holds besides its format tag. */
export interface Comparison {
  /** How the score of each row was chosen. */
  readonly score: CompareScore;
  readonly runs: readonly { readonly name: string; readonly source: string; readonly kind: string; readonly config: JsonObject | null }[];
  /** Signal columns: every signal of the runs in first-seen order, then 'combined'. */
  readonly signals: readonly string[];
  /** Background efficiency columns (every one of the runs', decreasing). */
  readonly backgroundEfficiencies: readonly number[];
  readonly anomaly: readonly ComparisonAnomalyRow[];
  /** Reconstruction features, e.g. 'jet mass', 'particle ptRel'. */
  readonly features: readonly string[];
  readonly reconstruction: readonly ComparisonReconstructionRow[];
  readonly symmetries: readonly ComparisonSymmetryRow[];
  /** For the figure: each run's combined ROC curve of its row's score (the best score when every score is shown). */
  readonly roc: readonly { readonly run: string; readonly score: string; readonly auc: number | null; readonly curve: RocSummary | null }[];
  readonly notes: readonly string[];
}

const FEATURES: readonly [string, string][] = [
  ['jet', 'mass'],
  ['jet', 'pt'],
  ['jet', 'eta'],
  ['jet', 'phi'],
  ['particle', 'ptRel'],
  ['particle', 'etaRel'],
  ['particle', 'phiRel'],
];

/**
 * Finds the report.json of a path: the file itself, `<dir>/report.json`, or
 * `<dir>/report/report.json` (where `lorentz-irreps eval` writes it in a run folder).
 * @returns the file's path, or null when there is none.
 *
 * @example
 * ```ts
 * import { findReportFile } from 'lorentz-irreps';
 * import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const run = mkdtempSync(join(tmpdir(), 'run-'));
 * console.assert(findReportFile(run) === null);
 * mkdirSync(join(run, 'report'));
 * writeFileSync(join(run, 'report', 'report.json'), '{}');
 * console.assert(findReportFile(run) === join(run, 'report', 'report.json'));
 * rmSync(run, { recursive: true });
 * ```
 */
export function findReportFile(path: string): string | null {
  const p = resolve(path);
  if (!existsSync(p)) return null;
  if (statSync(p).isFile()) return p;
  for (const candidate of [join(p, REPORT_FILE), join(p, 'report', REPORT_FILE)]) if (existsSync(candidate)) return candidate;
  return null;
}

/**
 * Reads and checks a report.json file (format 'lorentz-irreps-report', version 1).
 * @throws {@link DataError} for a missing file, bad JSON or another format.
 *
 * @example
 * ```ts
 * import { readReportFile, DataError } from 'lorentz-irreps';
 * try { readReportFile('/no/such/report.json'); console.assert(false); } catch (e) { console.assert(e instanceof DataError); }
 * ```
 */
export function readReportFile(path: string): StoredReport {
  const fn = 'readReportFile';
  if (!existsSync(path)) throw new DataError(invalid(fn, 'path', 'an existing report.json file', path));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(invalid(fn, 'path', `a JSON file (${(e as Error).message})`, path));
  }
  const r = raw as StoredReport;
  if (!isJsonObject(r) || r.format !== REPORT_FORMAT || r.version !== 1) throw new DataError(invalid(fn, 'path', `a report of format '${REPORT_FORMAT}' version 1`, path));
  if (!isJsonObject(r.anomaly) || !Array.isArray(r.anomaly.rows) || !Array.isArray(r.reconstruction) || !Array.isArray(r.samples)) {
    throw new DataError(invalid(fn, 'path', 'a report with anomaly, reconstruction and samples', path));
  }
  return r;
}

/**
 * A row label for a report path: the run folder's name (the folder above `report/`).
 *
 * @example
 * ```ts
 * import { runLabel } from 'lorentz-irreps';
 * console.assert(runLabel('runs/lgae-mix/report/report.json') === 'lgae-mix' && runLabel('out/gnnae/report.json') === 'gnnae');
 * ```
 */
export function runLabel(reportPath: string): string {
  const dir = dirname(resolve(reportPath));
  return basename(dir) === 'report' ? basename(dirname(dir)) : basename(dir);
}

function kindOf(r: StoredReport): string {
  const m = r.meta?.model;
  if (isJsonObject(m) && typeof m.kind === 'string') return m.kind;
  return typeof m === 'string' ? m : 'unknown';
}

function finiteOrNull(x: unknown): number {
  return typeof x === 'number' ? x : NaN; // JSON writes NaN as null
}

/**
 * Compares evaluated runs: the anomaly table (rows = runs, columns = AUC and signal efficiency at
 * each background efficiency, per signal and combined), the background's reconstruction table
 * (median and IQR of the relative errors of jet mass, pt, eta, phi and particle ptRel, etaRel,
 * phiRel), the symmetry tables, and each run's combined-signal ROC curve.
 *
 * `score` picks each row's anomaly score: 'best' (default; the score with the highest AUC for all
 * signals together, or for the only signal), 'all' (one row per score), or a score name such as
 * 'emd' or 'imageMse' that every run must have.
 *
 * @param runs - labelled reports (labels must be distinct).
 * @param options - the score choice.
 * @returns the comparison.
 * @throws {@link ConfigError} for no runs, repeated labels, or a score some run lacks.
 *
 * @example
 * ```ts
 * import { compareReports, type StoredReport } from 'lorentz-irreps';
 * const eff = (e: number, s: number) => ({ backgroundEfficiency: e, signalEfficiency: s, resolved: true });
 * const report = (auc: number) => ({
 *   format: 'lorentz-irreps-report', version: 1, meta: { model: { kind: 'lgae' } }, units: 'TeV', maskPadding: false,
 *   samples: [{ name: 'qcd', role: 'background', jets: 100 }, { name: 't', role: 'signal', jets: 50 }],
 *   anomaly: { backgroundEfficiencies: [0.1], rows: [{ score: 'emd', signal: 't', signalJets: 50, backgroundJets: 100, auc, efficiencies: [eff(0.1, auc / 2)] }] },
 *   reconstruction: [], latent: { skipped: 'none' }, figures: [], notes: [],
 * }) as StoredReport;
 * const c = compareReports([{ name: 'a', source: 'a.json', report: report(0.8) }, { name: 'b', source: 'b.json', report: report(0.6) }]);
 * console.assert(c.signals.join() === 't' && c.anomaly.map((r) => `${r.run}:${r.score}:${r.cells[0]!.auc}`).join() === 'a:emd:0.8,b:emd:0.6');
 * ```
 */
export function compareReports(runs: readonly ComparedRun[], options: { score?: CompareScore } = {}): Comparison {
  const fn = 'compareReports';
  if (!Array.isArray(runs as unknown) || runs.length === 0) throw new ConfigError(invalid(fn, 'runs', 'at least one run', runs));
  const names = runs.map((r) => r.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new ConfigError(invalid(fn, 'runs', 'runs of distinct names (give labels)', repeated));
  const score = options.score ?? 'best';
  if (typeof score !== 'string' || score.length === 0) throw new ConfigError(invalid(fn, 'options.score', "'best', 'all' or a score name", score));
  const notes: string[] = [];

  const signals: string[] = [];
  const effs = new Set<number>();
  for (const { report } of runs) {
    for (const row of report.anomaly.rows) if (row.signal !== 'combined' && !signals.includes(row.signal)) signals.push(row.signal);
    for (const e of report.anomaly.backgroundEfficiencies) effs.add(e);
  }
  if (runs.some(({ report }) => report.anomaly.rows.some((r) => r.signal === 'combined'))) signals.push('combined');
  const backgroundEfficiencies = [...effs].sort((a, b) => b - a);

  /** The signal a run's 'overall' AUC is read from: combined, or its only signal. */
  const overall = (r: StoredReport) => (r.anomaly.rows.some((x) => x.signal === 'combined') ? 'combined' : r.anomaly.rows[0]?.signal);
  const scoresOf = (r: StoredReport) => [...new Set(r.anomaly.rows.map((x) => x.score))];
  const bestScore = (r: StoredReport): string => {
    const sig = overall(r);
    let best = '';
    let auc = -Infinity;
    for (const x of r.anomaly.rows) if (x.signal === sig && finiteOrNull(x.auc) > auc) [best, auc] = [x.score, x.auc];
    return best;
  };

  const anomaly: ComparisonAnomalyRow[] = [];
  const roc: Comparison['roc'][number][] = [];
  for (const { name, report } of runs) {
    const available = scoresOf(report);
    if (available.length === 0) throw new ConfigError(invalid(fn, `runs[${name}].report.anomaly.rows`, 'at least one row', 0));
    let chosen: string[];
    if (score === 'all') chosen = available;
    else if (score === 'best') chosen = [bestScore(report)];
    else {
      if (!available.includes(score)) throw new ConfigError(invalid(fn, 'options.score', `a score every run has (run '${name}' has ${available.join(', ')})`, score));
      chosen = [score];
    }
    for (const s of chosen) {
      const cells = signals.map((sig): ComparisonCell | null => {
        const row = report.anomaly.rows.find((x) => x.score === s && x.signal === sig);
        if (row === undefined) return null;
        return {
          auc: finiteOrNull(row.auc),
          efficiencies: backgroundEfficiencies.map((e) => {
            const p = row.efficiencies.find((x) => x.backgroundEfficiency === e);
            return p === undefined ? null : { backgroundEfficiency: e, signalEfficiency: finiteOrNull(p.signalEfficiency), resolved: p.resolved };
          }),
        };
      });
      anomaly.push({ run: name, kind: kindOf(report), score: s, cells });
    }
    const rocScore = score === 'all' ? bestScore(report) : chosen[0];
    const curve = report.roc?.find((c) => c.score === rocScore) ?? null;
    const overallRow = report.anomaly.rows.find((x) => x.score === rocScore && x.signal === overall(report));
    roc.push({ run: name, score: rocScore, auc: overallRow === undefined ? null : finiteOrNull(overallRow.auc), curve });
    if (curve === null) notes.push(`Run '${name}': its report has no stored ROC curves (written by an older version); re-run eval to draw it.`);
  }

  const features = FEATURES.map(([level, f]) => `${level} ${f}`);
  const reconstruction = runs.map(({ name, report }): ComparisonReconstructionRow => {
    const sample = report.samples.find((s) => s.role === 'background')?.name ?? 'background';
    const stats = FEATURES.map(([level, f]) => {
      const row = report.reconstruction.find((x) => x.sample === sample && x.level === level && x.feature === f);
      return row === undefined ? null : { median: finiteOrNull(row.median), iqr: finiteOrNull(row.iqr) };
    });
    return { run: name, sample, stats };
  });

  const symmetries = runs.map(({ name, report }): ComparisonSymmetryRow => {
    const m = report.meta?.model;
    const parameters = isJsonObject(m) && typeof m.parameters === 'number' ? m.parameters : null;
    const t = report.symmetries;
    const table = t !== undefined && !('skipped' in t) ? t : null;
    if (table === null) notes.push(`Run '${name}': ${t === undefined ? 'its report predates symmetry tables' : (t as { skipped: string }).skipped}.`);
    return { run: name, kind: kindOf(report), parameters, symmetries: table };
  });

  if (runs.some(({ report }) => report.anomaly.rows.some((r) => r.efficiencies.some((e) => !e.resolved)))) {
    notes.push('Signal efficiencies marked * are interpolated: fewer than one background jet passes such a cut.');
  }
  return {
    score,
    runs: runs.map(({ name, source, report }) => {
      const m = report.meta?.model;
      return { name, source, kind: kindOf(report), config: isJsonObject(m) && isJsonObject(m.config) ? m.config : null };
    }),
    signals,
    backgroundEfficiencies,
    anomaly,
    features,
    reconstruction,
    symmetries,
    roc,
    notes,
  };
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], alignLeft: number): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, c) => (c < alignLeft ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** A background efficiency as the paper writes it: 1e-1 -> '10^-1' style text '1e-1'. */
function effText(e: number): string {
  const k = Math.log10(e);
  return Number.isInteger(Math.round(k * 1e9) / 1e9) ? `1e${Math.round(k)}` : String(e);
}

/**
 * The comparison as Markdown: the anomaly table (columns 'signal AUC' and 'signal eS@eB' per
 * signal, then combined), the reconstruction table (median (IQR) of the background's relative
 * errors) and the symmetry table, with the notes.
 *
 * @example
 * ```ts
 * import { compareReports, formatComparisonMarkdown, type StoredReport } from 'lorentz-irreps';
 * const report = {
 *   format: 'lorentz-irreps-report', version: 1, meta: { model: { kind: 'gnnae', parameters: 10 } }, units: 'TeV', maskPadding: false,
 *   samples: [{ name: 'qcd', role: 'background', jets: 100 }, { name: 'w', role: 'signal', jets: 50 }],
 *   anomaly: { backgroundEfficiencies: [0.1], rows: [{ score: 'emd', signal: 'w', signalJets: 50, backgroundJets: 100, auc: 0.75, efficiencies: [{ backgroundEfficiency: 0.1, signalEfficiency: 0.4, resolved: true }] }] },
 *   reconstruction: [], latent: { skipped: 'none' }, figures: [], notes: [],
 * } as StoredReport;
 * const md = formatComparisonMarkdown(compareReports([{ name: 'run-a', source: 'r.json', report }]));
 * console.assert(md.includes('| run-a | gnnae | EMD | 0.750 | 0.400 |'));
 * ```
 */
export function formatComparisonMarkdown(c: Comparison): string {
  const anomalyHeader = ['model', 'kind', 'score', ...c.signals.flatMap((s) => [`${s} AUC`, ...c.backgroundEfficiencies.map((e) => `${s} eS@eB=${effText(e)}`)])];
  const anomalyRows = c.anomaly.map((r) => [
    r.run,
    r.kind,
    scoreLabel(r.score),
    ...r.cells.flatMap((cell) =>
      cell === null
        ? ['n/a', ...c.backgroundEfficiencies.map(() => 'n/a')]
        : [fixed(cell.auc, 3), ...cell.efficiencies.map((e) => (e === null ? 'n/a' : `${fixed(e.signalEfficiency, 3)}${e.resolved ? '' : '*'}`))],
    ),
  ]);
  const samples = [...new Set(c.reconstruction.map((r) => r.sample))].join(', ');
  const recoRows = c.reconstruction.map((r) => [r.run, ...r.stats.map((s) => (s === null ? 'n/a' : `${fixed(s.median, 4)} (${fixed(s.iqr, 4)})`))]);
  const symRows = c.symmetries.map((r) => [
    r.run,
    r.kind,
    r.parameters === null ? 'n/a' : String(r.parameters),
    ...SYMMETRY_NAMES.map((n) => (r.symmetries === null ? 'n/a' : r.symmetries[n].respected ? 'yes' : 'no')),
  ]);
  const scoreText = c.score === 'best' ? 'the best per model (highest combined AUC)' : c.score === 'all' ? 'every score' : scoreLabel(c.score);
  return [
    `## Anomaly detection (score: ${scoreText})`,
    '',
    markdownTable(anomalyHeader, anomalyRows, 3),
    '',
    `## Reconstruction of the background (${samples}): relative errors, median (IQR)`,
    '',
    markdownTable(['model', ...c.features], recoRows, 1),
    '',
    '## Symmetries respected',
    '',
    markdownTable(['model', 'kind', 'parameters', ...SYMMETRY_NAMES], symRows, 7),
    ...(c.notes.length > 0 ? ['', ...c.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}

/**
 * The ROC figure of a comparison: each run's combined-signal ROC curve (signal efficiency on x,
 * background efficiency on a log y axis), labelled with the run, score and AUC. Runs without a
 * stored curve are left out.
 *
 * @example
 * ```ts
 * import { compareReports, comparisonRocFigure, type StoredReport } from 'lorentz-irreps';
 * const report = {
 *   format: 'lorentz-irreps-report', version: 1, meta: { model: { kind: 'lgae' } }, units: 'TeV', maskPadding: false,
 *   samples: [{ name: 'qcd', role: 'background', jets: 100 }, { name: 't', role: 'signal', jets: 50 }],
 *   anomaly: { backgroundEfficiencies: [0.1], rows: [{ score: 'emd', signal: 't', signalJets: 50, backgroundJets: 100, auc: 0.7, efficiencies: [{ backgroundEfficiency: 0.1, signalEfficiency: 0.3, resolved: true }] }] },
 *   reconstruction: [], latent: { skipped: 'none' }, figures: [], notes: [],
 *   roc: [{ score: 'emd', signal: 't', fpr: [0, 0.1, 1], tpr: [0, 0.3, 1] }],
 * } as StoredReport;
 * const spec = comparisonRocFigure(compareReports([{ name: 'lgae', source: 'r.json', report }]));
 * console.assert((spec.data as { values: unknown[] }).values.length === 2); // the point at fpr = 0 is off the log axis
 * ```
 */
export function comparisonRocFigure(c: Comparison): VegaLiteSpec {
  const values: { run: string; tpr: number; fpr: number }[] = [];
  const labels: string[] = [];
  for (const r of c.roc) {
    if (r.curve === null) continue;
    const label = `${r.run}: ${scoreLabel(r.score)}${r.auc !== null ? ` (AUC ${fixed(r.auc, 3)})` : ''}`;
    labels.push(label);
    r.curve.fpr.forEach((f, i) => {
      if (f > 0) values.push({ run: label, tpr: r.curve!.tpr[i], fpr: f });
    });
  }
  const signal = c.signals.includes('combined') ? 'all signals' : c.signals.join(', ');
  return {
    title: `ROC curves, ${signal} vs background`,
    width: 400,
    height: 320,
    data: { values },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'tpr', type: 'quantitative', title: 'signal efficiency', scale: { domain: [0, 1] } },
      y: { field: 'fpr', type: 'quantitative', title: 'background efficiency', scale: { type: 'log' } },
      color: { field: 'run', type: 'nominal', title: 'model', scale: { domain: labels }, legend: { labelLimit: 400, orient: 'bottom', columns: 1 } },
      order: { field: 'tpr', type: 'quantitative' },
    },
  };
}

/** The files {@link writeComparison} writes. */
export const COMPARE_FILES = Object.freeze({ json: 'compare.json', markdown: 'compare.md', figure: 'roc-combined' });

/**
 * Writes a comparison into `dir` (created if missing): `compare.json` (format
 * 'lorentz-irreps-compare', version 1, with every number), `compare.md` (the Markdown tables) and,
 * unless `figures: false`, `roc-combined.svg` and `.png`.
 * @returns the Markdown text and the paths written.
 * @throws file-system errors; as `writeFigure`.
 *
 * @example
 * ```ts
 * import { compareReports, writeComparison, type StoredReport } from 'lorentz-irreps';
 * import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const report = {
 *   format: 'lorentz-irreps-report', version: 1, meta: { model: { kind: 'cnnae' } }, units: 'TeV', maskPadding: false,
 *   samples: [{ name: 'qcd', role: 'background', jets: 100 }, { name: 'z', role: 'signal', jets: 50 }],
 *   anomaly: { backgroundEfficiencies: [0.1], rows: [{ score: 'imageMse', signal: 'z', signalJets: 50, backgroundJets: 100, auc: 0.9, efficiencies: [{ backgroundEfficiency: 0.1, signalEfficiency: 0.8, resolved: true }] }] },
 *   reconstruction: [], latent: { skipped: 'none' }, figures: [], notes: [],
 * } as StoredReport;
 * const dir = mkdtempSync(join(tmpdir(), 'compare-'));
 * const { files } = await writeComparison(dir, compareReports([{ name: 'cnnae', source: 'r.json', report }]), { figures: false });
 * console.assert(files.length === 2 && JSON.parse(readFileSync(files[0], 'utf8')).format === 'lorentz-irreps-compare');
 * console.assert(readFileSync(files[1], 'utf8').includes('| cnnae | cnnae | image MSE | 0.900 | 0.800 |'));
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function writeComparison(dir: string, c: Comparison, options: { figures?: boolean } = {}): Promise<{ markdown: string; files: string[] }> {
  mkdirSync(dir, { recursive: true });
  const markdown = formatComparisonMarkdown(c);
  const json = join(dir, COMPARE_FILES.json);
  const md = join(dir, COMPARE_FILES.markdown);
  writeFileAtomic(json, `${JSON.stringify({ format: COMPARE_FORMAT, version: 1, ...c }, null, 2)}\n`);
  writeFileAtomic(md, markdown);
  const files = [json, md];
  if ((options.figures ?? true) && c.roc.some((r) => r.curve !== null)) {
    const written = await writeFigure(join(dir, COMPARE_FILES.figure), comparisonRocFigure(c));
    files.push(written.svg, written.png);
  }
  return { markdown, files };
}

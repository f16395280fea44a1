/**
 * Plain-text tables of a report, as the command line prints them.
 *
 * @packageDocumentation
 */
import { SYMMETRY_NAMES, type ModelSymmetries } from '../train/symmetries';
import type { AnomalyTable } from './anomaly';
import type { ReconstructionRow } from './evaluate';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((x, c) => (c < 2 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const num = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/**
 * The anomaly table as text: one line per score and signal with the AUC and the signal efficiency
 * at each background efficiency (marked `*` where fewer than one background jet passes the cut).
 *
 * @example
 * ```ts
 * import { anomalyTable, formatAnomalyTable } from 'lorentz-irreps';
 * const text = formatAnomalyTable(anomalyTable({ emd: [1, 2, 3, 4] }, { t: { emd: [3.5, 5] } }, [0.25, 0.1]));
 * console.assert(text.split('\n')[2] === 'emd    t       0.875      1.000      0.500*'); // 0.1 x 4 jets < 1: marked
 * ```
 */
export function formatAnomalyTable(t: AnomalyTable): string {
  const header = ['score', 'signal', 'AUC', ...t.backgroundEfficiencies.map((e) => `eS@eB=${e}`)];
  const rows = t.rows.map((r) => [r.score, r.signal, num(r.auc), ...r.efficiencies.map((e) => `${num(e.signalEfficiency)}${e.resolved ? ' ' : '*'}`)]);
  const text = table(header, rows);
  return t.rows.some((r) => r.efficiencies.some((e) => !e.resolved)) ? `${text}\n* fewer than one background jet passes this cut: interpolated` : text;
}

/**
 * The reconstruction table as text: median and interquartile range of the relative errors of
 * each feature of each sample.
 *
 * @example
 * ```ts
 * import { formatReconstructionTable } from 'lorentz-irreps';
 * const text = formatReconstructionTable([{ sample: 'qcd', level: 'jet', feature: 'mass', median: -0.0123, iqr: 0.2, q25: -0.1, q75: 0.1, count: 10, excluded: 0 }]);
 * console.assert(text.split('\n')[2] === 'qcd     jet mass  -0.0123  0.2000     10');
 * ```
 */
export function formatReconstructionTable(rows: readonly ReconstructionRow[]): string {
  return table(
    ['sample', 'feature', 'median', 'IQR', 'count'],
    rows.map((r) => [r.sample, `${r.level} ${r.feature}`, num(r.median, 4), num(r.iqr, 4), String(r.count)]),
  );
}

/**
 * A symmetry table on one line: each symmetry with 'yes' or 'no'.
 *
 * @example
 * ```ts
 * import { formatSymmetries, CNNAE } from 'lorentz-irreps';
 * console.assert(formatSymmetries(CNNAE.symmetries) === 'permutation yes, translation no, rotation no, lorentz no');
 * ```
 */
export function formatSymmetries(t: ModelSymmetries): string {
  return SYMMETRY_NAMES.map((n) => `${n} ${t[n].respected ? 'yes' : 'no'}`).join(', ');
}

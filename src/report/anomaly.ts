/**
 * The anomaly-detection table: for each anomaly score and each signal, the area under the ROC
 * curve and the signal efficiency at fixed background efficiencies.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { rocAuc, signalEfficiencyAt } from '../metrics/roc';

/**
 * The name of a per-jet anomaly score (higher = more anomalous): 'chamfer', 'hungarian', 'emd',
 * 'emdRel' (computed for every model), a score a model supplies itself (`anomalyScores`), e.g.
 * 'imageMse' (the CNNAE's image MSE), or 'latentKnn' (the latent kNN distance, for models with
 * latent four-vectors when the evaluation has reference jets).
 */
export type ScoreName = string;

/** The anomaly scores of every model, in table order (model-supplied scores follow them). */
export const SCORE_NAMES: readonly ScoreName[] = Object.freeze(['chamfer', 'hungarian', 'emd', 'emdRel'] as const);

const SCORE_LABELS: Readonly<Record<string, string>> = Object.freeze({ chamfer: 'Chamfer', hungarian: 'Hungarian', emd: 'EMD', emdRel: 'EMD (relative)', imageMse: 'image MSE', latentKnn: 'latent kNN' });

/**
 * The display name of an anomaly score: 'Chamfer', 'Hungarian', 'EMD', 'EMD (relative)', 'image MSE', 'latent kNN',
 * or the name itself for other model-supplied scores.
 *
 * @example
 * ```ts
 * import { scoreLabel } from 'lorentz-irreps';
 * console.assert(scoreLabel('imageMse') === 'image MSE' && scoreLabel('emd') === 'EMD' && scoreLabel('latentKnn') === 'latent kNN' && scoreLabel('other') === 'other');
 * ```
 */
export function scoreLabel(score: ScoreName): string {
  return Object.prototype.hasOwnProperty.call(SCORE_LABELS, score) ? SCORE_LABELS[score] : score;
}

/** The default background efficiencies of the table. */
export const DEFAULT_BACKGROUND_EFFICIENCIES: readonly number[] = Object.freeze([1e-1, 1e-2, 1e-3]);

/** Signal efficiency at one background efficiency. */
export interface EfficiencyPoint {
  /** The background efficiency (false positive rate) of the cut. */
  readonly backgroundEfficiency: number;
  /** The signal efficiency (true positive rate) there, interpolated linearly on the ROC curve. */
  readonly signalEfficiency: number;
  /**
   * False when fewer than one background jet passes such a cut (backgroundEfficiency x
   * backgroundJets < 1): the value is then an interpolation towards the origin, not a measurement.
   */
  readonly resolved: boolean;
}

/** One row of the anomaly table. */
export interface AnomalyRow {
  readonly score: ScoreName;
  /** Signal sample name ('t', 'w', 'z', or 'combined'). */
  readonly signal: string;
  readonly signalJets: number;
  readonly backgroundJets: number;
  /** Area under the ROC curve (ties count one half). */
  readonly auc: number;
  readonly efficiencies: readonly EfficiencyPoint[];
}

/** The anomaly table. */
export interface AnomalyTable {
  readonly backgroundEfficiencies: readonly number[];
  readonly rows: readonly AnomalyRow[];
}

/**
 * Builds the anomaly table from per-jet scores: for each score ({@link SCORE_NAMES} first, then
 * the background's other scores in their key order) and each
 * signal, then for all signals together ('combined'), the ROC AUC (`rocAuc`) and the signal
 * efficiencies at `backgroundEfficiencies` (`signalEfficiencyAt`), signal against background.
 *
 * @param background - the background's scores, by score name.
 * @param signals - each signal's scores, by signal name then score name.
 * @param backgroundEfficiencies - efficiencies in (0, 1] (default 1e-1, 1e-2, 1e-3).
 * @returns the rows, score-major.
 * @throws {@link ConfigError} for no signals, a signal or background without a score of the
 *   background's, or efficiencies outside (0, 1]; as `rocAuc` for empty or non-finite scores.
 *
 * @example
 * ```ts
 * import { anomalyTable } from 'lorentz-irreps';
 * const table = anomalyTable({ chamfer: [0.1, 0.2, 0.3, 0.4] }, { t: { chamfer: [0.35, 0.5] } }, [0.25]);
 * console.assert(table.rows.length === 1 && table.rows[0].auc === 7 / 8); // one signal: no 'combined' row
 * console.assert(table.rows[0].efficiencies[0].signalEfficiency === 1); // cut at 0.35 keeps 1 of 4 background
 * ```
 */
export function anomalyTable(
  background: Readonly<Partial<Record<ScoreName, ArrayLike<number>>>>,
  signals: Readonly<Record<string, Readonly<Partial<Record<ScoreName, ArrayLike<number>>>>>>,
  backgroundEfficiencies: readonly number[] = DEFAULT_BACKGROUND_EFFICIENCIES,
): AnomalyTable {
  const fn = 'anomalyTable';
  const names = Object.keys(signals);
  if (names.length === 0) throw new ConfigError(invalid(fn, 'signals', 'at least one signal sample', signals));
  if (!Array.isArray(backgroundEfficiencies) || !backgroundEfficiencies.every((e) => typeof e === 'number' && e > 0 && e <= 1)) {
    throw new ConfigError(invalid(fn, 'backgroundEfficiencies', 'numbers in (0, 1]', backgroundEfficiencies));
  }
  const scores = [...SCORE_NAMES.filter((s) => background[s] !== undefined), ...Object.keys(background).filter((s) => !SCORE_NAMES.includes(s) && background[s] !== undefined)];
  if (scores.length === 0) throw new ConfigError(invalid(fn, 'background', 'at least one score', Object.keys(background)));
  const rows: AnomalyRow[] = [];
  for (const score of scores) {
    const bkg = background[score]!;
    const samples: [string, ArrayLike<number>][] = names.map((n) => {
      const s = signals[n][score];
      if (s === undefined) throw new ConfigError(invalid(fn, `signals.${n}`, `scores named '${score}', like the background`, Object.keys(signals[n])));
      return [n, s];
    });
    if (samples.length > 1) samples.push(['combined', samples.flatMap(([, s]) => Array.from(s))]);
    for (const [signal, sig] of samples) {
      rows.push({
        score,
        signal,
        signalJets: sig.length,
        backgroundJets: bkg.length,
        auc: rocAuc(sig, bkg),
        efficiencies: backgroundEfficiencies.map((e) => ({
          backgroundEfficiency: e,
          signalEfficiency: signalEfficiencyAt(sig, bkg, e),
          resolved: e * bkg.length >= 1,
        })),
      });
    }
  }
  return { backgroundEfficiencies: [...backgroundEfficiencies], rows };
}

/**
 * What the example scripts share: a trained run's model and jets split as `eval` splits them (the
 * latent-space examples), and the AUCs of a score per signal and combined (all of them).
 */
import { concatJets, loadRunModel, readRunConfig, rocAuc, type JetAutoencoder, type JetDataset, type RunConfig, type RunWeights } from '../src/index';
import { loadRunSplits, referenceJets } from '../src/report/run';

/** Jets per encoder batch in the latent examples. */
export const BATCH = 256;

/** A run's model and jets: background (training classes) and signals, per split, and reference jets. */
export interface RunLatentData {
  readonly config: RunConfig;
  /** Jets per class read from each file (the option, else the run's), null for all. */
  readonly maxJets: number | null;
  readonly model: JetAutoencoder;
  readonly signals: readonly string[];
  /** Each class's train, validation and test splits (the training classes and the signals). */
  readonly classes: Readonly<Record<string, Readonly<Record<'train' | 'val' | 'test', JetDataset>>>>;
  /** The first `reference` background training jets, an equal share per training class. */
  readonly reference: JetDataset;
  /** The validation or test split: 'background' and one entry per signal. */
  split(which: 'val' | 'test'): Record<string, JetDataset>;
}

/**
 * Loads the model of a run folder (`weights`) and the run's splits as it made them, with every
 * class not trained on among t, w, z as a signal; `maxJets` per class (the run's by default).
 * Dispose of the model when done.
 */
export async function loadRunLatentData(run: string, options: { weights?: RunWeights; reference: number; maxJets?: number }): Promise<RunLatentData> {
  const config = readRunConfig(run);
  const signals = (['t', 'w', 'z'] as const).filter((c) => !config.data.trainClasses.includes(c));
  const maxJets = options.maxJets ?? config.data.maxJets;
  const splits = await loadRunSplits(config, signals, maxJets);
  const background = config.data.trainClasses;
  const model = loadRunModel(run, options.weights ?? 'best');
  return {
    config,
    maxJets,
    model,
    signals,
    classes: splits,
    reference: referenceJets(background.map((c) => splits[c].train), options.reference),
    split: (which) => ({ background: concatJets(background.map((c) => splits[c][which])), ...Object.fromEntries(signals.map((c) => [c, splits[c][which]])) }),
  };
}

/** ROC AUC of each signal's scores against scores.background, and of all signals pooled ('combined'). */
export function aucsAgainstBackground(scores: Readonly<Record<string, ArrayLike<number>>>, signals: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of signals) out[c] = rocAuc(scores[c], scores.background);
  out.combined = rocAuc(
    signals.flatMap((c) => Array.from(scores[c])),
    scores.background,
  );
  return out;
}

/** Squared Euclidean distance between a[ao .. ao+n) and b[bo .. bo+n). */
export function squaredDistance(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, n: number): number {
  let d = 0;
  for (let f = 0; f < n; f++) {
    const e = a[ao + f] - b[bo + f];
    d += e * e;
  }
  return d;
}

/** The first index i of ascending `sorted` with sorted[i] >= x (sorted.length when none). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

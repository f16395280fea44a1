/**
 * Jets as absolute four-momenta in flat typed arrays, the form the models train on, and the
 * operations that select jets from them (subsets, concatenation, filters that report what they
 * removed).
 *
 * @packageDocumentation
 */
import { ConfigError, IndexError, ShapeError, invalid } from '../errors';
import { unitScale, type EnergyUnit } from './units';

/**
 * N jets of P particle slots each, as four-momenta p = (E, px, py, pz) in `units`.
 * Padding slots (mask 0) hold zeros.
 */
export interface JetDataset {
  /** Number of jets N. */
  readonly numJets: number;
  /** Particle slots per jet P. */
  readonly numParticles: number;
  /** N*P*4 values, jet-major, then particle, then component (E, px, py, pz). */
  readonly p: Float64Array;
  /** N*P values: 1 for a real particle, 0 for padding. */
  readonly mask: Float64Array;
  /** N class labels (e.g. 0 = QCD, 1 = signal), when known. */
  readonly labels?: Int32Array;
  /** The energy unit of `p`, recorded with the data. */
  readonly units: EnergyUnit;
}

/** Checks the sizes and units of a {@link JetDataset}; errors name `fn` and `argument`. */
export function checkJetDataset(ds: JetDataset, fn: string, argument: string): void {
  if (ds === null || typeof ds !== 'object' || !Number.isInteger(ds.numJets) || ds.numJets < 0 || !Number.isInteger(ds.numParticles) || ds.numParticles < 0) {
    throw new ShapeError(invalid(fn, argument, 'a jet dataset { numJets, numParticles, p, mask, units } with non-negative integer sizes', ds));
  }
  const { numJets: n, numParticles: P } = ds;
  if (!(ds.p instanceof Float64Array) || ds.p.length !== n * P * 4) {
    throw new ShapeError(invalid(fn, `${argument}.p`, `a Float64Array of length numJets*numParticles*4 = ${n * P * 4}`, ds.p));
  }
  if (!(ds.mask instanceof Float64Array) || ds.mask.length !== n * P) {
    throw new ShapeError(invalid(fn, `${argument}.mask`, `a Float64Array of length numJets*numParticles = ${n * P}`, ds.mask));
  }
  if (ds.labels !== undefined && (!(ds.labels instanceof Int32Array) || ds.labels.length !== n)) {
    throw new ShapeError(invalid(fn, `${argument}.labels`, `an Int32Array of length numJets = ${n}`, ds.labels));
  }
  unitScale(ds.units, fn, `${argument}.units`);
}

/**
 * The jets at `indices`, in that order, copied into a new dataset.
 *
 * @param ds - the source jets.
 * @param indices - jet indices in [0, N); repeats are allowed.
 * @throws {@link ShapeError} for a malformed dataset; {@link IndexError} for an index out of range.
 *
 * @example
 * ```ts
 * import { subsetJets } from 'lorentz-irreps';
 * const ds = { numJets: 3, numParticles: 1, p: new Float64Array([1, 0, 0, 1, 2, 0, 0, 2, 3, 0, 0, 3]),
 *   mask: new Float64Array([1, 1, 1]), units: 'GeV' as const };
 * const sub = subsetJets(ds, [2, 0]);
 * console.assert(sub.numJets === 2 && sub.p[0] === 3 && sub.p[4] === 1);
 * ```
 */
export function subsetJets(ds: JetDataset, indices: ArrayLike<number>): JetDataset {
  checkJetDataset(ds, 'subsetJets', 'ds');
  for (let k = 0; k < indices.length; k++) {
    const j = indices[k];
    if (!Number.isInteger(j) || j < 0 || j >= ds.numJets) {
      throw new IndexError(invalid('subsetJets', `indices[${k}]`, `an integer in [0, ${ds.numJets})`, j));
    }
  }
  return { numJets: indices.length, numParticles: ds.numParticles, ...gatherJets(ds, indices), units: ds.units };
}

/**
 * The first `particles` slots of every jet, copied into a new dataset; the slots after them are
 * dropped. JetNet files store each jet's particles by decreasing pT, so on their jets this keeps
 * the hardest particles (the mask of a jet with fewer real particles keeps its padding); on data
 * in another order it keeps the first slots, whatever they hold.
 *
 * @param ds - the source jets.
 * @param particles - slots to keep: an integer in [1, ds.numParticles].
 * @throws {@link ShapeError} for a malformed dataset; {@link ConfigError} for a bad `particles`.
 *
 * @example
 * ```ts
 * import { leadingParticles } from 'lorentz-irreps';
 * // one jet of three particles (E, px, py, pz), the hardest first
 * const ds = { numJets: 1, numParticles: 3, p: new Float64Array([3, 3, 0, 0, 2, 0, 2, 0, 1, 0, 0, 1]),
 *   mask: new Float64Array([1, 1, 1]), units: 'GeV' as const };
 * const two = leadingParticles(ds, 2);
 * console.assert(two.numParticles === 2 && two.p.length === 8 && two.p[4] === 2 && two.mask.length === 2);
 * ```
 */
export function leadingParticles(ds: JetDataset, particles: number): JetDataset {
  checkJetDataset(ds, 'leadingParticles', 'ds');
  const P = ds.numParticles;
  if (!Number.isSafeInteger(particles) || particles < 1 || particles > P) {
    throw new ConfigError(invalid('leadingParticles', 'particles', `an integer in [1, ${P}] (the dataset's slots)`, particles));
  }
  const n = ds.numJets;
  const p = new Float64Array(n * particles * 4);
  const mask = new Float64Array(n * particles);
  for (let j = 0; j < n; j++) {
    p.set(ds.p.subarray(j * P * 4, (j * P + particles) * 4), j * particles * 4);
    mask.set(ds.mask.subarray(j * P, j * P + particles), j * particles);
  }
  return { numJets: n, numParticles: particles, p, mask, ...(ds.labels !== undefined ? { labels: Int32Array.from(ds.labels) } : {}), units: ds.units };
}

/** Copies the rows of valid jet indices (trusted kernel of {@link subsetJets} and the batches). */
export function gatherJets(ds: JetDataset, indices: ArrayLike<number>): { p: Float64Array; mask: Float64Array; labels?: Int32Array } {
  const P = ds.numParticles;
  const n = indices.length;
  const p = new Float64Array(n * P * 4);
  const mask = new Float64Array(n * P);
  const labels = ds.labels ? new Int32Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const j = indices[k];
    p.set(ds.p.subarray(j * P * 4, (j + 1) * P * 4), k * P * 4);
    mask.set(ds.mask.subarray(j * P, (j + 1) * P), k * P);
    if (labels) labels[k] = ds.labels![j];
  }
  return { p, mask, ...(labels ? { labels } : {}) };
}

/**
 * Concatenates datasets with equal particle slots and units (e.g. a QCD and a signal class).
 *
 * @param datasets - one or more datasets; either all or none carry labels.
 * @throws {@link ShapeError} for an empty list, malformed datasets or differing `numParticles`;
 * {@link ConfigError} for differing units or labels present in some only.
 *
 * @example
 * ```ts
 * import { concatJets } from 'lorentz-irreps';
 * const one = (e: number, label: number) => ({ numJets: 1, numParticles: 1, p: new Float64Array([e, 0, 0, e]),
 *   mask: new Float64Array([1]), labels: new Int32Array([label]), units: 'TeV' as const });
 * const both = concatJets([one(1, 0), one(2, 1)]);
 * console.assert(both.numJets === 2 && both.labels![1] === 1 && both.p[4] === 2);
 * ```
 */
export function concatJets(datasets: readonly JetDataset[]): JetDataset {
  if (!Array.isArray(datasets) || datasets.length === 0) {
    throw new ShapeError(invalid('concatJets', 'datasets', 'a non-empty array of jet datasets', datasets));
  }
  datasets.forEach((d, i) => checkJetDataset(d, 'concatJets', `datasets[${i}]`));
  const { numParticles: P, units } = datasets[0];
  const withLabels = datasets[0].labels !== undefined;
  datasets.forEach((d, i) => {
    if (d.numParticles !== P) {
      throw new ShapeError(invalid('concatJets', `datasets[${i}].numParticles`, `equal to datasets[0].numParticles = ${P}`, d.numParticles));
    }
    if (d.units !== units) throw new ConfigError(invalid('concatJets', `datasets[${i}].units`, `equal to datasets[0].units = '${units}'`, d.units));
    if ((d.labels !== undefined) !== withLabels) {
      throw new ConfigError(invalid('concatJets', `datasets[${i}].labels`, `${withLabels ? 'present' : 'absent'}, as in datasets[0]`, d.labels));
    }
  });
  const n = datasets.reduce((s, d) => s + d.numJets, 0);
  const p = new Float64Array(n * P * 4);
  const mask = new Float64Array(n * P);
  const labels = withLabels ? new Int32Array(n) : undefined;
  let at = 0;
  for (const d of datasets) {
    p.set(d.p, at * P * 4);
    mask.set(d.mask, at * P);
    if (labels) labels.set(d.labels!, at);
    at += d.numJets;
  }
  return { numJets: n, numParticles: P, p, mask, ...(labels ? { labels } : {}), units };
}

/** What {@link filterJets} kept and how many jets it removed. */
export interface FilterResult {
  /** The kept jets, in their original order. */
  readonly dataset: JetDataset;
  /** Indices (in the input) of the kept jets. */
  readonly kept: Int32Array;
  /** Number of jets removed. */
  readonly removed: number;
}

/**
 * Keeps the jets for which `keep` returns true and reports how many were removed, so that no
 * jet disappears silently.
 *
 * @param ds - the jets.
 * @param keep - predicate on a jet index (and the dataset).
 * @throws {@link ShapeError} for a malformed dataset; {@link ConfigError} if `keep` is not a function.
 *
 * @example
 * ```ts
 * import { filterJets } from 'lorentz-irreps';
 * const ds = { numJets: 3, numParticles: 2, p: new Float64Array(24), mask: new Float64Array([1, 1, 0, 0, 1, 0]),
 *   units: 'GeV' as const };
 * const { dataset, removed } = filterJets(ds, (j, d) => d.mask[j * 2] === 1); // drop empty jets
 * console.assert(dataset.numJets === 2 && removed === 1);
 * ```
 */
export function filterJets(ds: JetDataset, keep: (jet: number, ds: JetDataset) => boolean): FilterResult {
  checkJetDataset(ds, 'filterJets', 'ds');
  if (typeof keep !== 'function') throw new ConfigError(invalid('filterJets', 'keep', 'a function (jet, ds) => boolean', keep));
  const kept: number[] = [];
  for (let j = 0; j < ds.numJets; j++) if (keep(j, ds)) kept.push(j);
  const idx = Int32Array.from(kept);
  return { dataset: subsetJets(ds, idx), kept: idx, removed: ds.numJets - idx.length };
}

/**
 * The real particles (mask 1) of jet `j` as rows [E, px, py, pz], the per-jet form the metrics take.
 *
 * @param ds - the jets.
 * @param j - jet index in [0, N).
 * @throws {@link ShapeError} for a malformed dataset; {@link IndexError} for `j` out of range.
 *
 * @example
 * ```ts
 * import { jetParticles } from 'lorentz-irreps';
 * const ds = { numJets: 1, numParticles: 2, p: new Float64Array([5, 3, 4, 0, 0, 0, 0, 0]),
 *   mask: new Float64Array([1, 0]), units: 'GeV' as const };
 * console.assert(JSON.stringify(jetParticles(ds, 0)) === '[[5,3,4,0]]');
 * ```
 */
export function jetParticles(ds: JetDataset, j: number): number[][] {
  checkJetDataset(ds, 'jetParticles', 'ds');
  if (!Number.isInteger(j) || j < 0 || j >= ds.numJets) {
    throw new IndexError(invalid('jetParticles', 'j', `an integer in [0, ${ds.numJets})`, j));
  }
  const rows: number[][] = [];
  for (let i = 0; i < ds.numParticles; i++) {
    const k = j * ds.numParticles + i;
    if (ds.mask[k] !== 0) rows.push(Array.from(ds.p.subarray(4 * k, 4 * k + 4)));
  }
  return rows;
}

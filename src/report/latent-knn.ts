/**
 * A latent-space anomaly score: the Lorentz invariants of an encoder's latent four-vectors, and
 * the distance of a jet's invariants to its k-th nearest background jet ('latentKnn').
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, ShapeError, invalid } from '../errors';
import { median } from '../metrics/quantile';
import { Tensor } from '../tensor/tensor';

/** The evaluation's name of the latent kNN score. */
export const LATENT_KNN_SCORE = 'latentKnn';

/** The default number of neighbours k of {@link fitLatentKnn}. */
export const DEFAULT_LATENT_NEIGHBOURS = 5;

/** Rows of real features, row-major: `values[r * features + i]` is feature i of row r. */
export interface FeatureRows {
  readonly values: Float64Array;
  readonly rows: number;
  readonly features: number;
}

/** Real latent four-vectors as nested arrays, [B][K][4] (E, px, py, pz). */
export type LatentArrays = readonly (readonly (readonly number[])[])[];

/**
 * The Lorentz invariants of latent four-vectors: every Minkowski product of two of them.
 *
 * `z` holds K four-vectors (E, px, py, pz) per jet, [B, K, 4], complex or real. A complex
 * four-vector is two real ones: the vectors are taken in the order Re z_1, Im z_1, Re z_2,
 * Im z_2, ... (M = 2K of them; M = K for a real tensor or nested arrays), and for every pair
 * a <= b in row-major upper-triangle order (a = 0: b = 0..M-1, then a = 1: b = 1..M-1, ...),
 * including a = b, the product <v_a, v_b> = E_a E_b - px_a px_b - py_a py_b - pz_a pz_b
 * (metric + - - -). A Lorentz transformation acts on a four-vector's real and imaginary parts by
 * the same real matrix, so every product is unchanged when the encoder is Lorentz equivariant.
 *
 * @param z - latent four-vectors: a tensor [B, K, 4] (real or complex; not disposed), or real nested arrays [B][K][4].
 * @returns F = M (M + 1) / 2 invariants per jet, B rows.
 * @throws {@link ShapeError} for a shape other than [B, K, 4] with K >= 1.
 *
 * @example
 * ```ts
 * import { complexTensor, latentInvariants } from 'lorentz-irreps';
 * // one jet, one complex latent vector: Re = (2, 1, 0, 0), Im = (1, 0, 0, 1)
 * const z = complexTensor([2, 1, 0, 0], [1, 0, 0, 1], [1, 1, 4]);
 * const inv = latentInvariants(z);
 * // <Re, Re> = 4 - 1, <Re, Im> = 2, <Im, Im> = 1 - 1
 * console.assert(inv.rows === 1 && inv.features === 3 && inv.values.join() === '3,2,0');
 * z.dispose();
 * // real nested arrays: K = 2 real vectors, F = 3
 * console.assert(latentInvariants([[[1, 0, 0, 0], [2, 0, 0, 1]]]).values.join() === '1,2,3');
 * ```
 */
export function latentInvariants(z: Tensor | LatentArrays): FeatureRows {
  const fn = 'latentInvariants';
  let B: number;
  let K: number;
  let re: Float64Array;
  let im: Float64Array | null = null;
  if (z instanceof Tensor) {
    if (z.rank !== 3 || z.shape[1] < 1 || z.shape[2] !== 4) throw new ShapeError(invalid(fn, 'z', 'a tensor of shape [B, K, 4] with K >= 1', z.shape));
    [B, K] = z.shape;
    if (z.complex) ({ re, im } = z.reImSync());
    else re = z.dataSync();
  } else {
    if (!Array.isArray(z)) throw new ShapeError(invalid(fn, 'z', 'a tensor [B, K, 4] or nested arrays [B][K][4]', z));
    B = z.length;
    K = B > 0 && Array.isArray(z[0]) ? z[0].length : 0;
    if (B > 0 && K < 1) throw new ShapeError(invalid(fn, 'z[0]', 'K >= 1 four-vectors', z[0]));
    re = new Float64Array(B * K * 4);
    for (let j = 0; j < B; j++) {
      const jet = z[j];
      if (!Array.isArray(jet) || jet.length !== K) throw new ShapeError(invalid(fn, `z[${j}]`, `${K} four-vectors, like z[0]`, jet));
      for (let k = 0; k < K; k++) {
        const v = jet[k];
        if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number')) throw new ShapeError(invalid(fn, `z[${j}][${k}]`, 'four numbers (E, px, py, pz)', v));
        re.set(v, (j * K + k) * 4);
      }
    }
  }
  const M = im === null ? K : 2 * K;
  const F = (M * (M + 1)) / 2;
  const values = new Float64Array(B * F);
  const vec = new Float64Array(M * 4);
  for (let j = 0; j < B; j++) {
    for (let k = 0; k < K; k++) {
      const at = (j * K + k) * 4;
      if (im === null) vec.set(re.subarray(at, at + 4), k * 4);
      else {
        vec.set(re.subarray(at, at + 4), 2 * k * 4);
        vec.set(im.subarray(at, at + 4), (2 * k + 1) * 4);
      }
    }
    let f = j * F;
    for (let a = 0; a < M; a++) {
      for (let b = a; b < M; b++) {
        values[f++] = vec[4 * a] * vec[4 * b] - vec[4 * a + 1] * vec[4 * b + 1] - vec[4 * a + 2] * vec[4 * b + 2] - vec[4 * a + 3] * vec[4 * b + 3];
      }
    }
  }
  return { values, rows: B, features: F };
}

/** Options of {@link fitLatentKnn}. */
export interface LatentKnnOptions {
  /** The neighbour whose distance is the score, counted from 1 (default 5). */
  readonly k?: number;
}

/** A fitted latent kNN scorer ({@link fitLatentKnn}). */
export interface LatentKnn {
  /** The neighbour whose distance is the score, counted from 1. */
  readonly k: number;
  /** Features per row F. */
  readonly features: number;
  /** Reference rows. */
  readonly referenceRows: number;
  /** Per feature, the scale m_i: the median over the reference of |x_i|, 1 where that is 0. */
  readonly scales: Float64Array;
  /** Per feature, the reference mean of the transformed feature. */
  readonly mean: Float64Array;
  /** Per feature, the reference standard deviation of the transformed feature (divided by n). */
  readonly sd: Float64Array;
  /** Indices of the features that enter the distance: those with sd > 0. */
  readonly used: readonly number[];
  /** The transformed, standardized features of rows (`used` features only, row-major). */
  standardize(x: FeatureRows | readonly (readonly number[])[]): Float64Array;
  /** The score of every row: the squared distance to its k-th nearest reference row. */
  score(x: FeatureRows | readonly (readonly number[])[]): Float64Array;
}

/** Rows as {@link FeatureRows}, checked: F features each (when given), every value finite. */
function asRows(fn: string, argument: string, x: FeatureRows | readonly (readonly number[])[], F?: number): FeatureRows {
  let rows: FeatureRows;
  if (Array.isArray(x)) {
    const list = x as readonly (readonly number[])[];
    const f = list.length > 0 && Array.isArray(list[0]) ? list[0].length : (F ?? 0);
    const values = new Float64Array(list.length * f);
    list.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== f) throw new ShapeError(invalid(fn, `${argument}[${i}]`, `${f} features, like the first row`, r));
      values.set(r, i * f);
    });
    rows = { values, rows: list.length, features: f };
  } else {
    const r = x as FeatureRows;
    if (r === null || typeof r !== 'object' || !(r.values instanceof Float64Array) || !Number.isSafeInteger(r.rows) || !Number.isSafeInteger(r.features) || r.rows < 0 || r.features < 1 || r.values.length !== r.rows * r.features) {
      throw new ShapeError(invalid(fn, argument, 'feature rows { values: Float64Array of rows x features, rows, features } or an array of rows', x));
    }
    rows = r;
  }
  if (F !== undefined && rows.features !== F && rows.rows > 0) throw new ShapeError(invalid(fn, `${argument}.features`, `${F} features, like the reference`, rows.features));
  for (let i = 0; i < rows.values.length; i++) {
    if (!Number.isFinite(rows.values[i])) throw new DataError(invalid(fn, `${argument}[${Math.floor(i / rows.features)}][${i % rows.features}]`, 'a finite number', rows.values[i]));
  }
  return rows;
}

/**
 * Fits the latent kNN anomaly score ('latentKnn') on reference rows, e.g. the
 * {@link latentInvariants} of background training jets.
 *
 * Per feature i: the scale m_i = median over the reference of |x_i| (1 where that median is 0);
 * the transform t_i(x) = sign(x) log1p(|x| / m_i), which compresses the invariants' heavy tails
 * and their spread over orders of magnitude; then standardization by the reference mean and
 * standard deviation (divided by n) of t_i. Features whose transformed sd is 0 on the reference
 * (constant there) are dropped from the distance. The score of a row x is the squared Euclidean
 * distance from its standardized t(x) to its k-th nearest standardized reference row (k counted
 * from 1: k = 1 is the nearest; a row equal to a reference row scores 0 with k = 1). Each query
 * scans all reference rows and keeps the k smallest distances in a sorted buffer: O(R F) per row.
 *
 * @param reference - the reference rows (FeatureRows or an array of rows), at least one.
 * @param options - k (default 5): a positive integer <= the reference rows.
 * @returns the fitted scorer; `score(rows)` checks that rows have the reference's F features and finite values.
 * @throws {@link ConfigError} for a bad k or an empty reference; {@link ShapeError} for rows of
 *   unequal length or other features counts; {@link DataError} for a non-finite value.
 *
 * @example
 * ```ts
 * import { fitLatentKnn } from 'lorentz-irreps';
 * const reference = [[0], [1], [1], [-1], [3]]; // |x| has median 1: t(x) = sign(x) log1p(|x|) = (0, 1, 1, -1, 2) log 2
 * const t = [0, 1, 1, -1, 2].map((v) => v * Math.LN2);
 * const mean = t.reduce((a, b) => a + b) / t.length;
 * const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
 * const knn = fitLatentKnn(reference, { k: 3 });
 * console.assert(knn.scales[0] === 1 && Math.abs(knn.sd[0] - sd) < 1e-12);
 * // from x = 1 (t = log 2): two reference rows at distance 0, the third nearest (t = 0 or 2 log 2) at log 2 / sd
 * console.assert(Math.abs(knn.score([[1]])[0] - (Math.LN2 / sd) ** 2) < 1e-12);
 * console.assert(fitLatentKnn(reference, { k: 1 }).score([[3]])[0] === 0); // a reference row, k = 1: 0
 * ```
 */
export function fitLatentKnn(reference: FeatureRows | readonly (readonly number[])[], options: LatentKnnOptions = {}): LatentKnn {
  const fn = 'fitLatentKnn';
  const ref = asRows(fn, 'reference', reference);
  const R = ref.rows;
  const F = ref.features;
  if (R === 0 || F === 0) throw new ConfigError(invalid(fn, 'reference', 'at least one row of at least one feature', R));
  const k = options.k ?? DEFAULT_LATENT_NEIGHBOURS;
  if (!Number.isSafeInteger(k) || k < 1 || k > R) throw new ConfigError(invalid(fn, 'options.k', `a positive integer <= the reference rows (${R})`, k));
  const scales = new Float64Array(F);
  const column = new Float64Array(R);
  for (let i = 0; i < F; i++) {
    for (let r = 0; r < R; r++) column[r] = Math.abs(ref.values[r * F + i]);
    const m = median(column);
    scales[i] = m > 0 ? m : 1;
  }
  const transform = (x: FeatureRows): Float64Array => {
    const out = new Float64Array(x.values.length);
    for (let j = 0; j < x.values.length; j++) {
      const v = x.values[j];
      out[j] = Math.sign(v) * Math.log1p(Math.abs(v) / scales[j % F]);
    }
    return out;
  };
  const t = transform(ref);
  const mean = new Float64Array(F);
  const sd = new Float64Array(F);
  for (let r = 0; r < R; r++) for (let i = 0; i < F; i++) mean[i] += t[r * F + i];
  for (let i = 0; i < F; i++) mean[i] /= R;
  for (let r = 0; r < R; r++) for (let i = 0; i < F; i++) sd[i] += (t[r * F + i] - mean[i]) ** 2;
  for (let i = 0; i < F; i++) sd[i] = Math.sqrt(sd[i] / R);
  const used = Array.from({ length: F }, (_, i) => i).filter((i) => sd[i] > 0);
  const U = used.length;
  const standardizeRows = (x: FeatureRows, tx: Float64Array): Float64Array => {
    const out = new Float64Array(x.rows * U);
    for (let r = 0; r < x.rows; r++) for (let u = 0; u < U; u++) out[r * U + u] = (tx[r * F + used[u]] - mean[used[u]]) / sd[used[u]];
    return out;
  };
  const refZ = standardizeRows(ref, t);
  const standardize = (x: FeatureRows | readonly (readonly number[])[]) => {
    const rows = asRows('LatentKnn.standardize', 'x', x, F);
    return standardizeRows(rows, transform(rows));
  };
  const score = (x: FeatureRows | readonly (readonly number[])[]): Float64Array => {
    const rows = asRows('LatentKnn.score', 'x', x, F);
    const q = standardizeRows(rows, transform(rows));
    const out = new Float64Array(rows.rows);
    const best = new Float64Array(k);
    for (let j = 0; j < rows.rows; j++) {
      best.fill(Infinity);
      const qo = j * U;
      for (let r = 0; r < R; r++) {
        const ro = r * U;
        let d = 0;
        for (let u = 0; u < U; u++) {
          const e = q[qo + u] - refZ[ro + u];
          d += e * e;
        }
        if (d < best[k - 1]) {
          // insert into the sorted buffer of the k smallest distances
          let at = k - 1;
          while (at > 0 && best[at - 1] > d) {
            best[at] = best[at - 1];
            at--;
          }
          best[at] = d;
        }
      }
      out[j] = best[k - 1];
    }
    return out;
  };
  return { k, features: F, referenceRows: R, scales, mean, sd, used, standardize, score };
}

/**
 * Argument checks shared by the reconstruction losses (internal): the particle tensors, the
 * padding masks (read to the host once, since the number of real particles of each jet fixes the
 * normalization) and the reduction over jets.
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, DataError, ShapeError, invalid } from '../errors';
import { Tensor } from '../tensor/tensor';
import { div, mul } from '../tensor/ops/arithmetic';
import { mean, sum } from '../tensor/ops/reduce';
import { tensor } from '../tensor/creation';

/** How a loss combines the per-jet values L_b of a batch. */
export type LossReduction = 'mean' | 'sum' | 'none';

/** Options every reconstruction loss accepts. */
export interface LossOptions {
  /**
   * Padding mask of the target, [B, M] with values 0 (padding) or 1 (real particle). Default: every
   * slot is a real particle (padded slots then count as zero four-vectors, as in the reference LGAE).
   */
  readonly mask?: Tensor;
  /** Combination of the per-jet losses: 'mean' over jets (default), 'sum', or 'none' (a [B] tensor). */
  readonly reduction?: LossReduction;
}

/** A checked 0/1 mask read to the host, with the number of real particles of each jet. */
export interface HostMask {
  /** B*N values, 0 or 1. */
  readonly values: Float64Array;
  /** Real particles per jet (B values, each >= 1). */
  readonly counts: Int32Array;
}

/** Requires a live real tensor of shape [B, N, F] (F >= 1). */
export function checkParticles(x: unknown, fn: string, arg: string): Tensor {
  if (!(x instanceof Tensor)) throw new ShapeError(invalid(fn, arg, 'a Tensor of shape [B, N, 4]', x));
  x.assertAlive(fn, arg);
  if (x.complex) throw new DTypeError(invalid(fn, arg, 'a real tensor', 'complex'));
  if (x.rank !== 3 || x.shape[2] < 1) throw new ShapeError(invalid(fn, arg, 'of shape [B, N, F] (F = 4 for four-momenta)', x.shape));
  return x;
}

/** Checks reco and target against each other: equal batch size and feature count (and N when `sameN`). */
export function checkPair(fn: string, reco: unknown, target: unknown, sameN: boolean): [Tensor, Tensor] {
  const r = checkParticles(reco, fn, 'reco');
  const t = checkParticles(target, fn, 'target');
  if (r.dtype !== t.dtype) throw new DTypeError(invalid(fn, 'target', `of dtype ${r.dtype}, like reco`, t.dtype));
  if (r.shape[0] !== t.shape[0]) throw new ShapeError(invalid(fn, 'target', `a batch of ${r.shape[0]} jets, like reco`, t.shape));
  if (r.shape[2] !== t.shape[2]) throw new ShapeError(invalid(fn, 'target', `rows of ${r.shape[2]} features, like reco`, t.shape));
  if (sameN && r.shape[1] !== t.shape[1]) throw new ShapeError(invalid(fn, 'target', `of the shape of reco [${r.shape.join(',')}]`, t.shape));
  return [r, t];
}

/** Checks an options bag and its reduction. */
export function checkOptions<T extends LossOptions>(fn: string, options: T | undefined): { options: T; reduction: LossReduction } {
  const o = options ?? ({} as T);
  if (o === null || typeof o !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  const reduction = o.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ConfigError(invalid(fn, 'options.reduction', "'mean', 'sum' or 'none'", reduction));
  }
  return { options: o, reduction };
}

/**
 * Reads a mask [B, N] to the host and checks it: values exactly 0 or 1 and at least one real
 * particle per jet. `undefined` gives an all-ones mask.
 */
export function hostMask(mask: unknown, fn: string, arg: string, B: number, N: number): HostMask {
  if (mask === undefined) return { values: new Float64Array(B * N).fill(1), counts: new Int32Array(B).fill(N) };
  if (!(mask instanceof Tensor)) throw new ShapeError(invalid(fn, arg, `a Tensor of shape [${B}, ${N}]`, mask));
  mask.assertAlive(fn, arg);
  if (mask.complex) throw new DTypeError(invalid(fn, arg, 'a real tensor', 'complex'));
  if (mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== N) throw new ShapeError(invalid(fn, arg, `of shape [${B}, ${N}]`, mask.shape));
  const values = mask.dataSync();
  const counts = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      const m = values[b * N + i];
      if (m !== 0 && m !== 1) throw new DataError(invalid(fn, `${arg}[${b}][${i}]`, '0 or 1', m));
      counts[b] += m;
    }
    if (counts[b] === 0) throw new DataError(invalid(fn, `${arg}[${b}]`, 'a jet with at least one real particle', 'all padding'));
  }
  return { values, counts };
}

/**
 * Combines the per-jet losses `perJet` [B] by `reduction`; disposes nothing (call inside `tidy`).
 */
export function reduceJets(perJet: Tensor, reduction: LossReduction): Tensor {
  if (reduction === 'none') return perJet;
  return reduction === 'sum' ? sum(perJet) : mean(perJet);
}

/** `x` [B, ...] divided by the per-jet constants `denominators` (B values), broadcast over the trailing axes. */
export function perJetDivide(x: Tensor, denominators: ArrayLike<number>): Tensor {
  const d = tensor(Float64Array.from(denominators), [x.shape[0]], { dtype: x.dtype });
  return div(x, d);
}

/** `x` [B, N] times a host 0/1 mask of the same shape. */
export function applyMask(x: Tensor, mask: HostMask): Tensor {
  return mul(x, tensor(mask.values, x.shape, { dtype: x.dtype }));
}

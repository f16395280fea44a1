/** Shared helpers of the layer tests: seeded random tensors, features and jets. */
import { Irreps, Random, complexTensor, makeFeatures, tensor, type Features, type Tensor } from 'lorentz-irreps';

export function randomComplex(rng: Random, shape: readonly number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return complexTensor(
    Float64Array.from({ length: n }, () => scale * rng.normal()),
    Float64Array.from({ length: n }, () => scale * rng.normal()),
    shape,
  );
}

export function randomReal(rng: Random, shape: readonly number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: n }, () => scale * rng.normal()), shape);
}

/** Random complex features of `irreps` with leading shape `lead`. */
export function randomFeatures(rng: Random, irreps: string, lead: readonly number[], scale = 1): Features {
  const ir = Irreps.parse(irreps);
  return makeFeatures(
    ir,
    ir.entries.map((e) => randomComplex(rng, [...lead, e.mul, e.irrep.dim], scale)),
  );
}

/**
 * Random four-momenta [B, N, 4] of massive or massless particles with |p| of order `scale`
 * (E >= |p|, so every particle is physical).
 */
export function randomMomenta(rng: Random, batch: number, count: number, scale = 1, massless = false): Tensor {
  const v = new Float64Array(batch * count * 4);
  for (let k = 0; k < batch * count; k++) {
    const px = scale * rng.normal();
    const py = scale * rng.normal();
    const pz = scale * rng.normal();
    const m = massless ? 0 : scale * (0.2 + rng.uniform());
    v.set([Math.sqrt(px * px + py * py + pz * pz + m * m), px, py, pz], 4 * k);
  }
  return tensor(v, [batch, count, 4]);
}

/** A [B, N] mask with the given number of real particles per jet (the rest padded). */
export function maskOf(counts: readonly number[], count: number): Tensor {
  const m = new Float64Array(counts.length * count);
  counts.forEach((c, b) => m.fill(1, b * count, b * count + c));
  return tensor(m, [counts.length, count]);
}

/** Disposes the parts of features. */
export function disposeFeatures(f: Features): void {
  for (const t of f.parts) t.dispose();
}

/** max |a - b| over complex entries of two tensors of equal shape. */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  const x = a.reImSync();
  const y = b.reImSync();
  let m = 0;
  for (let k = 0; k < x.re.length; k++) m = Math.max(m, Math.hypot(x.re[k] - y.re[k], x.im[k] - y.im[k]));
  return m;
}

/** max |x| over complex entries. */
export function maxAbs(a: Tensor): number {
  const x = a.reImSync();
  let m = 0;
  for (let k = 0; k < x.re.length; k++) m = Math.max(m, Math.hypot(x.re[k], x.im[k]));
  return m;
}

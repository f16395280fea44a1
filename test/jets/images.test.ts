import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, DataError, ShapeError, Random, jetImageBinEdges, jetImages, loadJetNetSample } from 'lorentz-irreps';

/** Slow reference: find each particle's bins by scanning the edges. */
function referenceImages(features: number[], n: number, P: number, size: number, range: number): { pixels: number[]; outside: number[] } {
  const edges: number[] = [];
  for (let k = 0; k <= size; k++) edges.push(-range + (k * 2 * range) / size);
  const bin = (v: number): number => {
    for (let k = 0; k < size; k++) if (v >= edges[k] && v < edges[k + 1]) return k;
    return -1;
  };
  const pixels = new Array<number>(n * size * size).fill(0);
  const outside = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < P; i++) {
      const [eta, phi, pt, m] = features.slice(4 * (j * P + i), 4 * (j * P + i) + 4);
      if (m === 0) continue;
      const a = bin(eta);
      const b = bin(phi);
      if (a < 0 || b < 0) outside[j] += pt;
      else pixels[(j * size + a) * size + b] += pt;
    }
  }
  return { pixels, outside };
}

const particle = fc.tuple(fc.double({ min: -1.2, max: 1.2, noNaN: true }), fc.double({ min: -1.2, max: 1.2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1));

describe('jetImageBinEdges', () => {
  it('cuts [-R, R] into S bins of equal width 2R / S', () => {
    const e = jetImageBinEdges({ size: 40, range: 0.8 });
    expect(e.length).toBe(41);
    expect(e[0]).toBe(-0.8);
    expect(e[20]).toBeCloseTo(0, 15);
    expect(e[40]).toBeCloseTo(0.8, 15);
    for (let k = 0; k < 40; k++) expect(e[k + 1] - e[k]).toBeCloseTo(0.04, 14);
  });

  it('defaults to 40 bins over [-0.8, 0.8]', () => {
    expect(Array.from(jetImageBinEdges())).toEqual(Array.from(jetImageBinEdges({ size: 40, range: 0.8 })));
  });
});

describe('jetImages', () => {
  it('equals the edge-scanning reference on drawn jets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.double({ min: 0.1, max: 1, noNaN: true }), (n, P, size, range) =>
        fc.assert(
          fc.property(fc.array(particle, { minLength: n * P, maxLength: n * P }), (parts) => {
            const features = parts.flat();
            const got = jetImages({ numJets: n, numParticles: P, particleFeatures: features }, { size, range });
            const want = referenceImages(features, n, P, size, range);
            expect(got.size).toBe(size);
            expect(got.range).toBe(range);
            Array.from(got.pixels).forEach((v, k) => expect(v).toBeCloseTo(want.pixels[k], 14));
            Array.from(got.outside).forEach((v, k) => expect(v).toBeCloseTo(want.outside[k], 14));
          }),
          { numRuns: 5 },
        ),
      ),
      { numRuns: 20 },
    );
  });

  it('keeps the total ptrel of real particles: pixels plus outside', async () => {
    const { q } = await loadJetNetSample(['q']);
    const img = jetImages(q);
    for (let j = 0; j < 50; j++) {
      let total = 0;
      for (let i = 0; i < q.numParticles; i++) if (q.particleFeatures[4 * (j * q.numParticles + i) + 3] === 1) total += q.particleFeatures[4 * (j * q.numParticles + i) + 2];
      const inside = img.pixels.subarray(j * 1600, (j + 1) * 1600).reduce((a, b) => a + b, 0);
      expect(inside + img.outside[j]).toBeCloseTo(total, 12);
    }
  });

  it('does not depend on the order of the particles', () => {
    const rng = new Random(3);
    const P = 7;
    const features: number[] = [];
    for (let i = 0; i < P; i++) features.push(rng.uniformIn(-0.8, 0.8), rng.uniformIn(-0.8, 0.8), rng.uniformIn(0, 0.3), i < 5 ? 1 : 0);
    const perm = rng.permutation(P);
    const permuted = Array.from(perm).flatMap((i) => features.slice(4 * i, 4 * i + 4));
    const a = jetImages({ numJets: 1, numParticles: P, particleFeatures: features }, { size: 10 });
    const b = jetImages({ numJets: 1, numParticles: P, particleFeatures: permuted }, { size: 10 });
    Array.from(a.pixels).forEach((v, k) => expect(b.pixels[k]).toBeCloseTo(v, 15));
  });

  it('ignores padded slots whatever their features, and puts +R outside the window', () => {
    const img = jetImages({ numJets: 1, numParticles: 3, particleFeatures: [0, 0, 0.5, 1, 0.1, 0.1, 99, 0, 0.8, 0, 0.25, 1] }, { size: 2, range: 0.8 });
    expect(Array.from(img.pixels)).toEqual([0, 0, 0, 0.5]);
    expect(img.outside[0]).toBe(0.25);
  });

  it('rejects bad sizes, ranges, lengths and features with typed errors', () => {
    const jets = { numJets: 1, numParticles: 1, particleFeatures: [0, 0, 1, 1] };
    expect(() => jetImages(jets, { size: 0 })).toThrow(ConfigError);
    expect(() => jetImages(jets, { size: 2.5 })).toThrow(/jetImages.*options\.size/);
    expect(() => jetImages(jets, { range: -1 })).toThrow(ConfigError);
    expect(() => jetImages(jets, { range: Number.NaN })).toThrow(/options\.range/);
    expect(() => jetImages({ ...jets, particleFeatures: [0, 0, 1] })).toThrow(ShapeError);
    expect(() => jetImages({ ...jets, numJets: -1 })).toThrow(ShapeError);
    expect(() => jetImages({ ...jets, particleFeatures: [Number.NaN, 0, 1, 1] })).toThrow(DataError);
    expect(() => jetImages({ ...jets, particleFeatures: [0, 0, 1, 0.5] })).toThrow(/mask of 0 or 1/);
    expect(() => jetImageBinEdges({ size: -3 })).toThrow(ConfigError);
  });
});

import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CGBasis,
  type ComplexArray,
  ConfigError,
  DTypeError,
  IrrepError,
  Irreps,
  LorentzIrrep,
  ShapeError,
  cgCoefficients,
  cgDecompose,
} from 'lorentz-irreps';

/** The obviously-correct dense loop: out[b, off + i] = sum_{i1,i2} H[i1,i2,i] x1[b,i1] x2[b,i2]. */
function slowDecompose(x1: ComplexArray, a: LorentzIrrep, x2: ComplexArray, b: LorentzIrrep, outs: LorentzIrrep[], basis: CGBasis): ComplexArray {
  const batch = x1.re.length / a.dim;
  const total = outs.reduce((s, c) => s + c.dim, 0);
  const re = new Float64Array(batch * total);
  const im = new Float64Array(batch * total);
  let offset = 0;
  for (const c of outs) {
    const h = cgCoefficients(a, b, c, { basis }).toDense();
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < c.dim; i++) {
        let sr = 0;
        let si = 0;
        for (let i1 = 0; i1 < a.dim; i1++) for (let i2 = 0; i2 < b.dim; i2++) {
          const w = h[(i1 * b.dim + i2) * c.dim + i];
          const ur = x1.re[n * a.dim + i1];
          const ui = x1.im[n * a.dim + i1];
          const vr = x2.re[n * b.dim + i2];
          const vi = x2.im[n * b.dim + i2];
          sr += w * (ur * vr - ui * vi);
          si += w * (ur * vi + ui * vr);
        }
        re[n * total + offset + i] = sr;
        im[n * total + offset + i] = si;
      }
    }
    offset += c.dim;
  }
  return { re, im };
}

const irrepArb = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([k, n]) => LorentzIrrep.fromDoubled(k, n));

function complexArrayArb(length: number) {
  const x = fc.double({ min: -3, max: 3, noNaN: true });
  return fc
    .tuple(fc.array(x, { minLength: length, maxLength: length }), fc.array(x, { minLength: length, maxLength: length }))
    .map(([re, im]) => ({ re: Float64Array.from(re), im: Float64Array.from(im) }));
}

function expectClose(a: ComplexArray, b: ComplexArray): void {
  expect(a.re.length).toBe(b.re.length);
  for (let k = 0; k < a.re.length; k++) {
    expect(Math.abs(a.re[k] - b.re[k])).toBeLessThan(1e-12);
    expect(Math.abs(a.im[k] - b.im[k])).toBeLessThan(1e-12);
  }
}

describe('cgDecompose', () => {
  it('matches the slow dense loop for drawn irreps, batches and complex features', () => {
    const caseArb = fc
      .record({ a: irrepArb, b: irrepArb, batch: fc.integer({ min: 0, max: 4 }), basis: fc.constantFrom<CGBasis>('canonical', 'product'), seed: fc.nat() })
      .chain((c) => fc.record({ c: fc.constant(c), x1: complexArrayArb(c.batch * c.a.dim), x2: complexArrayArb(c.batch * c.b.dim) }));
    fc.assert(
      fc.property(caseArb, ({ c, x1, x2 }) => {
        const all = c.a.times(c.b);
        // Outputs: every product irrep, in a drawn order, plus one irrep that is not in the product.
        const outs = [...all].sort((p, q) => ((p.dim * 7 + c.seed) % 5) - ((q.dim * 7 + c.seed) % 5));
        outs.push(LorentzIrrep.of(3, 3));
        const fast = cgDecompose(x1, c.a, x2, c.b, outs, { basis: c.basis });
        expectClose(fast, slowDecompose(x1, c.a, x2, c.b, outs, c.basis));
        const tail = outs.slice(0, -1).reduce((s, o) => s + o.dim, 0);
        const total = tail + 49;
        for (let n = 0; n < c.batch; n++) for (let k = tail; k < total; k++) expect(fast.re[n * total + k]).toBe(0);
      }),
      { numRuns: 60, seed: 31 },
    );
  });

  it('reconstructs the input pair: the decomposition into all outputs preserves the norm', () => {
    const a = LorentzIrrep.of(1, 0.5);
    const b = LorentzIrrep.of(0.5, 1);
    fc.assert(
      fc.property(complexArrayArb(a.dim), complexArrayArb(b.dim), (x1, x2) => {
        const out = cgDecompose(x1, a, x2, b, a.times(b));
        let n1 = 0;
        let n2 = 0;
        let n = 0;
        for (let k = 0; k < a.dim; k++) n1 += x1.re[k] ** 2 + x1.im[k] ** 2;
        for (let k = 0; k < b.dim; k++) n2 += x2.re[k] ** 2 + x2.im[k] ** 2;
        for (let k = 0; k < out.re.length; k++) n += out.re[k] ** 2 + out.im[k] ** 2;
        expect(Math.abs(n - n1 * n2)).toBeLessThan(1e-10 * (1 + n1 * n2));
      }),
      { numRuns: 30, seed: 32 },
    );
  });

  it('accepts outputs as Irreps, text or a list, repeating an entry of multiplicity k k times', () => {
    const v = LorentzIrrep.of(0.5, 0.5);
    const x1 = { re: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), im: new Float64Array(8) };
    const x2 = { re: Float64Array.from([8, 7, 6, 5, 4, 3, 2, 1]), im: Float64Array.from([1, 0, 1, 0, 1, 0, 1, 0]) };
    const fromList = cgDecompose(x1, v, x2, v, [LorentzIrrep.of(0, 0), '(1,1)']);
    const fromText = cgDecompose(x1, '(1/2,1/2)', x2, '(1/2,1/2)', '1x(0,0)+1x(1,1)');
    const fromIrreps = cgDecompose(x1, v, x2, v, Irreps.parse('(0,0)+(1,1)'));
    expect(fromText).toEqual(fromList);
    expect(fromIrreps).toEqual(fromList);
    const twice = cgDecompose(x1, v, x2, v, '2x(0,0)');
    expect(Array.from(twice.re)).toEqual([fromList.re[0], fromList.re[0], fromList.re[10], fromList.re[10]]);
    expect(cgDecompose(x1, v, x2, v, LorentzIrrep.of(0, 0)).re.length).toBe(2);
  });

  it('takes and returns arrays of complex.js numbers', () => {
    const a = LorentzIrrep.of(0.5, 0);
    const b = LorentzIrrep.of(0, 0.5);
    const x1 = [new Complex(1, 2), new Complex(-1, 0.5)];
    const x2 = [new Complex(0.5, 0), new Complex(3, -1)];
    const out = cgDecompose(x1, a, x2, b, '(1/2,1/2)');
    expect(out).toHaveLength(4);
    expect(out[0]).toBeInstanceOf(Complex);
    const planar = cgDecompose(
      { re: Float64Array.from([1, -1]), im: Float64Array.from([2, 0.5]) }, a,
      { re: Float64Array.from([0.5, 3]), im: Float64Array.from([0, -1]) }, b, '(1/2,1/2)',
    );
    out.forEach((z, k) => {
      expect(z.re).toBe(planar.re[k]);
      expect(z.im).toBe(planar.im[k]);
    });
  });

  it('writes into a given output array, overwriting what it held', () => {
    const v = LorentzIrrep.of(0.5, 0.5);
    const x1 = { re: Float64Array.from([1, 2, 3, 4]), im: Float64Array.from([0, 1, 0, 1]) };
    const x2 = { re: Float64Array.from([4, 3, 2, 1]), im: Float64Array.from([1, 1, 0, 0]) };
    const expected = cgDecompose(x1, v, x2, v, v.times(v));
    const out = { re: new Float64Array(16).fill(5), im: new Float64Array(16).fill(-5) };
    expect(cgDecompose(x1, v, x2, v, v.times(v), { out })).toBe(out);
    expect(out).toEqual(expected);
    expect(() => cgDecompose(x1, v, x2, v, v.times(v), { out: { re: new Float64Array(15), im: new Float64Array(15) } })).toThrow(
      /`options.out` must be a ComplexArray of length B \* D = 1 \* 16 = 16/,
    );
    expect(() => cgDecompose(x1, v, x2, v, '(0,0)', { out: { re: [0], im: [0] } as unknown as ComplexArray })).toThrow(DTypeError);
    const c = [new Complex(1, 0), new Complex(0, 0), new Complex(0, 0), new Complex(0, 0)];
    expect(() => cgDecompose(c, v, c, v, '(0,0)', { out: { re: new Float64Array(1), im: new Float64Array(1) } })).toThrow(/`options.out`/);
  });

  it('rejects lengths that are not multiples of the dimension, naming x1 or x2', () => {
    const v = LorentzIrrep.of(0.5, 0.5);
    const z = (n: number) => ({ re: new Float64Array(n), im: new Float64Array(n) });
    expect(() => cgDecompose(z(6), v, z(8), v, '(0,0)')).toThrow(ShapeError);
    expect(() => cgDecompose(z(6), v, z(8), v, '(0,0)')).toThrow(/`x1` must be of a length that is a multiple of dim \(1\/2,1\/2\) = 4.*Value: `"length 6"`/);
    expect(() => cgDecompose(z(8), v, z(7), v, '(0,0)')).toThrow(/`x2` must be of a length that is a multiple/);
    expect(() => cgDecompose(z(8), v, z(12), v, '(0,0)')).toThrow(/`x2` must be of the batch size of x1/);
    expect(() => cgDecompose({ re: new Float64Array(4), im: new Float64Array(3) }, v, z(4), v, '(0,0)')).toThrow(/`x1` must be a ComplexArray whose re and im have equal lengths/);
  });

  it('rejects features of the wrong kind and invalid irreps, outputs or options', () => {
    const v = LorentzIrrep.of(0.5, 0.5);
    const z = { re: new Float64Array(4), im: new Float64Array(4) };
    expect(() => cgDecompose({ re: [0, 0, 0, 0], im: [0, 0, 0, 0] } as unknown as ComplexArray, v, z, v, '(0,0)')).toThrow(DTypeError);
    expect(() => cgDecompose(z, v, [1, 2, 3, 4] as unknown as ComplexArray, v, '(0,0)')).toThrow(/`x2`.*item 0/);
    expect(() => cgDecompose(z, v, Array.from({ length: 4 }, () => new Complex(0, 0)) as unknown as ComplexArray, v, '(0,0)')).toThrow(/`x2` must be of the same kind as x1/);
    expect(() => cgDecompose(z, '(1/3,0)', z, v, '(0,0)')).toThrow(/`irrep1`/);
    expect(() => cgDecompose(z, v, z, '(-1/2,1/2)', '(0,0)')).toThrow(/`irrep2`/);
    expect(() => cgDecompose(z, v, z, v, '2x(0,0)+')).toThrow(IrrepError);
    expect(() => cgDecompose(z, v, z, v, ['(0,0)', 'bad'])).toThrow(/`outIrreps\[1\]`/);
    expect(() => cgDecompose(z, v, z, v, 42 as unknown as string)).toThrow(/`outIrreps`/);
    expect(() => cgDecompose(z, v, z, v, '(0,0)', { basis: 'other' as CGBasis })).toThrow(ConfigError);
  });
});

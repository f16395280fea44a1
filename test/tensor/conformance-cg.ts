/**
 * Conformance of the sparse Clebsch-Gordan product (cgProduct, cgProductMulti, concatCGTables):
 * forward against an entry-by-entry complex reference on drawn shapes and tables, a known answer
 * from the conventions page, gradients against finite differences, memory, and bad inputs.
 */
import Complex from 'complex.js';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  DTypeError,
  IndexError,
  NumericsError,
  Random,
  ShapeError,
  cast,
  cgProduct,
  cgProductMulti,
  cgSparseTable,
  complexTensor,
  concat,
  concatCGTables,
  grad,
  memory,
  mul,
  real,
  sum,
  tensor,
  tidy,
  type CGSparseTable,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import type { ConformanceTolerances } from './conformance';
import { broadcastShapesArb, seedArb } from './conformance/arbitraries';
import { broadcastRead, broadcastShape, build, draw, expectClose, toTensor, type Host } from './conformance/reference';
import { describeOnBackend, expectTypedError, suiteContext } from './conformance-extra';

/** A random table of drawn dimensions; index triples may repeat (they then add up). */
function randomTable(rng: Random, d1: number, d2: number, d: number, nnz: number): CGSparseTable {
  const t = { d1, d2, d, i1: new Int32Array(nnz), i2: new Int32Array(nnz), i: new Int32Array(nnz), values: new Float64Array(nnz) };
  for (let e = 0; e < nnz; e++) {
    t.i1[e] = rng.int(d1);
    t.i2[e] = rng.int(d2);
    t.i[e] = rng.int(d);
    t.values[e] = rng.normal();
  }
  return t;
}

/** out[..., i] = acc[..., i] + sum over entries with output i of v x1[..., i1] x2[..., i2], by multi-index. */
function reference(h1: Host, h2: Host, table: CGSparseTable, acc: Host | null): Host {
  const lead = broadcastShape(h1.shape.slice(0, -1), h2.shape.slice(0, -1));
  const complex = h1.im !== null || h2.im !== null || (acc !== null && acc.im !== null);
  return build([...lead, table.d], complex, (idx) => {
    const at = idx.slice(0, -1);
    let s = acc === null ? new Complex(0, 0) : broadcastRead(acc, idx);
    for (let e = 0; e < table.values.length; e++) {
      if (table.i[e] !== idx[idx.length - 1]) continue;
      const a = broadcastRead(h1, [...at, table.i1[e]]);
      const b = broadcastRead(h2, [...at, table.i2[e]]);
      s = s.add(a.mul(b).mul(table.values[e]));
    }
    return s;
  });
}

const dimsArb = fc.record({
  d1: fc.integer({ min: 1, max: 4 }),
  d2: fc.integer({ min: 1, max: 4 }),
  d: fc.integer({ min: 1, max: 4 }),
  nnz: fc.integer({ min: 0, max: 10 }),
});

/** The canonical-basis image U p of four-vectors p [..., 4] (E, px, py, pz), per the conventions page. */
function fourVectorFeatures(p: number[][]): Tensor {
  const s = Math.SQRT1_2;
  const re = p.flatMap(([e, x, , z]) => [e, x * s, z, -x * s]);
  const im = p.flatMap(([, , y]) => [0, y * s, 0, y * s]);
  return complexTensor(re, im, [p.length, 4]);
}

/** Registers the CG product cases for `backendName`. */
export function cgConformance(backendName: string, tolerances: ConformanceTolerances): void {
  const ctx = suiteContext(backendName, tolerances);
  const { dtype, tol, runs, gradRuns } = ctx;

  describeOnBackend('cgProduct', backendName, () => {
    for (const [c1, c2] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`cgProduct of ${c1 ? 'complex' : 'real'} x1 and ${c2 ? 'complex' : 'real'} x2 with broadcast leading axes matches the entry-by-entry reference`, () => {
        fc.assert(
          fc.property(broadcastShapesArb(2, 3, 3), dimsArb, seedArb, ([l1, l2], { d1, d2, d, nnz }, seed) => {
            const rng = new Random(seed);
            const table = randomTable(rng, d1, d2, d, nnz);
            const h1 = draw(rng, [...l1, d1], c1);
            const h2 = draw(rng, [...l2, d2], c2);
            tidy(() => expectClose(cgProduct(toTensor(h1, dtype), toTensor(h2, dtype), table), reference(h1, h2, table, null), tol, 'cgProduct'));
          }),
          { numRuns: runs },
        );
      });
    }

    it('cgProduct with accumulate adds the product to the given tensor in one pass', () => {
      fc.assert(
        fc.property(broadcastShapesArb(2, 2, 3), dimsArb, fc.boolean(), seedArb, ([l1, l2], { d1, d2, d, nnz }, accComplex, seed) => {
          const rng = new Random(seed);
          const table = randomTable(rng, d1, d2, d, nnz);
          const h1 = draw(rng, [...l1, d1], true);
          const h2 = draw(rng, [...l2, d2], false);
          const acc = draw(rng, [...broadcastShape(l1, l2), d], accComplex);
          tidy(() => {
            const out = cgProduct(toTensor(h1, dtype), toTensor(h2, dtype), table, { accumulate: toTensor(acc, dtype) });
            expectClose(out, reference(h1, h2, table, acc), tol, 'cgProduct accumulate');
          });
        }),
        { numRuns: runs },
      );
    });

    it('cgProduct serves channel-wise products, x2 shared over channels, and all channel pairs', () => {
      const rng = new Random(3);
      const table = cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(1,1)');
      const cases: [number[], number[]][] = [
        [[2, 3, 4], [2, 3, 4]],
        [[2, 3, 4], [2, 1, 4]],
        [[2, 3, 1, 4], [2, 1, 2, 4]],
      ];
      for (const [s1, s2] of cases) {
        const h1 = draw(rng, s1, true);
        const h2 = draw(rng, s2, true);
        tidy(() => expectClose(cgProduct(toTensor(h1, dtype), toTensor(h2, dtype), table), reference(h1, h2, table, null), tol, `cgProduct [${s1}] x [${s2}]`));
      }
    });

    it('cgProduct of two four-vectors into (0,0) is half their Minkowski product', () => {
      const rng = new Random(5);
      const p = Array.from({ length: 6 }, () => [rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
      const q = Array.from({ length: 6 }, () => [rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
      const table = cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(0,0)');
      tidy(() => {
        const out = cgProduct(cast(fourVectorFeatures(p), dtype), cast(fourVectorFeatures(q), dtype), table);
        const expected = build([6, 1], true, ([b]) => (p[b][0] * q[b][0] - p[b][1] * q[b][1] - p[b][2] * q[b][2] - p[b][3] * q[b][3]) / 2);
        expectClose(out, expected, { atol: tol.atol * 10, rtol: tol.rtol * 10 }, 'Minkowski product');
      });
    });

    it('cgProductMulti equals the concatenation of cgProduct over its tables, and concatCGTables shifts output indices', () => {
      const outputs = ['(0,0)', '(1,0)', '(0,1)', '(1,1)'];
      const tables = outputs.map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
      const merged = concatCGTables(tables);
      expect(merged.d).toBe(16);
      expect(Array.from(merged.i.slice(tables[0].values.length, tables[0].values.length + tables[1].values.length))).toEqual(
        Array.from(tables[1].i, (i) => i + 1),
      );
      fc.assert(
        fc.property(broadcastShapesArb(2, 2, 3), seedArb, ([l1, l2], seed) => {
          const rng = new Random(seed);
          const h1 = draw(rng, [...l1, 4], true);
          const h2 = draw(rng, [...l2, 4], true);
          tidy(() => {
            const x1 = toTensor(h1, dtype);
            const x2 = toTensor(h2, dtype);
            const separate = concat(tables.map((t) => cgProduct(x1, x2, t)), -1);
            const multi = cgProductMulti(x1, x2, tables);
            const { re, im } = separate.reImSync();
            expectClose(multi, { shape: separate.shape.slice(), re: Array.from(re), im: Array.from(im) }, tol, 'cgProductMulti');
          });
        }),
        { numRuns: Math.max(3, Math.floor(runs / 3)) },
      );
    });

    it('cgProduct copies the table, so changing the caller arrays after the call changes neither result nor gradient', () => {
      const make = () => randomTable(new Random(8), 2, 2, 2, 4);
      tidy(() => {
        const x = complexTensor([1, 2], [0.5, -1], [1, 2], { dtype });
        const [expected] = grad((a) => sum(real(cgProduct(a, a, make()))))(x);
        const table = make();
        let y: Tensor | undefined;
        const [g] = grad((a) => {
          y = cgProduct(a, a, table);
          table.values.fill(0);
          table.i1.fill(1);
          return sum(real(y));
        })(x);
        expect(g.reImSync()).toEqual(expected.reImSync());
      });
    });

    for (const [c1, c2] of [
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ] as const) {
      it(`cgProduct of ${c1 ? 'complex' : 'real'} x1 and ${c2 ? 'complex' : 'real'} x2 (broadcast, accumulated) passes gradcheck`, () => {
        fc.assert(
          fc.property(broadcastShapesArb(2, 2, 2), dimsArb, fc.boolean(), seedArb, ([l1, l2], { d1, d2, d, nnz }, withAcc, seed) => {
            const rng = new Random(seed);
            const table = randomTable(rng, d1, d2, d, nnz);
            const hosts = [draw(rng, [...l1, d1], c1), draw(rng, [...l2, d2], c2)];
            if (withAcc) hosts.push(draw(rng, [...broadcastShape(l1, l2), d], true));
            tidy(() => {
              const f = (a: Tensor, b: Tensor, acc?: Tensor) => cgProduct(a, b, table, acc === undefined ? {} : { accumulate: acc });
              gradcheck(f, hosts.map((h) => toTensor(h, dtype)), { ...ctx.grad, seed: 1 });
            });
          }),
          { numRuns: gradRuns },
        );
      });
    }

    it('cgProductMulti with exact tables passes gradcheck', () => {
      const rng = new Random(12);
      const tables = ['(0,0)', '(1,1)'].map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
      tidy(() => {
        gradcheck((a, b) => cgProductMulti(a, b, tables), [toTensor(draw(rng, [2, 4], true), dtype), toTensor(draw(rng, [1, 4], true), dtype)], {
          ...ctx.grad,
          seed: 2,
        });
      });
    });

    it('cgProduct inside tidy leaves the tensor and byte counts unchanged, and grad leaves only the gradients', () => {
      const rng = new Random(4);
      const table = randomTable(rng, 3, 2, 4, 7);
      const x1 = toTensor(draw(rng, [2, 3, 3], true), dtype);
      const x2 = toTensor(draw(rng, [3, 2], false), dtype);
      const before = memory();
      tidy(() => {
        cgProduct(x1, x2, table);
        cgProductMulti(x1, x2, [table, table], { accumulate: toTensor(draw(rng, [2, 3, 8], true), dtype) });
      });
      expect(memory()).toEqual(before);
      const grads = grad((a, b) => sum(mul(real(cgProduct(a, b, table)), 2)))(x1, x2);
      expect(memory().numTensors).toBe(before.numTensors + 2);
      grads.forEach((g) => g.dispose());
      x1.dispose();
      x2.dispose();
      expect(memory().numTensors).toBe(before.numTensors - 2);
    });

    it('cgProduct rejects bad operands, tables and options with typed errors naming the op and argument', () => {
      const table = randomTable(new Random(1), 2, 3, 2, 4);
      tidy(() => {
        const x1 = tensor([1, 2], [1, 2], { dtype });
        const x2 = tensor([1, 2, 3], [1, 3], { dtype });
        expectTypedError(() => cgProduct(x2, x2, table), ShapeError, 'cgProduct', 'x1');
        expectTypedError(() => cgProduct(x1, x1, table), ShapeError, 'cgProduct', 'x2');
        expectTypedError(() => cgProduct(tensor([1, 2, 3, 4], [2, 2], { dtype }), tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3], { dtype }), table), ShapeError, 'cgProduct', 'x2');
        expectTypedError(() => cgProduct([1, 2] as unknown as Tensor, x2, table), DTypeError, 'cgProduct', 'x1');
        // The gpujs backend stores float32 only (cast to float64 is refused there, by cast itself).
        if (backendName !== 'gpujs') expectTypedError(() => cgProduct(x1, cast(x2, dtype === 'float64' ? 'float32' : 'float64'), table), DTypeError, 'cgProduct', 'x2');
        expectTypedError(() => cgProduct(x1, x2, null as unknown as CGSparseTable), DTypeError, 'cgProduct', 'table');
        expectTypedError(() => cgProduct(x1, x2, { ...table, d1: 0 }), ShapeError, 'cgProduct', 'table.d1');
        expectTypedError(() => cgProduct(x1, x2, { ...table, i2: new Int32Array([0, 1, 3, 0]) }), IndexError, 'cgProduct', 'table.i2[2]');
        expectTypedError(() => cgProduct(x1, x2, { ...table, i: Int32Array.from([0, 1]) }), ShapeError, 'cgProduct', 'table.i');
        expectTypedError(() => cgProduct(x1, x2, { ...table, i1: Array.from(table.i1) as unknown as Int32Array }), DTypeError, 'cgProduct', 'table.i1');
        expectTypedError(() => cgProduct(x1, x2, { ...table, values: Float64Array.from([1, NaN, 0, 0]) }), NumericsError, 'cgProduct', 'table.values[1]');
        expectTypedError(() => cgProduct(x1, x2, table, { accumulate: tensor([1], [1, 1], { dtype }) }), ShapeError, 'cgProduct', 'options.accumulate');
        expectTypedError(() => cgProduct(x1, x2, table, null as unknown as object), DTypeError, 'cgProduct', 'options');
        expectTypedError(() => cgProductMulti(x1, x2, []), ShapeError, 'cgProductMulti', 'tables');
        expectTypedError(() => cgProductMulti(x1, x2, [table, randomTable(new Random(2), 3, 3, 1, 1)]), ShapeError, 'cgProductMulti', 'tables[1]');
        expectTypedError(() => concatCGTables([table, { ...table, d: -1 }]), ShapeError, 'concatCGTables', 'tables[1].d');
      });
    });
  });
}

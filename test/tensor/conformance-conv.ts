/**
 * Conformance of the 2-D convolutions (conv2d, conv2dTranspose): forward against direct loops over
 * every output and window position on drawn geometries, the adjoint identity, gradients against
 * finite differences, memory, and bad inputs.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  DTypeError,
  Random,
  ShapeError,
  complexTensor,
  conv2d,
  conv2dTranspose,
  grad,
  memory,
  mul,
  sum,
  tensor,
  tidy,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import type { ConformanceTolerances } from './conformance';
import { seedArb } from './conformance/arbitraries';
import { draw, expectClose, ravel, toTensor, type Host } from './conformance/reference';
import { describeOnBackend, expectTypedError, suiteContext } from './conformance-extra';

interface Geometry {
  n: number;
  c: number;
  o: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  oph: number;
  opw: number;
}

const small = (max: number, min = 1) => fc.integer({ min, max });

/** A valid conv2d geometry (padded input at least as large as the window). */
const convArb: fc.Arbitrary<Geometry> = fc
  .record({ n: small(2), c: small(3), o: small(3), h: small(6), w: small(6), kh: small(3), kw: small(3), sh: small(3), sw: small(3), ph: small(2, 0), pw: small(2, 0) })
  .map((g) => ({ ...g, h: Math.max(g.h, g.kh - 2 * g.ph), w: Math.max(g.w, g.kw - 2 * g.pw), oph: 0, opw: 0 }));

/** A valid conv2dTranspose geometry (output padding below the stride, non-empty output). */
const transposeArb: fc.Arbitrary<Geometry> = fc
  .record({ n: small(2), c: small(3), o: small(3), h: small(4), w: small(4), kh: small(3), kw: small(3), sh: small(3), sw: small(3), ph: small(2, 0), pw: small(2, 0), oph: small(2, 0), opw: small(2, 0) })
  .map((g) => {
    const oph = Math.min(g.oph, g.sh - 1);
    const opw = Math.min(g.opw, g.sw - 1);
    const ph = Math.min(g.ph, Math.floor(((g.h - 1) * g.sh + g.kh + oph - 1) / 2));
    const pw = Math.min(g.pw, Math.floor(((g.w - 1) * g.sw + g.kw + opw - 1) / 2));
    return { ...g, oph, opw, ph, pw };
  });

const get = (t: Host, idx: number[]): number => t.re[ravel(idx, t.shape)];

/** y[n,o,r,c] = b[o] + sum w[o,ch,a,b] x[n,ch,r sh - ph + a, c sw - pw + b], one output at a time. */
function convReference(x: Host, w: Host, bias: Host | null, g: Geometry): Host {
  const ho = Math.floor((g.h + 2 * g.ph - g.kh) / g.sh) + 1;
  const wo = Math.floor((g.w + 2 * g.pw - g.kw) / g.sw) + 1;
  const re: number[] = [];
  for (let n = 0; n < g.n; n++)
    for (let o = 0; o < g.o; o++)
      for (let r = 0; r < ho; r++)
        for (let c = 0; c < wo; c++) {
          let s = bias === null ? 0 : bias.re[o];
          for (let ch = 0; ch < g.c; ch++)
            for (let a = 0; a < g.kh; a++)
              for (let b = 0; b < g.kw; b++) {
                const i = r * g.sh - g.ph + a;
                const j = c * g.sw - g.pw + b;
                if (i >= 0 && i < g.h && j >= 0 && j < g.w) s += get(w, [o, ch, a, b]) * get(x, [n, ch, i, j]);
              }
          re.push(s);
        }
  return { shape: [g.n, g.o, ho, wo], re, im: null };
}

/** Scatters x[n,ch,r,c] w[ch,o,a,b] to y[n,o,r sh - ph + a, c sw - pw + b], then adds the bias. */
function transposeReference(x: Host, w: Host, bias: Host | null, g: Geometry): Host {
  const ho = (g.h - 1) * g.sh - 2 * g.ph + g.kh + g.oph;
  const wo = (g.w - 1) * g.sw - 2 * g.pw + g.kw + g.opw;
  const shape = [g.n, g.o, ho, wo];
  const re = new Array<number>(g.n * g.o * ho * wo).fill(0);
  for (let n = 0; n < g.n; n++)
    for (let ch = 0; ch < g.c; ch++)
      for (let r = 0; r < g.h; r++)
        for (let c = 0; c < g.w; c++)
          for (let o = 0; o < g.o; o++)
            for (let a = 0; a < g.kh; a++)
              for (let b = 0; b < g.kw; b++) {
                const i = r * g.sh - g.ph + a;
                const j = c * g.sw - g.pw + b;
                if (i >= 0 && i < ho && j >= 0 && j < wo) re[ravel([n, o, i, j], shape)] += get(x, [n, ch, r, c]) * get(w, [ch, o, a, b]);
              }
  if (bias !== null) for (let k = 0; k < re.length; k++) re[k] += bias.re[Math.floor(k / (ho * wo)) % g.o];
  return { shape, re, im: null };
}

const convOptions = (g: Geometry) => ({ stride: [g.sh, g.sw] as [number, number], padding: [g.ph, g.pw] as [number, number] });
const transposeOptions = (g: Geometry) => ({ ...convOptions(g), outputPadding: [g.oph, g.opw] as [number, number] });

/** Registers the 2-D convolution cases for `backendName`. */
export function convConformance(backendName: string, tolerances: ConformanceTolerances): void {
  const ctx = suiteContext(backendName, tolerances);
  const { dtype, tol, runs, gradRuns } = ctx;

  describeOnBackend('2-D convolutions', backendName, () => {
    it('conv2d with drawn stride, padding and bias matches the direct sum over windows', () => {
      fc.assert(
        fc.property(convArb, fc.boolean(), seedArb, (g, withBias, seed) => {
          const rng = new Random(seed);
          const x = draw(rng, [g.n, g.c, g.h, g.w], false);
          const w = draw(rng, [g.o, g.c, g.kh, g.kw], false);
          const b = withBias ? draw(rng, [g.o], false) : null;
          tidy(() => {
            const bias = b === null ? undefined : toTensor(b, dtype);
            expectClose(conv2d(toTensor(x, dtype), toTensor(w, dtype), { ...convOptions(g), bias }), convReference(x, w, b, g), tol, 'conv2d');
          });
        }),
        { numRuns: runs },
      );
    });

    it('conv2dTranspose with drawn stride, padding, output padding and bias matches the direct scatter', () => {
      fc.assert(
        fc.property(transposeArb, fc.boolean(), seedArb, (g, withBias, seed) => {
          const rng = new Random(seed);
          const x = draw(rng, [g.n, g.c, g.h, g.w], false);
          const w = draw(rng, [g.c, g.o, g.kh, g.kw], false);
          const b = withBias ? draw(rng, [g.o], false) : null;
          tidy(() => {
            const bias = b === null ? undefined : toTensor(b, dtype);
            const out = conv2dTranspose(toTensor(x, dtype), toTensor(w, dtype), { ...transposeOptions(g), bias });
            expectClose(out, transposeReference(x, w, b, g), tol, 'conv2dTranspose');
          });
        }),
        { numRuns: runs },
      );
    });

    it('conv2dTranspose is the adjoint of conv2d: <conv2d(x, w), v> = <x, conv2dTranspose(v, w)>', () => {
      fc.assert(
        fc.property(convArb, seedArb, (g, seed) => {
          const rng = new Random(seed);
          const ho = Math.floor((g.h + 2 * g.ph - g.kh) / g.sh) + 1;
          const wo = Math.floor((g.w + 2 * g.pw - g.kw) / g.sw) + 1;
          const outputPadding: [number, number] = [g.h + 2 * g.ph - g.kh - (ho - 1) * g.sh, g.w + 2 * g.pw - g.kw - (wo - 1) * g.sw];
          tidy(() => {
            const x = toTensor(draw(rng, [g.n, g.c, g.h, g.w], false), dtype);
            const w = toTensor(draw(rng, [g.o, g.c, g.kh, g.kw], false), dtype);
            const v = toTensor(draw(rng, [g.n, g.o, ho, wo], false), dtype);
            const lhs = sum(mul(conv2d(x, w, convOptions(g)), v)).dataSync()[0];
            const back = conv2dTranspose(v, w, { ...convOptions(g), outputPadding });
            expect(back.shape).toEqual(x.shape);
            const rhs = sum(mul(x, back)).dataSync()[0];
            expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(tol.atol * 100 + tol.rtol * 100 * Math.abs(lhs));
          });
        }),
        { numRuns: runs },
      );
    });

    it('the autoencoder geometry (3x3, stride 2, padding 1) halves 40x40 to 20x20 and the transpose with output padding 1 doubles it back', () => {
      const rng = new Random(40);
      const g: Geometry = { n: 1, c: 2, o: 3, h: 40, w: 40, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1 };
      const x = draw(rng, [1, 2, 40, 40], false);
      const w = draw(rng, [3, 2, 3, 3], false);
      const wt = draw(rng, [3, 2, 3, 3], false);
      tidy(() => {
        const y = conv2d(toTensor(x, dtype), toTensor(w, dtype), convOptions(g));
        expectClose(y, convReference(x, w, null, g), tol, 'conv2d 40x40');
        const { re } = y.reImSync();
        const yHost: Host = { shape: y.shape.slice(), re: Array.from(re), im: null };
        const z = conv2dTranspose(y, toTensor(wt, dtype), transposeOptions(g));
        expectClose(z, transposeReference(yHost, wt, null, { ...g, c: 3, o: 2, h: 20, w: 20 }), tol, 'conv2dTranspose 20x20');
      });
    });

    it('conv2d passes gradcheck in the input, the weights and the bias', () => {
      fc.assert(
        fc.property(convArb, seedArb, (g0, seed) => {
          const g = { ...g0, h: Math.min(g0.h, 4), w: Math.min(g0.w, 4) };
          const rng = new Random(seed);
          const hosts = [draw(rng, [1, g.c, Math.max(g.h, g.kh - 2 * g.ph), Math.max(g.w, g.kw - 2 * g.pw)], false), draw(rng, [g.o, g.c, g.kh, g.kw], false), draw(rng, [g.o], false)];
          tidy(() => {
            gradcheck((x, w, b) => conv2d(x, w, { ...convOptions(g), bias: b }), hosts.map((h) => toTensor(h, dtype)), { ...ctx.grad, seed: 1 });
          });
        }),
        { numRuns: gradRuns },
      );
    });

    it('conv2dTranspose passes gradcheck in the input, the weights and the bias', () => {
      fc.assert(
        fc.property(transposeArb, seedArb, (g0, seed) => {
          const g = { ...g0, n: 1, h: Math.min(g0.h, 3), w: Math.min(g0.w, 3) };
          const rng = new Random(seed);
          const ph = Math.min(g.ph, Math.floor(((g.h - 1) * g.sh + g.kh + g.oph - 1) / 2));
          const pw = Math.min(g.pw, Math.floor(((g.w - 1) * g.sw + g.kw + g.opw - 1) / 2));
          const geo = { ...g, ph, pw };
          const hosts = [draw(rng, [1, g.c, g.h, g.w], false), draw(rng, [g.c, g.o, g.kh, g.kw], false), draw(rng, [g.o], false)];
          tidy(() => {
            gradcheck((x, w, b) => conv2dTranspose(x, w, { ...transposeOptions(geo), bias: b }), hosts.map((h) => toTensor(h, dtype)), { ...ctx.grad, seed: 1 });
          });
        }),
        { numRuns: gradRuns },
      );
    });

    it('convolutions inside tidy leave the tensor and byte counts unchanged, and grad leaves only the gradients', () => {
      const rng = new Random(6);
      const x = toTensor(draw(rng, [2, 2, 5, 5], false), dtype);
      const w = toTensor(draw(rng, [3, 2, 3, 3], false), dtype);
      const b = toTensor(draw(rng, [3], false), dtype);
      const before = memory();
      tidy(() => {
        const y = conv2d(x, w, { stride: 2, padding: 1, bias: b });
        conv2dTranspose(y, w, { stride: 2, padding: 1 });
      });
      expect(memory()).toEqual(before);
      const grads = grad((a, k, c) => sum(conv2dTranspose(conv2d(a, k, { stride: 2, bias: c }), k, { stride: 2 })))(x, w, b);
      expect(memory().numTensors).toBe(before.numTensors + 3);
      [...grads, x, w, b].forEach((t) => t.dispose());
    });

    it('convolutions reject bad inputs and options with typed errors naming the op and argument', () => {
      tidy(() => {
        const x = tensor(new Array(2 * 4 * 4).fill(1), [1, 2, 4, 4], { dtype });
        const w = tensor(new Array(3 * 2 * 9).fill(1), [3, 2, 3, 3], { dtype });
        const wt = tensor(new Array(2 * 3 * 9).fill(1), [2, 3, 3, 3], { dtype });
        expectTypedError(() => conv2d(tensor([1, 2, 3], [1, 3], { dtype }), w), ShapeError, 'conv2d', 'x');
        expectTypedError(() => conv2d(x, tensor(new Array(9).fill(1), [1, 1, 3, 3], { dtype })), ShapeError, 'conv2d', 'w');
        expectTypedError(() => conv2d(x, tensor(new Array(2 * 25).fill(1), [1, 2, 5, 5], { dtype })), ShapeError, 'conv2d', 'w');
        expectTypedError(() => conv2d(complexTensor(new Array(32).fill(1), new Array(32).fill(0), [1, 2, 4, 4], { dtype }), w), DTypeError, 'conv2d', 'x');
        expectTypedError(() => conv2d(x, w, { stride: 0 }), ShapeError, 'conv2d', 'options.stride');
        expectTypedError(() => conv2d(x, w, { padding: [1, -1] }), ShapeError, 'conv2d', 'options.padding');
        expectTypedError(() => conv2d(x, w, { stride: 1.5 }), ShapeError, 'conv2d', 'options.stride');
        expectTypedError(() => conv2d(x, w, { bias: tensor([1, 2], [2], { dtype }) }), ShapeError, 'conv2d', 'options.bias');
        expectTypedError(() => conv2d(x, w, null as unknown as object), DTypeError, 'conv2d', 'options');
        expectTypedError(() => conv2dTranspose(x, w), ShapeError, 'conv2dTranspose', 'w');
        expectTypedError(() => conv2dTranspose(x, wt, { stride: 2, outputPadding: 2 }), ShapeError, 'conv2dTranspose', 'options.outputPadding');
        expectTypedError(() => conv2dTranspose(tensor([1, 1], [1, 2, 1, 1], { dtype }), tensor(new Array(6).fill(1), [2, 3, 1, 1], { dtype }), { padding: 1 }), ShapeError, 'conv2dTranspose', 'options.padding');
        expectTypedError(() => conv2dTranspose(x, wt, { bias: tensor([1, 2], [2], { dtype }) }), ShapeError, 'conv2dTranspose', 'options.bias');
        expectTypedError(() => conv2dTranspose(x, 'w' as unknown as Tensor), DTypeError, 'conv2dTranspose', 'w');
      });
    });
  });
}

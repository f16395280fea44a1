import { afterAll, describe, expect, it } from 'vitest';
import { GNNAE, MessagePassing, Random, isTestMode, memory, mul, setTestMode, sum, tensor, tidy, variableGrads, type Tensor } from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import { edgeMessages } from '../../src/models/gnnae/edge-messages';
import { forceHotKernels } from '../../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels } from '../../src/tensor/cpu/wasm/index';
import { grad } from '../../src/tensor/autodiff';

const ATTRS = { slope: 0.2, softening: 1e-12 };

function normal(rng: Random, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * rng.normal());
}

/** A 0/1 mask [B, N] with the first counts[b] slots real, then shuffled. */
function maskOf(rng: Random, B: number, N: number, counts: number[]): Tensor {
  const m: number[] = [];
  for (let b = 0; b < B; b++) {
    const row: number[] = Array.from({ length: N }, (_, i) => (i < counts[b] ? 1 : 0));
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [row[i], row[j]] = [row[j], row[i]];
    }
    m.push(...row);
  }
  return tensor(m, [B, N]);
}

/** The largest |a - b| / (|b| + floor) over the elements. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  expect(a.length).toBe(b.length);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / (Math.abs(b[i]) + floor));
  return e;
}

/** Slow reference of the kernel: plain loops over every edge (mask product included). */
function reference(h: Tensor, p: Tensor, q: Tensor, wd: Tensor, w1: Tensor, b1: Tensor, mask: Tensor): Float64Array {
  const [B, N, F] = h.shape;
  const [H, M] = w1.shape;
  const [hs, ps, qs, wds, w1s, b1s, ms] = [h, p, q, wd, w1, b1, mask].map((t) => t.dataSync());
  const lr = (v: number) => (v > 0 ? v : 0.2 * v);
  const out = new Float64Array(B * N * M);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const I = b * N + i;
        const J = b * N + j;
        let s2 = 0;
        for (let f = 0; f < F; f++) s2 += (hs[I * F + f] - hs[J * F + f]) ** 2;
        const d = Math.sqrt(s2 + 1e-12);
        const z = Array.from({ length: H }, (_, k) => lr(ps[I * H + k] + qs[J * H + k] + d * wds[k]));
        for (let m = 0; m < M; m++) {
          let v = b1s[m];
          for (let k = 0; k < H; k++) v += z[k] * w1s[k * M + m];
          out[I * M + m] += ms[I] * ms[J] * lr(v);
        }
      }
    }
  }
  return out;
}

function problem(seed: number, B: number, N: number, F: number, H: number, M: number, counts: number[]) {
  const rng = new Random(seed);
  return {
    h: tensor(normal(rng, B * N * F, 0.5), [B, N, F]),
    p: tensor(normal(rng, B * N * H), [B, N, H]),
    q: tensor(normal(rng, B * N * H), [B, N, H]),
    wd: tensor(normal(rng, H), [H]),
    w1: tensor(normal(rng, H * M, 0.4), [H, M]),
    b1: tensor(normal(rng, M, 0.3), [M]),
    mask: maskOf(rng, B, N, counts),
  };
}

for (const impl of ['WebAssembly', 'TypeScript'] as const) {
  describe(`GNNEdgeMessages (${impl})`, () => {
    const use = () => forceHotKernels(impl === 'TypeScript' ? tsKernels : null);
    afterAll(() => forceHotKernels(null));

    it('matches the edge-by-edge reference, with odd widths and masks with holes', () => {
      use();
      const s = problem(1, 3, 7, 4, 5, 3, [5, 7, 2]);
      const out = edgeMessages(s, ATTRS);
      expect(out.shape).toEqual([3, 7, 3]);
      expect(relErr(out.dataSync(), reference(s.h, s.p, s.q, s.wd, s.w1, s.b1, s.mask), 1e-9)).toBeLessThan(1e-12);
    });

    it('gives the same values and gradients over several chunks (more than 4096 edges) as over one jet at a time', () => {
      use();
      const B = 8; // 5415 edges: two chunks
      const s = problem(2, B, 30, 3, 4, 6, [30, 17, 30, 1, 25, 30, 30, 30]);
      const dy = tensor(normal(new Random(9), B * 30 * 6), [B, 30, 6]);
      const keys = ['h', 'p', 'q', 'wd', 'w1', 'b1'] as const;
      const all = grad((h, p, q, wd, w1, b1) => sum(mul(edgeMessages({ h, p, q, wd, w1, b1, mask: s.mask }, ATTRS), dy)))(...keys.map((k) => s[k]));
      const whole = edgeMessages(s, ATTRS).dataSync();
      expect(relErr(whole, reference(s.h, s.p, s.q, s.wd, s.w1, s.b1, s.mask), 1e-9)).toBeLessThan(1e-12);
      // Jet by jet: per-jet gradients of h, p, q; the weight gradients are sums over jets.
      const sums = [new Float64Array(4), new Float64Array(24), new Float64Array(6)];
      for (let b = 0; b < B; b++) {
        const part = (t: Tensor) => tensor(t.dataSync().slice((b * t.size) / B, ((b + 1) * t.size) / B), [1, ...t.shape.slice(1)]);
        const [h, p, q, m, g] = [s.h, s.p, s.q, s.mask, dy].map(part);
        const one = grad((h2, p2, q2, wd, w1, b1) => sum(mul(edgeMessages({ h: h2, p: p2, q: q2, wd, w1, b1, mask: m }, ATTRS), g)))(h, p, q, s.wd, s.w1, s.b1);
        one.slice(0, 3).forEach((t, k) => expect(relErr(t.dataSync(), all[k].dataSync().slice((b * t.size), (b + 1) * t.size), 1e-9)).toBeLessThan(1e-11));
        one.slice(3).forEach((t, k) => t.dataSync().forEach((v, i) => (sums[k][i] += v)));
      }
      sums.forEach((a, k) => expect(relErr(all[3 + k].dataSync(), a, 1e-9)).toBeLessThan(1e-11));
    });

    it('passes gradcheck in every differentiable input', () => {
      use();
      const s = problem(3, 2, 5, 3, 3, 2, [4, 5]);
      const report = gradcheck((h, p, q, wd, w1, b1) => edgeMessages({ h, p, q, wd, w1, b1, mask: s.mask }, ATTRS), [s.h, s.p, s.q, s.wd, s.w1, s.b1]);
      expect(report.passed).toBe(true);
    });

    it('leaves no tensor or buffer behind in test mode', () => {
      use();
      const was = isTestMode();
      setTestMode(true);
      try {
        const s = problem(4, 2, 4, 2, 3, 2, [3, 4]);
        const before = memory().numTensors;
        tidy(() => {
          edgeMessages(s, ATTRS);
          grad((h, w1) => sum(edgeMessages({ ...s, h, w1 }, ATTRS)))(s.h, s.w1);
        });
        expect(memory().numTensors).toBe(before);
      } finally {
        setTestMode(was);
      }
    });
  });
}

describe('GNNEdgeMessages on float32', () => {
  it('agrees with float64 to float32 precision', () => {
    const s = problem(5, 2, 6, 3, 4, 3, [6, 4]);
    const f32 = Object.fromEntries(Object.entries(s).map(([k, t]) => [k, tensor(t.dataSync(), t.shape, { dtype: 'float32' })])) as typeof s;
    const a = edgeMessages(f32, ATTRS);
    expect(a.dtype).toBe('float32');
    expect(relErr(a.dataSync(), edgeMessages(s, ATTRS).dataSync(), 1e-3)).toBeLessThan(1e-4);
  });
});

describe('MessagePassing on the fused path', () => {
  for (const aggregation of ['mean', 'sum'] as const) {
    it(`matches the composed layer in value and gradient (${aggregation})`, () => {
      const rng = new Random(6);
      const B = 3;
      const N = 8;
      const mp = new MessagePassing(4, 5, { seed: 2, messageSize: 6, hiddenSize: 7, aggregation });
      const h = tensor(normal(rng, B * N * 4, 0.5), [B, N, 4]);
      const mask = maskOf(rng, B, N, [8, 3, 6]);
      const w = tensor(normal(rng, B * N * 5), [B, N, 5]);
      expect(relErr(mp.apply(h, mask).dataSync(), mp.applyComposed(h, mask).dataSync(), 1e-9)).toBeLessThan(1e-12);
      const vars = mp.parameters();
      const fused = variableGrads(() => sum(mul(mp.apply(h, mask), w)), vars);
      const composed = variableGrads(() => sum(mul(mp.applyComposed(h, mask), w)), vars);
      expect(fused.grads.length).toBe(8);
      fused.grads.forEach((g, k) => expect(relErr(g.dataSync(), composed.grads[k].dataSync(), 1e-9), vars[k].name).toBeLessThan(1e-11));
      const [gh] = grad((x) => sum(mul(mp.apply(x, mask), w)))(h);
      const [gh0] = grad((x) => sum(mul(mp.applyComposed(x, mask), w)))(h);
      expect(relErr(gh.dataSync(), gh0.dataSync(), 1e-9)).toBeLessThan(1e-11);
      mp.dispose();
    });
  }

  it('gives a GNNAE the outputs of the composed layers', () => {
    const rng = new Random(7);
    const ae = new GNNAE({ level: 'jet', numParticles: 6, latentSize: 4, nodeSize: 5, messageSize: 5, hiddenSize: 6, seed: 0 });
    const x = tensor(normal(rng, 2 * 6 * 3, 0.3), [2, 6, 3]);
    const mask = maskOf(rng, 2, 6, [6, 4]);
    const fused = ae.apply(x, mask).dataSync();
    // The composed path of every layer, by swapping apply for applyComposed on the instances.
    const inner = ae as unknown as { encoder: MessagePassing[]; decoder: MessagePassing[] };
    const layers = [...inner.encoder, ...inner.decoder];
    expect(layers.length).toBe(6);
    for (const l of layers) l.apply = l.applyComposed;
    expect(relErr(fused, ae.apply(x, mask).dataSync(), 1e-9)).toBeLessThan(1e-12);
    ae.dispose();
  });
});

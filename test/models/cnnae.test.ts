import { describe, expect, it } from 'vitest';
import { Adam, CNNAE, ConfigError, Random, ShapeError, jetImageTensor, jetImages, loadJetNetSample, memory, tensor, tidy, type ModuleState, type Tensor } from 'lorentz-irreps';
import { assertPermutationInvariant, gradcheck } from 'lorentz-irreps/testing';

type Image = number[][][]; // [C, H, W]

/** Plain cross-correlation, weights [O, C, 3, 3], stride 2, padding 1. */
function convRef(x: Image, w: ParamView, b: number[]): Image {
  const [O, C] = w.shape;
  const H = x[0].length;
  const Ho = Math.floor((H + 2 - 3) / 2) + 1;
  const out: Image = [];
  for (let o = 0; o < O; o++) {
    const plane: number[][] = [];
    for (let i = 0; i < Ho; i++) {
      const row: number[] = [];
      for (let j = 0; j < Ho; j++) {
        let s = b[o];
        for (let c = 0; c < C; c++) {
          for (let ki = 0; ki < 3; ki++) {
            for (let kj = 0; kj < 3; kj++) {
              const y = 2 * i - 1 + ki;
              const z = 2 * j - 1 + kj;
              if (y >= 0 && y < H && z >= 0 && z < H) s += x[c][y][z] * w.at(o, c, ki, kj);
            }
          }
        }
        row.push(s);
      }
      plane.push(row);
    }
    out.push(plane);
  }
  return out;
}

/** Plain transposed convolution, weights [C, O, 3, 3], stride 2, padding 1, output padding 1 (size doubles). */
function deconvRef(x: Image, w: ParamView, b: number[]): Image {
  const [C, O] = w.shape;
  const H = x[0].length;
  const Ho = 2 * H;
  const out: Image = Array.from({ length: O }, (_, o) => Array.from({ length: Ho }, () => new Array<number>(Ho).fill(b[o])));
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < H; j++) {
        for (let o = 0; o < O; o++) {
          for (let ki = 0; ki < 3; ki++) {
            for (let kj = 0; kj < 3; kj++) {
              const y = 2 * i - 1 + ki;
              const z = 2 * j - 1 + kj;
              if (y >= 0 && y < Ho && z >= 0 && z < Ho) out[o][y][z] += x[c][i][j] * w.at(c, o, ki, kj);
            }
          }
        }
      }
    }
  }
  return out;
}

interface ParamView {
  readonly shape: readonly number[];
  at(...idx: number[]): number;
}

function view(state: ModuleState, name: string): ParamView {
  const p = state[name];
  return {
    shape: p.shape,
    at: (...idx: number[]) => p.re[idx.reduce((flat, k, a) => flat * p.shape[a] + k, 0)],
  };
}

function affineRef(x: number[], w: ParamView, b: number[]): number[] {
  return b.map((bo, o) => x.reduce((s, v, i) => s + v * w.at(i, o), bo));
}

const relu = (v: number) => Math.max(v, 0);
const mapImage = (x: Image, f: (v: number) => number): Image => x.map((p) => p.map((r) => r.map(f)));

/** The whole CNNAE on one image [S, S], with plain loops. */
function referenceCNNAE(state: ModuleState, img: number[][], C: number): { z: number[]; y: number[][] } {
  const S = img.length;
  let h = mapImage(convRef([img], view(state, 'conv0.w'), state['conv0.b'].re as number[]), relu);
  h = mapImage(convRef(h, view(state, 'conv1.w'), state['conv1.b'].re as number[]), relu);
  const z = affineRef(h.flat(2), view(state, 'encode.w'), state['encode.b'].re as number[]);
  const flat = affineRef(z, view(state, 'decode.w'), state['decode.b'].re as number[]).map(relu);
  const q = S / 4;
  let g: Image = Array.from({ length: C }, (_, c) => Array.from({ length: q }, (_, i) => flat.slice((c * q + i) * q, (c * q + i + 1) * q)));
  g = mapImage(deconvRef(g, view(state, 'deconv0.w'), state['deconv0.b'].re as number[]), relu);
  const logits = deconvRef(g, view(state, 'deconv1.w'), state['deconv1.b'].re as number[])[0];
  const m = Math.max(...logits.flat());
  const e = logits.map((r) => r.map((v) => Math.exp(v - m)));
  const total = e.flat().reduce((a, b) => a + b, 0);
  return { z, y: e.map((r) => r.map((v) => v / total)) };
}

function randomImages(seed: number, B: number, S: number): { values: number[][][]; x: Tensor } {
  const rng = new Random(seed);
  const values = Array.from({ length: B }, () => Array.from({ length: S }, () => Array.from({ length: S }, () => (rng.uniform() < 0.3 ? rng.uniform() : 0))));
  return { values, x: tensor(values) };
}

describe('CNNAE', () => {
  it('equals a plain-loop reference of its convolutions, dense layers and pixel softmax', () => {
    const ae = new CNNAE({ imageSize: 8, channels: 3, latentSize: 4, seed: 5 });
    const { values, x } = randomImages(1, 2, 8);
    const z = ae.encode(x).array() as number[][];
    const y = ae.apply(x).array() as number[][][];
    const state = ae.state();
    values.forEach((img, b) => {
      const ref = referenceCNNAE(state, img, 3);
      ref.z.forEach((v, k) => expect(z[b][k]).toBeCloseTo(v, 12));
      ref.y.forEach((row, i) => row.forEach((v, j) => expect(y[b][i][j]).toBeCloseTo(v, 14)));
    });
    ae.dispose();
  });

  it('uses the paper sizes by default: 40x40 images, 128 channels, latent 55', () => {
    const ae = new CNNAE({ seed: 0 });
    expect(ae.config()).toEqual({ imageSize: 40, channels: 128, latentSize: 55 });
    const shapes = Object.fromEntries(ae.namedParameters().map((p) => [p.name, p.variable.shape.join('x')]));
    expect(shapes).toEqual({
      'conv0.w': '128x1x3x3',
      'conv0.b': '128',
      'conv1.w': '128x128x3x3',
      'conv1.b': '128',
      'encode.w': '12800x55',
      'encode.b': '55',
      'decode.w': '55x12800',
      'decode.b': '12800',
      'deconv0.w': '128x128x3x3',
      'deconv0.b': '128',
      'deconv1.w': '128x1x3x3',
      'deconv1.b': '1',
    });
    expect(ae.summary()).toBe('CNNAE(40x40 images, 128 channels, latent 55, 1718456 parameters)');
    ae.dispose();
  });

  it('gives images that sum to one, per-image MSE scores, and a loss of S^2 times their mean', () => {
    const ae = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 2 });
    const { values, x } = randomImages(3, 3, 8);
    const y = ae.apply(x).array() as number[][][];
    y.forEach((img) => expect(img.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14));
    const scores = ae.scores(x);
    expect(scores.length).toBe(3);
    values.forEach((img, b) => {
      const mse = img.flat().reduce((s, v, k) => s + (v - y[b].flat()[k]) ** 2, 0) / 64;
      expect(scores[b]).toBeCloseTo(mse, 14);
    });
    expect(ae.loss(x).dataSync()[0]).toBeCloseTo((64 * (scores[0] + scores[1] + scores[2])) / 3, 13);
    ae.dispose();
  });

  it('is permutation invariant: particles enter only through their image', () => {
    const ae = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 4 });
    const rng = new Random(7);
    const B = 2;
    const P = 6;
    const feats = Array.from({ length: B }, () => Array.from({ length: P }, (_, i) => (i < 5 ? [rng.uniformIn(-0.7, 0.7), rng.uniformIn(-0.7, 0.7), rng.uniformIn(0, 0.3), 1] : [0, 0, 0, 0])));
    const latent = (f: Tensor): Tensor => ae.encode(jetImageTensor(jetImages({ numJets: B, numParticles: P, particleFeatures: f.dataSync() }, { size: 8 })));
    const mask = tensor(feats.map((j) => j.map((p) => p[3])));
    const report = assertPermutationInvariant((f: Tensor) => latent(f), [{ value: tensor(feats) }, { value: mask }], { mask: 1, tolerance: 1e-12 });
    expect(report.passed).toBe(true);
    expect(CNNAE.symmetries.permutation.respected).toBe(true);
    ae.dispose();
  });

  it('is translation equivariant in its first layer only for shifts by the stride, and its latent is not translation invariant', () => {
    const ae = new CNNAE({ imageSize: 16, channels: 2, latentSize: 3, seed: 8 });
    // an image with support away from the borders, shifted down by s rows
    const rng = new Random(9);
    const base = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => (i >= 4 && i < 10 && j >= 4 && j < 12 ? rng.uniform() : 0)));
    const shift = (s: number) => base.map((_, i) => (i - s >= 0 ? base[i - s] : new Array<number>(16).fill(0)));
    const f0 = ae.firstConvolution(tensor([base])).array() as number[][][][];
    const f2 = ae.firstConvolution(tensor([shift(2)])).array() as number[][][][];
    const f1 = ae.firstConvolution(tensor([shift(1)])).array() as number[][][][];
    // 2-pixel shift of the input = 1-pixel shift of the stride-2 feature map, exactly
    for (let c = 0; c < 2; c++) for (let i = 1; i < 8; i++) for (let j = 0; j < 8; j++) expect(f2[0][c][i][j]).toBeCloseTo(f0[0][c][i - 1][j], 14);
    // a 1-pixel shift is not a shift of the feature map by any whole number of pixels
    const scale = Math.max(...f0.flat(3).map(Math.abs));
    for (const t of [0, 1]) {
      let worst = 0;
      for (let c = 0; c < 2; c++) for (let i = 1; i < 8; i++) for (let j = 0; j < 8; j++) worst = Math.max(worst, Math.abs(f1[0][c][i][j] - f0[0][c][i - t][j]));
      expect(worst / scale).toBeGreaterThan(1e-2);
    }
    // the dense layer mixes positions: the latent moves under a 1-pixel and a 2-pixel shift
    const z0 = ae.encode(tensor([base])).dataSync();
    for (const s of [1, 2]) {
      const z = ae.encode(tensor([shift(s)])).dataSync();
      const change = Math.max(...Array.from(z0, (v, k) => Math.abs(v - z[k])));
      expect(change / Math.max(...Array.from(z0, Math.abs))).toBeGreaterThan(1e-3);
    }
    expect(CNNAE.symmetries.translation.respected).toBe(false);
    expect([CNNAE.symmetries.rotation.respected, CNNAE.symmetries.lorentz.respected]).toEqual([false, false]);
    ae.dispose();
  });

  it('passes a finite-difference check of the loss gradient with respect to parameters of every stage', () => {
    const ae = new CNNAE({ imageSize: 4, channels: 1, latentSize: 2, seed: 6 });
    const { x } = randomImages(2, 2, 4);
    const names = ['conv0.w', 'encode.w', 'decode.b', 'deconv1.w'];
    const byName = new Map(ae.namedParameters().map((p) => [p.name, p.variable]));
    const values = names.map((n) => tensor(byName.get(n)!.dataSync(), byName.get(n)!.shape));
    const report = gradcheck((...ws) => ae.withParameters(Object.fromEntries(names.map((n, k) => [n, ws[k]])), () => ae.loss(x)), values);
    expect(report.passed).toBe(true);
    expect(report.checked).toBe(9 + 2 + 1 + 9);
    ae.dispose();
  });

  it('is reproducible from its seed and round-trips its state through JSON', () => {
    const a = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 10 });
    const b = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 10 });
    const c = new CNNAE({ ...a.config(), seed: 11 });
    expect(JSON.stringify(b.state())).toBe(JSON.stringify(a.state()));
    expect(JSON.stringify(c.state())).not.toBe(JSON.stringify(a.state()));
    c.loadState(JSON.parse(JSON.stringify(a.state())));
    const { x } = randomImages(4, 1, 8);
    expect(Array.from(c.apply(x).dataSync())).toEqual(Array.from(a.apply(x).dataSync()));
    for (const m of [a, b, c]) m.dispose();
  });

  it('leaks no tensors in a forward pass', () => {
    const ae = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 0 });
    const { x } = randomImages(0, 1, 8);
    const before = memory().numTensors;
    tidy(() => {
      ae.loss(x);
    });
    expect(memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('rejects bad options and inputs with typed errors naming the argument', () => {
    expect(() => new CNNAE({ imageSize: 10, seed: 0 })).toThrow(/CNNAE.*options\.imageSize.*multiple of 4/);
    expect(() => new CNNAE({ channels: 0, seed: 0 })).toThrow(ConfigError);
    expect(() => new CNNAE({ latentSize: 2.5, seed: 0 })).toThrow(/options\.latentSize/);
    expect(() => new CNNAE({})).toThrow(ConfigError);
    const ae = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 0 });
    expect(() => ae.encode(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => ae.apply(randomImages(0, 1, 4).x)).toThrow(/CNNAE\.encode.*\[B, 8, 8\]/);
    expect(() => ae.decode(tensor([[1, 2]]))).toThrow(/CNNAE\.decode.*z/);
    expect(() => ae.scores(tensor([1]))).toThrow(/CNNAE\.scores/);
    ae.dispose();
  });
});

describe('CNNAE training', () => {
  it('lowers the image MSE of sample jets over a few Adam steps', async () => {
    const { q } = await loadJetNetSample(['q']);
    const B = 8;
    const sub = { numJets: B, numParticles: q.numParticles, particleFeatures: q.particleFeatures.subarray(0, B * q.numParticles * 4) };
    const x = jetImageTensor(jetImages(sub));
    const ae = new CNNAE({ channels: 4, latentSize: 8, seed: 0 });
    const adam = new Adam({ lr: 5e-3 });
    const losses: number[] = [];
    for (let step = 0; step < 25; step++) losses.push(adam.minimize(() => ae.loss(x), ae.parameters()));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1], losses.join(', ')).toBeLessThan(0.9 * losses[0]);
    ae.dispose();
  });
});

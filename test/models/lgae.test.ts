import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  LGAEDecoder,
  LGAEEncoder,
  Random,
  featuresFromTensor,
  featuresToTensor,
  tensor,
  type Tensor,
} from 'lorentz-irreps';
import { PermutationError, assertEquivariant, assertPermutationEquivariant, assertPermutationInvariant } from 'lorentz-irreps/testing';
import { sampleJetSlots } from './sample-jets';

const N = 12;
const B = 3;

/** B real jets from the shipped sample, their first N slots, in TeV, with their masks. */
async function sampleJets(): Promise<{ p: Tensor; mask: Tensor }> {
  const { p, mask } = await sampleJetSlots('q', B, N, 3);
  // Pad the last jet's final slots to exercise masking.
  for (let k = N - 4; k < N; k++) {
    mask[(B - 1) * N + k] = 0;
    p.fill(0, ((B - 1) * N + k) * 4, ((B - 1) * N + k + 1) * 4);
  }
  return { p: tensor(p, [B, N, 4]), mask: tensor(mask, [B, N]) };
}

describe('LGAEEncoder and LGAEDecoder', () => {
  it('have the paper architecture by default and declare their irreps', () => {
    const encoder = new LGAEEncoder({ scale: 1e-3, particles: 30, seed: 1 });
    const decoder = new LGAEDecoder({ seed: 2 });
    expect(encoder.layers.map((l) => l.channels)).toEqual([3, 3, 4, 4]);
    expect(decoder.layers.map((l) => l.channels)).toEqual([4, 4, 3, 3]);
    expect(encoder.irrepsOut.toString()).toBe('1x(0,0)+2x(1/2,1/2)');
    expect(decoder.irrepsIn.equals(encoder.irrepsOut)).toBe(true);
    expect(decoder.particles).toBe(30);
    expect(encoder.summary()).toMatch(/^LGAEEncoder\(N x 1x\(1\/2,1\/2\) -> LMP 3,3,4,4 -> mix -> 1x\(0,0\)\+2x\(1\/2,1\/2\), \d+ parameters\)$/);
    expect(Object.keys(encoder.state())).toContain('lmp0.bells.u');
    expect(encoder.state()['input.scale']).toEqual({ shape: [], re: [1e-3] });
    encoder.dispose();
    decoder.dispose();
  });

  it('are Lorentz-equivariant in float64 for rotations and boosts up to rapidity 10, alone and composed', async () => {
    const { p, mask } = await sampleJets();
    for (const aggregation of ['mix', 'minmax'] as const) {
      const encoder = new LGAEEncoder({ scale: 1, particles: N, seed: 3, aggregation });
      const decoder = new LGAEDecoder({ particles: N, seed: 4 });
      const encode = (x: Tensor, m: Tensor) => featuresToTensor(encoder.apply(x, { mask: m }));
      const args = [
        { value: p, rep: 'fourVector' as const },
        { value: mask, rep: 'invariant' as const },
      ];
      expect(assertEquivariant(encode, args, { outputs: [encoder.irrepsOut], count: 4 }).passed).toBe(true);
      const both = (x: Tensor, m: Tensor) => decoder.apply(encoder.apply(x, { mask: m }));
      const report = assertEquivariant(both, args, { outputs: ['fourVector'], count: 4 });
      // The conventions-page measure, for the record: far below the paper's goals.
      for (const t of report.trials) expect(t.outputs[0].meanDeviation).toBeLessThan(1e-7);
      const latent = encode(p, mask);
      const decode = (z: Tensor) => decoder.apply(featuresFromTensor(decoder.irrepsIn, z));
      expect(assertEquivariant(decode, [{ value: latent, rep: decoder.irrepsIn }], { outputs: ['fourVector'], count: 4 }).passed).toBe(true);
      latent.dispose();
      encoder.dispose();
      decoder.dispose();
    }
    p.dispose();
    mask.dispose();
  });

  it('ignore padded particles: the latent does not change when their momenta do', async () => {
    const { p, mask } = await sampleJets();
    const encoder = new LGAEEncoder({ scale: 1, particles: N, seed: 5, aggregation: 'minmax' });
    const values = p.dataSync();
    const m = mask.dataSync();
    const moved = tensor(values.map((v, k) => (m[Math.floor(k / 4)] ? v : 0.3 + (k % 4) * 0.1)), [B, N, 4]);
    const a = featuresToTensor(encoder.apply(p, { mask })).reImSync();
    const b = featuresToTensor(encoder.apply(moved, { mask })).reImSync();
    expect(Array.from(b.re)).toEqual(Array.from(a.re));
    expect(Array.from(b.im)).toEqual(Array.from(a.im));
    for (const t of [p, mask, moved]) t.dispose();
    encoder.dispose();
  });

  it('encode permutation-invariantly with minmax; mix depends on the slot order by design', async () => {
    const { p, mask } = await sampleJets();
    const minmax = new LGAEEncoder({ scale: 1, particles: N, seed: 6, aggregation: 'minmax' });
    const mix = new LGAEEncoder({ scale: 1, particles: N, seed: 6, aggregation: 'mix' });
    const args = [{ value: p }, { value: mask }];
    const encode = (e: LGAEEncoder) => (x: Tensor, m: Tensor) => featuresToTensor(e.apply(x, { mask: m }));
    expect(assertPermutationInvariant(encode(minmax), args, { mask: 1, count: 3 }).passed).toBe(true);
    expect(() => assertPermutationInvariant(encode(mix), args, { mask: 1, count: 3 })).toThrow(PermutationError);
    // The decoder's slots are fixed by its N linear maps; its layers commute with permutations.
    const layer = minmax.layers[1];
    expect(layer.channelsIn).toBe(3);
    expect(assertPermutationEquivariant((x: Tensor, m: Tensor) => minmax.input.apply(x, { mask: m }).positions, args, { mask: 1 }).passed).toBe(true);
    for (const t of [p, mask]) t.dispose();
    minmax.dispose();
    mix.dispose();
  });

  it('train: gradients reach every parameter of the composed model', async () => {
    const { variableGrads, mean, square, sub } = await import('lorentz-irreps');
    const { p, mask } = await sampleJets();
    const encoder = new LGAEEncoder({ scale: 1, particles: N, seed: 7, channels: [2, 2], layer: { numBasis: 3 } });
    const decoder = new LGAEDecoder({ particles: N, seed: 8, channels: [2, 2] });
    const params = [...encoder.parameters(), ...decoder.parameters()];
    const { value, grads } = variableGrads(() => mean(square(sub(decoder.apply(encoder.apply(p, { mask })), p))), params);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    grads.forEach((g, k) => {
      const { re, im } = g.reImSync();
      const norm = re.reduce((s, v) => s + v * v, 0) + im.reduce((s, v) => s + v * v, 0);
      expect(Number.isFinite(norm), params[k].name).toBe(true);
      expect(norm, params[k].name).toBeGreaterThan(0);
    });
    for (const t of [p, mask, value, ...grads]) t.dispose();
    encoder.dispose();
    decoder.dispose();
  });

  it('reject bad configurations', () => {
    expect(() => new LGAEEncoder({ particles: 30, seed: 1 } as never)).toThrow(/options\.scale/);
    expect(() => new LGAEEncoder({ scale: 1, seed: 1 })).toThrow(/options\.particles/);
    expect(() => new LGAEEncoder({ scale: 1, particles: 3, seed: 1, aggregation: 'sum' as never })).toThrow(ConfigError);
    expect(() => new LGAEEncoder({ scale: 1, particles: 3, seed: 1, channels: [] })).toThrow(/options\.channels/);
    expect(() => new LGAEDecoder({ seed: 1, particles: 0 })).toThrow(/options\.particles/);
    expect(() => new LGAEDecoder({ seed: 1, latentVectors: 0 })).toThrow(/latentVectors/);
    expect(() => new LGAEDecoder()).toThrow(/seed/);
    void Random;
  });
});

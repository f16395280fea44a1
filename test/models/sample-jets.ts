import { jetNetToFourMomenta, loadJetNetSample, type JetNetClass } from 'lorentz-irreps';

/**
 * The first `slots` particle slots of the first `count` jets of class `cls` in the shipped sample,
 * as four-momenta in TeV (jet azimuths drawn with `seed`) and their masks, row-major
 * ([count, slots, 4] and [count, slots]).
 */
export async function sampleJetSlots(cls: JetNetClass, count: number, slots: number, seed: number): Promise<{ p: Float64Array; mask: Float64Array }> {
  const sample = await loadJetNetSample([cls]);
  const jets = jetNetToFourMomenta(sample[cls]!, { units: 'TeV', seed });
  const P = jets.numParticles;
  const p = new Float64Array(count * slots * 4);
  const mask = new Float64Array(count * slots);
  for (let b = 0; b < count; b++) {
    p.set(jets.p.subarray(b * P * 4, b * P * 4 + slots * 4), b * slots * 4);
    mask.set(jets.mask.subarray(b * P, b * P + slots), b * slots);
  }
  return { p, mask };
}

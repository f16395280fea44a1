/** Shared fixtures of the training tests: small sample splits, temporary folders, weight reads, relative differences. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatJets, loadJetNetSplits, sampleDataDir, type JetAutoencoder, type Tensor, type TrainData } from 'lorentz-irreps';

/** Train/validation jets of the shipped sample: g and q, the first `maxJets` of each, in TeV. */
export async function sampleTrainData(maxJets = 60, seed = 3): Promise<TrainData> {
  const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q'], units: 'TeV', seed, maxJets });
  return { train: concatJets([s.g.train, s.q.train]), val: concatJets([s.g.val, s.q.val]) };
}

/** A fresh temporary folder and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lorentz-irreps-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every parameter's values (re, im) by name, as plain copies. */
export function weightsOf(model: JetAutoencoder): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { name, variable } of model.namedParameters()) {
    const { re, im } = variable.reImSync();
    out[name] = [...re, ...(variable.complex ? im : [])];
  }
  return out;
}

/** `model` with `reconstruct` replaced by `reconstruct(p, mask, call)` (call counts from 1). */
export function withReconstruct(model: JetAutoencoder, reconstruct: (p: Tensor, mask: Tensor, call: number) => Tensor): JetAutoencoder {
  let calls = 0;
  return {
    kind: model.kind,
    config: () => model.config(),
    namedParameters: () => model.namedParameters(),
    reconstruct: (p, mask) => reconstruct(p, mask, ++calls),
    dispose: () => model.dispose(),
  };
}

/** Largest |a - b| over the largest |b|. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

/**
 * Timing of successive batches of bench jets, shared by the model benchmarks (bench/lgae.ts,
 * bench/baselines.ts): each batch becomes tensors p [B, P, 4] and mask [B, P], one step runs on
 * them, and its wall time and the process's CPU time (user + system) are kept after the warm-up.
 */
import { tensor, type Tensor } from '../src/index';
import type { BenchJets } from './lgae-data';

/** Wall and CPU milliseconds of the batches after the warm-up, and every step's result. */
export interface BatchTimes<T> {
  readonly ms: number[];
  readonly cpuMs: number[];
  readonly results: T[];
}

/**
 * Runs `step` on batches 0 .. batches-1 of `size` jets each (tensors disposed after the step) and
 * times it; `check(result, k)` runs after the timing of batch k (e.g. to stop on a non-finite
 * result), and the first `warmup` batches are not timed.
 */
export function timeBatches<T>(
  jets: BenchJets,
  options: { size: number; batches: number; warmup: number },
  step: (p: Tensor, mask: Tensor, k: number) => T,
  check: (result: T, k: number) => void = () => {},
): BatchTimes<T> {
  const { size, batches, warmup } = options;
  const n = jets.numParticles;
  const out: BatchTimes<T> = { ms: [], cpuMs: [], results: [] };
  for (let k = 0; k < batches; k++) {
    const p = tensor(jets.p.subarray(k * size * n * 4, (k + 1) * size * n * 4), [size, n, 4]);
    const mask = tensor(jets.mask.subarray(k * size * n, (k + 1) * size * n), [size, n]);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = step(p, mask, k);
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    check(result, k);
    out.results.push(result);
    if (k >= warmup) {
      out.ms.push(dt);
      out.cpuMs.push((c.user + c.system) / 1000);
    }
    p.dispose();
    mask.dispose();
  }
  return out;
}

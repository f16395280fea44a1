/** Drawn jets for the loss tests: particles as rows, padded jets with their masks, shuffles. */
import fc from 'fast-check';

/** A jet of `n` real particles padded with zero rows to `size` slots. */
export interface PaddedJet {
  readonly rows: number[][];
  readonly mask: number[];
}

/** Rows of four finite components in [-50, 50]. */
export const particle = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 4, maxLength: 4 });

/** A batch of B jets of exactly N slots each, every slot real. */
export const fullBatch = (maxB: number, maxN: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) => fc.array(fc.array(particle, { minLength: n, maxLength: n }), { minLength: 1, maxLength: maxB }));

/** A batch of jets of `size` slots with 1..size real particles first and zero rows after. */
export const paddedBatch = (maxB: number, size: number) =>
  fc.array(
    fc.array(particle, { minLength: 1, maxLength: size }).map(
      (real): PaddedJet => ({
        rows: [...real, ...Array.from({ length: size - real.length }, () => [0, 0, 0, 0])],
        mask: [...real.map(() => 1), ...Array.from({ length: size - real.length }, () => 0)],
      }),
    ),
    { minLength: 1, maxLength: maxB },
  );

/** A permutation of 0..n-1 drawn from a seed (a deterministic shuffle). */
export function permutationOf(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
    .map((i) => [Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453 % 1, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
}

/** The real rows of a padded jet. */
export const realRows = (jet: PaddedJet): number[][] => jet.rows.filter((_, i) => jet.mask[i] === 1);

/**
 * fast-check draws for the conformance suite: small shapes, broadcast-compatible shape pairs,
 * axes and permutations, and a seed for the values.
 */
import fc from 'fast-check';

/** A shape of rank 0..maxRank with extents 1..maxDim. */
export const shapeArb = (maxRank = 3, maxDim = 3, minRank = 0): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });

/** Drops leading axes and sets some extents to 1, giving a shape that broadcasts to `out`. */
function broadcastable(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((n, d) => (ones[d + drop] ? 1 : n)));
}

/** Two (or more) shapes that broadcast together, with their broadcast result first. */
export const broadcastShapesArb = (count = 2, maxRank = 3, maxDim = 3): fc.Arbitrary<number[][]> =>
  shapeArb(maxRank, maxDim).chain((out) => fc.tuple(...Array.from({ length: count }, () => broadcastable(out))));

/** A seed for value draws. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A shape of rank >= 1 with a valid axis (normalized and possibly given negative). */
export const shapeAxisArb = (maxRank = 3, maxDim = 3): fc.Arbitrary<{ shape: number[]; axis: number; given: number }> =>
  shapeArb(maxRank, maxDim, 1).chain((shape) =>
    fc.tuple(fc.integer({ min: 0, max: shape.length - 1 }), fc.boolean()).map(([axis, negative]) => ({
      shape,
      axis,
      given: negative ? axis - shape.length : axis,
    })),
  );

/** A shape and a subset of its axes (possibly empty = "all axes" when `all`). */
export const shapeAxesArb = (maxRank = 3, maxDim = 3): fc.Arbitrary<{ shape: number[]; axes: number[] | undefined }> =>
  shapeArb(maxRank, maxDim).chain((shape) =>
    fc.oneof(
      fc.constant({ shape, axes: undefined as number[] | undefined }),
      fc.subarray(shape.map((_, d) => d)).map((axes) => ({ shape, axes })),
    ),
  );

/** A permutation of 0..n-1. */
export const permutationArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n });

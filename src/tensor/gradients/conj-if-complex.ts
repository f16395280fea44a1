/**
 * conj(x) for complex x, x itself for real x (saves a copy in VJPs of real tensors; the result
 * must not be disposed by the caller when it is the input).
 *
 * @packageDocumentation
 */
import { conj } from '../ops/complex';
import type { Tensor } from '../tensor';

/** conj(x) if x is complex, else x (no copy). */
export function conjIfComplex(x: Tensor): Tensor {
  return x.complex ? conj(x) : x;
}

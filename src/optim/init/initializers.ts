/**
 * The `initializers` namespace: every initializer factory under one name (the factory names
 * `zeros`, `ones`, `normal`, `uniform` would otherwise clash with tensor factories).
 *
 * @packageDocumentation
 */
import { constant, ones, zeros } from './constant';
import { normal, uniform } from './distributions';
import { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, varianceScaling } from './variance-scaling';

/**
 * Seeded, reproducible initializers. Each factory takes an options object and returns an
 * `Initializer` whose `tensor(shape)` and `variable(shape, options)` draw new values; random ones
 * need `seed` (own generator) or `random` (a shared `Random`). All accept `complex: true`
 * (independent real and imaginary parts) and `dtype`.
 *
 * | factory | real variance of each element |
 * | --- | --- |
 * | `zeros`, `ones`, `constant({ value })` | 0 |
 * | `normal({ mean, std })` | std^2 (complex: E\|w - mean\|^2 = std^2, std^2/2 per part) |
 * | `uniform({ low, high })` | (high - low)^2 / 12 per part |
 * | `varianceScaling({ scale, mode, distribution })` | scale / fan (complex: total, half per part) |
 * | `glorotUniform`, `glorotNormal` | 2 / (fanIn + fanOut) |
 * | `heNormal`, `heUniform` | 2 / fanIn |
 * | `lecunNormal` | 1 / fanIn |
 *
 * @example
 * ```ts
 * import { initializers, Random } from 'lorentz-irreps';
 * const random = new Random(2024);
 * const w1 = initializers.glorotUniform({ random }).variable([4, 8], { name: 'w1' });
 * const w2 = initializers.glorotUniform({ random }).variable([8, 2], { name: 'w2' });
 * const again = new Random(2024);
 * const v1 = initializers.glorotUniform({ random: again }).tensor([4, 8]);
 * console.assert(w1.dataSync().every((x, i) => x === v1.dataSync()[i]));
 * w1.dispose();
 * w2.dispose();
 * ```
 */
export const initializers = Object.freeze({
  zeros,
  ones,
  constant,
  normal,
  uniform,
  varianceScaling,
  glorotUniform,
  glorotNormal,
  heNormal,
  heUniform,
  lecunNormal,
});

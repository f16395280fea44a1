/**
 * A plugin module for the tests of training on worker threads: registers 'toy-worker-linear', a
 * linear autoencoder on flattened four-momenta (latent 8), and 'toy-worker-failing', the same model
 * whose reconstruction throws a NumericsError in worker threads. It imports the library's sources
 * by relative path, so that the main thread under vitest and the worker threads under tsx load the
 * same modules whatever the working directory (the package name resolves through vitest's alias in
 * one and tsconfig paths in the other).
 */
import { isMainThread } from 'node:worker_threads';
import { NumericsError, add, invalid, matmul, registerModel, reshape, tensor, variable, Random, type JetAutoencoder, type ModelContext, type Tensor, type Variable } from '../../src/index';

export const WORKER_TOY_KIND = 'toy-worker-linear';
export const WORKER_FAILING_KIND = 'toy-worker-failing';

let made = 0;

function linear(kind: string, context: ModelContext, failInWorkers: boolean): JetAutoencoder {
  const rng = new Random(context.seed);
  const F = 4 * context.numParticles;
  const latent = 8;
  const id = made++;
  const make = (name: string, values: Float64Array, shape: number[]) => {
    const t = tensor(values, shape);
    const v = variable(t, { name: `${kind}-${id}.${name}` });
    t.dispose();
    return { name, variable: v };
  };
  const draw = (n: number, scale: number) => Float64Array.from({ length: n }, () => rng.normal() * scale);
  const params = [
    make('encoder.w', draw(F * latent, 1 / Math.sqrt(F)), [F, latent]),
    make('encoder.b', new Float64Array(latent), [latent]),
    make('decoder.w', draw(latent * F, 1 / Math.sqrt(latent)), [latent, F]),
    make('decoder.b', new Float64Array(F), [F]),
  ];
  const v = (i: number): Variable => params[i].variable;
  return {
    kind,
    config: () => ({}),
    namedParameters: () => params,
    reconstruct: (p: Tensor) => {
      if (failInWorkers && !isMainThread) throw new NumericsError(invalid('toyWorkerFailing.reconstruct', 'p', 'reconstructed on the main thread only', 'a worker thread'));
      const B = p.shape[0];
      const z = add(matmul(reshape(p, [B, F]), v(0)), v(1));
      return reshape(add(matmul(z, v(2)), v(3)), [B, context.numParticles, 4]);
    },
    dispose: () => params.forEach((q) => q.variable.dispose()),
  };
}

registerModel(WORKER_TOY_KIND, { description: 'linear autoencoder (tests of worker threads)', create: (_o, context) => linear(WORKER_TOY_KIND, context, false) });
registerModel(WORKER_FAILING_KIND, { description: 'fails in worker threads (tests)', create: (_o, context) => linear(WORKER_FAILING_KIND, context, true) });

/**
 * The entry of a training worker thread (see `parallel.ts`): it makes a replica of the model from
 * its kind, config and context, then for each step sets the trainable parameters it is sent and
 * returns the summed loss of its slice of the batch and (unless only the loss is asked for) the
 * gradients of that sum.
 *
 * The package entry is imported for its side effect of registering the built-in model kinds;
 * plugin modules named in the init message are imported next.
 *
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { ConfigError, invalid } from '../errors';
import { listModels, restoreModel } from '../index';
import { tensor, complexTensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import type { Variable } from '../tensor/tensor';
import type { TrainSettings } from './checkpoint';
import type { JetAutoencoder } from './model';
import { parameterMap } from './model';
import { sendError, sliceGradients, type InitMessage, type PlanarArray, type StepMessage, type WorkerReply } from './parallel';
import { batchLoss } from './trainer';
import { assignParameters } from './weights';

const FN = 'trainAutoencoder';
const port = parentPort;
if (port === null) throw new Error('parallel-worker: run this module as a worker thread');

let model: JetAutoencoder | null = null;
let trainable: Variable[] = [];
let settings: TrainSettings | null = null;

function assign(v: Variable, a: PlanarArray): void {
  const t = a.im === null ? tensor(a.re, v.shape, { dtype: v.dtype }) : complexTensor(a.re, a.im, v.shape, { dtype: v.dtype });
  v.assign(t);
  t.dispose();
}

async function init(m: InitMessage): Promise<void> {
  for (const spec of m.imports) await import(spec);
  if (!listModels().includes(m.kind)) {
    throw new ConfigError(
      invalid(
        FN,
        'model.kind',
        `a model kind registered in worker threads: model kind '${m.kind}' is not registered in worker threads; pass the modules that register it as options.workerImports (the command line passes its --plugin modules), or train with workers: 1`,
        m.kind,
      ),
    );
  }
  model = restoreModel(m.kind, m.config, m.context);
  const params = parameterMap(model, FN);
  assignParameters(params, new Map(m.params.map((q) => [q.name, q.value.im === null ? { shape: q.shape, re: q.value.re } : { shape: q.shape, re: q.value.re, im: q.value.im }])), FN, 'the parameters of the model in the main thread');
  trainable = m.trainable.map((name) => {
    const v = params.get(name);
    if (v === undefined || !v.trainable) throw new ConfigError(invalid(FN, 'model', `a model whose replica in a worker thread has the trainable parameter '${name}'`, m.kind));
    return v;
  });
  settings = { loss: m.settings.loss, maskPadding: m.settings.maskPadding, batchSize: 1, lr: 1, patience: 0, seed: 0 };
}

function step(m: StepMessage): WorkerReply & { type: 'grads' } {
  if (model === null || settings === null) throw new Error('parallel-worker: a step before init');
  trainable.forEach((v, k) => assign(v, m.params[k]));
  if (!m.grads) {
    const loss = tidy(() => batchLoss(model!, settings!, m.p, m.mask, m.b, m.N, 'sum').dataSync()[0]);
    return { type: 'grads', id: m.id, loss, grads: [] };
  }
  const r = sliceGradients(() => batchLoss(model!, settings!, m.p, m.mask, m.b, m.N, 'sum', m.input), trainable);
  return { type: 'grads', id: m.id, loss: r.loss, grads: r.grads };
}

port.on('message', (m: InitMessage | StepMessage) => {
  if (m.type === 'init') {
    init(m).then(
      () => port.postMessage({ type: 'ready' } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ type: 'error', error: sendError(e) } satisfies WorkerReply),
    );
    return;
  }
  try {
    const reply = step(m);
    const transfer = reply.grads.flatMap((g) => (g.im === null ? [g.re.buffer] : [g.re.buffer, g.im.buffer]));
    port.postMessage(reply, transfer as ArrayBuffer[]);
  } catch (e) {
    port.postMessage({ type: 'error', error: sendError(e) } satisfies WorkerReply);
  }
});

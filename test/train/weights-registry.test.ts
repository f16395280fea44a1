import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DataError,
  ShapeError,
  createModel,
  getModelFactory,
  listModels,
  loadModel,
  loadWeights,
  registerModel,
  resolveModelOptions,
  restoreModel,
  saveWeights,
  unregisterModel,
  type ModelContext,
} from 'lorentz-irreps';
import { tempDir, weightsOf } from './fixtures';
import { LinearAutoencoder, TOY_KIND, toyFactory } from './toy-model';

const ctx: ModelContext = { seed: 4, numParticles: 30, units: 'TeV' };
const t = tempDir('weights');
afterAll(t.cleanup);
afterEach(() => unregisterModel(TOY_KIND));

describe('the model registry', () => {
  it('creates registered models with defaults filled in and checks their options', () => {
    registerModel(TOY_KIND, toyFactory);
    expect(listModels()).toContain(TOY_KIND);
    expect(getModelFactory(TOY_KIND)).toBe(toyFactory);
    expect(resolveModelOptions(TOY_KIND, {})).toEqual({ latent: 8 });
    const m = createModel(TOY_KIND, { latent: 12 }, ctx);
    expect(m.config()).toEqual({ latent: 12 });
    m.dispose();
    expect(() => createModel(TOY_KIND, { latent: 1.5 }, ctx)).toThrow(/options\.latent.*an integer/);
    expect(() => createModel(TOY_KIND, { width: 3 }, ctx)).toThrow(/options\.width.*an option of model 'toy-linear' \(latent\)/);
    expect(() => createModel(TOY_KIND, {}, { ...ctx, units: 'eV' as 'GeV' })).toThrow(/context\.units/);
    expect(() => createModel('nope', {}, ctx)).toThrow(/a registered model \(.*toy-linear/);
  });

  it('refuses malformed kinds and factories, and models of another kind', () => {
    expect(() => registerModel('Bad Kind', toyFactory)).toThrow(ConfigError);
    expect(() => registerModel('x', { description: 'd' } as never)).toThrow(/factory/);
    expect(() => registerModel('x', { ...toyFactory, options: [{ name: 'a', type: 'float' as 'number', description: '' }] })).toThrow(/type/);
    expect(() => registerModel('x', { ...toyFactory, options: [{ name: 'a', type: 'integer', default: 0.5, description: '' }] })).toThrow(/default/);
    registerModel('liar', { description: 'makes a toy', create: (_o, c) => new LinearAutoencoder(4, c, 'liar') });
    expect(() => createModel('liar', {}, ctx)).toThrow(/kind of the model its factory makes \('toy-linear'\)/);
    unregisterModel('liar');
  });

  it('restores a model from its own config, with no option checks', () => {
    registerModel(TOY_KIND, { ...toyFactory, options: [] });
    const m = restoreModel(TOY_KIND, { latent: 4 }, ctx);
    expect(m.config()).toEqual({ latent: 4 });
    m.dispose();
  });
});

describe('weights files', () => {
  it('save and load every parameter exactly, and rebuild the model through the registry', () => {
    registerModel(TOY_KIND, toyFactory);
    const a = new LinearAutoencoder(8, ctx, 'a');
    saveWeights(a, t.dir, 'w1', ctx, { epoch: 2 });
    const b = new LinearAutoencoder(8, { ...ctx, seed: 9 }, 'b');
    expect(weightsOf(b)).not.toEqual(weightsOf(a));
    const info = loadWeights(b, t.dir, 'w1');
    expect(info).toEqual({ kind: TOY_KIND, config: { latent: 8 }, context: ctx, meta: { epoch: 2 } });
    const json = JSON.parse(readFileSync(join(t.dir, 'w1.json'), 'utf8'));
    expect([json.units, json.arrays.map((a: { name: string; shape: number[] }) => `${a.name}:${a.shape.join('x')}`)]).toEqual([
      'TeV',
      ['encoder.w:120x8', 'encoder.b:8', 'decoder.w:8x120', 'decoder.b:120'],
    ]);
    expect(weightsOf(b)).toEqual(weightsOf(a));
    const { model } = loadModel(t.dir, 'w1');
    expect(weightsOf(model)).toEqual(weightsOf(a));
    for (const m of [a, b, model]) m.dispose();
  });

  it('refuse weights of another architecture without changing the model', () => {
    const a = new LinearAutoencoder(8, ctx, 'a');
    saveWeights(a, t.dir, 'w2', ctx);
    const wide = new LinearAutoencoder(12, ctx, 'wide');
    const before = weightsOf(wide);
    expect(() => loadWeights(wide, t.dir, 'w2')).toThrow(ShapeError);
    expect(weightsOf(wide)).toEqual(before);
    const other = { ...a, kind: 'other', config: () => ({}), namedParameters: () => a.namedParameters(), reconstruct: a.reconstruct, dispose: () => {} };
    expect(() => loadWeights(other, t.dir, 'w2')).toThrow(DataError);
    const fewer = { ...other, kind: TOY_KIND, namedParameters: () => a.namedParameters().slice(1) };
    expect(() => loadWeights(fewer, t.dir, 'w2')).toThrow(/free of parameters the model lacks/);
    expect(() => saveWeights(a, t.dir, '../escape', ctx)).toThrow(/base/);
    expect(() => loadModel(t.dir, 'w2')).toThrow(/a registered model/);
    a.dispose();
    wide.dispose();
  });
});

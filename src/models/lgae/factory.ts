/**
 * The model kind 'lgae' for the registry: how the trainer and the command line create an LGAE.
 *
 * @packageDocumentation
 */
import type { EnergyUnit } from '../../jets/units';
import type { LossName } from '../../losses/by-name';
import type { JsonObject } from '../../train/json';
import type { JetAutoencoder, TrainLoss } from '../../train/model';
import type { ModelContext, ModelFactory } from '../../train/registry';
import type { DType } from '../../tensor/types';
import type { LGAELayerOptions } from './encoder';
import { LGAE, paperLoss } from './lgae';

/**
 * The factory of model kind 'lgae' (registered by importing the package). Options:
 * `aggregation` ('mix' or 'minmax', default 'mix'), `latentVectors` (2), `latentScalars` (1),
 * `encoderChannels` (3,3,4,4), `decoderChannels` (4,4,3,3), `loss` (default: 'mse' for 'mix',
 * 'chamfer' for 'minmax'), `units` (the unit the network works in; default the data's); a saved
 * config's `layer` and `dtype` are honoured when a model is restored (`--agg` is short for
 * `--aggregation` on the command line, and the training loss defaults to the model's). The seed,
 * the particle slots and the unit of the four-momenta come from the {@link ModelContext}.
 *
 * @example
 * ```ts
 * import { createModel } from 'lorentz-irreps';
 * const ae = createModel('lgae', { aggregation: 'minmax' }, { seed: 1, numParticles: 30, units: 'TeV' });
 * console.assert(ae.kind === 'lgae' && ae.config().loss === 'chamfer' && ae.config().units === 'TeV');
 * ae.dispose();
 * ```
 */
export const LGAE_FACTORY: ModelFactory = Object.freeze({
  description: 'Lorentz group autoencoder (Lorentz-equivariant message passing; latent of complex scalars and four-vectors)',
  options: Object.freeze([
    { name: 'aggregation', type: 'string', choices: ['mix', 'minmax'], default: 'mix', alias: 'agg', description: "latent aggregation: learned map of all slots ('mix') or permutation-invariant min/max ('minmax')" },
    { name: 'latentVectors', type: 'integer', default: 2, description: 'complex four-vectors (1/2,1/2) in the latent' },
    { name: 'latentScalars', type: 'integer', default: 1, description: 'complex Lorentz scalars (0,0) in the latent' },
    { name: 'encoderChannels', type: 'integers', default: [3, 3, 4, 4], description: 'channels of the encoder LMP layers' },
    { name: 'decoderChannels', type: 'integers', default: [4, 4, 3, 3], description: 'channels of the decoder LMP layers' },
    { name: 'loss', type: 'string', choices: ['chamfer', 'mse', 'hungarian'], description: "training loss (default 'mse' for 'mix', 'chamfer' for 'minmax')" },
    { name: 'units', type: 'string', choices: ['GeV', 'TeV', 'PeV'], description: 'energy unit the network works in (default: the unit of the data)' },
  ] as const),
  defaultLoss: (options: JsonObject): TrainLoss => (options.loss as LossName | undefined) ?? paperLoss(options.aggregation as 'mix' | 'minmax' | undefined),
  create(options: JsonObject, context: ModelContext): JetAutoencoder {
    const num = (k: string): number | undefined => (options[k] === undefined ? undefined : (options[k] as number));
    const list = (k: string): number[] | undefined => (options[k] === undefined ? undefined : (options[k] as number[]));
    return LGAE.create({
      aggregation: options.aggregation as 'mix' | 'minmax' | undefined,
      latentVectors: num('latentVectors'),
      latentScalars: num('latentScalars'),
      encoderChannels: list('encoderChannels'),
      decoderChannels: list('decoderChannels'),
      loss: options.loss as LossName | undefined,
      // Not command-line options, but part of a saved config: a restored model keeps them.
      layer: options.layer as LGAELayerOptions | undefined,
      dtype: options.dtype as DType | undefined,
      units: (options.units as EnergyUnit | undefined) ?? context.units,
      inputUnits: context.units,
      particles: context.numParticles,
      seed: context.seed,
    });
  },
});

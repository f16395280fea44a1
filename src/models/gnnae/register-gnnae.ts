// Side effect: registers the model kind 'gnnae' (GNNAE_FACTORY) with the model registry.
import { registerModel } from '../../train/registry';
import { GNNAE_FACTORY } from './autoencoder';

registerModel('gnnae', GNNAE_FACTORY);

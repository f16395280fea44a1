// Side effect: registers the model kind 'cnnae' (CNNAE_FACTORY) with the model registry.
import { registerModel } from '../../train/registry';
import { CNNAE_FACTORY } from './autoencoder';

registerModel('cnnae', CNNAE_FACTORY);

// Side effect: registers the model kind 'lgae' (LGAE_FACTORY) with the model registry.
import { registerModel } from '../../train/registry';
import { LGAE_FACTORY } from './factory';

registerModel('lgae', LGAE_FACTORY);

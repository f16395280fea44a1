// The graph autoencoder baseline (GNNAE), its building blocks, and its registration as model kind 'gnnae'.
import './register-gnnae';
import './register-edge-messages';

export { Linear, type LinearOptions } from './linear';
export { MLP, LEAKY_SLOPE, type MLPOptions } from './mlp';
export { MessagePassing, DISTANCE_SOFTENING, type MessageAggregation, type MessagePassingOptions } from './message-passing';
export { fourMomentaFromRelative } from './four-momenta';
export { GNNAE, type GNNAEConfig, type GNNAELevel, type GNNAEOptions } from './gnnae';
export { GNNAEJetAutoencoder, GNNAE_FACTORY, type GNNAEJetAutoencoderOptions } from './autoencoder';

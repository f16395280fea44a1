// The graph autoencoder baseline (GNNAE) and its building blocks.
export { Linear, type LinearOptions } from './linear';
export { MLP, LEAKY_SLOPE, type MLPOptions } from './mlp';
export { MessagePassing, DISTANCE_SOFTENING, type MessagePassingOptions } from './message-passing';
export { GNNAE, type GNNAEConfig, type GNNAELevel, type GNNAEOptions } from './gnnae';
export type { ModelSymmetries, SymmetryEntry } from './symmetries';

// Training of jet autoencoders: the model interface and registry, data splits, the trainer with
// checkpoints and exact resumption, weights files, progress reporting and run descriptions.
export type { JsonObject, JsonPrimitive, JsonValue } from './json';
export type { BundleArray } from './bundle';
export { TRAIN_LOSS_NAMES, type JetAutoencoder, type TrainLoss } from './model';
export { SYMMETRY_NAMES, symmetryTable, type ModelSymmetries, type SymmetryEntry, type SymmetryName } from './symmetries';
export {
  createModel,
  factoryDefaultLoss,
  getModelFactory,
  listModels,
  registerModel,
  resolveModelOptions,
  restoreModel,
  unregisterModel,
  type ModelContext,
  type ModelFactory,
  type ModelOptionSpec,
  type ModelOptionType,
} from './registry';
export { DEFAULT_SPLIT_FRACTIONS, loadJetNetSplits, type ClassSplits, type JetNetSplitOptions } from './data';
export { loadModel, loadWeights, readWeightsInfo, saveWeights, WEIGHTS_FORMAT, type WeightsInfo } from './weights';
export {
  CHECKPOINT_FORMAT,
  hasCheckpoint,
  readCheckpoint,
  type Checkpoint,
  type DataFingerprint,
  type EpochRecord,
  type TrainSettings,
  type TrainState,
} from './checkpoint';
export { formatDuration, formatLoss, streamProgress, type BatchProgress, type ProgressStream, type StreamProgressOptions, type TrainProgress, type TrainStart } from './progress';
export { BEST_WEIGHTS, DIVERGENCE_FACTOR, evaluateLoss, trainAutoencoder, type TrainData, type TrainOptions, type TrainResult, type TrainStatus } from './trainer';
export { RUN_FILE, RUN_FORMAT, readRunConfig, writeRunConfig, type RunConfig, type RunDataConfig, type RunTrainConfig } from './run-config';
export { trainRun, type TrainRunOptions } from './run';
export { DEFAULT_INPUT_DROPOUT_KEEP, type InputDropout } from './input-dropout';

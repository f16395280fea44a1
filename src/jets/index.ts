// Jet data: file readers (.npy, JetNet HDF5, top-tagging HDF5), the shipped sample, conversions
// between relative coordinates and four-momenta, dataset selection, splits and batches.
export { ENERGY_UNITS, gevTo, type EnergyUnit } from './units';
export { encodeNpy, parseNpy, readNpy, readNpyHeader, readNpyRows, type NpyArray, type NpyData, type NpyDType, type NpyHeader } from './npy';
export {
  JETNET_JET_FEATURES,
  JETNET_PARTICLE_FEATURES,
  JetNetFile,
  loadJetNet,
  loadJetNetNpy,
  type JetNetData,
  type JetNetNpyPaths,
  type RelativeJets,
  type RowRange,
} from './jetnet';
export { Hdf5RowFile } from './row-file';
export type { DatasetInfo, H5Kind, Hdf5Reader } from './hdf5';
export { TopTaggingFile, loadTopTagging, topTaggingToJetDataset, type TopTaggingData } from './toptag';
export {
  fourMomentaToRelative,
  jetFeaturesFromFourMomenta,
  jetNetToFourMomenta,
  wrapPhi,
  type FourMomentumInput,
  type FourMomentumJets,
  type JetKinematics,
  type RelativeFeatures,
  type ToFourMomentaOptions,
} from './kinematics';
export { concatJets, filterJets, jetParticles, leadingParticles, subsetJets, type FilterResult, type JetDataset } from './dataset';
export { splitIndices, type Split, type SplitOptions } from './split';
export { iterateBatches, type BatchOptions, type JetBatch } from './batches';
export { JETNET_CLASSES, loadJetNetSample, packageRoot, sampleDataDir, sampleFilePath, type JetNetClass } from './sample';

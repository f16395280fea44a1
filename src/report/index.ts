// Evaluation of trained jet autoencoders: anomaly scores and tables, reconstruction errors,
// latent masses, report.json and figures.
export { anomalyTable, DEFAULT_BACKGROUND_EFFICIENCIES, SCORE_NAMES, scoreLabel, type AnomalyRow, type AnomalyTable, type EfficiencyPoint, type ScoreName } from './anomaly';
export {
  evaluateAutoencoder,
  reconstructionTable,
  type EvaluateOptions,
  type Evaluation,
  type EvaluationData,
  type JetFeature,
  type JetFeatures,
  type LatentKnnSummary,
  type ParticleFeature,
  type ParticleFeatures,
  type ReconstructionRow,
  type SampleEvaluation,
} from './evaluate';
export {
  DEFAULT_LATENT_NEIGHBOURS,
  fitLatentKnn,
  LATENT_KNN_SCORE,
  latentInvariants,
  type FeatureRows,
  type LatentArrays,
  type LatentKnn,
  type LatentKnnOptions,
} from './latent-knn';
export { REPORT_FORMAT, type LatentMassSummary, type Report, type RocSummary } from './report-json';
export { formatAnomalyTable, formatReconstructionTable, formatSymmetries } from './format';
export { REPORT_FILE, writeReport, type WriteReportOptions } from './write';
export { evaluateRun, loadRunModel, type EvaluateRunOptions, type RunEvaluation, type RunWeights } from './run';
export { renderVegaLite, writeFigure, type RenderOptions, type RenderedFigure, type VegaLiteSpec } from '../plot/render';
export {
  COMPARE_FILES,
  COMPARE_FORMAT,
  compareReports,
  comparisonRocFigure,
  findReportFile,
  formatComparisonMarkdown,
  readReportFile,
  runLabel,
  writeComparison,
  type CompareScore,
  type ComparedRun,
  type Comparison,
  type ComparisonAnomalyRow,
  type ComparisonCell,
  type ComparisonReconstructionRow,
  type ComparisonStat,
  type ComparisonSymmetryRow,
  type StoredReport,
} from './compare';
export {
  cellFolder,
  DATA_EFFICIENCY_FIGURE,
  massErrorStats,
  runDataEfficiencyStudy,
  STUDY_FILE,
  STUDY_FORMAT,
  type DataEfficiencyCell,
  type DataEfficiencyOptions,
  type DataEfficiencyResult,
  type DataEfficiencySettings,
  type DataEfficiencyStudy,
  type DataEfficiencySummary,
  type MassErrorStats,
} from './data-efficiency';

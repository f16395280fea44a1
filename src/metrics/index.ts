// Evaluation metrics on plain arrays: set distances between jets (Chamfer, optimal-assignment
// MSE, energy mover's distance), the assignment solver, ROC figures and relative-error summaries.
export { chamferDistance, type ChamferOptions } from './chamfer';
export { linearSumAssignment, type Assignment } from './assignment';
export { hungarianDistance, type HungarianOptions } from './hungarian';
export { emd, type EmdCoordinates, type EmdOptions } from './emd';
export { backgroundEfficiencyAt, backgroundRejectionAt, rocAuc, rocCurve, signalEfficiencyAt, type RocCurve } from './roc';
export { median, quantile } from './quantile';
export { relativeErrorStats, relativeErrors, type RelativeErrorOptions, type RelativeErrorStats, type RelativeErrors } from './relative-error';
export { type PointSet } from './points';

// The lorentz-irreps command line as a library function (the executable is ./main).
export { runCli, EXIT_FAILURE, EXIT_USAGE } from './run';
export { EXIT_INTERRUPTED } from './commands/train';
export { UsageError } from './usage-error';
export type { CliIO } from './io';
export { preferRelaxedSimd, RELAXED_SIMD_FLAG } from './relaxed-simd';

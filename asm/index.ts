// Entry point of the WebAssembly kernels of the CPU backend (float64, f64x2 SIMD).
//
// Compiled by scripts/build-wasm.mjs into src/tensor/cpu/wasm/kernels.generated.ts. The module
// allocates nothing: the JavaScript side owns all linear memory from `heapBase()` on, copies
// operands in, passes byte offsets, and copies results out.

export { dgemm, dgemmWorkspaceBytes } from './dgemm';
export { zgemm, zgemmWorkspaceBytes } from './zgemm';
export { cgContract, cgContractVjp, cgVjpWorkspaceBytes, cgWorkspaceBytes } from './cg';
export { minkowskiWorkspaceBytes, pairwiseMinkowskiSq } from './minkowski';
export { lmpBackward, lmpForward, lmpWorkspaceBytes } from './lmp';
export { lmpAssemble, lmpDirect, lmpFillRows, lmpScatter } from './lmp-rows';
export { mixChannelsBackward, mixChannelsForward, mixWorkspaceBytes } from './mix';
export { gnnEdgeBackward, gnnEdgeForward, gnnEdgeWorkspaceBytes } from './gnn';
export { mlpBackward, mlpForward, mlpWorkspaceBytes } from './mlp';

/** First byte of linear memory that the module does not use itself. */
export function heapBase(): usize {
  return __heap_base;
}

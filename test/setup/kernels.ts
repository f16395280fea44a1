// Every test file runs on the build of the WebAssembly kernels that the command line uses: the
// relaxed-SIMD build where the engine accepts it after `preferRelaxedSimd` (Node 20 with the V8
// flag it sets, Node >= 22 as is). test/tensor/wasm-variants.test.ts checks the plain build
// against it kernel by kernel.
import { preferRelaxedSimd } from '../../src/cli/relaxed-simd';

preferRelaxedSimd();

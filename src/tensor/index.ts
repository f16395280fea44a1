/**
 * The tensor engine: tensors, memory ownership, backends and kernels, autodiff, and ops.
 *
 * @packageDocumentation
 */
import './cpu/register-cpu';
import './register-gradients';
import './register-extra-kernels';

export type { Attrs, DataId, DType, FloatArray, NestedArray, PlanarData, Shape, TensorInfo, TensorMeta } from './types';
export { Tensor, Variable } from './tensor';
export type { Backend, BackendFactory } from './backend';
export {
  registerKernel,
  getKernel,
  listKernels,
  registerGradient,
  getGradient,
  type KernelArgs,
  type KernelConfig,
  type KernelFunc,
  type GradConfig,
  type GradContext,
  type GradFunc,
} from './kernel-registry';
export * as kernelNames from './kernel-names';
export { runKernel } from './run-kernel';
export {
  tensor,
  complexTensor,
  scalar,
  fill,
  zeros,
  ones,
  zerosLike,
  onesLike,
  variable,
  type TensorValues,
  type TensorOptions,
  type FillOptions,
  type VariableOptions,
} from './creation';
export { tidy, keep, dispose, memory, setTestMode, isTestMode, type TensorContainer, type MemoryInfo } from './memory';
export {
  registerBackend,
  setBackend,
  getBackend,
  listBackends,
  removeBackend,
  toBackend,
  setCheckNumerics,
  isCheckNumerics,
} from './environment';
export { wasmKernelVariant, type WasmKernelVariant } from './cpu/wasm/module';
export { grad, valueAndGrad, variableGrads, type ValueAndGrads, type VariableGrads } from './autodiff';
export { add, sub, mul, div } from './ops/arithmetic';
export { conj, real, imag, complex, abs } from './ops/complex';
export { neg, exp, log, sqrt, square, pow } from './ops/unary';
export { reshape, expandDims, squeeze, broadcastTo, transpose, clone, cast } from './ops/reshape';
export { sum, mean, max, min } from './ops/reduce';
export { slice, pad, concat, stack } from './ops/slice';
export { equal, notEqual, greater, greaterEqual, less, lessEqual, where } from './ops/logic';
export { matmul, type MatMulOptions } from './ops/matmul';
export { relu, leakyRelu, sigmoid, softmax } from './ops/activations';
export { gather, scatterAdd, type Indices } from './ops/gather';
export type { TensorOrNumber } from './ops/validate';
export { cgProduct, cgProductMulti, concatCGTables, type CGProductOptions } from './ops/cg';
export { edgeMask, pairwiseDifferences, pairwiseMinkowskiSq, type EdgeMaskOptions } from './ops/edges';
export { conv2d, conv2dTranspose, type Conv2DOptions, type Conv2DTransposeOptions } from './ops/conv';
export { broadcastShapes } from './shape';

// Batch normalization in training as two kernels on the wasm backend, one forward and
// one backward, each two passes of the SIMD module over the activations. tfjs builds it
// from moments (Mean, Sub, Square, Mean) and FusedBatchNorm, and their gradients take
// some 20 elementwise kernels a layer over the whole activation (`npm run bench` prints
// a step's kernels). The backward kernel computes the whole gradient at once:
//   dx = scale r (dy - mean(dy) - x^ mean(dy x^)) + the gradients of the batch's mean
//   and variance outputs,   r = 1 / sqrt(variance + epsilon),   x^ = (x - mean) r
import {
  registerGradient,
  registerKernel,
  engine,
  util,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputOf } from './heap-loops.js';
import { pointer, requireSimdKernels, withScratch } from './simd-module.js';

/** Inputs x [..., C], scale [C], offset [C]; outputs y (x's shape), mean [C], variance [C]. */
export const BATCH_NORM_TRAINING = 'BatchNormTraining';
/** Inputs x, dy, mean, variance, scale, dmean, dvariance; outputs dx, dscale, doffset. */
export const BATCH_NORM_TRAINING_GRAD = 'BatchNormTrainingGrad';

export interface BatchNormTrainingAttrs {
  epsilon: number;
}

/** Whether the kernels take x: float32, at least one row, channels (last axis) a multiple of 4. */
export function batchNormKernelsApply(shape: number[], dtype: string): boolean {
  const channels = shape.at(-1) ?? 0;
  return (
    dtype === 'float32' && shape.length >= 2 && channels > 0 && channels % 4 === 0 && util.sizeFromShape(shape) > 0
  );
}

/** x's rows and channels, after checking that the per-channel inputs are [channels]. */
function layout(kernel: string, x: TensorInfo, perChannel: TensorInfo[]): { rows: number; channels: number } {
  if (!batchNormKernelsApply(x.shape, x.dtype))
    throw new Error(`${kernel}: x must be float32 with channels a multiple of 4, not ${x.dtype} [${x.shape.join()}].`);
  const channels = x.shape.at(-1)!;
  for (const t of perChannel) {
    if (t.dtype !== 'float32' || t.shape.length !== 1 || t.shape[0] !== channels)
      throw new Error(`${kernel}: expected float32 [${channels}], got ${t.dtype} [${t.shape.join()}].`);
  }
  return { rows: util.sizeFromShape(x.shape) / channels, channels };
}

/** The float64 sums channelSums left in scratch (the heap may have grown: a fresh view). */
function sumsOf(wasm: BackendWasm, scratch: TensorInfo, channels: number): Float64Array {
  const floats = wasm.typedArrayFromHeap(scratch);
  if (floats.byteOffset % 8 !== 0) throw new Error('Scratch memory is not aligned for float64.');
  return new Float64Array(floats.buffer, floats.byteOffset, 2 * channels);
}

const batchNormTraining: KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const simd = requireSimdKernels(wasm, BATCH_NORM_TRAINING);
  const [x, scale, offset] = ['x', 'scale', 'offset'].map((name) => inputOf(inputs, name));
  const { rows, channels } = layout(BATCH_NORM_TRAINING, x, [scale, offset]);
  const { epsilon } = attrs as unknown as BatchNormTrainingAttrs;
  const [y, mean, variance] = [x.shape, [channels], [channels]].map((shape) => wasm.makeOutput(shape, 'float32'));
  // 4 channels of float64 sums, then 3 of coefficients: 7 floats a channel.
  return withScratch(wasm, 7 * channels, (scratch) => {
    const coefficients = pointer(wasm, scratch) + 16 * channels;
    wasm.typedArrayFromHeap(mean).fill(0); // the center of the sums below: x and x squared
    simd.channelSums(pointer(wasm, x), pointer(wasm, x), pointer(wasm, mean), pointer(wasm, scratch), rows, channels);
    const sums = sumsOf(wasm, scratch, channels);
    const [m, v, s, o] = [mean, variance, scale, offset].map((t) => wasm.typedArrayFromHeap(t));
    const k = new Float32Array(sums.buffer, coefficients, 3 * channels);
    for (let c = 0; c < channels; c++) {
      const average = sums[c] / rows;
      m[c] = average;
      // Biased, as Keras' and tfjs' moments; the sums are float64, so no cancellation to fear.
      v[c] = Math.max(0, sums[channels + c] / rows - average * average);
      k[c] = 0;
      k[channels + c] = s[c] / Math.sqrt(v[c] + epsilon);
      k[2 * channels + c] = o[c];
    }
    simd.channelAffine(
      pointer(wasm, x),
      pointer(wasm, x),
      pointer(wasm, mean),
      coefficients,
      pointer(wasm, y),
      rows,
      channels,
    );
    return [y, mean, variance];
  });
};

const batchNormTrainingGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const simd = requireSimdKernels(wasm, BATCH_NORM_TRAINING_GRAD);
  const names = ['x', 'dy', 'mean', 'variance', 'scale', 'dmean', 'dvariance'];
  const [x, dy, mean, variance, scale, dmean, dvariance] = names.map((name) => inputOf(inputs, name));
  const { rows, channels } = layout(BATCH_NORM_TRAINING_GRAD, x, [mean, variance, scale, dmean, dvariance]);
  if (dy.dtype !== 'float32' || dy.shape.join() !== x.shape.join())
    throw new Error(
      `${BATCH_NORM_TRAINING_GRAD}: dy must be float32 [${x.shape.join()}], not ${dy.dtype} [${dy.shape.join()}].`,
    );
  const { epsilon } = attrs as unknown as BatchNormTrainingAttrs;
  const [dx, dscale, doffset] = [x.shape, [channels], [channels]].map((shape) => wasm.makeOutput(shape, 'float32'));
  return withScratch(wasm, 7 * channels, (scratch) => {
    const coefficients = pointer(wasm, scratch) + 16 * channels;
    simd.channelSums(pointer(wasm, dy), pointer(wasm, x), pointer(wasm, mean), pointer(wasm, scratch), rows, channels);
    const sums = sumsOf(wasm, scratch, channels); // sum of dy, sum of dy (x - mean)
    const [v, s, dm, dv, ds, doff] = [variance, scale, dmean, dvariance, dscale, doffset].map((t) =>
      wasm.typedArrayFromHeap(t),
    );
    const k = new Float32Array(sums.buffer, coefficients, 3 * channels);
    for (let c = 0; c < channels; c++) {
      const r = 1 / Math.sqrt(v[c] + epsilon);
      const [sumDy, sumDyCentered] = [sums[c], sums[channels + c]];
      ds[c] = sumDyCentered * r;
      doff[c] = sumDy;
      // dx = dy A + (x - mean) B + C
      k[c] = s[c] * r;
      k[channels + c] = (-s[c] * r * r * r * sumDyCentered + 2 * dv[c]) / rows;
      k[2 * channels + c] = (-s[c] * r * sumDy + dm[c]) / rows;
    }
    simd.channelAffine(
      pointer(wasm, dy),
      pointer(wasm, x),
      pointer(wasm, mean),
      coefficients,
      pointer(wasm, dx),
      rows,
      channels,
    );
    return [dx, dscale, doffset];
  });
};

let registered = false;

/** Registers both kernels for the wasm backend, and the forward kernel's gradient. */
export function registerWasmBatchNorm(): void {
  if (registered) return;
  registered = true;
  registerKernel({ kernelName: BATCH_NORM_TRAINING, backendName: 'wasm', kernelFunc: batchNormTraining });
  registerKernel({ kernelName: BATCH_NORM_TRAINING_GRAD, backendName: 'wasm', kernelFunc: batchNormTrainingGrad });
  registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [dy, dmean, dvariance] = dys as Tensor[];
      const [x, scale, mean, variance] = saved;
      // All three at once, in the gradient's scope (freed with it): the tape asks for
      // each input's gradient in a scope of its own.
      const inputs = { x, dy, mean, variance, scale, dmean, dvariance };
      const [dx, dscale, doffset] = engine().runKernel<Tensor[]>(BATCH_NORM_TRAINING_GRAD, inputs, attrs);
      return { x: () => dx, scale: () => dscale, offset: () => doffset };
    },
  });
}

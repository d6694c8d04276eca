// Kernels that let the wasm backend train convolutions fast. tfjs 4.22 has no wasm
// Conv2DBackpropFilter (tfjs issue 8474), and its Conv2DBackpropInput is a plain loop
// several times slower than the XNNPACK Conv2D. Both gradients are convolutions
// themselves, so these kernels rearrange their operands with the backend's own
// Transpose and Reverse and hand the work to its XNNPACK Conv2D.
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type BatchMatMulAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmAdam } from './adam.js';
import { registerWasmBatchNorm } from './batch-norm.js';
import { inputOf, maxPoolGrad, reduce, tile } from './heap-loops.js';
import { pointer, simdKernels } from './simd-module.js';

const BACKEND = 'wasm';
type Pad = Conv2DBackpropFilterAttrs['pad'];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** Runs another wasm kernel; the caller disposes what it returns unless it is the result. */
function run(backend: BackendWasm, name: string, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const kernel = getKernel(name, BACKEND);
  if (!kernel) throw new Error(`The wasm backend has no ${name} kernel.`);
  return kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend }) as TensorInfo;
}

function explicit(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/** An explicit NCHW padding, [batch, channels, height, width], in NHWC order. */
function channelsLastPad(pad: Pad, dataFormat: string): Pad {
  if (dataFormat !== 'NCHW' || typeof pad !== 'object') return pad;
  return explicit(pad[2][0], pad[2][1], pad[3][0], pad[3][1]);
}

type Temporary = (t: TensorInfo) => TensorInfo;

/** Runs a kernel's body; what it marks with `temporary` is freed when it returns or throws. */
function withTemporaries(backend: BackendWasm, body: (temporary: Temporary) => TensorInfo): TensorInfo {
  const temps: TensorInfo[] = [];
  try {
    return body((t) => {
      temps.push(t);
      return t;
    });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/** NCHW tensors go through NHWC: the XNNPACK Conv2D takes channels last only. */
function toChannelsLast(backend: BackendWasm, t: TensorInfo, dataFormat: string, temporary: Temporary): TensorInfo {
  if (dataFormat !== 'NCHW') return t;
  return temporary(run(backend, 'Transpose', { x: t }, { perm: [0, 2, 3, 1] }));
}

/**
 * dW[a,b,i,o] = sum over n,y,x of x[n, y*s + a - top, x*s + b - left, i] * dy[n,y,x,o]:
 * a convolution of x, with batch and channels swapped, by dy used as the filter, dilated
 * by the forward stride. Every stride, padding (valid, same, explicit, number) and data
 * format of Conv2D is covered; tfjs' conv2d gradient allows no dilation.
 */
const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const filterAttrs = attrs as unknown as Conv2DBackpropFilterAttrs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = filterAttrs;
  const single = singleChannelFilterGradient(wasm, inputOf(inputs, 'x'), inputOf(inputs, 'dy'), filterAttrs);
  if (single) return single;
  return withTemporaries(wasm, (temporary) => {
    const x = toChannelsLast(wasm, inputOf(inputs, 'x'), dataFormat, temporary);
    const dy = toChannelsLast(wasm, inputOf(inputs, 'dy'), dataFormat, temporary);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      channelsLastPad(pad, dataFormat),
      dimRoundingMode,
    );
    const [kh, kw, inChannels, outChannels] = filterShape;
    const { top, left } = info.padInfo;
    // Pad the far edges to what dy's size implies rather than take padInfo's: tfjs
    // sizes a numeric pad's output width from the filter's height, and a stride may
    // leave input rows unread (they come out as extra rows, sliced off below).
    const bottom = Math.max(0, (info.outHeight - 1) * info.strideHeight + kh - info.inHeight - top);
    const right = Math.max(0, (info.outWidth - 1) * info.strideWidth + kw - info.inWidth - left);
    const xT = temporary(run(wasm, 'Transpose', { x }, { perm: [3, 1, 2, 0] })); // [in, H, W, N]
    const dyT = temporary(run(wasm, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] })); // [outH, outW, N, out]
    let grad = run(
      wasm,
      'Conv2D',
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        dilations: [info.strideHeight, info.strideWidth],
        pad: explicit(top, bottom, left, right),
        dataFormat: 'NHWC',
      },
    ); // [in, >= kh, >= kw, out]: rows the forward pass never reached come out extra
    if (grad.shape[1] !== kh || grad.shape[2] !== kw) {
      const size = [inChannels, kh, kw, outChannels];
      grad = run(wasm, 'Slice', { x: temporary(grad) }, { begin: [0, 0, 0, 0], size });
    }
    return run(wasm, 'Transpose', { x: temporary(grad) }, { perm: [1, 2, 0, 3] });
  });
};

/**
 * The first layer's case, a 3x3 'valid' stride-1 filter over a 1-channel input, by the
 * SIMD module: XNNPACK's convolution above runs it with one input channel and 64-wide
 * "channels" (the batch), which it handles poorly. Undefined where that does not apply.
 */
function singleChannelFilterGradient(
  wasm: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  { strides, pad, dataFormat, filterShape }: Conv2DBackpropFilterAttrs,
): TensorInfo | undefined {
  const [batch, height, width, channels] = x.shape;
  const [kh, kw, , outChannels] = filterShape;
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  const applies =
    dataFormat === 'NHWC' &&
    pad === 'valid' &&
    sh === 1 &&
    sw === 1 &&
    channels === 1 &&
    kh === 3 &&
    kw === 3 &&
    outChannels % 4 === 0 &&
    batch > 0 &&
    height >= 3 &&
    width >= 3 &&
    dy.shape.join() === [batch, height - 2, width - 2, outChannels].join() &&
    x.dtype === 'float32' &&
    dy.dtype === 'float32';
  const simd = applies ? simdKernels(wasm) : undefined;
  if (!simd) return undefined;
  const dw = wasm.makeOutput(filterShape, 'float32');
  simd.conv2dFilter3x3(pointer(wasm, x), pointer(wasm, dy), pointer(wasm, dw), batch, height, width, outChannels);
  return dw;
}

/**
 * For stride 1, dx is the "full" correlation of dy with the filter turned by 180 degrees
 * and its channels swapped. Strides above 1 (never used by this model) and paddings
 * wider than the filter go to the backend's own kernel.
 */
function fastConv2dBackpropInput(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const wasm = args.backend as BackendWasm;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const filter = inputOf(inputs, 'filter');
    const [kh, kw] = filter.shape;
    const nhwcShape: [number, number, number, number] =
      dataFormat === 'NCHW' ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]] : inputShape;
    const info = backend_util.computeConv2DInfo(
      nhwcShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      channelsLastPad(pad, dataFormat),
      dimRoundingMode,
    );
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = info.inHeight - info.outHeight - top + kh - 1;
    const right = info.inWidth - info.outWidth - left + kw - 1;
    const fast = info.strideHeight === 1 && info.strideWidth === 1 && Math.min(top, left, bottom, right) >= 0;
    if (!fast) return original(args);
    return withTemporaries(wasm, (temporary) => {
      const dy = toChannelsLast(wasm, inputOf(inputs, 'dy'), dataFormat, temporary);
      const turned = temporary(run(wasm, 'Reverse', { x: filter }, { dims: [0, 1] }));
      const swapped = temporary(run(wasm, 'Transpose', { x: turned }, { perm: [0, 1, 3, 2] })); // [kh, kw, out, in]
      const dx = run(
        wasm,
        'Conv2D',
        { x: dy, filter: swapped },
        { strides: [1, 1], dilations: [1, 1], pad: explicit(top, bottom, left, right), dataFormat: 'NHWC' },
      );
      if (dataFormat !== 'NCHW') return dx;
      return run(wasm, 'Transpose', { x: temporary(dx) }, { perm: [0, 3, 1, 2] });
    });
  };
}

/**
 * A matrix product without batches is a 1x1 convolution of a one-row image, which
 * XNNPACK runs several times faster than the backend's own BatchMatMul. Batched
 * products go to the original kernel.
 */
function fastBatchMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const a = inputOf(args.inputs, 'a');
    const b = inputOf(args.inputs, 'b');
    const wasm = args.backend as BackendWasm;
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const batches = (t: TensorInfo): number => t.shape.slice(0, -2).reduce((x, y) => x * y, 1);
    if (batches(a) !== 1 || batches(b) !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const [aRows, aCols] = a.shape.slice(-2);
    const [bRows, bCols] = b.shape.slice(-2);
    const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
    const n = transposeB ? bRows : bCols;
    return withTemporaries(wasm, (temporary) => {
      const matrix = (t: TensorInfo, transpose: boolean, rows: number, cols: number): TensorInfo => {
        const flat = { ...t, shape: transpose ? [cols, rows] : [rows, cols] };
        return transpose ? temporary(run(wasm, 'Transpose', { x: flat }, { perm: [1, 0] })) : flat;
      };
      const image = matrix(a, transposeA, m, k);
      const filter = matrix(b, transposeB, k, n);
      const product = run(
        wasm,
        'Conv2D',
        { x: { ...image, shape: [1, 1, m, k] }, filter: { ...filter, shape: [1, 1, k, n] } },
        { strides: [1, 1], dilations: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
      );
      const rank = Math.max(a.shape.length, b.shape.length);
      return { ...product, shape: [...new Array<number>(rank - 2).fill(1), m, n] };
    });
  };
}

/**
 * Identity, and Cast to the type a tensor already has, share its memory (reference
 * counted), as the CPU and WebGL backends' do; the wasm backend's copy it. A training
 * step clones its big activations and gradients some 160 times.
 */
function share(original: KernelFunc): KernelFunc {
  return (args) => {
    const x = inputOf(args.inputs, 'x');
    const dtype = (args.attrs as { dtype?: string } | undefined)?.dtype;
    if (x.dtype === 'string' || (dtype !== undefined && dtype !== x.dtype)) return original(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

let registered = false;

/**
 * Registers the kernels for the wasm backend. Call before the backend starts, so the
 * replaced kernel's setup (kept from the original) runs with it.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  // A later tfjs may bring its own; this one is tested against the CPU backend's.
  if (getKernel('Conv2DBackpropFilter', BACKEND)) unregisterKernel('Conv2DBackpropFilter', BACKEND);
  registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2dBackpropFilter });
  replace('Conv2DBackpropInput', fastConv2dBackpropInput);
  replace('BatchMatMul', fastBatchMatMul);
  replace('MaxPoolGrad', () => maxPoolGrad);
  replace('Sum', (original) => (args) => reduce('sum', args) ?? original(args));
  replace('Mean', (original) => (args) => reduce('mean', args) ?? original(args));
  replace('Tile', (original) => (args) => tile(args) ?? original(args));
  replace('Identity', share);
  replace('Cast', share);
  registerWasmAdam();
  registerWasmBatchNorm();
}

/** Swaps a kernel's function, keeping the original's setup (and calling it where ours declines). */
function replace(name: string, make: (original: KernelFunc) => KernelFunc): void {
  const original = getKernel(name, BACKEND) as KernelConfig | undefined;
  if (!original) throw new Error(`The wasm backend has no ${name} kernel to replace.`);
  unregisterKernel(name, BACKEND);
  registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
}

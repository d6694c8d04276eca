// wasm kernels written as JavaScript loops over the backend's heap. Training's profile
// on wasm put the backend's own MaxPoolGrad, Tile (the BatchNorm gradient tiles its
// statistics to the batch's full shape) and Sum near the top; these simple loops are
// several times faster, and no library offers them.
import {
  backend_util,
  util,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type SumAttrs,
  type TensorInfo,
  type TileAttrs,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { pointer, simdKernels, withScratch } from './simd-module.js';

/** A kernel's named input; the engine always passes them, so a missing one is a bug. */
export function inputOf(inputs: Parameters<KernelFunc>[0]['inputs'], name: string): TensorInfo {
  const t = inputs[name];
  if (!t) throw new Error(`A kernel was called without its input "${name}".`);
  return t;
}

/** A view of a tensor's memory; take it after the last allocation (the heap may grow). */
function heap(backend: BackendWasm, t: TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(t);
}

/**
 * Each dy goes to the first largest input of its window (row by row, as tfjs' CPU
 * kernel chooses); overlapping windows add up. Any window, stride and padding.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const dy = inputOf(inputs, 'dy');
  const input = inputOf(inputs, 'input');
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const out = wasm.makeOutput(input.shape, 'float32');
  const tiled = filterHeight === strideHeight && filterWidth === strideWidth && top === 0 && left === 0;
  const twoByTwo = tiled && filterHeight === 2 && filterWidth === 2;
  const simd = simdKernels(wasm);
  if (twoByTwo && simd && channels % 4 === 0 && out.shape.every((d) => d > 0)) {
    const [xp, dyp, dxp] = [pointer(wasm, input), pointer(wasm, dy), pointer(wasm, out)];
    simd.maxPoolGrad2x2(xp, dyp, dxp, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return out;
  }
  const dx = heap(wasm, out) as Float32Array;
  const x = heap(wasm, input) as Float32Array;
  const g = heap(wasm, dy) as Float32Array;
  if (twoByTwo) {
    maxPoolGrad2x2(x, g, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return out;
  }
  dx.fill(0);
  const rowStride = inWidth * channels;
  const imageStride = inHeight * rowStride;
  // Window by window, all channels at once: contiguous reads, one running max per channel.
  const max = new Float32Array(channels);
  const best = new Int32Array(channels);
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * imageStride;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = Math.max(0, oy * strideHeight - top);
      const y1 = Math.min(inHeight, oy * strideHeight - top + filterHeight);
      for (let ox = 0; ox < outWidth; ox++, gi += channels) {
        const x0 = Math.max(0, ox * strideWidth - left);
        const x1 = Math.min(inWidth, ox * strideWidth - left + filterWidth);
        max.fill(Number.NEGATIVE_INFINITY);
        best.fill(-1);
        for (let y = y0; y < y1; y++) {
          for (let xx = x0; xx < x1; xx++) {
            const pixel = image + y * rowStride + xx * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[pixel + c];
              if (v > max[c]) {
                max[c] = v;
                best[c] = pixel + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) if (best[c] >= 0) dx[best[c]] += g[gi + c];
      }
    }
  }
  return out;
};

/**
 * The model's case, 2x2 windows that tile the input: each input pixel is in one window,
 * so every dx is written once (0 or the window's dy) and nothing is accumulated. (The
 * SIMD module's maxPoolGrad2x2 does the same where it runs and channels come in fours.)
 */
function maxPoolGrad2x2(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStride = inWidth * channels;
  dx.fill(0); // rows or columns past the last window (odd sizes) get no gradient
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      let p00 = (b * inHeight + oy * 2) * rowStride;
      for (let ox = 0; ox < outWidth; ox++, p00 += 2 * channels, gi += channels) {
        const p01 = p00 + channels;
        const p10 = p00 + rowStride;
        const p11 = p10 + channels;
        for (let c = 0; c < channels; c++) {
          // The first largest, row by row, as the CPU backend picks it (NaN aside).
          let best = p00 + c;
          let max = x[best];
          if (x[p01 + c] > max) {
            best = p01 + c;
            max = x[best]!;
          }
          if (x[p10 + c] > max) {
            best = p10 + c;
            max = x[best]!;
          }
          if (x[p11 + c] > max) best = p11 + c;
          dx[best] = g[gi + c]!;
        }
      }
    }
  }
}

/**
 * Sum or Mean of float32 over leading axes (per channel: bias and BatchNorm gradients,
 * BatchNorm's moments) or trailing axes, summed in float64 (leading axes by the SIMD
 * module when it runs and the kept size is a multiple of 4). Other cases return undefined
 * for the backend's own kernel, which transposes the reduced axes inward first.
 */
export function reduce(kind: 'sum' | 'mean', args: Parameters<KernelFunc>[0]): TensorInfo | undefined {
  const wasm = args.backend as BackendWasm;
  const x = inputOf(args.inputs, 'x');
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  if (x.dtype !== 'float32') return undefined;
  const rank = x.shape.length;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === rank - axes.length + i);
  if (axes.length === 0 || (!leading && !trailing)) return undefined;
  const reduced = axes.reduce((n, a) => n * x.shape[a], 1);
  const kept = util.sizeFromShape(x.shape) / reduced;
  const shape = keepDims
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  const out = wasm.makeOutput(shape, 'float32');
  const scale = kind === 'mean' ? 1 / reduced : 1;
  const simd = simdKernels(wasm);
  if (leading && simd && kept % 4 === 0 && kept > 0) {
    // kept float64 sums
    withScratch(wasm, 2 * kept, (scratch) =>
      simd.sumLeading(pointer(wasm, x), pointer(wasm, out), pointer(wasm, scratch), reduced, kept, scale),
    );
    return out;
  }
  const dst = heap(wasm, out) as Float32Array;
  const src = heap(wasm, x) as Float32Array;
  const sums = new Float64Array(kept);
  if (leading) {
    for (let r = 0, base = 0; r < reduced; r++, base += kept) for (let c = 0; c < kept; c++) sums[c] += src[base + c];
  } else {
    for (let k = 0, base = 0; k < kept; k++, base += reduced) {
      let sum = 0;
      for (let j = 0; j < reduced; j++) sum += src[base + j];
      sums[k] = sum;
    }
  }
  for (let k = 0; k < kept; k++) dst[k] = sums[k] * scale;
  return out;
}

/**
 * Repeats x along each axis by block copies, innermost axis first: every pass copies
 * runs of contiguous memory instead of computing an index per element. Strings (not on
 * the heap) return undefined for the backend's own kernel.
 */
export function tile({ inputs, attrs, backend }: Parameters<KernelFunc>[0]): TensorInfo | undefined {
  const wasm = backend as BackendWasm;
  const x = inputOf(inputs, 'x');
  if (x.dtype === 'string') return undefined;
  const { reps } = attrs as unknown as TileAttrs;
  const shape = x.shape.map((d, i) => d * reps[i]);
  const out = wasm.makeOutput(shape, x.dtype);
  const dst = heap(wasm, out);
  const src = heap(wasm, x);
  const rank = x.shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const current = [...x.shape];
  // Place x's rows (innermost axis) where they belong in the output.
  const inner = x.shape[rank - 1];
  const outer = src.length / Math.max(1, inner);
  const outStrides = stridesOf(shape);
  for (let row = 0; row < outer; row++) {
    let rest = row;
    let offset = 0;
    for (let axis = rank - 2; axis >= 0; axis--) {
      const index = rest % x.shape[axis];
      rest = Math.floor(rest / x.shape[axis]);
      offset += index * outStrides[axis];
    }
    dst.set(src.subarray(row * inner, (row + 1) * inner), offset);
  }
  for (let axis = rank - 1; axis >= 0; axis--) {
    if (reps[axis] === 1) continue;
    // Inner axes are complete, so x's extent along `axis` under one prefix of outer
    // indices is one contiguous block: copy it reps - 1 times behind itself.
    const block = current[axis] * outStrides[axis];
    const count = current.slice(0, axis).reduce((a, b) => a * b, 1);
    for (let k = 0; k < count; k++) {
      let rest = k;
      let base = 0;
      for (let a = axis - 1; a >= 0; a--) {
        base += (rest % current[a]) * outStrides[a];
        rest = Math.floor(rest / current[a]);
      }
      for (let r = 1; r < reps[axis]; r++) dst.copyWithin(base + r * block, base, base + block);
    }
    current[axis] *= reps[axis];
  }
  return out;
}

function stridesOf(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { instantiateOn, wasmSimdKernelsActive } from '../../src/worker/kernels/wasm/simd-module.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number]; // NHWC
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
}

/**
 * Float32 sums of up to a few thousand products, in a different order on each backend:
 * |wasm - cpu| <= 1e-5 + 1e-4 * max|cpu| elementwise.
 */
function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).to.equal(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  const tolerance = 1e-5 + 1e-4 * scale;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(
    worst,
    `${what}: worst difference ${worst} of scale ${scale} ${actual.slice(0, 6).join()} vs ${expected.slice(0, 6).join()}`,
  ).to.be.at.most(tolerance);
}

function random(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** Both gradients of a Conv2D case, from the kernels of the current backend. */
async function gradients(c: Case, seed: number): Promise<{ dFilter: Float32Array; dInput: Float32Array }> {
  const nchw = (t: tf.Tensor4D): tf.Tensor4D => (c.dataFormat === 'NCHW' ? tf.transpose(t, [0, 3, 1, 2]) : t);
  const x = nchw(random(c.x, seed) as tf.Tensor4D);
  const filter = random(c.filter, seed + 1) as tf.Tensor4D;
  const format = c.dataFormat;
  // The forward pass only gives dy its shape (wasm's Conv2D takes no NCHW).
  const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  const outShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
  const dy = nchw(random(outShape, seed + 2) as tf.Tensor4D);
  // An explicit padding names every dimension in the tensor's own order.
  const pad = format === 'NCHW' && typeof c.pad === 'object' ? [[0, 0], [0, 0], c.pad[1], c.pad[2]] : c.pad;
  const attrs = { strides: c.strides, pad, dataFormat: format };
  const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.filter });
  const dInput = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
  const result = {
    dFilter: (await (dFilter as tf.Tensor).data()) as Float32Array,
    dInput: (await (dInput as tf.Tensor).data()) as Float32Array,
  };
  tf.dispose([x, filter, dy, dFilter, dInput]);
  return result;
}

const PADS: Pad[] = [
  'valid',
  'same',
  1,
  [
    [0, 0],
    [2, 0],
    [1, 3],
    [0, 0],
  ],
];

/**
 * The model's two convolutions (the first at its training batch too: the SIMD module's
 * filter gradient), then random shapes over every stride, padding and format.
 */
function cases(): Case[] {
  const list: Case[] = [
    { x: [64, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [8, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [3, 9, 7, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [8, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
  ];
  let state = 7;
  const int = (lo: number, hi: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return lo + (state % (hi - lo + 1));
  };
  for (const pad of PADS) {
    for (const stride of [1, 2, 3]) {
      for (const dataFormat of ['NHWC', 'NCHW'] as const) {
        const kh = int(1, 4);
        const kw = int(1, 4);
        list.push({
          x: [int(1, 3), int(kh + 2, 12), int(kw + 2, 12), int(1, 5)],
          filter: [kh, kw, 0, int(1, 6)],
          strides: [stride, int(1, stride)],
          pad,
          dataFormat,
        });
      }
    }
  }
  for (const c of list) c.filter[2] = c.x[3];
  return list;
}

describe('wasm training kernels', () => {
  before(async () => {
    await tf.ready();
  });

  after(async () => {
    await tf.setBackend('cpu');
  });

  it('runs both builds of the SIMD module (shared and unshared memory) like plain loops', () => {
    // The tests' page is not cross-origin isolated, so the backend here is single-threaded:
    // the shared-memory build (the threaded backend's) is checked on a memory of our own.
    for (const shared of [false, true]) {
      const memory = new WebAssembly.Memory({ initial: 16, maximum: 64, shared });
      const kernels = instantiateOn(memory);
      if (!kernels) throw new Error(`the module did not instantiate (shared ${shared})`);
      const heap = new Float32Array(memory.buffer);
      let next = 64; // element index; byte offsets are 4x
      const place = (n: number): number => {
        const at = next;
        next += n + 16;
        for (let i = 0; i < n; i++) heap[at + i] = Math.round(Math.sin(at + i * 7.1) * 8) / 4; // ties too
        return at;
      };
      // MaxPoolGrad, [2, 5, 7, 8] (odd sizes: the last row and column get 0).
      const [b, h, w, c] = [2, 5, 7, 8];
      const [x, dy, dx] = [place(b * h * w * c), place(b * 2 * 3 * c), place(b * h * w * c)];
      kernels.maxPoolGrad2x2(x * 4, dy * 4, dx * 4, b, h, w, c, 2, 3);
      const expected = new Float32Array(b * h * w * c);
      for (let i = 0, g = 0; i < b * 2 * 3; i++) {
        const [n, oy, ox] = [Math.floor(i / 6), Math.floor(i / 3) % 2, i % 3];
        for (let ch = 0; ch < c; ch++, g++) {
          const at = (dyx: number, dxx: number): number => ((n * h + oy * 2 + dyx) * w + ox * 2 + dxx) * c + ch;
          let best = at(0, 0);
          for (const p of [at(0, 1), at(1, 0), at(1, 1)]) if (heap[x + p] > heap[x + best]) best = p;
          expected[best] = heap[dy + g];
        }
      }
      expectClose(heap.slice(dx, dx + expected.length), expected, `MaxPoolGrad, shared ${shared}`);
      // Sum and mean of [300, 12] over rows.
      const [src, dst, scratch] = [place(300 * 12), place(12), place(24)];
      kernels.sumLeading(src * 4, dst * 4, scratch * 4, 300, 12, 0.5);
      const sums = new Float32Array(12);
      for (let i = 0; i < 300 * 12; i++) sums[i % 12] += heap[src + i] * 0.5;
      expectClose(heap.slice(dst, dst + 12), sums, `sumLeading, shared ${shared}`);
      // The 3x3 filter gradient of a [2, 6, 5, 1] input, 8 output channels.
      const [xi, dyi, dw] = [place(2 * 6 * 5), place(2 * 4 * 3 * 8), place(9 * 8)];
      kernels.conv2dFilter3x3(xi * 4, dyi * 4, dw * 4, 2, 6, 5, 8);
      const grads = new Float32Array(9 * 8);
      for (let n = 0; n < 2; n++)
        for (let y = 0; y < 4; y++)
          for (let xx = 0; xx < 3; xx++)
            for (let k = 0; k < 9; k++)
              for (let o = 0; o < 8; o++)
                grads[k * 8 + o] +=
                  heap[xi + (n * 6 + y + Math.floor(k / 3)) * 5 + xx + (k % 3)] *
                  heap[dyi + ((n * 4 + y) * 3 + xx) * 8 + o];
      expectClose(heap.slice(dw, dw + grads.length), grads, `conv2dFilter3x3, shared ${shared}`);
    }
  });

  it('runs the SIMD module on the backend’s memory', async () => {
    await tf.setBackend('wasm');
    // (Whether the page is cross-origin isolated decides the threaded build and its shared memory.)
    expect(wasmSimdKernelsActive(), `crossOriginIsolated ${String(crossOriginIsolated)}`).to.equal(true);
  });

  it('gives the CPU backend’s Conv2D gradients for every stride, padding and data format', async () => {
    const list = cases();
    const reference: Awaited<ReturnType<typeof gradients>>[] = [];
    await tf.setBackend('cpu');
    for (const [i, c] of list.entries()) reference.push(await gradients(c, i * 10));
    await tf.setBackend('wasm');
    for (const [i, c] of list.entries()) {
      const name = `case ${i} ${JSON.stringify(c)}`;
      const got = await gradients(c, i * 10);
      expectClose(got.dFilter, reference[i].dFilter, `${name} filter`);
      expectClose(got.dInput, reference[i].dInput, `${name} input`);
    }
  });

  /** Runs each kernel call on the CPU backend and on wasm, and compares the results. */
  async function compareWithCpu(calls: { name: string; run: () => tf.Tensor }[]): Promise<void> {
    const results: Float32Array[][] = [[], []];
    for (const [i, backend] of ['cpu', 'wasm'].entries()) {
      await tf.setBackend(backend);
      for (const call of calls) {
        const out = call.run();
        results[i].push(Float32Array.from(await out.data()));
        out.dispose();
      }
    }
    calls.forEach((call, j) => expectClose(results[1][j], results[0][j], call.name));
  }

  it('routes MaxPool gradients like the CPU backend, ties included', async () => {
    const calls = [];
    const pools: [
      [number, number, number, number],
      number | [number, number],
      number | [number, number],
      'valid' | 'same' | number,
    ][] = [
      // The model's two, then channels the SIMD module leaves to JavaScript (3) and its smallest.
      [[64, 26, 26, 32], 2, 2, 'valid'],
      [[64, 11, 11, 64], 2, 2, 'valid'],
      [[4, 26, 26, 8], 2, 2, 'valid'],
      [[2, 11, 11, 3], 2, 2, 'valid'],
      [[1, 3, 5, 4], 2, 2, 'valid'],
      [[2, 9, 7, 3], 3, 2, 'same'],
      [[1, 8, 8, 2], 3, 1, 'valid'],
      [[2, 10, 9, 4], [2, 3], [1, 2], 1],
    ];
    for (const [shape, size, stride, pad] of pools) {
      for (const ties of [false, true]) {
        calls.push({
          name: `MaxPoolGrad ${JSON.stringify({ shape, size, stride, pad, ties })}`,
          run: () =>
            tf.tidy(() => {
              // After a ReLU whole windows are zero: the first zero takes the gradient.
              const normal = tf.randomNormal<tf.Rank.R4>(shape, 0, 1, 'float32', 5);
              const x = ties ? tf.relu(normal) : normal;
              const output = tf.maxPool(x, size, stride, pad);
              const dy = tf.randomNormal(output.shape, 0, 1, 'float32', 6);
              const attrs = { filterSize: size, strides: stride, pad };
              return tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', { dy, input: x, output }, attrs);
            }),
        });
      }
    }
    await compareWithCpu(calls);
  });

  it('tiles like the CPU backend for every rank and dtype', async () => {
    const calls = [];
    for (const [shape, reps] of [
      [[3], [4]],
      [
        [2, 3],
        [3, 1],
      ],
      [
        [1, 1, 1, 64],
        [64, 11, 11, 1],
      ],
      [
        [2, 1, 3, 2],
        [2, 3, 1, 2],
      ],
      [
        [2, 3, 1, 2, 2],
        [1, 2, 3, 1, 2],
      ],
    ] as const) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        calls.push({
          name: `Tile ${JSON.stringify({ shape, reps, dtype })}`,
          run: () =>
            tf.tidy(() => {
              const ints = tf.randomUniform(shape as unknown as number[], 0, 10, 'int32', 7);
              // (wasm's Cast to bool keeps the integer: compare instead.)
              const x = dtype === 'bool' ? tf.greater(ints, 4) : ints.cast(dtype);
              return tf.tile(x, reps as unknown as number[]).cast('float32');
            }),
        });
      }
    }
    await compareWithCpu(calls);
  });

  it('sums and averages like the CPU backend over leading, trailing and other axes', async () => {
    const calls = [];
    for (const [shape, axis] of [
      [
        [64, 26, 26, 32],
        [0, 1, 2],
      ],
      [
        [64, 13, 13, 32],
        [0, 1, 2],
      ],
      [[64, 128], [0]],
      [[5, 7], [1]],
      [
        [3, 4, 5],
        [1, 2],
      ],
      [
        [3, 4, 5],
        [0, 2],
      ],
      [[3, 4, 5], [-1]],
      [[6], [0]],
    ] as [number[], number[]][]) {
      for (const keepDims of [false, true]) {
        for (const op of ['sum', 'mean'] as const) {
          calls.push({
            name: `${op} ${JSON.stringify({ shape, axis, keepDims })}`,
            run: () => tf.tidy(() => tf[op](tf.randomNormal(shape, 0, 1, 'float32', 4), axis, keepDims)),
          });
        }
      }
    }
    calls.push({
      name: 'sum of int32',
      run: () => tf.tidy(() => tf.sum(tf.range(0, 24, 1, 'int32').reshape([4, 6]), 0)),
    });
    await compareWithCpu(calls);
  });

  it('multiplies matrices like the CPU backend, transposed or not', async () => {
    const calls = [];
    for (const [a, b] of [
      [
        [64, 1600],
        [1600, 128],
      ],
      [
        [1, 5, 7],
        [1, 7, 3],
      ],
      [
        [3, 5, 7],
        [3, 7, 2],
      ],
    ] as const) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          calls.push({
            name: `BatchMatMul ${JSON.stringify({ a, b, transposeA, transposeB })}`,
            run: () =>
              tf.tidy(() => {
                const turn = (shape: readonly number[], t: boolean) =>
                  t ? [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]] : [...shape];
                const x = tf.randomNormal(turn(a, transposeA), 0, 1, 'float32', 8);
                const y = tf.randomNormal(turn(b, transposeB), 0, 1, 'float32', 9);
                return tf.matMul(x, y, transposeA, transposeB);
              }),
          });
        }
      }
    }
    await compareWithCpu(calls);
  });

  it('shares memory for clones and same-type casts, freed with the last reference', async () => {
    await tf.setBackend('wasm');
    const buffers = (): number => tf.memory().numDataBuffers;
    const x = tf.tensor([1.5, -2.25, 3], [3]);
    const before = buffers();
    const clone = x.clone();
    const same = tf.cast(x, 'float32');
    expect(buffers(), 'a clone and a float32 cast of float32 add no memory').to.equal(before);
    const ints = tf.cast(x, 'int32');
    expect(buffers(), 'a cast to another type has its own').to.equal(before + 1);
    x.dispose();
    expect(Array.from(await clone.data())).to.deep.equal([1.5, -2.25, 3]);
    expect(Array.from(await same.data())).to.deep.equal([1.5, -2.25, 3]);
    expect(Array.from(await ints.data())).to.deep.equal([1, -2, 3]);
    tf.dispose([clone, same, ints]);
    expect(buffers(), 'all freed').to.equal(before - 1);
  });

  it('trains like the CPU backend, loss for loss, without leaking tensors', async () => {
    // Seeded weights: the CPU run must learn every time (unseeded, it once did not halve its loss).
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const build = (): tf.Sequential => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [28, 28, 1],
            filters: 8,
            kernelSize: 3,
            activation: 'relu',
            kernelInitializer: init(1),
          }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({
            filters: 8,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(2),
          }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
      return model;
    };
    const losses = async (backend: string, weights: Float32Array[] | null): Promise<[number[], Float32Array[]]> => {
      await tf.setBackend(backend);
      const model = build();
      if (weights) model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
      const initial = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
      const xs = tf.randomUniform([16, 28, 28, 1], 0, 1, 'float32', 3);
      const ys = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5], 'float32');
      const out: number[] = [(await model.trainOnBatch(xs, ys)) as number];
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 10; i++) out.push((await model.trainOnBatch(xs, ys)) as number);
      expect(tf.memory().numTensors, `${backend} tensors`).to.equal(tensors);
      tf.dispose([xs, ys]);
      model.dispose();
      return [out, initial];
    };
    const [cpu, weights] = await losses('cpu', null);
    const [wasm] = await losses('wasm', weights);
    expect(cpu[10]).to.be.below(cpu[0] * 0.5); // it learns at all
    for (let i = 0; i < cpu.length; i++) expect(wasm[i], `step ${i}`).to.be.closeTo(cpu[i], 1e-3 * cpu[0]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { expectClose } from '../support/expect-close.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

describe('wasm training kernels', () => {
  before(async () => {
    await tf.ready();
  });

  after(async () => {
    await tf.setBackend('cpu');
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

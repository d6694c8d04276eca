// Batch normalization in training on wasm, as two kernels (wasm-batch-norm.ts) and the
// layer that runs them: the CPU backend's outputs and gradients (tfjs' moments and
// batchNorm), the layer's moving averages, and the cases that fall back or fail.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { FusedBatchNormalization } from '../../src/worker/model/fused-batch-normalization.js';
import { buildModel } from '../../src/worker/model/model.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../../src/worker/kernels/wasm/batch-norm.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

const EPSILON = 1e-3;

/** Deterministic values in [-1, 1). */
function noise(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (((i + 1) * 2654435761 * seed) % 2000) / 1000 - 1);
}

interface Case {
  shape: number[];
  x: Float32Array;
  scale: Float32Array;
  offset: Float32Array;
  /** The loss's weights: sum(y w) + sum(mean a) + sum(variance b). */
  w: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

function makeCase(shape: number[], center: number, seed: number): Case {
  const size = shape.reduce((p, q) => p * q, 1);
  const channels = shape.at(-1)!;
  return {
    shape,
    // Activations off zero, with channels of different spreads, as after a ReLU.
    x: noise(size, seed).map((v, i) => center + v * (1 + (i % channels))),
    scale: noise(channels, seed + 1).map((v) => 1 + v / 2),
    offset: noise(channels, seed + 2),
    w: noise(size, seed + 3),
    a: noise(channels, seed + 4),
    b: noise(channels, seed + 5),
  };
}

/** Outputs and gradients on the current backend: tfjs' ops, or with `fused` our kernel. */
async function run(c: Case, fused: boolean): Promise<Float32Array[]> {
  const x = tf.tensor(c.x, c.shape);
  const [scale, offset, a, b] = [c.scale, c.offset, c.a, c.b].map((v) => tf.tensor1d(v));
  const w = tf.tensor(c.w, c.shape);
  const forward = (xx: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor[] => {
    if (fused)
      return tf
        .engine()
        .runKernel<tf.Tensor[]>(BATCH_NORM_TRAINING, { x: xx, scale: s, offset: o }, { epsilon: EPSILON });
    const axes = c.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(xx, axes);
    return [tf.batchNorm(xx, mean, variance, o, s, EPSILON), mean, variance];
  };
  const loss = (xx: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Scalar => {
    const [y, mean, variance] = forward(xx, s, o);
    return tf.addN([tf.sum(tf.mul(y, w)), tf.sum(tf.mul(mean, a)), tf.sum(tf.mul(variance, b))]) as tf.Scalar;
  };
  const outputs = forward(x, scale, offset);
  const grads = tf.grads(loss)([x, scale, offset]);
  const result = await Promise.all([...outputs, ...grads].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, scale, offset, a, b, w, ...outputs, ...grads]);
  return result;
}

const NAMES = ['y', 'mean', 'variance', 'dx', 'dscale', 'doffset'];

describe('batch normalization in training on wasm', () => {
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the CPU backend’s outputs and gradients (also of mean and variance) within 1e-5 of their scale', async () => {
    for (const [shape, center] of [
      [[8, 13, 13, 32], 0.5],
      [[6, 5, 5, 64], 0],
      [[16, 128], 3],
      [[3, 4], -2],
    ] as const) {
      const c = makeCase([...shape], center, shape.length + shape[0]);
      expect(await tf.setBackend('cpu')).to.equal(true);
      const expected = await run(c, false);
      expect(await tf.setBackend('wasm')).to.equal(true);
      const started = tf.memory().numTensors;
      const actual = await run(c, true);
      expect(tf.memory().numTensors, 'tensors left behind').to.equal(started);
      expected.forEach((reference, i) => {
        let scale = 0;
        let worst = 0;
        for (let j = 0; j < reference.length; j++) {
          scale = Math.max(scale, Math.abs(reference[j]));
          worst = Math.max(worst, Math.abs(reference[j] - actual[i][j]));
        }
        // Float32 either way, summed in another order (ours in float64).
        expect(worst, `[${shape.join()}] ${NAMES[i]}: worst ${worst} of ${scale}`).to.be.at.most(1e-5 * scale);
      });
    }
  });

  it('names the problem when the kernels are given what they cannot take', async () => {
    expect(await tf.setBackend('wasm')).to.equal(true);
    const x = tf.ones([2, 6]);
    const c6 = tf.ones([6]);
    const c4 = tf.ones([4]);
    expect(() =>
      tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale: c6, offset: c6 }, { epsilon: EPSILON }),
    ).to.throw(/BatchNormTraining: x must be float32 with channels a multiple of 4, not float32 \[2,6\]/);
    const x4 = tf.ones([2, 4]);
    expect(() =>
      tf.engine().runKernel(BATCH_NORM_TRAINING, { x: x4, scale: c6, offset: c4 }, { epsilon: EPSILON }),
    ).to.throw(/expected float32 \[4\], got float32 \[6\]/);
    const grad = { x: x4, dy: tf.ones([2, 8]), mean: c4, variance: c4, scale: c4, dmean: c4, dvariance: c4 };
    expect(() => tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, grad, { epsilon: EPSILON })).to.throw(
      /dy must be float32 \[2,4\], not float32 \[2,8\]/,
    );
    tf.dispose([x, c6, c4, x4, grad.dy]);
  });

  it('is the layer’s training path on wasm, with tfjs’ moving averages; inference and other cases are tfjs’ own', async () => {
    const c = makeCase([16, 5, 5, 64], 1, 7);
    const layerRun = async (backend: string, shape = c.shape) => {
      expect(await tf.setBackend(backend)).to.equal(true);
      const layer = new FusedBatchNormalization({ name: 'bn', momentum: 0.9 });
      const x = tf.tensor(
        c.x.slice(
          0,
          shape.reduce((p, q) => p * q, 1),
        ),
        shape,
      );
      const trained = layer.apply(x, { training: true }) as tf.Tensor;
      const fusedInTraining = layer.lastCallFused;
      const inferred = layer.apply(x, { training: false }) as tf.Tensor;
      const fusedInInference = layer.lastCallFused;
      const data = await Promise.all(
        [trained, inferred, ...layer.getWeights()].map(async (t) => (await t.data()) as Float32Array),
      );
      tf.dispose([x, trained, inferred]);
      layer.dispose();
      return { data, fusedInTraining, fusedInInference };
    };
    const cpu = await layerRun('cpu');
    expect([cpu.fusedInTraining, cpu.fusedInInference], 'on the CPU').to.deep.equal([false, false]);
    const wasm = await layerRun('wasm');
    expect([wasm.fusedInTraining, wasm.fusedInInference], 'on wasm').to.deep.equal([true, false]);
    // y in training and inference, gamma, beta, moving mean, moving variance
    cpu.data.forEach((reference, i) => {
      const scale = Math.max(...reference.map(Math.abs));
      reference.forEach((v, j) => expect(wasm.data[i][j], `output ${i} [${j}]`).to.be.closeTo(v, 1e-5 * scale));
    });
    const odd = await layerRun('wasm', [16, 6]); // 6 channels: tfjs' own path
    expect(odd.fusedInTraining).to.equal(false);
  });

  it('saves as BatchNormalization and loads as this layer', async () => {
    expect(await tf.setBackend('wasm')).to.equal(true);
    const model = buildModel(0.001);
    const saved = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string }[] } };
    const classes = saved.config.layers.map((layer) => layer.class_name);
    expect(classes.filter((name) => name === 'BatchNormalization')).to.have.length(4);
    const artifacts: tf.io.ModelArtifacts[] = [];
    await model.save(
      tf.io.withSaveHandler((a) => {
        artifacts.push(a);
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts[0]));
    const norms = loaded.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
    expect(norms.map((layer) => layer instanceof FusedBatchNormalization)).to.deep.equal([true, true, true, true]);
    model.dispose();
    loaded.dispose();
  });
});

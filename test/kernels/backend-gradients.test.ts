// One training step of the notebook's model on each fast backend gives the CPU backend's
// gradients: same weights, same batch, dropout off (BatchNorm in training mode).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { buildModel } from '../../src/worker/model/model.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

const BATCH = 16;

/** The loss's gradient for each trainable weight, in the model's order, and the loss. */
async function step(backend: string, weights: Float32Array[] | null, pixels: Float32Array, labels: Int32Array) {
  expect(await tf.setBackend(backend), `${backend} starts`).to.equal(true);
  const model = buildModel(0.001, { dropout: 0 });
  if (weights) model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  else {
    // Seeded kernels, so that every run checks the same case. From unseeded ones, a value
    // within float32 rounding of a ReLU's zero or of a max-pool tie can take the other
    // branch on one backend and move a whole element's gradient: once in many CI runs,
    // 2.1e-3 of 1.4 in conv2d_1's kernel (150 local runs: at most 3.9e-5 of scale).
    const seeded = model
      .getWeights()
      .map((w, i) => (w.rank > 1 ? tf.initializers.glorotUniform({ seed: i }).apply(w.shape) : w));
    model.setWeights(seeded);
    tf.dispose(seeded.filter((w) => w.rank > 1));
  }
  const initial = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const x = tf.tensor4d(pixels, [BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const { value, grads } = tf.variableGrads(() => {
    const probabilities = model.apply(x, { training: true }) as tf.Tensor;
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(probabilities, 1e-7, 1))), 1))) as tf.Scalar;
  });
  const gradients = await Promise.all(
    model.trainableWeights.map(async (w) => (await grads[w.name].data()) as Float32Array),
  );
  const loss = (await value.data())[0];
  tf.dispose([x, y, value, ...Object.values(grads)]);
  model.dispose();
  return { initial, gradients, loss, names: model.trainableWeights.map((w) => w.name) };
}

describe('gradients of one step across backends', () => {
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('agree with the CPU backend’s on wasm and on WebGPU (SwiftShader)', async () => {
    const pixels = Float32Array.from({ length: BATCH * 784 }, (_, i) => ((i * 2654435761) % 1000) / 1000);
    const labels = Int32Array.from({ length: BATCH }, (_, i) => i % 10);
    const cpu = await step('cpu', null, pixels, labels);
    for (const backend of ['wasm', 'webgpu']) {
      const other = await step(backend, cpu.initial, pixels, labels);
      let worstRatio = 0;
      expect(other.loss, `${backend} loss`).to.be.closeTo(cpu.loss, 1e-4 * cpu.loss);
      cpu.gradients.forEach((reference, i) => {
        // Float32 sums in another order (and, on the GPU, other reductions): each gradient
        // within 1e-3 of its largest element.
        let scale = 0;
        let worst = 0;
        for (let j = 0; j < reference.length; j++) {
          scale = Math.max(scale, Math.abs(reference[j]));
          worst = Math.max(worst, Math.abs(reference[j] - other.gradients[i][j]));
        }
        expect(worst, `${backend} ${cpu.names[i]}: worst ${worst} of ${scale}`).to.be.at.most(1e-3 * scale + 1e-7);
        worstRatio = Math.max(worstRatio, worst / scale);
      });
      console.log(
        `${backend}: loss ${other.loss} (cpu ${cpu.loss}); worst gradient difference ${worstRatio.toExponential(1)} of its scale`,
      );
    }
  });
});

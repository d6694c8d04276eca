// The notebook's model trained in a test page as the app trains it: seeded Glorot weights,
// the app's training step and augmentation, on wasm, so every run trains the same model.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/worker/model/model.js';
import { augmentBatch } from '../../src/worker/data/augment.js';
import { SeededRandom } from '../../src/worker/data/random.js';
import { batchTensors } from '../../src/worker/training/batch-loop.js';
import { trainStep } from '../../src/worker/training/train-step.js';
import { NOTEBOOK_AUGMENTATION } from '../../src/shared/train-config.js';
import type { MnistPart } from '../../src/worker/data/dataset.js';

/**
 * Keras' initial weights (Glorot-uniform kernels, the rest as tfjs sets them) from a seeded
 * generator, so a test trains the same model on every run rather than pass or fail by luck.
 */
export function seedWeights(model: tf.LayersModel, random: SeededRandom): void {
  const weights = model.getWeights().map((weight) => {
    if (weight.rank < 2) return weight.clone(); // biases 0, BatchNorm's 1s and 0s
    const [a, b, c, d] = weight.shape as number[];
    const [fanIn, fanOut] = weight.rank === 4 ? [a * b * c, a * b * d] : [a, b];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = Float32Array.from({ length: weight.size }, () => (random.next() * 2 - 1) * limit);
    return tf.tensor(values, weight.shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

/**
 * One epoch on `images` of the training images in a seeded order, batch `batch`, with the
 * notebook's augmentation. Dropout is off: its masks come from an unseeded generator.
 */
export async function trainOneEpoch(
  train: MnistPart,
  { images = 48_000, batch = 64, seed = 7 } = {},
): Promise<tf.LayersModel> {
  const model = buildModel(0.001, { dropout: 0 });
  const random = new SeededRandom(seed);
  seedWeights(model, random);
  const order = Uint32Array.from({ length: train.count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let start = 0; start + batch <= images; start += batch) {
    const { x, y } = batchTensors(train, order.subarray(start, start + batch));
    const augmented = augmentBatch(x, NOTEBOOK_AUGMENTATION, random);
    const scores = trainStep(model, augmented, y);
    await scores.data(); // one step at a time, as the app on wasm
    tf.dispose([x, y, augmented, scores]);
  }
  return model;
}

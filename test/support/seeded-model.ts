// The notebook's model trained in a test page as the app trains it: seeded Glorot weights,
// the app's training step and augmentation, on wasm, so every run trains the same model.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/worker/model/model.js';
import { initializeWeights } from '../../src/worker/model/initial-weights.js';
import { augmentBatch } from '../../src/worker/data/augment.js';
import { SeededRandom } from '../../src/worker/data/random.js';
import { batchTensors } from '../../src/worker/training/batch-loop.js';
import { trainStep } from '../../src/worker/training/train-step.js';
import { NOTEBOOK_AUGMENTATION } from '../../src/shared/train-config.js';
import type { MnistPart } from '../../src/worker/data/dataset.js';

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
  initializeWeights(model, random);
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

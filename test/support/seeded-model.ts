// The notebook's model trained in a test page as the app trains it: seeded weights and
// dropout, the app's batch loop and augmentation, on wasm, so every run trains the same model.
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/worker/model/model.js';
import { useDropoutRandom } from '../../src/worker/model/seeded-dropout.js';
import { augmentBatch } from '../../src/worker/data/augment.js';
import { SeededRandom, shuffle, streamSeed } from '../../src/worker/data/random.js';
import { fullBatches, trainBatches } from '../../src/worker/training/batch-loop.js';
import { NOTEBOOK_AUGMENTATION } from '../../src/shared/train-config.js';
import type { MnistPart } from '../../src/worker/data/dataset.js';

/**
 * One epoch on `images` of the training images as the app trains one: the notebook's
 * model, dropout and augmentation, every draw from `seed`'s streams, the app's batch loop.
 */
export async function trainOneEpoch(
  train: MnistPart,
  { images = 48_000, batch = 32, seed = 7 } = {},
): Promise<tf.LayersModel> {
  const model = buildModel(0.001, { seed });
  useDropoutRandom(model, new SeededRandom(streamSeed(seed, 'dropout')));
  const all = Uint32Array.from({ length: train.count }, (_, i) => i);
  const order = shuffle(all, new SeededRandom(streamSeed(seed, 'order'))).subarray(0, images);
  const augmentRandom = new SeededRandom(streamSeed(seed, 'augment'));
  await trainBatches({
    model,
    ...fullBatches(train, order, batch),
    augment: (x) => augmentBatch(x, NOTEBOOK_AUGMENTATION, augmentRandom),
    readEvery: 1, // one step at a time, as the app on wasm
  });
  return model;
}

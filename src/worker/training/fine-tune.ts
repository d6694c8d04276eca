// Fine-tuning on the user's handwriting: a few epochs of MNIST mixed with the personal
// digits (a quarter of each batch, on average), with the same augmentation as training,
// and the held-out personal digits scored before and after.
import type * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG, isIdentity, type TrainConfig } from '../../shared/train-config.js';
import { augmentBatch } from '../data/augment.js';
import type { MnistPart } from '../data/dataset.js';
import { personalPart, splitPersonal } from '../storage/personal-digits.js';
import { SeededRandom, shuffle, streamSeed } from '../data/random.js';
import { evaluate } from './train.js';
import { useDropoutRandom } from '../model/seeded-dropout.js';
import { fullBatchCount, fullBatches, trainBatches } from './batch-loop.js';
import { recalibrateBatchNorm, recalibrates } from './batch-norm-statistics.js';
import type { FineTuneProgress, PersonalDigit } from '../../protocol/personal-digits.js';
import { IMAGE_PIXELS } from '../../shared/mnist.js';

export const FINE_TUNE_EPOCHS = 3;
/** MNIST images mixed in, so the model keeps what it knew. */
export const FINE_TUNE_MNIST = 3000;
const MIN_TRAIN = 9;
const MIN_HELD_OUT = 3;

export interface FineTuneScores {
  before: number;
  after: number;
  heldOut: number;
  trainedOn: number;
  mnistImages: number;
  recalibrated: boolean;
}

export async function fineTuneModel(
  model: tf.LayersModel,
  mnist: MnistPart,
  digits: PersonalDigit[],
  config: TrainConfig = DEFAULT_CONFIG,
  onProgress?: (progress: FineTuneProgress) => void,
): Promise<FineTuneScores> {
  const { train, heldOut } = splitPersonal(digits);
  if (train.length < MIN_TRAIN || heldOut.length < MIN_HELD_OUT) {
    throw new Error(
      `Label at least ${MIN_TRAIN + MIN_HELD_OUT} digits first, at least 4 of some digits ` +
        `(every fourth of a digit is held out to measure the result): you have ${digits.length}.`,
    );
  }
  const all = (part: MnistPart) => Uint32Array.from({ length: part.count }, (_, i) => i);
  const held = personalPart(heldOut);
  const before = (await evaluate(model, held, all(held))).accuracy;

  // The mix: MNIST images drawn with a fixed seed, and the personal digits repeated to
  // about a third of their number.
  const random = new SeededRandom(streamSeed(config.seed, 'fineTune'));
  const mnistCount = Math.min(FINE_TUNE_MNIST, mnist.count);
  const picked = shuffle(
    Uint32Array.from({ length: mnist.count }, (_, i) => i),
    random,
  ).subarray(0, mnistCount);
  const repeat = Math.max(1, Math.round(mnistCount / 3 / train.length));
  const own = personalPart(train, repeat);
  const mix: MnistPart = {
    images: new Uint8Array((mnistCount + own.count) * IMAGE_PIXELS),
    labels: new Uint8Array(mnistCount + own.count),
    count: mnistCount + own.count,
  };
  picked.forEach((index, i) => {
    mix.images.set(mnist.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS);
    mix.labels[i] = mnist.labels[index];
  });
  mix.images.set(own.images, mnistCount * IMAGE_PIXELS);
  mix.labels.set(own.labels, mnistCount);

  useDropoutRandom(model, new SeededRandom(streamSeed(config.seed, 'dropout')));
  const augment = config.augment && !isIdentity(config);
  const batchesPerEpoch = fullBatchCount(mix.count, config.batchSize);
  let reported = 0;
  for (let epoch = 1; epoch <= FINE_TUNE_EPOCHS; epoch++) {
    const order = shuffle(all(mix), random);
    await trainBatches({
      model,
      ...fullBatches(mix, order, config.batchSize),
      augment: augment ? (x) => augmentBatch(x, config, random) : undefined,
      readEvery: 1,
      yieldEachBatch: true,
      onScores: (_, done) => {
        const now = performance.now();
        if (now - reported >= 100 || done === batchesPerEpoch) {
          reported = now;
          onProgress?.({ epoch, epochs: FINE_TUNE_EPOCHS, batch: done, batchesPerEpoch });
        }
      },
    });
  }
  const recalibrated = recalibrates(config.batchNormStatistics, FINE_TUNE_EPOCHS * batchesPerEpoch);
  if (recalibrated) await recalibrateBatchNorm(model, mix, all(mix));
  const after = (await evaluate(model, held, all(held))).accuracy;
  return { before, after, heldOut: heldOut.length, trainedOn: train.length, mnistImages: mnistCount, recalibrated };
}

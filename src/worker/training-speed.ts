// Times real training steps of the notebook's model on the current backend: what `auto`
// chooses by, and what `npm run bench` prints.
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from './augment.js';
import { IMAGE_SIDE } from './idx.js';
import { buildModel, NUM_CLASSES } from './model.js';
import { SeededRandom } from './random.js';
import { metricsEvery, readScores, trainStep } from './train-step.js';
import type { KernelTime, SpeedOptions, TrainingSpeed } from './trainer-api.js';

/** Keras' ImageDataGenerator settings of the notebook, for timing with augmentation. */
const AUGMENTATION = { rotationRange: 10, zoomRange: 0.1, widthShiftRange: 0.1, heightShiftRange: 0.1 };

/**
 * Trains a fresh model on random images: one step (shader compilation, kernel setup)
 * timed alone, `warmup` more untimed, then `steps` timed. Images are random: the speed
 * of these kernels does not depend on the pixel values.
 */
export async function measureTrainingSpeed({
  steps,
  batchSize,
  augment,
  warmup = 2,
  profile = false,
}: SpeedOptions): Promise<TrainingSpeed> {
  const model = buildModel(0.001);
  const x = tf.randomUniform<tf.Rank.R4>([batchSize, IMAGE_SIDE, IMAGE_SIDE, 1], 0, 1, 'float32', 1);
  const y = tf.randomUniform([batchSize, 1], 0, NUM_CLASSES, 'int32', 2).toFloat();
  const random = new SeededRandom(3);
  const readEvery = metricsEvery(tf.getBackend());
  // As the training loop runs them: metrics read every few steps, and at the end, so
  // that the last step has finished when this returns.
  const train = async (count: number): Promise<void> => {
    let pending: tf.Tensor1D[] = [];
    for (let i = 0; i < count; i++) {
      const input = augment ? augmentBatch(x, AUGMENTATION, random) : x;
      pending.push(trainStep(model, input, y));
      if (input !== x) input.dispose();
      if (pending.length >= readEvery || i === count - 1) {
        await readScores(pending);
        pending = [];
      }
    }
  };
  try {
    let started = performance.now();
    await train(1);
    const firstStepMs = performance.now() - started;
    await train(warmup);
    started = performance.now();
    await train(steps);
    const msPerStep = (performance.now() - started) / steps;
    return {
      ...(profile ? { kernels: await kernelTimes(() => train(1)) } : {}),
      backend: tf.getBackend(),
      batchSize,
      augment,
      steps,
      firstStepMs,
      msPerStep,
      imagesPerSecond: (batchSize * 1000) / msPerStep,
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** One step under `tf.profile`, its kernels summed by name, slowest first. */
async function kernelTimes(step: () => Promise<void>): Promise<KernelTime[]> {
  const info = await tf.profile(step);
  const byName = new Map<string, KernelTime>();
  for (const kernel of info.kernels) {
    const entry = byName.get(kernel.name) ?? { name: kernel.name, ms: 0, calls: 0 };
    entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    entry.calls++;
    byName.set(kernel.name, entry);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}

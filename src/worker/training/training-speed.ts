// Times real training steps of the notebook's model on the current backend: what `auto`
// chooses by, and what `npm run bench` prints.
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../data/augment.js';
import { NOTEBOOK_AUGMENTATION } from '../../shared/train-config.js';
import { buildModel } from '../model/model.js';
import { SeededRandom } from '../data/random.js';
import { metricsEvery } from './train-step.js';
import { trainBatches } from './batch-loop.js';
import type { KernelTime, SpeedOptions, TrainingSpeed } from '../../protocol/backends.js';
import { CLASS_COUNT, IMAGE_SIDE } from '../../shared/mnist.js';

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
  const y = tf.randomUniform<tf.Rank.R2>([batchSize, 1], 0, CLASS_COUNT, 'int32', 2).toFloat();
  const random = new SeededRandom(3);
  const readEvery = metricsEvery(tf.getBackend());
  // As the training loop runs them: metrics read every few steps, and at the end, so
  // that the last step has finished when this returns.
  const train = async (count: number): Promise<void> => {
    await trainBatches({
      model,
      batches: count,
      batch: () => ({ x, y }),
      keepBatches: true,
      augment: augment ? (images) => augmentBatch(images, NOTEBOOK_AUGMENTATION, random) : undefined,
      readEvery,
    });
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

/**
 * Steps' kernels timed by the wall clock, summed by name, slowest first, and the steps'
 * whole time beside them (JavaScript between kernels is the difference). Not tf.profile:
 * on wasm its per-kernel times include its own bookkeeping, several times some kernels'
 * own. On a GPU backend a kernel's wall time is only its dispatch, so this is for wasm
 * and cpu.
 */
async function kernelTimes(steps: () => Promise<void>): Promise<KernelTime[]> {
  const byName = new Map<string, KernelTime>();
  const kernels = tf.getKernelsForBackend(tf.getBackend()) as { kernelName: string; kernelFunc: tf.KernelFunc }[];
  const originals = kernels.map((kernel) => kernel.kernelFunc);
  let depth = 0; // a kernel that runs other kernels counts once
  kernels.forEach((kernel, i) => {
    const original = originals[i];
    kernel.kernelFunc = (args) => {
      if (depth > 0) return original(args);
      depth++;
      const started = performance.now();
      try {
        return original(args);
      } finally {
        depth--;
        const entry = byName.get(kernel.kernelName) ?? { name: kernel.kernelName, ms: 0, calls: 0 };
        entry.ms += performance.now() - started;
        entry.calls++;
        byName.set(kernel.kernelName, entry);
      }
    };
  });
  const started = performance.now();
  try {
    await steps();
  } finally {
    kernels.forEach((kernel, i) => (kernel.kernelFunc = originals[i]));
  }
  const step = { name: '(whole step)', ms: performance.now() - started, calls: 1 };
  return [step, ...[...byName.values()].sort((a, b) => b.ms - a.ms)];
}

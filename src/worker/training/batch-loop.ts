// The one batch loop: fit, fine-tuning and the speed measurement all train through it.
// Each step is augmented (if asked), taken, and its metrics read a few steps at a time.
import * as tf from '@tensorflow/tfjs';
import type { MnistPart } from '../data/dataset.js';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../../shared/mnist.js';
import { readScores, trainStep } from './train-step.js';

interface Batches {
  batches: number;
  /** Batch `index`'s images [n, 28, 28, 1] in [0, 1] and labels [n, 1]. */
  batch: (index: number) => { x: tf.Tensor4D; y: tf.Tensor2D };
}

export interface BatchLoop extends Batches {
  model: tf.LayersModel;
  /** The batch tensors are the caller's (the speed measurement reuses one batch). */
  keepBatches?: boolean;
  /** A new tensor of augmented images. */
  augment?: (x: tf.Tensor4D) => tf.Tensor4D;
  /** Steps whose metrics are read together (see metricsEvery); the last batch is always read. */
  readEvery: number;
  /** Each read's [loss, accuracy] pairs, and the batches read so far. */
  onScores?: (scores: Float32Array, done: number) => void;
  /** Polled before each batch: when true, the steps taken are read and the loop ends. */
  isStopped?: () => boolean;
  /** Yields to the event loop after each batch, so a stop() message can land. */
  yieldEachBatch?: boolean;
}

/** Trains on every batch in turn; false when stopped before the last. */
export async function trainBatches(loop: BatchLoop): Promise<boolean> {
  const { model, batches, batch, augment, readEvery, onScores, isStopped } = loop;
  let pending: tf.Tensor1D[] = [];
  let done = 0;
  const read = async (): Promise<void> => {
    const scores = await readScores(pending);
    done += pending.length;
    pending = [];
    onScores?.(scores, done);
  };
  for (let index = 0; index < batches; index++) {
    if (isStopped?.()) {
      await read();
      return false;
    }
    const { x, y } = batch(index);
    const input = augment ? augment(x) : x;
    pending.push(trainStep(model, input, y));
    if (input !== x) input.dispose();
    if (!loop.keepBatches) tf.dispose([x, y]);
    if (pending.length >= readEvery || index === batches - 1) await read();
    if (loop.yieldEachBatch) await nextTask();
  }
  return true;
}

/** The full batches of `order` (the few images left over are skipped: fixed shapes). */
export function fullBatches(part: MnistPart, order: Uint32Array, batchSize: number): Batches {
  return {
    batches: fullBatchCount(order.length, batchSize),
    batch: (index) => batchTensors(part, order.subarray(index * batchSize, (index + 1) * batchSize)),
  };
}

export function fullBatchCount(images: number, batchSize: number): number {
  return Math.floor(images / batchSize);
}

/** Copies the given images into a [n, 28, 28, 1] tensor scaled to [0, 1], labels into [n, 1]. */
export function batchTensors(part: MnistPart, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const n = indices.length;
  const pixels = new Float32Array(n * IMAGE_PIXELS);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    const source = part.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
    for (let p = 0; p < IMAGE_PIXELS; p++) pixels[i * IMAGE_PIXELS + p] = source[p] / 255;
    labels[i] = part.labels[index];
  }
  // sparseCategoricalCrossentropy in tfjs wants labels shaped [n, 1].
  return { x: tf.tensor4d(pixels, [n, IMAGE_SIDE, IMAGE_SIDE, 1]), y: tf.tensor2d(labels, [n, 1]) };
}

const channel = new MessageChannel();
/** Yields to the event loop (without setTimeout's clamping) so a stop() message can land. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.addEventListener('message', () => resolve(), { once: true });
    channel.port1.start();
    channel.port2.postMessage(null);
  });
}

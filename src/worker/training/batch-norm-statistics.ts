// BatchNorm's moving statistics recomputed exactly over the training images, after a
// short run. The moving variance starts at 1 and moves 1% a step, so after a few hundred
// steps it is still mostly its start, and the model in inference mode predicts one class
// for everything; Keras leaves it so. This is the standard recalibration (PyTorch's
// update_bn), done layer by layer so each layer's statistics are those of the inputs it
// will see: the earlier layers already recalibrated, dropout off.
import * as tf from '@tensorflow/tfjs';
import type { BatchNormStatistics } from '../../shared/train-config.js';
import type { MnistPart } from '../data/dataset.js';
import { batchTensors, nextTask } from './batch-loop.js';

/** Runs of fewer steps than this are recalibrated when the setting says 'short-runs'. */
export const SHORT_RUN_STEPS = 1000;
const BATCH = 500;

/** Whether a run (or fine-tune) of `steps` steps is recalibrated under `setting`. */
export function recalibrates(setting: BatchNormStatistics | undefined, steps: number): boolean {
  const chosen = setting ?? 'short-runs'; // runs saved before the setting existed
  return chosen === 'always' || (chosen === 'short-runs' && steps < SHORT_RUN_STEPS);
}

/**
 * Sets every BatchNormalization layer's moving mean and variance to the mean and
 * (population) variance of its inputs over the images at `indices`.
 */
export async function recalibrateBatchNorm(
  model: tf.LayersModel,
  part: MnistPart,
  indices: Uint32Array,
  onProgress?: (progress: { layer: number; layers: number }) => void,
): Promise<void> {
  const positions = model.layers.flatMap((layer, i) => (layer.getClassName() === 'BatchNormalization' ? [i] : []));
  onProgress?.({ layer: 0, layers: positions.length });
  for (const [done, position] of positions.entries()) {
    const layer = model.layers[position];
    let count = 0;
    let mean: Float64Array | undefined;
    let squares: Float64Array | undefined; // sum of squared differences from the mean
    for (let start = 0; start < indices.length; start += BATCH) {
      const { x, y } = batchTensors(part, indices.subarray(start, start + BATCH));
      let perChannel = 0;
      const moments = tf.tidy(() => {
        let input: tf.Tensor = x;
        for (const before of model.layers.slice(0, position)) {
          input = before.apply(input, { training: false }) as tf.Tensor;
        }
        const axes = input.shape.slice(0, -1).map((_, axis) => axis);
        perChannel = input.size / input.shape[input.rank - 1];
        const { mean: batchMean, variance } = tf.moments(input, axes);
        return tf.stack([batchMean, variance]);
      });
      tf.dispose([x, y]);
      const values = (await moments.data()) as Float32Array;
      moments.dispose();
      // Chan's parallel update: batches combine without the cancellation of E[x²] - E[x]².
      const channels = values.length / 2;
      mean ??= new Float64Array(channels);
      squares ??= new Float64Array(channels);
      for (let c = 0; c < channels; c++) {
        const delta = values[c] - mean[c];
        const total = count + perChannel;
        mean[c] += (delta * perChannel) / total;
        squares[c] += values[channels + c] * perChannel + (delta * delta * count * perChannel) / total;
      }
      count += perChannel;
      await nextTask();
    }
    if (!mean || !squares) return;
    const [gamma, beta] = layer.getWeights();
    const variance = Float32Array.from(squares, (s) => s / count);
    const statistics = [tf.tensor1d(Float32Array.from(mean)), tf.tensor1d(variance)];
    layer.setWeights([gamma, beta, ...statistics]);
    tf.dispose(statistics);
    onProgress?.({ layer: done + 1, layers: positions.length });
  }
}

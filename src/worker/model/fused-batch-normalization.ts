// Keras' BatchNormalization layer, training through the wasm backend's two batch-norm
// kernels (wasm-batch-norm.ts) instead of tfjs' moments and FusedBatchNorm. Elsewhere,
// and for inference, it is tfjs' layer unchanged. It saves and loads as
// 'BatchNormalization', with the same weights, so models and checkpoints are unchanged.
import * as tf from '@tensorflow/tfjs';
import { simdKernelRuns } from '../kernels/wasm/simd-module.js';
import { BATCH_NORM_TRAINING, batchNormKernelsApply, type BatchNormTrainingAttrs } from '../kernels/wasm/batch-norm.js';

type BatchNormalizationArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type Kwargs = Record<string, unknown>;

/** tfjs' own class, as the layers' registry holds it (tfjs does not export it). */
const [BatchNormalization] = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization as unknown as [
  typeof tf.layers.Layer & (new (args?: BatchNormalizationArgs) => tf.layers.Layer),
];

/** The layer's private state, which its call reads (tfjs-layers 4.22). */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

export class FusedBatchNormalization extends BatchNormalization {
  static className = 'BatchNormalization';
  /** Whether the last call ran the wasm kernel (tests check it did not fall back). */
  lastCallFused = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const state = this as unknown as BatchNormState;
    this.lastCallFused =
      kwargs.training === true &&
      (state.axis === -1 || state.axis === x.rank - 1) &&
      state.center &&
      state.scale &&
      batchNormKernelsApply(x.shape, x.dtype) &&
      simdKernelRuns(BATCH_NORM_TRAINING);
    if (!this.lastCallFused) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const attrs: BatchNormTrainingAttrs = { epsilon: state.epsilon };
      const [y, mean, variance] = tf
        .engine()
        .runKernel<tf.Tensor[]>(
          BATCH_NORM_TRAINING,
          { x, scale: state.gamma.read(), offset: state.beta.read() },
          { ...attrs },
        );
      // The moving averages as BatchNormalization.call updates them.
      const decay = 1 - state.momentum;
      for (const [variable, value] of [
        [state.movingMean, mean],
        [state.movingVariance, variance],
      ] as const) {
        tf.tidy(() => {
          const original = variable.read();
          variable.write(tf.sub(original, tf.mul(tf.sub(original, value), decay)));
        });
      }
      return y;
    });
  }
}

// A saved model's layers ('BatchNormalization') load as this class, so resumed runs fuse too.
tf.serialization.registerClass(FusedBatchNormalization);

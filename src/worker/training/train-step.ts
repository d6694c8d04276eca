// One training step that leaves its loss and accuracy on the backend. tfjs' trainOnBatch
// reads both back after every batch, which on a GPU drains the queue of work each time;
// the training loop reads a few batches' metrics at once instead. The step is
// trainOnBatch's (a test holds them equal) through public APIs only.
import * as tf from '@tensorflow/tfjs';

/**
 * Batches whose metrics are read back together. On a GPU the next steps are queued while
 * the last ones run; elsewhere a read costs nothing, and reading every batch keeps the
 * progress exact. A few steps bound the queued work (and the memory it holds).
 */
export function metricsEvery(backend: string): number {
  return backend === 'webgpu' || backend === 'webgl' ? 4 : 1;
}

/** Keras' clipping of probabilities before the log, as tfjs' layers use on float32. */
const EPSILON = 1e-7;

/**
 * Keras' sparse categorical cross-entropy of softmax outputs, averaged over the batch:
 * the loss `model.compile` names, computed as tfjs' layers compute it.
 */
function sparseCategoricalCrossentropy(labels: tf.Tensor, probabilities: tf.Tensor2D): tf.Scalar {
  const classes = probabilities.shape[1];
  const target = tf.oneHot(tf.cast(tf.floor(tf.reshape(labels, [-1])), 'int32'), classes);
  const clipped = tf.clipByValue(probabilities, EPSILON, 1 - EPSILON);
  return tf.mean(tf.metrics.categoricalCrossentropy(target, clipped));
}

/**
 * One optimizer step of the model on a batch (labels [n, 1]), as trainOnBatch takes it;
 * returns [loss, accuracy], still on the backend, for the caller to read and dispose.
 */
export function trainStep(model: tf.LayersModel, x: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    let accuracy: tf.Scalar | undefined;
    // The order of compile's trainable weights, which Adam's saved moments follow.
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const loss = model.optimizer.minimize(
      () => {
        const probabilities = model.apply(x, { training: true }) as tf.Tensor2D;
        // Kept out of minimize's scope, which frees all but the loss.
        accuracy = tf.keep(tf.mean<tf.Scalar>(tf.metrics.sparseCategoricalAccuracy(labels, probabilities)));
        return sparseCategoricalCrossentropy(labels, probabilities);
      },
      true,
      variables,
    );
    if (!loss || !accuracy) throw new Error('The training step computed no loss.');
    const scores = tf.stack([loss, accuracy]) as tf.Tensor1D;
    accuracy.dispose();
    return scores;
  });
}

/** Reads queued [loss, accuracy] pairs in one transfer, disposing them. */
export async function readScores(pending: tf.Tensor1D[]): Promise<Float32Array> {
  if (pending.length === 0) return new Float32Array(0);
  const stacked = tf.stack(pending);
  tf.dispose(pending);
  try {
    return (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
}

// Keras' initial weights drawn from the run's own generator: tfjs' initialisers draw from
// an unseeded one, so two runs with one seed would start (and end) apart.
import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../data/random.js';

/**
 * Glorot-uniform kernels (Keras' default for Conv2D and Dense); biases stay 0 and
 * BatchNorm's gamma, beta and moving statistics 1, 0, 0, 1, as every layer builds them.
 */
export function initializeWeights(model: tf.LayersModel, random: SeededRandom): void {
  const weights = model.getWeights().map((weight) => {
    if (weight.rank < 2) return weight.clone();
    const [a, b, c, d] = weight.shape;
    // A conv kernel [h, w, in, out] fans in h*w*in and out h*w*out, as Keras counts.
    const [fanIn, fanOut] = weight.rank === 4 ? [a * b * c, a * b * d] : [a, b];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = Float32Array.from({ length: weight.size }, () => random.symmetric(limit));
    return tf.tensor(values, weight.shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

// Keras' Dropout with its masks drawn from the run's generator. tfjs' layer draws from an
// unseeded one, or, given a seed, draws the same mask at every step. It saves and loads as
// 'Dropout', so models, checkpoints and .h5 files are unchanged.
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../data/random.js';

type DropoutArgs = Parameters<typeof tf.layers.dropout>[0];
type Kwargs = Record<string, unknown>;

/** tfjs' own class, as the layers' registry holds it (tfjs does not export it). */
const [Dropout] = tf.serialization.SerializationMap.getMap().classNameMap.Dropout as unknown as [
  typeof tf.layers.Layer & (new (args: DropoutArgs) => tf.layers.Layer),
];

export class SeededDropout extends Dropout {
  static className = 'Dropout';
  /**
   * Where the masks come from: a training run sets its own (see useDropoutRandom); a
   * model that is only predicting never draws.
   */
  random = new SeededRandom((Math.random() * 2 ** 32) >>> 0);

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const { rate } = this as unknown as { rate: number };
    if (kwargs.training !== true || !(rate > 0 && rate < 1)) return super.call(inputs, kwargs);
    // As Keras: each unit kept with probability 1 - rate and scaled by 1 / (1 - rate).
    const scale = 1 / (1 - rate);
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.random.next() >= rate ? scale : 0;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, x.dtype)));
  }
}

/** Every dropout layer of `model` draws its masks from `random`, in the layers' order. */
export function useDropoutRandom(model: tf.LayersModel, random: SeededRandom): void {
  for (const layer of model.layers) {
    if (!(layer instanceof SeededDropout)) {
      if (layer.getClassName() === 'Dropout') throw new Error(`${layer.name} is not a seeded dropout layer.`);
      continue;
    }
    layer.random = random;
  }
}

// A saved model's 'Dropout' layers load as this class, so a resumed run draws seeded masks.
tf.serialization.registerClass(SeededDropout);

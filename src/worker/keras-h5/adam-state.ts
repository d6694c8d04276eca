// Adam's state between Keras files and tfjs: the step count and each trainable weight's
// first and second moments (m, v). tfjs' optimizer holds them as getWeights lists them,
// [iter, m..., v...] in the model's trainable weights' order, and tf.keras 2's legacy
// Adam writes the same order; Keras 3 writes iteration, learning_rate, then m and v
// interleaved. Moments are matched to weights by order, as Keras itself loads them.
import * as tf from '@tensorflow/tfjs';
import type { StoredArray } from './read-h5.js';

export interface AdamState {
  step: number;
  /** Per trainable weight, in the model's order; empty where the file has no moments. */
  m: Float32Array[];
  v: Float32Array[];
}

const STEP = /(^|\/)iter(ation)?s?(:0)?$/;
// tf.keras 2 legacy: Adam/conv2d/kernel/m:0; tf.keras 2.11+: Adam/m/conv2d/kernel:0;
// Keras 3: adam/sequential_conv2d_kernel_momentum.
const FIRST = /(\/m(:0)?$)|(^[^/]*\/m\/)|(_momentum(:0)?$)/;
const SECOND = /(\/v(:0)?$)|(^[^/]*\/v\/)|(_velocity(:0)?$)/;

/** Adam's state from optimizer_weights, checked against the model's trainable weights. */
export function adamStateOf(stored: StoredArray[], model: tf.LayersModel): AdamState | undefined {
  const step = stored.find((array) => STEP.test(array.name));
  const m = stored.filter((array) => FIRST.test(array.name));
  const v = stored.filter((array) => SECOND.test(array.name));
  if (!step && m.length === 0 && v.length === 0) return undefined;
  const stepCount = step?.values[0] ?? 0;
  if (!Number.isInteger(stepCount) || stepCount < 0) {
    throw new Error(`Adam's step count is ${stepCount}, not a count of steps.`);
  }
  const weights = model.trainableWeights;
  if (m.length > 0 || v.length > 0) {
    if (m.length !== weights.length || v.length !== weights.length) {
      throw new Error(
        `Adam's state has ${m.length} first and ${v.length} second moments for the model's ${weights.length} trainable weights.`,
      );
    }
    weights.forEach((weight, i) => {
      for (const moment of [m[i], v[i]]) {
        if (JSON.stringify(moment.shape) !== JSON.stringify(weight.shape)) {
          throw new Error(
            `Adam's "${moment.name}" is ${JSON.stringify(moment.shape)}, but the weight it belongs to, ` +
              `"${weight.originalName}", is ${JSON.stringify(weight.shape)}.`,
          );
        }
      }
    });
  }
  return { step: stepCount, m: m.map((array) => array.values), v: v.map((array) => array.values) };
}

/** Restores the state into the compiled model's Adam (what a checkpoint then saves). */
export async function restoreAdam(model: tf.LayersModel, state: AdamState): Promise<void> {
  const weights = model.trainableWeights;
  const moment = (values: Float32Array, i: number, kind: string) => ({
    name: `${weights[i].name}/${kind}`,
    tensor: tf.tensor(values, weights[i].shape as number[]),
  });
  const values = [
    { name: 'iter', tensor: tf.scalar(state.step, 'int32') },
    ...state.m.map((values, i) => moment(values, i, 'm')),
    ...state.v.map((values, i) => moment(values, i, 'v')),
  ];
  try {
    await model.optimizer.setWeights(values);
  } finally {
    tf.dispose(values.map((value) => value.tensor)); // the optimizer made variables of them
  }
}

/** The model's Adam state as tfjs holds it; moments of zeros where it never stepped. */
export async function adamStateFrom(model: tf.LayersModel): Promise<AdamState> {
  const weights = model.trainableWeights;
  const saved = model.optimizer ? await model.optimizer.getWeights() : [];
  try {
    const step = saved.length > 0 ? (await saved[0].tensor.data())[0] : 0;
    const moments = saved.slice(1);
    if (moments.length === 0) {
      const zeros = () =>
        weights.map((weight) => new Float32Array((weight.shape as number[]).reduce((a, b) => a * b, 1)));
      return { step, m: zeros(), v: zeros() };
    }
    if (moments.length !== 2 * weights.length) {
      throw new Error(`Adam holds ${moments.length} moments for ${weights.length} trainable weights.`);
    }
    const arrays = await Promise.all(moments.map((moment) => moment.tensor.data() as Promise<Float32Array>));
    return { step, m: arrays.slice(0, weights.length), v: arrays.slice(weights.length) };
  } finally {
    // getWeights makes a new scalar for the step count; the moments are the optimizer's own.
    saved[0]?.tensor.dispose();
  }
}

// A model as tf.keras 2.15's legacy .h5, which tf.keras 2 and Keras 3's load_model read:
// root attributes (versions, model_config, training_config), model_weights with a group
// a layer, and optimizer_weights with Adam's step count and moments as tf.keras 2's
// legacy Adam names them.
import type { File as H5File, Group } from 'h5wasm';
import * as tf from '@tensorflow/tfjs';
import { adamStateFrom } from './adam-state.js';
import { KERAS_VERSION, modelConfigOf, trainingConfigOf, type AdamConfig } from './keras-config.js';
import { writeH5 } from './h5wasm.js';
import { kindOf } from './read-h5.js';

const FLOAT32 = '<f';
const INT64 = '<q';

/** The group at a slash-separated path under `parent`, made where missing (h5wasm makes no intermediate groups). */
function groupAt(parent: Group, path: string): Group {
  let group = parent;
  for (const part of path.split('/')) {
    const next = group.keys().includes(part) ? group.get(part) : group.create_group(part);
    if (kindOf(next) !== 'Group') throw new Error(`Could not write the group ${group.path}/${part}.`);
    group = next as Group;
  }
  return group;
}

/** A dataset at a Keras weight name such as "conv2d/kernel:0", its groups made on the way. */
function writeArray(parent: Group, name: string, values: Float32Array | BigInt64Array, shape: number[]): void {
  const slash = name.lastIndexOf('/');
  const group = slash < 0 ? parent : groupAt(parent, name.slice(0, slash));
  const dtype = values instanceof BigInt64Array ? INT64 : FLOAT32;
  group.create_dataset({ name: name.slice(slash + 1), data: values, shape, dtype });
}

/** Names as h5py writes a list of them; an empty list is an empty float64 array, as in Keras' own files. */
function writeNames(group: Group, attribute: string, names: string[]): void {
  if (names.length > 0) group.create_attribute(attribute, names);
  else group.create_attribute(attribute, new Float64Array(0), [0], '<d');
}

/** A tfjs weight's Keras name: the layer's name, the weight's, ":0". */
const kerasName = (layer: tf.layers.Layer, weight: tf.LayerVariable) =>
  `${layer.name}/${weight.originalName.split('/').pop()}:0`;

/** The compiled model (weights and Adam's state) as .h5 bytes. */
export async function writeKerasFile(model: tf.LayersModel): Promise<Uint8Array> {
  // A run's optimizer is Adam (compileModel); its settings as tfjs serializes them.
  const settings = (model.optimizer?.getConfig() ?? {}) as Partial<
    Record<keyof AdamConfig | 'beta1' | 'beta2', number>
  >;
  const adam: AdamConfig = {
    learningRate: settings.learningRate ?? 0.001,
    beta1: settings.beta1 ?? 0.9,
    beta2: settings.beta2 ?? 0.999,
    epsilon: settings.epsilon ?? 1e-7,
  };
  const state = await adamStateFrom(model);
  // Each layer's own order (trainable, then non-trainable: gamma, beta, moving_mean,
  // moving_variance), not model.weights' all-trainable-first.
  const layers = await Promise.all(
    model.layers.map(async (layer) => ({
      layer,
      weights: await Promise.all(
        layer.weights.map(async (weight) => ({
          name: kerasName(layer, weight),
          shape: weight.shape as number[],
          values: (await weight.read().data()) as Float32Array,
        })),
      ),
    })),
  );
  const adamName = (i: number, moment: string) => {
    const weight = model.trainableWeights[i];
    const layer = model.layers.find((l) => l.trainableWeights.includes(weight));
    return `Adam/${layer ? kerasName(layer, weight).replace(/:0$/, '') : weight.originalName}/${moment}:0`;
  };
  return writeH5((file: H5File) => {
    file.create_attribute('keras_version', KERAS_VERSION);
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('model_config', JSON.stringify(modelConfigOf(model)));
    file.create_attribute('training_config', JSON.stringify(trainingConfigOf(adam)));

    const weightsGroup = groupAt(file, 'model_weights');
    writeNames(
      weightsGroup,
      'layer_names',
      layers.map(({ layer }) => layer.name),
    );
    weightsGroup.create_attribute('backend', 'tensorflow');
    weightsGroup.create_attribute('keras_version', KERAS_VERSION);
    for (const { layer, weights } of layers) {
      const group = groupAt(weightsGroup, layer.name);
      writeNames(
        group,
        'weight_names',
        weights.map((weight) => weight.name),
      );
      for (const weight of weights) writeArray(group, weight.name, weight.values, weight.shape);
    }

    // tf.keras 2's legacy Adam: iter, then every m in the weights' order, then every v.
    const optimizerGroup = groupAt(file, 'optimizer_weights');
    const shapes = model.trainableWeights.map((weight) => weight.shape as number[]);
    const moments = [
      ...state.m.map((values, i) => ({ name: adamName(i, 'm'), values, shape: shapes[i] })),
      ...state.v.map((values, i) => ({ name: adamName(i, 'v'), values, shape: shapes[i] })),
    ];
    writeNames(optimizerGroup, 'weight_names', ['Adam/iter:0', ...moments.map((moment) => moment.name)]);
    writeArray(optimizerGroup, 'Adam/iter:0', BigInt64Array.of(BigInt(state.step)), []);
    for (const moment of moments) writeArray(optimizerGroup, moment.name, moment.values, moment.shape);
  });
}

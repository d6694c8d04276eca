// model_config and training_config, the root attributes Keras' loaders read: written as
// tf.keras 2.15 writes them for a Sequential, and read from Keras 2 or 3 into a tfjs model.
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIDE } from '../../shared/mnist.js';
import { errorMessage } from '../../shared/error-message.js';
import { kerasLayerOf, tfjsLayerOf, type Json, type KerasLayer } from './keras-layers.js';

export const KERAS_VERSION = '2.15.0';

const INPUT: (number | null)[] = [null, IMAGE_SIDE, IMAGE_SIDE, 1];

/** What Adam's training_config says, for the file and back. */
export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * The Sequential's config. Its first entry is an InputLayer with batch_input_shape:
 * without it Keras 3 takes the first layer's shape with a second batch dimension.
 */
export function modelConfigOf(model: tf.LayersModel): Json {
  const layers: KerasLayer[] = model.layers.map(kerasLayerOf);
  const input: KerasLayer = {
    class_name: 'InputLayer',
    config: {
      batch_input_shape: model.inputs[0].shape,
      dtype: 'float32',
      sparse: false,
      ragged: false,
      name: `${model.layers[0].name}_input`,
    },
  };
  return { class_name: 'Sequential', config: { name: model.name, layers: [input, ...layers] } };
}

/**
 * compile()'s arguments. loss_weights must be there (Keras 3 reads it unguarded), and
 * jit_compile and is_legacy_optimizer must not (Keras 3's Adam refuses them).
 */
export function trainingConfigOf(adam: AdamConfig): Json {
  return {
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
    weighted_metrics: null,
    loss_weights: null,
    optimizer_config: {
      class_name: 'Adam',
      config: {
        name: 'Adam',
        learning_rate: adam.learningRate,
        beta_1: adam.beta1,
        beta_2: adam.beta2,
        epsilon: adam.epsilon,
        amsgrad: false,
      },
    },
  };
}

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Its ${what} is not JSON.`);
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The input shape a Sequential's config declares, as Keras 2 or 3 writes it. */
function inputShapeOf(config: Json, entries: unknown[]): unknown {
  const first = entries[0];
  const firstConfig = isObject(first) && isObject(first.config) ? first.config : {};
  if (isObject(first) && first.class_name === 'InputLayer') {
    return firstConfig.batch_shape ?? firstConfig.batch_input_shape;
  }
  return firstConfig.batch_input_shape ?? config.build_input_shape;
}

/**
 * Builds the model model_config describes, if it is a Sequential of layers this app
 * builds taking 28x28 grey images; the caller checks its outputs and disposes it.
 */
export function modelFromConfig(text: string): tf.LayersModel {
  const json = parse(text, 'model_config');
  if (!isObject(json) || !isObject(json.config)) throw new Error('Its model_config has no class_name and config.');
  if (json.class_name !== 'Sequential') {
    throw new Error(`Its model is a ${String(json.class_name)}: this app reads Sequential models.`);
  }
  const { config } = json;
  const entries = config.layers;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 100) {
    throw new Error('Its model_config lists no layers, or more than 100.');
  }
  const shape = inputShapeOf(config, entries);
  if (!Array.isArray(shape) || shape.length !== 4 || shape.some((d, i) => d !== INPUT[i])) {
    throw new Error(
      `This model does not read digits: it takes ${JSON.stringify(shape ?? null)}, not [null,28,28,1] (28x28 grey images).`,
    );
  }
  const layers =
    entries[0] && isObject(entries[0]) && entries[0].class_name === 'InputLayer' ? entries.slice(1) : entries;
  const name = typeof config.name === 'string' && /^[\w.-]{1,100}$/.test(config.name) ? config.name : 'sequential';
  const model = tf.sequential({ name });
  try {
    layers.forEach((entry, i) => {
      const rank = i === 0 ? shape.length : model.outputs[0].shape.length;
      const layer = tfjsLayerOf(entry, i, rank, i === 0 ? (shape.slice(1) as number[]) : undefined);
      try {
        model.add(layer);
      } catch (error) {
        throw new Error(`The model cannot be built at the layer "${layer.name}": ${errorMessage(error)}`, {
          cause: error,
        });
      }
    });
  } catch (error) {
    if (model.layers.length > 0) model.dispose();
    throw error;
  }
  return model;
}

/** Whether training_config compiled Adam (only then is optimizer_weights Adam's state). */
export function compiledWithAdam(text: string | undefined): boolean {
  if (text === undefined) return false;
  const json = parse(text, 'training_config');
  const optimizer = isObject(json) && isObject(json.optimizer_config) ? json.optimizer_config : undefined;
  return typeof optimizer?.class_name === 'string' && optimizer.class_name.toLowerCase() === 'adam';
}

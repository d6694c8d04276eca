// The layers the app builds, as Keras configs and back: each layer of model_config as
// tf.keras 2.15 writes it, and a config from Keras 2 or 3 read into a tfjs layer, every
// value checked. Any other class is refused by name; nothing in a file is evaluated.
import * as tf from '@tensorflow/tfjs';
import { FusedBatchNormalization } from '../model/fused-batch-normalization.js';
import { SeededDropout } from '../model/seeded-dropout.js';

export type Json = Record<string, unknown>;

type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]>['activation'];

/** One entry of a Sequential's `layers` in model_config. */
export interface KerasLayer {
  class_name: string;
  config: Json;
}

/** Keras' activation names that tfjs computes the same way, and tfjs' names for them. */
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
};

const KERAS_ACTIVATION: Record<string, string> = Object.fromEntries(
  Object.entries(ACTIVATIONS)
    .filter(([keras]) => keras !== 'silu')
    .map(([keras, tfjs]) => [tfjs, keras]),
);

/** tf.keras 2's legacy serialization of an initializer. */
const initializer = (className: string, config: Json = {}) => ({ class_name: className, config });

/** A tfjs layer as tf.keras 2.15's model_config has it. */
export function kerasLayerOf(layer: tf.layers.Layer): KerasLayer {
  const c = layer.getConfig();
  const className = layer.getClassName();
  const base = { name: layer.name, trainable: layer.trainable, dtype: 'float32' };
  const activation = () => {
    const tfjs = typeof c.activation === 'string' ? c.activation : JSON.stringify(c.activation);
    const name = KERAS_ACTIVATION[tfjs];
    if (!name)
      throw new Error(`The layer "${layer.name}" uses the activation "${tfjs}", which Keras files here do not carry.`);
    return name;
  };
  const dense = () => ({
    activation: activation(),
    use_bias: c.useBias,
    kernel_initializer: initializer('GlorotUniform', { seed: null }),
    bias_initializer: initializer('Zeros'),
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  });
  switch (className) {
    case 'Conv2D':
      // No batch_input_shape here: the InputLayer before it carries the input, and Keras 3
      // would make a second input of it.
      return {
        class_name: className,
        config: {
          ...base,
          filters: c.filters,
          kernel_size: c.kernelSize,
          strides: c.strides,
          padding: c.padding,
          data_format: 'channels_last',
          dilation_rate: c.dilationRate,
          groups: 1,
          ...dense(),
        },
      };
    case 'MaxPooling2D':
      return {
        class_name: className,
        config: {
          ...base,
          pool_size: c.poolSize,
          padding: c.padding,
          strides: c.strides,
          data_format: 'channels_last',
        },
      };
    case 'BatchNormalization':
      // The input's last axis (3 after a convolution, 1 after a Dense), as an int: tf.keras
      // 2 writes a list, which Keras 3 cannot read.
      return {
        class_name: className,
        config: {
          ...base,
          axis: (layer.input as tf.SymbolicTensor).shape.length - 1,
          momentum: c.momentum,
          epsilon: c.epsilon,
          center: c.center,
          scale: c.scale,
          beta_initializer: initializer('Zeros'),
          gamma_initializer: initializer('Ones'),
          moving_mean_initializer: initializer('Zeros'),
          moving_variance_initializer: initializer('Ones'),
          beta_regularizer: null,
          gamma_regularizer: null,
          beta_constraint: null,
          gamma_constraint: null,
        },
      };
    case 'Flatten':
      return { class_name: className, config: { ...base, data_format: 'channels_last' } };
    case 'Dense':
      return { class_name: className, config: { ...base, units: c.units, ...dense() } };
    case 'Dropout':
      return { class_name: className, config: { ...base, rate: c.rate, noise_shape: null, seed: null } };
    default:
      throw new Error(`The layer "${layer.name}" is a ${className}, which this app does not write to Keras files.`);
  }
}

/** Reads one layer's config, each value checked, each refusal naming the layer. */
class ConfigReader {
  constructor(
    readonly className: string,
    readonly name: string,
    private readonly config: Json,
  ) {}

  fault(what: string): Error {
    return new Error(`The layer "${this.name}" (${this.className}) ${what}.`);
  }

  private value(key: string, fallback: unknown): unknown {
    return this.config[key] ?? fallback;
  }

  int(key: string, fallback?: number): number {
    const value = this.value(key, fallback);
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 100_000) {
      throw this.fault(`has ${key} ${JSON.stringify(value)}, not a positive integer`);
    }
    return value as number;
  }

  /** An int or a pair of ints, as Keras writes kernel sizes and strides. */
  pair(key: string, fallback?: number | number[]): [number, number] {
    const value = this.value(key, fallback);
    const pair = typeof value === 'number' ? [value, value] : value;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((n) => Number.isInteger(n) && n >= 1 && n <= 1000)) {
      throw this.fault(`has ${key} ${JSON.stringify(value)}, not a pair of positive integers`);
    }
    return pair as [number, number];
  }

  number(key: string, fallback: number, min: number, max: number): number {
    const value = this.value(key, fallback);
    if (typeof value !== 'number' || !(value >= min && value <= max)) {
      throw this.fault(`has ${key} ${JSON.stringify(value)}, not a number from ${min} to ${max}`);
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.value(key, fallback);
    if (typeof value !== 'boolean') throw this.fault(`has ${key} ${JSON.stringify(value)}, not true or false`);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.value(key, fallback);
    if (!allowed.includes(value as T)) {
      throw this.fault(`has ${key} ${JSON.stringify(value)}, which this app cannot build (${allowed.join(' or ')})`);
    }
    return value as T;
  }

  activation(): Activation {
    const value = this.value('activation', 'linear');
    const tfjs = typeof value === 'string' ? ACTIVATIONS[value] : undefined;
    if (!tfjs) throw this.fault(`has the activation ${JSON.stringify(value)}, which this app cannot build`);
    return tfjs as Activation;
  }

  channelsLast(): void {
    this.oneOf('data_format', ['channels_last'], 'channels_last');
  }
}

/** Names tfjs accepts for a layer (its variables' names start with them). */
const NAME = /^[A-Za-z0-9][-A-Za-z0-9._]{0,99}$/;

/**
 * A model_config entry as a tfjs layer (input shape on the first), or a refusal naming
 * the class: only the notebook's kinds of layer are built.
 */
export function tfjsLayerOf(
  entry: unknown,
  index: number,
  /** The rank of the layer's input, batch included. */
  inputRank: number,
  inputShape?: number[],
): tf.layers.Layer {
  const { class_name: className, config } = (entry ?? {}) as Partial<KerasLayer>;
  if (typeof className !== 'string' || !config || typeof config !== 'object') {
    throw new Error(`Layer ${index + 1} of model_config has no class_name and config.`);
  }
  const { name } = config;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new Error(`Layer ${index + 1} of model_config is named ${JSON.stringify(name)}, which this app cannot use.`);
  }
  const read = new ConfigReader(className, name, config);
  const first = inputShape ? { inputShape } : {};
  switch (className) {
    case 'Conv2D': {
      read.channelsLast();
      if (read.int('groups', 1) !== 1) throw read.fault('has groups other than 1, which this app cannot build');
      return tf.layers.conv2d({
        ...first,
        name,
        filters: read.int('filters'),
        kernelSize: read.pair('kernel_size'),
        strides: read.pair('strides', 1),
        padding: read.oneOf('padding', ['valid', 'same'] as const, 'valid'),
        dilationRate: read.pair('dilation_rate', 1),
        activation: read.activation(),
        useBias: read.bool('use_bias', true),
      });
    }
    case 'MaxPooling2D': {
      read.channelsLast();
      const poolSize = read.pair('pool_size', 2);
      return tf.layers.maxPooling2d({
        ...first,
        name,
        poolSize,
        strides: read.pair('strides', poolSize),
        padding: read.oneOf('padding', ['valid', 'same'] as const, 'valid'),
      });
    }
    case 'BatchNormalization': {
      const axis = config.axis ?? -1;
      const single: unknown = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
      if (single !== -1 && single !== inputRank - 1) {
        throw read.fault(`normalizes axis ${JSON.stringify(axis)}, not the last (-1 or ${inputRank - 1})`);
      }
      return new FusedBatchNormalization({
        ...first,
        name,
        axis: -1,
        momentum: read.number('momentum', 0.99, 0, 1),
        epsilon: read.number('epsilon', 1e-3, 0, 1),
        center: read.bool('center', true),
        scale: read.bool('scale', true),
      });
    }
    case 'Flatten':
      read.channelsLast();
      return tf.layers.flatten({ ...first, name });
    case 'Dense':
      return tf.layers.dense({
        ...first,
        name,
        units: read.int('units'),
        activation: read.activation(),
        useBias: read.bool('use_bias', true),
      });
    case 'Dropout':
      return new SeededDropout({ ...first, name, rate: read.number('rate', 0, 0, 0.99) });
    default:
      throw new Error(
        `The layer "${name}" is a ${className}, which this app cannot build ` +
          '(it builds InputLayer, Conv2D, MaxPooling2D, BatchNormalization, Flatten, Dense and Dropout).',
      );
  }
}

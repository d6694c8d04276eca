// The notebook's CNN, layer for layer, with Keras' layer names so the summary reads
// like `model.summary()`.
import * as tf from '@tensorflow/tfjs';
import type { ModelSummary } from '../../protocol/training.js';
import { FusedAdamOptimizer } from './fused-adam.js';
import { FusedBatchNormalization } from './fused-batch-normalization.js';
import { initializeWeights } from './initial-weights.js';
import { SeededDropout } from './seeded-dropout.js';
import { SeededRandom, streamSeed } from '../data/random.js';
import { CLASS_COUNT, IMAGE_SIDE } from '../../shared/mnist.js';

/**
 * `dropout` is the notebook's 0.2; 0 turns it off (gradient checks across backends).
 * `seed` draws the initial weights from the run's 'weights' stream; without it they come
 * from tfjs' unseeded initialisers (a model that is only measured or described).
 */
export function buildModel(learningRate: number, { dropout = 0.2, seed }: { dropout?: number; seed?: number } = {}) {
  const model = tf.sequential({
    name: 'sequential',
    layers: [
      tf.layers.conv2d({
        name: 'conv2d',
        inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1],
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
      }),
      tf.layers.maxPooling2d({ name: 'max_pooling2d', poolSize: 2 }),
      new FusedBatchNormalization({ name: 'batch_normalization' }),
      tf.layers.conv2d({ name: 'conv2d_1', filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: 2 }),
      new FusedBatchNormalization({ name: 'batch_normalization_1' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'dense', units: 128, activation: 'relu' }),
      new SeededDropout({ name: 'dropout', rate: dropout }),
      new FusedBatchNormalization({ name: 'batch_normalization_2' }),
      tf.layers.dense({ name: 'dense_1', units: 64, activation: 'relu' }),
      new SeededDropout({ name: 'dropout_1', rate: dropout }),
      new FusedBatchNormalization({ name: 'batch_normalization_3' }),
      tf.layers.dense({ name: 'dense_2', units: CLASS_COUNT, activation: 'softmax' }),
    ],
  });
  if (seed !== undefined) initializeWeights(model, new SeededRandom(streamSeed(seed, 'weights')));
  compileModel(model, learningRate);
  return model;
}

/** The notebook's compile: Adam, sparse categorical cross-entropy, accuracy. */
export function compileModel(model: tf.LayersModel, learningRate: number): void {
  model.compile({
    // Keras' Adam defaults (epsilon 1e-7), not tfjs' tf.train.adam defaults (1e-8).
    optimizer: new FusedAdamOptimizer(learningRate, 0.9, 0.999, 1e-7),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
}

export function summarize(model: tf.LayersModel): ModelSummary {
  const count = (weights: tf.LayerVariable[]): number =>
    weights.reduce((sum, weight) => sum + weight.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1)!, 0);
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: layer.outputShape as (number | null)[],
    params: layer.countParams(),
  }));
  const trainableParams = count(model.trainableWeights);
  const nonTrainableParams = count(model.nonTrainableWeights);
  return { layers, totalParams: trainableParams + nonTrainableParams, trainableParams, nonTrainableParams };
}

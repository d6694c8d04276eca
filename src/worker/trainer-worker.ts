// The trainer worker: owns TensorFlow.js and the dataset; the page drives it through
// Comlink (see trainer-api.ts for what crosses).
import * as tf from '@tensorflow/tfjs';
import { expose, transfer } from 'comlink';
import { DEFAULT_CONFIG, validateConfig, type TrainConfig } from '../shared/train-config.js';
import { augmentBatch } from './augment.js';
import { assertCanTrain, useBackend } from './backend.js';
import { loadMnist, type Mnist } from './dataset.js';
import { buildModel, summarize } from './model.js';
import { SeededRandom } from './random.js';
import { batchTensors, trainModel } from './train.js';
import type { DatasetProgress, TrainerApi, TrainEvent } from './trainer-api.js';

const DATA_URL = new URL('./data/', import.meta.url);

let dataset: Promise<Mnist> | undefined;
let model: tf.LayersModel | undefined;
let training = false;
let stopRequested = false;

function mnist(onProgress?: (progress: DatasetProgress) => void): Promise<Mnist> {
  dataset ??= loadMnist({ baseUrl: DATA_URL, onProgress }).catch((error: unknown) => {
    dataset = undefined; // the next call starts clean
    throw error;
  });
  return dataset;
}

const api: TrainerApi = {
  async loadDataset(onProgress) {
    return (await mnist(onProgress)).info;
  },

  async describeModel() {
    await anyBackend();
    const probe = buildModel(0.001);
    try {
      return summarize(probe);
    } finally {
      probe.dispose();
    }
  },

  async train(config: TrainConfig, onEvent: (event: TrainEvent) => void) {
    const errors = Object.values(validateConfig(config));
    if (errors.length > 0) throw new Error(`Invalid training settings: ${errors.join(' ')}`);
    if (training) throw new Error('A training run is already going on in this worker.');
    training = true;
    stopRequested = false;
    try {
      const data = await mnist();
      const backend = await useBackend(config.backend);
      assertCanTrain(backend.name);
      model?.dispose();
      model = undefined;
      const run = await trainModel(
        data,
        config,
        backend,
        (event) => void onEvent(event),
        () => stopRequested,
      );
      model = run.model; // kept for checkpoints and prediction (later issues)
      return run.result;
    } finally {
      training = false;
    }
  },

  stop() {
    stopRequested = true;
  },

  async previewAugmentation(settings) {
    const { count, variants } = settings;
    const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
    if (!whole(count, 32) || !whole(variants, 16)) {
      throw new Error(`A preview takes 1-32 images and 1-16 variants (got ${count} and ${variants}).`);
    }
    const errors = Object.values(validateConfig({ ...DEFAULT_CONFIG, ...settings, seed: settings.seed }));
    if (errors.length > 0) throw new Error(`Invalid augmentation settings: ${errors.join(' ')}`);
    const data = await mnist();
    await anyBackend();
    // Each of the first `count` training images, `variants` times over.
    const indices = Array.from({ length: count * variants }, (_, i) => Math.floor(i / variants));
    const { x, y } = batchTensors(data.train, indices);
    const augmented = augmentBatch(x, settings, new SeededRandom(settings.seed));
    const pixels = await augmented.data();
    tf.dispose([x, y, augmented]);
    const preview = {
      originals: data.train.images.slice(0, count * 784),
      augmented: Uint8Array.from(pixels, (value) => Math.round(value * 255)),
      count,
      variants,
    };
    return transfer(preview, [preview.originals.buffer, preview.augmented.buffer]);
  },
};

/** Small jobs (summary, preview) run on the training backend if one started, else the CPU. */
async function anyBackend(): Promise<void> {
  // Do not start a GPU backend just for them.
  if (!tf.getBackend()) await tf.setBackend('cpu');
}

expose(api);

// The trainer worker: owns TensorFlow.js and the dataset; the page drives it through
// Comlink (see trainer-api.ts for what crosses).
import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { validateConfig, type TrainConfig } from '../shared/train-config.js';
import { assertCanTrain, useBackend } from './backend.js';
import { loadMnist, type Mnist } from './dataset.js';
import { buildModel, summarize } from './model.js';
import { trainModel } from './train.js';
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
    // A summary needs a backend to build on; do not start a GPU backend just for it.
    if (!tf.getBackend()) await tf.setBackend('cpu');
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
};

expose(api);

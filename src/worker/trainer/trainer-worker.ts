// The trainer worker: owns TensorFlow.js and the dataset; the page drives it through
// Comlink (see trainer-api.ts for what crosses).
import * as tf from '@tensorflow/tfjs';
import { expose, transfer } from 'comlink';
import { DEFAULT_CONFIG, validateConfig, type TrainConfig } from '../../shared/train-config.js';
import { augmentBatch } from '../data/augment.js';
import {
  AUTO_MEASURE,
  assertCanTrain,
  backendSettled,
  measureBackends,
  measureForAuto,
  startBackend,
  useBackend,
} from '../backends/backend.js';
import { loadMeasurement } from '../storage/measured-speeds.js';
import { loadMnist, type Mnist } from '../data/dataset.js';
import { evaluateOn } from '../training/evaluate.js';
import { IMAGE_PIXELS } from '../data/idx.js';
import { buildModel, compileModel, summarize } from '../model/model.js';
import { exportModel, loadCheckedModel, readModelFiles } from '../model/model-files.js';
import { hasModel } from '../../shared/runs.js';
import { SeededRandom } from '../data/random.js';
import {
  CheckpointStore,
  loadWeights,
  storeWeights,
  type ResumeState,
  type RunRecord,
} from '../storage/checkpoints.js';
import { FINE_TUNE_EPOCHS, fineTuneModel } from '../training/fine-tune.js';
import { PersonalSet, personalJson, readPersonalSetFile } from '../storage/personal-digits.js';
import { EarlyStopping, WeightSnapshot } from '../training/early-stopping.js';
import { batchTensors, trainModel, type RunStart, type SaveCheckpoint } from '../training/train.js';
import type { DatasetProgress, RunSummary, TrainerApi, TrainEvent, TrainResult } from '../../protocol/trainer.js';
import type { BackendChoice } from '../../shared/train-config.js';
import { announce, runLock, TRAINING_LOCK } from '../../shared/tab-locks.js';
import { assertGpuDevice, unlessGpuLost } from '../backends/gpu-device.js';
import { holdForLife, holdingLock, takeLock } from './locks.js';

const DATA_URL = new URL('./data/', import.meta.url);

let dataset: Promise<Mnist> | undefined;
let runStore: Promise<CheckpointStore> | undefined;
let model: tf.LayersModel | undefined;
/** The job holding the backend (one at a time), as a user would name it. */
let job: string | undefined;

/** Runs `body` as the worker's one job on the backend, or says which job is in the way. */
async function exclusive<T>(name: string, body: () => Promise<T>): Promise<T> {
  if (job) throw new Error(`${job} is going on in this worker: try again when it ends.`);
  job = name;
  try {
    return await body();
  } finally {
    job = undefined;
  }
}
let activeRunId: string | undefined;
let stopRequested = false;

/** Trains (or measures) only while no other tab's worker does: one tab at a time. */
function oneTabAtATime<T>(body: () => Promise<T>): Promise<T> {
  return holdingLock(
    TRAINING_LOCK,
    'Another tab of this app is training (or measuring the backends): this one can train when it ends or closes.',
    body,
  );
}

function checkpoints(): Promise<CheckpointStore> {
  runStore ??= CheckpointStore.open();
  return runStore;
}

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

  train(config: TrainConfig, onEvent: (event: TrainEvent) => void) {
    return run(config, onEvent, () => {
      const createdAt = Date.now();
      return Promise.resolve({
        start: { id: crypto.randomUUID(), model: buildModel(config.learningRate), epoch: 0, history: [] },
        name: `Run of ${new Date(createdAt).toLocaleString('en-GB')}`,
        createdAt,
      });
    });
  },

  backendSpeeds() {
    return loadMeasurement();
  },

  async measureBackends(options, onProgress) {
    return exclusive('Measuring the backends', () =>
      oneTabAtATime(async () => {
        const { backends, ...speedOptions } = options;
        // A benchmark's own list of backends is not what the device's `auto` goes by.
        return backends
          ? await measureBackends(backends, { ...AUTO_MEASURE, ...speedOptions }, onProgress)
          : await measureForAuto(speedOptions, onProgress);
      }),
    );
  },

  async resume(runId: string, onEvent: (event: TrainEvent) => void, backend?: BackendChoice) {
    const runs = await checkpoints();
    const record = await runs.get(runId);
    if (!record) throw new Error(`No saved run with id "${runId}".`);
    if (record.status === 'completed' || record.status === 'early-stopped' || record.epoch >= record.config.epochs) {
      throw new Error(
        `"${record.name}" has finished (${record.epoch} of ${record.config.epochs} epochs): nothing to resume.`,
      );
    }
    const config = backend === undefined ? record.config : { ...record.config, backend };
    return run(config, onEvent, async () => {
      const best = await runs.bestWeights(record.id);
      return {
        start: {
          id: record.id,
          model: await runs.loadModel(record),
          epoch: record.epoch,
          history: record.history,
          state: record.state,
          best: best && new WeightSnapshot(best.epoch, loadWeights(best)),
        },
        name: record.name,
        createdAt: record.createdAt,
      };
    });
  },

  async listRuns() {
    return (await checkpoints()).list();
  },

  async getRun(runId: string) {
    const record = await (await checkpoints()).get(runId);
    if (!record) throw new Error(`No saved run with id "${runId}".`);
    const { config, history, state: _state, slot: _slot, bestBytes: _bestBytes, ...summary } = record;
    return { summary, config, history };
  },

  async renameRun(runId: string, name: string) {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length < 1 || trimmed.length > 80) {
      throw new Error(`A name needs 1 to 80 characters (got ${trimmed.length}).`);
    }
    return (await checkpoints()).rename(runId, trimmed);
  },

  async deleteRun(runId: string) {
    const training = 'This run is training now (in this tab or another): stop it before deleting it.';
    if (activeRunId === runId) throw new Error(training);
    const runs = await checkpoints();
    await holdingLock(runLock(runId), training, () => runs.delete(runId));
  },

  async evaluate(runId, onProgress) {
    return exclusive('An evaluation', async () => {
      const data = await mnist();
      await predictionBackend();
      if (runId === null) {
        if (!model) throw new Error('No model was trained in this session: choose a saved model to evaluate.');
        return await evaluateOn(model, data.test, 'The model trained in this session', onProgress);
      }
      const { record, saved } = await savedModel(runId);
      const which = record.status === 'imported' ? record.name : `${record.name}, epoch ${record.epoch}`;
      try {
        return await evaluateOn(saved, data.test, which, onProgress);
      } finally {
        saved.dispose();
      }
    });
  },

  async exportRun(runId) {
    await anyBackend();
    const { record, saved } = await savedModel(runId);
    try {
      const exported = await exportModel(saved, record.name);
      return transfer(exported, [exported.weights]);
    } finally {
      saved.dispose();
    }
  },

  async importModel(files) {
    return exclusive('An import', async () => {
      if (!Array.isArray(files) || files.length === 0 || files.some((file) => !(file instanceof File))) {
        throw new Error('Choose a model.json and its weights file to import.');
      }
      const artifacts = await readModelFiles(files);
      await predictionBackend();
      const imported = await loadCheckedModel(artifacts);
      const json = files.find((file) => file.name.toLowerCase().endsWith('.json'))!;
      try {
        // Compiled as the notebook's, so it saves (and could train) like a run of ours.
        compileModel(imported, DEFAULT_CONFIG.learningRate);
        return await saveNewRun(imported, {
          name: `Imported ${json.name}`,
          config: DEFAULT_CONFIG,
          epochs: 0,
          status: 'imported',
        });
      } finally {
        imported.dispose();
      }
    });
  },

  async addPersonalDigit(label, pixels) {
    return (await personal()).add(label, pixels);
  },

  async listPersonalDigits() {
    return (await personal()).list();
  },

  async deletePersonalDigit(id) {
    await (await personal()).delete(id);
  },

  async exportPersonalDigits() {
    return personalJson(await (await personal()).list());
  },

  async importPersonalDigits(file) {
    const digits = await readPersonalSetFile(file);
    return (await personal()).import(digits);
  },

  async fineTune(runId, onProgress) {
    return exclusive('Fine-tuning', () =>
      oneTabAtATime(async () => {
        const started = performance.now();
        const [data, digits] = await Promise.all([mnist(), (await personal()).list()]);
        await predictionBackend();
        const { record, saved } = await savedModel(runId);
        try {
          const config = record.status === 'imported' ? DEFAULT_CONFIG : record.config;
          const scores = await fineTuneModel(saved, data.train, digits, config, onProgress);
          const run = await saveNewRun(saved, {
            name: `Fine-tuned ${record.name}`,
            config,
            epochs: FINE_TUNE_EPOCHS,
            status: 'completed',
          });
          return { run, ...scores, millis: Math.round(performance.now() - started) };
        } finally {
          saved.dispose();
        }
      }),
    );
  },

  async testImages(indices) {
    const { test } = await mnist();
    if (!Array.isArray(indices) || indices.length > MAX_IMAGES) {
      throw new Error(`Ask for at most ${MAX_IMAGES} test images at a time.`);
    }
    const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= test.count);
    if (bad !== undefined) throw new Error(`There is no test image ${String(bad)} (0 to ${test.count - 1}).`);
    const pixels = new Uint8Array(indices.length * IMAGE_PIXELS);
    indices.forEach((index, k) => {
      pixels.set(test.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), k * IMAGE_PIXELS);
    });
    return transfer(pixels, [pixels.buffer]);
  },

  stop() {
    stopRequested = true;
  },

  holdLifeLock(name) {
    return holdForLife(name);
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

interface Beginning {
  start: RunStart;
  name: string;
  createdAt: number;
}

/** Trains from a beginning (fresh or a checkpoint), saving a checkpoint after every epoch. */
async function run(
  config: TrainConfig,
  onEvent: (event: TrainEvent) => void,
  begin: () => Promise<Beginning>,
): Promise<TrainResult> {
  const errors = Object.values(validateConfig(config));
  if (errors.length > 0) throw new Error(`Invalid training settings: ${errors.join(' ')}`);
  return exclusive('A training run', () =>
    oneTabAtATime(async () => {
      stopRequested = false;
      try {
        return await train(config, onEvent, begin);
      } finally {
        activeRunId = undefined;
      }
    }),
  );
}

/** The run itself: backend, model, checkpoints, the training loop. */
async function train(
  config: TrainConfig,
  onEvent: (event: TrainEvent) => void,
  begin: () => Promise<Beginning>,
): Promise<TrainResult> {
  const data = await mnist();
  const chosen = await useBackend(config.backend, {
    batchSize: config.batchSize,
    augment: config.augment,
    onProgress: (progress) => onEvent({ type: 'measuring', ...progress }),
  });
  if (chosen.measurement) onEvent({ type: 'measured', measurement: chosen.measurement });
  const backend = chosen.info;
  assertCanTrain(backend.name);
  model?.dispose();
  model = undefined;
  const runs = await checkpoints();
  const { start, name, createdAt } = await begin();
  activeRunId = start.id;
  // Held to the end of the run: no tab deletes it meanwhile, and pages can tell which run trains.
  const release = await takeLock(runLock(start.id), `"${name}" is being deleted in another tab.`);
  try {
    announce({ type: 'training', runId: start.id });
    const save: SaveCheckpoint = async (current, content) => {
      const bestEpoch = content.state.earlyStopping.bestEpoch;
      assertGpuDevice();
      // Read off the backend only in the epochs where the best changed.
      const best = content.best && (await storeWeights(content.best.epoch, content.best.weights));
      return runs.save(
        current,
        {
          id: start.id,
          name,
          createdAt,
          updatedAt: Date.now(),
          config,
          epoch: content.epoch,
          epochs: config.epochs,
          status: content.status,
          history: content.history,
          state: content.state,
          bestEpoch,
          bestValAccuracy: content.history.find((epoch) => epoch.epoch === bestEpoch)?.valAccuracy ?? null,
        },
        best,
        assertGpuDevice,
      );
    };
    const result = await unlessGpuLost(
      trainModel({
        data,
        config,
        backend,
        start,
        save,
        onEvent: (event) => void onEvent(event),
        isStopped: () => {
          assertGpuDevice();
          return stopRequested;
        },
      }),
    );
    if (result.result.reason === 'stopped') await runs.markStopped(start.id);
    model = result.model; // kept for evaluation
    return result.result;
  } finally {
    release();
  }
}

const MAX_IMAGES = 1000;

let personalStore: Promise<PersonalSet> | undefined;
function personal(): Promise<PersonalSet> {
  personalStore ??= PersonalSet.open();
  return personalStore;
}

/**
 * Stores a model that did not train here (imported, fine-tuned) as a new saved run; a
 * save that fails half way is removed again.
 */
async function saveNewRun(
  model: tf.LayersModel,
  run: { name: string; config: TrainConfig; epochs: number; status: RunRecord['status'] },
): Promise<RunSummary> {
  const runs = await checkpoints();
  const id = crypto.randomUUID();
  const now = Date.now();
  try {
    return await runs.save(
      model,
      {
        id,
        name: run.name.slice(0, 80),
        createdAt: now,
        updatedAt: now,
        config: run.config,
        epoch: run.epochs,
        epochs: run.epochs,
        status: run.status,
        history: [],
        state: freshState(run.config),
        bestEpoch: 0,
        bestValAccuracy: null,
      },
      null,
    );
  } catch (error) {
    await runs.delete(id).catch(() => undefined);
    throw error;
  }
}

/** What a run that did not train here resumes from: nothing drawn, no epoch seen. */
function freshState(config: TrainConfig): ResumeState {
  return {
    orderRandom: 0,
    augmentRandom: 0,
    step: 0,
    smoothedLoss: Number.NaN,
    earlyStopping: new EarlyStopping(config).state,
  };
}

/** A saved run's model as last checkpointed (or imported); the caller disposes it. */
async function savedModel(runId: string): Promise<{ record: RunRecord; saved: tf.LayersModel }> {
  const runs = await checkpoints();
  const record = await runs.get(runId);
  if (!record) throw new Error(`No saved run with id "${runId}".`);
  if (!hasModel(record)) throw new Error(`"${record.name}" has no checkpoint yet: it never finished an epoch.`);
  return { record, saved: await runs.loadModel(record) };
}

/**
 * Predicting thousands of images: the training backend if one started, else wasm, whose
 * forward pass runs on any device at hundreds of images a second (the CPU backend's at
 * tens).
 */
async function predictionBackend(): Promise<void> {
  await backendSettled();
  const current = tf.getBackend();
  if (!current || current === 'cpu') await startBackend('wasm');
}

/** Small jobs (summary, preview) run on the training backend if one started, else the CPU. */
async function anyBackend(): Promise<void> {
  await backendSettled(); // a run may be starting one
  // Do not start a GPU backend just for them.
  if (!tf.getBackend()) await tf.setBackend('cpu');
}

expose(api);

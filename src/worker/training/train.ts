// The training loop: the notebook's `model.fit` written out batch by batch, so the
// page sees progress and Stop takes effect at the next batch boundary.
import * as tf from '@tensorflow/tfjs';
import { scoreProbabilities } from '../../shared/evaluation-report.js';
import type { TrainConfig } from '../../shared/train-config.js';
import type { Mnist, MnistPart } from '../data/dataset.js';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../data/idx.js';
import { augmentBatch, isIdentity } from '../data/augment.js';
import { EarlyStopping, WeightSnapshot } from './early-stopping.js';
import { NUM_CLASSES } from '../model/model.js';
import { SeededRandom, shuffle } from '../data/random.js';
import { splitIndices } from '../data/split.js';
import { metricsEvery, readScores, trainStep } from './train-step.js';
import type { ResumeState } from '../storage/checkpoints.js';
import type { BackendInfo, EpochMetrics, RunStatus, TrainEvent, TrainResult } from '../../protocol/trainer.js';
import type { RunSummary } from '../../protocol/trainer.js';

const BATCH_EVENT_INTERVAL_MS = 100;
const LOSS_SMOOTHING = 0.9;
/** Images a batch when only predicting (validation, test). */
const EVAL_BATCH = 500;

export interface TrainRun {
  model: tf.LayersModel;
  result: TrainResult;
}

/** Where a run starts: a fresh model at epoch 0, or a checkpoint. */
export interface RunStart {
  id: string;
  model: tf.LayersModel;
  epoch: number;
  history: EpochMetrics[];
  state?: ResumeState;
  best?: WeightSnapshot;
}

/** What a checkpoint holds besides the model; `save` returns the run's new summary. */
export interface CheckpointContent {
  epoch: number;
  history: EpochMetrics[];
  state: ResumeState;
  /**
   * The best weights when they changed since the last checkpoint; null once the run is
   * over (the saved model holds them); undefined: as last saved.
   */
  best: WeightSnapshot | null | undefined;
  status: RunStatus;
}
export type SaveCheckpoint = (model: tf.LayersModel, content: CheckpointContent) => Promise<RunSummary>;

/** Copies the given images into a [n, 28, 28, 1] tensor scaled to [0, 1], labels into [n, 1]. */
export function batchTensors(part: MnistPart, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const n = indices.length;
  const pixels = new Float32Array(n * IMAGE_PIXELS);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    const source = part.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
    for (let p = 0; p < IMAGE_PIXELS; p++) pixels[i * IMAGE_PIXELS + p] = source[p] / 255;
    labels[i] = part.labels[index];
  }
  // sparseCategoricalCrossentropy in tfjs wants labels shaped [n, 1].
  return { x: tf.tensor4d(pixels, [n, IMAGE_SIDE, IMAGE_SIDE, 1]), y: tf.tensor2d(labels, [n, 1]) };
}

/**
 * The model's ten probabilities for each image at `indices`, in batches of EVAL_BATCH,
 * in inference mode (dropout off, BatchNorm's moving statistics), as model.evaluate runs.
 */
export async function predictProbabilities(
  model: tf.LayersModel,
  part: MnistPart,
  indices: Uint32Array,
  onProgress?: (progress: { done: number; total: number }) => void,
): Promise<Float32Array> {
  const probabilities = new Float32Array(indices.length * NUM_CLASSES);
  for (let start = 0; start < indices.length; start += EVAL_BATCH) {
    const { x, y } = batchTensors(part, indices.subarray(start, start + EVAL_BATCH));
    const output = model.predict(x) as tf.Tensor;
    tf.dispose([x, y]);
    try {
      if (output.shape[1] !== NUM_CLASSES) {
        throw new Error(`The model gives ${output.shape[1]} outputs, not ${NUM_CLASSES}.`);
      }
      probabilities.set(await output.data(), start * NUM_CLASSES);
    } finally {
      output.dispose();
    }
    onProgress?.({ done: Math.min(indices.length, start + EVAL_BATCH), total: indices.length });
    await nextTask();
  }
  return probabilities;
}

/** Keras' loss and the accuracy on the images at `indices` (see predictProbabilities). */
export async function evaluate(
  model: tf.LayersModel,
  part: MnistPart,
  indices: Uint32Array,
): Promise<{ loss: number; accuracy: number }> {
  const probabilities = await predictProbabilities(model, part, indices);
  const { loss, accuracy } = scoreProbabilities(
    Uint8Array.from(indices, (i) => part.labels[i]),
    probabilities,
  );
  return { loss, accuracy };
}

const channel = new MessageChannel();
/** Yields to the event loop (without setTimeout's clamping) so a stop() message can land. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.addEventListener('message', () => resolve(), { once: true });
    channel.port1.start();
    channel.port2.postMessage(null);
  });
}

export interface TrainOptions {
  data: Mnist;
  config: TrainConfig;
  backend: BackendInfo;
  start: RunStart;
  save: SaveCheckpoint;
  onEvent: (event: TrainEvent) => void;
  /** Polled at every batch boundary. */
  isStopped: () => boolean;
}

export async function trainModel({
  data,
  config,
  backend,
  start,
  save,
  onEvent,
  isStopped,
}: TrainOptions): Promise<TrainRun> {
  const started = performance.now();
  const { model } = start;
  const split = splitIndices(config);
  // The split owns the seed; batch order and augmentation get generators of their own.
  const orderRandom = new SeededRandom(start.state?.orderRandom ?? config.seed ^ 0x5bd1e995);
  const augmentRandom = new SeededRandom(start.state?.augmentRandom ?? config.seed ^ 0x27d4eb2f);
  const earlyStopping = new EarlyStopping(config, start.state?.earlyStopping);
  const augment = config.augment && !isIdentity(config);
  // Every batch is full: fixed shapes let the GPU backends reuse their buffers. The
  // few images a batch cannot take change with each epoch's shuffle.
  const batchesPerEpoch = Math.floor(split.train.length / config.batchSize);
  const readEvery = metricsEvery(backend.name);
  let best = start.best;
  /** Whether `best` changed since the last checkpoint saved. */
  let bestUnsaved = false;
  const history = [...start.history];
  let step = start.state?.step ?? 0;
  let smoothedLoss = start.state?.smoothedLoss ?? Number.NaN;
  const resumeState = (): ResumeState => ({
    orderRandom: orderRandom.state,
    augmentRandom: augmentRandom.state,
    step,
    smoothedLoss,
    earlyStopping: earlyStopping.state,
  });
  const checkpoint = async (epoch: number, status: RunStatus): Promise<string | undefined> => {
    onEvent({ type: 'saving', epoch });
    const saveStarted = performance.now();
    try {
      const over = status === 'completed' || status === 'early-stopped';
      const changed = over ? null : bestUnsaved ? best : undefined;
      const run = await save(model, { epoch, history, state: resumeState(), best: changed, status });
      bestUnsaved = false;
      onEvent({ type: 'saved', epoch, millis: Math.round(performance.now() - saveStarted), run });
      return undefined;
    } catch (error) {
      return saveFailure(error, history.length - 1);
    }
  };

  onEvent({
    type: 'start',
    runId: start.id,
    backend,
    trainCount: split.train.length,
    validationCount: split.validation.length,
    batchesPerEpoch,
    epochs: config.epochs,
  });

  let reason: TrainResult['reason'] | undefined;
  let saveError: string | undefined;
  for (let epoch = start.epoch + 1; epoch <= config.epochs && !reason; epoch++) {
    const epochStarted = performance.now();
    const order = shuffle(split.train.slice(), orderRandom);
    let lossSum = 0;
    let accuracySum = 0;
    let lastEvent = 0;
    let pending: tf.Tensor1D[] = [];
    let counted = 0; // batches whose metrics have been read
    const readPending = async (): Promise<void> => {
      const scores = await readScores(pending);
      pending = [];
      for (let i = 0; i < scores.length; i += 2) {
        const loss = scores[i];
        lossSum += loss;
        accuracySum += scores[i + 1];
        counted++;
        step++;
        smoothedLoss = Number.isNaN(smoothedLoss) ? loss : LOSS_SMOOTHING * smoothedLoss + (1 - LOSS_SMOOTHING) * loss;
      }
      const now = performance.now();
      if (now - lastEvent >= BATCH_EVENT_INTERVAL_MS || counted === batchesPerEpoch) {
        lastEvent = now;
        onEvent({
          type: 'batch',
          epoch,
          batch: counted,
          batchesPerEpoch,
          loss: lossSum / counted,
          accuracy: accuracySum / counted,
          imagesPerSecond: (counted * config.batchSize * 1000) / (now - epochStarted),
          step,
          smoothedLoss,
        });
      }
    };
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      if (isStopped()) {
        await readPending(); // the steps taken are counted, though the epoch is not saved
        reason = 'stopped';
        break;
      }
      const { x, y } = batchTensors(
        data.train,
        order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize),
      );
      const input = augment ? augmentBatch(x, config, augmentRandom) : x;
      pending.push(trainStep(model, input, y));
      tf.dispose([x, y, input]);
      if (pending.length >= readEvery || batch === batchesPerEpoch - 1) await readPending();
      await nextTask();
    }
    if (reason) break; // a partial epoch is not reported, nor saved

    const trainMillis = performance.now() - epochStarted;
    onEvent({ type: 'validate', epoch });
    const validation = await evaluate(model, data.train, split.validation);
    const verdict = earlyStopping.update(epoch, { valLoss: validation.loss, valAccuracy: validation.accuracy });
    if (verdict.improved) {
      best?.dispose();
      best = WeightSnapshot.of(model, epoch);
      bestUnsaved = true;
    }
    const metrics: EpochMetrics = {
      epoch,
      loss: lossSum / batchesPerEpoch,
      accuracy: accuracySum / batchesPerEpoch,
      valLoss: validation.loss,
      valAccuracy: validation.accuracy,
      millis: Math.round(performance.now() - epochStarted),
      imagesPerSecond: (batchesPerEpoch * config.batchSize * 1000) / trainMillis,
      numTensors: tf.memory().numTensors,
      bestEpoch: earlyStopping.state.bestEpoch,
      iterations: model.optimizer.iterations,
    };
    history.push(metrics);
    onEvent({ type: 'epoch', ...metrics });
    if (verdict.stop) reason = 'early-stopped';
    if (epoch < config.epochs && reason !== 'early-stopped') {
      saveError = await checkpoint(epoch, 'running');
      if (saveError) reason = 'save-failed';
    }
  }
  const ending = reason ?? 'completed';

  // As Keras' restore_best_weights, and also when the epochs ran out or the user stopped.
  best?.restoreInto(model);
  if (ending === 'completed' || ending === 'early-stopped') {
    // The run is over: its last checkpoint is the kept model, and the stored best weights
    // go. A stopped or failed run keeps its last epoch's checkpoint and the stored best
    // weights, to resume from.
    saveError = await checkpoint(history.length, ending);
  }
  let kept: TrainResult['kept'];
  if (best) {
    const validation = await evaluate(model, data.train, split.validation);
    kept = { valLoss: validation.loss, valAccuracy: validation.accuracy };
    best.dispose();
  }
  // The notebook's last cell: the kept model on the 10,000 test images, never trained on.
  let test: TrainResult['test'];
  if (history.length > 0) {
    const all = Uint32Array.from({ length: data.test.count }, (_, i) => i);
    const scores = await evaluate(model, data.test, all);
    test = { loss: scores.loss, accuracy: scores.accuracy, count: all.length };
  }
  return {
    model,
    result: {
      runId: start.id,
      reason: saveError ? 'save-failed' : ending,
      saveError,
      backend,
      history,
      bestEpoch: earlyStopping.state.bestEpoch,
      kept,
      test,
      millis: Math.round(performance.now() - started),
    },
  };
}

/** Says what failed and, for a full disk, what to do about it. */
function saveFailure(error: unknown, lastGoodEpoch: number): string {
  const full = error instanceof Error && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));
  const kept = lastGoodEpoch > 0 ? `the checkpoint of epoch ${lastGoodEpoch} is kept` : 'no earlier checkpoint exists';
  if (full) {
    return `Storage is full: the checkpoint could not be saved, and ${kept}. Delete saved models in the model library, or free space on this device, then resume.`;
  }
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `The checkpoint could not be saved (${why}); ${kept}.`;
}

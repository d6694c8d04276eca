// The training loop: the notebook's `model.fit` written out batch by batch, so the
// page sees progress and Stop takes effect at the next batch boundary.
import * as tf from '@tensorflow/tfjs';
import { scoreProbabilities } from '../../shared/evaluation-report.js';
import { isIdentity, type TrainConfig } from '../../shared/train-config.js';
import type { Mnist, MnistPart } from '../data/dataset.js';
import { augmentBatch } from '../data/augment.js';
import { EarlyStopping, WeightSnapshot } from './early-stopping.js';
import { SeededRandom, shuffle, streamSeed } from '../data/random.js';
import { splitIndices } from '../data/split.js';
import { useDropoutRandom } from '../model/seeded-dropout.js';
import { metricsEvery } from './train-step.js';
import { recalibrateBatchNorm, recalibrates } from './batch-norm-statistics.js';
import { batchTensors, fullBatchCount, fullBatches, nextTask, trainBatches } from './batch-loop.js';
import type { ResumeState } from '../storage/checkpoints.js';
import type { BackendInfo } from '../../protocol/backends.js';
import type { EpochMetrics, TrainEvent, TrainResult } from '../../protocol/training.js';
import type { RunStatus, RunSummary } from '../../protocol/runs.js';
import { CLASS_COUNT } from '../../shared/mnist.js';

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
  const probabilities = new Float32Array(indices.length * CLASS_COUNT);
  for (let start = 0; start < indices.length; start += EVAL_BATCH) {
    const { x, y } = batchTensors(part, indices.subarray(start, start + EVAL_BATCH));
    const output = model.predict(x) as tf.Tensor;
    tf.dispose([x, y]);
    try {
      if (output.shape[1] !== CLASS_COUNT) {
        throw new Error(`The model gives ${output.shape[1]} outputs, not ${CLASS_COUNT}.`);
      }
      probabilities.set(await output.data(), start * CLASS_COUNT);
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
  // Each draw from the seed has its stream (see streamSeed); a resume continues them.
  const orderRandom = new SeededRandom(start.state?.orderRandom ?? streamSeed(config.seed, 'order'));
  const augmentRandom = new SeededRandom(start.state?.augmentRandom ?? streamSeed(config.seed, 'augment'));
  const dropoutRandom = new SeededRandom(start.state?.dropoutRandom ?? streamSeed(config.seed, 'dropout'));
  useDropoutRandom(model, dropoutRandom);
  const earlyStopping = new EarlyStopping(config, start.state?.earlyStopping);
  const augment = config.augment && !isIdentity(config);
  // Every batch is full: fixed shapes let the GPU backends reuse their buffers. The
  // few images a batch cannot take change with each epoch's shuffle.
  const batchesPerEpoch = fullBatchCount(split.train.length, config.batchSize);
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
    dropoutRandom: dropoutRandom.state,
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
    const finished = await trainBatches({
      model,
      ...fullBatches(data.train, order, config.batchSize),
      augment: augment ? (x) => augmentBatch(x, config, augmentRandom) : undefined,
      readEvery,
      isStopped, // the steps taken are counted, though the epoch is not saved
      yieldEachBatch: true,
      onScores: (scores, counted) => {
        for (let i = 0; i < scores.length; i += 2) {
          const loss = scores[i];
          lossSum += loss;
          accuracySum += scores[i + 1];
          step++;
          smoothedLoss = Number.isNaN(smoothedLoss)
            ? loss
            : LOSS_SMOOTHING * smoothedLoss + (1 - LOSS_SMOOTHING) * loss;
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
      },
    });
    if (!finished) reason = 'stopped';
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
  let recalibrated: TrainResult['recalibrated'];
  const over = ending === 'completed' || ending === 'early-stopped';
  // Only once the run is over: a resumed run must continue the moving averages it left.
  if (over && history.length > 0 && recalibrates(config.batchNormStatistics, step)) {
    const images = split.train.length;
    await recalibrateBatchNorm(model, data.train, split.train, ({ layer, layers }) =>
      onEvent({ type: 'recalibrating', images, layer, layers }),
    );
    recalibrated = { images, steps: step };
  }
  if (over) {
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
      recalibrated,
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

// The trainer's training service: the notebook's model, trained from scratch or from a
// saved run's last checkpoint, with progress as events.
import type { BackendChoice, TrainConfig } from '../shared/train-config.js';
import type { BackendInfo, BackendMeasurement, MeasureProgress } from './backends.js';
import type { RunSummary } from './runs.js';

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  millis: number;
  imagesPerSecond: number;
  /** `tf.memory().numTensors` after the epoch: constant when nothing leaks. */
  numTensors: number;
  /** The best epoch so far by the early-stopping monitor (this one, when it improved). */
  bestEpoch: number;
  /** Adam's step count after the epoch: a resumed run carries on from it. */
  iterations: number;
}

export type TrainEvent =
  | ({ type: 'measuring' } & MeasureProgress)
  | { type: 'measured'; measurement: BackendMeasurement }
  | {
      type: 'start';
      runId: string;
      backend: BackendInfo;
      trainCount: number;
      validationCount: number;
      batchesPerEpoch: number;
      epochs: number;
    }
  | {
      type: 'batch';
      epoch: number;
      /** Batches done in this epoch. */
      batch: number;
      batchesPerEpoch: number;
      /** Running means over this epoch's batches so far. */
      loss: number;
      accuracy: number;
      imagesPerSecond: number;
      /** Batches done in the whole run, and the batch loss smoothed over them (EMA, 0.9). */
      step: number;
      smoothedLoss: number;
    }
  | { type: 'validate'; epoch: number }
  /** BatchNorm's statistics being recomputed at the run's end: `layer` of `layers` done. */
  | { type: 'recalibrating'; images: number; layer: number; layers: number }
  | ({ type: 'epoch' } & EpochMetrics)
  | { type: 'saving'; epoch: number }
  /** `run`: the saved run's new summary, as the library lists it. */
  | { type: 'saved'; epoch: number; millis: number; run: RunSummary };

export interface TrainResult {
  /** The saved run it belongs to. */
  runId: string;
  /**
   * All epochs ran; the user pressed Stop; early stopping ran out of patience; a
   * checkpoint could not be saved (saveError says why; the last good one is kept).
   */
  reason: 'completed' | 'stopped' | 'early-stopped' | 'save-failed';
  saveError?: string;
  backend: BackendInfo;
  history: EpochMetrics[];
  /** The epoch whose weights the model now holds (restored as Keras' restore_best_weights); 0 if none. */
  bestEpoch: number;
  /** The kept model's validation loss and accuracy, measured after the restore. */
  kept?: { valLoss: number; valAccuracy: number };
  /**
   * Set when BatchNorm's moving statistics were recomputed over the training images at the
   * end (the run's `steps` were fewer than the moving averages need, or the settings asked).
   */
  recalibrated?: { images: number; steps: number };
  /** The kept model on the test images (after at least one epoch). */
  test?: { loss: number; accuracy: number; count: number };
  millis: number;
}

export interface TrainingService {
  /** The notebook's model as tfjs builds it, like Keras' `model.summary()`. */
  describeModel(): Promise<ModelSummary>;
  /** Trains a fresh model, saving a checkpoint after every epoch; resolves when the run ends. */
  start(config: TrainConfig, onEvent: (event: TrainEvent) => void): Promise<TrainResult>;
  /**
   * Continues a saved run from the epoch after its last checkpoint; on `backend` if given
   * (after a fault of the run's own backend), else on the run's.
   */
  resume(runId: string, onEvent: (event: TrainEvent) => void, backend?: BackendChoice): Promise<TrainResult>;
  /**
   * Trains an imported model further, as a new run with these settings: from its weights
   * and the optimizer state it came with (a Keras .h5's Adam step count and moments).
   */
  trainFurther(runId: string, config: TrainConfig, onEvent: (event: TrainEvent) => void): Promise<TrainResult>;
  /** Ends the current run at the next batch boundary (the page's client calls it on abort). */
  stop(): void;
}

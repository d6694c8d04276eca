// What crosses the boundary between the page and the trainer worker: plain,
// structured-clonable data only. The page imports this file's types and nothing else
// from src/worker.
import type { EvaluationReport } from '../shared/evaluation-report.js';
import type { BackendChoice, TrainConfig } from '../shared/train-config.js';

export type DatasetPhase = 'cache' | 'download' | 'verify' | 'store' | 'ready';

export interface DatasetProgress {
  phase: DatasetPhase;
  /** Compressed bytes received so far, and in all (from the data manifest). */
  loadedBytes: number;
  totalBytes: number;
  /** Images and labels decoded so far, and in all (2 x 70,000). */
  items: number;
  totalItems: number;
}

export interface DatasetInfo {
  /**
   * `cache`: this device's IndexedDB copy; `network`: downloaded; `offline-copy`: fetched,
   * but answered by the service worker's precache on this device.
   */
  source: 'network' | 'cache' | 'offline-copy';
  trainCount: number;
  testCount: number;
  /** SHA-256 over the four files' own SHA-256s, as the build computed them. */
  checksum: string;
  /** Compressed bytes fetched (0 from the cache) and raw bytes held. */
  fetchedBytes: number;
  rawBytes: number;
  millis: number;
  /** Set when the data loaded but could not be cached (quota, private mode). */
  cacheError?: string;
}

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

export interface BackendInfo {
  name: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  /** The adapter or renderer, e.g. "google swiftshader (fallback adapter)". */
  description: string;
}

/** How a training speed is measured: `steps` timed after one first step and `warmup` more. */
export interface SpeedOptions {
  steps: number;
  batchSize: number;
  augment: boolean;
  warmup?: number;
  /** Also time one more step kernel by kernel (wall clock: meaningful on wasm and cpu). */
  profile?: boolean;
}

/** Where a profiled step's time went, kernel by kernel. */
export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

/** Training speed of the notebook's model on one backend. */
export interface TrainingSpeed {
  backend: string;
  batchSize: number;
  augment: boolean;
  steps: number;
  /** The first step alone: shader compilation, kernel setup, weight upload. */
  firstStepMs: number;
  msPerStep: number;
  imagesPerSecond: number;
  /** Kernels of one profiled step, slowest first (with `profile`). */
  kernels?: KernelTime[];
}

/** One backend's part of a measurement: its speed, or why it could not train. */
export interface MeasuredBackend {
  name: BackendInfo['name'];
  description: string;
  speed?: TrainingSpeed;
  error?: string;
}

/** Training speeds of the backends this device offers, as `auto` measured them. */
export interface BackendMeasurement {
  /** Browser, cores and cross-origin isolation it was taken under (see backend-speeds.ts). */
  device: string;
  measuredAt: number;
  batchSize: number;
  augment: boolean;
  results: MeasuredBackend[];
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

/** running: in progress, or cut off (tab closed, crash) and resumable; stopped: by the user, resumable. */
/** `imported`: a model from files (Saved models, Import), not trained here. */
export type RunStatus = 'running' | 'stopped' | 'completed' | 'early-stopped' | 'imported';

/** A saved run, as the model library lists it. */
export interface RunSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Epochs completed, and planned. */
  epoch: number;
  epochs: number;
  status: RunStatus;
  bestEpoch: number;
  bestValAccuracy: number | null;
  /** Model, optimizer state and (while the run can resume) best weights, in bytes. */
  sizeBytes: number;
}

export type TrainEvent =
  | { type: 'measuring'; backend: BackendInfo['name']; index: number; count: number }
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
  /** The kept model on the test images (after at least one epoch). */
  test?: { loss: number; accuracy: number; count: number };
  millis: number;
}

export interface TrainerApi {
  /** Loads MNIST from IndexedDB, or fetches, verifies and caches it on the first visit. */
  loadDataset(onProgress?: (progress: DatasetProgress) => void): Promise<DatasetInfo>;
  /** The notebook's model as tfjs builds it, like Keras' `model.summary()`. */
  describeModel(): Promise<ModelSummary>;
  /** Trains a fresh model, saving a checkpoint after every epoch; resolves when the run ends. */
  train(config: TrainConfig, onEvent: (event: TrainEvent) => void): Promise<TrainResult>;
  /**
   * Continues a saved run from the epoch after its last checkpoint; on `backend` if given
   * (after a fault of the run's own backend), else on the run's.
   */
  resume(runId: string, onEvent: (event: TrainEvent) => void, backend?: BackendChoice): Promise<TrainResult>;
  listRuns(): Promise<RunSummary[]>;
  /** The run's settings and history, to show before resuming. */
  getRun(runId: string): Promise<{ summary: RunSummary; config: TrainConfig; history: EpochMetrics[] }>;
  renameRun(runId: string, name: string): Promise<RunSummary>;
  deleteRun(runId: string): Promise<void>;
  /** The training speeds `auto` remembers for this device, if measured. */
  backendSpeeds(): Promise<BackendMeasurement | undefined>;
  /**
   * Measures (again) every backend `auto` chooses from, and remembers the result; or,
   * given `backends`, measures those and remembers nothing (benchmarks).
   */
  measureBackends(
    options: SpeedOptions & { backends?: BackendInfo['name'][] },
    onProgress?: (progress: { backend: BackendInfo['name']; index: number; count: number }) => void,
  ): Promise<BackendMeasurement>;
  /**
   * Scores a model on the 10,000 test images: the one trained in this session (runId
   * null) or a saved run's last checkpoint.
   */
  evaluate(
    runId: string | null,
    onProgress?: (progress: { done: number; total: number }) => void,
  ): Promise<EvaluationReport>;
  /** A saved run's model as TensorFlow.js layers files, for the page to download. */
  exportRun(runId: string): Promise<ExportedModel>;
  /**
   * Checks model.json and its weights (sizes, JSON, manifest against the bytes, input
   * [null, 28, 28, 1], 10 outputs) and only then stores the model as a saved run.
   */
  importModel(files: File[]): Promise<RunSummary>;
  /** Labels a drawing (the 28x28 input the predictor used) into the personal set. */
  addPersonalDigit(label: number, pixels: Uint8Array): Promise<PersonalDigit>;
  listPersonalDigits(): Promise<PersonalDigit[]>;
  deletePersonalDigit(id: string): Promise<void>;
  /** The personal set as JSON text, for the page to download. */
  exportPersonalDigits(): Promise<string>;
  /**
   * Reads such JSON back (another device's set): checks the file and every digit, then
   * adds them in one transaction, all or none, skipping digits the set already holds.
   */
  importPersonalDigits(file: File): Promise<PersonalImport>;
  /**
   * Fine-tunes a saved run's model (a few epochs of MNIST mixed with the personal set,
   * with the run's augmentation) into a new saved run, measuring the held-out personal
   * digits before and after.
   */
  fineTune(runId: string, onProgress?: (progress: FineTuneProgress) => void): Promise<FineTuneResult>;
  /** Test images (784 bytes each, 0-255, row after row), at most 1,000 at a time. */
  testImages(indices: number[]): Promise<Uint8Array>;
  /** Ends the current run at the next batch boundary. */
  stop(): void;
  /**
   * Holds the Web Lock `name` until this worker ends, however it ends; resolves once it
   * is held. The page waits on the same lock to learn the worker has gone.
   */
  holdLifeLock(name: string): Promise<void>;
  /**
   * Training images as the augmentation settings transform them: `count` originals and,
   * for each, `variants` augmented copies (28x28 bytes each, row after row).
   */
  previewAugmentation(settings: AugmentPreviewSettings): Promise<AugmentPreview>;
}

/** A digit the user drew and labelled, as the model received it. */
export interface PersonalDigit {
  id: string;
  label: number;
  /** 28x28 grey levels, 0-255, row after row. */
  pixels: Uint8Array;
  createdAt: number;
}

/** What an import of digits did: digits added, and those skipped as already held. */
export interface PersonalImport {
  added: number;
  skipped: number;
}

export interface FineTuneProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
}

export interface FineTuneResult {
  /** The new saved run; the model it started from is kept as it was. */
  run: RunSummary;
  /** Accuracy on the held-out personal digits before and after. */
  before: number;
  after: number;
  heldOut: number;
  /** Personal digits trained on, and MNIST images mixed in. */
  trainedOn: number;
  mnistImages: number;
  millis: number;
}

/** A model as TensorFlow.js layers files. */
export interface ExportedModel {
  /** model.json's text; its manifest names `${baseName}.weights.bin`. */
  modelJson: string;
  weights: ArrayBuffer;
  baseName: string;
}

export interface AugmentPreviewSettings {
  rotationRange: number;
  zoomRange: number;
  widthShiftRange: number;
  heightShiftRange: number;
  seed: number;
  count: number;
  variants: number;
}

export interface AugmentPreview {
  originals: Uint8Array;
  augmented: Uint8Array;
  count: number;
  variants: number;
}

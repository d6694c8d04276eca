// The trainer's runs service: the saved runs (checkpoints, imported and fine-tuned
// models) the model library lists, and their models as files.
import type { TrainConfig } from '../shared/train-config.js';
import type { EpochMetrics } from './training.js';

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

/** A run's settings and history, to show before resuming. */
export interface RunDetails {
  summary: RunSummary;
  config: TrainConfig;
  history: EpochMetrics[];
}

/** A model as TensorFlow.js layers files. */
export interface ExportedModel {
  /** model.json's text; its manifest names `${baseName}.weights.bin`. */
  modelJson: string;
  weights: ArrayBuffer;
  baseName: string;
}

/** A saved run's model as one Keras .h5 file: architecture, weights and Adam's state. */
export interface ExportedH5 {
  bytes: ArrayBuffer;
  /** The run's name as a file name, without extension. */
  baseName: string;
}

export interface RunsService {
  list(): Promise<RunSummary[]>;
  get(runId: string): Promise<RunDetails>;
  rename(runId: string, name: string): Promise<RunSummary>;
  delete(runId: string): Promise<void>;
  /** A saved run's model as TensorFlow.js layers files, for the page to download. */
  exportModel(runId: string): Promise<ExportedModel>;
  /** A saved run's model as the notebook's `.h5` (legacy Keras HDF5), which Keras 2 and 3 load. */
  exportKerasH5(runId: string): Promise<ExportedH5>;
  /**
   * Checks model.json and its weights (sizes, JSON, manifest against the bytes, input
   * [null, 28, 28, 1], 10 outputs) and only then stores the model as a saved run.
   */
  importModel(files: File[]): Promise<RunSummary>;
}

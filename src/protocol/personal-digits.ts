// The trainer's personal digits service: the digits the user drew and labelled, their
// files, and fine-tuning a saved model on them.
import type { RunSummary } from './runs.js';

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
  /** Whether BatchNorm's statistics were recomputed over the images it trained on. */
  recalibrated: boolean;
  millis: number;
}

export interface PersonalDigitsService {
  /** Labels a drawing (the 28x28 input the predictor used) into the personal set. */
  add(label: number, pixels: Uint8Array): Promise<PersonalDigit>;
  list(): Promise<PersonalDigit[]>;
  delete(id: string): Promise<void>;
  /** The personal set as JSON text, for the page to download. */
  exportJson(): Promise<string>;
  /**
   * Reads such JSON back (another device's set): checks the file and every digit, then
   * adds them in one transaction, all or none, skipping digits the set already holds.
   */
  importFile(file: File): Promise<PersonalImport>;
  /**
   * Fine-tunes a saved run's model (a few epochs of MNIST mixed with the personal set,
   * with the run's augmentation) into a new saved run, measuring the held-out personal
   * digits before and after.
   */
  fineTune(runId: string, onProgress?: (progress: FineTuneProgress) => void): Promise<FineTuneResult>;
}

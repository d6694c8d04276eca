// What the trainer's services share: the dataset and stores (each opened once, lazily),
// the one-job-at-a-time rule, the model trained in this session, and which backend small
// jobs run on.
import * as tf from '@tensorflow/tfjs';
import type { DatasetProgress } from '../../protocol/data.js';
import { TRAINING_LOCK } from '../../shared/tab-locks.js';
import { backendSettled, runningBackend, switchToBackend } from '../backends/backend.js';
import { loadMnist, type Mnist } from '../data/dataset.js';
import { CheckpointStore } from '../storage/checkpoints.js';
import { PersonalSet } from '../storage/personal-digits.js';
import { holdingLock } from './locks.js';

const DATA_URL = new URL('./data/', import.meta.url);

let dataset: Promise<Mnist> | undefined;
let runStore: Promise<CheckpointStore> | undefined;
let personalStore: Promise<PersonalSet> | undefined;
/** The job holding the backend (one at a time), as a user would name it. */
let job: string | undefined;

/** The session's training: the model it kept (for evaluation), the run training, Stop. */
export const session: { model?: tf.LayersModel; activeRunId?: string; stopRequested: boolean } = {
  stopRequested: false,
};

export function mnist(onProgress?: (progress: DatasetProgress) => void): Promise<Mnist> {
  dataset ??= loadMnist({ baseUrl: DATA_URL, onProgress }).catch((error: unknown) => {
    dataset = undefined; // the next call starts clean
    throw error;
  });
  return dataset;
}

export function checkpoints(): Promise<CheckpointStore> {
  runStore ??= CheckpointStore.open();
  return runStore;
}

export function personalSet(): Promise<PersonalSet> {
  personalStore ??= PersonalSet.open();
  return personalStore;
}

/** Runs `body` as the worker's one job on the backend, or says which job is in the way. */
export async function exclusive<T>(name: string, body: () => Promise<T>): Promise<T> {
  if (job) throw new Error(`${job} is going on in this worker: try again when it ends.`);
  job = name;
  try {
    return await body();
  } finally {
    job = undefined;
  }
}

/** Trains (or measures) only while no other tab's worker does: one tab at a time. */
export function oneTabAtATime<T>(body: () => Promise<T>): Promise<T> {
  return holdingLock(
    TRAINING_LOCK,
    'Another tab of this app is training (or measuring the backends): this one can train when it ends or closes.',
    body,
  );
}

/**
 * Predicting thousands of images: the training backend if one started, else wasm, whose
 * forward pass runs on any device at hundreds of images a second (the CPU backend's at
 * tens).
 */
export async function usePredictionBackend(): Promise<void> {
  await backendSettled();
  const current = runningBackend();
  if (!current || current === 'cpu') await switchToBackend('wasm').catch(() => switchToBackend('cpu'));
}

/** Small jobs (summary, preview) run on the training backend if one started, else the CPU. */
export async function useAnyBackend(): Promise<void> {
  await backendSettled(); // a run may be starting one
  // Do not start a GPU backend just for them.
  if (!runningBackend()) await switchToBackend('cpu');
}

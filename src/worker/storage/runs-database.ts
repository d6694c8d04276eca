// The saved runs' own database (the models live in tfjs' IndexedDB model storage). A run
// is three records in three stores, written in one transaction: its summary (what the
// library lists), its details (settings, history, resume state) and, while it can still
// be resumed, its best epoch's weights. Listing reads summaries only.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { TrainConfig } from '../../shared/train-config.js';
import type { EarlyStoppingState } from '../training/early-stopping.js';
import type { RunSummary } from '../../protocol/runs.js';
import type { EpochMetrics } from '../../protocol/training.js';

export const DEFAULT_RUNS_DB = 'mnist-runs';
/** 1: one record a run. 2: summaries, details and best weights apart. */
const RUNS_SCHEMA_VERSION = 2;

export type Slot = 'a' | 'b';

/** What continuing a run exactly needs besides the model. */
export interface ResumeState {
  /** Generator states for the batch order, augmentation and dropout masks. */
  orderRandom: number;
  augmentRandom: number;
  /** Absent in checkpoints saved before dropout was seeded: they start a new stream. */
  dropoutRandom?: number;
  step: number;
  smoothedLoss: number;
  earlyStopping: EarlyStoppingState;
}

/** The best epoch's weights, as plain arrays (BatchNorm statistics included). */
export interface StoredWeights {
  epoch: number;
  shapes: number[][];
  values: Float32Array;
}

/** A summary as stored: which model slot is whole, and how big the stored best weights are. */
export interface StoredSummary extends RunSummary {
  slot: Slot;
  bestBytes: number;
}

export interface RunDetails {
  id: string;
  config: TrainConfig;
  history: EpochMetrics[];
  state: ResumeState;
}

export interface RunsDB extends DBSchema {
  summaries: { key: string; value: StoredSummary };
  details: { key: string; value: RunDetails };
  bestWeights: { key: string; value: StoredWeights & { id: string } };
}

/** Version 1's one record a run. */
export type RunRecordV1 = RunSummary & Omit<RunDetails, 'id'> & { best?: StoredWeights; slot: Slot };

export function openRunsDatabase(name = DEFAULT_RUNS_DB): Promise<IDBPDatabase<RunsDB>> {
  return openDB<RunsDB>(name, RUNS_SCHEMA_VERSION, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      database.createObjectStore('summaries', { keyPath: 'id' });
      database.createObjectStore('details', { keyPath: 'id' });
      database.createObjectStore('bestWeights', { keyPath: 'id' });
      if (oldVersion !== 1) return;
      // Anything that goes wrong leaves version 1 as it was (openDB then rejects).
      fromVersion1(database, transaction).catch((error: unknown) => {
        console.error('Could not move the saved runs to the new layout', error);
        transaction.abort();
      });
    },
  });
}

/** Splits each version-1 record; a finished run's best weights go (its model holds them). */
async function fromVersion1(
  database: IDBPDatabase<RunsDB>,
  transaction: IDBPTransaction<RunsDB, StoreNames<RunsDB>[], 'versionchange'>,
): Promise<void> {
  // The old store is not in this version's schema: idb's types cannot name it.
  const old = (transaction as unknown as IDBPTransaction<{ runs: { key: string; value: RunRecordV1 } }>).objectStore(
    'runs',
  );
  for (const record of await old.getAll()) {
    const { config, history, state, best, slot, ...summary } = record;
    const keep = best && !isFinished(record.status) ? best : undefined;
    const bestBytes = keep?.values.byteLength ?? 0;
    const sizeBytes = summary.sizeBytes - (best?.values.byteLength ?? 0) + bestBytes;
    await transaction.objectStore('summaries').put({ ...summary, sizeBytes, slot, bestBytes });
    await transaction.objectStore('details').put({ id: record.id, config, history, state });
    if (keep) await transaction.objectStore('bestWeights').put({ ...keep, id: record.id });
  }
  (database as unknown as IDBPDatabase).deleteObjectStore('runs');
}

/** A run that can no longer resume: its saved model is the best one. */
export function isFinished(status: RunSummary['status']): boolean {
  return status === 'completed' || status === 'early-stopped';
}

export function toSummary(stored: StoredSummary): RunSummary {
  const { slot: _slot, bestBytes: _bestBytes, ...summary } = stored;
  return summary;
}

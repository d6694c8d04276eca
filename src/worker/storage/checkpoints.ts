// Checkpoints: the model (topology, weights, Adam's state) in tfjs' IndexedDB model
// storage, and a record of the run in a database of ours. tfjs saves a model in two
// transactions, so a save cut off half way would leave a broken model: each run has two
// model slots, a save always writes the slot the record does not point to, and the
// record (one transaction) switches to it only once the model is whole.
import * as tf from '@tensorflow/tfjs';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { announce } from '../../shared/tab-locks.js';
import type { TrainConfig } from '../../shared/train-config.js';
import type { EarlyStoppingState } from '../training/early-stopping.js';
import type { EpochMetrics } from '../../protocol/training.js';
import type { RunSummary } from '../../protocol/runs.js';

export const DEFAULT_RUNS_DB = 'mnist-runs';
const RUNS_SCHEMA_VERSION = 1;

type Slot = 'a' | 'b';

/** What continuing a run exactly needs besides the model. */
export interface ResumeState {
  /** Generator states for the batch order and for augmentation. */
  orderRandom: number;
  augmentRandom: number;
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

export interface RunRecord extends RunSummary {
  config: TrainConfig;
  history: EpochMetrics[];
  state: ResumeState;
  best?: StoredWeights;
  slot: Slot;
}

interface RunsDB extends DBSchema {
  runs: { key: string; value: RunRecord };
}

/** Where a saved checkpoint is announced, for the predictor to reload. */
export const CHECKPOINT_CHANNEL = 'mnist-checkpoints';
export interface CheckpointNotice {
  runId: string;
  epoch: number;
}

export const modelUrl = (id: string, slot: Slot) => `indexeddb://mnist-${id}-${slot}`;

export class CheckpointStore {
  private constructor(private readonly db: IDBPDatabase<RunsDB>) {}

  static async open(name = DEFAULT_RUNS_DB): Promise<CheckpointStore> {
    const db = await openDB<RunsDB>(name, RUNS_SCHEMA_VERSION, {
      upgrade(database) {
        database.createObjectStore('runs', { keyPath: 'id' });
      },
    });
    return new CheckpointStore(db);
  }

  /** Newest first; without the heavy parts. */
  async list(): Promise<RunSummary[]> {
    const runs = await this.db.getAll('runs');
    return runs.map(summary).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  /**
   * Saves the model into the free slot, then points the record at it. Whatever cuts this
   * short (a closed tab, a terminated worker, a full disk) leaves the previous record
   * and the model it points to as they were.
   */
  async save(
    model: tf.LayersModel,
    record: Omit<RunRecord, 'slot' | 'sizeBytes'>,
    /** Throws if what was just read from the backend cannot be trusted (a lost GPU). */
    verify: () => void = () => undefined,
  ): Promise<RunRecord> {
    const previous = await this.get(record.id);
    const slot: Slot = previous?.slot === 'a' ? 'b' : 'a';
    // A scope of its own: tfjs 4.22's save with includeOptimizer leaves the scalar it
    // makes for Adam's step count undisposed, one leaked tensor a checkpoint.
    tf.engine().startScope();
    let saved: tf.io.SaveResult;
    try {
      saved = await model.save(modelUrl(record.id, slot), { includeOptimizer: true });
    } finally {
      tf.engine().endScope();
    }
    const info = saved.modelArtifactsInfo;
    const sizeBytes =
      (info.modelTopologyBytes ?? 0) +
      (info.weightSpecsBytes ?? 0) +
      (info.weightDataBytes ?? 0) +
      (record.best?.values.byteLength ?? 0);
    verify();
    // A rename made while the run trains (in any tab) is kept.
    const next: RunRecord = { ...record, name: (await this.get(record.id))?.name ?? record.name, slot, sizeBytes };
    await this.db.put('runs', next);
    announce({ type: 'changed' });
    const channel = new BroadcastChannel(CHECKPOINT_CHANNEL);
    channel.postMessage({ runId: record.id, epoch: record.epoch } satisfies CheckpointNotice);
    channel.close();
    return next;
  }

  /** The run's model as last saved, compiled, with its optimizer state. */
  async loadModel(record: RunRecord): Promise<tf.LayersModel> {
    return tf.loadLayersModel(modelUrl(record.id, record.slot));
  }

  /** Marks a run stopped by the user; its last checkpoint stays as it is. */
  async markStopped(id: string): Promise<void> {
    const tx = this.db.transaction('runs', 'readwrite');
    const record = await tx.store.get(id);
    if (record) await tx.store.put({ ...record, status: 'stopped', updatedAt: Date.now() });
    await tx.done;
    announce({ type: 'changed' });
  }

  async rename(id: string, name: string): Promise<RunSummary> {
    const tx = this.db.transaction('runs', 'readwrite');
    const record = await tx.store.get(id);
    if (!record) throw new Error(`No saved model with id ${id}.`);
    const renamed = { ...record, name };
    await Promise.all([tx.store.put(renamed), tx.done]);
    announce({ type: 'changed' });
    return summary(renamed);
  }

  /** The record goes first (one transaction); then both slots' models. */
  async delete(id: string): Promise<void> {
    await this.db.delete('runs', id);
    announce({ type: 'changed' });
    for (const slot of ['a', 'b'] as const) {
      await tf.io.removeModel(modelUrl(id, slot)).catch(() => undefined); // a slot may never have been written
    }
  }

  close(): void {
    this.db.close();
  }
}

function summary(record: RunRecord): RunSummary {
  const { id, name, createdAt, updatedAt, epoch, epochs, status, bestEpoch, bestValAccuracy, sizeBytes } = record;
  return { id, name, createdAt, updatedAt, epoch, epochs, status, bestEpoch, bestValAccuracy, sizeBytes };
}

/** Plain arrays of a snapshot's weights, for a record. */
export async function storeWeights(epoch: number, weights: readonly tf.Tensor[]): Promise<StoredWeights> {
  const arrays = await Promise.all(weights.map((weight) => weight.data() as Promise<Float32Array>));
  const values = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    values.set(array, offset);
    offset += array.length;
  }
  return { epoch, shapes: weights.map((weight) => weight.shape), values };
}

export function loadWeights(stored: StoredWeights): tf.Tensor[] {
  let offset = 0;
  return stored.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(stored.values.subarray(offset, offset + size), shape);
    offset += size;
    return tensor;
  });
}

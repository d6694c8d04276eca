// Checkpoints: the model (topology, weights, Adam's state) in tfjs' IndexedDB model
// storage, and the run's records in a database of ours (runs-database.ts). tfjs saves a
// model in two transactions, so a save cut off half way would leave a broken model: each
// run has two model slots, a save always writes the slot the summary does not point to,
// and the records (one transaction) switch to it only once the model is whole.
import * as tf from '@tensorflow/tfjs';
import type { IDBPDatabase } from 'idb';
import { announce } from '../../shared/tab-locks.js';
import {
  openRunsDatabase,
  toSummary,
  type RunDetails,
  type RunsDB,
  type Slot,
  type StoredSummary,
  type StoredWeights,
} from './runs-database.js';
import type { RunSummary } from '../../protocol/runs.js';

export { DEFAULT_RUNS_DB, type ResumeState, type StoredWeights } from './runs-database.js';

/** A run's summary and details: all but its best weights. */
export type RunRecord = StoredSummary & Omit<RunDetails, 'id'>;

/** What a save writes: the record, less what the save itself works out. */
export type RecordToSave = Omit<RunRecord, 'slot' | 'sizeBytes' | 'bestBytes'>;

/**
 * The best weights at a save: new ones to store, null to drop the stored ones (the run
 * is over and its model holds them), undefined to keep what is stored.
 */
export type BestWeightsChange = StoredWeights | null | undefined;

/** Where a saved checkpoint is announced, for the predictor to reload. */
export const CHECKPOINT_CHANNEL = 'mnist-checkpoints';
export interface CheckpointNotice {
  runId: string;
  epoch: number;
}

export const modelUrl = (id: string, slot: Slot) => `indexeddb://mnist-${id}-${slot}`;

const ALL_STORES = ['summaries', 'details', 'bestWeights'] as const;

export class CheckpointStore {
  private constructor(private readonly db: IDBPDatabase<RunsDB>) {}

  static async open(name?: string): Promise<CheckpointStore> {
    return new CheckpointStore(await openRunsDatabase(name));
  }

  /** Newest first; reads the summaries only. */
  async list(): Promise<RunSummary[]> {
    const runs = await this.db.getAll('summaries');
    return runs.map(toSummary).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** A run's summary and details (settings, history, resume state). */
  async get(id: string): Promise<RunRecord | undefined> {
    const tx = this.db.transaction(['summaries', 'details']);
    const [summary, details] = await Promise.all([
      tx.objectStore('summaries').get(id),
      tx.objectStore('details').get(id),
    ]);
    if (!summary || !details) return undefined;
    const { id: _id, ...rest } = details;
    return { ...summary, ...rest };
  }

  /** The best epoch's weights, kept while the run can resume. */
  async bestWeights(id: string): Promise<StoredWeights | undefined> {
    const stored = await this.db.get('bestWeights', id);
    if (!stored) return undefined;
    const { id: _id, ...weights } = stored;
    return weights;
  }

  /**
   * Saves the model into the free slot, then points the records at it. Whatever cuts this
   * short (a closed tab, a terminated worker, a full disk) leaves the previous records
   * and the model they point to as they were.
   */
  async save(
    model: tf.LayersModel,
    record: RecordToSave,
    best: BestWeightsChange,
    /** Throws if what was just read from the backend cannot be trusted (a lost GPU). */
    verify: () => void = () => undefined,
  ): Promise<RunSummary> {
    const previous = await this.db.get('summaries', record.id);
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
    const bestBytes = best === undefined ? (previous?.bestBytes ?? 0) : (best?.values.byteLength ?? 0);
    const sizeBytes =
      (info.modelTopologyBytes ?? 0) + (info.weightSpecsBytes ?? 0) + (info.weightDataBytes ?? 0) + bestBytes;
    verify();
    const { config, history, state, ...summary } = record;
    const tx = this.db.transaction(ALL_STORES, 'readwrite');
    const summaries = tx.objectStore('summaries');
    // A rename made while the run trains (in any tab) is kept.
    const name = (await summaries.get(record.id))?.name ?? record.name;
    const next: StoredSummary = { ...summary, name, slot, sizeBytes, bestBytes };
    const writes: Promise<unknown>[] = [
      summaries.put(next),
      tx.objectStore('details').put({ id: record.id, config, history, state }),
    ];
    if (best) writes.push(tx.objectStore('bestWeights').put({ ...best, id: record.id }));
    if (best === null) writes.push(tx.objectStore('bestWeights').delete(record.id));
    await Promise.all([...writes, tx.done]);
    const run = toSummary(next);
    announce({ type: 'saved', run });
    const channel = new BroadcastChannel(CHECKPOINT_CHANNEL);
    channel.postMessage({ runId: record.id, epoch: record.epoch } satisfies CheckpointNotice);
    channel.close();
    return run;
  }

  /** The run's model as last saved, compiled, with its optimizer state: to train on. */
  async loadModel(run: { id: string; slot: Slot }): Promise<tf.LayersModel> {
    return tf.loadLayersModel(modelUrl(run.id, run.slot));
  }

  /**
   * The run's model as last saved, to predict with: not compiled, and Adam's state (in
   * the same stored artifacts, after the model's weights) never decoded.
   */
  async loadForPrediction(id: string): Promise<tf.LayersModel | undefined> {
    const stored = await this.db.get('summaries', id);
    if (!stored) return undefined;
    const [handler] = tf.io.getLoadHandlers(modelUrl(id, stored.slot));
    if (!handler?.load) throw new Error(`No model storage answers for "${stored.name}".`);
    const { modelTopology, weightSpecs = [], weightData } = await handler.load();
    const modelSpecs = weightSpecs.filter((spec) => spec.group !== 'optimizer');
    // Decoding reads the specs' bytes in order: the model's come first when tfjs saves.
    const first = weightSpecs.slice(0, modelSpecs.length).every((spec) => spec.group !== 'optimizer');
    return tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology, weightSpecs: first ? modelSpecs : weightSpecs, weightData }),
    );
  }

  /** Marks a run stopped by the user; its last checkpoint stays as it is. */
  async markStopped(id: string): Promise<void> {
    const tx = this.db.transaction('summaries', 'readwrite');
    const stored = await tx.store.get(id);
    const next = stored && { ...stored, status: 'stopped' as const, updatedAt: Date.now() };
    if (next) await tx.store.put(next);
    await tx.done;
    if (next) announce({ type: 'saved', run: toSummary(next) });
  }

  async rename(id: string, name: string): Promise<RunSummary> {
    const tx = this.db.transaction('summaries', 'readwrite');
    const stored = await tx.store.get(id);
    if (!stored) throw new Error(`No saved model with id ${id}.`);
    const renamed = { ...stored, name };
    await Promise.all([tx.store.put(renamed), tx.done]);
    const run = toSummary(renamed);
    announce({ type: 'saved', run });
    return run;
  }

  /** The records go first (one transaction); then both slots' models. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite');
    await Promise.all([...ALL_STORES.map((store) => tx.objectStore(store).delete(id)), tx.done]);
    announce({ type: 'changed' });
    for (const slot of ['a', 'b'] as const) {
      await tf.io.removeModel(modelUrl(id, slot)).catch(() => undefined); // a slot may never have been written
    }
  }

  close(): void {
    this.db.close();
  }
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

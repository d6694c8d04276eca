// Saved runs' models for the services that read or add them (evaluation, export, import,
// fine-tuning).
import type * as tf from '@tensorflow/tfjs';
import type { RunSummary } from '../../protocol/runs.js';
import { hasModel } from '../../shared/runs.js';
import type { TrainConfig } from '../../shared/train-config.js';
import type { ResumeState, RunRecord } from '../storage/checkpoints.js';
import { EarlyStopping } from '../training/early-stopping.js';
import { checkpoints } from './trainer-state.js';

/** A saved run's record, or an error naming the id. */
export async function savedRun(runId: string): Promise<RunRecord> {
  const record = await (await checkpoints()).get(runId);
  if (!record) throw new Error(`No saved run with id "${runId}".`);
  return record;
}

/** A saved run's model as last checkpointed (or imported); the caller disposes it. */
export async function savedModel(runId: string): Promise<{ record: RunRecord; saved: tf.LayersModel }> {
  const record = await savedRun(runId);
  if (!hasModel(record)) throw new Error(`"${record.name}" has no checkpoint yet: it never finished an epoch.`);
  return { record, saved: await (await checkpoints()).loadModel(record) };
}

/**
 * Stores a model that did not train here (imported, fine-tuned) as a new saved run; a
 * save that fails half way is removed again.
 */
export async function saveNewRun(
  model: tf.LayersModel,
  run: { name: string; config: TrainConfig; epochs: number; status: RunRecord['status'] },
): Promise<RunSummary> {
  const runs = await checkpoints();
  const id = crypto.randomUUID();
  const now = Date.now();
  try {
    return await runs.save(
      model,
      {
        id,
        name: run.name.slice(0, 80),
        createdAt: now,
        updatedAt: now,
        config: run.config,
        epoch: run.epochs,
        epochs: run.epochs,
        status: run.status,
        history: [],
        state: freshState(run.config),
        bestEpoch: 0,
        bestValAccuracy: null,
      },
      null,
    );
  } catch (error) {
    await runs.delete(id).catch(() => undefined);
    throw error;
  }
}

/** What a run that did not train here resumes from: nothing drawn, no epoch seen. */
function freshState(config: TrainConfig): ResumeState {
  return {
    orderRandom: 0,
    augmentRandom: 0,
    step: 0,
    smoothedLoss: Number.NaN,
    earlyStopping: new EarlyStopping(config).state,
  };
}

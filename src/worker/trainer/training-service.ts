// Training runs: a fresh model or a saved run's last checkpoint, trained on the chosen
// backend with a checkpoint after every epoch, one run at a time in one tab at a time.
import type { TrainEvent, TrainingService, TrainResult } from '../../protocol/training.js';
import { isResumable } from '../../shared/runs.js';
import { announce, runLock } from '../../shared/tab-locks.js';
import { DEFAULT_CONFIG, validateConfig, type BackendChoice, type TrainConfig } from '../../shared/train-config.js';
import { assertCanTrain, startTrainingBackend } from '../backends/backend.js';
import { assertGpuDevice, unlessGpuLost } from '../backends/gpu-device.js';
import { buildModel, summarize } from '../model/model.js';
import { loadWeights, storeWeights } from '../storage/checkpoints.js';
import { WeightSnapshot } from '../training/early-stopping.js';
import { trainModel, type RunStart, type SaveCheckpoint } from '../training/train.js';
import { takeLock } from './locks.js';
import { savedRun } from './saved-models.js';
import { checkpoints, exclusive, mnist, oneTabAtATime, session, useAnyBackend } from './trainer-state.js';

/** Where a run begins (fresh, or a checkpoint), under which name. */
interface Beginning {
  start: RunStart;
  name: string;
  createdAt: number;
}

type OnEvent = (event: TrainEvent) => void;

export class Training implements TrainingService {
  async describeModel() {
    await useAnyBackend();
    const probe = buildModel(0.001);
    try {
      return summarize(probe);
    } finally {
      probe.dispose();
    }
  }

  start(config: TrainConfig, onEvent: OnEvent) {
    return runAlone(config, onEvent, () => {
      const createdAt = Date.now();
      return Promise.resolve({
        start: {
          id: crypto.randomUUID(),
          model: buildModel(config.learningRate, { seed: config.seed }),
          epoch: 0,
          history: [],
        },
        name: `Run of ${new Date(createdAt).toLocaleString('en-GB')}`,
        createdAt,
      });
    });
  }

  async resume(runId: string, onEvent: OnEvent, backend?: BackendChoice) {
    const record = await savedRun(runId);
    if (!isResumable(record)) {
      throw new Error(
        `"${record.name}" has finished (${record.epoch} of ${record.config.epochs} epochs): nothing to resume.`,
      );
    }
    // Settings added since the run was saved take their defaults.
    const saved = { ...DEFAULT_CONFIG, ...record.config };
    const config = backend === undefined ? saved : { ...saved, backend };
    return runAlone(config, onEvent, async () => {
      const runs = await checkpoints();
      const best = await runs.bestWeights(record.id);
      return {
        start: {
          id: record.id,
          model: await runs.loadModel(record),
          epoch: record.epoch,
          history: record.history,
          state: record.state,
          best: best && new WeightSnapshot(best.epoch, loadWeights(best)),
        },
        name: record.name,
        createdAt: record.createdAt,
      };
    });
  }

  trainFurther(runId: string, config: TrainConfig, onEvent: OnEvent) {
    return runAlone(config, onEvent, async () => {
      const record = await savedRun(runId);
      if (record.status !== 'imported') {
        throw new Error(`"${record.name}" was trained here: resume it, or train a new run.`);
      }
      const createdAt = Date.now();
      return {
        // A run of its own: the imported model stays as it came.
        start: { id: crypto.randomUUID(), model: await (await checkpoints()).loadModel(record), epoch: 0, history: [] },
        name: `${record.name}, trained further`.slice(0, 80),
        createdAt,
      };
    });
  }

  stop() {
    session.stopRequested = true;
  }
}

/** Checks the settings, then trains as the worker's one job, in one tab at a time. */
async function runAlone(config: TrainConfig, onEvent: OnEvent, begin: () => Promise<Beginning>): Promise<TrainResult> {
  const errors = Object.values(validateConfig(config));
  if (errors.length > 0) throw new Error(`Invalid training settings: ${errors.join(' ')}`);
  return exclusive('A training run', () =>
    oneTabAtATime(async () => {
      session.stopRequested = false;
      try {
        return await trainFrom(config, onEvent, begin);
      } finally {
        session.activeRunId = undefined;
      }
    }),
  );
}

/** The run itself: backend, model, checkpoints, the training loop. */
async function trainFrom(config: TrainConfig, onEvent: OnEvent, begin: () => Promise<Beginning>): Promise<TrainResult> {
  const data = await mnist();
  const chosen = await startTrainingBackend(config.backend, {
    batchSize: config.batchSize,
    augment: config.augment,
    onProgress: (progress) => onEvent({ type: 'measuring', ...progress }),
  });
  if (chosen.measurement) onEvent({ type: 'measured', measurement: chosen.measurement });
  const backend = chosen.info;
  assertCanTrain(backend.name);
  session.model?.dispose();
  session.model = undefined;
  const runs = await checkpoints();
  const { start, name, createdAt } = await begin();
  session.activeRunId = start.id;
  // Held to the end of the run: no tab deletes it meanwhile, and pages can tell which run trains.
  const release = await takeLock(runLock(start.id), `"${name}" is being deleted in another tab.`);
  try {
    announce({ type: 'training', runId: start.id });
    const save: SaveCheckpoint = async (current, content) => {
      const bestEpoch = content.state.earlyStopping.bestEpoch;
      assertGpuDevice();
      // Read off the backend only in the epochs where the best changed.
      const best = content.best && (await storeWeights(content.best.epoch, content.best.weights));
      return runs.save(
        current,
        {
          id: start.id,
          name,
          createdAt,
          updatedAt: Date.now(),
          config,
          epoch: content.epoch,
          epochs: config.epochs,
          status: content.status,
          history: content.history,
          state: content.state,
          bestEpoch,
          bestValAccuracy: content.history.find((epoch) => epoch.epoch === bestEpoch)?.valAccuracy ?? null,
        },
        best,
        assertGpuDevice,
      );
    };
    const result = await unlessGpuLost(
      trainModel({
        data,
        config,
        backend,
        start,
        save,
        onEvent: (event) => void onEvent(event),
        isStopped: () => {
          assertGpuDevice();
          return session.stopRequested;
        },
      }),
    );
    if (result.result.reason === 'stopped') await runs.markStopped(start.id);
    session.model = result.model; // kept for evaluation
    return result.result;
  } finally {
    release();
  }
}
